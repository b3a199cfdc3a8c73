"""Rasterise our own PDF pages with pypdfium2, so the web shows exactly what the press prints."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image


def render_page(pdf: bytes, width_px: int, index: int = 0, gray: bool = False) -> Image.Image:
    """Page `index` of a PDF as an RGB image (L if `gray`) `width_px` wide: its TrimBox, so
    bleed and printer's marks never reach the web."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        x0, y0, x1, y1 = page.get_cropbox()
        t0, u0, t1, u1 = page.get_trimbox()  # the CropBox when there is no TrimBox
        crop = (max(0.0, t0 - x0), max(0.0, u0 - y0), max(0.0, x1 - t1), max(0.0, y1 - u1))
        scale = width_px / (page.get_width() - crop[0] - crop[2])
        image = page.render(scale=scale, crop=crop, grayscale=gray).to_pil()
        image = image.convert("L" if gray else "RGB")
        page.close()
        return image
    finally:
        doc.close()


def encode(image: Image.Image, fmt: str = "JPEG", quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, quality=quality)
    return out.getvalue()
