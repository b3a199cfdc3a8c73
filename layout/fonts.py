"""Font roles → font files, metrics read once with fontTools and cached on disk, fallback and coverage."""

from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
MISSING_MARK = "〓"
"""The traditional missing-character mark (GB/T 15834 lists 〓 as 代替号), printed for tofu."""

FALLBACK: dict[str, tuple[str, ...]] = {
    "song": ("song", "hei", "kai"),
    "song-bold": ("song-bold", "song", "hei-bold", "hei"),
    "song-heavy": ("song-heavy", "song-bold", "song", "hei-bold"),
    "hei": ("hei", "song", "kai"),
    "hei-bold": ("hei-bold", "hei", "song-bold", "song"),
    "kai": ("kai", "song", "hei"),
}
"""Per-role fallback chains: a character the role's face lacks is set in the next face that has it."""


class Metrics(Protocol):
    """What layout asks of fonts: advances and coverage, in pt for a size."""

    def advance(self, role: str, char: str, size: float) -> float:
        """Advance width of `char` set in `role` at `size` pt (after fallback)."""

    def face_for(self, role: str, char: str) -> str | None:
        """The role whose face will set `char` (fallback applied), or None if no face has it."""


@dataclass(frozen=True, slots=True)
class FaceMetrics:
    """Metrics of one font file, in font units."""

    path: Path
    units_per_em: int
    ascent: int
    descent: int
    advances: dict[int, int]
    """Advance width by code point (only mapped code points)."""

    def has(self, char: str) -> bool:
        return ord(char) in self.advances


def cache_dir() -> Path:
    """Where derived font data is cached (`BANMIAN_CACHE`, else ~/.cache/banmian)."""
    root = os.environ.get("BANMIAN_CACHE") or Path.home() / ".cache" / "banmian"
    return Path(root)


def file_digest(path: Path) -> str:
    """SHA-256 of a file, hex."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _read_metrics(path: Path, index: int = 0) -> tuple[int, int, int, dict[int, int]]:
    from fontTools.ttLib import TTFont  # local: fontTools is slow to import

    font = TTFont(path, fontNumber=index, lazy=True)
    cmap = font.getBestCmap() or {}
    hmtx = font["hmtx"].metrics
    hhea = font["hhea"]
    advances = {cp: hmtx[name][0] for cp, name in cmap.items() if name in hmtx}
    return font["head"].unitsPerEm, hhea.ascent, hhea.descent, advances


def load_face_metrics(path: Path, index: int = 0) -> FaceMetrics:
    """Metrics of a font file, from the on-disk cache keyed by the file's hash when present."""
    path = Path(path)
    cached = cache_dir() / "metrics" / f"{file_digest(path)}-{index}.marshal"
    data = None
    if cached.exists():
        try:
            data = marshal.loads(cached.read_bytes())
        except (ValueError, EOFError, TypeError):
            data = None
    if data is None:
        data = _read_metrics(path, index)
        _write_atomic(cached, marshal.dumps(data))
    upem, ascent, descent, advances = data
    return FaceMetrics(path, upem, ascent, descent, advances)


def _write_atomic(target: Path, payload: bytes) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, target)
    except OSError:
        pass  # a read-only cache only costs speed


@dataclass(frozen=True, slots=True)
class FontRole:
    """One role of the house style and the file that sets it."""

    role: str
    path: Path
    index: int = 0


def default_roles() -> tuple[FontRole, ...]:
    """The committed faces listed in fonts/fonts.yaml."""
    listing = yaml.safe_load((FONTS_DIR / "fonts.yaml").read_text(encoding="utf-8"))
    roles = listing["roles"]
    return tuple(FontRole(name, FONTS_DIR / info["file"], int(info.get("index", 0)))
                 for name, info in roles.items())


@dataclass
class FontSet:
    """The faces of a build: role → metrics, with fallback. Implements `Metrics`."""

    roles: dict[str, FontRole]
    faces: dict[str, FaceMetrics] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, roles: tuple[FontRole, ...] | None = None) -> "FontSet":
        roles = roles if roles is not None else default_roles()
        fs = cls({r.role: r for r in roles})
        for r in roles:
            fs.faces[r.role] = load_face_metrics(r.path, r.index)
        return fs

    def chain(self, role: str) -> tuple[str, ...]:
        """The fallback chain of `role`, restricted to roles this set has."""
        return tuple(r for r in FALLBACK.get(role, (role,)) if r in self.faces)

    def face_for(self, role: str, char: str) -> str | None:
        key = (role, char)
        if key not in self._resolved:
            self._resolved[key] = next(
                (r for r in self.chain(role) if self.faces[r].has(char)), None)
        return self._resolved[key]

    def advance(self, role: str, char: str, size: float) -> float:
        face_role = self.face_for(role, char) or self.face_for(role, MISSING_MARK) or role
        face = self.faces[face_role]
        return face.advances.get(ord(char), face.units_per_em) * size / face.units_per_em

    def ascent(self, role: str, size: float) -> float:
        face = self.faces[self.chain(role)[0]]
        return face.ascent * size / face.units_per_em
