"""Preflight: judge print PDFs against PDF/X and the newspaper press's limits, page by page.

Errors stop the plates (exit code 1); warnings are for the editor. The rules and their sources
are in print-standards.md: PDF/X checklist §1.1, ink and resolution limits §2.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from layout.edition.print.pdfscan import DocScan, ImageUse, PageScan, ScanBudget, scan_pdf
from layout.press import PressSettings
from layout.units import to_mm

TAC_TOLERANCE = 1.0
"""% over the limit still accepted: JPEG noise left after the 3 × 3-pixel area average."""
BOX_TOLERANCE = 0.01
"""pt: boxes closer than this nest."""
RGB_SPACES = ("DeviceRGB", "CalRGB", "ICCBased(3)", "Lab")
X1A_SPACES = ("DeviceCMYK", "DeviceGray", "Pattern")
"""Besides Separation and DeviceN (spot colours, registration), all PDF/X-1a allows."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: `error` (the press cannot take the file) or `warning` (look at it)."""

    level: str
    check: str
    """pdfx | boxes | fonts | glyphs | colour | tac | transparency | images | layout"""
    message: str


@dataclass(frozen=True, slots=True)
class Picture:
    """An image as the layout placed it: the source file, its resolution at placed size."""

    file: str
    ppi: float
    placed_mm: tuple[float, float]
    alpha: bool = False


@dataclass
class PagePreflight:
    """The preflight of one page."""

    page: str
    file: str
    flavour: str
    fonts: list[dict] = field(default_factory=list)
    colour_spaces: list[str] = field(default_factory=list)
    max_tac: float = 0.0
    overprint: bool = False
    images: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "error"]

    @property
    def warnings(self) -> list[str]:
        return [f.message for f in self.findings if f.level == "warning"]

    @property
    def pdfx_ok(self) -> bool:
        return not any(f.level == "error" and f.check in PDFX_CHECKS for f in self.findings)

    def as_json(self) -> dict:
        return {"page": self.page, "file": self.file, "pdfx": self.flavour,
                "pdfx_ok": self.pdfx_ok, "fonts": self.fonts, "colour_spaces": self.colour_spaces,
                "max_tac": self.max_tac, "overprint": self.overprint, "images": self.images,
                "errors": self.errors, "warnings": self.warnings}


PDFX_CHECKS = ("pdfx", "boxes", "fonts", "colour", "transparency")
"""Checks whose errors break PDF/X conformance (the others are the press's own limits)."""


def preflight_pdf(data: bytes, press: PressSettings, file: str,
                  pages: list[PageContext] | None = None) -> list[PagePreflight]:
    """Preflight every page of the PDF `data`. `pages` adds what only the build knows (folio,
    colour mode, the source images); without it, pages are numbered and images judged from
    the PDF itself."""
    try:
        doc = scan_pdf(data)
    except ScanBudget as exc:
        return [PagePreflight("-", file, "-", findings=[
            Finding("error", "pdfx", f"{file}: too complex to check ({exc})")])]
    except Exception as exc:  # noqa: BLE001 - any unreadable file is one finding, not a crash
        return [PagePreflight("-", file, "-", findings=[
            Finding("error", "pdfx", f"{file}: not a readable PDF ({type(exc).__name__})")])]
    if not doc.pages:
        return [PagePreflight("-", file, "-", findings=[
            Finding("error", "pdfx", f"{file}: the file has no pages")])]
    flavour = _flavour(doc, press)
    common = doc_findings(doc, press, flavour)
    out = []
    for index, scan in enumerate(doc.pages):
        context = pages[index] if pages and index < len(pages) else PageContext(str(scan.number))
        out.append(_page_preflight(scan, press, flavour, file, context, common))
    return out


@dataclass(frozen=True, slots=True)
class PageContext:
    """What the build knows about a page that the PDF does not say."""

    folio: str
    gray: bool | None = None
    """True: a `gray` page (K only); None: unknown."""
    pictures: tuple[Picture, ...] | None = None


