"""Font roles → font files; metrics read once with fontTools, cached on disk; fallback, coverage."""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import yaml

from layout.errors import BadInput
from layout.files import write_atomic

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
"""Per-role fallback chains: a character the role's face lacks is set by the next face having it."""

ROLE_NAMES: tuple[str, ...] = tuple(FALLBACK)
"""The roles of the house style, in the order `banmian fonts` lists them."""

MAX_FONT_BYTES = 64 * 2**20
"""The largest font file accepted (a full CJK collection is about 30 MB)."""

CACHE_VERSION = 3
"""Bump when the cached metrics' layout changes: older entries are then ignored."""


class Metrics(Protocol):
    """What layout asks of fonts: advances and coverage, in pt for a size."""

    def advance(self, role: str, char: str, size: float) -> float:
        """Advance width of `char` set in `role` at `size` pt (after fallback)."""

    def face_for(self, role: str, char: str) -> str | None:
        """The role whose face will set `char` (fallback applied), or None if no face has it."""

    def em_box(self, role: str, size: float) -> tuple[float, float]:
        """Top and bottom of the role's ideographic em box in pt above the baseline."""


FULL_WIDTH_QUOTES = frozenset("“”‘’")
"""Quotes share code points with Latin text, and some CJK faces (LXGW WenKai) map them to
proportional Latin glyphs; in Chinese text they must be full-width marks (clreq §3.1.6.1), so
they come from the first face in the role's chain that has them full-width."""


@dataclass(frozen=True, slots=True)
class FaceMetrics:
    """Metrics of one face of a font file, in font units."""

    path: Path
    units_per_em: int
    ascent: int
    descent: int
    advances: dict[int, int]
    """Advance width by code point (only mapped code points)."""
    index: int = 0
    """Face index in a collection (TTC/OTC); 0 for a single font."""
    digest: str = ""
    """SHA-256 of the file (keys the converted TrueType subsets)."""
    outlines: str = "glyf"
    """`glyf` (TrueType, embeddable as is), `CFF `, `CFF2`, or `woff:…` for a web font."""
    glyph_count: int = 0
    em_box: tuple[int, int] = (880, -120)
    """Top and bottom of the ideographic em box (OpenType BASE `idtp`/`ideo`)."""
    name: str = ""
    """Full font name (name ID 4)."""
    fs_type: int = 0
    """OS/2 fsType: the licence's embedding permissions."""

    def has(self, char: str) -> bool:
        return ord(char) in self.advances

    @property
    def truetype(self) -> bool:
        """True if the PDF writer can embed the file itself (a TrueType-outline sfnt)."""
        return self.outlines == "glyf"


# --------------------------------------------------------------------------- the metrics cache

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


def _stat_key(path: Path) -> str:
    """A name for the file's current state: path, size, mtime and ctime (ns), inode.

    Any write changes size or mtime (and always ctime), so the key changes and the file is hashed
    again; an unchanged file keeps its key and is never re-hashed."""
    st = path.stat()
    text = f"{path.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:40]


def cached_digest(path: Path) -> str:
    """The file's SHA-256, through the stat-keyed index so a warm start does not re-hash."""
    entry = cache_dir() / "fonts" / "stat" / _stat_key(path)
    try:
        digest = entry.read_text(encoding="ascii").strip()
        if re.fullmatch(r"[0-9a-f]{64}", digest):
            return digest
    except (OSError, UnicodeDecodeError):
        pass  # no entry yet, or a corrupt one: hash and (re)write it
    digest = file_digest(path)
    write_cache(entry, digest.encode("ascii"))
    return digest


def _entry_path(digest: str, index: int) -> Path:
    return cache_dir() / "fonts" / f"metrics-v{CACHE_VERSION}" / f"{digest}-{index}.marshal"


_ENTRY_KEYS = {"upem", "ascent", "descent", "advances", "outlines", "glyphs", "em_box", "name",
               "fs_type"}


