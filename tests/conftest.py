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


@pytest.fixture
def golden(request):
    """`golden(path, text)`: the dump must equal the golden file; with `--update-golden` (or
    when the file is new) the file is written instead — a new file also fails the test, so it
    is reviewed before it is committed."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, text: str) -> None:
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not update:
                pytest.fail(f"{path.name} did not exist; written — review and commit it")
        assert text == path.read_text(encoding="utf-8")

    return check


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


def _browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    import importlib.util
    import shutil

    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "no Chromium (Debian: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "no Playwright (pip install -e '.[test]')"
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """One line when the browser tests (tests/test_viewer_browser.py) were skipped, and why."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "test_viewer_browser" in getattr(r, "nodeid", "")]
    reason = _browser_missing()
    if skipped and reason:
        terminalreporter.write_line(
            f"browser tests SKIPPED ({len(skipped)}): {reason}; .ci/run installs both",
            yellow=True, bold=True)
