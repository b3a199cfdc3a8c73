"""Benchmark: build a synthetic N-page issue and time each stage, in one process (run by hand).

    python bench/bench_build.py [--pages 24] [--chars 5000] [--keep DIR]

Generates a tabloid issue with ~CHARS characters of body text and one image a page, then times
load (manifest + model + font metrics), compose (every paragraph at its column measure), flow
(layout of all pages, which composes again: flow = layout − compose), PDF and thumbnails, and
reports the total wall time and the peak resident memory.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import article_text  # noqa: E402  (the generator bench_compose.py uses too)

from layout.display import display_page  # noqa: E402
from layout.edition.build import BuildOptions, build  # noqa: E402
from layout.flow.page import layout_issue  # noqa: E402
from layout.flow.grid import text_columns  # noqa: E402
from layout.flow.story import compose_story  # noqa: E402
from layout.fonts import FontSet  # noqa: E402
from layout.pipeline import open_issue  # noqa: E402

PAGE_PLAN = (  # (id suffix, columns, top, height, rank, share of the page's text, image)
    ("a", "1-4", 0, 40, 1, 0.40, True),
    ("b", "5-6", 0, 40, 3, 0.20, False),
    ("c", "1-3", 40, "rest", 2, 0.20, False),
    ("d", "4-6", 40, "rest", 2, 0.20, False),
)


def make_issue(root: Path, pages: int, chars: int, seed: int = 7) -> Path:
    """Write the synthetic issue folder and return it."""
    rng = random.Random(seed)
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "images").mkdir(exist_ok=True)
    lines = ["newspaper: {name: 基准测试报, serial: CN00-0001, host: 基准测试单位,",
             "  address: 测试路1号, postcode: '100000'}",
             "issue: {date: 2026-11-24, number: 1, format: tabloid}", "pages:"]
    for p in range(1, pages + 1):
        _image(root / "images" / f"p{p}.jpg", rng)
        lines += [f"  - folio: {p}", f"    section: 版面{p}", "    color: gray", "    articles:"]
        for sfx, cols, top, height, rank, share, image in PAGE_PLAN:
            aid = f"p{p}{sfx}"
            (root / "articles" / f"{aid}.txt").write_text(article_text(rng, int(chars * share)),
                                                          encoding="utf-8")
            lines += [f"      - id: {aid}", f"        headline: 第{p}版稿件{sfx}标题",
                      f"        body: articles/{aid}.txt", f"        rank: {rank}",
                      f"        place: {{columns: {cols}, top: {top}, height: {height}}}"]
            if image:
                lines += [f"        images: [{{file: images/p{p}.jpg, caption: 图片说明, columns: 2}}]"]
    (root / "issue.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _image(path: Path, rng: random.Random) -> None:
    img = Image.new("RGB", (1200, 800), (rng.randint(0, 255), 120, 180))
    draw = ImageDraw.Draw(img)
    for _ in range(40):
        x, y = rng.randint(0, 1100), rng.randint(0, 700)
        draw.ellipse((x, y, x + 100, y + 100), fill=(rng.randint(0, 255),) * 3)
    img.save(path, quality=85)


def time_compose(issue_dir: Path) -> tuple[float, int]:
    """Seconds to compose every article's body at its column measure, and characters composed."""
    issue = open_issue(issue_dir).issue
    fonts = FontSet.load()
    fmt = issue.format
    start = time.perf_counter()
    chars = 0
    for article in issue.articles():
        measure = text_columns(fmt, 0, fmt.span_width(article.module.first_column,
                                                      article.module.last_column),
                               article.module.text_columns or article.module.grid_columns)[0][1]
        compose_story(article, issue.style, fonts, measure, fmt.pitch)
        chars += article.text_length()
    return time.perf_counter() - start, chars


def time_flow(issue_dir: Path) -> float:
    issue = open_issue(issue_dir).issue
    fonts = FontSet.load()
    start = time.perf_counter()
    layouts = layout_issue(issue, fonts)
    for lay in layouts.values():
        display_page(lay)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=24)
    ap.add_argument("--chars", type=int, default=5000, help="body characters per page")
    ap.add_argument("--keep", type=Path, help="write the issue and output here instead of a temp dir")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        issue_dir = make_issue(base / "bench-issue", args.pages, args.chars)
        compose_s, chars = time_compose(issue_dir)
        layout_s = time_flow(issue_dir)
        t0 = time.perf_counter()
        report = build(issue_dir, BuildOptions(out=base / "output"))
        total = time.perf_counter() - t0
    t = report.timings
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"synthetic issue: {args.pages} pages, {chars} body characters")
    print(f"  load (manifest, model, font metrics) {t.get('load', 0):7.3f} s")
    print(f"  compose (all paragraphs)             {compose_s:7.3f} s   {chars / compose_s:,.0f} chars/s")
    print(f"  flow (layout − compose)              {max(0.0, layout_s - compose_s):7.3f} s")
    print(f"  layout (compose + flow, in build)    {t.get('layout', 0):7.3f} s")
    print(f"  PDF (render, write, issue PDF)       {t.get('pdf', 0):7.3f} s")
    print(f"  web edition (images, pages.json)     {t.get('web', 0):7.3f} s")
    print(f"  total build                          {total:7.3f} s")
    print(f"  peak memory (max RSS)                {peak_mb:7.1f} MB")
    print(f"  overflow errors {report.errors}, warnings {report.warnings}")


if __name__ == "__main__":
    main()
