"""Golden text dumps of small scenario issues, laid out with fake metrics (Han = 1 em).

A failing comparison shows which line moved. After an intended change, rewrite them with
`pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

from fakes import FakeMetrics
from layout.flow.page import layout_issue
from layout.manifest import load_issue
from layout.render.textdump import dump_pages
from layout.resolve import resolve

HERE = Path(__file__).resolve().parent
SCENARIOS = sorted(p.name for p in (HERE / "data" / "golden").iterdir() if p.is_dir())


def scenario_issue(name: str, tmp_path: Path):
    """The scenario copied into tmp, with its (generated) images."""
    root = tmp_path / name
    shutil.copytree(HERE / "data" / "golden" / name, root)
    (root / "images").mkdir(exist_ok=True)
    Image.new("RGB", (300, 200), (90, 140, 200)).save(root / "images" / "wide.png")
    loaded = load_issue(root)
    return resolve(loaded.spec, loaded.root)


@pytest.mark.parametrize("name", SCENARIOS)
def test_golden_dump(name, tmp_path, request):
    issue = scenario_issue(name, tmp_path)
    layouts = layout_issue(issue, FakeMetrics())
    text = dump_pages([layouts[p.folio] for p in issue.pages])
    golden = HERE / "golden" / f"{name}.txt"
    if request.config.getoption("--update-golden") or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"{golden.name} did not exist; written — review and commit it")
    assert text == golden.read_text(encoding="utf-8")
