"""Shared test set-up: plain pytest runs widgets without a kernel, on the Agg backend."""

import os
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
# tests share tests/support.py (`from support import ...`); the import mode is importlib, so
# the folder is put on the path here
sys.path.insert(0, str(Path(__file__).resolve().parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# timings on a shared 2-core machine vary: no per-example deadline. Under CI the examples are
# derived from the test itself (derandomize), so a run is reproducible; locally they are random,
# which keeps finding new cases.
settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
