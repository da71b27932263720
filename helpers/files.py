"""Saving learners' files safely: whole files or nothing, never a silent overwrite."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write_text(path, text: str, *, overwrite: bool = False, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically and return the resolved path.

    The text goes to a temporary file in the same folder, is flushed to disk, then renamed over
    the target in one step (``os.replace``), so a reader never sees half a file and a failed
    write leaves nothing behind.

    Parameters
    ----------
    path : str or Path
        Where to write. ``~`` is expanded. The folder must exist.
    text : str
        The whole content.
    overwrite : bool
        Replace an existing file only when True.

    Raises
    ------
    FileExistsError
        The file exists and ``overwrite`` is False.
    FileNotFoundError
        The folder does not exist.
    PermissionError
        The folder cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write_text(folder / "plan.md", "# Plan\\n").read_text()
    '# Plan\\n'
    >>> atomic_write_text(folder / "plan.md", "again")
    Traceback (most recent call last):
    ...
    FileExistsError: plan.md already exists; tick 'overwrite' or choose another name
    """
    target = Path(os.path.expanduser(str(path)))
    if str(path).strip() == "":
        raise ValueError("path must not be empty; type a file name such as plan.md")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"folder {folder} does not exist; create it or choose another")
    if target.is_dir():
        raise IsADirectoryError(f"{target.name} is a folder; add a file name such as plan.md")
    if target.exists() and not overwrite:
        raise FileExistsError(
            f"{target.name} already exists; tick 'overwrite' or choose another name"
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        # mkstemp makes the file private (0600); give it the usual mode for a new file
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite:
            # link fails if the target appeared meanwhile: no silent overwrite even in a race
            try:
                os.link(tmp_name, target)
            except FileExistsError:
                raise FileExistsError(
                    f"{target.name} already exists; tick 'overwrite' or choose another name"
                ) from None
            except OSError:
                if target.exists():
                    raise
                os.replace(tmp_name, target)
        else:
            os.replace(tmp_name, target)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return target.resolve()
