"""The build cache: each page's PDF, preflight and report by a hash of everything that page is
made from, and web images by the hash of the PDF they are rendered from.

```
$BANMIAN_CACHE/build/pages/<page key>/page.pdf, alto.xml, record.json
$BANMIAN_CACHE/build/images/<pdf sha256>-<settings>/thumb-240.jpg, page-1200.jpg,
                                                   t1_0_0.jpg … (deep-zoom tiles), record.json
$BANMIAN_CACHE/build/figures/<source sha256>-<settings>/figure.jpg
$BANMIAN_CACHE/build/prints/<source, crop, size, ppi, separation>/image.jpg
$BANMIAN_CACHE/build/issues/<the pages' hashes>/issue.pdf
```

A page key hashes the engine's own code, the fonts, the house style and format, the issue's
fields the page furniture prints, the page's articles (text, placement, images by content) and,
for a page that continues an article, that article (where it resumes depends on it alone). An entry is written in
a temporary folder and renamed into place, and read back only if every file in it has the
SHA-256 its record names: a missing, stale or damaged entry is rebuilt, never trusted. Entries
unused for `MAX_AGE_DAYS` are removed (checked at most once a day).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path

import layout
from layout.fonts import FontSet, cache_dir, cached_digest
from layout.model import Article, Issue, Page

FORMAT = 1
"""Bump when an entry's layout changes: older entries are then ignored."""
MAX_AGE_DAYS = 30
SOURCE_SUFFIXES = (".py", ".html", ".css", ".js", ".json")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the engine's own files: any change to the code makes every key new."""
    root = Path(layout.__file__).resolve().parent
    h = hashlib.sha256(f"{layout.__version__}\0{FORMAT}".encode())
    for path in sorted(p for p in root.rglob("*") if p.suffix in SOURCE_SUFFIXES):
        h.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def canonical(value: object) -> str:
    """A text for `value` that is the same in every process: like repr, but sets and dicts in
    sorted order (repr of a frozenset of strings follows the process's hash seed) and
    dataclasses field by field."""
    if is_dataclass(value) and not isinstance(value, type):
        inner = ", ".join(f"{f.name}={canonical(getattr(value, f.name))}" for f in fields(value))
        return f"{type(value).__name__}({inner})"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(sorted(f"{canonical(k)}: {canonical(v)}"
                                      for k, v in value.items())) + "}"
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(canonical(v) for v in value) + ")"
    return repr(value)


def _issue_digest(issue: Issue, fonts: FontSet, strict: bool) -> str:
    """What every page depends on: code, fonts, format, style, the furniture's issue fields."""
    h = hashlib.sha256(code_digest().encode())
    for role, face in sorted(fonts.faces.items()):
        h.update(f"{role}\0{face.digest}\0{face.index}\0".encode())
    icc = issue.style.press.icc_profile
    style = replace(issue.style, press=replace(
        issue.style.press, icc_profile=Path(cached_digest(icc)) if icc is not None else None))
    parts = (issue.slug, issue.newspaper, issue.date, issue.number, issue.year_number,
             issue.edition, issue.format, style, len(issue.pages), strict)
    h.update(canonical(parts).encode("utf-8"))
    return h.hexdigest()


def page_keys(issue: Issue, fonts: FontSet, strict: bool) -> dict[str, str]:
    """Folio → the key of that page's cache entry."""
    base = _issue_digest(issue, fonts, strict)
    home = {a.id: (p.folio, a) for p in issue.pages for a in p.articles}
    keys: dict[str, str] = {}
    for page in issue.pages:
        h = hashlib.sha256(base.encode())
        h.update(canonical(_by_content(page)).encode("utf-8"))
        for jump in page.jumps:  # where a continued article resumes depends on it alone
            folio, article = home.get(jump.article_id, ("", None))
            h.update(canonical((folio, _article_by_content(article))).encode("utf-8"))
        keys[page.folio] = h.hexdigest()
    return keys


