"""How every command reports a failure: the one mapping from exceptions to messages and exit
codes. A BanmianError is the user's to fix (its message, its `exit_code`); a manifest error is
printed as its list of problems at file:line:col. Anything else is a bug: one line saying so
and exit 1 — the traceback only with `--debug`, never by default."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator
from contextlib import contextmanager

import click

from layout.errors import BanmianError, Exit, printable
from layout.manifest import ManifestError


def err(message: str) -> None:
    """A line on stderr, control characters escaped (layout.errors.printable)."""
    click.echo(printable(message), err=True)


def fail(message: str, code: Exit = Exit.BAD_INPUT) -> None:
    """Stop the command with `error: message`."""
    err(f"error: {message}")
    sys.exit(code)


@contextmanager
def reported(debug: bool = False, count: bool = False) -> Iterator[None]:
    """Run a command's work; turn any exception into its message and exit code. `count` adds
    the number of problems under a manifest error (`validate`)."""
    try:
        yield
    except ManifestError as exc:
        err(str(exc))
        if count:
            err(f"{len(exc.problems)} problem(s) found")
        sys.exit(exc.exit_code)
    except BanmianError as exc:
        err(f"error: {exc}")
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - the user never sees a traceback
        if debug:
            traceback.print_exc()
        err(f"internal error: {type(exc).__name__}: {printable(str(exc))[:500]} "
            f"(run with --debug for details)")
        sys.exit(Exit.ERRORS)
