"""Build an issue end to end: manifest → model → pages (layout, PDF/X, preflight, images) → print
package → web edition → report.

Pages whose inputs are unchanged come from the build cache (pagecache.py); the rest are built
by a pool of processes, one task per page or jump group (pages.py). Cached, parallel and
`--jobs 1` builds write the same bytes.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from layout.edition import printpack
from layout.edition.pagecache import Store, digest_bytes
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
from layout.edition.report import BuildReport, PageReport, Timer, report_json
from layout.edition.report_html import report_html
from layout.edition.webimages import ImageSettings
from layout.fonts import FontSet, default_roles
from layout.fsutil import place_file, write_atomic
from layout.manifest import LoadedIssue, load_issue
from layout.model import Issue
from layout.resolve import resolve

__all__ = ["BuildOptions", "BuildReport", "PageReport", "Progress", "build", "write_atomic"]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build and where."""

    out: Path = Path("output")
    pages: frozenset[str] | None = None
    """Folios to build (None: all)."""
    strict: bool = False
    """Warnings (missing glyphs, underflow) fail the build too."""
    web: bool = True
    """Write the digital edition (False: `--no-web`, print files and report only)."""
    jobs: int | None = None
    """Processes for the page work (None: one per CPU; 1: all in this process)."""
    cache: Path | None = None
    """The build cache folder (None: `$BANMIAN_CACHE/build`)."""
    base_url: str = ""
    """The URL OUT is published at (`--base-url`): makes the IIIF ids absolute."""


Progress = Callable[[str, object], None]
"""Build events: ("stages", {stage: pages}) once, then (stage, folio) as each page finishes a
stage (layout, pdf, images; pages from the cache count at once), then ("page", PageReport)
for every page in page order."""


