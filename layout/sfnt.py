"""TrueType (`glyf`) faces for the PDF writer: the cmap, metrics, and subsets of just the glyphs a
page draws, renumbered in the order the page asks for them.

The subsetter works on the table bytes directly (OpenType spec, chapters "glyf", "loca", "hmtx"):
it copies each wanted glyph's outline, pulls in the components of composite glyphs, and writes
new `loca`, `hmtx`, `maxp`, `hhea`, `head`, a format-3 `post`, a small `name` and `cmap`. That
is all a PDF's embedded TrueType program needs (PDF 32000-1 §9.9: head, hhea, loca, maxp, cvt,
prep, glyf, hmtx, fpgm), and it takes a few milliseconds where a general subsetter takes
hundreds. CFF faces are converted to TrueType before they get here (layout/fontconv.py).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from layout.errors import BadInput

REQUIRED = ("head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap")
"""Tables a face must have to be read and subset here."""
COPIED = ("cvt ", "fpgm", "prep", "OS/2")
"""Tables copied into a subset unchanged when the face has them (hinting programs, OS/2)."""

# Composite glyph flags (OpenType spec, "glyf": composite glyph description).
ARG_1_AND_2_ARE_WORDS = 0x0001
WE_HAVE_A_SCALE = 0x0008
MORE_COMPONENTS = 0x0020
WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
WE_HAVE_A_TWO_BY_TWO = 0x0080


class SfntError(BadInput, ValueError):
    """The file is not a TrueType face this module can read."""


@dataclass(frozen=True, slots=True)
class FaceInfo:
    """What a PDF FontDescriptor needs to know about a face (in font units)."""

    ps_name: str
    units_per_em: int
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    cap_height: int
    italic_angle: float
    weight: int


@dataclass(frozen=True, slots=True)
class Subset:
    """A subset font program: glyph 0 is .notdef, glyph i (i ≥ 1) draws `codepoints[i - 1]`."""

    data: bytes
    codepoints: tuple[int, ...]
    widths: tuple[float, ...]
    """Advance of every glyph, in 1/1000 em (PDF glyph space), glyph 0 first."""
    tag: str
    """Six capitals naming this subset (PDF 32000-1 §9.6.4): a hash of face and glyphs, so
    different subsets never share a name, even after pages are merged into one file."""


class Face:
    """One face of a TrueType file or collection, read once and kept (see `open_face`)."""

    def __init__(self, data: bytes | mmap.mmap, index: int = 0, digest: str = "") -> None:
        self.data = data
        self.digest = digest or hashlib.sha256(data).hexdigest()
        self.tables = _table_directory(data, index)
        missing = [t for t in REQUIRED if t not in self.tables]
        if missing:
            raise SfntError(f"not a TrueType face: no {', '.join(missing)} table")
        head = self.table("head")
        self.units_per_em = _u16(head, 18)
        self.long_loca = _s16(head, 50) == 1
        self.num_glyphs = _u16(self.table("maxp"), 4)
        self.num_hmetrics = _u16(self.table("hhea"), 34)
        self.cmap = parse_cmap(self.table("cmap"))
        self._loca = self._read_loca()

    def table(self, tag: str) -> bytes:
        offset, length = self.tables[tag]
        return self.data[offset:offset + length]

    def _read_loca(self) -> tuple[int, ...]:
        """Glyph offsets into `glyf`; they must rise and stay inside the table (a damaged font
        is refused here, not discovered as garbage on a printed page)."""
        loca = self.table("loca")
        count = self.num_glyphs + 1
        try:
            if self.long_loca:
                offsets = struct.unpack(f">{count}L", loca[:4 * count])
            else:
                offsets = tuple(2 * v for v in struct.unpack(f">{count}H", loca[:2 * count]))
        except struct.error:
            raise SfntError("damaged font: the loca table is too short for its glyphs") from None
        glyf = self.tables["glyf"][1]
        if offsets[-1] > glyf or any(b < a for a, b in zip(offsets, offsets[1:])):
            raise SfntError("damaged font: glyph offsets (loca) point outside the glyf table")
        return offsets

    def glyph(self, gid: int) -> bytes:
        """The outline bytes of glyph `gid` (empty for a blank glyph or a gid out of range)."""
        if not 0 <= gid < self.num_glyphs:
            return b""
        start, end = self._loca[gid], self._loca[gid + 1]
        offset = self.tables["glyf"][0]
        return self.data[offset + start:offset + end] if end > start else b""

    def metric(self, gid: int) -> tuple[int, int]:
        """(advance width, left side bearing) of `gid` from `hmtx`."""
        hmtx_offset = self.tables["hmtx"][0]
        last = self.num_hmetrics - 1
        if gid <= last:
            return struct.unpack_from(">Hh", self.data, hmtx_offset + 4 * gid)
        advance = struct.unpack_from(">H", self.data, hmtx_offset + 4 * last)[0]
        lsb_at = hmtx_offset + 4 * self.num_hmetrics + 2 * (gid - self.num_hmetrics)
        lsb = struct.unpack_from(">h", self.data, lsb_at)[0] if gid < self.num_glyphs else 0
        return advance, lsb

    @cached_property
    def info(self) -> FaceInfo:
        """The FontDescriptor facts: PostScript name, bbox, ascent, descent, cap height."""
        head, hhea = self.table("head"), self.table("hhea")
        os2 = self.table("OS/2") if "OS/2" in self.tables else b""
        cap = _s16(os2, 88) if len(os2) >= 90 and _u16(os2, 0) >= 2 else _s16(hhea, 4)
        post = self.table("post") if "post" in self.tables else b""
        italic = struct.unpack_from(">l", post, 4)[0] / 65536 if len(post) >= 8 else 0.0
        return FaceInfo(ps_name(self), self.units_per_em,
                        struct.unpack_from(">hhhh", head, 36), _s16(hhea, 4), _s16(hhea, 6),
                        cap, italic, _u16(os2, 4) if len(os2) >= 6 else 400)

    def subset(self, codepoints: tuple[int, ...]) -> Subset:
        """A font program whose glyph i ≥ 1 is the face's glyph for `codepoints[i - 1]`
        (.notdef where the face lacks the character); composite glyphs' components follow."""
        builder = _SubsetBuilder(self)
        try:
            builder.add([self.cmap.get(cp, 0) for cp in codepoints])
        except (RecursionError, struct.error):
            raise SfntError("damaged font: composite glyphs nest without end") from None
        data = builder.build(codepoints)
        scale = 1000 / self.units_per_em
        widths = tuple(round(self.metric(g)[0] * scale, 3) for g in builder.order)
        key = f"{self.digest}:" + ",".join(map(str, codepoints))
        return Subset(data, codepoints, widths, subset_tag(key))


