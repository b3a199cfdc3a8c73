"""`banmian fonts`: each role's face, glyph count and coverage; `--check FILE`: unsettable text."""

from __future__ import annotations

import os
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import click

from layout.errors import Exit
from layout.fonts import ROLE_NAMES, FontSet, declared_coverage


@dataclass(frozen=True, slots=True)
class Unsettable:
    """A character of a text that no face of the font set has."""

    char: str
    count: int
    first_line: int

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"


def unsettable(text: str, fonts: FontSet) -> list[Unsettable]:
    """The characters of `text` no role can set (whitespace and control characters aside), in
    order of first appearance, with their count and first line (1-based)."""
    found: dict[str, list[int]] = {}
    checked: dict[str, bool] = {}
    for number, line in enumerate(text.splitlines(), 1):
        for ch in line:
            if ch not in checked:
                checked[ch] = ch.isspace() or unicodedata.category(ch) == "Cc" or fonts.settable(ch)
            if not checked[ch]:
                found.setdefault(ch, [0, number])[0] += 1
    return [Unsettable(ch, count, first) for ch, (count, first) in found.items()]


def _fonts_for(issue_dir: Path | None) -> FontSet:
    """The committed faces, with the issue's own fonts (issue.fonts) if an issue is named."""
    if issue_dir is None:
        return FontSet.load()
    from layout.manifest import ManifestError
    from layout.pipeline import open_issue

    try:
        return open_issue(issue_dir).fonts
    except ManifestError as exc:
        click.echo(str(exc), err=True)
        sys.exit(Exit.BAD_INPUT)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except (OSError, ValueError):
        return str(path)


def _listing(fonts: FontSet) -> list[str]:
    """One line per role: file, face, outlines, glyphs, coverage of the declared set."""
    declared = declared_coverage()
    rows = [("role", "file", "face", "outlines", "glyphs", "declared", "with fallback")]
    for role in sorted(fonts.faces, key=lambda r: (ROLE_NAMES + (r,)).index(r)):
        face = fonts.faces[role]
        own, chained = fonts.coverage(role, declared)
        kind = "TrueType" if face.truetype else f"{face.outlines.strip()} (converted)"
        rows.append((role, _shown(face.path), str(face.index), kind, f"{face.glyph_count:,}",
                     f"{own:,}/{len(declared):,}", f"{chained:,}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.append("")
    lines += [f"fallback {role}: {' → '.join(fonts.chain(role))}" for role in fonts.faces]
    return lines


def _check(file: Path, fonts: FontSet) -> int:
    """Print the characters of `file` no role can set; the exit code."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except OSError as error:
        click.echo(f"{file}: cannot read it: {error.strerror or error}", err=True)
        return Exit.BAD_INPUT
    except UnicodeDecodeError as error:
        click.echo(f"{file}: not UTF-8 text (invalid byte 0x{error.object[error.start]:02x} "
                   f"at offset {error.start})", err=True)
        return Exit.BAD_INPUT
    missing = unsettable(text, fonts)
    if not missing:
        click.echo(f"{file}: every character can be set")
        return Exit.OK
    click.echo("char  code point  count  first line")
    for m in missing:
        click.echo(f"{m.char:<4}  {m.codepoint:<10}  {m.count:>5}  {m.first_line:>10}")
    click.echo(f"{file}: {len(missing)} character(s) no font has (printed as 〓)")
    return Exit.ERRORS


@click.command("fonts")
@click.option("--check", "check_file", type=click.Path(path_type=Path), metavar="FILE",
              help="List the characters of this UTF-8 text file that no role can set (exit 1).")
@click.option("--issue", "issue_dir", type=click.Path(path_type=Path), metavar="ISSUE_DIR",
              help="Use this issue's fonts (issue.fonts) on top of the committed faces.")
def fonts(check_file: Path | None, issue_dir: Path | None) -> None:
    """List the font roles: files, glyph counts and coverage of the declared character set."""
    font_set = _fonts_for(issue_dir)
    if check_file is not None:
        sys.exit(_check(check_file, font_set))
    for line in _listing(font_set):
        click.echo(line)
