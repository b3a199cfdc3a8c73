"""Cached and parallel builds (issue #10): the same bytes as a cold `--jobs 1` build; an edit
rebuilds only what it touches; a damaged cache entry is rebuilt, never used."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from layout import style as house
from layout.edition.build import BuildOptions, build
from layout.edition.pagecache import Store, page_keys
from layout.fonts import FontSet
from layout.pipeline import open_issue

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"

pytestmark = pytest.mark.slow


def small_tiles(body_size: float = 9.0) -> house.HouseStyle:
    """A smaller deep-zoom pyramid (1024 px, 256 px tiles): the same code paths, a quarter of the
    pixels, for the many builds here."""
    style = house.default_style(body_size)
    return dataclasses.replace(style, web=dataclasses.replace(style.web, tile_width=1024,
                                                              tile_size=256))


def outputs(out: Path) -> dict[str, bytes]:
    """Every file the build published that must not change between equal builds (report.json
    and report.html hold timings and so differ)."""
    issue = out / SAMPLE.name
    files = {p.relative_to(issue).as_posix(): p.read_bytes() for p in issue.rglob("*")
             if p.is_file() and p.name not in ("report.json", "report.html")}
    assert any(name.startswith("print/") for name in files)
    return files


def run(issue: Path, out: Path, cache: Path, **options) -> object:
    return build(issue, BuildOptions(out=out, cache=cache, style=small_tiles, **options))


@pytest.fixture(scope="module")
def cold(tmp_path_factory):
    """The sample built cold with --jobs 1: the reference."""
    base = tmp_path_factory.mktemp("cold")
    issue = base / SAMPLE.name
    shutil.copytree(SAMPLE, issue)
    report = run(issue, base / "out", base / "cache", jobs=1)
    assert report.cache == {"built": 4, "cached": 0}
    return {"issue": issue, "out": base / "out", "cache": base / "cache",
            "files": outputs(base / "out")}


def test_parallel_cold_build_gives_the_same_bytes(cold, tmp_path):
    report = run(cold["issue"], tmp_path / "out", tmp_path / "cache", jobs=2)
    assert report.cache == {"built": 4, "cached": 0}
    assert outputs(tmp_path / "out") == cold["files"]


def test_warm_build_takes_every_page_from_the_cache(cold, tmp_path):
    report = run(cold["issue"], tmp_path / "out", cold["cache"], jobs=2)
    assert report.cache == {"built": 0, "cached": 4}
    assert outputs(tmp_path / "out") == cold["files"]
    data = json.loads((tmp_path / "out" / SAMPLE.name / "report.json").read_text("utf-8"))
    assert data["cache"] == {"built": 0, "cached": 4}


def test_an_edit_rebuilds_only_its_page_and_matches_a_cold_build(cold, tmp_path):
    issue = tmp_path / SAMPLE.name
    shutil.copytree(cold["issue"], issue)
    shutil.copytree(cold["out"], tmp_path / "out")
    shutil.copytree(cold["cache"], tmp_path / "cache")
    article = issue / "articles" / "letters.txt"  # on page 4, no jumps
    text = article.read_text("utf-8")
    article.write_text(text.replace("。", "！", 1), encoding="utf-8")  # same length, new page
    report = run(issue, tmp_path / "out", tmp_path / "cache", jobs=2)
    assert report.cache == {"built": 1, "cached": 3}
    fresh = run(issue, tmp_path / "fresh", tmp_path / "fresh-cache", jobs=1)
    assert fresh.cache == {"built": 4, "cached": 0}
    assert outputs(tmp_path / "out") == outputs(tmp_path / "fresh")
    assert outputs(tmp_path / "out")["print/yunchuan_20261124_04.pdf"] != \
        cold["files"]["print/yunchuan_20261124_04.pdf"]


def test_an_edit_on_a_jump_page_rebuilds_its_continuation(cold, tmp_path):
    issue = tmp_path / SAMPLE.name
    shutil.copytree(cold["issue"], issue)
    shutil.copytree(cold["cache"], tmp_path / "cache")
    lead = issue / "articles" / "lead.txt"  # starts on page 1, continues on page 2
    lead.write_text(lead.read_text("utf-8").replace("。", "！", 1), encoding="utf-8")
    report = run(issue, tmp_path / "out", tmp_path / "cache", jobs=2)
    assert report.cache == {"built": 2, "cached": 2}
    assert [p.folio for p in report.pages] == ["1", "2", "3", "4"]


def damage(cache: Path, kind: str, how: str) -> Path:
    entry = next(p for p in sorted((cache / kind).iterdir()) if p.is_dir())
    victim = next(p for p in sorted(entry.iterdir()) if p.name != "record.json") \
        if how != "record" else entry / "record.json"
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2] if how == "truncate" else
                       data[:100] + bytes([data[100] ^ 0xFF]) + data[101:])
    return entry


@pytest.mark.parametrize("kind, how", [("pages", "truncate"), ("pages", "flip"),
                                       ("images", "flip"), ("pages", "record")])
def test_a_damaged_cache_entry_is_rebuilt_not_used(cold, tmp_path, kind, how):
    cache = tmp_path / "cache"
    shutil.copytree(cold["cache"], cache)
    damage(cache, kind, how)
    report = run(cold["issue"], tmp_path / "out", cache, jobs=1)
    assert report.cache["built"] == 1
    assert outputs(tmp_path / "out") == cold["files"]
    again = run(cold["issue"], tmp_path / "out2", cache, jobs=1)
    assert again.cache == {"built": 0, "cached": 4}, "the rebuilt entry replaced the damaged one"


def test_keys_change_with_style_fonts_and_text_only_where_they_should(cold):
    issue = open_issue(cold["issue"]).issue
    fonts = FontSet.load()
    keys = page_keys(issue, fonts, strict=False)
    assert keys == page_keys(issue, fonts, strict=False)
    assert set(keys.values()) != set(page_keys(issue, fonts, strict=True).values())
    assert len(set(keys.values())) == len(keys)


def test_store_rejects_entries_of_another_key(tmp_path):
    store = Store(tmp_path)
    entry = store.put("pages", "a" * 64, {"page.pdf": b"%PDF-1.4"}, {"x": 1})
    assert store.get("pages", "a" * 64).record["data"] == {"x": 1}
    shutil.copytree(entry.folder, tmp_path / "pages" / ("b" * 64))
    assert store.get("pages", "b" * 64) is None


def test_cli_no_web_and_jobs(cold, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "layout", "build", str(cold["issue"]), "-o", str(tmp_path),
         "--no-web", "--jobs", "2"], capture_output=True, text=True, timeout=600,
        env={**__import__("os").environ, "BANMIAN_CACHE": str(tmp_path / "c")})
    assert result.returncode == 0, result.stderr
    issue = tmp_path / SAMPLE.name
    assert not (issue / "web").exists() and (issue / "report.json").is_file()
    assert (issue / "print" / "yunchuan_20261124_01.pdf").read_bytes() == \
        cold["files"]["print/yunchuan_20261124_01.pdf"]
    assert "thumbnails" not in result.stdout


def test_keys_are_the_same_in_every_process(cold):
    """Sets in the house style print in the order of the process's hash seed: the keys must
    not depend on it, or no later build ever finds the cache (a --jobs pool, Dask workers and
    the next build are all other processes)."""
    code = ("import sys; from pathlib import Path; from layout.manifest import load_issue; "
            "from layout.resolve import resolve; from layout.fonts import FontSet; "
            "from layout.edition.pagecache import page_keys; "
            "l = load_issue(Path(sys.argv[1])); i = resolve(l.spec, l.root); "
            "print(sorted(page_keys(i, FontSet.load(), False).items()))")
    runs = {subprocess.run([sys.executable, "-c", code, str(cold["issue"])], capture_output=True,
                           text=True, check=True,
                           env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
            for seed in ("1", "2", "3")}
    assert len(runs) == 1