@lru_cache(maxsize=16)
def _open_cached(path: str, index: int, stamp: tuple[int, int]) -> Face:
    """The file is mapped, not read: only the tables and glyphs a build touches are paged in,
    and processes that map the same file share those pages."""
    from layout.fonts import cached_digest  # the content hash, from the stat-keyed index

    with open(path, "rb") as fh:
        data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    return Face(data, index, digest=f"{cached_digest(Path(path))}:{index}")


def open_face(path: Path | str, index: int = 0) -> Face:
    """The face `index` of the file at `path`, read once per process while the file is unchanged."""
    st = os.stat(path)
    return _open_cached(os.path.realpath(path), index, (st.st_size, st.st_mtime_ns))


def program_problem(path: Path | str, index: int = 0) -> str | None:
    """Why the PDF writer cannot embed face `index` of the TrueType file `path` (a damaged
    table), or None. CFF faces are converted first (layout/fontconv.py) and not read here."""
    try:
        open_face(path, index)
    except SfntError as error:
        return str(error)
    except (OSError, ValueError) as error:
        return f"cannot read it: {error}"
    return None


def subset_tag(key: str) -> str:
    """Six capital letters from a hash of `key`."""
    n = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    letters = []
    for _ in range(6):
        n, r = divmod(n, 26)
        letters.append(chr(65 + r))
    return "".join(letters)


def ps_name(face: Face) -> str:
    """The PostScript name (name ID 6), else one made from the full name; PDF-name safe."""
    names = parse_names(face.table("name")) if "name" in face.tables else {}
    raw = names.get(6) or names.get(4) or "Font"
    clean = "".join(ch for ch in raw if 33 <= ord(ch) <= 126 and ch not in "[](){}<>/%#")
    return clean or "Font"


# ------------------------------------------------------------------------------ reading tables

def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from(">H", data, at)[0]


def _s16(data: bytes, at: int) -> int:
    return struct.unpack_from(">h", data, at)[0]


def _table_directory(data: bytes, index: int) -> dict[str, tuple[int, int]]:
    """Tag → (offset, length) of one face; collections (`ttcf`) are followed to face `index`."""
    try:
        base = 0
        if data[:4] == b"ttcf":
            count = struct.unpack_from(">L", data, 8)[0]
            if not 0 <= index < count:
                raise SfntError(f"the collection has {count} faces, not a face {index}")
            base = struct.unpack_from(">L", data, 12 + 4 * index)[0]
        version = data[base:base + 4]
        if version not in (b"\x00\x01\x00\x00", b"true"):
            raise SfntError("not a TrueType-outline font")
        num = _u16(data, base + 4)
        tables = {}
        for i in range(num):
            tag, _, offset, length = struct.unpack_from(">4sLLL", data, base + 12 + 16 * i)
            if offset + length > len(data):
                raise SfntError(f"table {tag.decode('latin-1')!r} runs past the end of the file")
            tables[tag.decode("latin-1")] = (offset, length)
        return tables
    except struct.error as exc:
        raise SfntError("truncated font file") from exc


