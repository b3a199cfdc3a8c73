"""Generate the procedural images of the sample issue 《云川工人报》 2026-11-24.

Every picture is drawn from scratch with Pillow: no photographs, no downloads, no system fonts.
Chinese labels use the repository's own face fonts/BanmianHei-Regular.ttf when it exists;
without it, labels fall back to digits and Latin in Pillow's built-in bitmap font.

Run from anywhere:  python issues/yunchuan-2026-11-24/images/generate.py
The output is deterministic (fixed seeds).
"""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
HEI = ROOT / "fonts" / "BanmianHei-Regular.ttf"
SEED = 20261124


# ---------------------------------------------------------------- helpers

def font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont | None:
    """The repo's Hei face at `size` px, or None when it is not built yet."""
    if HEI.exists():
        return ImageFont.truetype(str(HEI), size)
    return None


def label(draw: ImageDraw.ImageDraw, xy, zh: str, latin: str, size: int, fill, anchor="la"):
    """Draw `zh` in the Hei face, or `latin` in the default bitmap font without it."""
    f = font(size)
    if f is not None:
        draw.text(xy, zh, font=f, fill=fill, anchor=anchor)
    elif latin:
        draw.text(xy, latin, font=ImageFont.load_default(), fill=fill, anchor=anchor)


def lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def mix(c1, c2, t: float) -> tuple[int, ...]:
    return tuple(int(round(lerp(a, b, t))) for a, b in zip(c1, c2))


def vgradient(size, stops) -> Image.Image:
    """A vertical gradient through (position 0–1, colour) stops."""
    w, h = size
    img = Image.new("RGB", size)
    d = ImageDraw.Draw(img)
    for y in range(h):
        t = y / (h - 1)
        for (p0, c0), (p1, c1) in zip(stops, stops[1:]):
            if p0 <= t <= p1:
                d.line([(0, y), (w, y)], fill=mix(c0, c1, (t - p0) / max(p1 - p0, 1e-9)))
                break
    return img


def glow(img: Image.Image, center, radius: float, color, strength: float = 1.0, blur=None):
    """Add a soft light: a blurred disc screened onto the image."""
    mask = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(mask)
    x, y = center
    d.ellipse([x - radius, y - radius, x + radius, y + radius], fill=int(255 * strength))
    mask = mask.filter(ImageFilter.GaussianBlur(blur if blur is not None else radius * 0.6))
    layer = Image.new("RGB", img.size, color)
    lit = ImageChops.screen(img, layer)
    return Image.composite(lit, img, mask)


def paste_color(img: Image.Image, mask: Image.Image, color, opacity: float = 1.0) -> Image.Image:
    """Paint `color` through an L `mask` (scaled by `opacity`)."""
    if opacity < 1:
        mask = mask.point(lambda v: int(v * opacity))
    return Image.composite(Image.new("RGB", img.size, color), img, mask)


def ridge(rng: random.Random, x0: int, x1: int, y: float, rough: float, levels: int = 9):
    """A hill line by midpoint displacement: list of (x, y) points."""
    pts = [(x0, y + rng.uniform(-rough, rough)), (x1, y + rng.uniform(-rough, rough))]
    amp = rough
    for _ in range(levels):
        new = [pts[0]]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            new.append(((ax + bx) / 2, (ay + by) / 2 + rng.uniform(-amp, amp)))
            new.append((bx, by))
        pts = new
        amp *= 0.55
    return pts


def grain(img: Image.Image, rng: random.Random, amount: float) -> Image.Image:
    """Film grain: seeded uniform noise, softened, added to all channels."""
    w, h = img.size
    noise = Image.frombytes("L", (w, h), rng.randbytes(w * h))
    noise = noise.filter(ImageFilter.GaussianBlur(0.6))
    # after the blur the noise has a small spread around 128: stretch it, then scale by `amount`
    noise = noise.point(lambda v: max(0, min(255, int(128 + (v - 128) * 2.2 * amount))))
    return ImageChops.add(img, Image.merge("RGB", (noise, noise, noise)), 1.0, -128)


def vignette(img: Image.Image, strength: float) -> Image.Image:
    """Darken the corners: a radial falloff computed small, then enlarged."""
    sw, sh = 160, int(160 * img.height / img.width)
    small = Image.new("L", (sw, sh))
    px = small.load()
    for y in range(sh):
        for x in range(sw):
            dx = (x - sw / 2) / (sw / 2)
            dy = (y - sh / 2) / (sh / 2)
            r = math.sqrt(dx * dx * 0.8 + dy * dy * 0.9)
            px[x, y] = int(255 * (1 - strength * min(1.0, max(0.0, r - 0.45) / 0.75) ** 1.6))
    mask = small.resize(img.size, Image.BICUBIC)
    return ImageChops.multiply(img, Image.merge("RGB", (mask, mask, mask)))


