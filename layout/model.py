"""The document model: frozen values for the issue, its pages, articles and text blocks."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from layout.fonts import FontRole
from layout.style import HouseStyle, PageFormat


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph; `kind` is body, lead (导语) or quote (引文)."""

    text: str
    kind: str = "body"


@dataclass(frozen=True, slots=True)
class Subhead:
    """A subhead (小标题) inside the body text."""

    text: str


@dataclass(frozen=True, slots=True)
class PullQuote:
    """A pull quote (引语): a sentence of the article set large, centred, between rules."""

    text: str

    @property
    def kind(self) -> str:
        return "pullquote"


Block = Paragraph | Subhead | PullQuote


@dataclass(frozen=True, slots=True)
class Figure:
    """A photo or graphic with caption and credit, `columns` text columns wide."""

    path: Path
    caption: str | None
    credit: str | None
    columns: int
    pixels: tuple[int, int]
    """Width and height of the image file in pixels."""
    position: str = "top"
    fit: str = "fill"
    focus: tuple[float, float] = (0.5, 0.5)


@dataclass(frozen=True, slots=True)
class Module:
    """A rectangle of the page grid: 1-based columns, 0-based grid lines; `lines=None` = to the bottom."""

    first_column: int
    last_column: int
    top: int
    lines: int | None
    text_columns: int | None = None

    @property
    def grid_columns(self) -> int:
        return self.last_column - self.first_column + 1


@dataclass(frozen=True, slots=True)
class Article:
    """One article (稿件) as the layout sees it."""

    id: str
    headline: str
    blocks: tuple[Block, ...]
    module: Module
    kicker: str | None = None
    deck: str | None = None
    byline: str | None = None
    photo_credit: str | None = None
    entered_by: str | None = None
    figures: tuple[Figure, ...] = ()
    rank: int = 2
    boxed: bool = False
    lang: str = "zh-Hans"
    continued_on: str | None = None
    head_columns: int | None = None
    copyfit: bool = False
    """Let the engine track the body within ±0.05 em to absorb up to 2 lines."""
    cleaned: tuple[str, ...] = ()
    """What reading the text file changed (normalise_text), for the build report."""

    def text_length(self) -> int:
        """Characters of body text (whitespace excluded)."""
        return sum(len(re.sub(r"\s", "", b.text)) for b in self.blocks)


@dataclass(frozen=True, slots=True)
class Jump:
    """Where an article continues from an earlier page (上接第N版)."""

    article_id: str
    module: Module
    headline: str | None = None


@dataclass(frozen=True, slots=True)
class Editors:
    editor: str | None = None
    designer: str | None = None
    proofreader: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One page (版)."""

    folio: str
    section: str
    editors: Editors
    color: str
    masthead: bool
    articles: tuple[Article, ...]
    jumps: tuple[Jump, ...] = ()


@dataclass(frozen=True, slots=True)
class Newspaper:
    name: str
    serial: str
    host: str
    address: str
    postcode: str
    publisher: str | None = None
    phone: str | None = None
    website: str | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """A whole issue (期), resolved: styles chosen, article files read."""

    slug: str
    newspaper: Newspaper
    date: dt.date
    number: int
    year_number: int | None
    edition: str | None
    format: PageFormat
    style: HouseStyle
    pages: tuple[Page, ...]
    fonts: tuple[FontRole, ...] = ()
    """User fonts by role (issue.fonts), put in place of the committed faces."""

    def page(self, folio: str) -> Page:
        return next(p for p in self.pages if p.folio == folio)

    def articles(self) -> tuple[Article, ...]:
        return tuple(a for p in self.pages for a in p.articles)


IGNORABLE = frozenset(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x180B, 0x1810)) + list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070)) + list(range(0xFE00, 0xFE10)) + list(range(0xE0000, 0xE1000)))
"""Default-ignorable code points (Unicode DerivedCoreProperties, Default_Ignorable_Code_Point):
zero-width spaces and joiners, variation selectors, bidi controls, the soft hyphen, BOM. They
draw nothing, and a font without them would print each as 〓."""

_CLEAN_NAMES = {"ignorable": "invisible characters (zero-width, variation selectors, soft "
                "hyphens) removed", "tab": "tabs set as spaces",
                "control": "control characters removed", "nfc": "characters composed to "
                "Unicode NFC (a letter and its accent as one)"}


def normalise_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Article text as the composer should see it, and what was changed (for the report):
    NFC composition (a decomposed é is one character the font has), default-ignorable code
    points dropped, tabs as spaces, other control characters (but line breaks) dropped."""
    counts = {"ignorable": 0, "tab": 0, "control": 0, "nfc": 0}
    composed = unicodedata.normalize("NFC", text)
    counts["nfc"] = int(composed != text)
    out = []
    for ch in composed:
        code = ord(ch)
        if code in IGNORABLE:
            counts["ignorable"] += 1
        elif ch == "\t":
            counts["tab"] += 1
            out.append(" ")
        elif (code < 0x20 and ch not in "\n\r") or 0x7F <= code < 0xA0:
            counts["control"] += 1
        else:
            out.append(ch)
    notes = tuple(f"{_CLEAN_NAMES[k]}" + (f" ({n})" if k != "nfc" else "")
                  for k, n in counts.items() if n)
    return "".join(out), notes


SUBHEAD_PREFIX = "## "
QUOTE_PREFIX = "> "


def parse_body(text: str) -> tuple[Block, ...]:
    """Article text markup → blocks: blank line = paragraph break, `## ` subhead, `> ` lead/quote.

    Lines inside one paragraph are joined without a space (Chinese text has no word spaces),
    except between two Latin letters/digits, where the line break stood for a space.
    """
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [ln.strip() for ln in chunk.strip().split("\n") if ln.strip()]
        if not lines:
            continue
        if lines[0].startswith(SUBHEAD_PREFIX.strip()) and lines[0].startswith("##"):
            blocks.append(Subhead(_join([ln.lstrip("#").strip() for ln in lines])))
        elif lines[0].startswith(">>"):  # a pull quote (引语), set large between rules
            blocks.append(PullQuote(_join([ln.lstrip(">").strip() for ln in lines])))
        elif lines[0].startswith(">"):
            kind = "lead" if not blocks else "quote"
            blocks.append(Paragraph(_join([ln.lstrip(">").strip() for ln in lines]), kind))
        else:
            blocks.append(Paragraph(_join(lines)))
    return tuple(blocks)


def _join(lines: list[str]) -> str:
    out = lines[0]
    for ln in lines[1:]:
        sep = " " if out[-1:].isascii() and out[-1:].isalnum() and ln[:1].isascii() and ln[:1].isalnum() else ""
        out += sep + ln
    return out
