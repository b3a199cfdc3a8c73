"""Shared test options: `--update-golden` rewrites the golden text dumps instead of comparing."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/fakes.py
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "bench"))  # test_bench_speed.py


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.txt from the current layout")


@pytest.fixture(scope="session", autouse=True)
def _own_cache(tmp_path_factory):
    """The suite's builds use a cache of their own (fonts and build results), never the user's."""
    old = os.environ.get("BANMIAN_CACHE")
    os.environ["BANMIAN_CACHE"] = str(tmp_path_factory.mktemp("banmian-cache"))
    yield
    if old is None:
        os.environ.pop("BANMIAN_CACHE", None)
    else:
        os.environ["BANMIAN_CACHE"] = old
