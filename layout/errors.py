"""One family of errors: every problem Banmian reports to its user (as opposed to a bug), each
with the exit code the command line gives it. Expected outcomes (overflow, preflight findings)
are not errors: they are values in the build report."""

from __future__ import annotations

from enum import IntEnum


class Exit(IntEnum):
    """The command line's exit codes."""

    OK = 0
    ERRORS = 1
    """The build finished, with errors in its report (overflow, preflight): nothing published
    unless --publish-with-errors; or an internal error."""
    BAD_INPUT = 2
    """Bad input, or output that cannot be written: the message says what to change."""


class BanmianError(Exception):
    """A problem for the user to act on; `exit_code` is what the command line exits with."""

    exit_code: Exit = Exit.BAD_INPUT


class BadInput(BanmianError):
    """Input Banmian cannot use: a manifest, a font, a page list, a PDF given to check."""


class PageSelectionError(BadInput):
    """`--pages` names a page the issue does not have."""


class OutputError(BanmianError):
    """The output cannot be written: a folder that is not writable, a full disk, another build
    holding the output folder."""


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x00, 0x0A), *range(0x0B, 0x20), 0x7F)}
_CONTROL.update({c: f"\\u{c:04x}" for c in (*range(0x80, 0xA0), 0x2028, 0x2029, 0x202E)})


def printable(text: str) -> str:
    """A message safe for a terminal and a log: control characters (an article's or a
    manifest's bytes may end up in a message) shown as escapes — they could move the cursor,
    recolour the terminal or split one problem into several lines. Line breaks stay."""
    return text.translate(_CONTROL)
