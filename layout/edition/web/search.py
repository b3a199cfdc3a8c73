"""Full-text search of the digital edition: a MiniSearch index of an issue's articles, built here.

Chinese has no spaces between words, so the index is of character bigrams (the usual n-gram
segmentation of CJK search engines): 职工夜校 → 职工 工夜 夜校, plus the run's last character
alone so that a one-character query (as a prefix) finds every occurrence. Latin words and
numbers are whole lowercase words. A query is cut the same way and every token must match
(MiniSearch `combineWith: "AND"`); results are ranked with MiniSearch's BM25+.

The index is written in MiniSearch's own serialisation (`MiniSearch.toJSON()`, version 2) so the
browser only loads it (`MiniSearch.loadJS`) and never tokenises the articles. It goes into
`web/search-index.js` as a script that registers itself in `window.BANMIAN_SEARCH[<issue>]`: loaded
with a <script> element, it works from file:// as well as from any static host, and the viewer
can load every issue's index to search the whole archive. The tokenizer here and `tokenize` in
templates/web/viewer-extras.js must stay the same (a browser test compares them).

Why not Pagefind (measured on the sample issue): `pagefind[extended]` from PyPI segments Chinese
and wrote a smaller index (~75 KB of index and fragments against ~200 KB here, ~41 KB gzipped) in
0.3 s, but its client imports an ES module and fetches index chunks and WebAssembly, which
Chromium blocks for file:// pages ("blocked by CORS policy"), and the e-paper must open from
disk. MiniSearch (MIT, vendored) needs neither; an issue's index loads in 25–50 ms and a query
takes under a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from layout.edition.web.html import script_json

CJK = (r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
       r"\U00020000-\U0003134f")
TOKEN = re.compile(f"([{CJK}]+)|([0-9a-z\u00c0-\u024f]+)")
FIELDS = ("title", "text")
"""Indexed fields: the heading (kicker, headline, deck) and everything else of the article."""
EXCERPT_CHARS = 80


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits → ASCII) and lower case, as the browser does it."""
    return unicodedata.normalize("NFKC", text).lower()


def tokenize(text: str) -> list[str]:
    """Index tokens: per CJK run its bigrams and its last character; Latin words and numbers."""
    out: list[str] = []
    for cjk, word in TOKEN.findall(normalise(text)):
        if word:
            out.append(word)
            continue
        out.extend(cjk[i:i + 2] for i in range(len(cjk) - 1))
        out.append(cjk[-1])
    return out


@dataclass(frozen=True, slots=True)
class SearchDoc:
    """One article as the index sees it."""

    id: str
    title: str
    text: str
    stored: dict


def article_doc(article: dict, sections: dict[str, str]) -> SearchDoc:
    """An article of pages.json → its searchable fields and what a result shows."""
    title = " ".join(t for t in (article["kicker"], article["headline"], article["deck"]) if t)
    parts = [article["byline"] or ""] + [b["text"] for b in article["blocks"]]
    parts += [im["caption"] or "" for im in article["images"]]
    body = next((b["text"] for b in article["blocks"] if b["type"] == "paragraph"), "")
    return SearchDoc(article["id"], title, "\n".join(p for p in parts if p), {
        "headline": article["headline"], "page": article["page"],
        "section": sections.get(article["page"], ""), "excerpt": body[:EXCERPT_CHARS]})


def minisearch_index(docs: list[SearchDoc]) -> dict:
    """The documents indexed exactly as `new MiniSearch({fields: FIELDS, storeFields, tokenize})`
    followed by addAll() and toJSON() would leave them."""
    index: dict[str, dict[int, dict[int, int]]] = {}
    lengths: dict[str, list[int]] = {}
    for short, doc in enumerate(docs):
        lengths[str(short)] = []
        for field_id, value in enumerate((doc.title, doc.text)):
            tokens = tokenize(value)
            lengths[str(short)].append(len(set(tokens)))
            for term, count in Counter(tokens).items():
                index.setdefault(term, {}).setdefault(field_id, {})[short] = count
    n = len(docs)
    average = [sum(v[i] for v in lengths.values()) / n if n else 0 for i in range(len(FIELDS))]
    return {
        "documentCount": n, "nextId": n,
        "documentIds": {str(i): d.id for i, d in enumerate(docs)},
        "fieldIds": {f: i for i, f in enumerate(FIELDS)},
        "fieldLength": lengths, "averageFieldLength": average,
        "storedFields": {str(i): {"id": d.id, **d.stored} for i, d in enumerate(docs)},
        "dirtCount": 0,
        "index": [[term, {str(f): {str(s): c for s, c in sorted(docs_.items())}
                          for f, docs_ in sorted(fields.items())}]
                  for term, fields in sorted(index.items())],
        "serializationVersion": 2,
    }


def search_js(edition: dict) -> str:
    """web/search-index.js: the issue's index, registering itself under the issue's slug."""
    sections = {p["folio"]: p["section"] for p in edition["pages"]}
    docs = [article_doc(a, sections) for a in edition["articles"]]
    issue = edition["issue"]
    data = {"slug": issue["slug"], "date": issue["date"], "paper": edition["paper"]["name"],
            "index": minisearch_index(docs)}
    return ("(window.BANMIAN_SEARCH = window.BANMIAN_SEARCH || {})"
            f"[{script_json(issue['slug'])}] = {script_json(data)};\n")
