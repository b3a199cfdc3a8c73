"""`banmian preview ISSUE_DIR`: build, serve OUT on 127.0.0.1, rebuild on every save.

The server, watcher and builder are in layout/edition/preview.py; this module checks the input,
prints one line per build and stops cleanly on Ctrl-C or SIGTERM (exit code 0).
Exit codes: 0 stopped · 2 bad input (no issue folder, the port is taken, watchfiles missing).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Self

import click

from layout.cli.failures import err
from layout.errors import Exit
from layout.manifest import MANIFEST_NAME
from layout.manifest import display_path as shown

BUILD_WAIT_S = 60.0
"""How long Ctrl-C waits for a running build to finish writing (a second Ctrl-C: not at all)."""


@click.command("preview")
@click.argument("issue_dir", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Output root, as for build; it is what the server serves.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--debug", is_flag=True, hidden=True, help="Log requests and build tracebacks.")
def preview(issue_dir: Path, out: Path, port: int, debug: bool) -> None:
    """Build ISSUE_DIR, serve OUT on 127.0.0.1 and rebuild on every save; the open e-paper
    viewer updates itself and shows problems in a banner. Ctrl-C stops it."""
    _check_input(issue_dir, out)
    from layout.edition.preview import Preview, PreviewConfig, ServeError

    _setup_logging(debug)
    session = Preview(PreviewConfig(issue_dir, out, port), on_outcome=_print_outcome)
    with _StopSignals() as stop:
        try:
            session.start()
        except ServeError as exc:
            err(f"error: {exc}")
            sys.exit(Exit.BAD_INPUT)
        click.echo(f"building {shown(issue_dir)} into {shown(out / session.issue_dir.name)} …")
        if stop.wait_for(session.first_build):
            click.echo(f"live preview: {session.url}  (Ctrl-C to stop)")
            stop.wait_for(None)
        if session.building.is_set():
            click.echo("stopping after the current build (Ctrl-C again: now) …")
        stop.reset()
        stopped = stop.wait_for(_stopped_in_background(session))
    click.echo("preview stopped")
    if not stopped:  # a second Ctrl-C: leave the build thread behind, without waiting for it
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(Exit.OK)
    sys.exit(Exit.OK)


def _check_input(issue_dir: Path, out: Path) -> None:
    """Exit 2 unless ISSUE_DIR has a manifest, the output goes elsewhere and watchfiles is
    installed."""
    if not issue_dir.is_dir():
        what = "is not a folder" if issue_dir.exists() else "does not exist"
        err(f"{shown(issue_dir)}: issue folder {what}")
        sys.exit(Exit.BAD_INPUT)
    if not (issue_dir / MANIFEST_NAME).is_file():
        err(f"{shown(issue_dir)}: no {MANIFEST_NAME} in this folder")
        sys.exit(Exit.BAD_INPUT)
    if (out / issue_dir.resolve().name).resolve() == issue_dir.resolve():
        err(f"error: -o {shown(out)} would write the build into the issue folder itself")
        sys.exit(Exit.BAD_INPUT)
    if importlib.util.find_spec("watchfiles") is None:
        err("banmian preview needs the watchfiles package: pip install 'banmian[preview]' "
             "(in a checkout: pip install -e '.[preview]')")
        sys.exit(Exit.BAD_INPUT)


def _print_outcome(outcome) -> None:
    """One line per build (and the manifest's problems under a failed one)."""
    click.echo(f"[{dt.datetime.now():%H:%M:%S}] {outcome.summary()}")
    for line in outcome.failure.splitlines():
        click.echo(f"  {line}")


def _stopped_in_background(session) -> threading.Event:
    """An event set once session.stop() (which waits for a running build) has returned."""
    done = threading.Event()

    def stop() -> None:
        session.stop(timeout=BUILD_WAIT_S)
        done.set()

    threading.Thread(target=stop, name="banmian-stop", daemon=True).start()
    return done


class _StopSignals:
    """SIGINT and SIGTERM set a flag instead of raising KeyboardInterrupt (restored on exit)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.flag = threading.Event()
        self._previous: dict[int, object] = {}

    def __enter__(self) -> Self:
        for sig in self.SIGNALS:
            self._previous[sig] = signal.signal(sig, lambda *_: self.flag.set())
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def reset(self) -> None:
        self.flag.clear()

    def wait_for(self, event: threading.Event | None) -> bool:
        """Wait until `event` is set (True) or a stop signal came (False)."""
        while not self.flag.is_set():
            if event is not None and event.wait(0.2):
                return True
            if event is None:
                self.flag.wait(0.5)
        return False


def _setup_logging(debug: bool) -> None:
    """The preview's warnings (and with --debug everything) on stderr, without tracebacks
    unless --debug."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger = logging.getLogger("layout.edition.preview")
    logger.handlers = [handler]
    logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    logger.propagate = False
