"""Atomic, never-silent saving of learners' files."""

import os

import pytest

from helpers.files import atomic_write_text


def test_writes_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "plan.md"
    atomic_write_text(target, "one")
    with pytest.raises(FileExistsError, match="plan.md already exists"):
        atomic_write_text(target, "two")
    assert target.read_text() == "one"
    atomic_write_text(target, "two", overwrite=True)
    assert target.read_text() == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def boom(fd):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        atomic_write_text(tmp_path / "plan.md", "text")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_and_directory_target_are_clear(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        atomic_write_text(tmp_path / "no" / "plan.md", "x")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        atomic_write_text(tmp_path, "x")
    with pytest.raises(ValueError, match="must not be empty"):
        atomic_write_text("  ", "x")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_is_a_permission_error(tmp_path):
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(PermissionError):
            atomic_write_text(tmp_path / "plan.md", "x")
    finally:
        tmp_path.chmod(0o700)


def test_saved_file_has_the_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "plan.md", "x")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
