"""Prepare placed images for print: crop, resample to the house resolution, separate to CMYK or gray."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageChops, ImageOps

from layout.display import Picture


def prepare(pic: Picture, gray: bool, ppi: int = 300, quality: int = 88) -> bytes:
    """JPEG bytes of the picture's crop window at `ppi` for its placed size, CMYK or grayscale."""
    with Image.open(pic.path) as src:
        src = ImageOps.exif_transpose(src)
        img = _flatten(src)
        x0, y0, x1, y1 = pic.crop
        box = (round(x0 * img.width), round(y0 * img.height),
               round(x1 * img.width), round(y1 * img.height))
        img = img.crop(box)
    target = (max(1, round(pic.w / 72 * ppi)), max(1, round(pic.h / 72 * ppi)))
    if img.width > target[0]:  # never upsample: that adds no detail
        img = img.resize(target, Image.Resampling.LANCZOS)
    img = img.convert("L") if gray else rgb_to_cmyk(img)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _flatten(img: Image.Image) -> Image.Image:
    """RGB without alpha: transparency is flattened onto white paper (PDF/X-1a has none)."""
    if img.mode in ("RGBA", "LA", "P", "PA"):
        img = img.convert("RGBA")
        paper = Image.new("RGB", img.size, (255, 255, 255))
        paper.paste(img, mask=img.getchannel("A"))
        return paper
    if img.mode == "CMYK":
        return img.convert("RGB")
    return img.convert("RGB") if img.mode != "L" else img.convert("RGB")


def rgb_to_cmyk(img: Image.Image) -> Image.Image:
    """Newsprint separation with full grey-component replacement.

    K takes the common part of C, M and Y, so at most two chromatic inks remain beside it and
    total area coverage stays ≤ 200 % (below the 220 % newsprint limit, print-standards §1.2).
    """
    r, g, b = img.convert("RGB").split()
    c, m, y = (ImageOps.invert(ch) for ch in (r, g, b))
    k = ImageChops.darker(ImageChops.darker(c, m), y)
    return Image.merge("CMYK", tuple(ImageChops.subtract(ch, k) for ch in (c, m, y)) + (k,))


def pixel_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as img:
        img = ImageOps.exif_transpose(img)
        return img.size
