"""The issue manifest's schema: what `issue.yaml` may say, as pydantic models (exported as JSON Schema)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from layout.fonts import ROLE_NAMES

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
SERIAL_PATTERN = r"^CN\d{2}-\d{4}(/[A-Z0-9]+)?$"


class Spec(BaseModel):
    """Base of every manifest node: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


NonEmpty = Annotated[str, Field(min_length=1)]


class Newspaper(Spec):
    """The paper itself: masthead, folios and the web edition's footer use these."""

    name: NonEmpty = Field(description="Masthead name (报名), e.g. 江城工人报")
    serial: str = Field(pattern=SERIAL_PATTERN,
                        description="国内统一刊号, e.g. CN50-0064")
    host: NonEmpty = Field(description="Host organisation (主办单位)")
    publisher: str | None = Field(None, description="Publisher (出版单位), if not the host")
    address: NonEmpty = Field(description="Postal address of the paper")
    postcode: str = Field(pattern=r"^\d{6}$", description="Six-digit postcode (邮编)")
    phone: str | None = Field(None, description="Newsroom phone, printed in the footer")
    website: str | None = Field(None, description="Web address of the digital edition")


class CustomFormat(Spec):
    """A page format other than the presets; the grid is given in characters and lines."""

    width_mm: float = Field(gt=50, le=2000, description="Trimmed page width")
    height_mm: float = Field(gt=50, le=2000, description="Trimmed page height")
    columns: int = Field(ge=1, le=20, description="Grid columns")
    column_chars: int = Field(ge=4, le=60, description="Body characters per column line (字)")
    lines: int = Field(ge=10, le=400, description="Body lines per column")
    gutter_chars: float = Field(1.0, ge=0, le=4, description="Gutter between columns, in 字")
    body_size: float | str = Field(9, description="Body text size: pt or a Chinese size (小五), "
                                   "5–30 pt")
    leading: float = Field(1.5, ge=1.0, le=3.0, description="Line pitch as a multiple of the body size")


FONT_ROLES = ROLE_NAMES
"""The font roles of the house style (layout.fonts.FALLBACK has their fallback chains)."""


class FontFileSpec(Spec):
    """A font file for one role: TTF, OTF, or a face of a TTC/OTC collection."""

    file: NonEmpty = Field(description="Font file: absolute, or relative to the issue folder")
    index: int = Field(0, ge=0, description="Face in a collection (.ttc/.otc), from 0; "
                       "e.g. 2 for the SC face of Debian's Noto CJK collections")


class IssueInfo(Spec):
    """This issue (期): date, numbers, format and house style."""

    date: dt.date = Field(description="Publication date, YYYY-MM-DD (years 1000–9999)",
                          ge=dt.date(1000, 1, 1))
    number: int = Field(ge=1, description="Running issue number (总第…期)")
    year_number: int | None = Field(None, ge=1, description="Issue number within the year (第…期)")
    edition: str | None = Field(None, description="Edition title, e.g. a 特刊 name")
    format: Literal["tabloid", "broadsheet"] | CustomFormat = Field(
        "tabloid", description="tabloid (四开), broadsheet (对开) or a custom size")
    style: str = Field("default", description="House style: a built-in name (default)")
    fonts: dict[str, FontFileSpec] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"enum": list(FONT_ROLES)}},
        description="User fonts by role (song, song-bold, song-heavy, hei, hei-bold, kai), "
                    "in place of the committed faces; fallback chains stay")


class Editors(Spec):
    """People credited on the page's folio line."""

    editor: str | None = Field(None, description="责任编辑")
    designer: str | None = Field(None, description="美术编辑")
    proofreader: str | None = Field(None, description="校对")


ColumnRange = Annotated[str, Field(pattern=r"^\s*\d+\s*(-\s*\d+\s*)?$")]


