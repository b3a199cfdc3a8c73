"""Small things several test files need (tests/ is on sys.path through conftest.py)."""

from __future__ import annotations

import datetime as dt

from layout.display import BLACK, Box, Ink, PageDisplay, Rule, TextRun
from layout.fonts import FONTS_DIR
from layout.press import PressSettings
from layout.render.images import prepare
from layout.render.pdf import PdfSettings, page_pdf
from layout.render.pdfx import DocInfo
from layout.render.sheet import Sheet


def one_page_pdf(color: str = "cmyk") -> bytes:
    """A small PDF/X page from our own writer: text in two fonts, a rule and a tinted box."""
    runs = (TextRun(20.0, 30.0, "云川工人报", "song", 12.0),
            TextRun(20.0, 50.0, "Banmian 2026", "hei", 9.0),
            Box(10, 60, 100, 40, Ink(0, 0, 0, 0.1), BLACK),
            Rule(10, 110, 290, 110, 0.5, BLACK))
    display = PageDisplay("1", "要闻", 300.0, 200.0, color, runs, ())
    press = PressSettings(bleed_mm=3, marks=True)
    fonts = {"song": FONTS_DIR / "BanmianSong-Regular.ttf",
             "hei": FONTS_DIR / "BanmianHei-Regular.ttf"}
    settings = PdfSettings(DocInfo("测试", dt.date(2026, 11, 24)), Sheet(press, "slug"),
                           lambda pic, gray: prepare(pic, gray, press=press))
    return page_pdf(display, fonts, settings)
