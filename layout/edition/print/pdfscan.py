"""Read a PDF the way a print shop's preflight does: document keys, page boxes, and a walk of
every content stream (forms too) for colour spaces, ink totals, images placed, fonts and glyphs.

Facts only; `preflight.py` judges them.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import re
import sys
import zlib
from array import array
from dataclasses import dataclass, field

import pikepdf
from fontTools.ttLib import TTFont, TTLibError
from pikepdf import Array, Dictionary, Name, Stream
from PIL import Image, ImageOps

from layout.render.images import max_tac

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
"""A subset font's name starts with six capitals and a plus (PDF 32000-1 §9.6.4)."""


@dataclass
class ImageUse:
    """One placement of an image: pixels, size on the page and the resolution that gives."""

    name: str
    pixels: tuple[int, int]
    placed_pt: tuple[float, float]
    colour_space: str
    bits: int
    soft_mask: bool = False
    tac: float | None = None
    """Largest total area coverage in % (CMYK images), over 3 × 3-pixel areas."""

    @property
    def ppi(self) -> float:
        """Effective resolution: the smaller of the two axes."""
        w, h = self.placed_pt
        if w <= 0 or h <= 0:
            return math.inf
        return round(min(self.pixels[0] / (w / 72), self.pixels[1] / (h / 72)), 1)


@dataclass
class FontUse:
    """A font resource, whether its program is embedded, and the codes the page shows with it."""

    name: str
    subtype: str
    embedded: bool
    subset: bool
    truetype: bool
    used: bool = False
    notdef: list[str] = field(default_factory=list)
    program: str | None = None
    """SHA-256 of the embedded font program (to tell subsets that share a name apart)."""
    """Characters shown with a code the font has no glyph for (.notdef: tofu in print)."""


@dataclass
class PageScan:
    """What one page holds."""

    number: int
    boxes: dict[str, tuple[float, float, float, float] | None]
    colour_spaces: set[str] = field(default_factory=set)
    vector_tac: float = 0.0
    """Largest c+m+y+k (%) of a process colour set by an operator (gray: the K of `g`)."""
    images: list[ImageUse] = field(default_factory=list)
    fonts: dict[str, FontUse] = field(default_factory=dict)
    transparency: set[str] = field(default_factory=set)
    overprint: bool = False

    @property
    def max_tac(self) -> float:
        return max([self.vector_tac] + [i.tac for i in self.images if i.tac is not None])


@dataclass
class DocScan:
    """Document-level keys and every page."""

    version: str
    info: dict[str, str]
    output_intents: list[dict[str, object]]
    xmp: str | None
    has_id: bool
    encrypted: bool
    actions: bool
    lzw: bool
    pages: list[PageScan]


