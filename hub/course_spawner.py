"""The classroom spawner: JupyterHub's local-process spawner plus what a shared machine needs.

For each student, before the server starts:

- the home folder is made private (mode 0700): students never read each other's files;
- the lessons are copied into ``~/lessons`` by a process running as the student (so a link the
  student made cannot send root's writes elsewhere); files already there are kept, so a student's
  work is never overwritten and a lesson added later still arrives. The staged copy never holds
  the teacher's guide (see ``hub/stage_lessons.py``);
- a private runtime folder ``/run/plantar-course/<name>`` (mode 0700) holds the kernels'
  connection files and IPC sockets (kernels talk over local sockets, not TCP ports: kernels
  started together cannot race for a port);
- memory and CPU limits are enforced with a control group (cgroup v2, or v1's ``memory`` and
  ``cpu`` controllers) that the server and every kernel it starts belong to. Where control
  groups cannot be written, the hub logs that the limits are not enforced.

When the server stops, every process left in the student's group (a kernel that outlived its
server) is ended, and the group removed.
"""

from __future__ import annotations

import os
import pwd
import signal
import subprocess
import sys
import time
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

CGROUP_FS = Path("/sys/fs/cgroup")

# run as the student: copy every staged file that is not in the home yet; never follow a link
COPY_AS_STUDENT = r"""
import os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
if os.path.islink(dst):
    sys.exit(f"{dst} is a link; not copying the lessons")
for here, dirs, files in os.walk(src):
    rel = os.path.relpath(here, src)
    target = os.path.normpath(os.path.join(dst, rel))
    if os.path.islink(target):
        dirs[:] = []
        continue
    os.makedirs(target, exist_ok=True)
    for name in files:
        out = os.path.join(target, name)
        if not os.path.lexists(out):
            shutil.copyfile(os.path.join(here, name), out)
"""


