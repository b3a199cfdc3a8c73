"""The IIIF Presentation API 3.0 manifest of an issue: the issue as archives and IIIF viewers
(Mirador, Universal Viewer) take it.

- one `Canvas` per page, as large as the page's deep-zoom pyramid (or its largest image);
- painted with the largest page image (the viewer's deep-zoom tiles are a flat folder of its
  own, webtiles.py, not an IIIF image service: a static level-0 service needs three folders a
  tile, which made every rebuild slow);
- `annotations`: an AnnotationPage per page with one `describing` annotation per article zone
  rectangle (`#xywh=` in canvas pixels), its body the headline as text and the article's page;
- `seeAlso` the page's ALTO XML, `rendering` the page and issue PDFs, `thumbnail` the thumbnail.

IIIF ids must be absolute URIs. With `base_url` (`banmian build --base-url`) they are; without
one they are paths relative to the web folder, which a viewer on the same site resolves but an
external IIIF validator rejects.
"""

from __future__ import annotations

import datetime as dt

from layout.dates import chinese_date
from layout.edition.web.html import issue_label

CONTEXT = "http://iiif.io/api/presentation/3/context.json"
LANG = "zh-Hans"
ALTO_PROFILE = "http://www.loc.gov/standards/alto/v4/alto.xsd"
MANIFEST = "iiif/manifest.json"


def _text(value: str) -> dict:
    return {LANG: [value]}


def _pair(label: str, value: str) -> dict:
    return {"label": _text(label), "value": _text(value)}


def canvas_size(page: dict) -> tuple[int, int]:
    """The canvas of a page: the deep-zoom pyramid's size, else the largest page image's."""
    if page.get("tiles"):
        return page["tiles"]["width"], page["tiles"]["height"]
    image = max(page["images"], key=lambda im: im["width"])
    return image["width"], image["height"]


def manifest(edition: dict, base: str) -> dict:
    """The whole manifest; `base` is prefixed to every path of the web package ('' or a URL
    ending in /)."""
    paper, issue = edition["paper"], edition["issue"]
    date = dt.date.fromisoformat(issue["date"])
    label = f"{paper['name']} {chinese_date(date)} {issue_label(issue)}"
    out = {
        "@context": CONTEXT, "id": base + MANIFEST, "type": "Manifest", "label": _text(label),
        "metadata": [_pair("报名", paper["name"]), _pair("出版日期", issue["date"]),
                     _pair("期号", issue_label(issue)), _pair("国内统一刊号", paper["serial"]),
                     _pair("主办单位", paper["host"])],
        "requiredStatement": _pair("主办单位", paper["host"]),
        "navDate": f"{issue['date']}T00:00:00Z",
        "viewingDirection": "left-to-right",
        "homepage": [{"id": base + "index.html", "type": "Text", "label": _text(label),
                      "format": "text/html"}],
        "items": [_canvas(edition, page, base) for page in edition["pages"]],
    }
    if issue.get("pdf"):
        out["rendering"] = [{"id": base + issue["pdf"], "type": "Text", "label": _text("全期PDF"),
                             "format": "application/pdf"}]
    return out


def _canvas(edition: dict, page: dict, base: str) -> dict:
    slug = page["folio"]
    canvas_id = f"{base}iiif/canvas/{slug}"
    width, height = canvas_size(page)
    image = max((im for im in page["images"] if im["role"] == "page"),
                key=lambda im: im["width"], default=page["images"][0])
    body = {"id": base + image["files"]["jpeg"] if "jpeg" in image["files"]
            else base + next(iter(image["files"].values())),
            "type": "Image", "format": "image/jpeg" if "jpeg" in image["files"] else "image/webp",
            "width": image["width"], "height": image["height"]}
    thumb = page["images"][0]
    canvas = {
        "id": canvas_id, "type": "Canvas", "label": _text(f"第{slug}版 {page['section']}"),
        "width": width, "height": height,
        "thumbnail": [{"id": base + next(iter(thumb["files"].values())), "type": "Image",
                       "format": "image/jpeg", "width": thumb["width"],
                       "height": thumb["height"]}],
        "rendering": [{"id": base + page["pdf"], "type": "Text", "label": _text("本版PDF"),
                       "format": "application/pdf"}],
        "items": [{"id": f"{canvas_id}/page", "type": "AnnotationPage", "items": [{
            "id": f"{canvas_id}/painting", "type": "Annotation", "motivation": "painting",
            "body": body, "target": canvas_id}]}],
        "annotations": [{"id": f"{canvas_id}/articles", "type": "AnnotationPage",
                         "items": _zones(edition, page, canvas_id, base, (width, height))}],
    }
    if page.get("alto"):
        canvas["seeAlso"] = [{"id": base + page["alto"], "type": "Dataset",
                              "format": "application/xml", "profile": ALTO_PROFILE,
                              "label": {"none": ["ALTO XML"]}}]
    return canvas


def _zones(edition: dict, page: dict, canvas_id: str, base: str,
           size: tuple[int, int]) -> list[dict]:
    """One annotation per hot-zone rectangle of every article on the page."""
    out = []
    for article in edition["articles"]:
        for zone in article["zones"]:
            if zone["page"] != page["folio"]:
                continue
            for n, r in enumerate(zone["rects_norm"], 1):
                x, y = int(r["x"] * size[0]), int(r["y"] * size[1])
                w = max(1, min(size[0] - x, round(r["w"] * size[0])))
                h = max(1, min(size[1] - y, round(r["h"] * size[1])))
                out.append({
                    "id": f"{canvas_id}/article/{article['id']}/{n}", "type": "Annotation",
                    "motivation": "describing",
                    "label": _text(article["headline"]),
                    "body": [{"type": "TextualBody", "value": article["headline"],
                              "format": "text/plain", "language": LANG},
                             {"id": base + article["html"], "type": "Text",
                              "format": "text/html", "label": _text(article["headline"])}],
                    "target": f"{canvas_id}#xywh={x},{y},{w},{h}"})
    return out
