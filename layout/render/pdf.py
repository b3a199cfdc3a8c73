"""The display list → a PDF page with ReportLab's canvas (fonts embedded as TrueType subsets)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from layout.display import Box, Ink, PageDisplay, Picture, Rule, TextRun
from layout.render.fontreg import font_name, register_fonts
from layout.render.images import prepare
from layout.render.sheet import Sheet


def render_pdf(pages: Iterable[PageDisplay], fonts: dict[str, Path | tuple[Path, int]],
               title: str, ppi: int = 300, quality: int = 88, sheet: Sheet | None = None) -> bytes:
    """PDF bytes of the pages; deterministic (ReportLab's invariant mode: no wall-clock dates).
    `sheet` places each page on its press sheet: bleed, marks, image separation (sheet.py)."""
    register_fonts(fonts)
    buf = io.BytesIO()
    first_role = next(iter(fonts))
    canvas = Canvas(buf, invariant=1, pageCompression=1, initialFontName=font_name(first_role),
                    initialFontSize=9)
    canvas.setTitle(title)
    canvas.setCreator("Banmian")
    canvas.setProducer("Banmian")
    sheet = sheet or Sheet()
    if sheet.slug_font is None:
        sheet = replace(sheet, slug_font=font_name("hei" if "hei" in fonts else first_role))
    for page in pages:
        _page(canvas, page, ppi, quality, sheet)
    canvas.save()
    return buf.getvalue()


def _page(canvas: Canvas, page: PageDisplay, ppi: int, quality: int, sheet: Sheet) -> None:
    canvas.setPageSize(sheet.media_size(page))
    canvas.setTrimBox(sheet.trim_box(page))
    canvas.setBleedBox(sheet.bleed_box(page))
    sheet.draw_marks(canvas, page)
    if sheet.margin:
        canvas.translate(sheet.margin, sheet.margin)  # the display list is in trim-box space
    gray = page.color == "gray"
    if not gray:
        canvas.setOverprintMask(1)  # OPM 1: a 0 in overprinting CMYK leaves the plate alone
    text = [op for op in page.ops if isinstance(op, TextRun)]
    for op in page.ops:
        if isinstance(op, Box):
            _box(canvas, op, page.height, gray)
        elif isinstance(op, Rule):
            _rule(canvas, op, page.height, gray)
        elif isinstance(op, Picture):
            _picture(canvas, op, page.height, gray, ppi, quality, sheet)
    _text(canvas, text, page.height, gray)
    canvas.showPage()


def _fill(target, ink: Ink, gray: bool) -> None:
    """Gray pages: DeviceGray (K only). CMYK pages: DeviceCMYK, solid black overprinting."""
    if gray:
        target.setFillGray(1 - ink.k)
    else:
        target.setFillColorCMYK(ink.c, ink.m, ink.y, ink.k)
        target.setFillOverprint(_overprints(ink))


def _stroke(canvas: Canvas, ink: Ink, gray: bool) -> None:
    if gray:
        canvas.setStrokeGray(1 - ink.k)
    else:
        canvas.setStrokeColorCMYK(ink.c, ink.m, ink.y, ink.k)
        canvas.setStrokeOverprint(_overprints(ink))


def _overprints(ink: Ink) -> bool:
    """100 % K text and rules overprint (/OP /op true), so misregistration never shows a white
    hairline around them (print-standards §2.1); everything else knocks out."""
    return ink.k >= 1 and ink.c == ink.m == ink.y == 0


def _text(canvas: Canvas, runs: list[TextRun], height: float, gray: bool) -> None:
    t = canvas.beginText()
    font = ink = scale = None
    for run in runs:
        if (run.role, run.size) != font:
            t.setFont(font_name(run.role), run.size)
            font = (run.role, run.size)
        if run.ink != ink:
            _fill(t, run.ink, gray)
            ink = run.ink
        if run.hscale != scale:
            t.setHorizScale(run.hscale * 100)
            scale = run.hscale
        t.setTextOrigin(run.x, height - run.y)
        t.textOut(run.text)
    canvas.drawText(t)


def _rule(canvas: Canvas, op: Rule, height: float, gray: bool) -> None:
    _stroke(canvas, op.ink, gray)
    canvas.setLineWidth(op.width)
    canvas.line(op.x0, height - op.y0, op.x1, height - op.y1)


def _box(canvas: Canvas, op: Box, height: float, gray: bool) -> None:
    if op.fill:
        _fill(canvas, op.fill, gray)
    if op.stroke:
        _stroke(canvas, op.stroke, gray)
        canvas.setLineWidth(op.stroke_width)
    canvas.rect(op.x, height - op.y - op.h, op.w, op.h, stroke=int(bool(op.stroke)),
                fill=int(bool(op.fill)))


def _picture(canvas: Canvas, op: Picture, height: float, gray: bool, ppi: int, quality: int,
             sheet: Sheet) -> None:
    if not gray:
        canvas.setFillOverprint(False)
    data = prepare(op, gray, ppi, quality, sheet.press)
    canvas.drawImage(ImageReader(io.BytesIO(data)), op.x, height - op.y - op.h, op.w, op.h)