def scan_pdf(data: bytes, max_operators: int | None = None) -> DocScan:
    """Scan a whole PDF. Raises pikepdf.PdfError if it cannot be read at all."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        version = str(root.get("/Version", ""))[1:] or pdf.pdf_version
        info = {str(k)[1:]: str(v) for k, v in pdf.docinfo.items()} if "/Info" in pdf.trailer \
            else {}
        xmp = root.Metadata.read_bytes().decode("utf-8", "replace") if "/Metadata" in root \
            else None
        return DocScan(
            version=version, info=info, output_intents=_intents(root), xmp=xmp,
            has_id="/ID" in pdf.trailer, encrypted=pdf.is_encrypted,
            actions="/OpenAction" in root or "/JavaScript" in root.get("/Names", Dictionary()),
            lzw=any(_uses_lzw(o) for o in pdf.objects if isinstance(o, Stream)),
            pages=[_page(page, n, max_operators or MAX_OPERATORS)
                   for n, page in enumerate(pdf.pages, 1)])


def _intents(root: Dictionary) -> list[dict[str, object]]:
    out = []
    for intent in root.get("/OutputIntents", Array()):
        entry = {k: str(intent.get("/" + k, "")) for k in
                 ("S", "OutputConditionIdentifier", "RegistryName", "OutputCondition")}
        profile = intent.get("/DestOutputProfile")
        entry["profile"] = bytes(profile.read_bytes()[12:20]).decode("latin-1") \
            if profile is not None else None
        out.append(entry)
    return out


def _uses_lzw(stream: Stream) -> bool:
    filters = stream.get("/Filter")
    names = list(filters) if isinstance(filters, Array) else [filters]
    return Name.LZWDecode in names


def _page(page: pikepdf.Page, number: int, max_operators: int) -> PageScan:
    obj = page.obj
    boxes = {name: _box(obj, "/" + name) for name in
             ("MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox")}
    scan = PageScan(number, boxes)
    group = obj.get("/Group")
    if group is not None and group.get("/S") == Name.Transparency:
        scan.transparency.add("page transparency group")
    resources = _inherited(obj, "/Resources") or Dictionary()
    walker = _Walker(scan, max_operators)
    walker.walk(obj, resources, (1, 0, 0, 1, 0, 0))
    for name in resources.get("/Font", Dictionary()):
        walker.font(resources, Name(name))  # declared but never selected: listed as unused
    return scan


def _box(obj: Dictionary, name: str) -> tuple[float, float, float, float] | None:
    value = _inherited(obj, name) if name in INHERITABLE else obj.get(name)
    return tuple(float(v) for v in value) if value is not None else None


INHERITABLE = ("/Resources", "/MediaBox", "/CropBox")
"""Page attributes a page may take from its ancestors in the page tree (PDF 32000-1 §7.7.3.4)."""


def _inherited(obj: Dictionary, key: str):
    value, parent, depth = obj.get(key), obj.get("/Parent"), 0
    while value is None and parent is not None and depth < 64:
        value, parent, depth = parent.get(key), parent.get("/Parent"), depth + 1
    return value


Matrix = tuple[float, float, float, float, float, float]


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m × n: `m` applied first (PDF 32000-1 §8.3.4)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


MAX_OPERATORS = 1_000_000
"""Content-stream operators read per page (forms included) before the scan stops: a few KB of
nested forms can stand for billions of operators."""
MAX_TAC_PIXELS = 40_000_000
"""The largest image decoded to measure its ink: larger ones are reported, not decoded."""


class ScanBudget(Exception):
    """A page needs more work to read than `MAX_OPERATORS` allows."""


class _Walker:
    """Interprets the operators that matter to print: state, colour, images, fonts, text."""

    def __init__(self, scan: PageScan, max_operators: int = MAX_OPERATORS) -> None:
        self.scan = scan
        self.max_operators = max_operators
        self.font_cache: dict[int, tuple[FontUse, object]] = {}
        self.operators = 0
        self.forms_seen: set[tuple] = set()
        self.parsed: dict[tuple, list] = {}
        """A form's parsed operators, by object: a form drawn many times is parsed once."""

    def walk(self, stream_owner, resources: Dictionary, ctm: Matrix, depth: int = 0) -> None:
        if depth > 8:  # a form drawing itself
            return
        stack: list[Matrix] = []
        spaces = {"fill": "DeviceGray", "stroke": "DeviceGray"}
        font = None
        key = stream_owner.objgen if getattr(stream_owner, "is_indirect", False) else None
        if key is None or key not in self.parsed:
            parsed = pikepdf.parse_content_stream(stream_owner)
            if key is not None:
                self.parsed[key] = parsed
        else:
            parsed = self.parsed[key]
        for operands, op in parsed:
            self.operators += 1
            if self.operators > self.max_operators:
                raise ScanBudget(f"more than {self.max_operators:,} drawing operators")
            op = str(op)
            if op == "q":
                stack.append(ctm)
            elif op == "Q" and stack:
                ctm = stack.pop()
            elif op == "cm":
                ctm = _mul(tuple(float(v) for v in operands), ctm)
            elif op in ("cs", "CS"):
                kind = self.colour_space(operands[0], resources)
                spaces["fill" if op == "cs" else "stroke"] = kind
                self.scan.colour_spaces.add(kind)
            elif op in ("k", "K", "g", "G", "rg", "RG", "sc", "scn", "SC", "SCN"):
                self.colour(op, operands, spaces)
            elif op == "gs":
                self.ext_gstate(resources, operands[0])
            elif op == "Do":
                self.xobject(resources, operands[0], ctm, depth)
            elif op == "Tf":
                font = self.font(resources, operands[0])
            elif op in ("Tj", "TJ", "'", '"') and font is not None:
                self.text(font, operands[-1])
            elif op == "INLINE IMAGE":  # pikepdf's BI … ID … EI, abbreviations expanded
                self.inline_image(operands[0], resources, ctm)
            elif op == "sh":
                self.shading(resources, operands[0])

    # -- colour -------------------------------------------------------------------------------

    def colour_space(self, name: Name, resources: Dictionary) -> str:
        """A short description: DeviceCMYK, ICCBased(4), Separation(All), Indexed(DeviceRGB)…"""
        if isinstance(name, Name) and str(name) in ("/DeviceGray", "/DeviceRGB", "/DeviceCMYK",
                                                     "/Pattern"):
            return str(name)[1:]
        value = resources.get("/ColorSpace", Dictionary()).get(name, name)
        return describe_space(value)

    def colour(self, op: str, operands, spaces: dict[str, str]) -> None:
        values = [float(v) for v in operands if _is_number(v)]
        side = "fill" if op.islower() else "stroke"
        if op in ("k", "K"):
            kind = "DeviceCMYK"
        elif op in ("g", "G"):
            kind = "DeviceGray"
        elif op in ("rg", "RG"):
            kind = "DeviceRGB"
        else:
            kind = spaces[side]
        self.scan.colour_spaces.add(kind)
        if kind in ("DeviceCMYK", "ICCBased(4)") and len(values) == 4:
            self.scan.vector_tac = max(self.scan.vector_tac, round(sum(values) * 100, 1))
        elif kind == "DeviceGray" and len(values) == 1:
            self.scan.vector_tac = max(self.scan.vector_tac, round((1 - values[0]) * 100, 1))

    def ext_gstate(self, resources: Dictionary, name: Name) -> None:
        state = resources.get("/ExtGState", Dictionary()).get(name)
        if state is None:
            return
        for key in ("/CA", "/ca"):
            if key in state and float(state[key]) < 1:
                self.scan.transparency.add(f"constant alpha {key[1:]} {float(state[key])}")
        if state.get("/SMask", Name.None_) != Name.None_:
            self.scan.transparency.add("soft mask in the graphics state")
        blend = state.get("/BM")
        if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
            self.scan.transparency.add(f"blend mode {str(blend)[1:]}")
        if state.get("/OP") is True or state.get("/op") is True:
            self.scan.overprint = True

    def shading(self, resources: Dictionary, name: Name) -> None:
        shading = resources.get("/Shading", Dictionary()).get(name)
        if shading is not None:
            self.scan.colour_spaces.add(describe_space(shading.get("/ColorSpace")))

    # -- images and forms ---------------------------------------------------------------------

    def xobject(self, resources: Dictionary, name: Name, ctm: Matrix, depth: int) -> None:
        xobj = resources.get("/XObject", Dictionary()).get(name)
        if xobj is None:
            return
        if xobj.get("/Subtype") == Name.Form:
            matrix = tuple(float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0]))
            key = (xobj.objgen, tuple(round(v, 3) for v in ctm))
            if xobj.is_indirect and key in self.forms_seen:
                return  # the same form at the same place: nothing new to learn
            self.forms_seen.add(key)
            group = xobj.get("/Group")
            if group is not None and group.get("/S") == Name.Transparency:
                self.scan.transparency.add("transparency group")
            self.walk(xobj, xobj.get("/Resources", resources), _mul(matrix, ctm), depth + 1)
        elif xobj.get("/Subtype") == Name.Image:
            use = image_use(str(name)[1:], xobj, ctm)
            self.scan.images.append(use)
            self.scan.colour_spaces.add(use.colour_space)
            if use.soft_mask:
                self.scan.transparency.add(f"image {use.name} has a soft mask")

    def inline_image(self, image, resources: Dictionary, ctm: Matrix) -> None:
        obj = image.obj
        kind = "stencil mask" if obj.get("/ImageMask") is True else \
            self.colour_space(obj.get("/ColorSpace", Name.DeviceGray), resources)
        self.scan.colour_spaces.add(kind)
        self.scan.images.append(ImageUse("inline image", (int(obj.Width), int(obj.Height)),
                                         _placed(ctm), kind,
                                         int(obj.get("/BitsPerComponent", 1))))

    # -- fonts and text -----------------------------------------------------------------------

    def font(self, resources: Dictionary, name: Name):
        font = resources.get("/Font", Dictionary()).get(name)
        if font is None:
            return None
        key = font.objgen if font.is_indirect else id(font)
        if key not in self.font_cache:
            use, program = describe_font(font)
            self.font_cache[key] = (self.scan.fonts.setdefault(use.name + f"#{key}", use),
                                    program)
        return self.font_cache[key]

    def text(self, font, operand) -> None:
        use, program = font
        strings = [operand] if isinstance(operand, pikepdf.String) else \
            [s for s in operand if isinstance(s, pikepdf.String)] if isinstance(operand, Array) \
            else []
        if program is not None and program.cmap is None:  # 2-byte codes: the strings may join
            strings = [b"".join(bytes(s) for s in strings)]
        for s in strings:
            data = bytes(s)
            if data:
                use.used = True
            if program is not None:
                use.notdef += program.missing(data)


