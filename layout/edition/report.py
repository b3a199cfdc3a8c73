"""The build report: per page its articles (overflow, underflow, missing glyphs, copyfitting), its
preflight, errors, warnings and notes; for the issue its files and stage timings (report.json)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from layout.edition.print.preflight import PagePreflight
from layout.flow.elements import PageLayout
from layout.model import Issue


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

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> PageReport:
        return cls(**data)


@dataclass
class BuildReport:
    issue: str
    out_dir: Path
    pages: list[PageReport] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    cache: dict[str, int] = field(default_factory=dict)
    """How many pages were built, and how many came from the build cache."""
    published: bool = True
    """False: the build had errors and its output is in the proof folder (`out_dir`)."""

    @property
    def errors(self) -> int:
        return sum(len(p.errors) for p in self.pages)

    @property
    def warnings(self) -> int:
        return sum(len(p.warnings) for p in self.pages)


class Timer:
    """Accumulates wall time per stage."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds

    def __call__(self, stage: str):
        timer = self

        class _Span:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                timer.add(stage, time.perf_counter() - self.t)

        return _Span()


def check_articles(issue: Issue, layout: PageLayout, report: PageReport, strict: bool) -> None:
    """Overflow is an error; missing glyphs and large underflow are warnings (errors if strict)."""
    blocks = {a.id: a for a in issue.articles()}
    for art in layout.articles:
        entry = {"id": art.article_id, "continuation": art.continuation,
                 "underflow_lines": art.underflow_lines, "overflow": None,
                 "missing_glyphs": [], "runts": art.runts, "copyfit_tracking_em": art.tracking}
        if art.tracking:
            report.notes.append(f"article `{art.article_id}` on page {layout.folio} copyfitted: "
                                f"body tracking {art.tracking:+.2f} em")
        if art.head_overflow:
            report.errors.append(
                f"article `{art.article_id}`'s headline needs {art.head_overflow} more lines than "
                f"its module on page {layout.folio} has: shorten it or make the module taller")
            entry["head_overflow_lines"] = art.head_overflow
        for run in art.forced:
            report.warnings.append(
                f"article `{art.article_id}` on page {layout.folio}: “{run}” is wider than its "
                f"column and has no place to break; broken between characters (check the copy)")
        cleaned = blocks[art.article_id].cleaned if art.article_id in blocks else ()
        if cleaned and not art.continuation:
            report.notes.append(f"article `{art.article_id}`'s text file: " + "; ".join(cleaned))
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


def add_preflight(page_report: PageReport, result: PagePreflight, strict: bool) -> None:
    """Put a page's preflight into its build report: the findings join the page's errors and
    warnings (warnings count as errors with --strict), and the per-page listing gains the
    layout's own findings, missing glyphs and overflow."""
    listing = result.as_json()
    listing["missing_glyphs"] = sorted({m["char"] for a in page_report.articles
                                        for m in a["missing_glyphs"]})
    listing["overflow"] = [a["id"] for a in page_report.articles if a["overflow"]]
    page_report.preflight = listing
    page_report.errors.extend(result.errors)
    (page_report.errors if strict else page_report.warnings).extend(result.warnings)


def report_json(issue: Issue, report: BuildReport) -> dict:
    """The build report as JSON-able data (report.json)."""
    return {
        "issue": issue.slug,
        "newspaper": issue.newspaper.name,
        "date": issue.date.isoformat(),
        "number": issue.number,
        "summary": {"pages": len(report.pages), "errors": report.errors,
                    "warnings": report.warnings, "published": report.published},
        "pages": [{"folio": p.folio, "section": p.section, "color": p.color,
                   "articles": p.articles, "errors": p.errors, "warnings": p.warnings,
                   "notes": p.notes,
                   "files": p.files, "preflight": p.preflight} for p in report.pages],
        "files": report.files,
        "cache": report.cache,
        "timings_s": report.timings,
    }
