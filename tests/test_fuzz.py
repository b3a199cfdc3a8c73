"""Fuzzing (issue #12): random manifests, article text, images and damaged PDFs. Whatever comes
in, the answer is a located problem, a report, or output — never another exception, a hang or
lost text.

A short run is part of `make test`; a long one:
`BANMIAN_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz.py -p no:cacheprovider`.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from layout.edition.print.preflight import preflight_pdf
from layout.flow.page import layout_issue
from layout.fonts import FontSet
from layout.manifest import ManifestError
from layout.pipeline import open_issue
from layout.press import PressSettings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "issues" / "yunchuan-2026-11-24"
EXAMPLES = int(os.environ.get("BANMIAN_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
LOCATED = re.compile(r"^.*issue\.yaml(:\d+:\d+)?: .+$")

BASE = {
    "newspaper": {"name": "测试报", "serial": "CN99-0001", "host": "测试单位",
                  "address": "测试路1号", "postcode": "100000"},
    "issue": {"date": "2026-11-24", "number": 7},
    "pages": [{"folio": 1, "section": "要闻", "articles": [
        {"id": "a", "headline": "标题", "body": "articles/a.txt",
         "place": {"columns": "1-3", "top": 0, "height": 30}}]}],
}

values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True)
    | st.text(max_size=30) | st.sampled_from(["rest", "1-99", "01", "A3", "{page:>9}.pdf",
                                              "../x.txt", "/dev/zero", "小五", ".nan"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                  max_size=3),
    max_leaves=6)
paths = st.sampled_from([
    ("newspaper", "name"), ("newspaper", "serial"), ("issue", "date"), ("issue", "number"),
    ("issue", "format"), ("issue", "style"), ("issue", "fonts"), ("print",),
    ("print", "file_pattern"), ("pages", 0, "folio"), ("pages", 0, "color"),
    ("pages", 0, "articles", 0, "place"), ("pages", 0, "articles", 0, "place", "height"),
    ("pages", 0, "articles", 0, "images"), ("pages", 0, "articles", 0, "id"),
    ("pages", 0, "articles", 0, "continued_on"), ("pages", 0, "articles"), ("pages",), ()])


def mutate(data: dict, path: tuple, value: object) -> object:
    """`data` with the value at `path` replaced (or the whole document, for `()`)."""
    if not path:
        return value
    data = yaml.safe_load(yaml.safe_dump(data))
    node = data
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(node, dict) else node[key]
    node[path[-1]] = value
    return data


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz") / "iss"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a.txt").write_text("云川市总工会召开会议。\n", encoding="utf-8")
    return root


@FUZZ
@given(path=paths, value=values)
def test_any_manifest_is_loaded_or_refused_with_located_problems(folder, path, value):
    document = mutate(BASE, path, value)
    try:
        text = yaml.safe_dump(document, allow_unicode=True)
    except (yaml.YAMLError, RecursionError):
        return
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    started = time.monotonic()
    try:
        open_issue(folder)  # a manifest that loads resolves too
    except ManifestError as error:
        assert error.problems
        for line in str(error).split("\n"):
            assert LOCATED.match(line), line
        return
    finally:
        assert time.monotonic() - started < 10


text_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
awkward = st.sampled_from(["——", "……", "https://example.org/" + "a" * 200, "Pneumono" * 20,
                           "。" * 30, "e\u0301" * 10, "\u200d\ufe0f", "\t", "2020-2022年",
                           "８７．５％", "《》“”", "\U00020164", "\u202e", "\x07"])


@FUZZ
@given(parts=st.lists(st.text(text_chars, max_size=40) | awkward, min_size=1, max_size=12))
def test_any_article_text_is_laid_out_with_every_character_accounted_for(folder, parts):
    body = "".join(parts).replace("\r", "")
    (folder / "articles" / "a.txt").write_text(body or "空", encoding="utf-8")
    (folder / "issue.yaml").write_text(yaml.safe_dump(BASE, allow_unicode=True),
                                       encoding="utf-8")
    issue = open_issue(folder).issue
    layout = layout_issue(issue, FONTS)["1"]
    article = layout.articles[0]
    assert article.article_id == "a"
    if article.overflow is None:
        placed = sum(1 for el in article.elements if hasattr(el, "line"))
        assert placed > 0 or not body.strip()


FONTS = FontSet.load()

modes = st.sampled_from(["1", "L", "LA", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "F"])


@FUZZ
@given(mode=modes, size=st.tuples(st.integers(1, 300), st.integers(1, 300)),
       fmt=st.sampled_from(["PNG", "JPEG", "TIFF", "GIF", "WEBP"]),
       cut=st.one_of(st.none(), st.integers(0, 400)))
def test_any_image_file_is_placed_or_refused_at_its_line(folder, mode, size, fmt, cut):
    try:
        image = Image.new(mode, size)
        buf = io.BytesIO()
        image.save(buf, fmt)
    except (OSError, ValueError, KeyError):
        return  # a format that cannot hold this mode
    data = buf.getvalue() if cut is None else buf.getvalue()[:cut]
    (folder / "images").mkdir(exist_ok=True)
    (folder / "images" / "p.img").write_bytes(data)
    document = mutate(BASE, ("pages", 0, "articles", 0, "images"),
                      [{"file": "images/p.img", "columns": 1}])
    (folder / "issue.yaml").write_text(yaml.safe_dump(document, allow_unicode=True),
                                       encoding="utf-8")
    try:
        issue = open_issue(folder).issue
    except ManifestError as error:
        assert all(LOCATED.match(line) for line in str(error).split("\n")), str(error)
        return
    layout_issue(issue, FONTS)


@pytest.fixture(scope="module")
def good_pdf():
    from tests_support import one_page_pdf

    return one_page_pdf()


@FUZZ
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.binary(min_size=0, max_size=8)),
                     min_size=1, max_size=6), truncate=st.one_of(st.none(),
                                                                  st.integers(0, 10**6)))
def test_a_damaged_pdf_gives_findings_never_an_exception(good_pdf, cuts, truncate):
    data = bytearray(good_pdf)
    for at, junk in cuts:
        at %= len(data)
        data[at:at + len(junk)] = junk
    if truncate is not None:
        data = data[:truncate % (len(data) + 1)]
    started = time.monotonic()
    result = preflight_pdf(bytes(data), PressSettings(), "damaged.pdf")
    assert result and time.monotonic() - started < 30
    for page in result:
        assert isinstance(page.errors, list)
