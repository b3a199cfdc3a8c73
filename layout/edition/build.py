"""Build an issue end to end: manifest → model → layout → display → PDFs → web edition → report."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from layout.display import PageDisplay, display_page
from layout.edition import printpack
from layout.edition.report_html import report_html
from layout.flow.elements import PageLayout
from layout.flow.page import layout_issue
from layout.fontconv import FontFile, truetype_files
from layout.fonts import FontSet, default_roles
from layout.manifest import LoadedIssue, load_issue
from layout.model import Issue
from layout.resolve import resolve


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What to build and where."""

    out: Path = Path("output")
    pages: frozenset[str] | None = None
    """Folios to build (None: all)."""
    strict: bool = False
    """Warnings (missing glyphs, underflow) fail the build too."""


@dataclass
class PageReport:
    """The outcome of one page (mutable while the build runs, then written as JSON)."""

    folio: str
    section: str
    color: str
    articles: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the engine did on its own (copyfitting), for the editor's information."""
    files: dict[str, str] = field(default_factory=dict)
    preflight: dict = field(default_factory=dict)
    """The print preflight of the page PDF (edition/preflight.py)."""


@dataclass
class BuildReport:
    issue: str
    out_dir: Path
    pages: list[PageReport] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(len(p.errors) for p in self.pages)

    @property
    def warnings(self) -> int:
        return sum(len(p.warnings) for p in self.pages)


Progress = Callable[[str, PageReport | None], None]


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


class Timer:
    """Accumulates wall time per stage."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    def __call__(self, stage: str):
        timer = self

        class _Span:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                timer.stages[stage] = timer.stages.get(stage, 0.0) + time.perf_counter() - self.t

        return _Span()


def build(issue_dir: Path, options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Build the issue in `issue_dir` into `options.out/<issue>/`. Raises ManifestError on bad input."""
    timer = Timer()
    with timer("load"):
        loaded: LoadedIssue = load_issue(issue_dir)
        issue = resolve(loaded.spec, loaded.root)
        fonts = FontSet.load(default_roles(issue.fonts))
    folios = _selected(issue, options.pages)
    with timer("layout"):
        layouts = layout_issue(issue, fonts, set(folios))
    with timer("fonts"):
        font_files = _font_files(fonts, (display_page(layouts[f]) for f in folios))
    out = options.out / issue.slug
    report = BuildReport(issue.slug, out)
    pdfs: dict[str, bytes] = {}
    for folio in folios:
        page_report, pdf = _build_page(issue, layouts[folio], font_files, out, options, timer)
        report.pages.append(page_report)
        pdfs[folio] = pdf
        if progress:
            progress("page", page_report)
    with timer("pdf"):
        if options.pages is None:
            report.files["issue_pdf"] = _write_issue_pdf(issue, pdfs, out)
        sums = [Path(p.files["pdf"]) for p in report.pages] + \
            ([Path(report.files["issue_pdf"])] if "issue_pdf" in report.files else [])
        write_atomic(out / "print" / "SHA256SUMS", printpack.checksums(sums))
        report.files["checksums"] = str(out / "print" / "SHA256SUMS")
    with timer("web"):  # the digital edition from the page PDFs; web.py imports write_atomic
        from layout.edition.web import WebInput, write_web
        web = write_web(WebInput(issue, pdfs, {f: display_page(layouts[f]) for f in folios}),
                        out, options.out)
        report.files.update(web.files())
        for page_report in report.pages:
            page_report.files.update(web.page_files(page_report.folio))
    report.timings = {k: round(v, 3) for k, v in timer.stages.items()}
    write_atomic(out / "report.json", json.dumps(report_json(issue, report), ensure_ascii=False,
                                                 indent=2).encode("utf-8"))
    report.files["report"] = str(out / "report.json")
    write_atomic(out / "report.html", report_html(report_json(issue, report)))
    report.files["report_html"] = str(out / "report.html")
    return report


def _selected(issue: Issue, pages: frozenset[str] | None) -> list[str]:
    folios = [p.folio for p in issue.pages]
    if pages is None:
        return folios
    unknown = sorted(set(pages) - set(folios))
    if unknown:
        raise ValueError(f"no page {', '.join(unknown)} in this issue (pages: {', '.join(folios)})")
    return [f for f in folios if f in pages]


