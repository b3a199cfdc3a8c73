"""Rasterise our own PDF pages with pypdfium2, so the web shows exactly what the press prints."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image


def render_page(pdf: bytes, width_px: int, index: int = 0) -> Image.Image:
    """Page `index` of a PDF as an RGB image `width_px` wide."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
        page.close()
        return image
    finally:
        doc.close()


def encode(image: Image.Image, fmt: str = "JPEG", quality: int = 85) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, quality=quality)
    return out.getvalue()