def worker(d: ImageDraw.ImageDraw, x: float, feet: float, h: float, body, helmet, stride: float,
           vest=None):
    """A simple standing/walking figure, `h` px tall, feet at `feet`."""
    head_r = h * 0.065
    head_y = feet - h + head_r * 1.5
    # legs
    hip_y = feet - h * 0.47
    for s in (-1, 1):
        fx = x + s * stride * h * 0.12
        d.polygon([(x + s * h * 0.02 - h * 0.045, hip_y), (x + s * h * 0.02 + h * 0.045, hip_y),
                   (fx + h * 0.035, feet), (fx - h * 0.035, feet)], fill=body)
        d.ellipse([fx - h * 0.05, feet - h * 0.025, fx + h * 0.06, feet + h * 0.01], fill=(20, 18, 16))
    # torso
    d.rounded_rectangle([x - h * 0.11, feet - h * 0.80, x + h * 0.11, hip_y + h * 0.02],
                        radius=h * 0.05, fill=body)
    if vest is not None:
        d.rectangle([x - h * 0.11, feet - h * 0.62, x + h * 0.11, feet - h * 0.595], fill=vest)
        d.rectangle([x - h * 0.11, feet - h * 0.55, x + h * 0.11, feet - h * 0.525], fill=vest)
    # arms
    for s in (-1, 1):
        d.line([(x + s * h * 0.10, feet - h * 0.76), (x + s * h * (0.13 + 0.05 * stride), feet - h * 0.50)],
               fill=body, width=max(2, int(h * 0.055)))
    # neck, head, helmet
    d.rectangle([x - h * 0.025, head_y + head_r * 0.6, x + h * 0.025, feet - h * 0.79], fill=body)
    d.ellipse([x - head_r, head_y - head_r, x + head_r, head_y + head_r], fill=(60, 45, 38))
    d.chord([x - head_r * 1.25, head_y - head_r * 1.35, x + head_r * 1.25, head_y + head_r * 0.7],
            180, 360, fill=helmet)
    d.line([(x - head_r * 1.4, head_y - head_r * 0.32), (x + head_r * 1.4, head_y - head_r * 0.32)],
           fill=helmet, width=max(2, int(head_r * 0.25)))


def finish(img: Image.Image, rng: random.Random, blur=0.8, noise=0.09, vig=0.45) -> Image.Image:
    img = img.filter(ImageFilter.GaussianBlur(blur))
    img = vignette(img, vig)
    return grain(img, rng, noise)


# ---------------------------------------------------------------- lead photo

