"""The `banmian` command line: parse arguments, call the library, print progress and problems.

Exit codes: 0 ok · 1 the build finished with errors (overflow, preflight) · 2 bad input.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import click

from layout.cli.check import check as check_command
from layout.cli.fonts import fonts as fonts_command
from layout.cli.many import build_many as build_many_command
from layout.cli.preview import preview as preview_command
from layout.cli.failures import err, reported
from layout.errors import Exit
from layout.files import TEMPLATES
from layout.manifest.schema import json_schema

TEMPLATE = TEMPLATES / "new-issue"


MAX_FOLIO = 999
"""Folios have at most three digits (the manifest's rule), so no range needs to go further."""


def parse_pages(spec: str | None) -> frozenset[str] | None:
    """`1,3-4,A2` → {'1', '3', '4', 'A2'}; ranges keep a letter prefix (`A1-A3`)."""
    if not spec:
        return None
    if len(spec) > 2000:
        raise click.BadParameter("the page list is longer than 2000 characters",
                                 param_hint="--pages")
    out: set[str] = set()
    for part in (p.strip() for p in spec.split(",") if p.strip()):
        m = re.fullmatch(r"([A-Z]?)(\d+)-\1?(\d+)", part)
        if m:
            prefix, lo, hi = m.group(1), int(m.group(2)), int(m.group(3))
            if hi < lo:
                raise click.BadParameter(f"page range {part!r} runs backwards", param_hint="--pages")
            if hi > MAX_FOLIO:
                raise click.BadParameter(f"page range {part!r} goes past page {MAX_FOLIO}, the "
                                         f"highest folio an issue can have", param_hint="--pages")
            out.update(f"{prefix}{n}" for n in range(lo, hi + 1))
        elif re.fullmatch(r"[A-Z]?\d+", part):
            out.add(part)
        else:
            raise click.BadParameter(f"{part!r} is not a page or page range", param_hint="--pages")
    return frozenset(out)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="banmian")
def main() -> None:
    """Banmian (版面): lay out a newspaper issue into print PDFs and web-edition images."""


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Output root; the issue goes into OUT/<issue folder name>/.")
@click.option("--pages", help="Only these pages, e.g. 1,3-4 (default: all).")
@click.option("--strict", is_flag=True, help="Treat warnings (missing glyphs, underflow) as errors.")
@click.option("--no-web", is_flag=True,
              help="Print files and report only: skip the digital edition (page images, viewer).")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Processes for the page work (default: one per CPU). Any number gives the "
                   "same files.")
@click.option("--publish-with-errors", is_flag=True,
              help="Publish even if the build has errors (default: keep it in OUT/<issue>.proof/).")
@click.option("--base-url", default="", metavar="URL",
              help="Where OUT will be published (https://…/): IIIF manifests and image "
                   "services get absolute ids.")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
def build(issue_dir: Path, out: Path, pages: str | None, strict: bool, no_web: bool,
          jobs: int | None, publish_with_errors: bool, base_url: str, debug: bool) -> None:
    """Build ISSUE_DIR: print PDFs, web edition and report.json under OUT.

    Unchanged pages come from the build cache ($BANMIAN_CACHE/build, default
    ~/.cache/banmian/build), so a rebuild after an edit redoes only the pages it touches.
    The output is published as a whole at the end; a build with errors publishes nothing
    (its proofs and report are in OUT/<issue>.proof/) unless --publish-with-errors."""
    from layout.edition.build import BuildOptions
    from layout.edition.build import build as run_build

    options = BuildOptions(out=out, pages=parse_pages(pages), strict=strict, web=not no_web,
                           jobs=jobs, publish_with_errors=publish_with_errors,
                           base_url=base_url)
    progress = _Progress()
    with reported(debug), progress:
        report = run_build(issue_dir, options, progress.event)
    _summary(report)
    sys.exit(Exit.ERRORS if report.errors else Exit.OK)


class _Progress:
    """On a terminal, a bar per stage (pages laid out, PDFs written, images made) for builds of
    more than a few pages; one summary line per page, always (stderr stays quiet otherwise)."""

    MIN_PAGES = 4

    def __init__(self) -> None:
        self.live = sys.stderr.isatty() and not os.environ.get("CI")
        self.bar = None
        self.tasks: dict[str, object] = {}

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def event(self, event: str, payload) -> None:
        if event == "stages":
            self._start(payload)
        elif event == "waiting":
            err(str(payload))
        elif event == "page":
            self._line(_page_line(payload))
        elif self.bar and event in self.tasks:
            self.bar.advance(self.tasks[event])
            self.bar.refresh()

    def _start(self, stages: dict[str, int]) -> None:
        if not self.live or max(stages.values(), default=0) < self.MIN_PAGES:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        # no refresh thread: the page pool forks after this, and a fork must not copy a
        # thread that may hold the terminal's lock
        self.bar = Progress(TextColumn("{task.description:<16}"), BarColumn(),
                            MofNCompleteColumn(), transient=True, auto_refresh=False)
        labels = {"layout": "pages laid out", "pdf": "PDFs written", "images": "images made"}
        for stage, total in stages.items():
            self.tasks[stage] = self.bar.add_task(labels.get(stage, stage), total=total)
        self.bar.start()

    def _line(self, line: str) -> None:
        if self.bar:
            self.bar.stop()
            self.bar = None
        click.echo(line)