def _is_number(value) -> bool:
    if isinstance(value, (Name, pikepdf.String, Array, Dictionary)):
        return False
    try:
        float(value)
        return True
    except (TypeError, ValueError):
        return False


def _placed(ctm: Matrix) -> tuple[float, float]:
    """The size of the unit square under `ctm`, pt."""
    a, b, c, d, _, _ = ctm
    return round(math.hypot(a, b), 2), round(math.hypot(c, d), 2)


def describe_space(value) -> str:
    """A colour space object as a short name."""
    if isinstance(value, Name):
        return str(value)[1:]
    if isinstance(value, Array) and len(value):
        family = str(value[0])[1:]
        if family == "ICCBased":
            return f"ICCBased({int(value[1].get('/N', 0))})"
        if family == "Separation":
            return f"Separation({str(value[1])[1:]})"
        if family == "Indexed":
            return f"Indexed({describe_space(value[1])})"
        return family
    return "unknown"


def image_use(name: str, xobj: Stream, ctm: Matrix) -> ImageUse:
    """An image XObject placed with `ctm`; the ink total of a CMYK image is measured."""
    if xobj.get("/ImageMask") is True:
        kind = "stencil mask"
    else:
        kind = describe_space(xobj.get("/ColorSpace", Name.DeviceGray))
    use = ImageUse(name, (int(xobj.Width), int(xobj.Height)), _placed(ctm), kind,
                   int(xobj.get("/BitsPerComponent", 1)),
                   soft_mask="/SMask" in xobj or "/Mask" in xobj)
    if kind in ("DeviceCMYK", "ICCBased(4)"):
        use.tac = _image_tac(xobj) if use.pixels[0] * use.pixels[1] <= MAX_TAC_PIXELS else None
    return use


