"""The display list → a PDF page with ReportLab's canvas (fonts embedded as TrueType subsets)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from layout.display import Box, Ink, PageDisplay, Picture, Rule, TextRun
from layout.render.images import prepare

_REGISTERED: dict[str, str] = {}


def font_name(role: str) -> str:
    return f"Banmian-{role}"


def register_fonts(paths: dict[str, Path]) -> None:
    """Register each role's TrueType file with ReportLab (once per process)."""
    for role, path in paths.items():
        name = font_name(role)
        if _REGISTERED.get(name) != str(path):
            pdfmetrics.registerFont(TTFont(name, str(path)))
            _REGISTERED[name] = str(path)


def render_pdf(pages: Iterable[PageDisplay], fonts: dict[str, Path], title: str,
               ppi: int = 300, quality: int = 88) -> bytes:
    """PDF bytes of the pages; deterministic (ReportLab's invariant mode: no wall-clock dates)."""
    register_fonts(fonts)
    buf = io.BytesIO()
    first_role = next(iter(fonts))
    canvas = Canvas(buf, invariant=1, pageCompression=1, initialFontName=font_name(first_role),
                    initialFontSize=9)
    canvas.setTitle(title)
    canvas.setCreator("Banmian")
    canvas.setProducer("Banmian")
    for page in pages:
        _page(canvas, page, ppi, quality)
    canvas.save()
    return buf.getvalue()


def _page(canvas: Canvas, page: PageDisplay, ppi: int, quality: int) -> None:
    canvas.setPageSize((page.width, page.height))
    box = (0, 0, page.width, page.height)
    canvas.setTrimBox(box)
    canvas.setBleedBox(box)
    gray = page.color == "gray"
    text = [op for op in page.ops if isinstance(op, TextRun)]
    for op in page.ops:
        if isinstance(op, Box):
            _box(canvas, op, page.height, gray)
        elif isinstance(op, Rule):
            _rule(canvas, op, page.height, gray)
        elif isinstance(op, Picture):
            _picture(canvas, op, page.height, gray, ppi, quality)
    _text(canvas, text, page.height, gray)
    canvas.showPage()


def _fill(target, ink: Ink, gray: bool) -> None:
    if gray:
        target.setFillGray(1 - ink.k)
    else:
        target.setFillColorCMYK(ink.c, ink.m, ink.y, ink.k)


def _stroke(canvas: Canvas, ink: Ink, gray: bool) -> None:
    if gray:
        canvas.setStrokeGray(1 - ink.k)
    else:
        canvas.setStrokeColorCMYK(ink.c, ink.m, ink.y, ink.k)


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


def _picture(canvas: Canvas, op: Picture, height: float, gray: bool, ppi: int, quality: int) -> None:
    data = prepare(op, gray, ppi, quality)
    canvas.drawImage(ImageReader(io.BytesIO(data)), op.x, height - op.y - op.h, op.w, op.h)
