"""The digital edition (数字报) of one issue, written atomically into `<issue>/web/`.

```
web/index.html            the e-paper viewer (版面导航, 版面翻页, 放大/缩小/默认, hot zones)
web/pages.json, pages.js  the data (schema/pages.schema.json); pages.js is the same as a script
web/thumbs/page-01.jpg …  thumbnails; web/pages/page-01-1200.webp … page images
web/pdf/page-01.pdf       the print PDF of each page
web/articles/<id>.html    one page per article; web/images/<id>-1.jpg … its photos
```

Pages whose PDF is unchanged since the last build (same SHA-256 and image settings) keep their
images: they are linked over from the previous package instead of being rendered again. The new
package is built in a temporary folder beside `web/` and renamed into place at the end, so a
failed build leaves the previous site as it was. The output root's `index.html` (the archive of
every issue built there, by date) is rewritten afterwards.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from layout.display import PageDisplay
from layout.edition.build import write_atomic
from layout.edition.webdata import (
    FORMAT,
    VERSION,
    PageEntry,
    edition_json,
    figures_json,
    page_json,
    page_slug,
    page_zones,
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
from layout.edition.webimages import ImageSettings, figure_image, page_plan, render_page_images
from layout.model import Issue

WEB = "web"


@dataclass(frozen=True, slots=True)
class WebInput:
    """What the web package is made from: the model, and per built page its PDF and display."""

    issue: Issue
    pdfs: dict[str, bytes]
    """Folio → the page's print PDF."""
    displays: dict[str, PageDisplay]
    """Folio → the page's display list (for the hot zones)."""


@dataclass(frozen=True, slots=True)
class WebResult:
    """Where the web package went and which pages were rendered or reused."""

    web_dir: Path
    pages_json: Path
    viewer: Path
    archive: Path
    rendered: tuple[str, ...]
    reused: tuple[str, ...]
    thumbnails: dict[str, Path] = field(default_factory=dict)
    """Folio → the page's thumbnail in the first configured format."""

    def files(self) -> dict[str, str]:
        """The issue-level files, for report.json."""
        return {"web": str(self.web_dir), "pages_json": str(self.pages_json),
                "viewer": str(self.viewer), "archive": str(self.archive)}

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
    pool: ThreadPoolExecutor
    futures: list[Future] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def write_web(data: WebInput, issue_out: Path, root: Path) -> WebResult:
    """Write `issue_out/web/` for the issue, then the archive `root/index.html`."""
    settings = ImageSettings.from_style(data.issue.style)
    live = issue_out / WEB
    _remove_leftovers(issue_out)
    tmp = issue_out / f".{WEB}.tmp-{os.getpid()}"
    tmp.mkdir(parents=True)
    try:
        with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
            work = _Work(settings, live, tmp, read_edition(live), pool)
            edition = _package(data, work)
            for future in work.futures:
                future.result()
        _write_documents(edition, tmp)
        _swap(tmp, live)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    archive = write_archive(root)
    thumbs = {p["folio"]: live / p["images"][0]["files"][settings.formats[0]]
              for p in edition["pages"]}
    return WebResult(live, live / "pages.json", live / "index.html", archive,
                     tuple(work.rendered), tuple(work.reused), thumbs)


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
    pending = {a.id: [_figure(work, a.id, n, f.path) for n, f in enumerate(a.figures, 1)]
               for a in issue.articles()}
    figures = {a.id: figures_json(a, [job.result() for job in pending[a.id]])
               for a in issue.articles()}
    return edition_json(issue, pages, zones, figures, work.settings.as_json())