def build(issue_dir: Path, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build the issue in `issue_dir` into `options.out/<issue>/`. Raises ManifestError on bad input.

    1. load the manifest, the model and the fonts; 2. find each page in the cache or build it;
    3. the print package; 4. the web edition; 5. report.json and report.html."""
    tell = progress or (lambda event, payload: None)
    timer = Timer()
    with timer("load"):
        loaded: LoadedIssue = load_issue(issue_dir)
        issue = resolve(loaded.spec, loaded.root)
        fonts = FontSet.load(default_roles(issue.fonts))
    folios = _selected(issue, options.pages)
    out = options.out / issue.slug
    report = BuildReport(issue.slug, out)
    with ExitStack() as stack:
        store = _store(options.cache, stack)
        job = PageJob(issue, fonts, _keys(issue, fonts, options), store, options.strict,
                      ImageSettings.from_style(issue.style) if options.web else None)
        results = _pages(job, folios, options, tell, timer)
        report.cache = {"built": sum(1 for r in results.values() if r.seconds),
                        "cached": sum(1 for r in results.values() if not r.seconds)}
        report.pages = [_page_report(results[f], issue, out) for f in folios]
        with timer("print"):
            report.files.update(_print_package(issue, results, folios, out, options, store))
        if options.web:
            with timer("web"):
                _web(issue, results, report, options, store)
    for page in report.pages:
        tell("page", page)
    report.timings = {k: round(v, 3) for k, v in timer.stages.items()}
    _write_report(issue, report)
    store.prune()
    return report


def _keys(issue: Issue, fonts: FontSet, options: BuildOptions) -> dict[str, str]:
    from layout.edition.pagecache import page_keys

    return page_keys(issue, fonts, options.strict)


def _store(folder: Path | None, stack: ExitStack) -> Store:
    """The build cache, or a temporary one for this build when the cache cannot be written."""
    store = Store(folder)
    try:
        store.root.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=store.root, prefix=".probe")
        probe.close()
        return store
    except OSError:
        return Store(Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="banmian-"))))


def _selected(issue: Issue, pages: frozenset[str] | None) -> list[str]:
    folios = [p.folio for p in issue.pages]
    if pages is None:
        return folios
    unknown = sorted(set(pages) - set(folios))
    if unknown:
        raise ValueError(f"no page {', '.join(unknown)} in this issue (pages: {', '.join(folios)})")
    return [f for f in folios if f in pages]


def _pages(job: PageJob, folios: list[str], options: BuildOptions, tell: Progress,
           timer: Timer) -> dict[str, PageResult]:
    """Every selected page: from the cache, or built (laid out, or only its images made)."""
    tell("stages", {s: len(folios) for s in STAGES if s != "images" or options.web})
    with timer("cache"):
        results = {f: r for f in folios if (r := cached(job, f)) is not None}
        for folio in results:
            for stage in STAGES:
                tell(stage, folio)
        have_pdf = [f for f in folios if f not in results
                    and job.store.get("pages", job.keys[f]) is not None]
    missing = [f for f in folios if f not in results and f not in have_pdf]
    tasks = [Task(layout=group) for group in jump_groups(job.issue, missing)]
    tasks += [Task(images=(f,)) for f in have_pdf]
    with timer("pages"):
        for result in run_tasks(job, tasks, options.jobs or default_jobs(), tell):
            results[result.folio] = result
    for result in results.values():
        for stage, seconds in result.seconds.items():
            timer.add(stage, seconds)
    return results


def _page_report(result: PageResult, issue: Issue, out: Path) -> PageReport:
    report = result.report()
    report.files["pdf"] = str(out / "print" / printpack.page_file(issue, result.folio))
    return report


def _print_package(issue: Issue, results: dict[str, PageResult], folios: list[str], out: Path,
                   options: BuildOptions, store: Store) -> dict[str, str]:
    """Page PDFs under their print names, the whole-issue PDF (full builds), SHA256SUMS."""
    digests = {}
    for folio in folios:
        name = printpack.page_file(issue, folio)
        place_file(results[folio].entry.file("page.pdf"), out / "print" / name)
        digests[name] = results[folio].data["pdf_sha256"]
    files = {}
    if options.pages is None:
        name = f"{issue.slug}.pdf"
        entry = _issue_pdf(issue, [results[f] for f in folios], store)
        place_file(entry.file("issue.pdf"), out / "print" / name)
        digests[name] = entry.record["data"]["sha256"]
        files["issue_pdf"] = str(out / "print" / name)
    write_atomic(out / "print" / printpack.CHECKSUMS, printpack.checksums(digests))
    files["checksums"] = str(out / "print" / printpack.CHECKSUMS)
    return files


def _issue_pdf(issue: Issue, pages: list[PageResult], store: Store):
    """The whole issue as one PDF/X file, from the cache when its pages are unchanged."""
    key = digest_bytes("".join([issue.slug, issue.newspaper.name, issue.date.isoformat(),
                                str(issue.number), repr(issue.style.press)]
                               + [p.data["pdf_sha256"] for p in pages]).encode("utf-8"))
    entry = store.get("issues", key)
    if entry is None:
        pdf = printpack.issue_pdf(issue, [p.entry.file("page.pdf").read_bytes() for p in pages])
        entry = store.put("issues", key, {"issue.pdf": pdf}, {"sha256": digest_bytes(pdf)})
    return entry


def _web(issue: Issue, results: dict[str, PageResult], report: BuildReport,
         options: BuildOptions, store: Store) -> None:
    from layout.edition.web import WebInput, WebPage, write_web

    pages = {f: WebPage(f, r.entry.file("page.pdf"), r.data, r.images, r.entry.file("alto.xml"))
             for f, r in results.items()}
    issue_pdf = report.files.get("issue_pdf")
    web = write_web(WebInput(issue, pages, store, Path(issue_pdf) if issue_pdf else None,
                             options.base_url), report.out_dir, options.out)
    report.files.update(web.files())
    for page_report in report.pages:
        page_report.files.update(web.page_files(page_report.folio))


def _write_report(issue: Issue, report: BuildReport) -> None:
    out = report.out_dir
    data = report_json(issue, report)
    report.files["report"] = str(out / "report.json")
    report.files["report_html"] = str(out / "report.html")
    data["files"] = report.files
    write_atomic(out / "report.json", json.dumps(data, ensure_ascii=False, indent=2).encode())
    write_atomic(out / "report.html", report_html(data))
