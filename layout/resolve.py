"""Manifest spec → document model: styles resolved, article files read, image sizes known."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from layout import model as m
from layout.fonts import FontRole, user_font_path
from layout.imagefile import pixel_size
from layout.manifest.schema import ArticleSpec, IssueSpec, JumpSpec, PageSpec, Placement
from layout.press import with_overrides
from layout.style import HouseStyle, PageFormat, StyleFactory, house_style, page_format


def resolve(spec: IssueSpec, root: Path, style: StyleFactory | None = None) -> m.Issue:
    """Build the model of a validated manifest whose files live under `root`; `style` replaces
    the house style the manifest names."""
    fmt = page_format(spec.issue.format)
    np = spec.newspaper
    return m.Issue(
        slug=root.name,
        newspaper=m.Newspaper(np.name, np.serial, np.host, np.address, np.postcode,
                              np.publisher, np.phone, np.website),
        date=spec.issue.date, number=spec.issue.number, year_number=spec.issue.year_number,
        edition=spec.issue.edition, format=fmt, style=_style(spec, fmt, root, style),
        pages=tuple(_page(p, root) for p in spec.pages),
        fonts=tuple(FontRole(role, user_font_path(root, f.file), f.index)
                    for role, f in spec.issue.fonts.items()),
    )


def _style(spec: IssueSpec, fmt: PageFormat, root: Path,
           override: StyleFactory | None) -> HouseStyle:
    """The house style, with the manifest's `print:` settings over its press settings."""
    style = house_style(spec.issue.style, fmt, override)
    return replace(style, press=with_overrides(style.press, spec.print, root))


def _page(page: PageSpec, root: Path) -> m.Page:
    articles = tuple(_article(a, root) for a in page.articles if isinstance(a, ArticleSpec))
    jumps = tuple(m.Jump(j.continues, _module(j.place), j.headline)
                  for j in page.articles if isinstance(j, JumpSpec))
    e = page.editors
    return m.Page(page.folio, page.section, m.Editors(e.editor, e.designer, e.proofreader),
                  page.color, page.masthead, articles, jumps)


def _module(place: Placement) -> m.Module:
    first, last = place.column_span()
    lines = None if place.height == "rest" else place.height
    return m.Module(first, last, place.top, lines, place.text_columns)


def _article(a: ArticleSpec, root: Path) -> m.Article:
    text, cleaned = m.normalise_text((root / a.body).read_text(encoding="utf-8"))
    figures = tuple(
        m.Figure(root / i.file, i.caption, i.credit, i.columns, pixel_size(root / i.file),
                 i.position, i.fit, i.focus)
        for i in a.images)
    return m.Article(
        id=a.id, headline=a.headline, blocks=m.parse_body(text), module=_module(a.place),
        kicker=a.kicker, deck=a.deck, byline=a.byline, photo_credit=a.photo_credit,
        entered_by=a.entered_by, figures=figures, rank=a.rank, boxed=a.boxed, lang=a.lang,
        continued_on=a.continued_on, head_columns=a.head_columns, copyfit=a.copyfit,
        cleaned=cleaned,
    )
