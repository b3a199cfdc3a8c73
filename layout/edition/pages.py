"""Pages after the manifest is read: layout, display list, page PDF, preflight, ALTO XML, web
images and deep-zoom tiles, one task per group of pages, on a pool of processes (one pdfium per
process) or in this one.

Layout is done per group of pages linked by jumps (a continued article needs the page it comes
from); after that every page is independent. The two halves are `lay_out` (a jump group →
each page's display list) and `render_page` (a display list → PDF/X, preflight, images):
`run_task` runs both for `build`'s pool; `build-many` runs them as separate Dask tasks
(many.py). A page returns a `PageResult` — small named data — and leaves its files in the
build cache (pagecache.py), from which the build links them into the print and web packages.
`--jobs 1` and `--jobs N` give the same bytes: a page's output depends only on its inputs.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

import layout as layout_pkg
from layout.display import PageDisplay, display_page
from layout.edition.pagecache import Entry, Store, digest_bytes
from layout.edition.print import package as printpack
from layout.edition.report import PageReport, add_preflight, check_articles
from layout.edition.web.alto import AltoPage, alto_xml
from layout.edition.web.data import page_zones
from layout.edition.web.images import page_images, page_plan
from layout.edition.web.tiles import TileGrid, page_tiles
from layout.flow.page import layout_issue
from layout.fontconv import truetype_files
from layout.fonts import FontSet
from layout.model import Issue
from layout.render.images import ImageData
from layout.style import WebSettings

STAGES = ("layout", "pdf", "images")
"""The per-page stages progress is reported for (pages laid out, PDFs written, images made)."""

Event = Callable[[str, str], None]
"""(stage, folio): a page finished a stage."""


@dataclass(frozen=True, slots=True)
class PageJob:
    """What every page task needs; a pool's processes inherit it when they fork."""

    issue: Issue
    fonts: FontSet
    keys: dict[str, str]
    """Folio → page cache key (pagecache.page_keys)."""
    store: Store
    strict: bool
    images: WebSettings | None
    """None: no web images (`build --no-web`)."""


@dataclass(frozen=True, slots=True)
class Task:
    """Pages to lay out (a jump group) and pages that only need their web images rendered."""

    layout: tuple[str, ...] = ()
    images: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page, built or found in the cache."""

    folio: str
    entry: Entry
    """The page's cache entry: page.pdf and its record."""
    images: Entry | None = None
    """The page's web images (None for a --no-web build)."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Time spent per stage on this page (empty when it came from the cache)."""

    @property
    def data(self) -> dict:
        return self.entry.record["data"]

    def report(self) -> PageReport:
        return PageReport.from_json(self.data["report"])


# ------------------------------------------------------------------------------ one page

def cached(job: PageJob, folio: str) -> PageResult | None:
    """The page from the cache, images too when they are wanted; None if anything is missing."""
    entry = job.store.get("pages", job.keys[folio])
    if entry is None:
        return None
    images = None
    if job.images is not None:
        images = job.store.get("images", image_key(entry, job))
        if images is None:
            return None
    return PageResult(folio, entry, images)


def image_key(entry: Entry, job: PageJob) -> str:
    settings = repr(sorted(job.images.as_json().items()))
    return f"{entry.record['data']['pdf_sha256']}-{digest_bytes(settings.encode())[:16]}"


def run_task(job: PageJob, task: Task, event: Event) -> list[PageResult]:
    """1. lay out the task's pages 2. per page: PDF, preflight, images (`render_page`); pages
    whose PDF is cached get their images only (`render_images`)."""
    out = []
    if task.layout:
        for laid in lay_out(job, task.layout):
            event("layout", laid.folio)
            out.append(render_page(job, laid, event))
    for folio in task.images:
        out.append(render_images(job, folio, event))
    return out


@dataclass(frozen=True, slots=True)
class LaidPage:
    """A page laid out: its display list and the layout's findings (overflow, missing glyphs,
    underflow), all its PDF, preflight and images are made from. Pickles (about 250 KB for a
    page of 4,600 characters), so a Dask worker can make the PDF of a page another laid out."""

    display: PageDisplay
    report: PageReport
    """The page's report so far: its articles checked, no preflight yet."""
    alto: bytes
    """The page's ALTO XML (alto.py), made from the layout, which is not kept."""
    seconds: float
    """Its share of the layout time of its group."""

    @property
    def folio(self) -> str:
        return self.display.folio