def parse_cmap(cmap: bytes) -> dict[int, int]:
    """Code point → glyph id from the best Unicode subtable (format 12 over format 4)."""
    try:
        count = _u16(cmap, 2)
        records = [struct.unpack_from(">HHL", cmap, 4 + 8 * i) for i in range(count)]
    except struct.error as exc:
        raise SfntError("damaged cmap table") from exc
    ranked = sorted(((_cmap_rank(p, e, _u16(cmap, off)), off) for p, e, off in records
                     if off + 2 <= len(cmap)), reverse=True)
    for rank, offset in ranked:
        if rank > 0:
            fmt = _u16(cmap, offset)
            return _cmap12(cmap, offset) if fmt == 12 else _cmap4(cmap, offset)
    return {}


def _cmap_rank(platform: int, encoding: int, fmt: int) -> int:
    if fmt == 12 and (platform, encoding) in ((3, 10), (0, 4), (0, 6)):
        return 2
    if fmt == 4 and (platform == 0 or (platform, encoding) == (3, 1)):
        return 1
    return 0


def _cmap4(cmap: bytes, offset: int) -> dict[int, int]:
    seg2 = _u16(cmap, offset + 6)
    segs = seg2 // 2
    ends = struct.unpack_from(f">{segs}H", cmap, offset + 14)
    starts = struct.unpack_from(f">{segs}H", cmap, offset + 16 + seg2)
    deltas = struct.unpack_from(f">{segs}h", cmap, offset + 16 + 2 * seg2)
    range_at = offset + 16 + 3 * seg2
    ranges = struct.unpack_from(f">{segs}H", cmap, range_at)
    out: dict[int, int] = {}
    for i in range(segs):
        start, end, delta, rng = starts[i], ends[i], deltas[i], ranges[i]
        if start == 0xFFFF:
            continue
        if rng == 0:
            for cp in range(start, end + 1):
                gid = (cp + delta) & 0xFFFF
                if gid:
                    out[cp] = gid
            continue
        base = range_at + 2 * i + rng
        for cp in range(start, end + 1):
            at = base + 2 * (cp - start)
            if at + 2 > len(cmap):
                break
            gid = _u16(cmap, at)
            if gid:
                out[cp] = (gid + delta) & 0xFFFF
    return out


def _cmap12(cmap: bytes, offset: int) -> dict[int, int]:
    groups = struct.unpack_from(">L", cmap, offset + 12)[0]
    out: dict[int, int] = {}
    for i in range(groups):
        start, end, gid = struct.unpack_from(">LLL", cmap, offset + 16 + 12 * i)
        for cp in range(start, min(end, 0x10FFFF) + 1):
            out[cp] = gid + cp - start
    return out


def parse_names(table: bytes) -> dict[int, str]:
    """Name id → string, from Windows Unicode (3,1) English records, else Mac Roman (1,0)."""
    out: dict[int, str] = {}
    try:
        count, storage = _u16(table, 2), _u16(table, 4)
        for i in range(count):
            platform, encoding, lang, name_id, length, off = struct.unpack_from(
                ">HHHHHH", table, 6 + 12 * i)
            raw = table[storage + off:storage + off + length]
            if (platform, encoding) == (3, 1) and lang == 0x409:
                out[name_id] = raw.decode("utf-16-be", "replace")
            elif platform == 1 and encoding == 0 and name_id not in out:
                out[name_id] = raw.decode("mac_roman", "replace")
    except struct.error:
        pass
    return out


# ------------------------------------------------------------------------------ writing a subset

