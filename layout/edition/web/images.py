"""Digital-edition images: page images and thumbnails rendered from the print PDFs, article photos.

Pages are rasterised with pypdfium2 from the very PDF that goes to press, trim box only, so the
web shows what was printed; every file is encoded as sRGB and tagged with an sRGB ICC profile
(IEC 61966-2-1), the colour space browsers assume for untagged images anyway.
"""

from __future__ import annotations

import hashlib
import io
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageCms, ImageOps

from layout.render.images import eight_bit
from layout.style import WebSettings

FORMATS = {"jpeg": ("JPEG", "jpg"), "webp": ("WEBP", "webp")}
"""Supported web formats: name in the house style → (Pillow format, file extension)."""


def checked(settings: WebSettings, style_name: str) -> WebSettings:
    """The house style's web settings, if every format in them is one we write; an unknown
    format is an error of the house style (raised when a build starts)."""
    unknown = [f for f in settings.formats if f not in FORMATS]
    if unknown or not settings.formats:
        raise ValueError(f"house style {style_name!r}: web formats {list(settings.formats)} "
                         f"must name one or more of {', '.join(FORMATS)}")
    return settings


@dataclass(frozen=True, slots=True)
class PlannedImage:
    """One rendition of a page: its role (thumb | page), width in px and file per format."""

    role: str
    width: int
    files: dict[str, str]
    """Format → path relative to the web package."""


def page_plan(slug: str, settings: WebSettings) -> list[PlannedImage]:
    """The image files of page `slug`: thumbs/page-01.jpg, pages/page-01-1200.webp, …"""
    plan = [PlannedImage("thumb", settings.thumb_width,
                         {f: f"thumbs/page-{slug}.{FORMATS[f][1]}" for f in settings.formats})]
    for width in settings.page_widths:
        plan.append(PlannedImage("page", width, {
            f: f"pages/page-{slug}-{width}.{FORMATS[f][1]}" for f in settings.formats}))
    return plan


@dataclass(frozen=True, slots=True)
class EncodedImage:
    """One rendition of a page, encoded: role, size in px and the file bytes per format."""

    role: str
    width: int
    height: int
    files: dict[str, bytes]


def page_images(pdf: bytes, plan: list[PlannedImage], gray: bool, quality: int
                ) -> list[EncodedImage]:
    """Every planned rendition of the page, encoded in every format.

    The PDF is opened once and rendered at each planned width: pdfium's own anti-aliasing at
    the target size keeps small type crisper than averaging down a larger render (measured on
    a 1200 px page: averaged down from 2400 px, strokes go grey, mean difference 15 levels),
    and at 12 ms for 1200 px it costs nothing worth saving. A gray page is rendered and encoded
    as grayscale, a third of the pixels to move."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        out = []
        for item in plan:
            image = _render(page, item.width, gray)
            out.append(EncodedImage(item.role, image.width, image.height,
                                    {fmt: encode_web(image, fmt, quality) for fmt in item.files}))
        page.close()
        return out
    finally:
        doc.close()


def render_trim(pdf: bytes, width_px: int, gray: bool = False) -> Image.Image:
    """The first page's trim box (the printed page, without bleed or marks) `width_px` wide,
    RGB, or L when `gray`."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        image = _render(page, width_px, gray)
        page.close()
        return image
    finally:
        doc.close()


def _render(page, width_px: int, gray: bool) -> Image.Image:
    """Hot zones are measured from the trim box's top-left corner, so the web images must show
    exactly the trim box whatever bleed and printer's marks the PDF carries (PDF 32000 §14.11.2)."""
    tl, tb, tr, tt = page.get_trimbox()
    page.set_cropbox(tl, tb, tr, tt)  # in memory only: pdfium then renders just the trim box
    scale = width_px / (tr - tl)
    bitmap = page.render(scale=scale, grayscale=gray)
    image = bitmap.to_pil()  # a copy: the bitmap's memory goes back at once
    bitmap.close()
    if image.mode != ("L" if gray else "RGB"):
        image = image.convert("L" if gray else "RGB")
    size = (width_px, max(1, round((tt - tb) * scale)))
    if image.width >= size[0] and image.height >= size[1]:
        return image.crop((0, 0, *size)) if image.size != size else image
    return image.resize(size, Image.Resampling.LANCZOS)


