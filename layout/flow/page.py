"""Whole pages: page furniture (folio line, masthead), article modules and jumps between pages."""

from __future__ import annotations

from dataclasses import replace

from layout.flow.elements import ArticleLayout, Element, PageLayout, RuleLine, TextLine
from layout.flow.grid import baseline_in
from layout.flow.place import Continuation, Env, Head, JumpOut, place_article
from layout.flow.story import Resume, compose_config
from layout.fonts import Metrics
from layout.dates import chinese_date, date_text, weekday
from layout.lunar import lunar_date
from layout.model import Article, Issue, Page
from layout.style import TextStyle
from layout.text.lines import Line, compose

def layout_issue(issue: Issue, metrics: Metrics, folios: set[str] | None = None
                 ) -> dict[str, PageLayout]:
    """Lay out the pages (all, or those in `folios`): 1. articles 2. jumps 3. furniture.

    Jump targets need the source page's leftover text, so a selected page's sources are laid
    out too (but only the selected pages are returned)."""
    wanted = {p.folio for p in issue.pages} if folios is None else set(folios)
    needed = set(wanted) | _jump_sources(issue, wanted)
    placed: dict[str, list[ArticleLayout]] = {}
    resumes: dict[str, tuple[str, Resume]] = {}
    for page in issue.pages:
        if page.folio not in needed:
            continue
        env = Env(issue.format, issue.style, metrics, page.folio)
        # a page wanted only as a jump source: just the articles that continue on a wanted page
        articles = [a for a in page.articles
                    if page.folio in wanted or a.continued_on in wanted]
        placed[page.folio] = [_place(a, env) for a in articles]
        for a, lay in zip(articles, placed[page.folio]):
            if lay.resume is not None and a.continued_on:
                resumes[a.id] = (page.folio, lay.resume)
    layouts = {}
    for page in issue.pages:
        if page.folio in wanted:
            env = Env(issue.format, issue.style, metrics, page.folio)
            jumps = [_place_jump(issue, page, j, env, resumes) for j in page.jumps]
            layouts[page.folio] = _page(issue, page, env, placed[page.folio] + jumps)
    return layouts


def _jump_sources(issue: Issue, wanted: set[str]) -> set[str]:
    sources = set()
    for page in issue.pages:
        for a in page.articles:
            if a.continued_on in wanted:
                sources.add(page.folio)
    return sources


def _place(article: Article, env: Env) -> ArticleLayout:
    head = Head(article.kicker, article.headline, article.deck, article.rank, article.lang)
    to_page = env.style.rules(article.lang).jump_notes[0]
    note = to_page.format(article.continued_on) if article.continued_on else None
    return place_article(article, env, article.module, head,
                         jump=JumpOut(note) if note else None)


def _place_jump(issue: Issue, page: Page, jump, env: Env, resumes) -> ArticleLayout:
    article = next(a for a in issue.articles() if a.id == jump.article_id)
    source, resume = resumes.get(article.id, (None, None))
    head = Head(None, jump.headline or article.headline, None, 3, article.lang)
    if resume is None:  # the text all fitted on its first page: an empty jump module
        return ArticleLayout(article.id, (), (), continuation=True)
    opening = env.style.rules(article.lang).jump_notes[1].format(source)
    return place_article(article, env, jump.module, head,
                         continued=Continuation(resume, opening))


def _page(issue: Issue, page: Page, env: Env, articles: list[ArticleLayout]) -> PageLayout:
    furniture = _folio_line(issue, page, env)
    if page.masthead:
        furniture += _masthead(issue, env)
    fmt = issue.format
    return PageLayout(page.folio, page.section, fmt.width, fmt.height, page.color,
                      tuple(furniture), tuple(articles))


def single_line(text: str, ts: TextStyle, env: Env, width: float) -> Line:
    """A one-line label set at its natural width (furniture: folios, masthead), in the paper's
    own language (`HouseStyle.lang`)."""
    config = replace(compose_config(env.style, replace(ts, indent_em=0.0), env.style.lang),
                     breaker="first-fit")
    return compose(text, ts.role, ts.size, env.metrics, lambda n: width, config,
                   indent=False).lines[0]


