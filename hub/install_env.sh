#!/bin/sh
# The class environment: one Python environment that serves every student (and runs the hub).
#
#   hub/install_env.sh PREFIX
#
# Creates a virtual environment at PREFIX with the interpreter $HUB_PYTHON (default python3;
# students' processes run it, so it must sit where every user can read it: not under /root),
# installs the course package from a freshly built wheel (not editable: students never run the
# teacher's working copy) and hub/requirements.txt (JupyterHub, its idle culler, PAM logins),
# at the versions the tests passed with (constraints.txt, hub/constraints.txt), then runs the
# install check. The image for Kubernetes (hub/k8s/Dockerfile) runs the same script.
set -eu
PREFIX=${1:?usage: hub/install_env.sh PREFIX}
PYTHON=${HUB_PYTHON:-python3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

"$PYTHON" -m venv "$PREFIX"
WHEELS=$(mktemp -d)
trap 'rm -rf "$WHEELS"' EXIT
WHEEL=$("$PREFIX/bin/python" "$ROOT/hub/build_wheel.py" "$WHEELS")
# one constraints file: the course's pins, where hub/constraints.txt pins a package too, its pin
"$PREFIX/bin/python" - "$ROOT/constraints.txt" "$ROOT/hub/constraints.txt" > "$WHEELS/pins.txt" <<'PY'
import re, sys
pins = {}
for path in sys.argv[1:]:
    for line in open(path):
        line = line.split("#")[0].strip()
        if "==" in line:
            pins[re.sub(r"[-_.]+", "-", line.split("==")[0].lower())] = line
print("\n".join(pins.values()))
PY
# the wheel keeps one version number while the course changes: replace the installed copy
"$PREFIX/bin/python" -m pip uninstall --quiet --yes plantar-fasciitis-course 2>/dev/null || true
"$PREFIX/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c "$WHEELS/pins.txt" "$WHEEL" -r "$ROOT/hub/requirements.txt"
"$PREFIX/bin/python" -m helpers.check --quiet
chmod -R a+rX "$PREFIX"
echo "class environment ready: $PREFIX"
