"""What an image file says about itself before it is decoded: the size it is shown at.

The model stage (resolve) needs an image's proportions to place it; the renderers need the same
orientation rule to decode it. Both read it here, so the model never depends on a back end."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

EXIF_ORIENTATION = 0x0112
"""The EXIF tag that says how the stored pixels are turned for display."""
SIDEWAYS = frozenset({5, 6, 7, 8})
"""EXIF orientations whose stored pixels lie on their side (transposed or turned 90°/270°)."""


def stored_sideways(img: Image.Image) -> bool:
    """True if the image's pixels are stored turned by 90° from the way it is shown."""
    return img.getexif().get(EXIF_ORIENTATION, 1) in SIDEWAYS


def pixel_size(path: Path) -> tuple[int, int]:
    """Width and height as the image is shown: EXIF orientations 5–8 (stored sideways) swap
    them. Read from the header, without decoding the pixels."""
    with Image.open(path) as img:
        width, height = img.size
        return (height, width) if stored_sideways(img) else (width, height)