def _write(path: Path, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


class CourseSpawner(LocalProcessSpawner):
    _groups: list = []

    lessons_dir = Unicode(
        "", help="Staged lessons (no teacher's guide) copied into each home; empty: none."
    ).tag(config=True)
    lessons_name = Unicode("lessons", help="Folder in each home that receives the lessons.").tag(
        config=True
    )
    runtime_root = Unicode(
        "/run/plantar-course", help="Parent of each student's private runtime folder."
    ).tag(config=True)
    cgroup_name = Unicode(
        "plantar-course", help="Control group under which each student's group is made."
    ).tag(config=True)

    # ---- paths ---------------------------------------------------------------------------
    def _pw(self):
        return pwd.getpwnam(self.user.name)

    def runtime_dir(self) -> Path:
        return Path(self.runtime_root) / self.user.name

    def cgroup_dirs(self) -> list[Path]:
        if (CGROUP_FS / "cgroup.controllers").exists():  # v2: one tree
            return [CGROUP_FS / self.cgroup_name / self.user.name]
        return [CGROUP_FS / ctrl / self.cgroup_name / self.user.name for ctrl in ("memory", "cpu")]

    # ---- set-up before the server starts ---------------------------------------------------
    def _private_home(self, pw) -> None:
        home = Path(pw.pw_dir)
        info = os.lstat(home)
        if not os.path.isdir(home) or os.path.islink(home) or info.st_uid != pw.pw_uid:
            raise RuntimeError(f"{home} is not a folder owned by {self.user.name}")
        os.chmod(home, 0o700)

    def _runtime(self, pw) -> Path:
        root = Path(self.runtime_root)
        root.mkdir(mode=0o755, parents=True, exist_ok=True)
        folder = self.runtime_dir()
        if os.path.islink(folder):
            folder.unlink()
        folder.mkdir(mode=0o700, exist_ok=True)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        os.chmod(folder, 0o700)
        return folder

    def _copy_lessons(self, pw) -> None:
        if not self.lessons_dir:
            return
        dst = os.path.join(pw.pw_dir, self.lessons_name)
        run = subprocess.run(
            [sys.executable, "-I", "-c", COPY_AS_STUDENT, self.lessons_dir, dst],
            preexec_fn=self.make_preexec_fn(self.user.name, with_cgroup=False),
            capture_output=True, text=True, timeout=60, env={"HOME": pw.pw_dir, "PATH": "/usr/bin:/bin"},
        )
        if run.returncode != 0:
            self.log.warning("copying the lessons for %s failed: %s", self.user.name, run.stderr.strip())

    def _cgroups(self) -> list[Path]:
        """Make the student's control group(s) with the limits; [] where that is not possible."""
        mem = int(self.mem_limit or 0)
        cpu = float(self.cpu_limit or 0)
        if not (mem or cpu):
            return []
        dirs = self.cgroup_dirs()
        try:
            if (CGROUP_FS / "cgroup.controllers").exists():
                parent = dirs[0].parent
                for above in (CGROUP_FS, parent):
                    above.mkdir(exist_ok=True)
                    _write(above / "cgroup.subtree_control", "+memory +cpu")
                dirs[0].mkdir(exist_ok=True)
                if mem:
                    _write(dirs[0] / "memory.max", str(mem))
                    try:  # absent where swap is not accounted
                        _write(dirs[0] / "memory.swap.max", "0")
                    except OSError:
                        pass
                if cpu:
                    _write(dirs[0] / "cpu.max", f"{int(cpu * 100_000)} 100000")
            else:
                memory, cpu_dir = dirs
                memory.mkdir(parents=True, exist_ok=True)
                cpu_dir.mkdir(parents=True, exist_ok=True)
                if mem:
                    _write(memory / "memory.limit_in_bytes", str(mem))
                if cpu:
                    _write(cpu_dir / "cpu.cfs_period_us", "100000")
                    _write(cpu_dir / "cpu.cfs_quota_us", str(int(cpu * 100_000)))
        except OSError as exc:
            self.log.warning(
                "memory and CPU limits for %s are NOT enforced: control groups cannot be written "
                "here (%s)", self.user.name, exc)
            return []
        return dirs

    def make_preexec_fn(self, name, with_cgroup=True):
        drop = super().make_preexec_fn(name)
        procs = [str(d / "cgroup.procs") for d in getattr(self, "_groups", [])] if with_cgroup else []

        def preexec():
            for path in procs:  # join the group as root, before giving up root
                with open(path, "w") as handle:
                    handle.write(str(os.getpid()))
            drop()

        return preexec

    def get_env(self):
        env = super().get_env()
        env["JUPYTER_RUNTIME_DIR"] = str(self.runtime_dir())
        # the lessons' small matrices gain nothing from threads; on a shared machine threads
        # only compete
        env.setdefault("OPENBLAS_NUM_THREADS", "1")
        env.setdefault("OMP_NUM_THREADS", "1")
        return env

    async def start(self):
        pw = self._pw()
        self._private_home(pw)
        self._runtime(pw)
        self._copy_lessons(pw)
        self._groups = self._cgroups()
        return await super().start()

    # ---- clean-up --------------------------------------------------------------------------
    def _left_over(self) -> set[int]:
        """Processes still in the student's control group; without one, the student's own
        processes (student accounts run nothing but their server and its kernels)."""
        pids, grouped = set(), False
        for group in self.cgroup_dirs():
            try:
                pids |= {int(p) for p in (group / "cgroup.procs").read_text().split()}
                grouped = True
            except OSError:
                pass
        if not grouped:
            uid = self._pw().pw_uid
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        if entry.stat().st_uid == uid:
                            pids.add(int(entry.name))
                    except OSError:
                        pass
        return pids

    async def stop(self, now=False):
        await super().stop(now=now)
        for _ in range(20):  # bounded: about 2 s
            pids = self._left_over()
            if not pids:
                break
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.1)
        for group in self.cgroup_dirs():
            try:
                group.rmdir()
            except OSError:
                pass
