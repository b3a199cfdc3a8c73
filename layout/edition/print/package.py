"""The print package: page PDFs (PDF/X, named for the print shop), the issue PDF, the SHA-256
list for the upload, and each page's preflight."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from layout.display import PageDisplay, Picture
from layout.edition.print.preflight import PageContext, PagePreflight, preflight_pdf
from layout.edition.print.preflight import Picture as PlacedPicture
from layout.imagefile import pixel_size
from layout.model import Issue
from layout.press import file_name, paper_slug
from layout.render.images import ImageData, effective_ppi, has_alpha, prepare
from layout.render.pdf import PdfSettings
from layout.render.pdf import page_pdf as write_page_pdf
from layout.render.pdfx import DocInfo, merge_pdfx
from layout.render.sheet import Sheet
from layout.units import to_mm


def sheet_for(issue: Issue) -> Sheet:
    """The press sheet of the issue's pages: bleed and marks from the house style, the slug's
    fixed part (paper, date, issue number, build stamp: no wall clock)."""
    press = issue.style.press
    slug = "   ".join((paper_slug(issue.slug, press), issue.date.isoformat(),
                       f"No. {issue.number}", press.build_stamp))
    return Sheet(press, slug)


def page_title(issue: Issue, folio: str) -> str:
    return f"{issue.newspaper.name} {issue.date.isoformat()} 第{folio}版"


PreparedImages = Callable[[Picture, bool, Callable[[], ImageData]], ImageData]
"""A keeper of prepared images: (picture, gray page?, how to make it) → the image, made once
(edition/pages.py keeps them in the build cache)."""


def page_pdf(issue: Issue, display: PageDisplay, fonts: dict,
             keep: PreparedImages | None = None) -> bytes:
    """The page as a PDF/X file (render/pdf.py), images separated for the press."""
    style = issue.style
    info = DocInfo(page_title(issue, display.folio), issue.date, issue.newspaper.name,
                   f"第{display.folio}版 {display.section}")

    def image(pic: Picture, gray: bool) -> ImageData:
        def make() -> ImageData:
            return prepare(pic, gray, style.press)
        return keep(pic, gray, make) if keep else make()

    return write_page_pdf(display, fonts, PdfSettings(info, sheet_for(issue), image))


def image_key(issue: Issue, pic: Picture, gray: bool) -> str:
    """What a prepared image is made of: the source's bytes, the crop and placed size, the
    house's resolution and quality, the page's colour, the press's separation settings."""
    from layout.fonts import cached_digest

    press = issue.style.press
    icc = cached_digest(press.icc_profile) if press.icc_profile is not None else None
    parts = (cached_digest(pic.path), pic.crop, round(pic.w, 4), round(pic.h, 4),
             press.image_ppi, press.jpeg_quality, gray, press.tac_limit, icc)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def page_file(issue: Issue, folio: str) -> str:
    """The page PDF's name from the house style's pattern (`yunchuan_20261124_01.pdf`)."""
    return file_name(issue.style.press, issue.slug, issue.date, issue.number, folio)


def issue_pdf(issue: Issue, pages: list[bytes]) -> bytes:
    """The whole issue as one PDF/X file, pages in order."""
    title = f"{issue.newspaper.name} {issue.date.isoformat()}"
    info = DocInfo(title, issue.date, issue.newspaper.name, f"第{issue.number}期")
    return merge_pdfx(pages, info, issue.style.press)


def checksums(digests: dict[str, str]) -> bytes:
    """`sha256sum -c` input: file name (relative to its folder) → SHA-256, sorted by name."""
    return "".join(f"{digests[name]}  {name}\n" for name in sorted(digests)).encode("utf-8")


def page_context(display: PageDisplay) -> PageContext:
    """What the preflight needs from the layout: folio, colour mode and the source images."""
    pictures = tuple(_placed(op) for op in display.ops if isinstance(op, Picture))
    return PageContext(display.folio, display.color == "gray", pictures)


def _placed(pic: Picture) -> PlacedPicture:
    name = f"{pic.path.parent.name}/{pic.path.name}"
    return PlacedPicture(name, effective_ppi(pic, pixel_size(pic.path)),
                         (round(to_mm(pic.w), 1), round(to_mm(pic.h), 1)), has_alpha(pic.path))


def preflight_page(issue: Issue, display: PageDisplay, pdf: bytes, name: str) -> PagePreflight:
    """The preflight of one page PDF, with the layout's knowledge of its images."""
    return preflight_pdf(pdf, issue.style.press, name, [page_context(display)])[0]
