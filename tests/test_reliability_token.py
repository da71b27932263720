"""The lab token never appears in a command line another user of the machine can read.

``make lab`` and the browser tests' server (also used by the bench) are started for real; the
command line of every process they start (``/proc/PID/cmdline``, what ``ps`` shows everyone)
must not hold the token, and the server must still ask for it.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"http://127\.0\.0\.1:(\d+)/lab/tree/\S+\?token=(\S+)")

pytestmark = pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs /proc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> list:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        found.append(parent)
        for child in Path("/proc").glob("[0-9]*"):
            try:
                stat = (child / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                todo.append(int(child.name))
    return found


def _cmdlines(pid: int) -> list:
    out = []
    for p in _descendants(pid):
        try:
            out.append(Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            pass
    return out


def _status(port: int, token: str | None) -> int:
    url = f"http://127.0.0.1:{port}/api/status" + (f"?token={token}" if token else "")
    try:
        with urllib.request.urlopen(url, timeout=3) as reply:
            return reply.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _wait(port: int, token: str, proc, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, "the lab server exited"
        try:
            if _status(port, token) == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError("the lab server did not answer")


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed").exists(), reason="needs make install")
def test_make_lab_keeps_the_token_out_of_every_command_line(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "MPLBACKEND")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), BROWSER="true")
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}"], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        token = None
        deadline = time.time() + 120
        while token is None and time.time() < deadline:
            line = proc.stdout.readline()
            match = LINK.search(line)
            if match:
                token = match.group(2)
        assert token, "make lab printed no link"
        _wait(port, token, proc)
        lines = _cmdlines(proc.pid)
        assert any("jupyter" in c and "lab" in c for c in lines), lines
        assert not [c for c in lines if token in c]
        assert _status(port, None) == 403  # still protected by the token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_browser_test_server_keeps_the_token_out_of_its_command_line(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "browser_conftest_for_token_test", ROOT / "tests" / "browser" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.LabServer(tmp_path)
    try:
        lines = _cmdlines(server.process.pid)
        assert lines and not [c for c in lines if server.token in c]
        assert _status(server.port, None) == 403
        assert _status(server.port, server.token) == 200
    finally:
        server.stop()