def _page_line(page) -> str:
    over = [a for a in page.articles if a["overflow"]]
    parts = [f"page {page.folio} {page.section}: {len(page.articles)} articles",
             f"overflow {len(over)}", f"warnings {len(page.warnings)}",
             f"errors {len(page.errors)}", f"→ {page.files.get('pdf', '-')}"]
    lines = [", ".join(parts)]
    lines += [f"  error: {e}" for e in page.errors]
    lines += [f"  warning: {w}" for w in page.warnings]
    lines += [f"  note: {n}" for n in page.notes]
    return "\n".join(lines)


def _summary(report) -> None:
    cached = report.cache.get("cached", 0)
    note = f" ({cached} unchanged, from the build cache)" if cached else ""
    click.echo(f"{len(report.pages)} pages{note}, {report.errors} errors, "
               f"{report.warnings} warnings")
    if not report.published:
        click.echo(f"NOT PUBLISHED (errors): proofs and report in {report.out_dir}; "
                   f"the last good build stays in {report.out_dir.with_name(report.issue)} "
                   f"(--publish-with-errors publishes anyway)")
    click.echo(f"print PDFs:  {report.out_dir / 'print'}")
    if "viewer" in report.files:
        click.echo(f"thumbnails:  {report.out_dir / 'web' / 'thumbs'}")
    if "viewer" in report.files:
        click.echo(f"e-paper:     {report.files['viewer']} (open in a browser)")
        click.echo(f"pages.json:  {report.files['pages_json']}")
        if "archive" in report.files:
            click.echo(f"archive:     {report.files['archive']} (every issue here, by date)")
    click.echo(f"report:      {report.out_dir / 'report.json'}")


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
def validate(issue_dir: Path) -> None:
    """Check ISSUE_DIR's manifest, every file it references and every image's resolution at its
    placed size — all that the build checks before it writes anything; build nothing."""
    from layout.edition.validation import validate_issue

    with reported(count=True):
        checked = validate_issue(issue_dir)
    for warning in checked.warnings:
        err(f"warning: {warning}")
    loaded = checked.loaded
    spec = loaded.spec
    n = sum(len(p.articles) for p in spec.pages)
    click.echo(f"{loaded.manifest}: ok ({len(spec.pages)} pages, {n} articles and jumps)")


@main.command()
def schema() -> None:
    """Print the JSON Schema of issue.yaml (for YAML editors)."""
    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("issue_dir", type=click.Path(path_type=Path))
def new(issue_dir: Path) -> None:
    """Scaffold a new issue in ISSUE_DIR from the template."""
    if issue_dir.exists() and any(issue_dir.iterdir()):
        err(f"error: {issue_dir} exists and is not empty")
        sys.exit(Exit.BAD_INPUT)
    shutil.copytree(TEMPLATE, issue_dir, dirs_exist_ok=True)
    manifest = issue_dir / "issue.yaml"
    schema_ref = _schema_reference(issue_dir)
    text = manifest.read_text(encoding="utf-8").replace("SCHEMA", schema_ref)
    manifest.write_text(text, encoding="utf-8")
    click.echo(f"created {issue_dir} — edit {manifest}, then run: banmian build {issue_dir}")


def _schema_reference(issue_dir: Path) -> str:
    """A relative path to the repo's schema copy if there is one above, else a copy in the issue."""
    for parent in issue_dir.resolve().parents:
        candidate = parent / "schema" / "issue.schema.json"
        if candidate.exists():
            return os.path.relpath(candidate, issue_dir.resolve())
    (issue_dir / "issue.schema.json").write_text(
        json.dumps(json_schema(), ensure_ascii=False, indent=2), encoding="utf-8")
    return "issue.schema.json"


main.add_command(fonts_command)  # banmian fonts [--check FILE] (layout/cli_fonts.py)
main.add_command(check_command)  # banmian check ISSUE_DIR|PDF… (layout/edition/checkcmd.py)
main.add_command(preview_command)  # banmian preview ISSUE_DIR (layout/cli_preview.py)
main.add_command(build_many_command)  # banmian build-many ISSUE_DIR… on Dask (layout/cli_many.py)