def encode_jpeg_plain(image: Image.Image, quality: int) -> bytes:
    """A deep-zoom tile: baseline JPEG, no ICC tag (browsers take an untagged image as sRGB,
    which it is; a gray profile in each of ~130 tiles a page would add 300 KB), standard
    Huffman tables (optimised ones save 5 % and double the encoding time)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return out.getvalue()


OPTIMIZE_MAX_PIXELS = 500_000
"""JPEGs up to this size get optimised Huffman tables (5 % smaller, the same pixels); above it
the extra pass costs more time (2400 px page: 26 → 56 ms) than the bytes are worth."""


def encode_web(image: Image.Image, fmt: str, quality: int) -> bytes:
    """An RGB (or L) image as JPEG or WebP bytes, tagged sRGB (or gray with the sRGB curve).

    Speed at the same pixels: JPEG is baseline, not progressive (a progressive scan gives
    identical pixels, 8 % fewer bytes, and takes 5 × as long: 150 ms for a 2400 px page);
    WebP uses libwebp's fastest method 0 (225 ms where method 2 took 340 ms; ~20 % larger)."""
    out = io.BytesIO()
    pil_format = FORMATS[fmt][0]
    if image.mode == "L" and pil_format == "WEBP":
        image = image.convert("RGB")  # WebP has no gray mode
    profile = gray_profile() if image.mode == "L" else srgb_profile()
    options: dict = {"quality": quality, "icc_profile": profile}
    if pil_format == "JPEG":
        options.update(optimize=image.width * image.height <= OPTIMIZE_MAX_PIXELS)
    else:
        options.update(method=0)
    image.save(out, pil_format, **options)
    return out.getvalue()


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile (IEC 61966-2-1) that Little CMS builds, as bytes, with a fixed
    creation date: Little CMS stamps the wall clock into the header, which would make two
    builds' images differ. The profile ID (an MD5 of the profile with the flags, rendering
    intent and ID fields zeroed, ICC.1:2010 §7.2.18) is computed again for the new date."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
    if any(data[84:100]):
        zeroed = bytearray(data)
        zeroed[44:48] = zeroed[64:68] = b"\0" * 4
        zeroed[84:100] = b"\0" * 16
        data[84:100] = hashlib.md5(bytes(zeroed)).digest()
    return bytes(data)


@lru_cache(maxsize=1)
def gray_profile() -> bytes:
    """An ICC v2 monochrome display profile whose tone curve is the sRGB curve (IEC 61966-2-1):
    a gray page image tagged with it shows exactly as the same image in RGB tagged sRGB.

    Little CMS cannot make a gray profile, so it is written here: the 128-byte header, then
    `desc`, `wtpt` (D50), `kTRC` (the sRGB curve sampled at 1024 points) and `cprt` (ICC.1:2001)."""
    def s15(v: float) -> bytes:
        return struct.pack(">l", round(v * 65536))

    curve = [v / 1023 for v in range(1024)]
    curve = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in curve]
    name = b"Gray, sRGB curve\0"
    tags = {
        b"desc": b"desc\0\0\0\0" + struct.pack(">L", len(name)) + name
                 + b"\0" * 8 + b"\0\0\0" + b"\0" * 67,
        b"wtpt": b"XYZ \0\0\0\0" + s15(0.9642) + s15(1.0) + s15(0.8249),
        b"kTRC": b"curv\0\0\0\0" + struct.pack(">L", 1024)
                 + struct.pack(">1024H", *(round(c * 65535) for c in curve)),
        b"cprt": b"text\0\0\0\0" + b"No copyright, use freely\0",
    }
    table, body, offset = b"", b"", 128 + 4 + 12 * len(tags)
    for sig, data in tags.items():
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">LL", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">L", size) + b"\0" * 4 + struct.pack(">L", 0x02100000)
              + b"mntrGRAYXYZ " + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp"
              + b"\0" * 24 + struct.pack(">L", 0) + s15(0.9642) + s15(1.0) + s15(0.8249)
              + b"\0" * 48)
    return header + struct.pack(">L", len(tags)) + table + body


def to_srgb(image: Image.Image) -> Image.Image:
    """Any Pillow image → RGB in sRGB: embedded ICC profiles honoured, alpha flattened on white,
    16-bit gray scaled (not clipped), EXIF orientation applied (as in print)."""
    icc = image.info.get("icc_profile")
    image = eight_bit(ImageOps.exif_transpose(image))
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


@dataclass(frozen=True, slots=True)
class FigureImage:
    """An article photo for the web: file name (by format), bytes and size in px."""

    name: str
    data: bytes
    width: int
    height: int


def figure_image(source: Path, settings: WebSettings) -> FigureImage:
    """An article photo scaled to the house width, sRGB.

    Graphics with few colours (PNG, GIF) stay PNG so lines and type stay crisp; photos become
    the first configured format."""
    with Image.open(source) as img:
        img.load()
        lossless = img.format in ("PNG", "GIF")
        image = to_srgb(img)
    if image.width > settings.figure_width:
        height = round(image.height * settings.figure_width / image.width)
        image = image.resize((settings.figure_width, height), Image.Resampling.LANCZOS)
    if lossless:
        data = io.BytesIO()
        image.save(data, "PNG", optimize=True, icc_profile=srgb_profile())
        return FigureImage("figure.png", data.getvalue(), image.width, image.height)
    fmt = settings.formats[0]
    return FigureImage(f"figure.{FORMATS[fmt][1]}", encode_web(image, fmt, settings.quality),
                       image.width, image.height)
