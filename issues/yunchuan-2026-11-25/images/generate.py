"""Generate the two charts of the second sample issue 《云川工人报》 2026-11-25.

Drawn from scratch with Pillow from the figures in the articles (fictional, like the paper):
no downloads, no system fonts. Labels use the repository's fonts/BanmianHei-Regular.ttf.

Run from anywhere:  python issues/yunchuan-2026-11-25/images/generate.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
HEI = HERE.parents[2] / "fonts" / "BanmianHei-Regular.ttf"
INK, BAR, ACCENT, GRID = (40, 40, 40), (31, 78, 140), (214, 110, 26), (215, 215, 215)


def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(HEI), size)


def bars(path: Path, title: str, unit: str, items: list[tuple[str, float]], top: float,
         step: float, size: tuple[int, int] = (1600, 1000), note: str = "",
         last: bool = False) -> None:
    """A vertical bar chart: title, unit, a light grid, one labelled bar per item (`last`: the
    last bar, the current year, in the accent colour)."""
    img = Image.new("RGB", size, "white")
    d = ImageDraw.Draw(img)
    w, h = size
    left, right, upper, lower = 150, w - 60, 170, h - 160
    d.text((w // 2, 50), title, font=font(56), fill=INK, anchor="ma")
    d.text((left - 20, upper - 50), unit, font=font(34), fill=INK, anchor="rs")
    value = 0.0
    while value <= top + 1e-9:
        y = lower - (lower - upper) * value / top
        d.line((left, y, right, y), fill=GRID, width=2)
        d.text((left - 16, y), f"{value:g}", font=font(32), fill=INK, anchor="rm")
        value += step
    slot = (right - left) / len(items)
    for n, (name, amount) in enumerate(items):
        x0 = left + slot * n + slot * 0.2
        x1 = left + slot * (n + 1) - slot * 0.2
        y = lower - (lower - upper) * amount / top
        d.rectangle((x0, y, x1, lower), fill=ACCENT if last and n == len(items) - 1 else BAR)
        d.text(((x0 + x1) / 2, y - 12), f"{amount:g}", font=font(38), fill=INK, anchor="md")
        d.text(((x0 + x1) / 2, lower + 20), name, font=font(36), fill=INK, anchor="ma")
    d.line((left, lower, right, lower), fill=INK, width=3)
    if note:
        d.text((right, h - 22), note, font=font(28), fill=(90, 90, 90), anchor="rs")
    img.save(path, optimize=True)


def main() -> None:
    bars(HERE / "chart-stations.png", "首批“工匠驿站”分布（座）", "座",
         [("解放区", 6), ("江北区", 4), ("白塔区", 3), ("城东区", 3), ("城西区", 2), ("临港区", 2)],
         top=7, step=1, note="数据来源：云川市总工会")
    bars(HERE / "chart-heating.png", "云川城区供热面积（万平方米）", "万平方米",
         [("2022", 4350), ("2023", 4580), ("2024", 4760), ("2025", 4930), ("2026", 5100)],
         top=6000, step=1000, note="数据来源：云川热力公司", last=True)


if __name__ == "__main__":
    main()
