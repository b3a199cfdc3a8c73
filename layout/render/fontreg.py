"""The roles' TrueType files registered with ReportLab, under names the canvas uses (`font_name`).

ReportLab keeps one process-wide registry with two traps: registering a name again is ignored
(the old file stays), and a second font whose face name is already registered becomes an alias of
the first (its glyphs come from the wrong file). So a role whose file changes is registered under
a new name, and a face name already taken by another file gets a suffix.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from layout.render import tounicode

tounicode.install()  # UTF-16BE ToUnicode entries, so text beyond the BMP extracts (PDF §9.10.3)

_FILES: dict[str, str] = {}
"""role → the file (`path#index#mtime`) registered for it."""
_NAMES: dict[str, str] = {}
"""role → the ReportLab font name of that file."""
_SERIAL = itertools.count(2)


def font_name(role: str) -> str:
    """The ReportLab font name that currently sets `role`."""
    return _NAMES.get(role, f"Banmian-{role}")


def register_fonts(paths: dict[str, Path | tuple[Path, int]]) -> None:
    """Register each role's TrueType file, or (collection, face index), unless already done."""
    for role, spec in paths.items():
        path, index = spec if isinstance(spec, tuple) else (spec, 0)
        key = f"{os.path.realpath(path)}#{index}#{os.stat(path).st_mtime_ns}"
        if _FILES.get(role) == key:
            continue
        name = f"Banmian-{role}"
        while name in pdfmetrics.getRegisteredFontNames():
            name = f"Banmian-{role}-{next(_SERIAL)}"
        font = TTFont(name, str(path), subfontIndex=index)
        font.face.name = _free_face_name(font.face)
        pdfmetrics.registerFont(font)
        _FILES[role], _NAMES[role] = key, name


def _free_face_name(face) -> bytes:
    """The face's name, or `name-2`, `name-3`… if a font from another file already uses it (PDF
    BaseFont names of different files must differ: ReportLab keys fonts and PDF objects by them)."""
    identity = _identity(face)
    taken = set()
    for registered in pdfmetrics.getRegisteredFontNames():
        other = getattr(pdfmetrics.getFont(registered), "face", None)
        if other is not None and _identity(other) != identity:
            taken.add(other.name)
    candidate, n = face.name, 1
    while candidate in taken:
        n += 1
        candidate = face.name + b"-%d" % n
    return candidate


def _identity(face) -> tuple[str, bytes]:
    """Which file and face a ReportLab face was read from."""
    return os.path.realpath(face.filename), getattr(face, "subfontNameX", b"")