def _build_page(issue: Issue, layout: PageLayout, font_files: dict[str, FontFile], out: Path,
                options: BuildOptions, timer: Timer) -> tuple[PageReport, bytes]:
    report = PageReport(layout.folio, layout.section, layout.color)
    _check_articles(issue, layout, report, options.strict)
    display: PageDisplay = display_page(layout)
    with timer("pdf"):  # PDF/X, named by the house style's pattern (edition/printpack.py)
        pdf = printpack.page_pdf(issue, display, font_files)
        path = out / "print" / printpack.page_file(issue, layout.folio)
        write_atomic(path, pdf)
        report.files["pdf"] = str(path)
    with timer("preflight"):
        result = printpack.preflight_page(issue, display, pdf, path.name)
        printpack.add_preflight(report, result, options.strict)
    return report, pdf


def _font_files(fonts: FontSet, pages: Iterable[PageDisplay]) -> dict[str, FontFile]:
    """A TrueType file per role covering what `pages` draw (CFF user faces converted on demand;
    `pages` is only consumed if there is one)."""
    return truetype_files(fonts, pages)


def _check_articles(issue: Issue, layout: PageLayout, report: PageReport, strict: bool) -> None:
    """Overflow is an error; missing glyphs and large underflow are warnings (errors if strict)."""
    blocks = {a.id: a for a in issue.articles()}
    for art in layout.articles:
        entry = {"id": art.article_id, "continuation": art.continuation,
                 "underflow_lines": art.underflow_lines, "overflow": None,
                 "missing_glyphs": [], "runts": art.runts, "copyfit_tracking_em": art.tracking}
        if art.tracking:
            report.notes.append(f"article `{art.article_id}` on page {layout.folio} copyfitted: "
                                f"body tracking {art.tracking:+.2f} em")
        if art.overflow:
            o = art.overflow
            entry["overflow"] = {"lines": o.lines, "chars": o.chars, "starts_with": o.first_words}
            report.errors.append(
                f"article `{art.article_id}` overflows by {o.chars} characters ({o.lines} lines) "
                f"on page {layout.folio}, from “{o.first_words}…”")
        for miss in art.missing:
            where = "byline" if miss.block < 0 else f"paragraph {miss.block + 1}"
            msg = (f"article `{art.article_id}` on page {layout.folio}, {where}: no font has "
                   f"“{miss.char}” (U+{ord(miss.char):04X}); printed 〓")
            entry["missing_glyphs"].append({"char": miss.char, "codepoint": f"U+{ord(miss.char):04X}",
                                            "paragraph": miss.block + 1})
            (report.errors if strict else report.warnings).append(msg)
        if art.underflow_lines > 2 and art.article_id in blocks:
            msg = (f"article `{art.article_id}` leaves {art.underflow_lines} empty lines at the "
                   f"bottom of its module on page {layout.folio}")
            (report.errors if strict else report.warnings).append(msg)
        report.articles.append(entry)


def _write_issue_pdf(issue: Issue, pdfs: dict[str, bytes], out: Path) -> str:
    """The whole issue as one PDF/X file."""
    path = out / "print" / f"{issue.slug}.pdf"
    write_atomic(path, printpack.issue_pdf(issue, [pdfs[p.folio] for p in issue.pages]))
    return str(path)


def report_json(issue: Issue, report: BuildReport) -> dict:
    """The build report as JSON-able data (report.json)."""
    return {
        "issue": issue.slug,
        "newspaper": issue.newspaper.name,
        "date": issue.date.isoformat(),
        "number": issue.number,
        "summary": {"pages": len(report.pages), "errors": report.errors,
                    "warnings": report.warnings},
        "pages": [{"folio": p.folio, "section": p.section, "color": p.color,
                   "articles": p.articles, "errors": p.errors, "warnings": p.warnings,
                   "notes": p.notes,
                   "files": p.files, "preflight": p.preflight} for p in report.pages],
        "files": report.files,
        "timings_s": report.timings,
    }