def _figure(work: _Work, article_id: str, n: int, source: Path) -> Future:
    """Article photo `n` in the web package: linked over if its source is unchanged, else
    scaled and encoded in the pool. The future's result is the pages.json image entry."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    old = _old_figures(work.old, article_id)
    done: Future = Future()
    if (len(old) >= n and old[n - 1].get("source_sha256") == digest
            and work.old.get("image_settings") == work.settings.as_json()
            and _link_all([old[n - 1]["file"]], work.live, work.tmp)):
        done.set_result({k: old[n - 1][k] for k in ("file", "width", "height", "source_sha256")})
        return done
    job = work.pool.submit(figure_image, source, work.tmp, f"images/{article_id}-{n}",
                           work.settings)
    return _then(job, lambda entry: {**entry, "source_sha256": digest})


def _then(job: Future, fn) -> Future:
    """A future of `fn(job.result())`."""
    out: Future = Future()
    job.add_done_callback(lambda j: out.set_exception(j.exception()) if j.exception()
                          else out.set_result(fn(j.result())))
    return out


def _old_figures(old: dict | None, article_id: str) -> list[dict]:
    if not old:
        return []
    article = next((a for a in old.get("articles", []) if a.get("id") == article_id), {})
    return article.get("images", [])


def _page(data: WebInput, work: _Work, folio: str, index: int) -> tuple[dict, list] | None:
    """A built page, or one carried over from the previous package (a --pages build)."""
    slug = page_slug(folio)
    pdf_rel = f"pdf/page-{slug}.pdf"
    if folio in data.pdfs:
        pdf = data.pdfs[folio]
        display = data.displays[folio]
        images = _images(work, folio, slug, pdf)
        _put(work.tmp / pdf_rel, pdf)
        entry = PageEntry(display, hashlib.sha256(pdf).hexdigest(), images, pdf_rel)
        zones = page_zones(display, data.issue)
        return page_json(entry, index, zones), zones
    old_page = _old_page(work.old, folio)
    if old_page is None or not (work.live / old_page.get("pdf", "-")).is_file():
        return None  # never built: the viewer simply has no such page yet
    pdf = (work.live / old_page["pdf"]).read_bytes()
    images = _images(work, folio, slug, pdf)
    _put(work.tmp / pdf_rel, pdf)
    zones = [{"article": a["id"], **z} for a in work.old["articles"]
             for z in a["zones"] if z["page"] == folio]
    return {**old_page, "index": index, "images": images, "pdf": pdf_rel}, zones


def _images(work: _Work, folio: str, slug: str, pdf: bytes) -> list[dict]:
    """The page's images: linked from the previous package if its PDF is unchanged, or rendered."""
    digest = hashlib.sha256(pdf).hexdigest()
    old_page = _old_page(work.old, folio)
    if (old_page is not None and old_page.get("pdf_sha256") == digest
            and work.old.get("image_settings") == work.settings.as_json()
            and _link_all([rel for im in old_page["images"] for rel in im["files"].values()],
                          work.live, work.tmp)):
        work.reused.append(folio)
        return old_page["images"]
    images, futures = render_page_images(pdf, page_plan(slug, work.settings), work.tmp,
                                         work.settings.quality, work.pool)
    work.futures += futures
    work.rendered.append(folio)
    return images


def _old_page(old: dict | None, folio: str) -> dict | None:
    if not old:
        return None
    return next((p for p in old.get("pages", []) if p.get("folio") == folio), None)


def _link_all(rels: list[str], live: Path, tmp: Path) -> bool:
    """Hard-link (or copy) the files `rels` from the live package; False if one is gone."""
    if not all((live / rel).is_file() for rel in rels):
        return False
    for rel in rels:
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(live / rel, target)
        except OSError:
            shutil.copy2(live / rel, target)
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


def _swap(tmp: Path, live: Path) -> None:
    """Put the new package in place of the live one: two renames, the old one restored on failure.

    POSIX rename(2) cannot replace a non-empty directory, so the live package is moved aside
    first; the site is missing only between these two renames, never half-updated.
    """
    aside = live.with_name(f".{WEB}.old-{os.getpid()}")
    if live.exists():
        os.replace(live, aside)
    try:
        os.replace(tmp, live)
    except OSError:
        if aside.exists():
            os.replace(aside, live)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _remove_leftovers(issue_out: Path) -> None:
    """Remove temporary packages a killed build may have left beside `web/`."""
    if issue_out.is_dir():
        for stale in issue_out.glob(f".{WEB}.*-*"):
            shutil.rmtree(stale, ignore_errors=True)


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
