"""Shared test options: `--update-golden` rewrites the golden text dumps instead of comparing."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/fakes.py
sys.path.insert(1, str(Path(__file__).resolve().parent.parent / "bench"))  # test_bench_speed.py


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/*.txt from the current layout")
