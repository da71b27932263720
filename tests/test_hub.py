"""The classroom hub: two students log in, each runs a lesson, and neither can read the other.

Needs root on Linux and the class environment (``sudo make hub-env``; ``.ci/run`` makes it).
Without them the test is skipped with a message, except under ``CI=true``, where it fails.
Makes two temporary accounts and removes them, their processes and their files afterwards.
Writes what it measured (spawn times, memory per student) to build/hub-test.json.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from support import load_script

ROOT = Path(__file__).resolve().parent.parent
PREFIX = Path(os.environ.get("HUB_PREFIX", "/opt/plantar-course"))
LESSON = "00-start-here.ipynb"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"


def _why_not() -> str:
    if not sys.platform.startswith("linux"):
        return "the classroom hub runs on Linux"
    if os.geteuid() != 0:
        return "the hub test makes system accounts: run it as root"
    if not (PREFIX / ".installed").exists() or not (PREFIX / "bin" / "jupyterhub").exists():
        return f"no class environment at {PREFIX}: run sudo make hub-env first"
    return ""


def _require():
    why = _why_not()
    if why:
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)


def _kill_all(uid: int, client) -> None:
    for _ in range(30):
        pids = client.processes_of(uid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
        time.sleep(0.1)


def test_two_students_share_the_hub_and_cannot_read_each_other():
    _require()
    client = load_script(ROOT / "hub" / "client.py")
    students_py = ROOT / "hub" / "students.py"
    sizing = load_script(ROOT / "hub" / "sizing.py").limits()
    tag = f"{os.getpid() % 100000:05d}"
    names = [f"hubtest{tag}a", f"hubtest{tag}b"]
    work = Path(tempfile.mkdtemp(prefix="plantar-hubtest-", dir="/tmp"))
    os.chmod(work, 0o755)  # the staged lessons must be readable by the students
    state = work / "state"
    state.mkdir(mode=0o700)
    (work / "class.txt").write_text("\n".join(names) + "\n")
    passwords = state / "passwords.csv"
    python = str(PREFIX / "bin" / "python")
    subprocess.run([python, str(ROOT / "hub" / "stage_lessons.py"), str(work / "lessons")], check=True)
    hub, uids = None, []
    report = {"students": 2}
    try:
        subprocess.run([python, str(students_py), "add", str(work / "class.txt"), "--passwords",
                        str(passwords)], check=True, capture_output=True, text=True)
        secrets = dict(line.split(",") for line in passwords.read_text().splitlines()[1:])
        homes = {n: Path(pwd.getpwnam(n).pw_dir) for n in names}
        uids = [pwd.getpwnam(n).pw_uid for n in names]

        t0 = time.monotonic()
        hub = client.Hub(PREFIX, state, work / "lessons", work / "hub.log")
        report["hub_ready_s"] = round(hub.wait_ready(), 1)
        students = [client.Student(hub.url, n, secrets[n]) for n in names]
        for s in students:
            s.login()

        spawn, errors = {}, []

        def start(s):
            try:
                spawn[s.name] = round(s.start_server(), 1)
            except Exception as exc:  # reported below
                errors.append(f"{s.name}: {exc}")

        threads = [threading.Thread(target=start, args=(s,)) for s in students]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not errors, errors + [hub.log.read_text()[-3000:]]
        report["spawn_s"] = spawn

        # the lessons arrived without the teacher's guide, in private homes
        for s in students:
            home = homes[s.name]
            assert os.stat(home).st_mode & 0o777 == 0o700
            listing = s.api("GET", "api/contents/lessons").json()
            names_there = {item["name"] for item in listing["content"]}
            assert LESSON in names_there and "01-causes.ipynb" in names_there
            assert "teacher-guide" not in names_there
            assert not (home / "lessons" / "teacher-guide").exists()
            assert (home / "lessons" / LESSON).stat().st_uid == pwd.getpwnam(s.name).pw_uid
            # the course's JupyterLab settings are in force (overrides become the defaults)
            r = s.api("GET", f"lab/api/settings/{NOTIFICATION}")
            assert r.status_code == 200, r.text[:300]
            defaults = {k: v.get("default") for k, v in r.json()["schema"]["properties"].items()}
            assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False

        # each runs one lesson, both at once
        cells = client.code_cells(ROOT / "notebooks" / LESSON)
        kernels, runs = {}, {}

        def run(s):
            try:
                k = kernels[s.name] = s.open_notebook(f"lessons/{LESSON}")
                t = time.monotonic()
                runs[s.name] = (k.run_notebook(cells, timeout_s=180), time.monotonic() - t)
            except Exception as exc:
                errors.append(f"{s.name}: {type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=run, args=(s,)) for s in students]
        for t in threads:
            t.start()
        for t in threads:
            t.join(240)
        assert not errors, errors
        for name, (results, _) in runs.items():
            bad = [r for r in results if r["status"] != "ok"]
            assert not bad and len(results) == len(cells), f"{name}: {bad[:1]}"
        report["lesson_run_s"] = {n: round(t, 1) for n, (_, t) in runs.items()}
        report["memory_mib"] = {n: round(client.rss_mib_of(pwd.getpwnam(n).pw_uid)) for n in names}

        a, b = students
        ka = kernels[a.name]
        # neither can read the other's home, from the kernel the lesson runs in
        for reader, other in ((a, b), (b, a)):
            probe = kernels[reader.name].execute(f"import os; os.listdir({str(homes[other.name])!r})")
            assert probe["status"] == "error" and probe["ename"] == "PermissionError", probe
            probe = kernels[reader.name].execute(
                f"open({str(homes[other.name] / 'lessons' / LESSON)!r}).read()")
            assert probe["status"] == "error" and probe["ename"] == "PermissionError", probe

        # kernels talk over local sockets in the student's private runtime folder
        probe = ka.execute("from ipykernel.connect import get_connection_info as g; "
                           "i = g(unpack=True); print(i['transport'], i['ip'])")
        transport, where = probe["stdout"].split()
        assert transport == "ipc" and where.startswith(f"/run/plantar-course/{a.name}/"), probe
        assert os.stat(f"/run/plantar-course/{a.name}").st_mode & 0o777 == 0o700

        # limits: the kernel is in the student's control group with the computed memory limit
        pid = int(ka.execute("import os; print(os.getpid())")["stdout"])
        groups = Path(f"/proc/{pid}/cgroup").read_text()
        report["limits_enforced"] = f"plantar-course/{a.name}" in groups
        if report["limits_enforced"]:
            v1 = Path(f"/sys/fs/cgroup/memory/plantar-course/{a.name}/memory.limit_in_bytes")
            v2 = Path(f"/sys/fs/cgroup/plantar-course/{a.name}/memory.max")
            limit = int((v1 if v1.exists() else v2).read_text())
            assert limit == sizing["mem_limit_mib"] * 2**20
        elif os.access("/sys/fs/cgroup/memory", os.W_OK) or Path("/sys/fs/cgroup/cgroup.controllers").exists():
            pytest.fail(f"control groups are writable but the kernel is not in one:\n{groups}")

        assert "idle-culler" in hub.log.read_text()
        for k in kernels.values():
            k.close()
        t_stop = time.monotonic()
        for s in students:
            s.stop_server()
        report["stop_s"] = round(time.monotonic() - t_stop, 1)
        report["total_s"] = round(time.monotonic() - t0, 1)
    finally:
        if hub is not None:
            hub.stop()
        for n in names:
            try:
                uid = pwd.getpwnam(n).pw_uid
            except KeyError:
                continue
            _kill_all(uid, client)
        subprocess.run([python, str(students_py), "remove", str(work / "class.txt")],
                       capture_output=True, text=True)
        for n in names:
            shutil.rmtree(f"/run/plantar-course/{n}", ignore_errors=True)
            for group in (f"/sys/fs/cgroup/memory/plantar-course/{n}", f"/sys/fs/cgroup/cpu/plantar-course/{n}",
                          f"/sys/fs/cgroup/plantar-course/{n}"):
                try:
                    os.rmdir(group)
                except OSError:
                    pass
        shutil.rmtree(work, ignore_errors=True)
    # cleaned up: no account, no process, no home left
    for n in names:
        with pytest.raises(KeyError):
            pwd.getpwnam(n)
        assert not Path(f"/home/{n}").exists()
    assert hub.proc.returncode is not None
    assert not any(client.processes_of(uid) for uid in uids)
    out = ROOT / "build" / "hub-test.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
