"""The committed build of the course's JupyterLab extension (labextension/built) is what its
source builds to, byte for byte. It runs with the browser tests because the build needs the
npm packages they install (make browser installs them first)."""

from __future__ import annotations

import pytest

from support import load_script

from .conftest import ROOT

pytestmark = pytest.mark.browser

BUILD = load_script(ROOT / "tools" / "build_labextension.py")


def test_the_committed_build_is_what_the_source_builds_to(tmp_path):
    fresh = BUILD.build(tmp_path / "built")
    assert BUILD.differences(fresh, BUILD.BUILT) == [], \
        "labextension/built is out of date: run make labextension and commit labextension/built"
