"""Build an issue end to end: manifest → model → pages (layout, PDF/X, preflight, images) → print
package → web edition → report, staged as one generation and published whole.

Three named phases, which `build` runs here and `build-many` (edition/many.py) runs on Dask
workers, so one code path writes the bytes: `prepare` (read the issue, key its pages, find
them in the build cache, list the tasks left), the page tasks (pages.py: lay out a jump group,
then each page's PDF/X, preflight and web images, into the build cache), and `finish` (stage
the print package, the web edition and the report as one generation and publish it whole).

Pages whose inputs are unchanged come from the build cache (pagecache.py); `build` runs the rest
on a pool of processes. Cached, parallel and `--jobs 1` builds write the same bytes. A build
that ends with errors publishes nothing unless asked to: its proofs and report go to
`OUT/<issue>.proof/` (generation.py).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from layout.edition.generation import Generation, generation
from layout.edition.pagecache import Store, canonical, digest_bytes, page_keys
from layout.edition.pages import (
    STAGES,
    PageJob,
    PageResult,
    Task,
    cached,
    default_jobs,
    jump_groups,
    run_tasks,
)
from layout.edition.print import package as printpack
from layout.edition.report import BuildReport, PageReport, Timer, report_json
from layout.edition.report_html import report_html
from layout.edition.web.images import checked
from layout.errors import OutputError, PageSelectionError
from layout.files import place_file, write_atomic
from layout.fonts import FontRole, font_set
from layout.model import Issue
from layout.pipeline import open_issue
from layout.style import StyleFactory
from layout.press import CHECKSUMS, page_label

__all__ = ["BuildOptions", "BuildReport", "PageReport", "Prepared", "Progress", "announce", "build",
           "finish", "prepare", "write_atomic"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build and where."""

    out: Path = Path("output")
    pages: frozenset[str] | None = None
    """Folios to build (None: all); the others are taken from the cache or the last build."""
    strict: bool = False
    """Warnings (missing glyphs, underflow) fail the build too."""
    web: bool = True
    """Write the digital edition (False: `--no-web`, print files and report only)."""
    jobs: int | None = None
    """Processes for the page work (None: one per CPU; 1: all in this process)."""
    cache: Path | None = None
    """The build cache folder (None: `$BANMIAN_CACHE/build`)."""
    publish_with_errors: bool = False
    """Publish the generation even if the build has errors (the live preview does)."""
    lock_wait: float = 600.0
    """Seconds to wait for another build writing the same issue folder."""
    archive: bool = True
    """Rewrite the output root's archive page (`OUT/index.html`) after publishing; build-many
    writes it once at the end instead."""
    base_url: str = ""
    """The URL OUT is published at (`--base-url`): makes the IIIF ids absolute."""
    style: StyleFactory | None = None
    """A house style to build with instead of the one the manifest names (a function of the
    body size, like the entries of `layout.style.STYLES`; module-level, so it pickles)."""


