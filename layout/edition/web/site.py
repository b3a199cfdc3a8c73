"""The digital edition (数字报) of one issue, written atomically into `<issue>/web/`.

```
web/index.html            the e-paper viewer (viewer.js, viewer.css, vendor/: OpenSeadragon …)
web/pages.json, pages.js  the data (schema/pages.schema.json); pages.js is the same as a script
web/thumbs/page-01.jpg …  thumbnails; web/pages/page-01-1200.jpg … page images
web/tiles/page-01/…       deep-zoom tiles (webtiles.py); iiif/manifest.json, the IIIF manifest
web/alto/page-01.xml      ALTO XML v4: every line of the page with its position
web/pdf/<paper>_<yyyymmdd>_<page>.pdf, pdf/<issue>.pdf   the print PDFs
web/articles/<id>.html    one page per article; web/images/<id>-1.jpg … its photos
web/search-index.js       the issue's full-text index (search.py)
```

Page images and tiles are made with the page (edition/pages.py) and kept in the build cache by
the hash of their PDF; ALTO with the page's PDF; article photos by the hash of their source.
All are linked into the package, not copied. The package is written into the build's staging
folder and published with the rest of the generation (edition/generation.py), so a failed
build leaves the previous site as it was. Pages a `--pages` build did not build are carried
over from the previous package. The output root's `index.html` (the archive of every issue
built there, by date) and `archive.js` (the same list for the viewers: 上一期/下一期, 往期,
search across issues) are rewritten after publishing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from layout.edition.pagecache import Entry, Store
from layout.edition.print import package as printpack
from layout.edition.web.data import (
    FORMAT,
    VERSION,
    PageEntry,
    edition_json,
    figures_json,
    page_json,
    page_slug,
)
from layout.edition.web.html import (
    STATIC,
    WEB_TEMPLATES,
    archive_html,
    archive_js,
    article_html,
    issue_label,
    pages_js,
    viewer_html,
)
from layout.edition.web.iiif import MANIFEST, manifest
from layout.edition.web.images import checked, figure_image, page_plan
from layout.edition.web.search import search_js
from layout.edition.web.tiles import TileGrid
from layout.files import link_or_copy, write_atomic
from layout.model import Issue
from layout.style import WebSettings

WEB = "web"


@dataclass(frozen=True, slots=True)
class WebPage:
    """A built page as the web package needs it."""

    folio: str
    pdf: Path
    data: dict
    """The page's cache record: report (folio, section, colour), zones, pdf_sha256, size."""
    images: Entry | None
    """The page's rendered images and tiles (cache entry with their listing)."""
    alto: Path | None = None
    """The page's ALTO XML in the build cache."""


@dataclass(frozen=True, slots=True)
class WebInput:
    """What the web package is made from: the model, the pages built now, the build cache."""

    issue: Issue
    pages: dict[str, WebPage]
    """Folio → the page (only the pages this build made; others come from the old package)."""
    store: Store
    issue_pdf: Path | None = None
    """The whole issue's PDF (a full build), linked as 全期PDF."""
    base_url: str = ""
    """Where OUT is published (e.g. https://epaper.example.com/): IIIF ids become absolute."""


@dataclass(frozen=True, slots=True)
class WebResult:
    """Where the web package went and which pages were built now or carried over."""

    web_dir: Path
    pages_json: Path
    viewer: Path
    built: tuple[str, ...]
    carried: tuple[str, ...]
    """Pages not built by this (--pages) build, taken from the previous package."""
    thumbnails: dict[str, Path] = field(default_factory=dict)
    """Folio → the page's thumbnail in the first configured format."""

    def files(self) -> dict[str, str]:
        """The issue-level files, for report.json."""
        return {"web": str(self.web_dir), "pages_json": str(self.pages_json),
                "viewer": str(self.viewer)}

    def page_files(self, folio: str) -> dict[str, str]:
        """A page's files for report.json: its thumbnail (if the page is in the package)."""
        thumb = self.thumbnails.get(folio)
        return {"thumbnail": str(thumb)} if thumb else {}


@dataclass
class _Work:
    """The mutable state of one web build (private to this module)."""

    settings: WebSettings
    live: Path
    tmp: Path
    old: dict | None
    store: Store
    base: str = ""
    """Prefix of IIIF ids: the package's URL, or '' (paths relative to web/)."""
    built: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)