def lay_out(job: PageJob, folios: tuple[str, ...]) -> list[LaidPage]:
    """Lay out `folios` (a jump group: pages linked by continued articles) and check their
    articles; one LaidPage per folio, in the given order."""
    t0 = time.perf_counter()
    layouts = layout_issue(job.issue, job.fonts, set(folios))
    out = []
    for folio in folios:
        display = display_page(layouts[folio])
        report = PageReport(folio, display.section, display.color)
        check_articles(job.issue, layouts[folio], report, job.strict)
        out.append(LaidPage(display, report, _alto(job.issue, layouts[folio]), 0.0))
    share = (time.perf_counter() - t0) / len(folios)
    return [LaidPage(p.display, p.report, p.alto, share) for p in out]


def render_page(job: PageJob, laid: LaidPage, event: Event) -> PageResult:
    """The laid-out page's PDF/X, preflight and web images, into the build cache."""
    issue, display, folio = job.issue, laid.display, laid.folio
    report = PageReport.from_json(laid.report.as_json())  # a copy: `laid` stays as it was
    seconds = {"layout": laid.seconds}
    t0 = time.perf_counter()
    pdf = printpack.page_pdf(issue, display, truetype_files(job.fonts, [display]),
                             keep=lambda pic, gray, make: _prepared(job, pic, gray, make))
    t1 = time.perf_counter()
    result = printpack.preflight_page(issue, display, pdf, printpack.page_file(issue, folio))
    add_preflight(report, result, job.strict)
    t2 = time.perf_counter()
    seconds.update(pdf=t1 - t0, preflight=t2 - t1)
    data = {"report": report.as_json(), "zones": page_zones(display, issue),
            "pdf_sha256": digest_bytes(pdf), "width": display.width, "height": display.height}
    entry = job.store.put("pages", job.keys[folio], {"page.pdf": pdf, "alto.xml": laid.alto},
                          data)
    event("pdf", folio)
    return _with_images(job, entry, folio, seconds, event, pdf)


def render_images(job: PageJob, folio: str, event: Event) -> PageResult:
    """A page whose PDF is in the build cache: its web images (rendered or cached too)."""
    entry = job.store.get("pages", job.keys[folio])
    if entry is None:
        raise RuntimeError(f"page {folio} left the build cache during the build")
    event("pdf", folio)
    return _with_images(job, entry, folio, {}, event)


def _alto(issue: Issue, layout) -> bytes:
    """The page's ALTO XML (its text and positions for archives), made from its layout."""
    physical = next(n for n, p in enumerate(issue.pages, 1) if p.folio == layout.folio)
    meta = AltoPage(physical, printpack.page_file(issue, layout.folio),
                    {a.id: a.headline for a in issue.articles()}, layout_pkg.__version__)
    return alto_xml(layout, meta)


def _prepared(job: PageJob, pic, gray: bool, make) -> ImageData:
    """A photo separated for the press, from the build cache when the same source was prepared
    at the same size and settings before (an edit of the text beside it does not redo it)."""
    key = printpack.image_key(job.issue, pic, gray)
    entry = job.store.get("prints", key)
    if entry is None:
        made = make()
        entry = job.store.put("prints", key, {"image.jpg": made.jpeg},
                              {"width": made.width, "height": made.height, "cmyk": made.cmyk})
        return made
    data = entry.record["data"]
    return ImageData(entry.file("image.jpg").read_bytes(), data["width"], data["height"],
                     data["cmyk"])


def _with_images(job: PageJob, entry: Entry, folio: str, seconds: dict, event: Event,
                 pdf: bytes | None = None) -> PageResult:
    """The result, with the page's web images and deep-zoom tiles from the cache or made now."""
    if job.images is None:
        return PageResult(folio, entry, None, seconds)
    key = image_key(entry, job)
    images = job.store.get("images", key)
    if images is None:
        t0 = time.perf_counter()
        pdf = pdf if pdf is not None else entry.file("page.pdf").read_bytes()
        files, data = _render_images(job.images, entry.record["data"], pdf)
        t1 = time.perf_counter()
        files.update(_render_tiles(job.images, entry.record["data"], pdf, data))
        images = job.store.put("images", key, files, data)
        seconds = {**seconds, "images": t1 - t0, "tiles": time.perf_counter() - t1}
    event("images", folio)
    return PageResult(folio, entry, images, seconds)


