"""Digital-edition images: page images and thumbnails rendered from the print PDFs, article photos.

Pages are rasterised with pypdfium2 from the very PDF that goes to press, trim box only, so the
web shows what was printed; every file is encoded as sRGB and tagged with an sRGB ICC profile
(IEC 61966-2-1), the colour space browsers assume for untagged images anyway.
"""

from __future__ import annotations

import io
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageCms

from layout.style import HouseStyle

FORMATS = {"jpeg": ("JPEG", "jpg"), "webp": ("WEBP", "webp")}
"""Supported web formats: name in the house style → (Pillow format, file extension)."""


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """The house style's digital-edition image settings (sizes in px, formats, quality)."""

    thumb_width: int
    page_widths: tuple[int, ...]
    formats: tuple[str, ...]
    quality: int
    figure_width: int

    @classmethod
    def from_style(cls, style: HouseStyle) -> ImageSettings:
        """Read the settings from a house style; an unknown format is a ValueError."""
        unknown = [f for f in style.web_formats if f not in FORMATS]
        if unknown or not style.web_formats:
            raise ValueError(f"house style {style.name!r}: web_formats {list(style.web_formats)} "
                             f"must name one or more of {', '.join(FORMATS)}")
        return cls(style.thumb_width, tuple(style.web_page_widths), tuple(style.web_formats),
                   style.web_quality, style.web_figure_width)

    def as_json(self) -> dict:
        """The settings as stored in pages.json (a change forces every page to be re-rendered)."""
        return {"thumb_width": self.thumb_width, "page_widths": list(self.page_widths),
                "formats": list(self.formats), "quality": self.quality,
                "figure_width": self.figure_width}


@dataclass(frozen=True, slots=True)
class PlannedImage:
    """One rendition of a page: its role (thumb | page), width in px and file per format."""

    role: str
    width: int
    files: dict[str, str]
    """Format → path relative to the web package."""


def page_plan(slug: str, settings: ImageSettings) -> list[PlannedImage]:
    """The image files of page `slug`: thumbs/page-01.jpg, pages/page-01-1200.webp, …"""
    plan = [PlannedImage("thumb", settings.thumb_width,
                         {f: f"thumbs/page-{slug}.{FORMATS[f][1]}" for f in settings.formats})]
    for width in settings.page_widths:
        plan.append(PlannedImage("page", width, {
            f: f"pages/page-{slug}-{width}.{FORMATS[f][1]}" for f in settings.formats}))
    return plan


def render_page_images(pdf: bytes, plan: list[PlannedImage], dest: Path, quality: int,
                       pool: Executor) -> tuple[list[dict], list[Future]]:
    """Render the PDF page at every planned width and encode each format into `dest`.

    pdfium is not thread-safe, so rendering runs here; encoding (the slow part, WebP above all)
    goes to `pool`. Returns the pages.json `images` entries and the encoding futures, whose
    `.result()` the caller must collect (it raises if a file could not be written).
    """
    entries, futures = [], []
    for item in plan:
        image = render_trim(pdf, item.width)
        futures += [pool.submit(_write, image, fmt, quality, dest / rel)
                    for fmt, rel in item.files.items()]
        entries.append({"role": item.role, "width": image.width, "height": image.height,
                        "files": dict(item.files)})
    return entries, futures


def render_trim(pdf: bytes, width_px: int) -> Image.Image:
    """The first page's trim box (the printed page, without bleed or marks) `width_px` wide, RGB.

    Hot zones are measured from the trim box's top-left corner, so the web images must show
    exactly the trim box whatever bleed and printer's marks the PDF carries (PDF 32000 §14.11.2).
    """
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        tl, tb, tr, tt = page.get_trimbox()
        page.set_cropbox(tl, tb, tr, tt)  # in memory only: pdfium then renders just the trim box
        scale = width_px / (tr - tl)
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    size = (width_px, max(1, round((tt - tb) * scale)))
    if image.width >= size[0] and image.height >= size[1]:
        return image.crop((0, 0, *size))  # pdfium rounds the bitmap up: drop the partial pixel
    return image.resize(size, Image.Resampling.LANCZOS)


def _write(image: Image.Image, fmt: str, quality: int, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_web(image, fmt, quality))


def encode_web(image: Image.Image, fmt: str, quality: int) -> bytes:
    """An RGB image as JPEG or WebP bytes, tagged sRGB."""
    out = io.BytesIO()
    pil_format = FORMATS[fmt][0]
    options: dict = {"quality": quality, "icc_profile": srgb_profile()}
    if pil_format == "JPEG":
        options.update(optimize=True, progressive=True)
    else:
        options.update(method=2)  # libwebp effort: 2 is half the time of the default 4, ~3% larger
    image.save(out, pil_format, **options)
    return out.getvalue()


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile (IEC 61966-2-1) that Little CMS builds, as bytes."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def to_srgb(image: Image.Image) -> Image.Image:
    """Any Pillow image → RGB in sRGB: embedded ICC profiles honoured, alpha flattened on white."""
    icc = image.info.get("icc_profile")
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if icc and image.mode in ("RGB", "CMYK", "L", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image.convert(_cms_mode(image.mode)), source,
                                             ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # a broken profile: fall back to the naive conversion below
    return image.convert("RGB")


def _cms_mode(mode: str) -> str:
    return "RGB" if mode == "RGBA" else mode


def figure_image(source: Path, dest: Path, rel_stem: str, settings: ImageSettings) -> dict:
    """Copy an article photo into the web package, scaled to the house width, sRGB.

    Graphics with few colours (PNG, GIF) stay PNG so lines and type stay crisp; photos become
    the first configured format. Returns the pages.json `file`, `width` and `height`.
    """
    with Image.open(source) as img:
        img.load()
        lossless = img.format in ("PNG", "GIF")
        image = to_srgb(img)
    if image.width > settings.figure_width:
        height = round(image.height * settings.figure_width / image.width)
        image = image.resize((settings.figure_width, height), Image.Resampling.LANCZOS)
    if lossless:
        rel = f"{rel_stem}.png"
        data = io.BytesIO()
        image.save(data, "PNG", optimize=True, icc_profile=srgb_profile())
        payload = data.getvalue()
    else:
        fmt = settings.formats[0]
        rel = f"{rel_stem}.{FORMATS[fmt][1]}"
        payload = encode_web(image, fmt, settings.quality)
    (dest / rel).parent.mkdir(parents=True, exist_ok=True)
    (dest / rel).write_bytes(payload)
    return {"file": rel, "width": image.width, "height": image.height}