def _folio_line(issue: Issue, page: Page, env: Env) -> list[Element]:
    """眉头: date and page at the left, paper name centred, section and editors at the right."""
    fmt, f = issue.format, env.style.furniture
    size = fmt.body_size
    y = fmt.margin_top - fmt.pitch * f.folio_baseline
    x, w = fmt.margin_left, fmt.type_width
    left = f"{chinese_date(issue.date)}　第{page.folio}版　{page.section}"
    right = "　".join(f"{label}：{name}" for label, name in (
        ("责任编辑", page.editors.editor), ("美术编辑", page.editors.designer),
        ("校对", page.editors.proofreader)) if name)
    out: list[Element] = []
    for text, align, role in ((left, "left", "hei"), (issue.newspaper.name, "center", "song-bold"),
                              (right, "right", "kai")):
        if text:
            line = single_line(text, TextStyle(role, size, align=align), env, w)
            out.append(TextLine(x, y, line, "folio"))
    rule_y = fmt.margin_top - fmt.pitch * f.folio_rule
    out.append(RuleLine(x, rule_y, x + w, rule_y, f.folio_rule_width))
    return out


def _masthead(issue: Issue, env: Env) -> list[Element]:
    """报头: the name large at the left, the date at the right, and an information band
    (serial, host, issue number, pages) across the foot, between a thick and a thin rule."""
    fmt, f = issue.format, env.style.furniture
    top, height = fmt.line_top(0), fmt.masthead_lines * fmt.pitch
    x, w = fmt.margin_left, fmt.type_width
    band = fmt.pitch * f.masthead_band
    above = height - band - f.band_rule_width  # clear of the thick rule by half its width
    date = _masthead_date(issue, env, x, w, top, above)
    date_width = max(e.line.width - e.line.runs[0].x for e in date if e.line.runs)
    room = w - date_width - 2 * fmt.body_size  # two 字 of air between the name and the date
    unit = single_line(issue.newspaper.name, TextStyle("song-heavy", 1.0), env, w).width
    name_size = min(above * f.name_height, min(w * f.name_width, room) / max(unit, 1.0))
    name = single_line(issue.newspaper.name, TextStyle("song-heavy", name_size, align="left"),
                       env, w)
    name_base = baseline_in(top, above, env.metrics.em_box("song-heavy", name_size))
    out: list[Element] = [TextLine(x, name_base, name, "masthead-name"), *date]
    info = "　　".join(s for s in (
        f"国内统一刊号：{issue.newspaper.serial}", f"{issue.newspaper.host}主办",
        f"总第{issue.number}期", f"今日{len(issue.pages)}版", issue.edition) if s)
    rule_y, foot_y = top + height - band, top + height - 1
    out.append(RuleLine(x, rule_y, x + w, rule_y, f.band_rule_width))
    line = single_line(info, TextStyle("hei", fmt.body_size, align="center"), env, w)
    em_box = env.metrics.em_box("hei", fmt.body_size)
    out.append(TextLine(x, baseline_in(rule_y, foot_y - rule_y, em_box), line, "masthead"))
    out.append(RuleLine(x, foot_y, x + w, foot_y, f.foot_rule_width))
    return out


def _masthead_date(issue: Issue, env: Env, x: float, w: float, top: float,
                   height: float) -> list[Element]:
    """The date (large) over the weekday and lunar date, right-aligned beside the name, the
    two lines centred as a block in the `height` above the band (smaller on a short masthead,
    so the block always fits)."""
    f = env.style.furniture
    size = min(env.fmt.body_size * f.date_size, height / (f.date_step + 1))
    d = issue.date
    second = weekday(d)
    lunar = lunar_date(d) if env.style.lunar_date else None
    if lunar:
        second += f"　{lunar}"
    lines = [(date_text(d), TextStyle("hei-bold", size, align="right")),
             (second, TextStyle("hei", size * f.weekday_size, align="right"))]
    step = size * f.date_step
    first_top = env.metrics.em_box("hei-bold", size)[0]
    last_bottom = env.metrics.em_box("hei", size * f.weekday_size)[1]
    block = first_top + step - last_bottom  # first em box top to last em box bottom
    base = top + (height - block) / 2 + first_top
    return [TextLine(x, base + k * step, single_line(text, ts, env, w), "masthead")
            for k, (text, ts) in enumerate(lines)]