def _read_entry(entry: Path, digest: str, index: int) -> dict | None:
    """The cached metrics in `entry`, or None if absent, corrupt or about another face."""
    try:
        data = marshal.loads(entry.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    ok = (isinstance(data, dict) and data.get("version") == CACHE_VERSION
          and data.get("digest") == digest and data.get("index") == index
          and _ENTRY_KEYS <= data.keys()
          and isinstance(data.get("advances"), dict) and isinstance(data.get("upem"), int)
          and data["upem"] > 0)
    return data if ok else None


def load_face_metrics(path: Path, index: int = 0) -> FaceMetrics:
    """Metrics of one face of a font file, from the on-disk cache keyed by the file's SHA-256.

    1. the digest comes from the stat-keyed index (hashing only a new or changed file);
    2. the entry for (digest, index) is read if present and sound;
    3. otherwise the font is read with fontTools and the entry (re)written."""
    path = Path(path)
    digest = cached_digest(path)
    entry = _entry_path(digest, index)
    data = _read_entry(entry, digest, index)
    if data is None:
        data = read_metrics(path, index)
        data.update(version=CACHE_VERSION, digest=digest, index=index)
        write_cache(entry, marshal.dumps(data))
    return FaceMetrics(path, data["upem"], data["ascent"], data["descent"], data["advances"],
                       index, digest, data["outlines"], data["glyphs"], tuple(data["em_box"]),
                       data["name"], data["fs_type"])


def read_metrics(path: Path, index: int = 0) -> dict:
    """Read a face's metrics with fontTools (the slow path the cache avoids)."""
    from fontTools.ttLib import TTFont  # local: fontTools is slow to import

    with TTFont(path, fontNumber=index, lazy=True) as font:
        lacking = [t for t in ("cmap", "head", "hhea", "hmtx", "maxp") if t not in font]
        if lacking:
            raise FontFileError(f"not a usable font: no {', '.join(lacking)} table")
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        hhea = font["hhea"]
        upem = font["head"].unitsPerEm
        outlines = next((t for t in ("glyf", "CFF ", "CFF2") if t in font), "none")
        if font.flavor:
            outlines = f"{font.flavor}:{outlines}"
        return {
            "upem": upem, "ascent": hhea.ascent, "descent": hhea.descent,
            "advances": {cp: hmtx[name][0] for cp, name in cmap.items() if name in hmtx},
            "outlines": outlines, "glyphs": font["maxp"].numGlyphs,
            "em_box": _em_box(font, upem), "name": _full_name(font) or path.name,
            "fs_type": font["OS/2"].fsType if "OS/2" in font else 0,
        }


def _full_name(font) -> str | None:
    return font["name"].getDebugName(4) if "name" in font else None


class FontFileError(BadInput, ValueError):
    """A file fontTools opens that lacks what a font needs here (tables, outlines)."""


def _em_box(font, upem: int) -> tuple[int, int]:
    """Top and bottom of the ideographic em box: the BASE table's `idtp`/`ideo` baselines for Han
    (OpenType spec, BASE baseline tags), else OS/2 typo metrics if they span one em, else the
    conventional 0.88/−0.12 em split."""
    bottom = _base_coord(font, "ideo")
    if bottom is not None:
        top = _base_coord(font, "idtp")
        return (top if top is not None else bottom + upem), bottom
    os2 = font.get("OS/2")
    if os2 is not None and os2.sTypoAscender - os2.sTypoDescender == upem:
        return os2.sTypoAscender, os2.sTypoDescender
    return round(upem * 0.88), -round(upem * 0.12)


def _base_coord(font, tag: str) -> int | None:
    """The horizontal-axis BASE coordinate of baseline `tag` for Han (or the default script)."""
    try:
        axis = font["BASE"].table.HorizAxis
        tags = axis.BaseTagList.BaselineTag
        records = {r.BaseScriptTag: r.BaseScript for r in axis.BaseScriptList.BaseScriptRecord}
        script = records.get("hani") or records.get("DFLT")
        return script.BaseValues.BaseCoord[tags.index(tag)].Coordinate
    except (KeyError, AttributeError, ValueError, IndexError, TypeError):
        return None


def write_cache(target: Path, payload: bytes) -> bool:
    """Write a cache file atomically (temp file + rename); False if the cache is not writable."""
    try:
        write_atomic(target, payload)
        return True
    except OSError:
        return False  # a read-only cache only costs speed


# --------------------------------------------------------------------------- roles

@dataclass(frozen=True, slots=True)
class FontRole:
    """One role of the house style and the file (and face in a collection) that sets it."""

    role: str
    path: Path
    index: int = 0


@lru_cache(maxsize=1)
def font_listing() -> dict:
    """fonts/fonts.yaml, parsed once (with libyaml when present: the pure parser takes ~40 ms)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load((FONTS_DIR / "fonts.yaml").read_text(encoding="utf-8"), Loader=loader)


def default_roles(overrides: Iterable[FontRole] = ()) -> tuple[FontRole, ...]:
    """The committed faces listed in fonts/fonts.yaml, with `overrides` (user fonts) put in their
    roles' places."""
    roles = {name: FontRole(name, FONTS_DIR / info["file"], int(info.get("index", 0)))
             for name, info in font_listing()["roles"].items()}
    for override in overrides:
        roles[override.role] = override
    return tuple(roles.values())


def user_font_path(root: Path, name: str) -> Path:
    """A user font named in the manifest: absolute, `~/…`, or relative to the issue folder."""
    path = Path(name)
    try:
        path = path.expanduser()
    except RuntimeError:  # `~someone/…` for an unknown user: left as written (then not found)
        pass
    return path if path.is_absolute() else root / path


@lru_cache(maxsize=1)
def declared_coverage() -> frozenset[int]:
    """The code points every committed face is meant to cover (fonts/coverage/declared.txt)."""
    text = (FONTS_DIR / font_listing()["declared_coverage"]).read_text(encoding="ascii")
    return frozenset(int(cp, 16) for cp in text.split())


# --------------------------------------------------------------------------- the font set

@dataclass
class FontSet:
    """The faces of a build: role → metrics, with fallback. Implements `Metrics`."""

    roles: dict[str, FontRole]
    faces: dict[str, FaceMetrics] = field(default_factory=dict)
    _resolved: dict[tuple[str, str], str | None] = field(default_factory=dict)

    @classmethod
    def load(cls, roles: tuple[FontRole, ...] | None = None) -> FontSet:
        """The set of `roles` (default: the committed faces), metrics from the cache."""
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
            chain = [r for r in self.chain(role) if self.faces[r].has(char)]
            if char in FULL_WIDTH_QUOTES:
                chain.sort(key=lambda r: not self._full_width(r, char))  # stable: chain order
            self._resolved[key] = chain[0] if chain else None
        return self._resolved[key]

    def _full_width(self, role: str, char: str) -> bool:
        face = self.faces[role]
        return face.advances.get(ord(char), 0) >= 0.9 * face.units_per_em

    def advance(self, role: str, char: str, size: float) -> float:
        face_role = self.face_for(role, char) or self.face_for(role, MISSING_MARK) or role
        face = self.faces[face_role]
        return face.advances.get(ord(char), face.units_per_em) * size / face.units_per_em

    def ascent(self, role: str, size: float) -> float:
        face = self.faces[self.chain(role)[0]]
        return face.ascent * size / face.units_per_em

    def em_box(self, role: str, size: float) -> tuple[float, float]:
        """Top and bottom of the role's ideographic em box in pt above the baseline (bottom < 0)."""
        face = self.faces[self.chain(role)[0]]
        top, bottom = face.em_box
        return top * size / face.units_per_em, bottom * size / face.units_per_em

    def settable(self, char: str) -> bool:
        """True if some face of the set has `char` (so some role, through fallback, can set it)."""
        return any(face.has(char) for face in self.faces.values())

    def coverage(self, role: str, codepoints: Iterable[int]) -> tuple[int, int]:
        """(own, with fallback): how many of `codepoints` the role's face, and its chain, set."""
        cps = set(codepoints)
        own = len(cps & self.faces[role].advances.keys())
        chained = set().union(*(cps & self.faces[r].advances.keys() for r in self.chain(role)))
        return own, len(chained)


_LOADED: dict[tuple, FontSet] = {}
"""Font sets this process has loaded, by their files' state (`font_set`)."""
_MAX_LOADED = 8


def font_set(roles: tuple[FontRole, ...]) -> FontSet:
    """The FontSet of `roles`, loaded once per process and shared by every build it runs (a
    Dask worker's tasks, the live preview's rebuilds); a font file that changed (size, mtime,
    inode) is loaded again. Equal to `FontSet.load(roles)`: metrics depend on the files only."""
    key = tuple((r.role, str(r.path), r.index, _stat_key(r.path)) for r in roles)
    fonts = _LOADED.get(key)
    if fonts is None:
        fonts = FontSet.load(roles)
        if len(_LOADED) >= _MAX_LOADED:
            _LOADED.pop(next(iter(_LOADED)))
        _LOADED[key] = fonts
    return fonts


# --------------------------------------------------------------------------- user font files

def font_file_problem(path: Path, index: int = 0) -> tuple[str, str] | None:
    """What is wrong with using face `index` of `path` as a role's font: (field, message) with
    field `file` or `index`, or None if fontTools opens it and the PDF writer may embed it."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device would block or never end
            return "file", "cannot read it: not a regular file (a folder, device or pipe)"
        if os.stat(path).st_size > MAX_FONT_BYTES:
            return "file", f"larger than {MAX_FONT_BYTES // 2**20} MB: not a font file"
        with open(path, "rb") as fh:
            head = fh.read(12)
    except FileNotFoundError:
        return "file", "file not found"
    except (OSError, ValueError) as error:  # a folder, no permission, a NUL in the name…
        return "file", f"cannot read it: {getattr(error, 'strerror', None) or error}"
    faces = int.from_bytes(head[8:12], "big") if head[:4] == b"ttcf" else 1
    if index >= faces:
        what = f"the collection has {faces} faces" if head[:4] == b"ttcf" else "not a collection"
        return "index", f"face index {index} is out of range ({what}: 0-{faces - 1})"
    try:
        face = load_face_metrics(path, index)  # cached: a font checked before opens at no cost
    except FontFileError as error:
        return "file", str(error)
    except Exception as error:  # noqa: BLE001 - a damaged font can raise anything from a parser
        return "file", f"not a font fontTools can open ({type(error).__name__}: {error})"
    return _face_problem(face)


def _face_problem(face: FaceMetrics) -> tuple[str, str] | None:
    """A Unicode cmap, outlines, and an OS/2 fsType that allows embedding a subset (OpenType
    spec, OS/2 fsType: bit 1 restricted licence, bit 8 no subsetting, bit 9 bitmap only)."""
    if not face.advances:
        return "file", "the font has no Unicode character map"
    if face.outlines.rpartition(":")[2] not in ("glyf", "CFF ", "CFF2"):
        return "file", "the font has no TrueType or CFF outlines"
    if face.fs_type & 0x000F == 0x0002 or face.fs_type & 0x0300:
        return "file", f"its licence bits forbid embedding it in a PDF (fsType {face.fs_type:#06x})"
    return None