def _flavour(doc: DocScan, press: PressSettings) -> str:
    """The flavour to check: the declared one, else the house style's."""
    declared = doc.info.get("GTS_PDFXVersion", "") or _xmp_value(doc.xmp, "GTS_PDFXVersion")
    if declared.startswith("PDF/X-4"):
        return "X-4"
    if declared.startswith("PDF/X-1"):
        return "X-1a"
    return press.pdfx


def _page_preflight(scan: PageScan, press: PressSettings, flavour: str, file: str,
                    context: PageContext, common: list[Finding]) -> PagePreflight:
    result = PagePreflight(context.folio, file, FLAVOUR_NAMES[flavour])
    result.fonts = [{"name": f.name, "subtype": f.subtype, "embedded": f.embedded,
                     "subset": f.subset, "truetype": f.truetype, "used": f.used,
                     "missing_glyphs": sorted(set(f.notdef))} for f in scan.fonts.values()]
    result.colour_spaces = sorted(scan.colour_spaces)
    result.max_tac = scan.max_tac
    result.overprint = scan.overprint
    result.images = _image_rows(scan, context)
    result.findings = list(common) + page_findings(scan, press, flavour, context)
    return result


FLAVOUR_NAMES = {"X-1a": "PDF/X-1a:2003", "X-4": "PDF/X-4"}


def _image_rows(scan: PageScan, context: PageContext) -> list[dict]:
    """One row per image: the source file when the build knows it, with what the PDF holds (one
    image drawn per picture, in the same order)."""
    if context.pictures is not None:
        placed = scan.images if len(scan.images) == len(context.pictures) else \
            [None] * len(context.pictures)
        return [{"file": p.file, "ppi": p.ppi, "placed_mm": list(p.placed_mm), "alpha": p.alpha,
                 "colour_space": i.colour_space if i else None, "tac": i.tac if i else None}
                for p, i in zip(context.pictures, placed)]
    return [{"file": i.name, "ppi": i.ppi, "pixels": list(i.pixels),
             "placed_mm": [round(to_mm(v), 1) for v in i.placed_pt],
             "colour_space": i.colour_space, "tac": i.tac} for i in scan.images]


# ------------------------------------------------------------------------------ document

def doc_findings(doc: DocScan, press: PressSettings, flavour: str) -> list[Finding]:
    """The document-level PDF/X requirements (print-standards §1.1)."""
    out = _intent_findings(doc, flavour)
    info = doc.info
    for key in ("Title", "CreationDate", "ModDate"):
        if not info.get(key):
            out.append(Finding("error", "pdfx", f"Info /{key} is missing"))
    if info.get("Trapped") not in ("/True", "/False"):
        out.append(Finding("error", "pdfx", f"/Trapped is {info.get('Trapped') or 'missing'} "
                                           "(PDF/X: True or False)"))
    out += _version_findings(doc, flavour)
    if not doc.has_id:
        out.append(Finding("error", "pdfx", "no document /ID in the trailer"))
    if doc.encrypted:
        out.append(Finding("error", "pdfx", "the file is encrypted"))
    if doc.actions:
        out.append(Finding("error", "pdfx", "the file has actions or JavaScript"))
    if doc.lzw and flavour == "X-1a":
        out.append(Finding("error", "pdfx", "LZW compression (not allowed in PDF/X-1a)"))
    out += _subset_name_findings(doc)
    return out


def _subset_name_findings(doc: DocScan) -> list[Finding]:
    """Different embedded subsets must have different names (ISO 32000-1 §9.6.4): a RIP or
    imposition tool that matches fonts by name would draw one subset's glyphs for another's."""
    programs: dict[str, set[str]] = {}
    for page in doc.pages:
        for font in page.fonts.values():
            if font.subset and font.program:
                programs.setdefault(font.name, set()).add(font.program)
    return [Finding("error", "fonts", f"font subset name {name} stands for {len(found)} "
                                      f"different font programs (subset tags must differ)")
            for name, found in sorted(programs.items()) if len(found) > 1]


