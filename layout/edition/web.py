"""The digital edition (数字报) of one issue, written atomically into `<issue>/web/`.

```
web/index.html            the e-paper viewer (版面导航, 版面翻页, 放大/缩小/默认, hot zones)
web/pages.json, pages.js  the data (schema/pages.schema.json); pages.js is the same as a script
web/thumbs/page-01.jpg …  thumbnails; web/pages/page-01-1200.jpg … page images
web/pdf/page-01.pdf       the print PDF of each page
web/articles/<id>.html    one page per article; web/images/<id>-1.jpg … its photos
```

Page images are made with the page (edition/pages.py) and kept in the build cache by the hash
of their PDF; article photos are kept there by the hash of their source. Both are linked into
the package, not copied. The package is written into the build's staging folder and published
with the rest of the generation (edition/generation.py), so a failed build leaves the previous
site as it was. Pages a `--pages` build did not build are carried over from the previous
package. The output root's `index.html` (the archive of every issue built there, by date) is
rewritten after publishing.
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
from layout.edition.webdata import (
    FORMAT,
    VERSION,
    PageEntry,
    edition_json,
    figures_json,
    page_json,
    page_slug,
)
from layout.edition.webhtml import (
    STATIC,
    TEMPLATES,
    archive_html,
    article_html,
    issue_label,
    pages_js,
    viewer_html,
)
from layout.edition.webimages import ImageSettings, figure_image, page_plan
from layout.fsutil import link_or_copy, write_atomic
from layout.model import Issue

WEB = "web"


@dataclass(frozen=True, slots=True)
class WebPage:
    """A built page as the web package needs it."""

    folio: str
    pdf: Path
    data: dict
    """The page's cache record: report (folio, section, colour), zones, pdf_sha256, size."""
    images: Entry | None
    """The page's rendered images (cache entry with images.json's listing)."""


@dataclass(frozen=True, slots=True)
class WebInput:
    """What the web package is made from: the model, the pages built now, the build cache."""

    issue: Issue
    pages: dict[str, WebPage]
    """Folio → the page (only the pages this build made; others come from the old package)."""
    store: Store


@dataclass(frozen=True, slots=True)
class WebResult:
    """Where the web package goes (its published place) and which pages were built now or
    carried over."""

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

    settings: ImageSettings
    live: Path
    tmp: Path
    old: dict | None
    store: Store
    built: list[str] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)


def write_web(data: WebInput, target: Path, previous: Path, final: Path) -> WebResult:
    """Write the web package into `target` (inside the build's staging folder; the generation
    is published whole, edition/generation.py). Pages this build did not make come over from
    the package at `previous`; `final` is where the package will be read from."""
    settings = ImageSettings.from_style(data.issue.style)
    target.mkdir(parents=True, exist_ok=True)
    work = _Work(settings, previous, target, read_edition(previous), data.store)
    edition = _package(data, work)
    _write_documents(edition, target)
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
    return edition_json(issue, pages, zones, figures, work.settings.as_json())


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
    pdf_rel = f"pdf/page-{slug}.pdf"
    page = data.pages.get(folio)
    if page is not None:
        link_or_copy(page.pdf, work.tmp / pdf_rel)
        images = _images(work, page, slug)
        report = page.data["report"]
        entry = PageEntry(folio, report["section"], report["color"], page.data["width"],
                          page.data["height"], page.data["pdf_sha256"], images, pdf_rel)
        work.built.append(folio)
        return page_json(entry, index, page.data["zones"]), page.data["zones"]
    old_page = _old_page(work.old, folio)
    if old_page is None or work.old.get("image_settings") != work.settings.as_json():
        return None  # never built (or built for other images): the viewer has no such page yet
    rels = [old_page.get("pdf", "-")] + [r for im in old_page["images"]
                                          for r in im["files"].values()]
    if not _link_all(rels, work.live, work.tmp):
        return None
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


def _write_documents(edition: dict, tmp: Path) -> None:
    """pages.json, pages.js, the viewer, one HTML page per article and the static files."""
    _put(tmp / "pages.json", json.dumps(edition, ensure_ascii=False, indent=1))
    _put(tmp / "pages.js", pages_js(edition))
    _put(tmp / "index.html", viewer_html(edition))
    for article in edition["articles"]:
        _put(tmp / article["html"], article_html(edition, article))
    for name in STATIC:
        shutil.copyfile(TEMPLATES / name, tmp / name)


def write_archive(root: Path) -> Path:
    """Write `root/index.html`: every issue under `root` that has a web package, by date."""
    issues = []
    for pages_json in sorted(root.glob(f"*/{WEB}/pages.json")):
        edition = read_edition(pages_json.parent)
        if edition is None or not edition.get("pages"):
            continue
        slug = quote(pages_json.parent.parent.name)
        thumb = next(iter(edition["pages"][0]["images"][0]["files"].values()), None)
        issues.append({"date": edition["issue"]["date"], "paper": edition["paper"]["name"],
                       "label": issue_label(edition["issue"]),
                       "href": f"{slug}/{WEB}/index.html",
                       "thumb": f"{slug}/{WEB}/{quote(thumb)}" if thumb else None})
    path = root / "index.html"
    write_atomic(path, archive_html(issues).encode("utf-8"))
    return path
