"""pages.json: the digital edition's data — paper, issue, pages, images, articles and hot zones.

The schema is `schema/pages.schema.json`. Hot zones follow the e-paper hand-off convention
(PressMatrix Text-XML, EDN 数字报 热区): rectangles in PDF points from the top-left corner of the
trim box, y down, plus the same rectangles normalised to 0–1 of the page so that an image map
scales to any rendition. Plain data only: no images are read or written here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from layout.display import PageDisplay
from layout.flow.grid import Rect
from layout.model import Article, Issue, Paragraph, PullQuote
from layout.press import page_label

FORMAT = "banmian-pages"
VERSION = 2
"""2: deep-zoom tiles, ALTO, the IIIF manifest, the search index, the issue PDF."""
SEARCH_INDEX = "search-index.js"
IIIF_MANIFEST = "iiif/manifest.json"


page_slug = page_label
"""The folio in web file names: the same as in print file names (press.page_label)."""


def article_href(article_id: str) -> str:
    """The article page's path relative to the web package."""
    return f"articles/{article_id}.html"


@dataclass(frozen=True, slots=True)
class PageEntry:
    """What the web writer knows about one built page (images already rendered)."""

    folio: str
    section: str
    color: str
    width: float
    """Trim box, pt."""
    height: float
    pdf_sha256: str
    images: list[dict]
    pdf: str
    """The page PDF's path inside the web package."""
    tiles: dict | None = None
    """The deep-zoom pyramid (pages.json `tiles`), if the house style makes one."""
    alto: str | None = None
    """The page's ALTO XML inside the web package."""


def rects_json(rects: tuple[Rect, ...], width: float, height: float) -> tuple[list, list]:
    """Rectangles → (points, normalised), each {x, y, w, h}; clipped to the page."""
    points, norm = [], []
    for r in rects:
        x0, y0 = max(0.0, r.x), max(0.0, r.y)
        x1, y1 = min(width, r.x + r.w), min(height, r.y + r.h)
        if x1 <= x0 or y1 <= y0:
            continue
        points.append(_outward(x0, y0, x1, y1, 100, width, height))
        norm.append(_outward(x0 / width, y0 / height, x1 / width, y1 / height, 10**6, 1.0, 1.0))
    return points, norm


def _outward(x0: float, y0: float, x1: float, y1: float, per: int, right: float,
             bottom: float) -> dict:
    """{x, y, w, h} rounded to 1/`per` outwards (a zone never shrinks), within the page."""
    ax, ay = math.floor(x0 * per) / per, math.floor(y0 * per) / per
    bx = min(right, math.ceil(x1 * per) / per)
    by = min(bottom, math.ceil(y1 * per) / per)
    return {"x": ax, "y": ay, "w": round(bx - ax, 6), "h": round(by - ay, 6)}


def home_pages(issue: Issue) -> dict[str, str]:
    """Article id → the folio of the page it starts on."""
    return {a.id: p.folio for p in issue.pages for a in p.articles}


def page_zones(display: PageDisplay, issue: Issue) -> list[dict]:
    """The hot zones of a page, one per article part, with the jump links (转/接第N版)."""
    home = home_pages(issue)
    articles = {a.id: a for a in issue.articles()}
    zones = []
    for zone in display.hot_zones:
        article = articles.get(zone.article_id)
        points, norm = rects_json(zone.rects, display.width, display.height)
        if article is None or not points:
            continue
        zones.append({
            "article": zone.article_id, "page": display.folio, "continuation": zone.continuation,
            "continued_from": home[zone.article_id] if zone.continuation else None,
            "continued_on": None if zone.continuation else article.continued_on,
            "rects_pt": points, "rects_norm": norm})
    return zones


def page_json(entry: PageEntry, index: int, zones: list[dict]) -> dict:
    """One page of pages.json."""
    return {"index": index, "folio": entry.folio, "section": entry.section, "color": entry.color,
            "width_pt": round(entry.width, 3), "height_pt": round(entry.height, 3),
            "pdf": entry.pdf, "pdf_sha256": entry.pdf_sha256, "images": entry.images,
            "tiles": entry.tiles, "alto": entry.alto,
            "articles": list(dict.fromkeys(z["article"] for z in zones))}


def blocks_json(article: Article) -> list[dict]:
    """The body in reading order: paragraphs (body | lead | quote) and subheads, as text."""
    out = []
    for block in article.blocks:
        if isinstance(block, (Paragraph, PullQuote)):
            out.append({"type": "paragraph", "kind": block.kind, "text": block.text})
        else:
            out.append({"type": "subhead", "text": block.text})
    return out


def article_json(article: Article, page: str, zones: list[dict], images: list[dict]) -> dict:
    """One article of pages.json: its text, photos, hot zones on every page and its jumps."""
    folios = list(dict.fromkeys(z["page"] for z in zones)) or [page]
    return {
        "id": article.id, "page": page, "pages": folios, "rank": article.rank,
        "kicker": article.kicker, "headline": article.headline, "deck": article.deck,
        "byline": article.byline, "credit": article.photo_credit,
        "entered_by": article.entered_by, "continued_on": article.continued_on,
        "html": article_href(article.id), "blocks": blocks_json(article), "images": images,
        "zones": [{k: v for k, v in z.items() if k != "article"} for z in zones],
    }


def figures_json(article: Article, files: list[dict]) -> list[dict]:
    """An article's photos: the web file (from the image step) with caption and credit."""
    return [{**f, "caption": fig.caption, "credit": fig.credit}
            for fig, f in zip(article.figures, files)]


def edition_json(issue: Issue, pages: list[dict], zones: dict[str, list[dict]],
                 figures: dict[str, list[dict]], settings: dict) -> dict:
    """The whole pages.json document. `zones` is folio → zones; `figures` id → photo entries."""
    home = home_pages(issue)
    order = [p["folio"] for p in pages]
    articles = []
    for article in issue.articles():
        mine = [z for folio in order for z in zones.get(folio, []) if z["article"] == article.id]
        articles.append(article_json(article, home[article.id], mine,
                                     figures.get(article.id, [])))
    paper = issue.newspaper
    return {
        "format": FORMAT, "version": VERSION,
        "paper": {"name": paper.name, "serial": paper.serial, "host": paper.host,
                  "address": paper.address, "postcode": paper.postcode,
                  "publisher": paper.publisher, "phone": paper.phone, "website": paper.website},
        "issue": {"slug": issue.slug, "date": issue.date.isoformat(), "number": issue.number,
                  "year_number": issue.year_number, "edition": issue.edition,
                  "page_count": len(issue.pages), "pdf": None},
        "image_settings": settings,
        "search": SEARCH_INDEX,
        "iiif": IIIF_MANIFEST,
        "pages": pages,
        "articles": articles,
    }
