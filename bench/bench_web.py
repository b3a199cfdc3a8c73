"""What the digital edition's deep-zoom tiles and search index cost: time and bytes.

    python bench/bench_web.py [--runs 3] [--only sample|speed] [--keep DIR]

For the sample issue and `speed_issue.py`'s 24-page text issue:

1. per page, in this process: the tile pyramid (pdfium render at the full width, 2 × 2 reduces,
   JPEG tiles) against the 2400 px page image it replaced, time and bytes;
2. whole cold builds (empty build cache, the page pool on every CPU) with tiles, without
   (web `tile_width` 0) and as before (1200 + 2400 px page images, no tiles), and the rebuild
   with nothing changed; the web package's size, the tiles' share of it;
3. the search index: time to build it and its size (plain and gzipped) against pages.js.

Times are the minimum of `--runs` runs; a busy machine makes them noisy.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import gzip
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from speed_issue import content, write_speed_issue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from layout import style as house  # noqa: E402
from layout.edition.build import BuildOptions, build  # noqa: E402
from layout.edition.web.search import search_js  # noqa: E402
from layout.edition.web.images import PlannedImage, page_images  # noqa: E402
from layout.edition.web.tiles import TileGrid, page_tiles  # noqa: E402

SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
VARIANTS = {"tiles (default)": {}, "no tiles": {"tile_width": 0},
            "before: 1200 + 2400 px, no tiles": {"tile_width": 0, "page_widths": (1200, 2400)}}


def fastest(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - t0
        if best is None or seconds < best[0]:
            best = (seconds, result)
    return best


def tile_cost(pdf: bytes, gray: bool, runs: int) -> dict:
    """One page: its pyramid and the old 2400 px image, seconds and bytes."""
    doc = pdfium.PdfDocument(pdf)
    left, bottom, right, top = doc[0].get_trimbox()
    doc.close()
    grid = TileGrid.for_page(right - left, top - bottom, 4096, 512)
    t_tiles, tiles = fastest(runs, lambda: page_tiles(pdf, grid, gray, 70))
    plan = [PlannedImage("page", 2400, {"jpeg": "page.jpg"})]
    t_old, old = fastest(runs, lambda: page_images(pdf, plan, gray, 82))
    return {"tiles_s": t_tiles, "tiles_bytes": sum(len(t.data) for t in tiles),
            "tiles": len(tiles), "old_s": t_old, "old_bytes": len(old[0].files["jpeg"])}


def changed_style(changes: dict, body_size: float = 9.0) -> house.HouseStyle:
    """The default house style with `changes` to its web settings."""
    style = house.default_style(body_size)
    return dataclasses.replace(style, web=dataclasses.replace(style.web, **changes))


def build_cost(issue: Path, changes: dict, runs: int, work: Path) -> dict:
    """Cold build, warm rebuild and the web package's bytes with a changed house style."""
    style = functools.partial(changed_style, changes)
    colds, warms, web = [], [], None
    for n in range(runs):
        out, cache = work / f"out-{n}", work / f"cache-{n}"
        t0 = time.perf_counter()
        build(issue, BuildOptions(out=out, cache=cache, style=style))
        colds.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        build(issue, BuildOptions(out=out, cache=cache, style=style))
        warms.append(time.perf_counter() - t0)
        web = out / issue.name / "web"
    result = {"cold_s": min(colds), "warm_s": min(warms),
              "files": sum(1 for f in web.rglob("*") if f.is_file()), "web": _bytes(web),
              "iiif": _bytes(web / "iiif"), "pages": _bytes(web / "pages"),
              "edition": json.loads((web / "pages.json").read_text(encoding="utf-8"))}
    for n in range(runs):
        shutil.rmtree(work / f"out-{n}", ignore_errors=True)
        shutil.rmtree(work / f"cache-{n}", ignore_errors=True)
    return result


def _bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def report(issue: Path, runs: int, work: Path) -> None:
    """Whole builds of `issue` in each variant, and its search index."""
    print(f"\n== {issue.name}: builds (minimum of {runs})")
    builds = {name: build_cost(issue, changes, runs, work) for name, changes in VARIANTS.items()}
    for name, b in builds.items():
        print(f"  {name:33s} cold {b['cold_s']:5.2f} s  warm {b['warm_s']:4.2f} s  "
              f"web {b['web'] / 1e6:6.1f} MB, {b['files']} files (tiles "
              f"{b['iiif'] / 1e6:.1f} MB, page images {b['pages'] / 1e6:.1f} MB)")
    edition = builds["tiles (default)"]["edition"]
    t_search, script = fastest(runs, lambda: search_js(edition))
    data = script.encode()
    pages_js = len(json.dumps(edition, ensure_ascii=False).encode())
    print(f"  search index: {t_search * 1000:.0f} ms, {len(data) / 1e3:.0f} KB "
          f"({len(gzip.compress(data)) / 1e3:.0f} KB gzipped); pages.js {pages_js / 1e3:.0f} KB")


def per_page(issue: Path, runs: int, work: Path) -> None:
    """Tile cost per page of a fresh build of `issue`."""
    out = work / "pages-out"
    build(issue, BuildOptions(out=out, cache=work / "pages-cache"))
    edition = json.loads((out / issue.name / "web" / "pages.json").read_text(encoding="utf-8"))
    rows = []
    for page in edition["pages"]:
        pdf = (out / issue.name / "web" / page["pdf"]).read_bytes()
        rows.append(tile_cost(pdf, page["color"] == "gray", runs))
    n = len(rows)
    total = {k: sum(r[k] for r in rows) for k in rows[0]}
    print(f"\n== {issue.name}: per page, serial ({n} pages)")
    print(f"  tiles      {total['tiles_s'] / n * 1000:5.0f} ms  "
          f"{total['tiles_bytes'] / n / 1e6:4.2f} MB  ({total['tiles'] // n} tiles)")
    print(f"  2400 px    {total['old_s'] / n * 1000:5.0f} ms  "
          f"{total['old_bytes'] / n / 1e6:4.2f} MB  (the page image the tiles replace)")
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(work / "pages-cache", ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=("sample", "speed"), help="one of the two issues")
    parser.add_argument("--keep", type=Path, help="work folder to keep (default: a temporary one)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-web-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        speed = write_speed_issue(work, "speed24", content()).issue_dir
        issues = {"sample": (SAMPLE,), "speed": (speed,)}.get(args.only, (SAMPLE, speed))
        for issue in issues:
            per_page(issue, args.runs, work)
            report(issue, args.runs, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
