"""The build-many benchmark's archive and arithmetic (bench/bench_many.py): issues of distinct
dates and copy that load, and the speed-up and extrapolation figures. No timing, no cluster."""

from __future__ import annotations

from pathlib import Path

from bench_many import Run, figures, table, write_archive  # bench/ is on sys.path (conftest.py)

from layout.manifest import load_issue


def test_the_archive_is_daily_issues_of_different_copy(tmp_path: Path):
    folders = write_archive(tmp_path, issues=3, pages=2)
    assert [f.name for f in folders] == ["2016-01-01", "2016-01-02", "2016-01-03"]
    specs = [load_issue(f).spec for f in folders]
    assert [len(s.pages) for s in specs] == [2, 2, 2]
    assert len({s.issue.number for s in specs}) == 3
    texts = {(f / "articles" / "p1.txt").read_text("utf-8") for f in folders}
    assert len(texts) == 3


def test_figures_speed_up_cost_and_extrapolation():
    runs = {"1 worker": Run("1 worker", 1, 62.0, 60.0, 300, 300, 300.0, 2.0),
            "2 workers": Run("2 workers", 2, 33.0, 30.0, 300, 300, 600.0, 2.0),
            "separate cluster": Run("separate cluster", 2, 36.0, 40.0, 300, 300, 450.0, 2.0)}
    result = figures(runs)
    assert result["per_page_worker_s"] == 0.2
    assert result["speedup_2_workers"] == 2.0 and result["speedup_separate_cluster"] == 1.5
    assert result["efficiency"] == 0.75
    assert result["pages_per_minute_50_workers_ideal"] == 15_000
    assert result["pages_per_minute_50_workers"] == 11_250
    assert result["archive_hours_1_worker"] == round(60_000 * 0.2 / 3600, 1)
    text = table(runs, result)
    assert "11,250 pages/min (linear: 15,000)" in text and "separate cluster" in text
