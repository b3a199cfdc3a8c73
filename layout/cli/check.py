"""`banmian check ISSUE_DIR|PDF…`: the print preflight on the command line.

An issue folder is built into a temporary folder (or `--out`) and every page judged with what the
layout knows (overflow, missing glyphs, source images); PDF files are judged on their own.
Exit codes: 0 no errors · 1 errors · 2 bad input (no such file, not a PDF, bad manifest).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import stat
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import click

from layout.edition.print.preflight import PagePreflight, preflight_pdf
from layout.cli.failures import reported
from layout.errors import BadInput, Exit
from layout.press import PressSettings


@click.command("check")
@click.argument("targets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="Keep the build of an issue folder here (default: a temporary folder).")
@click.option("--pdfx", type=click.Choice(["X-1a", "X-4"]),
              help="Flavour for PDFs that declare none (default X-1a).")
@click.option("--tac-limit", type=click.FloatRange(100, 400),
              help="Total area coverage limit in % (default 220).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def check(targets: tuple[Path, ...], out: Path | None, pdfx: str | None,
          tac_limit: float | None, as_json: bool) -> None:
    """Preflight ISSUE_DIR or PDF files for the press: PDF/X, fonts, colour spaces, ink
    coverage, image resolution, missing glyphs, overflow. Exit code 1 on errors."""
    press = PressSettings()
    press = replace(press, pdfx=pdfx or press.pdfx, tac_limit=tac_limit or press.tac_limit)
    results: list[dict] = []
    for target in targets:
        with reported():
            results += _issue(target, out) if target.is_dir() else _pdf(target, press)
    _print(results, as_json)
    sys.exit(Exit.ERRORS if any(r["errors"] for r in results) else Exit.OK)



MAX_PDF_BYTES = 1 << 30
"""The largest file `check` reads (1 GB: a newspaper page is a few MB, a whole issue ~100)."""
CHECK_SECONDS = 120.0
"""Time one file may take to check; a hostile file is stopped, not waited for."""
CHECK_MEMORY = 3 << 30
"""Address space the checking process may use (decoded images, parsed objects)."""


def _pdf(path: Path, press: PressSettings) -> list[dict]:
    data = _read_pdf(path)
    outcome = _budgeted(lambda: [_row(p, str(path)) for p in
                                 preflight_pdf(data, press, path.name)])
    if outcome is None:
        return [{"target": str(path), "page": "-", "file": path.name, "pdfx": "-",
                 "pdfx_ok": False, "max_tac": None, "preflight": {},
                 "errors": [f"{path.name}: could not be checked within {CHECK_SECONDS:g} s and "
                            f"{CHECK_MEMORY >> 30} GB of memory"], "warnings": []}]
    return outcome


def _read_pdf(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_PDF_BYTES that starts like a PDF (a FIFO or
    device would block or never end)."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise BadInput(f"{path} is not a regular file")
        if info.st_size > MAX_PDF_BYTES:
            raise BadInput(f"{path} is larger than {MAX_PDF_BYTES >> 30} GB")
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror or exc}") from None
    if not data.startswith(b"%PDF-"):
        raise BadInput(f"{path} is not a PDF file (nor an issue folder)")
    return data


def _budgeted(work):
    """`work()` in a child process with a memory limit and a deadline; None if it ran out.
    Where processes cannot fork, it runs here, with the scanner's own limits only."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return work()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CHECK_MEMORY, CHECK_MEMORY))
        try:
            send.send(("ok", work()))
        except MemoryError:
            send.send(("budget", None))

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()
    ready = receive.poll(CHECK_SECONDS)
    try:
        result = receive.recv() if ready else ("budget", None)
    except EOFError:  # the child died (out of memory in a library, a crash in a parser)
        result = ("budget", None)
    process.join(timeout=1 if ready else 0)
    if process.is_alive():
        process.kill()
        process.join()
    return result[1] if result[0] == "ok" else None


def _issue(folder: Path, out: Path | None) -> list[dict]:
    """Build the issue and return each page's preflight, layout findings included."""
    from layout.edition.build import BuildOptions, build

    if not (folder / "issue.yaml").is_file():
        raise BadInput(f"{folder} has no issue.yaml (give an issue folder or PDF files)")
    with tempfile.TemporaryDirectory(prefix="banmian-check-") as tmp:
        report = build(folder, BuildOptions(out=out or Path(tmp)))
    return [{"target": str(folder), "page": p.folio, "file": p.preflight.get("file", ""),
             "pdfx": p.preflight.get("pdfx"), "pdfx_ok": p.preflight.get("pdfx_ok"),
             "max_tac": p.preflight.get("max_tac"), "preflight": p.preflight,
             "errors": p.errors, "warnings": p.warnings} for p in report.pages]


def _row(page: PagePreflight, target: str) -> dict:
    data = page.as_json()
    return {"target": target, "page": page.page, "file": page.file, "pdfx": page.flavour,
            "pdfx_ok": page.pdfx_ok, "max_tac": page.max_tac, "preflight": data,
            "errors": page.errors, "warnings": page.warnings}


def _print(results: list[dict], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for r in results:
        verdict = "conforms" if r["pdfx_ok"] else "FAILS"
        tac = f", max TAC {r['max_tac']:.0f} %" if r["max_tac"] is not None else ""
        click.echo(f"page {r['page']} ({r['file']}): {r['pdfx']} {verdict}{tac}, "
                   f"errors {len(r['errors'])}, warnings {len(r['warnings'])}")
        for e in r["errors"]:
            click.echo(f"  error: {e}")
        for w in r["warnings"]:
            click.echo(f"  warning: {w}")
    errors = sum(len(r["errors"]) for r in results)
    warnings = sum(len(r["warnings"]) for r in results)
    click.echo(f"{len(results)} pages checked, {errors} errors, {warnings} warnings")