class _SubsetBuilder:
    """New glyph order and outlines (private to `Face.subset`)."""

    def __init__(self, face: Face) -> None:
        self.face = face
        self.order: list[int] = [0]
        """Old glyph id of each new glyph."""
        self.outlines: list[bytes] = [face.glyph(0)]
        self.component_ids: dict[int, int] = {0: 0}
        """Old → new glyph id for glyphs that components refer to."""

    def add(self, gids: list[int]) -> None:
        """Append the glyphs `gids` as new glyphs 1, 2, … in that order, then the components
        their composites refer to (so glyph i still draws the i-th wanted character)."""
        first = len(self.order)
        self.order += gids
        self.outlines += [b""] * len(gids)
        for new in range(first, first + len(gids)):
            self.outlines[new] = self._remapped(self.face.glyph(self.order[new]))

    def _component(self, gid: int) -> int:
        """The new id of a component glyph, appended (with its own components) on first use."""
        if gid not in self.component_ids:
            new = len(self.order)
            self.component_ids[gid] = new
            self.order.append(gid)
            self.outlines.append(b"")
            self.outlines[new] = self._remapped(self.face.glyph(gid))
        return self.component_ids[gid]

    def _remapped(self, outline: bytes) -> bytes:
        """A composite glyph with its component ids renumbered; a simple glyph as it is."""
        if len(outline) < 10 or _s16(outline, 0) >= 0:
            return outline
        data = bytearray(outline)
        at = 10
        while at + 4 <= len(data):
            flags, old = struct.unpack_from(">HH", data, at)
            struct.pack_into(">H", data, at + 2, self._component(old))
            at += 4 + (4 if flags & ARG_1_AND_2_ARE_WORDS else 2)
            if flags & WE_HAVE_A_SCALE:
                at += 2
            elif flags & WE_HAVE_AN_X_AND_Y_SCALE:
                at += 4
            elif flags & WE_HAVE_A_TWO_BY_TWO:
                at += 8
            if not flags & MORE_COMPONENTS:
                break
        return bytes(data)

    def build(self, codepoints: tuple[int, ...]) -> bytes:
        """The subset as an sfnt file."""
        face = self.face
        glyf, loca = bytearray(), [0]
        for outline in self.outlines:
            glyf += outline + b"\0" * (-len(outline) % 4)
            loca.append(len(glyf))
        n = len(self.order)
        hmtx = b"".join(struct.pack(">Hh", *face.metric(g)) for g in self.order)
        head = bytearray(face.table("head"))
        struct.pack_into(">L", head, 8, 0)  # checkSumAdjustment, set below
        struct.pack_into(">h", head, 50, 1)  # long loca offsets
        hhea = bytearray(face.table("hhea"))
        struct.pack_into(">H", hhea, 34, n)
        maxp = bytearray(face.table("maxp"))
        struct.pack_into(">H", maxp, 4, n)
        tables = {"head": bytes(head), "hhea": bytes(hhea), "maxp": bytes(maxp),
                  "hmtx": hmtx, "loca": struct.pack(f">{n + 1}L", *loca), "glyf": bytes(glyf),
                  "post": _post3(face), "name": _name_table(ps_name(face)),
                  "cmap": _cmap_table(codepoints)}
        tables.update({t: face.table(t) for t in COPIED if t in face.tables})
        return _sfnt(tables)


def _post3(face: Face) -> bytes:
    """A format-3 `post` table (no glyph names) keeping the face's italic angle and underline."""
    post = face.table("post") if "post" in face.tables else b""
    fixed = post[4:16] if len(post) >= 16 else b"\0" * 12
    return struct.pack(">L", 0x00030000) + fixed + b"\0" * 16


def _name_table(name: str) -> bytes:
    """Family, subfamily, full and PostScript name as Windows Unicode English records."""
    records = [(1, name), (2, "Regular"), (4, name), (6, name)]
    strings = [s.encode("utf-16-be") for _, s in records]
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    rows, offset = b"", 0
    for (name_id, _), raw in zip(records, strings):
        rows += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(raw), offset)
        offset += len(raw)
    return header + rows + b"".join(strings)


def _cmap_table(codepoints: tuple[int, ...]) -> bytes:
    """A format-12 (3,10) cmap: code point → its new glyph id (readers that look inside the
    program find the same characters as the PDF's ToUnicode map)."""
    pairs = sorted({cp: i for i, cp in enumerate(codepoints, 1)}.items())
    groups = b"".join(struct.pack(">LLL", cp, cp, gid) for cp, gid in pairs)
    sub = struct.pack(">HHLLL", 12, 0, 16 + len(groups), 0, len(pairs)) + groups
    return struct.pack(">HHHHL", 0, 1, 3, 10, 12) + sub


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}L", padded)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """Tables → an sfnt file: sorted directory, 4-byte alignment, head.checkSumAdjustment."""
    tags = sorted(tables)
    num = len(tags)
    power = 1 << (num.bit_length() - 1)
    header = struct.pack(">LHHHH", 0x00010000, num, 16 * power, power.bit_length() - 1,
                         16 * num - 16 * power)
    offset = 12 + 16 * num
    directory, body = b"", b""
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sLLL", tag.encode("latin-1"), _checksum(data), offset,
                                 len(data))
        padded = data + b"\0" * (-len(data) % 4)
        body += padded
        offset += len(padded)
    font = bytearray(header + directory + body)
    head_at = struct.unpack_from(">L", font, 12 + 16 * tags.index("head") + 8)[0]
    struct.pack_into(">L", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
