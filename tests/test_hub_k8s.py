"""The Zero to JupyterHub deployment: what can be checked without Docker or a cluster.

The values file parses and carries the per-student limits computed from the measurements, the
culler and the hub's kernel settings; the image definition runs the same install script as the
classroom hub (whose result the hub test and ``helpers.check`` exercise) and keeps the teacher's
guide out of the image.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

from support import load_script

ROOT = Path(__file__).resolve().parent.parent
K8S = ROOT / "hub" / "k8s"
PREFIX = Path(os.environ.get("HUB_PREFIX", "/opt/plantar-course"))


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((K8S / "values.yaml").read_text())


def test_values_carry_the_limits_computed_from_the_measurements(values):
    limits = load_script(ROOT / "hub" / "sizing.py").limits()
    user = values["singleuser"]
    assert user["memory"]["limit"] == f"{limits['mem_limit_mib']}M"
    assert user["memory"]["guarantee"] == f"{limits['mem_guarantee_mib']}M"
    assert float(user["cpu"]["limit"]) == limits["cpu_limit"]
    assert float(user["cpu"]["guarantee"]) == limits["cpu_guarantee"]


def test_values_enable_the_culler_and_the_classroom_kernel_settings(values):
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    args = values["hub"]["config"]["Spawner"]["args"]
    assert "--KernelManager.transport=ipc" in args
    assert values["singleuser"]["extraEnv"]["JUPYTER_RUNTIME_DIR"].startswith("/tmp/")
    assert values["singleuser"]["defaultUrl"] == "/lab/tree/lessons/00-start-here.ipynb"
    assert values["hub"]["config"]["JupyterHub"]["authenticator_class"] == "native"
    assert values["hub"]["config"]["NativeAuthenticator"]["open_signup"] is False


def test_the_pod_copies_the_lessons_the_image_stages(values):
    staged = "/opt/plantar-course/share/plantar-course/lessons"
    command = " ".join(values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert staged in command and "cp -Rn" in command  # never overwrites a student's file
    dockerfile = (K8S / "Dockerfile").read_text()
    assert f"stage_lessons.py \\\n        {staged}" in dockerfile


def test_the_image_uses_the_hub_install_script_and_leaves_out_the_guide():
    dockerfile = (K8S / "Dockerfile").read_text()
    assert "hub/install_env.sh /opt/plantar-course" in dockerfile
    assert "USER 1000" in dockerfile and 'CMD ["jupyterhub-singleuser"]' in dockerfile
    ignored = (K8S / "Dockerfile.dockerignore").read_text().split()
    assert "notebooks/teacher-guide" in ignored and "**/.venv" in ignored
    # every file the Dockerfile copies exists, and what the wheel build needs is among them
    copied = [line.split()[1:-1] for line in dockerfile.splitlines() if line.startswith("COPY ")]
    for sources in copied:
        for name in sources:
            assert (ROOT / name).exists(), name
    wheel_sources = load_script(ROOT / "hub" / "build_wheel.py").SOURCES
    flat = {name for sources in copied for name in sources}
    assert set(wheel_sources) <= flat


def test_the_stager_leaves_out_the_teacher_guide(tmp_path):
    stage = load_script(ROOT / "hub" / "stage_lessons.py")
    out = stage.stage(tmp_path / "lessons")
    assert (out / "00-start-here.ipynb").is_file()
    assert not (out / "teacher-guide").exists()
    assert {p.name for p in out.iterdir()} == {
        p.name for p in (ROOT / "notebooks").iterdir() if p.name not in stage.EXCLUDED}


def test_the_class_environment_passes_the_install_check():
    """The environment the image's install steps make (hub/install_env.sh) in a clean venv."""
    python = PREFIX / "bin" / "python"
    if not (PREFIX / ".installed").exists():
        if os.environ.get("CI") == "true" and os.geteuid() == 0:
            pytest.fail(f"no class environment at {PREFIX}: .ci/run makes it with make hub-env")
        pytest.skip(f"no class environment at {PREFIX} (sudo make hub-env)")
    run = subprocess.run([str(python), "-m", "helpers.check", "--quiet"], capture_output=True,
                         text=True, timeout=120, cwd="/")
    assert run.returncode == 0, run.stdout + run.stderr
    where = subprocess.run([str(python), "-c", "import helpers, helpers.tables as t; "
                            "print(helpers.__file__); print(t.DATA_DIR)"],
                           capture_output=True, text=True, timeout=60, cwd="/", check=True)
    assert all(line.startswith(str(PREFIX)) for line in where.stdout.split())
