"""Article modules on the grid: head block, figures, byline and body threaded through text columns."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from layout.flow.elements import (
    ArticleLayout,
    Element,
    ImageBox,
    Overflow,
    Panel,
    RuleLine,
    TextLine,
)
from layout.flow.flow import Filled, balance, best_fill, fill
from layout.flow.grid import (
    Frame,
    Rect,
    baseline,
    baseline_in,
    module_lines,
    module_rect,
    text_columns,
)
from layout.flow.story import Resume, Row, Story, compose_config, compose_story
from layout.fonts import Metrics
from layout.model import Article, Figure, Module
from layout.style import HouseStyle, PageFormat, TextStyle
from layout.text.lines import Line, Placed, compose

RULE_WIDTH = 0.5


@dataclass(frozen=True, slots=True)
class Env:
    """What placing an article needs: format, house style, metrics, the page's neighbours."""

    fmt: PageFormat
    style: HouseStyle
    metrics: Metrics
    folio: str


@dataclass(frozen=True, slots=True)
class Head:
    """The text that opens a module: kicker, headline and deck (or a jump head)."""

    kicker: str | None
    headline: str
    deck: str | None
    rank: int
    lang: str
    """The article's language: a head is composed with its article's rules."""


@dataclass(frozen=True, slots=True)
class JumpOut:
    """The article continues on another page when its module is full: the last line of the
    module says so (下转第2版), and the rest of the text is laid out there."""

    note: str


@dataclass(frozen=True, slots=True)
class Continuation:
    """The module carries on an article from another page: its text from `start`, opened by a
    line that says where it came from (上接第1版); no figures, no copyfit."""

    start: Resume
    note: str


@dataclass(frozen=True, slots=True)
class Fit:
    """A story filled into its frames: the rows placed, and what did not fit — overflow to
    report, or (when the article jumps) where it resumes and the 下转 line."""

    filled: Filled
    overflow: Overflow | None = None
    resume: Resume | None = None
    jump_line: TextLine | None = None


@dataclass(frozen=True, slots=True)
class Copyfit:
    """A small overflow or underflow absorbed by tracking the body text (em, + opens)."""

    tracking: float
    story: Story
    fit: Fit


@dataclass
class _Columns:
    """Free vertical range [top, bottom) in grid lines of each text column, and the lines taken
    out of its middle by runaround figures (mutable, local to one module)."""

    top: list[int]
    bottom: list[int]
    holes: list[list[tuple[int, int]]]

    def frames(self, cols) -> list[Frame]:
        """Text frames in reading order: down each column, around its holes."""
        out = []
        for k, (x, w) in enumerate(cols):
            start = self.top[k]
            for lo, hi in sorted(self.holes[k]) + [(self.bottom[k], self.bottom[k])]:
                if lo > start:
                    out.append(Frame(x, w, start, lo - start))
                start = max(start, hi)
        return out


def place_article(article: Article, env: Env, module: Module, head: Head,
                  jump: JumpOut | None = None,
                  continued: Continuation | None = None) -> ArticleLayout:
    """Lay out an article in its module: 1. box 2. head 3. figures 4. story 5. fill 6. overflow.
    `jump`: what is left continues elsewhere; `continued`: this module carries on an article."""
    continuation = continued is not None
    fmt = env.fmt
    rect = module_rect(fmt, module)
    inner, top, bottom, elements = _frame_box(article, env, module, rect)
    head_box = _head_box(article, env, module, inner, continuation)
    head_lines, head_elems = _head(head, env, head_box, top)
    head_over = max(0, head_lines - (bottom - top))  # a head taller than its module
    if head_over:
        limit = fmt.line_top(bottom)
        head_elems = [e for e in head_elems if getattr(e, "baseline", 0.0) <= limit]
        head_lines = bottom - top
    elements += head_elems
    cols = text_columns(fmt, inner.x, inner.w, module.text_columns or module.grid_columns)
    under = [x < head_box.right - fmt.gutter / 2 for x, _ in cols]  # columns below the head
    free = _Columns([top + head_lines if u else top for u in under], [bottom] * len(cols),
                    [[] for _ in cols])
    figures = _credited(article) if not continuation else ()
    elements += _figures(figures, env, cols, free, article.lang)
    frames = free.frames(cols)
    story = _story(article, env, cols[0][1], continued)
    fit = _fill(story, frames, env, article, jump)
    tracking = 0.0
    if article.copyfit and not continued and not jump:
        fitted = _copyfit(article, env, cols[0][1], frames, fit)
        if fitted:
            tracking, story, fit = fitted.tracking, fitted.story, fitted.fit
    elements += _body(fit.filled, frames, env)
    if fit.jump_line is not None:
        elements.append(fit.jump_line)
    over = fit.overflow
    underflow = _underflow(fit.filled, frames) if over is None else 0
    return ArticleLayout(article.id, (rect,), tuple(elements), over, underflow, fit.resume,
                         story.missing, story.runts, continuation, tracking, story.forced,
                         head_over)