def _render_images(settings: WebSettings, page: dict, pdf: bytes) -> tuple[dict, dict]:
    """The thumbnail and page images: (cache files by name, the record's listing)."""
    gray = page["report"]["color"] == "gray"
    plan = page_plan("x", settings)
    rendered = page_images(pdf, plan, gray, settings.quality)
    files, listing = {}, []
    for item, image in zip(plan, rendered):
        names = {fmt: f"{item.role}-{item.width}.{rel.rsplit('.', 1)[1]}"
                 for fmt, rel in item.files.items()}
        files.update({names[fmt]: data for fmt, data in image.files.items()})
        listing.append({"role": image.role, "width": image.width, "height": image.height,
                        "files": names})
    return files, {"images": listing, "tiles": None}


def _render_tiles(settings: WebSettings, page: dict, pdf: bytes, data: dict) -> dict:
    """The deep-zoom pyramid's tiles by cache name; records the grid in `data`."""
    if not settings.tile_width:
        return {}
    grid = TileGrid.for_page(page["width"], page["height"], settings.tile_width,
                             settings.tile_size)
    tiles = page_tiles(pdf, grid, page["report"]["color"] == "gray", settings.tile_quality)
    data["tiles"] = grid.as_json()
    return {t.tile.name: t.data for t in tiles}


# ------------------------------------------------------------------------------ many pages

_JOB: PageJob | None = None
"""The job of the running pool, set before its processes fork (they inherit it)."""
_EVENTS = None
"""The pool's event queue: (stage, folio) from the tasks to the progress display."""


def _pool_task(task: Task) -> list[PageResult]:
    assert _JOB is not None, "a page task ran outside a forked pool"
    return run_task(_JOB, task, lambda stage, folio: _EVENTS.put((stage, folio)))


def run_tasks(job: PageJob, tasks: list[Task], jobs: int, event: Event) -> list[PageResult]:
    """Run `tasks` on `jobs` processes (here, if 1) and return the results in task order."""
    if jobs <= 1 or len(tasks) <= 1 or not _can_fork():
        return [r for task in tasks for r in run_task(job, task, event)]
    global _JOB, _EVENTS
    context = multiprocessing.get_context("fork")
    _JOB, _EVENTS = job, context.SimpleQueue()
    listener = threading.Thread(target=_relay, args=(_EVENTS, event), daemon=True)
    try:
        with ProcessPoolExecutor(min(jobs, len(tasks)), mp_context=context) as pool:
            futures = [pool.submit(_pool_task, task) for task in _largest_first(tasks)]
            listener.start()  # after the workers forked: they must not inherit this thread
            done, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for future in done:
                if future.exception() is not None:
                    for other in futures:
                        other.cancel()
                    raise future.exception()
            by_task = {id(t): f for t, f in zip(_largest_first(tasks), futures)}
            return [r for task in tasks for r in by_task[id(task)].result()]
    finally:
        _EVENTS.put(None)
        if listener.is_alive():
            listener.join(timeout=5)
        _JOB, _EVENTS = None, None


def _largest_first(tasks: list[Task]) -> list[Task]:
    """Long jump groups start first, so one does not run alone at the end."""
    return sorted(tasks, key=lambda t: -(2 * len(t.layout) + len(t.images)))


def _relay(queue, event: Event) -> None:
    while True:
        item = queue.get()
        if item is None:
            return
        event(*item)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def jump_groups(issue: Issue, folios: Iterable[str]) -> list[tuple[str, ...]]:
    """`folios` in groups that must be laid out together: pages linked by jumps (an article
    continued from one to another), in page order; every other page alone."""
    wanted = list(folios)
    parent = {f: f for f in wanted}

    def root(f: str) -> str:
        while parent[f] != f:
            f = parent[f]
        return f

    home = {a.id: p.folio for p in issue.pages for a in p.articles}
    for page in issue.pages:
        for jump in page.jumps:
            source = home.get(jump.article_id)
            if source in parent and page.folio in parent:
                parent[root(page.folio)] = root(source)
    groups: dict[str, list[str]] = {}
    for f in wanted:
        groups.setdefault(root(f), []).append(f)
    return [tuple(g) for g in groups.values()]
