"""Digital-edition HTML: the e-paper viewer shell, one page per article, the archive by date.

Everything is static: the viewer reads its data from `pages.js` (a script that sets a global,
because browsers refuse fetch() of local JSON under file://), so the site works from a plain
static host and from a folder on disk. Every value from the manifest is HTML-escaped here.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import json
from string import Template
from urllib.parse import quote

from layout.dates import WEEKDAYS, chinese_date
from layout.files import TEMPLATES

WEB_TEMPLATES = TEMPLATES / "web"
STATIC = ("viewer.js", "viewer-extras.js", "viewer.css", "article.css",
          "vendor/openseadragon.min.js", "vendor/LICENSE-openseadragon.txt",
          "vendor/minisearch.js", "vendor/LICENSE-minisearch.txt", "vendor/VERSIONS.md")
"""Template files copied as they are into every web package."""
ARCHIVE_JS = "archive.js"
"""The output root's list of issues, as a script the viewers load (../../archive.js)."""
"""Weekday names, Monday first (ISO 8601 / GB/T 7408 week)."""


def esc(value: object) -> str:
    """Text → HTML text or attribute value."""
    return html.escape(str(value), quote=True)


def render(name: str, **values: str) -> str:
    """Fill `layout/templates/web/<name>`; every ${placeholder} must be given (already escaped)."""
    return Template((WEB_TEMPLATES / name).read_text(encoding="utf-8")).substitute(values)


def script_json(data: object) -> str:
    """JSON that is safe inside a <script> element or a .js file (no `</script>`, no U+2028)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


def pages_js(edition: dict) -> str:
    """pages.js: the same data as pages.json, as a global the viewer reads under file:// too."""
    return f"window.BANMIAN_EDITION = {script_json(edition)};\n"


def issue_label(issue: dict) -> str:
    """第265期 总第6218期 (the year's number first, as mastheads print it)."""
    parts = [f"第{issue['year_number']}期"] if issue.get("year_number") else []
    parts.append(f"总第{issue['number']}期")
    if issue.get("edition"):
        parts.append(issue["edition"])
    return " ".join(parts)


def footer_html(paper: dict) -> str:
    """The imprint line: host, address, postcode, serial (主办单位 地址 邮编 国内统一刊号)."""
    items = [("主办单位", paper["host"]), ("地址", paper["address"]),
             ("邮编", paper["postcode"]), ("国内统一刊号", paper["serial"])]
    items += [(k, paper[f]) for k, f in (("电话", "phone"), ("网址", "website")) if paper.get(f)]
    return " ".join(f'<span>{esc(k)}：{esc(v)}</span>' for k, v in items)


def viewer_html(edition: dict) -> str:
    """index.html of one issue: the viewer shell (viewer.js fills it from pages.js) and the
    issue's contents, which is what a reader without JavaScript gets."""
    paper, issue = edition["paper"], edition["issue"]
    date = chinese_date(dt.date.fromisoformat(issue["date"]))
    pdf = issue.get("pdf")
    link = f'class="download" href="{esc(pdf)}" download>全期PDF</a>' if pdf else ""
    return render("index.html", title=esc(f"{paper['name']} {date}"), paper=esc(paper["name"]),
                  date=esc(date), iso_date=esc(issue["date"]), number=esc(issue_label(issue)),
                  serial=esc(paper["serial"]), footer=footer_html(paper),
                  contents=contents_html(edition), archive_path=f"../../{ARCHIVE_JS}",
                  issue_pdf=f'<a id="issue-pdf-link" {link}' if pdf else "",
                  issue_pdf_static=f"<a {link}" if pdf else "")


def contents_html(edition: dict) -> str:
    """本期目录 as static HTML: every page (thumbnail, section, PDF) and its headlines."""
    by_page: dict[str, list[dict]] = {}
    for article in edition["articles"]:
        for folio in dict.fromkeys(z["page"] for z in article["zones"]) or [article["page"]]:
            by_page.setdefault(folio, []).append(article)
    parts = []
    for page in edition["pages"]:
        thumb = page["images"][0]
        src = next(iter(thumb["files"].values()))
        large = max(page["images"], key=lambda im: im["width"])
        href = next(iter(large["files"].values()))
        items = "".join(
            f'<li><a href="{esc(a["html"])}">{esc(a["headline"])}</a>'
            f'{"（上接第" + esc(a["page"]) + "版）" if a["page"] != page["folio"] else ""}</li>'
            for a in by_page.get(page["folio"], []))
        parts.append(
            f'<li class="toc-page"><a href="{esc(href)}"><img src="{esc(src)}" '
            f'alt="第{esc(page["folio"])}版版面图" width="{thumb["width"]}" '
            f'height="{thumb["height"]}" loading="lazy"></a><div><h3>第{esc(page["folio"])}版 '
            f'{esc(page["section"])}</h3><ul>{items}</ul><a href="{esc(page["pdf"])}" '
            f'download>本版PDF</a></div></li>')
    return "\n".join(parts)


def archive_js(issues: list[dict]) -> str:
    """archive.js of the output root: every issue (date, paper, label, viewer, search index)."""
    ordered = sorted(issues, key=lambda i: (i["date"], i["paper"], i.get("slug", "")))
    return f"window.BANMIAN_ARCHIVE = {script_json({'issues': ordered})};\n"


