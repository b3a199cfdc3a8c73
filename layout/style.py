"""House styles: page formats, the page grid in characters and lines, and named text styles."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from layout.press import PressSettings
from layout.text.lang import LANGS, LangRules
from layout.units import font_size, mm


@dataclass(frozen=True, slots=True)
class PageFormat:
    """A trimmed page and its grid: N 字 per column line × M lines, columns and gutters in 字."""

    name: str
    width: float
    """Trimmed page width in pt."""
    height: float
    """Trimmed page height in pt."""
    columns: int
    column_chars: int
    """Body characters per column line."""
    lines: int
    """Body lines per column (the baseline grid's line count)."""
    body_size: float = 9.0
    """Body text size in pt (小五)."""
    leading: float = 1.5
    """Line pitch as a multiple of the body size."""
    gutter_chars: float = 1.0
    masthead_lines: int = 12
    """Grid lines the front-page masthead (报头) takes at the top of the type area."""

    @property
    def pitch(self) -> float:
        """Baseline-to-baseline distance of body text, pt."""
        return self.body_size * self.leading

    @property
    def column_width(self) -> float:
        return self.column_chars * self.body_size

    @property
    def gutter(self) -> float:
        return self.gutter_chars * self.body_size

    @property
    def type_width(self) -> float:
        """Width of the type area (版心)."""
        return self.columns * self.column_width + (self.columns - 1) * self.gutter

    @property
    def type_height(self) -> float:
        return self.lines * self.pitch

    @property
    def margin_left(self) -> float:
        return (self.width - self.type_width) / 2

    @property
    def margin_top(self) -> float:
        """Top of the type area; the folio line sits in the margin above it."""
        return (self.height - self.type_height) / 2

    def column_x(self, column: int) -> float:
        """Left edge of grid column `column` (1-based), pt from the trim box's left."""
        return self.margin_left + (column - 1) * (self.column_width + self.gutter)

    def span_width(self, first: int, last: int) -> float:
        """Width from the left of column `first` to the right of column `last`."""
        return self.column_x(last) + self.column_width - self.column_x(first)

    def line_top(self, line: int) -> float:
        """Top of grid line `line` (0-based), pt from the trim box's top."""
        return self.margin_top + line * self.pitch


TABLOID = PageFormat("tabloid", mm(273), mm(390), columns=6, column_chars=12, lines=73)
"""四开: 273 × 390 mm, 6 columns × 12 字 at 小五 with 1-字 gutters (print-standards §3)."""

BROADSHEET = PageFormat("broadsheet", mm(390), mm(540), columns=8, column_chars=13, lines=102,
                        masthead_lines=14)
"""对开: 390 × 540 mm, 8 columns × 13 字 at 小五."""

PRESETS = {f.name: f for f in (TABLOID, BROADSHEET)}


def page_format(spec: object) -> PageFormat:
    """The PageFormat for a manifest `issue.format` (a preset name or a custom format spec)."""
    if isinstance(spec, str):
        return PRESETS[spec]
    return PageFormat(
        "custom", mm(spec.width_mm), mm(spec.height_mm), columns=spec.columns,
        column_chars=spec.column_chars, lines=spec.lines, body_size=font_size(spec.body_size),
        leading=spec.leading, gutter_chars=spec.gutter_chars,
        masthead_lines=max(4, spec.lines // 6),
    )


@dataclass(frozen=True, slots=True)
class TextStyle:
    """A named text style: font role, size, line pitch and alignment."""

    role: str
    size: float
    leading: float = 1.5
    align: str = "justify"
    indent_em: float = 0.0
    tracking_em: float = 0.0


@dataclass(frozen=True, slots=True)
class WebSettings:
    """The digital edition's image settings (sizes in px, formats, quality). Part of the house
    style; stored in pages.json, so a change re-renders every page image."""

    thumb_width: int = 240
    """Thumbnail width (版面导航)."""
    page_widths: tuple[int, ...] = (1200,)
    """Page image widths: the viewer's print view, article archives and IIIF clients; zooming
    uses the tiles."""
    formats: tuple[str, ...] = ("jpeg",)
    """Image formats written for every size (jpeg, webp). JPEG alone by default: every browser
    shows it, and it encodes 8 × faster than WebP (a 2400 px page: 26 ms against 225 ms at
    libwebp's fastest setting), which is most of a build's web time; add `webp` for files about
    a quarter smaller at that cost."""
    quality: int = 82
    """JPEG/WebP quality of page images, thumbnails and article photos."""
    figure_width: int = 1200
    """Article photos are scaled down to at most this width."""
    tile_width: int = 4096
    """The deep-zoom pyramid's full width (0: no tiles). 4096 px is 381 dpi on a tabloid page:
    9 pt body type stays sharp at 800 % of a whole-page view."""
    tile_size: int = 512
    """Deep-zoom tile size (square)."""
    tile_quality: int = 70
    """JPEG quality of the deep-zoom tiles (type at 381 dpi hides the loss)."""

    def as_json(self) -> dict:
        """The settings as stored in pages.json (a change forces every page to be re-rendered)."""
        return {"thumb_width": self.thumb_width, "page_widths": list(self.page_widths),
                "formats": list(self.formats), "quality": self.quality,
                "figure_width": self.figure_width, "tile_width": self.tile_width,
                "tile_size": self.tile_size, "tile_quality": self.tile_quality}


@dataclass(frozen=True, slots=True)
class Furniture:
    """Proportions of the page furniture: the folio line (眉头) over every page and the
    masthead (报头) on the front. Lengths are in grid pitches unless named otherwise."""

    folio_baseline: float = 0.55
    """The folio line's baseline, pitches above the type area's top."""
    folio_rule: float = 0.2
    """The rule under the folio line, pitches above the type area's top."""
    folio_rule_width: float = 0.75
    masthead_band: float = 1.5
    """Height of the information band (刊号, 主办, 期数, 版数) across the masthead's foot."""
    name_height: float = 0.62
    """The paper's name at most this share of the masthead's height above the band…"""
    name_width: float = 0.6
    """…and at most this share of the type width (it is centred in the height above the
    band, the information line between the band's rules)."""
    date_size: float = 2.0
    """The masthead date's size in body sizes; the weekday and lunar date below it are
    `weekday_size` of that, `date_step` date sizes lower."""
    weekday_size: float = 0.6
    date_step: float = 1.5
    band_rule_width: float = 2.0
    """The thick rule over the band; a thin rule (`foot_rule_width`) closes the masthead."""
    foot_rule_width: float = 0.5


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """One newspaper's house style: its typography (text styles, headline sizes, language
    rules, breaker), and the settings of its two products — `press` (print files) and `web`
    (the digital edition's images)."""

    name: str
    body: TextStyle
    lead: TextStyle
    quote: TextStyle
    subhead: TextStyle
    kicker: TextStyle
    deck: TextStyle
    byline: TextStyle
    caption: TextStyle
    credit: TextStyle
    jump: TextStyle
    headline_sizes: dict[int, float] = field(default_factory=dict)
    """Headline size in pt by article rank (1 = lead story)."""
    headline_role: dict[int, str] = field(default_factory=dict)
    breaker: str = "total-fit"
    lunar_date: bool = True
    """Print the lunar date (农历丙午年十月十六) in the masthead."""
    pullquote: TextStyle = TextStyle("hei-bold", 10.5, leading=1.4, align="center")
    """Pull quotes (引语, `>> ` in article text): large, centred, between rules."""
    widow_control: bool = True
    """A paragraph's last line never starts a column (given up where it alone causes overflow)."""
    lang: str = "zh-Hans"
    """The paper's own language: page furniture (folio line, masthead) is set in it."""
    langs: dict[str, LangRules] = field(default_factory=lambda: dict(LANGS))
    """Composition rules per language (`layout/text/lang.py`): kinsoku level, punctuation
    style, squeeze, Latin spacing and hyphenation. An article's `lang` picks one."""
    furniture: Furniture = field(default_factory=Furniture)
    """Proportions of the folio line and the masthead."""
    press: PressSettings = field(default_factory=PressSettings)
    """Print production: PDF/X, output intent, bleed, marks, ink and resolution limits."""
    web: WebSettings = field(default_factory=lambda: WebSettings())
    """The digital edition's images: sizes, formats, quality, deep-zoom tiles."""

    def rules(self, lang: str) -> LangRules:
        """The composition rules of a language in this house style."""
        return self.langs[lang]


def default_style(body_size: float = 9.0) -> HouseStyle:
    """The default house style: 小五 Song body on a 1.5 pitch, Hei subheads, Kai leads."""
    b = body_size
    return HouseStyle(
        name="default",
        body=TextStyle("song", b, indent_em=2.0),
        lead=TextStyle("kai", b, indent_em=2.0),
        quote=TextStyle("kai", b, indent_em=2.0),
        subhead=TextStyle("hei-bold", b * 4 / 3, align="center"),  # 小四: 4/3 of 小五
        kicker=TextStyle("hei", b * 14 / 9, align="center", leading=1.3),
        deck=TextStyle("hei", b * 14 / 9, align="center", leading=1.3),
        byline=TextStyle("kai", b, align="justify"),
        caption=TextStyle("kai", b * 5 / 6, align="justify", leading=1.4),
        credit=TextStyle("kai", b * 5 / 6, align="right", leading=1.4),
        jump=TextStyle("hei", b, align="right"),
        headline_sizes={1: 36.0, 2: 24.0, 3: 18.0, 4: 15.0},
        headline_role={1: "song-heavy", 2: "song-heavy", 3: "hei-bold", 4: "hei-bold"},
    )


StyleFactory = Callable[[float], HouseStyle]
"""A house style as a function of the page format's body size (pt)."""

STYLES: dict[str, StyleFactory] = {"default": default_style}
"""The house styles an issue may name (`issue.style`)."""


def house_style(name: str, fmt: PageFormat, override: StyleFactory | None = None) -> HouseStyle:
    """The house style `name` (or `override`, a style given by the caller — a test, a bench, a
    newspaper group's own build script — instead of a named one), scaled to the format's body
    size."""
    return (override or STYLES[name])(fmt.body_size)
