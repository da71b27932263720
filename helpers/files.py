"""Saving learners' files safely: whole files or nothing, never a silent overwrite."""

from __future__ import annotations

import errno
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
        with os.fdopen(fd, "w", encoding=encoding, newline="") as handle:
            fd = -1  # the handle owns it now
            # mkstemp makes the file private (0600); give it the usual mode for a new file
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if not overwrite:
            # link fails if the target appeared meanwhile: no silent overwrite even in a race
            try:
                os.link(tmp_name, target)
            except FileExistsError:
                raise FileExistsError(
                    errno.EEXIST,
                    f"{target.name} already exists; tick 'overwrite' or choose another name",
                    str(target),
                ) from None
            except OSError as exc:
                # a file system without hard links: rename instead, unless the target appeared
                if target.exists() or exc.errno not in (None, errno.EPERM, errno.EOPNOTSUPP,
                                                        errno.EMLINK, errno.EXDEV, errno.ENOSYS):
                    raise
                os.replace(tmp_name, target)
        else:
            os.replace(tmp_name, target)
    finally:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
    return target.resolve()


# --------------------------------------------------------------------------- save errors
def _blocking_part(target: Path):
    """The first part of ``target``'s folder path that exists but is not a folder, or None."""
    for parent in reversed(target.parents):
        if str(parent) in ("", "."):
            continue
        if parent.exists() and not parent.is_dir():
            return parent
        if not parent.exists():
            return None
    return None


def describe_save_error(exc: BaseException, path, *, example: str = "notes.md",
                        action: str = "Not saved", replace_hint: str | None = None) -> str:
    """One message for a learner from a failed save: what went wrong with the file they chose,
    and what to do. Never a raw ``[Errno ...]`` text or the name of a temporary file.

    Parameters
    ----------
    exc : exception
        What the save raised (an ``OSError`` of any errno, or a learner-facing ``ValueError``).
    path : str or Path
        The file name as the learner typed it; the message names it as typed.
    example : str
        A file name to suggest.
    action : str
        How the message starts (``"Not saved"``, ``"Not added"``).
    replace_hint : str, optional
        What to do when the file exists (default: choose another name).

    Examples
    --------
    >>> describe_save_error(OSError(28, "No space left on device"), "plan.md")
    'Not saved: the disk is full, so plan.md was not written. Free some space or choose a folder on another disk, then save again.'
    >>> describe_save_error(PermissionError(13, "Permission denied", "/x/.plan.md.a1.tmp"), "plan.md")
    'Not saved: you do not have permission to write plan.md there. Choose a folder you can write to, or type just a file name such as notes.md.'
    """
    shown = str(path).strip() or "(empty)"
    if isinstance(exc, ValueError):
        text = str(exc).rstrip(".")
        return f"{action}: {text}."
    if not isinstance(exc, OSError):
        return f"{action}: {exc}."
    code = exc.errno
    target = Path(os.path.expanduser(str(path).strip() or "."))
    if not os.path.isabs(target):
        target = Path.cwd() / target
    blocking = _blocking_part(target)
    if code is None:  # OSError built with a message only: classify by type
        code = {FileExistsError: errno.EEXIST, FileNotFoundError: errno.ENOENT,
                IsADirectoryError: errno.EISDIR, NotADirectoryError: errno.ENOTDIR,
                PermissionError: errno.EACCES}.get(type(exc))
    if blocking is not None and code in (errno.EEXIST, errno.ENOTDIR, errno.ENOENT, None):
        return (f"{action}: {blocking.name} in the path of {shown} is a file, not a folder. "
                f"Choose another folder, or type just a file name such as {example}.")
    if code == errno.EEXIST:
        hint = replace_hint or "Type another name"
        return f"{action}: a file called {shown} already exists. {hint}."
    if code == errno.EISDIR:
        return f"{action}: {shown} is a folder. Add a file name such as {example}."
    if code == errno.ENOTDIR:
        return (f"{action}: part of the path of {shown} is a file, not a folder. Choose another "
                f"folder, or type just a file name such as {example}.")
    if code == errno.ENOENT:
        if os.path.islink(target) and not target.exists():
            return (f"{action}: {shown} is a link to a file that no longer exists. Delete the "
                    f"link or type another name, such as {example}.")
        return (f"{action}: the folder for {shown} does not exist. Create the folder first, "
                f"or type just a file name such as {example} to save next to this notebook.")
    if code in (errno.EACCES, errno.EPERM):
        return (f"{action}: you do not have permission to write {shown} there. Choose a folder "
                f"you can write to, or type just a file name such as {example}.")
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return (f"{action}: the disk is full, so {shown} was not written. Free some space or "
                "choose a folder on another disk, then save again.")
    if code == errno.EROFS:
        return (f"{action}: the disk that holds {shown} is read-only. Choose a folder on another "
                "disk, such as your home folder.")
    if code == errno.ENAMETOOLONG:
        return f"{action}: the name {shown} is too long. Choose a shorter name, such as {example}."
    if code == errno.ELOOP:
        return (f"{action}: {shown} is a link that leads back to itself. Delete the link or type "
                f"another name, such as {example}.")
    if code in (errno.EBUSY, getattr(errno, "ETXTBSY", -1), errno.EAGAIN):
        return (f"{action}: {shown} is in use by another program. Close that program, or wait a "
                "moment, and save again.")
    if code in (errno.EMFILE, errno.ENFILE):
        return (f"{action}: too many files are open to write {shown}. Close some programs and "
                "save again.")
    if code == errno.EINVAL:
        return (f"{action}: this disk does not accept the name {shown}. Use only letters, digits, "
                f"- and _ in the name, such as {example}.")
    if code in (errno.EIO, getattr(errno, "EREMOTEIO", -1), getattr(errno, "ESTALE", -1)):
        return (f"{action}: the disk reported an error while writing {shown}. Save again, or "
                "choose a folder on another disk.")
    reason = (exc.strerror or type(exc).__name__).rstrip(".").lower()
    return (f"{action}: the computer refused to write {shown} ({reason}). Choose another folder "
            f"or file name, such as {example}, and save again.")