def _underflow(filled: Filled, frames: list[Frame]) -> int:
    """Empty lines at the bottom of the module, averaged over its text columns."""
    empty = sum(max(0, f.bottom - max(filled.depth(k), f.top)) for k, f in enumerate(frames))
    return empty // max(1, len(frames))


COPYFIT_STEPS = (0.01, 0.02, 0.03, 0.04, 0.05)
"""Tracking steps (em) copyfitting tries, up to the ±0.05 em a reader does not notice."""
COPYFIT_LINES = 2


def _copyfit(article: Article, env: Env, measure: float, frames: list[Frame],
             fit: Fit) -> Copyfit | None:
    """Absorb a small overflow (close the text up) or a small underflow (open it) of at most
    two lines by tracking within ±0.05 em; None if neither applies or no step fits."""
    over, under = fit.overflow, _underflow(fit.filled, frames)
    if over is not None and over.lines <= COPYFIT_LINES:
        for step in COPYFIT_STEPS:
            story = _story(article, env, measure, None, -step)
            tried = _fill(story, frames, env, article, None)
            if tried.overflow is None:
                return Copyfit(-step, story, tried)
        return None
    best = None
    if over is None and 0 < under <= COPYFIT_LINES:
        for step in COPYFIT_STEPS:
            story = _story(article, env, measure, None, step)
            tried = _fill(story, frames, env, article, None)
            if tried.overflow is not None:
                break
            best = Copyfit(step, story, tried)
            if _underflow(tried.filled, frames) == 0:
                break
    return best


def _frame_box(article, env, module, rect):
    """The module's usable rectangle and grid lines; a rule or box separates it from others."""
    fmt = env.fmt
    elements: list[Element] = []
    top, bottom = module.top, module.top + module_lines(fmt, module)
    inner = rect
    if bottom < fmt.lines:
        bottom -= 1  # the last grid line is the gap to the article below, with a rule in it
        y = fmt.line_top(bottom) + fmt.pitch / 2
        elements.append(RuleLine(rect.x, y, rect.right, y, RULE_WIDTH))
    if module.last_column < fmt.columns:
        x = rect.right + fmt.gutter / 2
        elements.append(RuleLine(x, rect.y, x, fmt.line_top(bottom), RULE_WIDTH))
    if article.boxed:
        box = Rect(rect.x, rect.y, rect.w, fmt.line_top(bottom) - rect.y)
        # first in the list: the tint is painted under everything else in the module
        elements.insert(0, Panel(box.inset(0, fmt.pitch * 0.25), stroke=0.75, tint=0.06))
        inner = rect.inset(fmt.body_size, 0)
        top, bottom = top + 1, bottom - 1
    return inner, top, bottom, elements


def _head_box(article: Article, env: Env, module: Module, inner: Rect,
              continuation: bool) -> Rect:
    """The part of the module the head block spans: all of it, or its first head_columns."""
    n = article.head_columns
    if continuation or not n or n >= module.grid_columns:
        return inner
    fmt = env.fmt
    right = fmt.column_x(module.first_column + n - 1) + fmt.column_width
    return Rect(inner.x, inner.y, min(inner.w, right - inner.x), inner.h)


def headline_style(style: HouseStyle, rank: int) -> TextStyle:
    """The headline's text style for an article rank."""
    return TextStyle(style.headline_role.get(rank, "hei-bold"), style.headline_sizes[rank],
                     leading=1.2, align="center")


