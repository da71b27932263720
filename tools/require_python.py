"""Stop `make` with a clear message when the Python that would build the venv is too old."""

import sys

if sys.version_info < (3, 10):  # noqa: UP036 - this script exists to say so
    found = ".".join(map(str, sys.version_info[:3]))
    sys.exit(
        f"This course needs Python 3.10 or newer; `{sys.executable}` is Python {found}.\n"
        "Install a newer Python, then run: make lab PYTHON=/path/to/python3.11"
    )