def _intent_findings(doc: DocScan, flavour: str) -> list[Finding]:
    intents = [i for i in doc.output_intents if i["S"] == "/GTS_PDFX"]
    if len(intents) != 1:
        return [Finding("error", "pdfx", f"{len(intents)} /GTS_PDFX output intents (PDF/X: one)")]
    intent, out = intents[0], []
    if not intent["OutputConditionIdentifier"]:
        out.append(Finding("error", "pdfx", "the output intent has no OutputConditionIdentifier"))
    profile = intent["profile"]
    if profile is None and (flavour == "X-4" or not intent["RegistryName"]):
        out.append(Finding("error", "pdfx", "the output intent has no DestOutputProfile"
                           + ("" if flavour == "X-4" else " and no RegistryName")))
    if profile is not None and profile not in ("prtrCMYK", "prtrGRAY"):
        out.append(Finding("error", "pdfx", f"the output profile is {profile[4:]} {profile[:4]}, "
                                           "not a CMYK or gray printer profile"))
    return out


def _version_findings(doc: DocScan, flavour: str) -> list[Finding]:
    out = []
    limit = 1.4 if flavour == "X-1a" else 1.6
    if float(doc.version or 0) > limit:
        out.append(Finding("error", "pdfx", f"PDF {doc.version} (PDF/{flavour}: at most {limit})"))
    declared = doc.info.get("GTS_PDFXVersion", "")
    if flavour == "X-1a":
        if not declared.startswith("PDF/X-1") or \
                not doc.info.get("GTS_PDFXConformance", "").startswith("PDF/X-1a"):
            out.append(Finding("error", "pdfx", "GTS_PDFXVersion/GTS_PDFXConformance do not "
                                               "declare PDF/X-1a"))
        return out
    for key in ("GTS_PDFXVersion", "DocumentID", "VersionID", "RenditionClass"):
        if not _xmp_value(doc.xmp, key):
            out.append(Finding("error", "pdfx", f"XMP has no {key} (PDF/X-4)"))
    if doc.xmp is None or "<dc:title>" not in doc.xmp:
        out.append(Finding("error", "pdfx", "XMP has no dc:title (PDF/X-4)"))
    return out


def _xmp_value(xmp: str | None, key: str) -> str:
    if not xmp:
        return ""
    m = re.search(rf"(?:pdfxid|xmpMM):{key}(?:>([^<]*)<|=\"([^\"]*)\")", xmp)
    return (m.group(1) or m.group(2) or "").strip() if m else ""


# ------------------------------------------------------------------------------ page

def page_findings(scan: PageScan, press: PressSettings, flavour: str,
                  context: PageContext) -> list[Finding]:
    """The page-level checks, in the order a print shop reads them."""
    where = f"page {context.folio}"
    return (_box_findings(scan, where) + _font_findings(scan, where)
            + _colour_findings(scan, flavour, context.gray, where)
            + _tac_findings(scan, press, where) + _image_findings(scan, press, context, where))


def _box_findings(scan: PageScan, where: str) -> list[Finding]:
    boxes = scan.boxes
    trim = boxes["TrimBox"] or boxes["ArtBox"]
    if trim is None:
        return [Finding("error", "boxes", f"{where}: no TrimBox")]
    bleed = boxes["BleedBox"] or boxes["CropBox"] or boxes["MediaBox"]
    out = []
    for inner, outer, names in ((trim, bleed, "TrimBox inside BleedBox"),
                                (bleed, boxes["MediaBox"], "BleedBox inside MediaBox")):
        if outer is not None and not _inside(inner, outer):
            out.append(Finding("error", "boxes", f"{where}: boxes do not nest ({names})"))
    return out


