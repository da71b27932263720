"""A student's side of the hub, for the hub test and the load test: log in, start the server,
open a lesson in a kernel and run its cells over the kernel's websocket, as the browser does.

Talks only to 127.0.0.1. Every wait is bounded in time.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import websocket

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def free_port_block(size: int = 3) -> int:
    """A port P with P .. P+size-1 all free on 127.0.0.1."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + size > 65535:
            continue
        ok = True
        for port in range(base, base + size):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free block of ports on 127.0.0.1")


class Hub:
    """The hub started from hub/jupyterhub_config.py in a process group of its own."""

    def __init__(self, prefix: Path, state: Path, lessons: Path, log: Path, extra_env=None):
        self.port = free_port_block(3)
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, HUB_PREFIX=str(prefix), HUB_STATE=str(state), HUB_IP="127.0.0.1",
                   HUB_PORT=str(self.port), HUB_LESSONS=str(lessons), **(extra_env or {}))
        self.log = log
        self._log_handle = open(log, "w")
        self.proc = subprocess.Popen(
            [str(prefix / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py")],
            cwd=state, env=env, stdout=self._log_handle, stderr=subprocess.STDOUT,
            start_new_session=True)

    def wait_ready(self, timeout_s: float = 90) -> float:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout_s:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited ({self.proc.returncode}):\n{self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).status_code == 200:
                    return time.monotonic() - t0
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise TimeoutError(f"the hub did not answer in {timeout_s} s:\n{self.log.read_text()[-3000:]}")

    def stop(self, timeout_s: float = 40) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._log_handle.close()


@dataclass
class Student:
    hub_url: str
    name: str
    password: str
    session: requests.Session = field(default_factory=requests.Session)
    token: str = ""

    def login(self) -> None:
        s = self.session
        s.get(f"{self.hub_url}/hub/login", timeout=30)
        xsrf = s.cookies.get("_xsrf", "")
        r = s.post(f"{self.hub_url}/hub/login?next=", data={
            "username": self.name, "password": self.password, "_xsrf": xsrf},
            allow_redirects=False, timeout=60)
        if r.status_code != 302:
            raise RuntimeError(f"{self.name}: login refused ({r.status_code})")
        r = s.post(f"{self.hub_url}/hub/api/users/{self.name}/tokens",
                   headers={"X-XSRFToken": s.cookies.get("_xsrf", xsrf)},
                   json={"note": "course test", "expires_in": 3600}, timeout=30)
        r.raise_for_status()
        self.token = r.json()["token"]
        s.headers["Authorization"] = f"token {self.token}"

    def start_server(self, timeout_s: float = 240) -> float:
        """Ask for the server and wait until it answers; seconds taken."""
        t0 = time.monotonic()
        r = self.session.post(f"{self.hub_url}/hub/api/users/{self.name}/server", timeout=60)
        if r.status_code not in (201, 202, 400):
            raise RuntimeError(f"{self.name}: spawn refused ({r.status_code}: {r.text[:200]})")
        while time.monotonic() - t0 < timeout_s:
            info = self.session.get(f"{self.hub_url}/hub/api/users/{self.name}", timeout=30).json()
            server = (info.get("servers") or {}).get("", {})
            if server.get("ready"):
                return time.monotonic() - t0
            if not info.get("pending") and not server:
                raise RuntimeError(f"{self.name}: the server failed to start")
            time.sleep(0.3)
        raise TimeoutError(f"{self.name}: server not ready in {timeout_s} s")

    def stop_server(self) -> None:
        try:
            self.session.delete(f"{self.hub_url}/hub/api/users/{self.name}/server", timeout=60)
        except requests.RequestException:
            pass

    def api(self, method: str, path: str, **kw):
        return self.session.request(method, f"{self.hub_url}/user/{self.name}/{path}", timeout=60, **kw)

    def open_notebook(self, path: str) -> Kernel:
        r = self.api("POST", "api/sessions", json={
            "path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        r.raise_for_status()
        kernel_id = r.json()["kernel"]["id"]
        ws_url = self.hub_url.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{kernel_id}/channels"
        return Kernel(websocket.create_connection(ws_url, header=[f"Authorization: token {self.token}"],
                                                  timeout=120), kernel_id)


class Kernel:
    """A kernel reached over the server's websocket (the JSON protocol of the browser)."""

    def __init__(self, ws, kernel_id: str):
        self.ws, self.id, self.session = ws, kernel_id, uuid.uuid4().hex
        self.comms: dict[str, dict] = {}  # comm id -> state at open (widget models)
        self.on_message = None  # callback for messages not awaited (the load test's front end)

    def message(self, msg_type: str, content: dict, channel: str = "shell") -> dict:
        return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "student",
                           "session": self.session, "date": "", "version": "5.3"},
                "parent_header": {}, "metadata": {}, "content": content, "channel": channel,
                "buffers": []}

    def send(self, msg: dict) -> None:
        self.ws.send(json.dumps(msg))

    def receive(self, timeout_s: float) -> dict | None:
        self.ws.settimeout(timeout_s)
        try:
            raw = self.ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if isinstance(raw, bytes):
            # a message with buffers (ipympl's images): a count, offsets, the JSON, the buffers
            count = struct.unpack("!I", raw[:4])[0]
            offsets = list(struct.unpack(f"!{count}I", raw[4:4 + 4 * count])) + [len(raw)]
            msg = json.loads(raw[offsets[0]:offsets[1]])
            msg["buffers"] = [raw[offsets[i]:offsets[i + 1]] for i in range(1, count)]
        else:
            msg = json.loads(raw)
        if msg.get("header", {}).get("msg_type") == "comm_open":
            content = msg["content"]
            self.comms[content["comm_id"]] = content.get("data", {}).get("state", {})
        return msg

    def execute(self, code: str, timeout_s: float = 120) -> dict:
        """Run code; returns {'status', 'ename', 'stdout'} once the kernel replied and went idle."""
        msg = self.message("execute_request", {
            "code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True})
        self.send(msg)
        msg_id, reply, idle, out = msg["header"]["msg_id"], None, False, []
        t0 = time.monotonic()
        while not (reply and idle):
            left = timeout_s - (time.monotonic() - t0)
            if left <= 0:
                raise TimeoutError(f"cell did not finish in {timeout_s} s: {code[:80]!r}")
            got = self.receive(left)
            if got is None:
                continue
            parent = got.get("parent_header", {}).get("msg_id")
            kind = got.get("header", {}).get("msg_type")
            if parent != msg_id:
                if self.on_message:
                    self.on_message(self, got)
                continue
            if kind == "execute_reply":
                reply = got["content"]
            elif kind == "status" and got["content"].get("execution_state") == "idle":
                idle = True
            elif kind == "stream":
                out.append(got["content"].get("text", ""))
            elif self.on_message:
                self.on_message(self, got)
        return {"status": reply.get("status"), "ename": reply.get("ename", ""),
                "evalue": reply.get("evalue", ""), "stdout": "".join(out)}

    def run_notebook(self, cells: list[str], timeout_s: float = 300) -> list[dict]:
        t0 = time.monotonic()
        results = []
        for code in cells:
            left = timeout_s - (time.monotonic() - t0)
            result = self.execute(code, timeout_s=max(1.0, left))
            results.append(result)
            if result["status"] != "ok":
                break
        return results

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:
            pass


def code_cells(notebook: Path) -> list[str]:
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"] if c["cell_type"] == "code"]


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def rss_mib_of(uid: int) -> float:
    """Resident memory of a user's processes (server and kernels), MiB (shared pages counted
    once per process: an upper bound)."""
    total = 0
    for pid in processes_of(uid):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024