def _image_tac(xobj: Stream) -> float | None:
    """Largest area TAC of a CMYK image as the PDF paints it (with its /Decode array); measured
    once per distinct image in a process (a photo on every rebuild of its page: once)."""
    key = hashlib.sha256(bytes(xobj.read_raw_bytes())).hexdigest() + \
        repr([str(v) for v in xobj.get("/Decode", [])]) + str(xobj.get("/Filter"))
    if key not in _TAC_SEEN:
        if len(_TAC_SEEN) > 256:
            _TAC_SEEN.clear()
        _TAC_SEEN[key] = _measure_tac(xobj)
    return _TAC_SEEN[key]


_TAC_SEEN: dict[str, float | None] = {}


def _measure_tac(xobj: Stream) -> float | None:
    try:
        img = _decoded(xobj)
    except (OSError, ValueError, pikepdf.PdfError, NotImplementedError):
        return None
    if img is None or img.mode != "CMYK":
        return None
    return max_tac(img)


def _decoded(xobj: Stream) -> Image.Image | None:
    filters = xobj.get("/Filter")
    chain = [str(f) for f in (filters if isinstance(filters, Array) else [filters] if filters
                              else [])]
    inverted = [float(v) for v in xobj.get("/Decode", [])][:2] == [1.0, 0.0]
    if chain and chain[-1] == "/DCTDecode":
        img = Image.open(io.BytesIO(_unwrap(xobj.read_raw_bytes(), chain[:-1])))
        img.load()
        # Pillow undoes Adobe's inverted CMYK itself; a PDF does that only through /Decode.
        inverted = inverted != ("adobe" in img.info)
    else:
        img = pikepdf.PdfImage(xobj).as_pil_image()
    if inverted and img.mode in ("CMYK", "L"):
        return Image.merge(img.mode, [ImageOps.invert(ch) for ch in img.split()])
    return img


