"""A synthetic CMYK output profile (ICC.1 v2, class prtr, lut16 tags) for tests of the ICC path.

It characterises no real press: it only lets tests convert images through LittleCMS and embed a
DestOutputProfile without a file from outside the repo. Its separation uses no grey-component
replacement, so dark colours come out far above newsprint's 220 % (a 4 × 100 % black), which is
what the TAC limiter must then bring down.
"""

from __future__ import annotations

import itertools
import struct
from pathlib import Path

D50 = (0.9642, 1.0, 0.8249)
SRGB_D50 = ((0.4360747, 0.3850649, 0.1430804),
            (0.2225045, 0.7168786, 0.0606169),
            (0.0139322, 0.0971045, 0.7141733))
"""Linear sRGB → XYZ (D50-adapted), as in the ICC sRGB profile's colorants."""


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _inverse(m):
    (a, b, c), (d, e, f), (g, h, i) = m
    det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)
    return ((e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det), \
           ((f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det), \
           ((d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det)


def _gamma(v: float) -> float:
    return v * 12.92 if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055


def _linear(v: float) -> float:
    return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4


def _lab(rgb: tuple[float, float, float]) -> tuple[float, float, float]:
    lin = [_linear(v) for v in rgb]
    xyz = [sum(SRGB_D50[r][c] * lin[c] for c in range(3)) / D50[r] for r in range(3)]
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _rgb(lab: tuple[float, float, float]) -> tuple[float, float, float]:
    L, a, b = lab
    fy = (L + 16) / 116
    f = (fy + a / 500, fy, fy - b / 200)
    xyz = [(t ** 3 if t ** 3 > 216 / 24389 else (116 * t - 16) / (24389 / 27)) * D50[i]
           for i, t in enumerate(f)]
    inv = _inverse(SRGB_D50)
    lin = [sum(inv[r][c] * xyz[c] for c in range(3)) for r in range(3)]
    return tuple(_gamma(min(1.0, max(0.0, v))) for v in lin)


def _lab16(lab) -> list[int]:
    L, a, b = lab  # ICC v2 16-bit Lab: L 0–100 → 0–0xFF00, a/b −128–127.996 → 0–0xFFFF
    return [min(65535, max(0, round(L * 652.8))), min(65535, max(0, round((a + 128) * 256))),
            min(65535, max(0, round((b + 128) * 256)))]


def _lut16(inputs: int, outputs: int, grid: int, fn) -> bytes:
    head = b"mft2" + bytes(4) + struct.pack(">BBBB", inputs, outputs, grid, 0)
    head += b"".join(_s15(v) for v in (1, 0, 0, 0, 1, 0, 0, 0, 1))
    head += struct.pack(">HH", 2, 2)
    identity = struct.pack(">HH", 0, 65535)
    clut = []
    for point in itertools.product(range(grid), repeat=inputs):
        clut += fn([p / (grid - 1) for p in point])
    return head + identity * inputs + struct.pack(f">{len(clut)}H", *clut) + identity * outputs


def _a2b(cmyk: list[float]) -> list[int]:
    c, m, y, k = cmyk
    return _lab16(_lab(((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))))


def _b2a(lab01: list[float]) -> list[int]:
    lab = (lab01[0] * 100, lab01[1] * 255 - 128, lab01[2] * 255 - 128)
    cmy = [1 - v for v in _rgb(lab)]
    k = min(cmy) ** 2  # black added only in the shadows, with no undercolour removal
    return [round(v * 65535) for v in (*cmy, k)]


def _text_desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (b"desc" + bytes(4) + struct.pack(">I", len(ascii_)) + ascii_ + bytes(8)
            + bytes(3) + bytes(67))


def cmyk_profile(path: Path, name: str = "Banmian test CMYK (synthetic)") -> Path:
    """Write the synthetic profile to `path` and return it."""
    tags = [(b"desc", _text_desc(name)),
            (b"cprt", b"text" + bytes(4) + b"No copyright, test data\0"),
            (b"wtpt", b"XYZ " + bytes(4) + b"".join(_s15(v) for v in D50)),
            (b"A2B0", _lut16(4, 3, 9, _a2b)),
            (b"B2A0", _lut16(3, 4, 17, _b2a))]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        data += bytes(-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + struct.pack(">I", 0x02100000) + b"prtr"
              + b"CMYK" + b"Lab " + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp"
              + bytes(4 * 4 + 8) + struct.pack(">I", 0) + b"".join(_s15(v) for v in D50)
              + bytes(4 + 16 + 28))
    assert len(header) == 128
    path.write_bytes(header + struct.pack(">I", len(tags)) + table + body)
    return path