def _head(head: Head, env: Env, inner: Rect, top: int) -> tuple[int, list[Element]]:
    """Compose kicker, headline and deck centred across the module; round up to grid lines."""
    parts: list[tuple[str, TextStyle, tuple[Line, ...]]] = []
    style = env.style
    pad = env.fmt.body_size / 2  # half a 字 of air between a heading and the module's edges
    deck, dashed = _deck_text(head.deck)
    for kind, text, ts in (("kicker", head.kicker, style.kicker),
                           ("headline", head.headline, headline_style(style, head.rank)),
                           ("deck", deck, style.deck)):
        if text:
            parts.append((kind, ts, _compose_centered(text, ts, env, (inner.w - 2 * pad,
                                                                       head.lang))))
    fmt = env.fmt
    height = sum(len(ls) * ts.size * ts.leading for _, ts, ls in parts)
    lines = math.ceil((height + fmt.pitch * 0.5) / fmt.pitch)
    y = fmt.line_top(top) + (lines * fmt.pitch - height) / 2
    elements: list[Element] = []
    for kind, ts, ls in parts:
        for line in ls:
            step = ts.size * ts.leading
            base = baseline_in(y, step, env.metrics.em_box(ts.role, ts.size))
            elements.append(TextLine(inner.x + pad, base, line, kind))
            if kind == "deck" and dashed and line is ls[0]:
                elements.append(_deck_dash(inner.x + pad, base, line, ts))
            y += step
    return lines, elements


def _deck_text(deck: str | None) -> tuple[str | None, bool]:
    """A deck opening with the 破折号 (——副题, the usual form) is set with the dash drawn as a
    2-em rule before the first line, so the dash cannot be separated from the deck's text."""
    if deck and deck.startswith("——") and len(deck) > 2:
        return "\u3000\u3000" + deck[2:], True  # two ideographic spaces hold the dash's place
    return deck, False


def _deck_dash(x: float, base: float, line: Line, ts: TextStyle) -> RuleLine:
    start = x + (line.runs[0].x if line.runs else 0.0)
    y = base - ts.size * 0.34  # the dash sits at the middle of the ideographic em box
    return RuleLine(start + 0.05 * ts.size, y, start + 1.95 * ts.size, y, ts.size * 0.07)


CONDENSED = 0.9
"""Narrowest 长体 (horizontally condensed type) a headline may be set in to save a line."""


def _compose_centered(text: str, ts: TextStyle, env: Env,
                      setting: tuple[float, str]) -> tuple[Line, ...]:
    """Centred heading lines at (width, language); a heading that would need one line more
    than it does in 长体 is set condensed to 90 % width, as Chinese newspapers do."""
    width, lang = setting
    config = compose_config(env.style, replace(ts, indent_em=0.0), lang)
    lines = compose(text, ts.role, ts.size, env.metrics, lambda n: width, config,
                    indent=False).lines
    if len(lines) < 2:
        return lines
    narrow = compose(text, ts.role, ts.size, env.metrics, lambda n: width / CONDENSED, config,
                     indent=False).lines
    return _condensed(narrow, CONDENSED, width) if len(narrow) < len(lines) else lines


def _condensed(lines: tuple[Line, ...], factor: float, width: float) -> tuple[Line, ...]:
    """Lines scaled horizontally by `factor` (glyphs, positions and widths) into `width`."""
    out = []
    for line in lines:
        runs = tuple(Placed(p.x * factor, replace(p.glyphs, dx=p.glyphs.dx * factor,
                                                  hscale=p.glyphs.hscale * factor))
                     for p in line.runs)
        out.append(replace(line, runs=runs, measure=width, width=line.width * factor))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Span:
    """The text columns a figure spans: the first, how many, and their left edge and width."""

    first: int
    n: int
    x: float
    w: float


def _figures(figures: tuple[Figure, ...], env: Env, cols, free: _Columns,
             lang: str) -> list[Element]:
    """Place figures on whole text columns at the top or bottom, with caption and credit (set
    in the article's language)."""
    out: list[Element] = []
    for fig in figures:
        n = min(fig.columns, len(cols))
        first = _pick_columns(fig, n, free)
        x = cols[first][0]
        w = cols[first + n - 1][0] + cols[first + n - 1][1] - x
        out += _figure(fig, env, _Span(first, n, x, w), free, lang)
    return out


def _credited(article: Article) -> tuple[Figure, ...]:
    """The article's figures, the last one without a credit of its own carrying the article's
    photo credit (one credit for all its photos, as under a photo spread)."""
    figures = list(article.figures)
    bare = [k for k, f in enumerate(figures) if not f.credit]
    if article.photo_credit and bare:
        figures[bare[-1]] = replace(figures[bare[-1]], credit=article.photo_credit)
    return tuple(figures)


