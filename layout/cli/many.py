"""`banmian build-many ISSUE_DIR…`: many issues at once on a Dask cluster (edition/many.py),
on this machine's cores (a LocalCluster) or on a running scheduler's workers.

Prints one line per issue as it is done, then a summary: issues, pages, failures with their
first problem, time and pages per minute (`--report FILE`: the same as JSON).
Exit codes: 0 every issue published · 1 an issue failed (bad input, errors, a failure) ·
2 the command itself cannot run (no issues, Dask missing, no scheduler, folders not shared).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from layout.cli.failures import err, reported
from layout.errors import Exit
from layout.files import write_atomic


@click.command("build-many")
@click.argument("issue_dirs", nargs=-1, metavar="ISSUE_DIR...")
@click.option("--from", "listing", type=click.Path(path_type=Path),
              help="A file listing issue folders (or globs), one a line, relative to the "
                   "current folder; # starts a comment.")
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Output root; each issue goes into OUT/<issue folder name>/.")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: start a "
                   "LocalCluster here).")
@click.option("-w", "--workers", type=click.IntRange(min=1),
              help="Worker processes of the LocalCluster (default: one per CPU).")
@click.option("--cache", type=click.Path(path_type=Path),
              help="The build cache, on a filesystem every worker shares (default: "
                   "$BANMIAN_CACHE/build).")
@click.option("--strict", is_flag=True, help="Treat warnings (missing glyphs, underflow) as errors.")
@click.option("--no-web", is_flag=True, help="Print files and reports only: no digital edition.")
@click.option("--report", "report_file", type=click.Path(path_type=Path),
              help="Write the summary and every issue's outcome as JSON to this file.")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
def build_many(issue_dirs: tuple[str, ...], listing: Path | None, out: Path,
               scheduler: str | None, workers: int | None, cache: Path | None, strict: bool,
               no_web: bool, report_file: Path | None, debug: bool) -> None:
    """Build many issues at once — an archive, a newspaper group's titles — on a Dask cluster.

    ISSUE_DIR may be a glob ('archive/2016-*', quoted), matching the folders with an
    issue.yaml. Each issue is built as `banmian build` builds it (the same bytes) and published
    whole; a bad one is reported and the others go on. Unchanged pages come from the build cache,
    so a second run redoes nothing. With --scheduler, the issue folders, OUT and --cache must be
    on a filesystem every worker shares, at the same paths."""
    from layout.edition.many import ManyOptions, issue_folders

    if scheduler and workers:
        err("error: --workers starts a LocalCluster; with --scheduler the cluster has its own")
        sys.exit(Exit.BAD_INPUT)
    options = ManyOptions(out=out, cache=cache, strict=strict, web=not no_web)
    try:
        with reported(debug):
            folders = issue_folders(list(issue_dirs), listing)
            summary = _run(folders, options, scheduler, workers)
    except KeyboardInterrupt:
        err("interrupted: the issues published so far stay published; run the same command "
            "again to go on (their pages come from the build cache)")
        sys.exit(Exit.ERRORS)
    _summary(summary, options)
    if report_file is not None:
        write_atomic(report_file, json.dumps(summary.as_json(), ensure_ascii=False,
                                             indent=2).encode("utf-8"))
        click.echo(f"report:   {report_file}")
    sys.exit(Exit.ERRORS if summary.failed else Exit.OK)


def _run(folders: list[Path], options, scheduler: str | None, workers: int | None):
    from layout.edition.many import build_many as run_many
    from layout.edition.many import cluster, dashboard, thread_note, worker_count

    with cluster(scheduler, workers) as client:
        where = f"the Dask scheduler at {scheduler}" if scheduler else "a LocalCluster"
        link = dashboard(client)
        click.echo(f"building {_count(len(folders), 'issue')} on {where} of "
                   f"{_count(worker_count(client), 'worker')}"
                   + (f" (dashboard: {link})" if link else ""))
        if note := thread_note(client):
            click.echo(f"note: {note}")
        with _Progress(len(folders)) as progress:
            return run_many(client, folders, options, progress.event)


class _Progress:
    """One line per issue as it is done; on a terminal, bars of issues and pages above them."""

    def __init__(self, issues: int) -> None:
        self.issues = issues
        self.live = sys.stdout.isatty() and not os.environ.get("CI")
        self.bar = None
        self.tasks: dict[str, object] = {}

    def __enter__(self):
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(TextColumn("{task.description:<16}"), BarColumn(),
                                MofNCompleteColumn(), transient=True)
            self.tasks["issue"] = self.bar.add_task("issues done", total=self.issues)
            self.tasks["page"] = self.bar.add_task("pages rendered", total=0)
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def event(self, event: str, payload) -> None:
        if event == "issue":
            self._line(_issue_line(payload))
        if self.bar is None:
            return
        if event == "planned":
            task = self.tasks["page"]
            self.bar.update(task, total=self.bar.tasks[task].total + payload)
        elif event in self.tasks:
            self.bar.advance(self.tasks[event])

    def _line(self, line: str) -> None:
        if self.bar:
            self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            click.echo(line)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _shown(text: str) -> str:
    """Paths below the working directory as relative ones (the workers were given absolute
    paths, and their messages name them so)."""
    return text.replace(f"{Path.cwd()}{os.sep}", "")


def _issue_line(outcome) -> str:
    return _shown(_outcome_line(outcome))


def _outcome_line(outcome) -> str:
    if outcome.published:
        done = f"{outcome.built} built, {outcome.cached} from the cache"
        return f"published      {outcome.slug}: {outcome.pages} pages ({done})"
    if outcome.pages:
        return (f"NOT PUBLISHED  {outcome.slug}: {outcome.errors} errors, first: "
                f"{outcome.first_problem} (proofs in {outcome.out_dir})")
    lines = [f"FAILED         {outcome.slug}: {outcome.first_problem}"]
    lines += [f"               {p}" for p in outcome.problems[1:]]
    return "\n".join(lines)


def _summary(summary, options) -> None:
    failed = summary.failed
    click.echo(f"{summary.published} of {len(summary.issues)} issues published"
               + (f", {len(failed)} failed" if failed else "")
               + f"; {summary.pages} pages in {summary.seconds:.1f} s on "
                 f"{_count(summary.workers, 'worker')}: {summary.pages_per_minute:.0f} pages/min")
    if summary.pages and not summary.built:
        click.echo(f"nothing to lay out or render: all {summary.cached} pages came whole from "
                   f"the build cache")
    else:
        click.echo(f"pages laid out and rendered: {summary.built}; from the build cache: "
                   f"{summary.cached}")
    for outcome in failed:
        click.echo(_shown(f"failed: {outcome.folder}: {outcome.first_problem}"))
    if options.web and summary.published:
        click.echo(f"archive:  {options.out / 'index.html'} (every issue in {options.out}, by date)")
