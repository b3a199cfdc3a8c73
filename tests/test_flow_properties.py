"""Hypothesis properties of article placement on tiny grids (fake metrics, Han = 1 em):
elements stay inside their module, text is placed exactly once or reported as overflow,
body baselines sit on the grid, and modules of a page never overlap."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fakes import FakeMetrics
from layout.flow.elements import ImageBox, Panel, RuleLine, TextLine
from layout.flow.grid import baseline, module_rect
from layout.flow.place import Env, Head, place_article
from layout.model import Article, Module, Paragraph, Subhead
from layout.style import PageFormat, default_style
from layout.units import EPS

FMT = PageFormat("tiny", 400.0, 400.0, columns=4, column_chars=10, lines=24)
HAN = "职工工会服务技能培训企业岗位城市发展建设工作项目社区群众保障创新"
PUNCT = "，，，。、；：“”《》！？"
SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None)


@st.composite
def paragraphs(draw):
    chars = draw(st.lists(st.sampled_from(HAN * 3 + PUNCT + "2026年12.5%"), min_size=4,
                          max_size=120))
    text = re.sub(r"^[，。、；：”》！？]+", "", "".join(chars)) or "职工"
    return Paragraph(text + "。")


@st.composite
def articles(draw):
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        if blocks and draw(st.integers(0, 5)) == 0:
            blocks.append(Subhead("小标题" + draw(st.sampled_from(HAN)) * draw(st.integers(1, 8))))
        blocks.append(draw(paragraphs()))
    first = draw(st.integers(1, FMT.columns))
    last = draw(st.integers(first, FMT.columns))
    top = draw(st.integers(0, FMT.lines - 6))
    lines = draw(st.integers(6, FMT.lines - top))
    grid = last - first + 1
    count = draw(st.sampled_from([None] + [n for n in range(1, 2 * grid + 1)
                                           if (grid * 11 - 1 - (n - 1)) // n >= 6]))
    module = Module(first, last, top, lines, count)  # text columns ≥ 6 字, as validation demands
    return Article("a", "标题", tuple(blocks), module, byline="本报记者 张三",
                   boxed=draw(st.booleans()))


def place(article: Article):
    env = Env(FMT, default_style(FMT.body_size), FakeMetrics(), "1")
    return place_article(article, env, article.module, Head(None, article.headline, None, 3, article.lang))


def _inside(x0, y0, x1, y1, rect) -> bool:
    return (rect.x - EPS <= x0 and x1 <= rect.right + EPS and rect.y - EPS <= y0
            and y1 <= rect.bottom + EPS)


@SETTINGS
@given(articles())
def test_elements_stay_inside_their_module(article):
    layout = place(article)
    rect = module_rect(FMT, article.module)
    for el in layout.elements:
        if isinstance(el, TextLine):
            size = el.line.runs[0].glyphs.size if el.line.runs else 0
            assert _inside(el.x, el.baseline - size, el.x + el.line.width, el.baseline, rect), el
        elif isinstance(el, RuleLine):
            # the column rule sits in the gutter to the module's right
            assert rect.y - EPS <= min(el.y0, el.y1) and max(el.y0, el.y1) <= rect.bottom + EPS
        elif isinstance(el, (ImageBox, Panel)):
            r = el.rect
            assert _inside(r.x, r.y, r.right, r.bottom, rect)


@SETTINGS
@given(articles())
def test_every_character_is_placed_once_or_reported_as_overflow(article):
    layout = place(article)
    placed = "".join(el.line.text for el in layout.elements
                     if isinstance(el, TextLine) and el.kind in ("body", "subhead"))
    whole = "".join(re.sub(r"\s", "", b.text) for b in article.blocks)
    over = layout.overflow.chars if layout.overflow else 0
    assert len(re.sub(r"\s", "", placed)) + over == len(whole)
    assert whole.startswith(re.sub(r"\s", "", placed))


@SETTINGS
@given(articles())
def test_body_baselines_are_on_the_grid(article):
    layout = place(article)
    em_box = FakeMetrics().em_box("song", FMT.body_size)
    grid = {round(baseline(FMT, n, em_box), 3) for n in range(FMT.lines)}
    for el in layout.elements:
        if isinstance(el, TextLine) and el.kind in ("body", "lead", "quote", "byline"):
            assert round(el.baseline, 3) in grid, el


@SETTINGS
@given(st.lists(articles(), min_size=2, max_size=4))
def test_non_overlapping_modules_give_non_overlapping_hot_zones(arts):
    rects = []
    for art in arts:
        zone = place(art).rects[0]
        if all(zone.right <= r.x + EPS or r.right <= zone.x + EPS or zone.bottom <= r.y + EPS
               or r.bottom <= zone.y + EPS for r in rects):
            rects.append(zone)
    # hot zones are exactly the module rectangles, so disjoint modules give disjoint zones
    for k, a in enumerate(rects):
        for b in rects[k + 1:]:
            assert a.right <= b.x + EPS or b.right <= a.x + EPS or a.bottom <= b.y + EPS \
                or b.bottom <= a.y + EPS


def _fitted(article: Article):
    from dataclasses import replace
    return place(replace(article, copyfit=True))


def test_copyfit_absorbs_a_small_overflow_by_closing_the_text():
    base = "职工工会服务技能培训企业岗位城市发展建设工作项目社区群众保障创新，" * 20
    module = Module(1, 2, 0, FMT.lines)  # two columns of 10 字 down the whole page
    over_by_one = None
    for n in range(300, 500, 3):  # the shortest text that overflows by a line
        article = Article("a", "标题", (Paragraph(base[:n] + "。"),), module)
        if place(article).overflow is not None:
            over_by_one = article
            break
    assert over_by_one is not None and place(over_by_one).overflow.lines == 1
    fitted = _fitted(over_by_one)
    assert fitted.overflow is None
    assert -0.05 <= fitted.tracking < 0


def test_copyfit_leaves_a_large_overflow_alone_and_reports_it():
    text = "职工工会服务技能培训企业岗位城市发展建设工作项目社区群众保障创新。" * 12
    article = Article("a", "标题", (Paragraph(text),), Module(1, 1, 0, 14))
    fitted = _fitted(article)
    assert fitted.overflow is not None and fitted.tracking == 0.0
