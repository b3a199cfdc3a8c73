"""Prepare placed images for print: crop, resample to the house resolution, separate to CMYK or gray."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageFilter, ImageMath, ImageOps

from layout.display import Picture
from layout.imagefile import stored_sideways
from layout.press import PressSettings

JPEG_HEADROOM = 3.0
"""% the separation stays under the TAC limit: JPEG's ringing adds up to about that much to the
total measured over small areas after decompression (measured: +2.4 % at quality 88)."""


@dataclass(frozen=True, slots=True)
class ImageData:
    """A JPEG ready to embed in a PDF: its bytes, pixel size and colour space."""

    jpeg: bytes
    width: int
    height: int
    cmyk: bool

    @property
    def adobe_inverted(self) -> bool:
        """Pillow writes CMYK JPEGs the Adobe way, with inverted values and an APP14 "Adobe"
        marker; a PDF reader takes DCT data as it is, so the image needs /Decode [1 0 …]."""
        return self.cmyk and b"Adobe" in self.jpeg[:4096]


def prepare(pic: Picture, gray: bool, press: PressSettings | None = None) -> ImageData:
    """The picture's crop window at the press's `image_ppi` for its placed size, CMYK or
    grayscale, as a JPEG at its `jpeg_quality`.

    CMYK goes through the press's ICC profile when it names one, else the built-in separation;
    either way total area coverage is then limited to `press.tac_limit`.
    """
    press = press or PressSettings()
    ppi, quality = press.image_ppi, press.jpeg_quality
    with Image.open(pic.path) as src:
        _draft(src, pic, ppi)
        src = ImageOps.exif_transpose(src)
        img = _flatten(src)
        x0, y0, x1, y1 = pic.crop
        box = (round(x0 * img.width), round(y0 * img.height),
               round(x1 * img.width), round(y1 * img.height))
        img = img.crop(box)
    target = (max(1, round(pic.w / 72 * ppi)), max(1, round(pic.h / 72 * ppi)))
    if img.width > target[0]:  # never upsample: that adds no detail
        img = img.resize(target, Image.Resampling.LANCZOS)
    img = img.convert("L") if gray else separate(img, press)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=quality, optimize=True)
    return ImageData(out.getvalue(), img.width, img.height, not gray)


def _draft(src: Image.Image, pic: Picture, ppi: int) -> None:
    """Let a JPEG decode at 1/2, 1/4 or 1/8 scale (in the DCT, libjpeg's own scaling) when even
    that leaves at least the pixels the placed size needs at `ppi`: a 24-megapixel photo
    printed two columns wide decodes in a fraction of the time and memory."""
    if src.format != "JPEG":
        return
    x0, y0, x1, y1 = pic.crop
    need_w = pic.w / 72 * ppi / max(x1 - x0, 1e-6)
    need_h = pic.h / 72 * ppi / max(y1 - y0, 1e-6)
    if stored_sideways(src):
        need_w, need_h = need_h, need_w
    src.draft(src.mode, (math.ceil(need_w), math.ceil(need_h)))


def eight_bit(img: Image.Image) -> Image.Image:
    """16- and 32-bit grayscale (a 16-bit PNG opens as I;16 or I) scaled to 8 bits. Pillow's
    own conversion clips values above 255, which turns a 16-bit photo into a white box."""
    if img.mode.startswith("I;16"):
        img = img.convert("I")
    if img.mode == "I":
        return img.point(lambda v: v / 257).convert("L")
    if img.mode == "F":
        low, high = img.getextrema()
        scale = 255.0 if high > 1.0 else 1.0  # floats in 0–1, or already in 0–255
        return img.point(lambda v: v * (255.0 / scale)).convert("L")
    return img


def _flatten(img: Image.Image) -> Image.Image:
    """RGB without alpha: transparency is flattened onto white paper (PDF/X-1a has none)."""
    img = eight_bit(img)
    if img.mode in ("RGBA", "LA", "P", "PA") or "transparency" in img.info:
        img = img.convert("RGBA")
        paper = Image.new("RGB", img.size, (255, 255, 255))
        paper.paste(img, mask=img.getchannel("A"))
        return paper
    return img if img.mode == "RGB" else img.convert("RGB")


def rgb_to_cmyk(img: Image.Image) -> Image.Image:
    """Newsprint separation with full grey-component replacement.

    K takes the common part of C, M and Y, so at most two chromatic inks remain beside it and
    total area coverage stays ≤ 200 % (below the 220 % newsprint limit, print-standards §1.2).
    """
    r, g, b = img.convert("RGB").split()
    c, m, y = (ImageOps.invert(ch) for ch in (r, g, b))
    k = ImageChops.darker(ImageChops.darker(c, m), y)
    return Image.merge("CMYK", tuple(ImageChops.subtract(ch, k) for ch in (c, m, y)) + (k,))


def separate(img: Image.Image, press: PressSettings) -> Image.Image:
    """RGB → CMYK for the press: its ICC profile or the built-in separation, then the TAC limit."""
    if press.icc_profile is not None:
        cmyk = ImageCms.applyTransform(img.convert("RGB"), _transform(str(press.icc_profile)))
    else:
        cmyk = rgb_to_cmyk(img)
    return limit_tac(cmyk, press.tac_limit - JPEG_HEADROOM)


@lru_cache(maxsize=4)
def _transform(profile: str) -> ImageCms.ImageCmsTransform:
    """sRGB → the press profile, relative colorimetric with black-point compensation."""
    return ImageCms.buildTransform(
        ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(profile), "RGB", "CMYK",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def limit_tac(img: Image.Image, limit_pct: float) -> Image.Image:
    """CMYK with c+m+y+k ≤ `limit_pct` % in every pixel: C, M and Y are scaled down, K is kept
    (the newsprint limit of print-standards §2.1; K carries the detail)."""
    limit = limit_pct / 100 * 255
    c, m, y, k = (ch.convert("F") for ch in img.split())

    def scale(a):
        room = a["max"](limit - a["k"], 0.0)
        return a["min"](room / a["max"](a["c"] + a["m"] + a["y"], 0.001), 1.0)

    s = ImageMath.lambda_eval(scale, c=c, m=m, y=y, k=k)
    # F → L truncates, so the rounded sum never exceeds the limit.
    cmy = [ImageMath.lambda_eval(lambda a: a["x"] * a["s"], x=ch, s=s).convert("L")
           for ch in (c, m, y)]
    return Image.merge("CMYK", (*cmy, k.convert("L")))


def max_tac(img: Image.Image) -> float:
    """Largest total area coverage (%) of a CMYK image, over 3 × 3-pixel areas (about ¼ mm at
    300 ppi): coverage is an area measure, and single-pixel JPEG ringing is not ink on paper."""
    channels = [ch.convert("I") for ch in img.filter(ImageFilter.BoxBlur(1)).split()]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=channels[0], m=channels[1], y=channels[2], k=channels[3])
    return round(total.getextrema()[1] / 255 * 100, 1)


def effective_ppi(pic: Picture, pixels: tuple[int, int]) -> float:
    """Source pixels per inch at placed size: the crop window's pixels over the frame (the
    smaller of the two axes). Never more than what the file holds: we do not upsample."""
    x0, y0, x1, y1 = pic.crop
    across = pixels[0] * (x1 - x0) / (pic.w / 72) if pic.w > 0 else float("inf")
    down = pixels[1] * (y1 - y0) / (pic.h / 72) if pic.h > 0 else float("inf")
    return round(min(across, down), 1)


def has_alpha(path: Path) -> bool:
    """True if the image file carries transparency (an alpha channel or a transparent index)."""
    with Image.open(path) as img:
        return img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