def write_web(data: WebInput, target: Path, previous: Path, final: Path) -> WebResult:
    """Write the web package into `target` (inside the build's staging folder; the generation
    is published whole, edition/generation.py). Pages this build did not make come over from
    the package at `previous`; `final` is where the package will be read from."""
    settings = checked(data.issue.style.web, data.issue.style.name)
    target.mkdir(parents=True, exist_ok=True)
    base = f"{data.base_url.rstrip('/')}/{quote(data.issue.slug)}/{WEB}/" \
        if data.base_url else ""
    work = _Work(settings, previous, target, read_edition(previous), data.store, base)
    edition = _package(data, work)
    _write_documents(edition, target, base)
    thumbs = {p["folio"]: final / p["images"][0]["files"][settings.formats[0]]
              for p in edition["pages"]}
    return WebResult(final, final / "pages.json", final / "index.html",
                     tuple(work.built), tuple(work.carried), thumbs)


def read_edition(web_dir: Path) -> dict | None:
    """A web package's pages.json, or None if there is none (or it is not ours)."""
    try:
        data = json.loads((web_dir / "pages.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return data if (data.get("format"), data.get("version")) == (FORMAT, VERSION) else None


def _package(data: WebInput, work: _Work) -> dict:
    """1. page images and PDFs, 2. article photos, 3. the pages.json document."""
    issue = data.issue
    pages, zones = [], {}
    for index, page in enumerate(issue.pages):
        entry = _page(data, work, page.folio, index)
        if entry is not None:
            pages.append(entry[0])
            zones[page.folio] = entry[1]
    figures = _figures(issue, work)
    edition = edition_json(issue, pages, zones, figures, work.settings.as_json())
    if data.issue_pdf is not None:
        rel = f"pdf/{data.issue_pdf.name}"
        link_or_copy(data.issue_pdf, work.tmp / rel)
        edition["issue"]["pdf"] = rel
    return edition


def _figures(issue: Issue, work: _Work) -> dict[str, list[dict]]:
    """Every article's photos in the package, made once per source and kept in the cache."""
    jobs = [(a, n, f.path) for a in issue.articles() for n, f in enumerate(a.figures, 1)]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        made = list(pool.map(lambda j: _figure(work, *j), jobs))
    out: dict[str, list[dict]] = {a.id: [] for a in issue.articles()}
    for (article, _, _), entry in zip(jobs, made):
        out[article.id].append(entry)
    return {a.id: figures_json(a, out[a.id]) for a in issue.articles()}


def _figure(work: _Work, article, n: int, source: Path) -> dict:
    """Article photo `n` in the package: from the cache by its source's hash, or made now."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    settings = hashlib.sha256(repr(sorted(work.settings.as_json().items())).encode()).hexdigest()
    key = f"{digest}-{settings[:16]}"
    entry = work.store.get("figures", key)
    if entry is None:
        made = figure_image(source, work.settings)
        entry = work.store.put("figures", key, {made.name: made.data},
                               {"name": made.name, "width": made.width, "height": made.height})
    info = entry.record["data"]
    rel = f"images/{article.id}-{n}.{info['name'].rsplit('.', 1)[1]}"
    link_or_copy(entry.file(info["name"]), work.tmp / rel)
    return {"file": rel, "width": info["width"], "height": info["height"],
            "source_sha256": digest}


def _page(data: WebInput, work: _Work, folio: str, index: int) -> tuple[dict, list] | None:
    """A built page, or one carried over from the previous package (a --pages build)."""
    slug = page_slug(folio)
    page = data.pages.get(folio)
    if page is None:
        return _carried(work, folio, index)
    pdf_rel = f"pdf/{printpack.page_file(data.issue, folio)}"
    link_or_copy(page.pdf, work.tmp / pdf_rel)
    alto_rel = None
    if page.alto is not None and page.alto.is_file():
        alto_rel = f"alto/page-{slug}.xml"
        link_or_copy(page.alto, work.tmp / alto_rel)
    report = page.data["report"]
    entry = PageEntry(folio, report["section"], report["color"], page.data["width"],
                      page.data["height"], page.data["pdf_sha256"], _images(work, page, slug),
                      pdf_rel, _tiles(work, page, slug), alto_rel)
    work.built.append(folio)
    return page_json(entry, index, page.data["zones"]), page.data["zones"]


def _carried(work: _Work, folio: str, index: int) -> tuple[dict, list] | None:
    """A page this build did not make, with its files from the live package, if all are there."""
    old_page = _old_page(work.old, folio)
    if old_page is None or work.old.get("image_settings") != work.settings.as_json():
        return None  # never built (or built for other images): the viewer has no such page yet
    rels = [old_page["pdf"]] + [r for im in old_page["images"] for r in im["files"].values()]
    rels += [old_page["alto"]] if old_page.get("alto") else []
    tiles = old_page.get("tiles")
    if tiles and not (work.live / tiles["dir"]).is_dir():
        return None
    if not _link_all(rels, work.live, work.tmp):
        return None
    if tiles:
        _link_tree(work.live / tiles["dir"], work.tmp / tiles["dir"])
    zones = [{"article": a["id"], **z} for a in work.old["articles"]
             for z in a["zones"] if z["page"] == folio]
    work.carried.append(folio)
    return {**old_page, "index": index}, zones


def _images(work: _Work, page: WebPage, slug: str) -> list[dict]:
    """The page's images linked into the package under their web names."""
    plan = {(item.role, item.width): item for item in page_plan(slug, work.settings)}
    out = []
    for image in page.images.record["data"]["images"]:
        item = plan[(image["role"], image["width"])]
        for fmt, name in image["files"].items():
            link_or_copy(page.images.file(name), work.tmp / item.files[fmt])
        out.append({"role": image["role"], "width": image["width"], "height": image["height"],
                    "files": dict(item.files)})
    return out


def _tiles(work: _Work, page: WebPage, slug: str) -> dict | None:
    """The page's deep-zoom tiles under their IIIF paths, hard-linked from the build cache (the
    published generation is never touched: a failed or killed build must leave it whole).
    pages.json's `tiles`."""
    grid_json = page.images.record["data"].get("tiles")
    if not grid_json:
        return None
    grid = TileGrid(grid_json["width"], grid_json["height"], grid_json["tile_size"])
    folder = f"tiles/page-{slug}"
    (work.tmp / folder).mkdir(parents=True)
    for tile in grid.all_tiles():
        target = work.tmp / folder / tile.name
        try:
            os.link(page.images.file(tile.name), target)
        except OSError:
            shutil.copyfile(page.images.file(tile.name), target)
    return {"dir": folder, "format": "jpg", **grid.as_json()}


def _link_tree(source: Path, target: Path) -> None:
    """A copy of the folder tree `source` at `target`, its files hard-linked."""
    for folder, _, files in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in files:
            link_or_copy(Path(folder) / name, here / name)


def _old_page(old: dict | None, folio: str) -> dict | None:
    if not old:
        return None
    return next((p for p in old.get("pages", []) if p.get("folio") == folio), None)


def _link_all(rels: list[str], live: Path, tmp: Path) -> bool:
    """Hard-link (or copy) the files `rels` from the live package; False if one is gone."""
    if not all((live / rel).is_file() for rel in rels):
        return False
    for rel in rels:
        link_or_copy(live / rel, tmp / rel)
    return True


def _put(path: Path, data: bytes | str) -> None:
    """Write a file inside the temporary package (atomicity comes from the final rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)


def _write_documents(edition: dict, tmp: Path, base: str = "") -> None:
    """pages.json, pages.js, the viewer, one HTML page per article, the search index, the IIIF
    manifest and image services, and the static files."""
    _put(tmp / "pages.json", json.dumps(edition, ensure_ascii=False, indent=1))
    _put(tmp / "pages.js", pages_js(edition))
    _put(tmp / "index.html", viewer_html(edition))
    for article in edition["articles"]:
        _put(tmp / article["html"], article_html(edition, article))
    _put(tmp / edition["search"], search_js(edition))
    _put(tmp / MANIFEST, json.dumps(manifest(edition, base), ensure_ascii=False, indent=1))
    for name in STATIC:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(WEB_TEMPLATES / name, tmp / name)


def write_archive(root: Path) -> Path:
    """Write `root/index.html` (every issue under `root` that has a web package, by date) and
    `root/archive.js` (the same list as data for the viewers)."""
    issues = []
    for pages_json in sorted(root.glob(f"*/{WEB}/pages.json")):
        edition = read_edition(pages_json.parent)
        if edition is None or not edition.get("pages"):
            continue
        slug = quote(pages_json.parent.parent.name)
        thumb = next(iter(edition["pages"][0]["images"][0]["files"].values()), None)
        issues.append({"slug": pages_json.parent.parent.name, "date": edition["issue"]["date"],
                       "paper": edition["paper"]["name"], "label": issue_label(edition["issue"]),
                       "pages": len(edition["pages"]), "href": f"{slug}/{WEB}/index.html",
                       "search": f"{slug}/{WEB}/{quote(edition.get('search', 'search-index.js'))}",
                       "thumb": f"{slug}/{WEB}/{quote(thumb)}" if thumb else None})
    path = root / "index.html"
    write_atomic(path, archive_html(issues).encode("utf-8"))
    write_atomic(root / "archive.js", archive_js(issues).encode("utf-8"))
    return path
