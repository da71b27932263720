"""Binder configuration (binder/): what it installs, and its post-build step run for real in a
clean virtual environment (the part of a Binder build that can run without Docker)."""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import tomllib

from support import load_script

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
LAB = load_script(ROOT / "tools" / "lab_settings.py")
START_URL = "/lab/tree/notebooks/00-start-here.ipynb"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _requirements():
    lines = [line.strip() for line in (BINDER / "requirements.txt").read_text().splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def test_binder_requirements_name_every_lesson_dependency_and_follow_the_constraints():
    lines = _requirements()
    assert "-c ../constraints.txt" in lines, "binder/requirements.txt must use constraints.txt"
    named = {_name(line) for line in lines if not line.startswith("-")}
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    wanted |= {_name(r) for r in project["optional-dependencies"]["teach"]}
    assert not wanted - named, f"binder/requirements.txt lacks {sorted(wanted - named)}"
    pins = {_name(line.split("==")[0]) for line in (ROOT / "constraints.txt").read_text().splitlines()
            if "==" in line}
    assert not named - pins, f"constraints.txt pins no version of {sorted(named - pins)}"


def test_binder_python_matches_environment_yml():
    version = (BINDER / "runtime.txt").read_text().strip()
    assert version.startswith("python-")
    assert f"python={version.removeprefix('python-')}" in (ROOT / "environment.yml").read_text()


@pytest.mark.parametrize("script", ["postBuild", "start"])
def test_binder_scripts_are_executable_bash(script):
    path = BINDER / script
    assert path.read_text().startswith("#!/usr/bin/env bash\n")
    assert os.access(path, os.X_OK), f"binder/{script} must be executable"


def test_post_build_applies_the_lab_settings_and_the_start_page():
    text = (BINDER / "postBuild").read_text()
    assert "python tools/lab_settings.py\n" in text
    assert "--start-page notebooks/00-start-here.ipynb" in text
    assert (ROOT / "notebooks" / "00-start-here.ipynb").is_file()


def test_start_page_setting_sets_the_default_url(tmp_path):
    path = LAB.write_start_page(tmp_path, "notebooks/00-start-here.ipynb")
    assert path == tmp_path / "etc" / "jupyter" / "jupyter_server_config.json"
    assert json.loads(path.read_text()) == {"ServerApp": {"default_url": START_URL},
                                            "LabApp": {"default_url": START_URL}}


def test_start_page_setting_keeps_other_server_settings(tmp_path):
    path = LAB.server_config_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {"voila": True}}}))
    data = json.loads(LAB.write_start_page(tmp_path, "notebooks/00-start-here.ipynb").read_text())
    assert data["ServerApp"] == {"jpserver_extensions": {"voila": True}, "default_url": START_URL}


def test_start_page_setting_refuses_a_path_that_is_not_a_notebook(tmp_path):
    with pytest.raises(SystemExit, match="--start-page must name a notebook"):
        LAB.main(["--start-page", "notebooks/", str(tmp_path)])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_redirect(url: str):
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(url, timeout=5)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", "")
    return 200, ""


@pytest.mark.skipif(shutil.which("bash") is None, reason="postBuild is a bash script")
def test_post_build_in_a_clean_virtual_environment(tmp_path):
    """What Binder does after its own Python is ready: install binder/requirements.txt, run
    postBuild from the course folder, start the server. Here on a fresh venv (wheels come from
    pip's cache; versions from constraints.txt), and the server must send / to the start page."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHONPATH",
                                                                     "JUPYTER", "MPLBACKEND"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
               JUPYTER_CONFIG_DIR=str(tmp_path / "user-config"),
               JUPYTER_DATA_DIR=str(tmp_path / "user-data"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "user-settings"),
               PIP_DISABLE_PIP_VERSION_CHECK="1")
    started = time.monotonic()
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-compile",
                    "-r", "binder/requirements.txt"], cwd=ROOT, env=env, check=True)
    installed = time.monotonic()
    result = subprocess.run(["bash", "binder/postBuild"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"\nbinder: requirements {installed - started:.0f} s, "
          f"postBuild {time.monotonic() - installed:.0f} s")

    overrides = json.loads(LAB.overrides_path(venv).read_text())
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    located = subprocess.run([str(venv / "bin" / "python"), "-c",
                              "import helpers, voila; print(helpers.__file__)"],
                             env=env, capture_output=True, text=True, check=True)
    assert Path(located.stdout.strip()).parent == ROOT / "helpers"

    port = _free_port()
    server = subprocess.Popen(
        [str(venv / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", "--IdentityProvider.token=",
         "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={ROOT}", *(["--allow-root"] if os.getuid() == 0 else [])],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: SIM115
    try:
        # a loaded 2-core machine can take over a minute to start a fresh server
        deadline = time.monotonic() + 180
        status, location = None, ""
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, location = _first_redirect(f"http://127.0.0.1:{port}/")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        assert server.poll() is None, f"the server exited with {server.returncode}"
        assert status in (301, 302), f"the server did not redirect /: {status}"
        assert location.split("?")[0].endswith(START_URL), f"/ leads to {location}, not the start page"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/render/notebooks/"
                                    "00-start-here.ipynb", timeout=60) as page:
            assert page.status == 200
    finally:
        server.terminate()  # the server shuts its kernels down first: slow on a loaded machine
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=20)