def _unwrap(data: bytes, filters: list[str]) -> bytes:
    """Undo the general-purpose filters in front of a DCT stream (pikepdf only decodes a chain
    it can decode completely)."""
    for name in filters:
        if name == "/ASCII85Decode":
            data = data.strip()
            data = base64.a85decode(data, adobe=True) if data.endswith(b"~>") else \
                base64.a85decode(data)
        elif name == "/ASCIIHexDecode":
            data = bytes.fromhex(data.decode("ascii").strip().rstrip(">"))
        elif name == "/FlateDecode":
            data = zlib.decompress(data)
        else:
            raise NotImplementedError(name)
    return data


def describe_font(font: Dictionary) -> tuple[FontUse, _Program | None]:
    """Facts about a font resource and, for TrueType programs, a glyph checker."""
    subtype = str(font.get("/Subtype", ""))[1:]
    base = str(font.get("/BaseFont", "/?"))[1:]
    descendant = font.DescendantFonts[0] if subtype == "Type0" and "/DescendantFonts" in font \
        else None
    descriptor = (descendant or font).get("/FontDescriptor")
    files = {k: descriptor.get(k) for k in ("/FontFile", "/FontFile2", "/FontFile3")} \
        if descriptor is not None else {}
    embedded = subtype == "Type3" or any(v is not None for v in files.values())
    truetype = files.get("/FontFile2") is not None
    use = FontUse(base, subtype, embedded, bool(SUBSET_TAG.match(base)), truetype)
    stream = next((v for v in files.values() if v is not None), None)
    if stream is not None:
        try:
            use.program = hashlib.sha256(bytes(stream.read_bytes())).hexdigest()
        except (pikepdf.PdfError, ValueError):
            use.program = None
    program = _Program.load(files["/FontFile2"], font, descendant) if truetype else None
    return use, program


class _Program:
    """An embedded TrueType program: which shown codes have no glyph."""

    def __init__(self, cmap: dict[int, str] | None, cid_to_gid, glyphs: int) -> None:
        self.cmap, self.cid_to_gid, self.glyphs = cmap, cid_to_gid, glyphs

    @classmethod
    def load(cls, stream: Stream, font: Dictionary, descendant) -> _Program | None:
        try:
            tt = TTFont(io.BytesIO(stream.read_bytes()), lazy=True)
            glyphs = tt["maxp"].numGlyphs
            if descendant is not None:  # CIDFontType2, Identity-H: codes are CIDs
                mapping = descendant.get("/CIDToGIDMap", Name.Identity)
                cid_to_gid = None if mapping == Name.Identity else mapping.read_bytes()
                return cls(None, cid_to_gid, glyphs)
            table = next((t for t in tt["cmap"].tables if (t.platformID, t.platEncID) in
                          ((1, 0), (3, 0), (3, 1))), None)
            return cls(dict(table.cmap) if table else {}, None, glyphs)
        except (TTLibError, KeyError, ValueError, AssertionError, pikepdf.PdfError):
            return None

    def missing(self, data: bytes) -> list[str]:
        """The codes in `data` that select .notdef, as `0x..` strings."""
        if self.cmap is not None:
            return [f"0x{b:02x}" for b in data
                    if self.cmap.get(b, self.cmap.get(0xF000 + b, ".notdef")) == ".notdef"]
        codes = array("H", data[:len(data) // 2 * 2])
        if sys.byteorder == "little":
            codes.byteswap()
        if self.cid_to_gid is None and (not codes or (0 not in codes
                                                      and max(codes) < self.glyphs)):
            return []  # the usual case, decided in C: every code is a glyph of the font
        out = []
        for i in range(0, len(data) - 1, 2):
            cid = data[i] << 8 | data[i + 1]
            gid = cid if self.cid_to_gid is None else \
                int.from_bytes(self.cid_to_gid[2 * cid:2 * cid + 2] or b"\0\0", "big")
            if gid == 0 or gid >= self.glyphs:
                out.append(f"0x{cid:04x}")
        return out