def article_html(edition: dict, article: dict) -> str:
    """articles/<id>.html: one article as clean semantic HTML, readable on a phone."""
    paper, issue = edition["paper"], edition["issue"]
    date = chinese_date(dt.date.fromisoformat(issue["date"]))
    sections = {p["folio"]: p["section"] for p in edition["pages"]}
    where = "、".join(f"第{f}版 {sections.get(f, '')}".strip() for f in article["pages"])
    back = f"../index.html#page={quote(article['page'])}&article={quote(article['id'])}"
    return render("article.html", title=esc(f"{article['headline']} - {paper['name']}"),
                  paper=esc(paper["name"]), date=esc(date), number=esc(issue_label(issue)),
                  where=esc(where), back=esc(back), header=_article_header(article),
                  body=_article_body(article), footer=footer_html(paper),
                  steps=_article_steps(edition, article))


def _article_steps(edition: dict, article: dict) -> str:
    """上一篇 / 下一篇 on an article page: the issue's articles in page and reading order."""
    ids = [a["id"] for a in edition["articles"]]
    at = ids.index(article["id"]) if article["id"] in ids else -1
    links = []
    for rel, label in ((-1, "上一篇"), (1, "下一篇")):
        n = at + rel
        if at >= 0 and 0 <= n < len(ids):
            other = edition["articles"][n]
            links.append(f'<a rel="{"prev" if rel < 0 else "next"}" href="{esc(other["id"])}.html">'
                         f'{label}：{esc(other["headline"])}</a>')
    return " ".join(links)


def _article_header(article: dict) -> str:
    parts = []
    if article["kicker"]:
        parts.append(f'<p class="kicker">{esc(article["kicker"])}</p>')
    parts.append(f'<h1>{esc(article["headline"])}</h1>')
    if article["deck"]:
        parts.append(f'<p class="deck">{esc(article["deck"])}</p>')
    if article["byline"]:
        parts.append(f'<p class="byline">{esc(article["byline"])}</p>')
    return "\n".join(parts)


def _article_body(article: dict) -> str:
    parts = [_figure(f) for f in article["images"]]
    for block in article["blocks"]:
        if block["type"] == "subhead":
            parts.append(f'<h2>{esc(block["text"])}</h2>')
        else:
            cls = "" if block["kind"] == "body" else f' class="{esc(block["kind"])}"'
            parts.append(f'<p{cls}>{esc(block["text"])}</p>')
    if article["credit"]:
        parts.append(f'<p class="credit">（{esc(article["credit"])}）</p>')
    if article["entered_by"]:
        parts.append(f'<p class="entered-by">录入：{esc(article["entered_by"])}</p>')
    return "\n".join(parts)


def _figure(image: dict) -> str:
    caption = esc(image["caption"] or "")
    credit = f' <span class="credit">{esc(image["credit"])}</span>' if image["credit"] else ""
    return (f'<figure><img src="../{esc(image["file"])}" width="{image["width"]}" '
            f'height="{image["height"]}" alt="{caption}" loading="lazy">'
            f'<figcaption>{caption}{credit}</figcaption></figure>')


def archive_html(issues: list[dict]) -> str:
    """The output root's index.html: every issue built there, browsable by date (按日期检索).

    `issues` holds one dict per issue: date, paper, label, href (viewer) and thumb (relative).
    """
    issues = sorted(issues, key=lambda i: (i["date"], i["paper"]), reverse=True)
    papers = sorted({i["paper"] for i in issues})
    title = f"{papers[0]} 数字报" if len(papers) == 1 else "数字报"
    by_date: dict[str, list[dict]] = {}
    for i in issues:
        by_date.setdefault(i["date"], []).append({"href": i["href"], "paper": i["paper"]})
    dates = sorted(by_date)
    return render("archive.html", title=esc(title), count=str(len(issues)),
                  first=esc(dates[0] if dates else ""), last=esc(dates[-1] if dates else ""),
                  calendars=_calendars(issues), listing=_listing(issues),
                  data=script_json(by_date))


def _calendars(issues: list[dict]) -> str:
    """One month calendar per month that has issues, newest first; days with issues link."""
    months: dict[tuple[int, int], dict[int, str]] = {}
    for i in issues:
        d = dt.date.fromisoformat(i["date"])
        months.setdefault((d.year, d.month), {}).setdefault(d.day, i["href"])
    return "\n".join(_month(y, m, days) for (y, m), days in sorted(months.items(), reverse=True))


def _month(year: int, month: int, days: dict[int, str]) -> str:
    head = "".join(f"<th scope=\"col\">{d}</th>" for d in WEEKDAYS)
    rows = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        cells = []
        for day in week:
            if day == 0:
                cells.append("<td></td>")
            elif day in days:
                label = f"{year}年{month}月{day}日"
                cells.append(f'<td class="has"><a href="{esc(days[day])}" '
                             f'aria-label="{label}">{day}</a></td>')
            else:
                cells.append(f"<td>{day}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="month"><caption>{year}年{month}月</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _listing(issues: list[dict]) -> str:
    items = []
    for i in issues:
        date = chinese_date(dt.date.fromisoformat(i["date"]))
        thumb = (f'<img src="{esc(i["thumb"])}" alt="" width="120" loading="lazy">'
                 if i.get("thumb") else "")
        items.append(f'<li><a href="{esc(i["href"])}">{thumb}<span class="paper">'
                     f'{esc(i["paper"])}</span><span class="date">{esc(date)}</span>'
                     f'<span class="number">{esc(i["label"])}</span></a></li>')
    return "\n".join(items)