def _by_content(page: Page) -> Page:
    """The page with each image's path replaced by its file's hash: a key names what the page
    is made of, not where the issue folder happens to be."""
    return replace(page, articles=tuple(_article_by_content(a) for a in page.articles))


def _article_by_content(article: Article | None) -> Article | None:
    if article is None:
        return None
    return replace(article, figures=tuple(replace(f, path=Path(cached_digest(f.path)))
                                          for f in article.figures))


def _stat(path: Path) -> list[int]:
    """What changes when a file is written: size, modification time (ns), inode."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """A sound cache entry: its folder, its record and its files by name."""

    folder: Path
    record: dict

    def file(self, name: str) -> Path:
        return self.folder / name


class Store:
    """Cache entries under `root` (default `$BANMIAN_CACHE/build`)."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or cache_dir() / "build"

    def folder(self, kind: str, key: str) -> Path:
        return self.root / kind / key

    def get(self, kind: str, key: str) -> Entry | None:
        """The entry `kind/key` if it is complete and every file has its recorded hash. A file
        whose size, modification time and inode are still those it was written with is not
        hashed again (any write changes them; hashing every tile of every page on every
        build cost a fifth of a second for 24 pages); any other file is."""
        folder = self.folder(kind, key)
        try:
            record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
            if record.get("format") != FORMAT or record.get("key") != key:
                return None
            stats = record.get("stats", {})
            for name, digest in record["files"].items():
                if "/" in name:
                    return None
                if _stat(folder / name) != stats.get(name) and \
                        file_sha256(folder / name) != digest:
                    return None
            os.utime(folder / "record.json")  # used: keep it from pruning
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None
        return Entry(folder, record)

    def put(self, kind: str, key: str, files: dict[str, bytes], data: dict) -> Entry:
        """Write the entry: files and a record of their hashes, in a temporary folder renamed
        into place. An entry another build wrote meanwhile (same key: same content) is kept,
        never replaced under a reader's feet; a damaged one is replaced."""
        final = self.folder(kind, key)
        existing = self.get(kind, key)
        if existing is not None:
            return existing
        tmp = final.with_name(f".{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.mkdir(parents=True)
        try:
            for name, payload in files.items():
                (tmp / name).write_bytes(payload)
            record = {"format": FORMAT, "key": key, "data": data,
                      "files": {n: digest_bytes(b) for n, b in files.items()},
                      "stats": {n: _stat(tmp / n) for n in files}}  # a rename keeps them
            (tmp / "record.json").write_text(json.dumps(record, ensure_ascii=False),
                                             encoding="utf-8")
            self._install(tmp, final, kind, key)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return Entry(final, record)

    def _install(self, tmp: Path, final: Path, kind: str, key: str) -> None:
        """Rename `tmp` to `final`; if `final` appeared meanwhile, keep it when it is sound."""
        try:
            os.rename(tmp, final)
            return
        except OSError:
            if self.get(kind, key) is not None:
                return  # another build won the race with the same content
        aside = final.with_name(f".{key}.{os.getpid()}.damaged")
        os.rename(final, aside)  # a damaged entry: out of the way, then ours
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(tmp, final)

    def prune(self, max_age_days: int = MAX_AGE_DAYS) -> int:
        """Remove entries unused for `max_age_days` (at most once a day); the number removed."""
        stamp = self.root / ".pruned"
        now = time.time()
        try:
            if now - stamp.stat().st_mtime < 86400:
                return 0
        except OSError:
            pass
        removed = 0
        for kind in ("pages", "images", "figures", "prints", "issues"):
            for entry in (self.root / kind).glob("*") if (self.root / kind).is_dir() else ():
                record = entry / "record.json"
                try:
                    stale = now - record.stat().st_mtime > max_age_days * 86400
                except OSError:
                    stale = now - entry.stat().st_mtime > 3600  # a leftover temporary folder
                if stale:
                    shutil.rmtree(entry, ignore_errors=True)
                    removed += 1
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass
        return removed