Progress = Callable[[str, object], None]
"""Build events: ("stages", {stage: pages}) once, then (stage, folio) as each page finishes a
stage (layout, pdf, images; pages from the cache count at once), then ("page", PageReport)
for every page in page order; ("waiting", message) if another build holds the output."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """An issue read, its pages keyed and looked up in the build cache: what is left to do.

    Small and picklable (no fonts, no file contents): `build-many` sends it to Dask workers,
    which run its `tasks` and `finish` it; `build` does all of that in this process."""

    issue: Issue
    roles: tuple[FontRole, ...]
    keys: dict[str, str]
    """Folio → page cache key (pagecache.page_keys)."""
    store: Store
    options: BuildOptions
    folios: tuple[str, ...]
    """The pages to build (all, or those `--pages` selected), in issue order."""
    cached: dict[str, PageResult]
    """The selected pages the cache has whole: nothing to do."""
    tasks: tuple[Task, ...]
    """The work left: jump groups to lay out, pages whose images alone are missing."""
    timer: Timer
    """Time spent so far (load, cache; `build` adds the pool's wall time)."""

    def job(self) -> PageJob:
        """What the page tasks need, with this process's copy of the fonts (loaded once)."""
        images = checked(self.issue.style.web, self.issue.style.name) if self.options.web else None
        return PageJob(self.issue, font_set(self.roles), self.keys, self.store,
                       self.options.strict, images)


def build(issue_dir: Path, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build the issue in `issue_dir` into `options.out/<issue>/`. Raises ManifestError on bad
    input, OutputError when the output cannot be written.

    1. prepare: the manifest, the model, the fonts, each page from the cache or a task to do;
    2. run the tasks on a pool of processes; 3. finish: stage the print package, the web
    edition and the report, publish them together (or keep them as proofs when the build has
    errors), then the archive page of the output root."""
    tell = progress or (lambda event, payload: None)
    with ExitStack() as stack:
        store = _store(options.cache, stack)
        prepared = prepare(issue_dir, options, store)
        announce(prepared, tell)
        with prepared.timer("pages"):
            built = run_tasks(prepared.job(), list(prepared.tasks),
                              options.jobs or default_jobs(), tell)
        report = finish(prepared, built, tell)
    store.prune()
    return report


def prepare(issue_dir: Path, options: BuildOptions, store: Store) -> Prepared:
    """Read the issue, key its pages and look them up in `store`: every selected page is
    cached whole, or in a task — a jump group to lay out, or a page whose images are missing."""
    timer = Timer()
    with timer("load"):
        opened = open_issue(issue_dir, options.style)
        issue, roles, fonts = opened.issue, opened.roles, opened.fonts
    folios = _selected(issue, options.pages)
    keys = page_keys(issue, fonts, options.strict)
    prepared = Prepared(issue, roles, keys, store, options, tuple(folios), {}, (), timer)
    job = prepared.job()
    with timer("cache"):
        results = {f: r for f in folios if (r := cached(job, f)) is not None}
        have_pdf = [f for f in folios if f not in results
                    and store.get("pages", keys[f]) is not None]
    missing = [f for f in folios if f not in results and f not in have_pdf]
    tasks = [Task(layout=group) for group in jump_groups(issue, missing)]
    tasks += [Task(images=(f,)) for f in have_pdf]
    return replace(prepared, cached=results, tasks=tuple(tasks))


def announce(prepared: Prepared, tell: Progress) -> None:
    """The progress display's stages, and the pages the cache had (every stage done)."""
    web = prepared.options.web
    tell("stages", {s: len(prepared.folios) for s in STAGES if s != "images" or web})
    for folio in prepared.cached:
        for stage in STAGES:
            tell(stage, folio)


def finish(prepared: Prepared, built: list[PageResult],
           progress: Progress | None = None) -> BuildReport:
    """Stage the print package, the web edition and the report from the cached and the `built`
    pages, then publish them together (or keep them as proofs when the build has errors)."""
    tell = progress or (lambda event, payload: None)
    issue, options = prepared.issue, prepared.options
    timer = Timer()  # a copy: a finish that is run again (a Dask retry) counts once
    timer.stages.update(prepared.timer.stages)
    results = {**prepared.cached, **{r.folio: r for r in built}}
    for result in results.values():
        for stage, seconds in result.seconds.items():
            timer.add(stage, seconds)
    report = BuildReport(issue.slug, options.out / issue.slug)
    report.cache = {"built": sum(1 for r in results.values() if r.seconds),
                    "cached": sum(1 for r in results.values() if not r.seconds)}
    try:
        with generation(options.out, issue.slug, options.lock_wait,
                        lambda message: tell("waiting", message)) as gen:
            _stage_and_publish(gen, prepared, results, report, timer)
    except OSError as error:
        raise OutputError(f"cannot write the output in {options.out}: "
                          f"{error.strerror or error}") from None
    for page in report.pages:
        tell("page", page)
    return report


def _stage_and_publish(gen: Generation, prepared: Prepared, results: dict[str, PageResult],
                       report: BuildReport, timer: Timer) -> None:
    """Everything into the staging folder, then published (or kept as proofs)."""
    issue, options, store = prepared.issue, prepared.options, prepared.store
    results = {**results, **_other_pages(prepared)}
    present = [p.folio for p in issue.pages if p.folio in results]
    errors = sum(len(results[f].report().errors) for f in present)
    final = gen.published if not errors or options.publish_with_errors else gen.proof
    report.out_dir = final
    report.published = final == gen.published
    report.pages = [_page_report(results[f], issue, final) for f in present]
    with timer("print"):
        report.files.update(_print_package(issue, results, present, gen.staging, final, store))
    if options.web:
        with timer("web"):
            _web(issue, results, report, gen, final, prepared)
    report.timings = {k: round(v, 3) for k, v in timer.stages.items()}
    _write_report(issue, report, gen.staging)
    if report.published:
        gen.publish()
        if options.web and options.archive:
            from layout.edition.web.site import write_archive

            report.files["archive"] = str(write_archive(options.out))
    else:
        gen.keep_as_proof()


def _other_pages(prepared: Prepared) -> dict[str, PageResult]:
    """For a --pages build: the pages it did not build, as the cache knows them (a page whose
    inputs are unchanged since it was built). Pages the cache does not know are left out."""
    if prepared.options.pages is None:
        return {}
    job = prepared.job()
    return {p.folio: r for p in prepared.issue.pages
            if p.folio not in prepared.folios and (r := cached(job, p.folio)) is not None}


def _store(folder: Path | None, stack: ExitStack) -> Store:
    """The build cache, or a temporary one for this build when the cache cannot be written."""
    store = Store(folder)
    try:
        store.root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=store.root, prefix=".probe"):
            pass
        return store
    except OSError:
        return Store(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="banmian-"))))