def _inside(inner, outer) -> bool:
    t = BOX_TOLERANCE
    return (inner[0] >= outer[0] - t and inner[1] >= outer[1] - t and inner[2] <= outer[2] + t
            and inner[3] <= outer[3] + t)


def _font_findings(scan: PageScan, where: str) -> list[Finding]:
    out = []
    for font in scan.fonts.values():
        name = font.name
        if not font.embedded:
            out.append(Finding("error", "fonts", f"{where}: font {name} is not embedded"))
        elif not font.truetype:
            out.append(Finding("error", "fonts", f"{where}: font {name} is {font.subtype}, "
                                                 "not TrueType (house rule)"))
        if font.embedded and not font.subset:
            out.append(Finding("warning", "fonts", f"{where}: font {name} is embedded whole, "
                                                   "not as a subset"))
        if not font.used:
            out.append(Finding("warning", "fonts", f"{where}: font {name} is declared but unused"))
        if font.notdef:
            codes = ", ".join(sorted(set(font.notdef))[:8])
            out.append(Finding("error", "glyphs", f"{where}: {len(font.notdef)} character(s) "
                                                  f"with no glyph in {name} (codes {codes})"))
    return out


def _colour_findings(scan: PageScan, flavour: str, gray: bool | None,
                     where: str) -> list[Finding]:
    out = []
    spaces = scan.colour_spaces
    rgb = sorted(s for s in spaces if any(r in s for r in RGB_SPACES))
    if rgb:
        out.append(Finding("error", "colour", f"{where}: RGB colour ({', '.join(rgb)})"))
    if flavour == "X-1a":
        other = sorted(s for s in spaces if s not in rgb and not _x1a_space(s))
        if other:
            out.append(Finding("error", "colour", f"{where}: colour spaces PDF/X-1a does not "
                                                  f"allow ({', '.join(other)})"))
    if gray and spaces - {"DeviceGray"}:
        out.append(Finding("error", "colour", f"{where} is a gray page but uses "
                                              f"{', '.join(sorted(spaces - {'DeviceGray'}))}"))
    if scan.transparency and flavour == "X-1a":
        out.append(Finding("error", "transparency", f"{where}: transparency "
                                                    f"({'; '.join(sorted(scan.transparency))})"))
    return out


def _x1a_space(space: str) -> bool:
    base = space[8:-1] if space.startswith("Indexed(") else space
    return base in X1A_SPACES or base.startswith(("Separation", "DeviceN", "stencil"))


def _tac_findings(scan: PageScan, press: PressSettings, where: str) -> list[Finding]:
    if scan.max_tac > press.tac_limit + TAC_TOLERANCE:
        return [Finding("error", "tac", f"{where}: total area coverage {scan.max_tac:.0f} % "
                                        f"(limit {press.tac_limit:.0f} %)")]
    return []


def _image_findings(scan: PageScan, press: PressSettings, context: PageContext,
                    where: str) -> list[Finding]:
    pictures = context.pictures
    if pictures is None:
        pictures = tuple(_as_picture(i) for i in scan.images if max(i.pixels) > 16)
    out = []
    for pic in pictures:
        level = "error" if pic.ppi < press.error_ppi else \
            "warning" if pic.ppi < press.warn_ppi else None
        if level:
            limit = press.error_ppi if level == "error" else press.warn_ppi
            out.append(Finding(level, "images", f"{where}: image {pic.file} has {pic.ppi:.0f} ppi "
                                                f"at its placed size {pic.placed_mm[0]:.0f} × "
                                                f"{pic.placed_mm[1]:.0f} mm (below {limit:.0f} ppi)"))
        if pic.alpha:
            out.append(Finding("warning", "images", f"{where}: image {pic.file} is transparent; "
                                                    "flattened onto white paper (PDF/X-1a)"))
    return out


def _as_picture(image: ImageUse) -> Picture:
    return Picture(image.name, image.ppi, tuple(round(to_mm(v), 1) for v in image.placed_pt))
