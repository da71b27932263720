"""Student accounts for the classroom hub, made from a class list.

    sudo python hub/students.py add CLASS_LIST [--passwords FILE]
    sudo python hub/students.py remove CLASS_LIST
    python hub/students.py check CLASS_LIST

A class list is a text file with one user name per line (lower-case letters, digits, ``-`` and
``_``, starting with a letter; blank lines and lines starting with ``#`` are skipped), or a CSV
file whose header has a ``username`` column. ``add`` makes a system account for each new name:
a private home (mode 0700), no login shell (the account serves the hub only), membership of the
group ``plantar-students`` (the hub lets in that group only) and a new password, written once to
the passwords file (mode 0600; default ``/var/lib/plantar-course-hub/passwords.csv``) for the
teacher to hand out. Names that already have an account in the group are left as they are; a
name that belongs to any other account is refused. ``remove`` deletes the accounts of the list
that are in the group, and their homes.
"""

from __future__ import annotations

import argparse
import csv
import grp
import os
import pwd
import re
import secrets
import subprocess
import sys
from pathlib import Path

GROUP = "plantar-students"
NAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")
DEFAULT_PASSWORDS = Path(os.environ.get("HUB_STATE", "/var/lib/plantar-course-hub")) / "passwords.csv"
CONSONANTS = "bdfghjkmnprstvz"
VOWELS = "aeiou"


def read_class_list(path) -> list[str]:
    """User names from a class list, in order, each once; ValueError names the bad line."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"class list {path}: file not found")
    lines = path.read_text(encoding="utf-8").splitlines()
    names: list[str] = []
    first = lines[0] if lines else ""
    if "," in first and "username" in [c.strip().lower() for c in first.split(",")]:
        rows = csv.DictReader(lines)
        pairs = [(n + 2, {k.strip().lower(): (v or "") for k, v in row.items() if k})
                 for n, row in enumerate(rows)]
        items = [(n, row.get("username", "").strip()) for n, row in pairs]
    else:
        items = [(n + 1, line.strip()) for n, line in enumerate(lines)]
    for number, name in items:
        if not name or name.startswith("#"):
            continue
        if not NAME.match(name):
            raise ValueError(
                f"class list {path.name}, line {number}: {name!r} is not a user name (use lower-case "
                "letters, digits, - and _, starting with a letter, at most 31 characters)")
        if name not in names:
            names.append(name)
    if not names:
        raise ValueError(f"class list {path.name}: no user names in it")
    return names


def new_password(syllables: int = 6) -> str:
    """Easy to read out and type: consonant-vowel syllables in groups of two (about 39 bits)."""
    parts = [secrets.choice(CONSONANTS) + secrets.choice(VOWELS) for _ in range(syllables)]
    return "-".join("".join(parts[i:i + 2]) for i in range(0, syllables, 2))


def _in_group(name: str) -> bool:
    try:
        group = grp.getgrnam(GROUP)
        user = pwd.getpwnam(name)
    except KeyError:
        return False
    return user.pw_gid == group.gr_gid or name in group.gr_mem


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def _nologin() -> str:
    for shell in ("/usr/sbin/nologin", "/sbin/nologin", "/bin/false"):
        if os.path.exists(shell):
            return shell
    return "/bin/false"


def add(names: list[str], passwords: Path) -> dict[str, str]:
    """Make the accounts that do not exist yet; return {name: password} for those."""
    taken = [n for n in names if _exists(n) and not _in_group(n)]
    if taken:
        raise ValueError(f"these names belong to existing accounts outside {GROUP}: {', '.join(taken)}")
    try:
        grp.getgrnam(GROUP)
    except KeyError:
        subprocess.run(["groupadd", "--system", GROUP], check=True)
    made: dict[str, str] = {}
    for name in names:
        if _exists(name):
            continue
        subprocess.run(["useradd", "--create-home", "--shell", _nologin(), "--gid", GROUP,
                        "-K", "HOME_MODE=0700", "--comment", "course student", name], check=True)
        os.chmod(pwd.getpwnam(name).pw_dir, 0o700)
        made[name] = new_password()
        subprocess.run(["chpasswd"], input=f"{name}:{made[name]}\n", text=True, check=True)
    if made:
        passwords.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        new = not passwords.exists()
        fd = os.open(passwords, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            if new:
                writer.writerow(["username", "password"])
            writer.writerows(made.items())
        os.chmod(passwords, 0o600)
    return made


def remove(names: list[str]) -> list[str]:
    """Delete the accounts of the list that are in the students' group, with their homes."""
    gone = []
    for name in names:
        if _in_group(name):
            subprocess.run(["userdel", "--remove", name], check=True, capture_output=True)
            gone.append(name)
    return gone


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["add", "remove", "check"])
    parser.add_argument("class_list")
    parser.add_argument("--passwords", type=Path, default=DEFAULT_PASSWORDS)
    args = parser.parse_args(argv)
    try:
        names = read_class_list(args.class_list)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.action == "check":
        print(f"{len(names)} students: {', '.join(names)}")
        return 0
    if os.geteuid() != 0:
        print("making or removing accounts needs root: run with sudo", file=sys.stderr)
        return 2
    try:
        if args.action == "add":
            made = add(names, args.passwords)
            print(f"{len(made)} new accounts ({len(names) - len(made)} already there); "
                  f"their passwords are in {args.passwords} (readable by root only)")
        else:
            gone = remove(names)
            print(f"removed {len(gone)} accounts and their homes")
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