class Placement(Spec):
    """Where an article sits on the page grid (1-based columns, 0-based grid lines)."""

    columns: ColumnRange | int = Field(description="Grid columns, e.g. `1-4` or `3`")
    top: int = Field(0, ge=0, description="First grid line of the module")
    height: int | Literal["rest"] = Field(
        "rest", description="Height in grid lines, or `rest` for down to the page bottom")
    text_columns: int | None = Field(
        None, ge=1, le=20, description="Text columns inside the module (变栏), default one per grid column")

    def column_span(self) -> tuple[int, int]:
        """(first, last) grid column, 1-based inclusive."""
        if isinstance(self.columns, int):
            return self.columns, self.columns
        first, _, last = self.columns.partition("-")
        return int(first), int(last or first)

    @field_validator("columns")
    @classmethod
    def _ordered(cls, value: str | int) -> str | int:
        if isinstance(value, str) and "-" in value:
            first, last = (int(p) for p in value.split("-"))
            if last < first:
                raise ValueError(f"column range {value!r} runs backwards")
        return value


class ImageSpec(Spec):
    """A photo or graphic with its caption and credit."""

    file: NonEmpty = Field(description="Image file, relative to the issue folder")
    caption: str | None = Field(None, description="Caption (图片说明)")
    credit: str | None = Field(None, description="Credit, e.g. 本报记者 王明 摄")
    columns: int = Field(1, ge=1, le=20, description="Width in text columns of the article")
    position: Literal["top", "middle", "bottom"] = Field(
        "top", description="top or bottom of its columns, or middle: text runs around it")
    fit: Literal["fill", "fit"] = Field("fill", description="fill: crop to the frame; fit: letterbox")
    focus: tuple[Annotated[float, Field(ge=0, le=1)], Annotated[float, Field(ge=0, le=1)]] = \
        Field((0.5, 0.5), description="Focal point for cropping, 0–1")


class ArticleSpec(Spec):
    """One article (稿件) and its module on the page."""

    id: str = Field(pattern=ID_PATTERN, description="Unique id in the issue, e.g. `union`")
    kicker: str | None = Field(None, description="引题")
    headline: NonEmpty = Field(description="主题")
    deck: str | None = Field(None, description="副题")
    byline: str | None = Field(None, description="e.g. 本报记者 杨群 黎静/文")
    photo_credit: str | None = Field(None, description="e.g. 市总工会供图")
    entered_by: str | None = Field(None, description="录入")
    body: NonEmpty = Field(description="Body text file (UTF-8, light markup)")
    images: tuple[ImageSpec, ...] = Field((), description="Photos and graphics")
    place: Placement = Field(description="Module on the page grid")
    rank: int = Field(2, ge=1, le=4, description="1 = lead story … 4 = brief; sets headline size")
    copyfit: bool = Field(False, description="Absorb up to 2 lines of overflow or underflow by "
                          "tracking the body text within ±0.05 em (reported in report.json)")
    boxed: bool = Field(False, description="Set in a ruled box (框)")
    lang: Literal["zh-Hans", "zh-Hant", "ja"] = "zh-Hans"
    continued_on: str | None = Field(None, description="Folio where the text continues (转第N版)")
    head_columns: int | None = Field(
        None, ge=1, le=20, description="Grid columns the kicker, headline and deck span, from the "
        "module's left (default: all); text beside a narrower head starts at the module top")

    @field_validator("continued_on", mode="before")
    @classmethod
    def _folio_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class JumpSpec(Spec):
    """The continuation of an article from an earlier page (接上版)."""

    continues: str = Field(pattern=ID_PATTERN, description="Id of the article that jumps here")
    headline: str | None = Field(None, description="Jump head; default: the article's headline")
    place: Placement = Field(description="Module on this page")


def _item_kind(value: object) -> str:
    """An entry with `continues:` is a jump, anything else an article."""
    if isinstance(value, dict):
        return "jump" if "continues" in value else "article"
    return "jump" if isinstance(value, JumpSpec) else "article"


PageItem = Annotated[
    Annotated[ArticleSpec, Tag("article")] | Annotated[JumpSpec, Tag("jump")],
    Discriminator(_item_kind),
]


