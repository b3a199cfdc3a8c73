"""The speed benchmark's content and bookkeeping (bench/): the generator is deterministic, fills 24
pages with the intended amount of text, and its manifest validates. No timing, no Typst needed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import speed_issue  # bench/ is on sys.path (conftest.py)
from bench_speed import Case, compared_files
from proctree import Run, run_measured

from layout.manifest import load_issue


def test_content_is_deterministic_and_the_intended_size():
    first, again = speed_issue.content(), speed_issue.content()
    assert first == again
    assert len(first) == 24
    total = sum(story.chars for story in first)
    assert 100_000 <= total <= 115_000  # ~4,600 a page: what fills Banmian's six columns
    assert all(4_400 <= story.chars <= 4_800 for story in first)
    subheads = sum(line.startswith("## ") for s in first for line in s.body.splitlines())
    assert 24 <= subheads <= 100
    assert speed_issue.content(pages=1) == first[:1]


def test_manifest_validates_and_the_typst_document_has_a_page_per_story(tmp_path: Path):
    items = speed_issue.content()
    issue = speed_issue.write_speed_issue(tmp_path, "speed-24", items)
    spec = load_issue(issue.issue_dir).spec
    assert len(spec.pages) == 24
    assert spec.issue.format.column_chars == 11 and spec.issue.format.lines == 74
    assert spec.pages[6].articles[0].headline == items[6].headline
    source = issue.typst_file.read_text(encoding="utf-8")
    assert source.count("#headline[") == 24 and source.count("#pagebreak()") == 23
    assert issue.typst_file.read_text(encoding="utf-8") == speed_issue.typst_source(items)


def test_typst_escape_makes_markup_characters_literal():
    assert speed_issue.typst_escape("5G #1 *a* _b_ 3.5% <x> [y] $z$ a/b") == (
        r"5G \#1 \*a\* \_b\_ 3\.5\% \<x\> \[y\] \$z\$ a\/b")
    assert speed_issue.typst_escape("职工“工会”，《数据》") == "职工“工会”，《数据》"


def test_type_area_is_centred_on_the_page():
    fmt = speed_issue.FORMAT
    assert fmt.type_width == 6 * 11 * 9.5 + 5 * 9.5
    assert fmt.type_height == 74 * 14.0
    assert 2 * fmt.margin_x + fmt.type_width == pytest.approx(fmt.width_mm * speed_issue.MM)


def test_a_missing_option_is_reported_not_fatal():
    case = Case("banmian --no-web 24 pages")
    missing = Run(2, 0.5, 0.4, 60, 60, "", "Usage: …\nError: No such option: --no-web\n")
    assert case.record(missing) is False
    assert case.note.startswith("n/a") and case.figures is None


def test_run_measured_reports_a_child_process(tmp_path: Path):
    run = run_measured([sys.executable, "-c", "print('ok')"], tmp_path)
    assert run.returncode == 0 and run.stdout.strip() == "ok"
    assert run.wall_s > 0 and run.max_rss_mb > 0


def test_compared_files_are_the_pdfs_and_pages_json(tmp_path: Path):
    for name in ("print/a_01.pdf", "print/a.pdf", "web/pdf/page-01.pdf", "web/pages.json",
                 "report.json", "web/pages/page-01-1200.jpg"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    assert compared_files(tmp_path) == {"print/a_01.pdf", "print/a.pdf", "web/pdf/page-01.pdf",
                                        "web/pages.json"}