def lead_photo(path: Path) -> None:
    """Dawn over an industrial park: sky, sun, hills, factory with lit windows, workers."""
    rng = random.Random(SEED + 1)
    W, H = 2000, 1300
    horizon = 860
    img = vgradient((W, H), [(0.0, (34, 52, 96)), (0.35, (104, 110, 150)), (0.56, (236, 160, 104)),
                             (0.66, (252, 200, 140)), (0.661, (74, 66, 64)), (1.0, (30, 27, 26))])
    img = glow(img, (1480, 640), 260, (255, 170, 90), 0.75, blur=160)
    img = glow(img, (1480, 640), 62, (255, 245, 215), 1.0, blur=6)

    # a few clouds lit from below
    clouds = Image.new("L", (W, H), 0)
    cd = ImageDraw.Draw(clouds)
    for _ in range(22):
        cx, cy = rng.uniform(0, W), rng.uniform(120, 470)
        cw, ch = rng.uniform(120, 380), rng.uniform(18, 44)
        cd.ellipse([cx - cw, cy - ch, cx + cw, cy + ch], fill=rng.randint(90, 170))
    clouds = clouds.filter(ImageFilter.GaussianBlur(28))
    img = paste_color(img, clouds, (250, 190, 160), 0.55)

    # hills, far to near
    for base, rough, color in [(690, 70, (150, 120, 140)), (740, 55, (112, 92, 112)),
                               (800, 40, (78, 68, 84))]:
        layer = Image.new("L", (W, H), 0)
        pts = ridge(rng, -20, W + 20, base, rough)
        ImageDraw.Draw(layer).polygon(pts + [(W + 20, H), (-20, H)], fill=255)
        img = paste_color(img, layer.filter(ImageFilter.GaussianBlur(2)), color)

    # horizon haze
    haze = Image.new("L", (W, H), 0)
    ImageDraw.Draw(haze).rectangle([0, 730, W, 860], fill=150)
    img = paste_color(img, haze.filter(ImageFilter.GaussianBlur(50)), (240, 180, 140), 0.55)

    # factory silhouette
    sil = (36, 36, 46)
    d = ImageDraw.Draw(img)
    x = 80
    windows = []
    while x < W - 120:
        bw = rng.randint(110, 260)
        bh = rng.randint(90, 300)
        top = horizon - bh
        kind = rng.random()
        if kind < 0.35:  # saw-tooth roof workshop
            d.rectangle([x, top, x + bw, horizon], fill=sil)
            teeth = max(2, bw // 50)
            tw = bw / teeth
            for i in range(teeth):
                d.polygon([(x + i * tw, top), (x + (i + 1) * tw, top), (x + (i + 1) * tw, top - 38)], fill=sil)
        else:
            d.rectangle([x, top, x + bw, horizon], fill=sil)
        for wy in range(int(top) + 18, horizon - 20, 26):
            for wx in range(x + 12, x + bw - 16, 22):
                if rng.random() < 0.33:
                    windows.append((wx, wy))
        if rng.random() < 0.45:  # chimney with a red band
            cx = x + rng.randint(20, max(21, bw - 40))
            ch = rng.randint(200, 360)
            d.polygon([(cx, horizon - bh - ch), (cx + 26, horizon - bh - ch), (cx + 34, top + 2),
                       (cx - 8, top + 2)], fill=sil)
            d.rectangle([cx - 1, horizon - bh - ch + 18, cx + 27, horizon - bh - ch + 32], fill=(120, 40, 36))
            # steam
            steam = Image.new("L", (W, H), 0)
            sd = ImageDraw.Draw(steam)
            sx, sy = cx + 13, horizon - bh - ch
            for k in range(9):
                r = 18 + k * 11
                sx += rng.uniform(12, 30)
                sy -= rng.uniform(14, 26)
                sd.ellipse([sx - r, sy - r * 0.7, sx + r, sy + r * 0.7], fill=max(30, 170 - k * 16))
            img = paste_color(img, steam.filter(ImageFilter.GaussianBlur(16)), (235, 215, 205), 0.8)
            d = ImageDraw.Draw(img)
        x += bw + rng.randint(-10, 40)

    # a gantry crane
    d.line([(1640, horizon), (1640, 500)], fill=sil, width=14)
    d.line([(1560, 505), (1900, 505)], fill=sil, width=12)
    d.line([(1640, 470), (1580, 505)], fill=sil, width=5)
    d.line([(1640, 470), (1880, 505)], fill=sil, width=5)
    d.line([(1820, 505), (1820, 640)], fill=sil, width=3)

    # lit windows with a soft bloom
    wl = Image.new("L", (W, H), 0)
    wd = ImageDraw.Draw(wl)
    for wx, wy in windows:
        wd.rectangle([wx, wy, wx + 11, wy + 13], fill=255)
    bloom = wl.filter(ImageFilter.GaussianBlur(6))
    img = paste_color(img, bloom, (255, 190, 90), 0.6)
    img = paste_color(img, wl, (255, 214, 130))

    # ground: a concrete yard catching the sky
    d = ImageDraw.Draw(img)
    for y in range(horizon, H):
        t = (y - horizon) / (H - horizon)
        d.line([(0, y), (W, y)], fill=mix((96, 80, 74), (32, 29, 28), t ** 0.7))
    # a walkway with perspective lines
    for i in range(-6, 7):
        d.line([(1000 + i * 40, horizon), (1000 + i * 330, H)], fill=(70, 60, 56), width=3)
    refl = Image.new("L", (W, H), 0)
    ImageDraw.Draw(refl).ellipse([1300, horizon - 20, 1660, 1150], fill=120)
    img = paste_color(img, refl.filter(ImageFilter.GaussianBlur(60)), (240, 160, 100), 0.5)

    # workers walking to the morning shift
    d = ImageDraw.Draw(img)
    helmets = [(245, 150, 30), (250, 210, 40), (240, 240, 235), (230, 90, 40)]
    for i, (x, feet, h) in enumerate([(420, 1205, 300), (560, 1190, 285), (760, 1225, 320),
                                     (1190, 1175, 265), (1320, 1200, 295), (1560, 1160, 240)]):
        worker(d, x, feet, h, (30, 34, 48), helmets[i % len(helmets)], stride=(-1) ** i * 0.6,
               vest=(210, 200, 120))
    img = finish(img, rng, blur=0.9, noise=0.10, vig=0.5)
    img.save(path, "JPEG", quality=90, optimize=True)


# ---------------------------------------------------------------- union 1: meeting hall

def union_hall(path: Path) -> None:
    """A meeting hall seen from the back rows: red banner, stage, rows of seats."""
    rng = random.Random(SEED + 2)
    W, H = 1800, 1200
    vx, vy = 900, 560
    bl, bt, br, bb = 330, 170, 1470, 660  # back wall
    img = Image.new("RGB", (W, H), (200, 180, 150))
    d = ImageDraw.Draw(img)
    d.polygon([(0, 0), (W, 0), (br, bt), (bl, bt)], fill=(222, 214, 198))          # ceiling
    d.polygon([(0, 0), (bl, bt), (bl, bb), (0, H)], fill=(188, 166, 136))           # left wall
    d.polygon([(W, 0), (br, bt), (br, bb), (W, H)], fill=(176, 156, 128))           # right wall
    d.polygon([(0, H), (bl, bb), (br, bb), (W, H)], fill=(112, 52, 46))             # carpet
    # side windows on the walls
    for i in range(4):
        t0, t1 = 0.12 + i * 0.2, 0.22 + i * 0.2
        for side in (0, 1):
            xa = lerp(0, bl, t0) if side == 0 else lerp(W, br, t0)
            xb = lerp(0, bl, t1) if side == 0 else lerp(W, br, t1)
            ya0, ya1 = lerp(120, bt + 40, t0), lerp(700, bb - 60, t0)
            yb0, yb1 = lerp(120, bt + 40, t1), lerp(700, bb - 60, t1)
            d.polygon([(xa, ya0), (xb, yb0), (xb, yb1), (xa, ya1)], fill=(236, 232, 220))
    # stage and red curtain
    d.rectangle([bl, bt, br, bb], fill=(150, 24, 30))
    for k in range(0, br - bl, 28):
        d.rectangle([bl + k, bt, bl + k + 9, bb], fill=(126, 18, 24))
    d.rectangle([bl + 40, bt + 34, br - 40, bt + 112], fill=(206, 32, 36))
    label(d, ((bl + br) / 2, bt + 73), "云川市总工会2026年度职工代表大会", "YUNCHUAN TRADE UNION 2026",
          46, (255, 226, 120), anchor="mm")
    d.polygon([(bl - 60, bb + 40), (br + 60, bb + 40), (br, bb - 60), (bl, bb - 60)], fill=(120, 84, 60))
    # the presidium table
    d.rectangle([bl + 130, bb - 120, br - 130, bb - 40], fill=(238, 236, 228))
    d.rectangle([bl + 130, bb - 120, br - 130, bb - 108], fill=(40, 110, 70))
    for k in range(13):
        px = bl + 170 + k * (br - bl - 340) / 12
        d.ellipse([px - 14, bb - 170, px + 14, bb - 140], fill=(34, 28, 26))
        d.rounded_rectangle([px - 26, bb - 142, px + 26, bb - 118], radius=10,
                            fill=rng.choice([(40, 44, 60), (60, 60, 70), (30, 34, 46)]))
        d.rectangle([px - 8, bb - 124, px + 8, bb - 118], fill=(240, 240, 250))
    # rows of seats, far to near, on a floor plane: screen offset from the horizon ∝ 1/z
    K = (bb + 30 - vy) * 7.0            # the farthest row (z = 7) stands just below the stage
    seat_world, aisle_world, room_half = 195.0, 190.0, 5000.0
    rows = 12
    for r in range(rows):
        z = lerp(7.0, 1.3, (r / (rows - 1)) ** 0.8)
        y = vy + K / z                  # floor line of this row
        seat_w = seat_world / z
        aisle = aisle_world / z
        n = int((room_half - aisle_world) / seat_world)
        for side in (-1, 1):
            for k in range(n):
                cx = vx + side * (aisle + k * seat_w + seat_w / 2) + rng.uniform(-0.04, 0.04) * seat_w
                if cx < -seat_w or cx > W + seat_w:
                    continue
                back_top = y - seat_w * 0.95
                if rng.random() < 0.84:
                    hr = seat_w * 0.21
                    hy = back_top - seat_w * 0.34 + rng.uniform(-0.05, 0.05) * seat_w
                    coat = rng.choice([(40, 48, 70), (70, 72, 80), (110, 40, 40), (50, 60, 52),
                                       (200, 196, 188), (36, 36, 40), (90, 80, 70)])
                    d.rounded_rectangle([cx - seat_w * 0.36, hy + hr * 0.9, cx + seat_w * 0.36,
                                         back_top + seat_w * 0.3], radius=seat_w * 0.14, fill=coat)
                    d.ellipse([cx - hr, hy - hr * 1.1, cx + hr, hy + hr * 1.1],
                              fill=rng.choice([(28, 24, 22), (36, 30, 28), (60, 56, 54), (20, 18, 18)]))
                d.rounded_rectangle([cx - seat_w * 0.46, back_top, cx + seat_w * 0.46, y],
                                    radius=seat_w * 0.1, fill=(122, 22, 30))
                d.line([(cx - seat_w * 0.42, back_top + seat_w * 0.06),
                        (cx + seat_w * 0.42, back_top + seat_w * 0.06)],
                       fill=(160, 44, 50), width=max(1, int(seat_w * 0.04)))
    # ceiling lights
    for r in range(4):
        t = r / 3
        yy = lerp(bt + 12, 40, t)
        for k in range(-3, 4):
            xx = vx + k * lerp(150, 360, t)
            img = glow(img, (xx, yy), lerp(14, 30, t), (255, 250, 225), 1.0, blur=lerp(8, 16, t))
    img = glow(img, (900, 300), 420, (255, 230, 180), 0.35, blur=220)
    img = finish(img, rng, blur=1.0, noise=0.09, vig=0.45)
    img.save(path, "JPEG", quality=90, optimize=True)


# ---------------------------------------------------------------- union 2: street station

def union_street(path: Path) -> None:
    """A street corner: a workers' rest station, a union service van, passers-by."""
    rng = random.Random(SEED + 3)
    W, H = 1800, 1200
    horizon = 560
    img = vgradient((W, H), [(0.0, (120, 160, 205)), (0.45, (214, 224, 232)), (1.0, (214, 224, 232))])
    d = ImageDraw.Draw(img)
    # background blocks with window grids
    x = -40
    while x < W:
        bw, bh = rng.randint(160, 320), rng.randint(220, 480)
        c = rng.choice([(176, 180, 188), (196, 188, 176), (160, 170, 182), (186, 182, 190)])
        d.rectangle([x, horizon - bh + 200, x + bw, horizon + 200], fill=c)
        for wy in range(horizon - bh + 220, horizon + 180, 30):
            for wx in range(x + 14, x + bw - 20, 26):
                d.rectangle([wx, wy, wx + 14, wy + 16], fill=mix(c, (90, 110, 130), 0.45))
        x += bw + rng.randint(4, 30)
    haze = Image.new("L", (W, H), 110)
    img = paste_color(img, haze, (226, 232, 238), 0.45)
    d = ImageDraw.Draw(img)
    # trees behind the station
    foliage = Image.new("L", (W, H), 0)
    fd = ImageDraw.Draw(foliage)
    for tx in (120, 1000, 1700):
        d.rectangle([tx - 12, 560, tx + 12, 840], fill=(76, 60, 48))
        for _ in range(40):
            r = rng.uniform(40, 90)
            cx, cy = tx + rng.uniform(-150, 150), rng.uniform(330, 560)
            fd.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    foliage = foliage.filter(ImageFilter.GaussianBlur(4))
    img = paste_color(img, foliage, (58, 100, 62))
    shade = Image.new("L", (W, H), 0)
    sd = ImageDraw.Draw(shade)
    for _ in range(160):
        cx, cy, r = rng.uniform(0, W), rng.uniform(300, 560), rng.uniform(10, 30)
        sd.ellipse([cx - r, cy - r, cx + r, cy + r], fill=255)
    img = paste_color(img, ImageChops.multiply(shade.filter(ImageFilter.GaussianBlur(6)), foliage),
                      (110, 150, 90), 0.7)
    d = ImageDraw.Draw(img)
    # the rest station
    d.rectangle([200, 470, 980, 840], fill=(232, 228, 220))
    d.rectangle([190, 440, 990, 540], fill=(28, 86, 160))
    label(d, (590, 492), "职工暖心驿站", "WORKERS' REST STATION", 62, (255, 255, 255), anchor="mm")
    d.ellipse([220, 456, 288, 524], fill=(210, 40, 40))
    d.ellipse([234, 470, 274, 510], fill=(255, 255, 255))
    for k, (x0, x1) in enumerate([(230, 450), (470, 690), (710, 950)]):
        d.rectangle([x0, 570, x1, 820], fill=(255, 222, 160) if k != 1 else (90, 70, 56))
        if k != 1:
            d.rectangle([x0, 570, x1, 590], fill=(200, 200, 205))
            for sx in range(x0 + 30, x1 - 20, 70):   # shelves and a kettle inside
                d.rectangle([sx, 640, sx + 40, 700], fill=(205, 160, 110))
    d.rectangle([700, 560, 960, 830], outline=(120, 124, 130), width=6)
    # pavement, kerb, road
    d.rectangle([0, 840, W, 930], fill=(196, 190, 180))
    for tx in range(0, W, 90):
        d.line([(tx, 840), (tx - 40, 930)], fill=(176, 170, 160), width=2)
    d.rectangle([0, 930, W, 946], fill=(150, 146, 140))
    for y in range(946, H):
        t = (y - 946) / (H - 946)
        d.line([(0, y), (W, y)], fill=mix((96, 98, 104), (70, 72, 78), t))
    for k in range(0, W, 260):
        d.polygon([(k, 1080), (k + 150, 1080), (k + 160, 1096), (k + 10, 1096)], fill=(230, 230, 220))
    # the union service van
    vx0, vx1, vtop, vbot = 1040, 1690, 640, 990
    shadow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(shadow).ellipse([vx0 - 30, vbot - 30, vx1 + 40, vbot + 40], fill=200)
    img = paste_color(img, shadow.filter(ImageFilter.GaussianBlur(18)), (30, 30, 34), 0.7)
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([vx0, vtop, vx1, vbot - 30], radius=40, fill=(244, 244, 242))
    d.polygon([(vx1 - 150, vtop + 10), (vx1 - 20, vtop + 150), (vx1 - 20, vtop + 180),
               (vx1 - 150, vtop + 180)], fill=(70, 96, 120))
    d.rectangle([vx0 + 30, vtop + 40, vx1 - 190, vtop + 150], fill=(86, 110, 132))
    d.rectangle([vx0, vtop + 200, vx1, vtop + 236], fill=(206, 34, 40))
    label(d, ((vx0 + vx1 - 10) / 2, vtop + 268), "工会服务车", "UNION SERVICE", 44, (206, 34, 40),
          anchor="mm")
    for wx in (vx0 + 130, vx1 - 140):
        d.ellipse([wx - 70, vbot - 100, wx + 70, vbot + 40], fill=(26, 26, 28))
        d.ellipse([wx - 34, vbot - 64, wx + 34, vbot + 4], fill=(170, 172, 176))
    d.rectangle([vx1 - 12, vtop + 250, vx1 + 4, vtop + 280], fill=(255, 200, 80))
    # people: a sanitation worker, a courier, a passer-by
    worker(d, 1000, 905, 260, (232, 120, 30), (232, 120, 30), stride=0.3, vest=(230, 230, 200))
    worker(d, 420, 900, 270, (40, 96, 170), (250, 200, 40), stride=-0.6, vest=(250, 200, 40))
    worker(d, 560, 910, 255, (70, 62, 58), (40, 36, 34), stride=0.5)
    img = glow(img, (300, 120), 360, (255, 250, 230), 0.35, blur=200)
    img = finish(img, rng, blur=0.9, noise=0.08, vig=0.35)
    img.save(path, "JPEG", quality=90, optimize=True)


# ---------------------------------------------------------------- chart

def chart_income(path: Path) -> None:
    """Night-school graduates' monthly income (bars) and cumulative trainees (line), 2021–2026."""
    W, H = 1600, 1000
    years = [2021, 2022, 2023, 2024, 2025, 2026]
    income = [4120, 4460, 4810, 5130, 5480, 5860]       # 元/月
    trained = [0.6, 1.6, 2.7, 3.8, 4.8, 5.8]            # 万人次, cumulative
    img = Image.new("RGB", (W, H), (255, 255, 255))
    d = ImageDraw.Draw(img)
    left, right, top, bottom = 170, 1430, 190, 840
    ink, grid = (40, 40, 44), (214, 214, 218)
    bar, line = (42, 84, 140), (226, 130, 30)

    label(d, (left - 70, 58), "工友夜校结业学员月均收入与累计培训人次（2021—2026年）",
          "Night school: graduates' monthly income and trainees, 2021-2026", 44, ink)
    ymax, rmax = 8000, 8
    for v in range(0, ymax + 1, 1000):
        y = bottom - (bottom - top) * v / ymax
        d.line([(left, y), (right, y)], fill=grid if v else ink, width=2)
        label(d, (left - 16, y), f"{v}", f"{v}", 30, ink, anchor="rm")
    for k in range(0, rmax + 1):
        y = bottom - (bottom - top) * k / rmax
        label(d, (right + 16, y), f"{k}", f"{k}", 30, line, anchor="lm")
    label(d, (left - 150, top - 52), "元/月", "yuan/month", 30, bar)
    label(d, (right - 40, top - 52), "万人次", "10k trainees", 30, line)

    step = (right - left) / len(years)
    pts = []
    for i, (yr, inc, tr) in enumerate(zip(years, income, trained)):
        cx = left + step * (i + 0.5)
        y = bottom - (bottom - top) * inc / ymax
        d.rectangle([cx - step * 0.28, y, cx + step * 0.28, bottom - 1], fill=bar)
        label(d, (cx, y - 14), f"{inc}", f"{inc}", 32, bar, anchor="md")
        label(d, (cx, bottom + 36), f"{yr}年", f"{yr}", 32, ink, anchor="mm")
        pts.append((cx, bottom - (bottom - top) * tr / rmax))
    d.line(pts, fill=line, width=8, joint="curve")
    for (x, y), tr in zip(pts, trained):
        d.ellipse([x - 13, y - 13, x + 13, y + 13], fill=(255, 255, 255), outline=line, width=6)
        d.rounded_rectangle([x + 16, y + 10, x + 76, y + 50], radius=8, fill=(255, 255, 255),
                            outline=line, width=2)
        label(d, (x + 46, y + 30), f"{tr}", f"{tr}", 28, line, anchor="mm")
    # legend
    ly = 915
    d.rectangle([left, ly - 16, left + 44, ly + 16], fill=bar)
    label(d, (left + 60, ly), "结业学员月均收入（元）", "monthly income (yuan)", 30, ink, anchor="lm")
    d.line([(left + 520, ly), (left + 580, ly)], fill=line, width=8)
    d.ellipse([left + 537, ly - 11, left + 563, ly + 11], fill=(255, 255, 255), outline=line, width=5)
    label(d, (left + 600, ly), "累计培训人次（万）", "trainees, cumulative (10k)", 30, ink, anchor="lm")
    label(d, (right + 60, ly), "数据来源：云川市总工会", "Source: Yunchuan FTU", 26, (120, 120, 124),
          anchor="rm")
    img.save(path, "PNG", optimize=True)


# ---------------------------------------------------------------- essay illustration

def branch(d: ImageDraw.ImageDraw, rng: random.Random, x, y, angle, length, width, depth):
    if depth == 0 or length < 4:
        return
    x2 = x + math.cos(math.radians(angle)) * length
    y2 = y - math.sin(math.radians(angle)) * length
    d.line([(x, y), (x2, y2)], fill=255, width=max(1, int(width)))
    if width > 3:
        d.ellipse([x2 - width / 2, y2 - width / 2, x2 + width / 2, y2 + width / 2], fill=255)
    for _ in range(2 if depth > 5 else rng.choice((2, 2, 3))):
        branch(d, rng, x2, y2, angle + rng.uniform(-38, 38), length * rng.uniform(0.62, 0.8),
               width * 0.64, depth - 1)


def essay_art(path: Path) -> None:
    """Ink-wash: far hills, the old mill's saw-tooth roofs and chimney, bare plane trees."""
    rng = random.Random(SEED + 4)
    W, H = 1400, 1000
    paper = (240, 235, 224)
    img = Image.new("RGB", (W, H), paper)
    fibres = Image.frombytes("L", (W, H), rng.randbytes(W * H)).filter(ImageFilter.GaussianBlur(1.2))
    fibres = fibres.point(lambda v: max(0, min(255, 128 + (v - 128) // 3)))
    img = ImageChops.add(img, Image.merge("RGB", (fibres,) * 3), 1.0, -128)

    def wash(mask: Image.Image, tone, opacity, blur):
        nonlocal img
        img = paste_color(img, mask.filter(ImageFilter.GaussianBlur(blur)), tone, opacity)

    for base, rough, tone, op, bl in [(430, 90, (150, 150, 146), 0.35, 10), (520, 70, (110, 110, 106), 0.45, 6)]:
        m = Image.new("L", (W, H), 0)
        md = ImageDraw.Draw(m)
        pts = ridge(rng, -20, W + 20, base, rough, levels=8)
        md.polygon(pts + [(W + 20, H), (-20, H)], fill=255)
        fade = Image.new("L", (1, H))
        for y in range(H):   # the wash thins out below the ridge, like ink running dry
            fade.putpixel((0, y), max(0, min(255, int(255 * (1 - (y - base) / 220)))))
        wash(ImageChops.multiply(m, fade.resize((W, H))), tone, op, bl)
    # the old mill: saw-tooth roofs and a chimney, light wash
    m = Image.new("L", (W, H), 0)
    md = ImageDraw.Draw(m)
    md.rectangle([640, 600, 1260, 700], fill=255)
    for k in range(8):
        x0 = 640 + k * 77.5
        md.polygon([(x0, 600), (x0 + 77.5, 600), (x0 + 77.5, 548)], fill=255)
    md.polygon([(1150, 600), (1180, 600), (1172, 330), (1158, 330)], fill=255)
    wash(m, (90, 90, 88), 0.55, 2.2)
    m = Image.new("L", (W, H), 0)
    md = ImageDraw.Draw(m)
    for k in range(7):
        r = 16 + k * 9
        md.ellipse([1165 - r + k * 18, 310 - k * 26 - r * 0.6, 1165 + r + k * 18, 310 - k * 26 + r * 0.6],
                   fill=150 - k * 16)
    wash(m, (150, 150, 148), 0.5, 9)
    # ground wash
    m = Image.new("L", (W, H), 0)
    ImageDraw.Draw(m).polygon(ridge(rng, -20, W + 20, 760, 18, 6) + [(W + 20, H), (-20, H)], fill=255)
    wash(m, (200, 196, 186), 0.6, 14)
    # plane trees along the street, near ones darker
    for tx, ty, ln, wd, tone, op in [(150, 900, 230, 30, (30, 30, 30), 0.92), (420, 860, 180, 22, (44, 44, 42), 0.85),
                                     (600, 820, 130, 15, (70, 70, 68), 0.7), (330, 980, 270, 36, (24, 24, 24), 0.95)]:
        m = Image.new("L", (W, H), 0)
        branch(ImageDraw.Draw(m), rng, tx, ty, 90 + rng.uniform(-4, 4), ln, wd, 8)
        wash(m, tone, op, 0.8)
    # two figures walking, arm in arm
    m = Image.new("L", (W, H), 0)
    md = ImageDraw.Draw(m)
    for fx, fh in ((860, 118), (900, 128)):
        md.ellipse([fx - 9, 780 - fh, fx + 9, 780 - fh + 18], fill=255)
        md.polygon([(fx - 14, 800 - fh + 18), (fx + 14, 800 - fh + 18), (fx + 20, 780), (fx - 20, 780)], fill=255)
    wash(m, (40, 40, 40), 0.85, 1.2)
    # birds
    m = Image.new("L", (W, H), 0)
    md = ImageDraw.Draw(m)
    for _ in range(7):
        bx, by = rng.uniform(300, 900), rng.uniform(120, 300)
        md.arc([bx - 14, by - 6, bx, by + 6], 200, 340, fill=255, width=3)
        md.arc([bx, by - 6, bx + 14, by + 6], 200, 340, fill=255, width=3)
    wash(m, (50, 50, 50), 0.8, 0.6)
    # a seal
    d = ImageDraw.Draw(img)
    d.rectangle([1250, 860, 1330, 940], fill=(168, 52, 44))
    label(d, (1290, 900), "旧厂", "", 34, paper, anchor="mm")
    img.save(path, "JPEG", quality=90, optimize=True)


def main() -> None:
    lead_photo(HERE / "lead-photo.jpg")
    union_hall(HERE / "union-1.jpg")
    union_street(HERE / "union-2.jpg")
    chart_income(HERE / "chart-income.png")
    essay_art(HERE / "essay.jpg")
    for p in sorted(HERE.glob("*.[jp][pn]g")):
        with Image.open(p) as im:
            print(f"{p.name:18s} {im.size[0]}x{im.size[1]} {im.mode} {p.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