def _pick_columns(fig: Figure, n: int, free: _Columns) -> int:
    """The run of n columns with the most room: leftmost for top figures, rightmost for bottom."""
    runs = range(len(free.top) - n + 1)
    if fig.position == "top":
        return min(runs, key=lambda k: (max(free.top[k:k + n]), k))
    return min(runs, key=lambda k: (-min(free.bottom[k:k + n]), -k))


def _figure(fig: Figure, env: Env, span: _Span, free: _Columns, lang: str) -> list[Element]:
    """One figure, its caption and credit below it; the columns' free space updated."""
    fmt = env.fmt
    first, n, x, w = span.first, span.n, span.x, span.w
    caption = _caption_lines(fig, env, (w, lang))
    cap_h = sum(ts.size * ts.leading for ts, _ in caption)
    img_h = w * fig.pixels[1] / fig.pixels[0]
    lines = max(3, round((img_h + cap_h + fmt.pitch * 0.6) / fmt.pitch))
    img_h = lines * fmt.pitch - cap_h - fmt.pitch * 0.6
    if fig.position == "top":
        top_line = max(free.top[first:first + n])
    elif fig.position == "bottom":
        top_line = min(free.bottom[first:first + n]) - lines
    else:  # runaround: in the middle of the column run, text above and below it on the grid
        lo, hi = max(free.top[first:first + n]), min(free.bottom[first:first + n])
        top_line = lo + max(0, (hi - lo - lines) // 2)
    y = fmt.line_top(top_line) + (fmt.pitch * 0.25 if fig.position == "top" else fmt.pitch * 0.35)
    rect = Rect(x, y, w, img_h)
    elems: list[Element] = [ImageBox(fig, rect, _crop(fig, rect))]
    cy = rect.bottom + fmt.pitch * 0.1
    for ts, line in caption:
        step = ts.size * ts.leading
        elems.append(TextLine(x, baseline_in(cy, step, env.metrics.em_box(ts.role, ts.size)), line,
                              "caption" if ts is env.style.caption else "credit"))
        cy += step
    for k in range(first, first + n):
        if fig.position == "top":
            free.top[k] = top_line + lines
        elif fig.position == "bottom":
            free.bottom[k] = top_line
        else:
            free.holes[k].append((top_line - 1, top_line + lines))  # a line of space above
    return elems


def label_lines(text: str, ts: TextStyle, env: Env, width: float,
                lang: str) -> tuple[Line, ...]:
    """A short text that is not body copy — byline, caption, credit, a 上接/下转 line — set in
    style `ts` at `width` with its language's rules, never indented."""
    config = compose_config(env.style, ts, lang, measure=width)
    return compose(text, ts.role, ts.size, env.metrics, lambda n: width, config,
                   indent=False).lines


def _caption_lines(fig: Figure, env: Env,
                   setting: tuple[float, str]) -> list[tuple[TextStyle, Line]]:
    """Caption and credit lines at (width, language)."""
    width, lang = setting
    return [(ts, line)
            for text, ts in ((fig.caption, env.style.caption), (fig.credit, env.style.credit))
            if text for line in label_lines(text, ts, env, width, lang)]


def _crop(fig: Figure, rect: Rect) -> tuple[float, float, float, float]:
    """Source window that fills `rect` (fit = whole image), centred on the focal point."""
    pw, ph = fig.pixels
    src, dst = pw / ph, rect.w / rect.h
    if fig.fit == "fit" or abs(src - dst) < 1e-6:
        return (0.0, 0.0, 1.0, 1.0)
    fx, fy = fig.focus
    if src > dst:  # image wider than the frame: crop the sides
        span = dst / src
        x0 = min(max(fx - span / 2, 0.0), 1.0 - span)
        return (x0, 0.0, x0 + span, 1.0)
    span = src / dst
    y0 = min(max(fy - span / 2, 0.0), 1.0 - span)
    return (0.0, y0, 1.0, y0 + span)


def _story(article: Article, env: Env, measure: float, continued: Continuation | None,
           tracking: float = 0.0) -> Story:
    """The article's rows at `measure`: a continuation opens with its 上接 line, a first part
    with the byline (and the photo credit when there are no photos to put it under)."""
    start = continued.start if continued else Resume(0)
    story = compose_story(article, env.style, env.metrics, measure, env.fmt.pitch, start,
                          tracking)
    if continued:
        notes = _label_rows((continued.note,), env.style.jump, article, env, measure, "jump")
    else:
        # The photo credit goes under the photos (see _credited); without photos, after the byline.
        credit = "　".join(t for t in (article.byline, None if article.figures else article.photo_credit)
                          if t)
        notes = _label_rows((credit,), env.style.byline, article, env, measure, "byline")
    return replace(story, rows=notes + story.rows)


def _label_rows(texts, ts: TextStyle, article: Article, env: Env, measure: float,
                kind: str) -> tuple[Row, ...]:
    """Byline and credit lines (or a 上接 note) that open the story in the first column."""
    return tuple(Row(kind, (line,), 1, -1, 0, 0, ts) for text in texts if text
                 for line in label_lines(text, ts, env, measure, article.lang))


def _fill(story: Story, frames: list[Frame], env: Env, article: Article,
          jump: JumpOut | None) -> Fit:
    """Fill the frames; text left over jumps (with a 下转 line) or is reported as overflow."""
    rows = story.rows
    filled, widows = best_fill(rows, frames, env.style.widow_control)
    if filled.next_row >= len(rows):
        return Fit(balance(rows, frames, 0, widows))
    if jump:
        short = frames[:-1] + [replace(frames[-1], lines=max(0, frames[-1].lines - 1))]
        filled = fill(rows, short, 0, env.style.widow_control)
        note = _jump_line(jump.note, env, frames[-1], article.lang)
        return Fit(filled, resume=_resume_at(rows, filled.next_row), jump_line=note)
    return Fit(filled, overflow=_overflow(article, rows, filled.next_row))


def _jump_line(text: str, env: Env, frame: Frame, lang: str) -> TextLine:
    """The 下转 line at the foot of the last frame, in the article's language."""
    ts = env.style.jump
    line = label_lines(text, ts, env, frame.measure, lang)[0]
    base = baseline(env.fmt, frame.bottom - 1, env.metrics.em_box(ts.role, ts.size))
    return TextLine(frame.x, base, line, "jump")


def _resume_at(rows, r: int) -> Resume:
    while r < len(rows) and rows[r].block < 0:
        r += 1
    row = rows[r]
    return Resume(row.block, row.start if not row.para_first else 0)


def _overflow(article: Article, rows, r: int) -> Overflow:
    lines = sum(row.height for row in rows[r:])
    resume = _resume_at(rows, r)
    texts = [b.text for b in article.blocks]
    rest = texts[resume.block][resume.offset:] + "".join(texts[resume.block + 1:])
    chars = sum(1 for ch in rest if not ch.isspace())
    return Overflow(lines, chars, rest[:16])


def _body(filled: Filled, frames: list[Frame], env: Env) -> list[Element]:
    out: list[Element] = []
    for slot in filled.slots:
        frame = frames[slot.frame]
        row = slot.row
        if row.kind == "subhead":
            out += _display_lines(row, frame, slot.line, env)
        elif row.kind == "pullquote":
            out += _pullquote(row, frame, slot.line, env)
        else:
            em_box = env.metrics.em_box(row.style.role, row.style.size)
            for k, line in enumerate(row.lines):
                out.append(TextLine(frame.x, baseline(env.fmt, slot.line + k, em_box), line,
                                    row.kind))
    return out


def _display_lines(row: Row, frame: Frame, line: int, env: Env) -> list[Element]:
    """A subhead's (or pull quote's) lines centred in its grid lines: display type is not body
    text, so it may sit off the grid, but the block as a whole is centred on it."""
    ts, fmt = row.style, env.fmt
    step = ts.size * ts.leading
    em_box = env.metrics.em_box(ts.role, ts.size)
    y = fmt.line_top(line) + (row.height * fmt.pitch - len(row.lines) * step) / 2
    return [TextLine(frame.x, baseline_in(y + k * step, step, em_box), ln, row.kind)
            for k, ln in enumerate(row.lines)]


def _pullquote(row: Row, frame: Frame, line: int, env: Env) -> list[Element]:
    """A pull quote: its lines centred in its grid lines between two rules the width of the
    column, each 2 pt inside the quote's first and last grid line."""
    fmt = env.fmt
    top, bottom = fmt.line_top(line) + 2, fmt.line_top(line + row.height) - 2
    rules = [RuleLine(frame.x, y0, frame.x + frame.measure, y0, 1.0) for y0 in (top, bottom)]
    return _display_lines(row, frame, line, env) + rules