class PageSpec(Spec):
    """One page (版) of the issue."""

    folio: str = Field(pattern=r"^[A-Z]?\d{1,3}$", description="Page number: 18, or A3")
    section: NonEmpty = Field(description="Section name (版名), e.g. 要闻")
    editors: Editors = Field(default_factory=Editors)
    color: Literal["cmyk", "gray"] = Field("gray", description="Colour mode of the page")
    masthead: bool = Field(False, description="Print the masthead (报头) at the top: front page")
    articles: tuple[PageItem, ...] = Field(default=(), description="Articles and jumps")

    @field_validator("folio", mode="before")
    @classmethod
    def _folio_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class PrintSpec(Spec):
    """Print production for the press (unset keys keep the house style's; see layout/press.py)."""

    pdfx: Literal["X-1a", "X-4"] | None = Field(
        None, description="PDF/X-1a:2003 (default) or PDF/X-4 (needs icc_profile)")
    output_condition: str | None = Field(
        None, min_length=1, description="OutputConditionIdentifier of the press, default IFRA26")
    icc_profile: str | None = Field(
        None, min_length=1, description="The print shop's CMYK output ICC profile: embedded as "
                                        "DestOutputProfile, converts the images; an absolute "
                                        "path or relative to the issue folder")
    bleed_mm: float | None = Field(None, ge=0, le=20, description="Bleed in mm, default 0")
    marks: bool | None = Field(
        None, description="Crop and registration marks and a slug line outside the bleed")
    tac_limit: float | None = Field(
        None, ge=100, le=400, description="Total area coverage limit in %, default 220")
    paper: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$",
                              description="ASCII name of the paper in file names, default: the "
                                          "issue folder's first word")
    file_pattern: str | None = Field(
        None, description="Page PDF names, default {paper}_{yyyymmdd}_{page}.pdf; also {date}, "
                          "{issue}, {number}")

    @model_validator(mode="after")
    def _x4_needs_profile(self) -> "PrintSpec":
        if self.pdfx == "X-4" and not self.icc_profile:
            raise ValueError("pdfx X-4 needs icc_profile (PDF/X-4 embeds the output profile)")
        return self


class IssueSpec(Spec):
    """The whole manifest: `issue.yaml`."""

    newspaper: Newspaper
    issue: IssueInfo
    print: PrintSpec = Field(default_factory=PrintSpec, description="Print production settings")
    pages: tuple[PageSpec, ...] = Field(min_length=1)


def partial_spec(data: dict) -> IssueSpec | None:
    """The valid parts of a manifest the schema rejected, for the checks beyond the schema (ids,
    files, grid, jumps, file names), so that every problem is reported in one round. A page
    or article entry that is invalid itself is left out: None in its place keeps the indexes
    (and so the line numbers) of the others. None if `issue` or `print` is invalid: the grid
    and the file names depend on them."""
    try:
        issue = IssueInfo.model_validate(data.get("issue"))
        printing = PrintSpec.model_validate(data.get("print") or {})
    except ValidationError:
        return None
    raw_pages = data.get("pages")
    if not isinstance(raw_pages, list):
        return None
    pages = tuple(_partial_page(page) for page in raw_pages)
    return IssueSpec.model_construct(newspaper=None, issue=issue, print=printing, pages=pages)


_ITEM = TypeAdapter(PageItem)


@dataclass(frozen=True, slots=True)
class Rejected:
    """A page entry the schema rejected, in a partly valid manifest: the article id it names
    (its `id`, or what a jump `continues`), so other checks do not report it missing."""

    name: str | None


def _partial_page(raw: object) -> PageSpec:
    try:
        return PageSpec.model_validate(raw)
    except ValidationError:
        pass
    raw = raw if isinstance(raw, dict) else {}
    folio = raw.get("folio")
    folio = str(folio) if isinstance(folio, (int, str)) and \
        re.fullmatch(r"[A-Z]?\d{1,3}", str(folio).strip()) else None
    articles = raw.get("articles") if isinstance(raw.get("articles"), list) else []
    return PageSpec.model_construct(
        folio=folio.strip() if folio else None, section=str(raw.get("section", "")),
        editors=Editors(), color=raw.get("color") if raw.get("color") in ("cmyk", "gray")
        else "gray", masthead=raw.get("masthead") is True,
        articles=tuple(_partial_item(a) for a in articles))


def _partial_item(raw: object) -> ArticleSpec | JumpSpec | Rejected:
    try:
        return _ITEM.validate_python(raw)
    except ValidationError:
        name = raw.get("id", raw.get("continues")) if isinstance(raw, dict) else None
        return Rejected(str(name) if name is not None else None)


def json_schema() -> dict:
    """The manifest's JSON Schema, for YAML editors (yaml-language-server)."""
    schema = IssueSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Banmian issue manifest (issue.yaml)"
    return schema


def slug_ok(value: str) -> bool:
    """True if `value` is a valid article id."""
    return re.match(ID_PATTERN, value) is not None
