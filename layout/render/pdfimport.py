"""A page of a supplied PDF (an advertisement, a chart from the graphics desk) as a Form XObject
of the page being written, so its vectors, fonts and colours reach the press untouched and its
text stays text (PDF 32000-1 §8.10 form XObjects).

The supplied page's content streams become the form's content; its resources are copied object
by object into our document (shared objects once, cycles kept), its streams byte for byte with
their filters. The form's BBox is the page's TrimBox, else its CropBox, else its MediaBox: what
the advertiser booked, without their bleed or marks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pikepdf

from layout.errors import BadInput
from layout.render.pdfobj import Document, Name, Ref

BOXES = ("/TrimBox", "/CropBox", "/MediaBox")
"""Which box of a supplied page is the printed object, in order of preference."""
SKIPPED = frozenset({"/Parent", "/Annots", "/B", "/StructParents", "/Thumb"})
"""Page-tree links and interactive parts that have no place inside a form."""


class SuppliedPdfError(BadInput):
    """A supplied PDF that cannot be placed: unreadable, encrypted, no such page."""


@dataclass(frozen=True, slots=True)
class PageBox:
    """A supplied page's printed box, in its own coordinates (pt)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def open_supplied(path: Path) -> pikepdf.Pdf:
    """The supplied file, opened; a damaged or encrypted one is a SuppliedPdfError."""
    try:
        pdf = pikepdf.open(io.BytesIO(path.read_bytes()))
    except pikepdf.PasswordError:
        raise SuppliedPdfError(f"{path.name} is encrypted") from None
    except (pikepdf.PdfError, OSError, ValueError) as error:
        raise SuppliedPdfError(f"{path.name} is not a readable PDF ({error})") from None
    if pdf.is_encrypted:
        raise SuppliedPdfError(f"{path.name} is encrypted")
    return pdf


def page_box(pdf: pikepdf.Pdf, index: int, name: str = "file") -> PageBox:
    """The printed box of page `index` (0-based)."""
    if not 0 <= index < len(pdf.pages):
        raise SuppliedPdfError(f"{name} has {len(pdf.pages)} page(s), not a page {index + 1}")
    obj = pdf.pages[index].obj
    for key in BOXES:
        box = _inherited(obj, key)
        if box is not None:
            x0, y0, x1, y1 = (float(v) for v in box)
            return PageBox(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    raise SuppliedPdfError(f"page {index + 1} of {name} has no page box")


def import_page(doc: Document, pdf: pikepdf.Pdf, index: int) -> tuple[Ref, PageBox]:
    """Page `index` of `pdf` as a Form XObject in `doc`: its reference and its box."""
    box = page_box(pdf, index)
    page = pdf.pages[index]
    copier = _Copier(doc)
    resources = _inherited(page.obj, "/Resources")
    entries: dict = {"Type": Name("XObject"), "Subtype": Name("Form"),
                     "BBox": [box.x0, box.y0, box.x1, box.y1],
                     "Resources": copier.value(resources) if resources is not None else {}}
    group = page.obj.get("/Group")
    if group is not None:  # a transparency group stays visible to the preflight
        entries["Group"] = copier.value(group)
    content = b"\n".join(bytes(s.read_bytes()) for s in _contents(page.obj))
    return doc.stream(content, entries), box


def _contents(obj: pikepdf.Dictionary) -> list[pikepdf.Stream]:
    contents = obj.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents, pikepdf.Array):
        return [c for c in contents if isinstance(c, pikepdf.Stream)]
    return [contents] if isinstance(contents, pikepdf.Stream) else []


def _inherited(obj: pikepdf.Dictionary, key: str):
    node, depth = obj, 0
    while node is not None and depth < 64:
        if key in node:
            return node[key]
        node, depth = node.get("/Parent"), depth + 1
    return None


class _Copier:
    """pikepdf objects → `pdfobj` values in our document; each indirect object once."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.refs: dict[tuple[int, int], Ref] = {}

    def value(self, obj):
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) \
                and obj.is_indirect:
            return self._indirect(obj)
        return self._direct(obj)

    def _indirect(self, obj) -> Ref:
        key = obj.objgen
        if key in self.refs:
            return self.refs[key]
        ref = self.refs[key] = self.doc.reserve()
        if isinstance(obj, pikepdf.Stream):
            self._stream(ref, obj)
        else:
            self.doc.put(ref, self._direct(obj))
        return ref

    def _stream(self, ref: Ref, obj: pikepdf.Stream) -> None:
        """The stream's bytes as they are (still encoded), its filters kept."""
        entries = {str(k)[1:]: self.value(v) for k, v in obj.items()
                   if k not in ("/Length", "/DL") and k not in SKIPPED}
        self.doc.put_stream(ref, bytes(obj.read_raw_bytes()), entries,
                            compress="Filter" not in entries)

    def _direct(self, obj):
        if isinstance(obj, pikepdf.Dictionary):
            return {str(k)[1:]: self.value(v) for k, v in obj.items() if k not in SKIPPED}
        if isinstance(obj, pikepdf.Array):
            return [self.value(v) for v in obj]
        if isinstance(obj, pikepdf.Name):
            return Name(str(obj)[1:])
        if isinstance(obj, pikepdf.String):
            return bytes(obj)  # written as a hex string: the same bytes, whatever they are
        if isinstance(obj, bool) or obj is None:
            return obj
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, (float, Decimal)):
            return float(obj)
        if isinstance(obj, pikepdf.Stream):
            return self._indirect(obj)
        raise SuppliedPdfError(f"an object of an unknown kind in a supplied PDF: {type(obj)}")