def _selected(issue: Issue, pages: frozenset[str] | None) -> list[str]:
    """The folios to build, in issue order; `--pages 01` selects folio 1 (they print alike)."""
    folios = [p.folio for p in issue.pages]
    if pages is None:
        return folios
    labels = {page_label(f) for f in pages}
    unknown = sorted(f for f in pages if page_label(f) not in {page_label(g) for g in folios})
    if unknown:
        raise PageSelectionError(f"no page {', '.join(unknown)} in this issue "
                                 f"(pages: {', '.join(folios)})")
    return [f for f in folios if page_label(f) in labels]


def _page_report(result: PageResult, issue: Issue, out: Path) -> PageReport:
    report = result.report()
    report.files["pdf"] = str(out / "print" / printpack.page_file(issue, result.folio))
    return report


def _print_package(issue: Issue, results: dict[str, PageResult], folios: list[str],
                   staging: Path, final: Path, store: Store) -> dict[str, str]:
    """Page PDFs under their print names, the whole-issue PDF (when every page is there),
    SHA256SUMS: staged, named by where they will be read from."""
    digests = {}
    for folio in folios:
        name = printpack.page_file(issue, folio)
        place_file(results[folio].entry.file("page.pdf"), staging / "print" / name)
        digests[name] = results[folio].data["pdf_sha256"]
    files = {}
    if len(folios) == len(issue.pages):
        name = f"{issue.slug}.pdf"
        entry = _issue_pdf(issue, [results[f] for f in folios], store)
        place_file(entry.file("issue.pdf"), staging / "print" / name)
        digests[name] = entry.record["data"]["sha256"]
        files["issue_pdf"] = str(final / "print" / name)
    write_atomic(staging / "print" / CHECKSUMS, printpack.checksums(digests))
    files["checksums"] = str(final / "print" / CHECKSUMS)
    return files


def _issue_pdf(issue: Issue, pages: list[PageResult], store: Store):
    """The whole issue as one PDF/X file, from the cache when its pages are unchanged."""
    key = digest_bytes("".join([issue.slug, issue.newspaper.name, issue.date.isoformat(),
                                str(issue.number), canonical(issue.style.press)]
                               + [p.data["pdf_sha256"] for p in pages]).encode("utf-8"))
    entry = store.get("issues", key)
    if entry is None:
        pdf = printpack.issue_pdf(issue, [p.entry.file("page.pdf").read_bytes() for p in pages])
        entry = store.put("issues", key, {"issue.pdf": pdf}, {"sha256": digest_bytes(pdf)})
    return entry


def _web(issue: Issue, results: dict[str, PageResult], report: BuildReport, gen: Generation,
         final: Path, prepared: Prepared) -> None:
    from layout.edition.web.site import WebInput, WebPage, write_web

    store, base_url = prepared.store, prepared.options.base_url
    pages = {f: WebPage(f, r.entry.file("page.pdf"), r.data, r.images, r.entry.file("alto.xml"))
             for f, r in results.items()}
    issue_pdf = gen.staging / "print" / f"{issue.slug}.pdf"  # staged just before
    web = write_web(WebInput(issue, pages, store, issue_pdf if issue_pdf.is_file() else None,
                             base_url), gen.staging / "web", gen.published / "web", final / "web")
    report.files.update(web.files())
    for page_report in report.pages:
        page_report.files.update(web.page_files(page_report.folio))


def _write_report(issue: Issue, report: BuildReport, staging: Path) -> None:
    final = report.out_dir
    report.files["report"] = str(final / "report.json")
    report.files["report_html"] = str(final / "report.html")
    data = report_json(issue, report)
    write_atomic(staging / "report.json", json.dumps(data, ensure_ascii=False, indent=2).encode())
    write_atomic(staging / "report.html", report_html(data))
