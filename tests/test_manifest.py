"""Tests of layout.manifest: loading issue.yaml with positions, schema messages, and the
reference, file, grid and jump checks — each problem's exact text and line."""

from __future__ import annotations

import io
import random
import os
from pathlib import Path

import pytest
from PIL import Image

from layout.manifest import LoadedIssue, ManifestError, Problem, load_issue

VALID = """\
newspaper:
  name: 江城工人报
  serial: CN50-0064
  host: 江城市总工会
  address: 江城市解放路 1 号
  postcode: "400010"
issue:
  date: 2026-11-24
  number: 1234
  format: tabloid
pages:
  - folio: 1
    section: 要闻
    masthead: true
    articles:
      - id: union
        headline: 市总工会召开全委会
        body: articles/union.txt
        continued_on: 2
        images:
          - file: images/photo.png
            caption: 会议现场
            columns: 2
        place: {columns: 1-4, top: 12, height: 40}
      - id: brief
        headline: 简讯
        body: articles/brief.txt
        place: {columns: 5-6, top: 12}
  - folio: 2
    section: 综合
    articles:
      - continues: union
        place: {columns: 1-2, top: 0, height: 30}
"""


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    return buffer.getvalue()


def make_issue(tmp_path: Path, text: str = VALID) -> Path:
    """A complete issue folder: issue.yaml, two UTF-8 bodies and a small PNG."""
    folder = tmp_path / "issue"
    (folder / "articles").mkdir(parents=True)
    (folder / "images").mkdir()
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    (folder / "articles" / "union.txt").write_text("全委会在江城召开。\n", encoding="utf-8")
    (folder / "articles" / "brief.txt").write_text("简讯正文。\n", encoding="utf-8")
    (folder / "images" / "photo.png").write_bytes(png_bytes())
    return folder


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(needle: str, text: str = VALID, nth: int = 1) -> int:
    """1-based line of the nth line containing `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def col_of(needle: str, text: str = VALID, nth: int = 1) -> int:
    """1-based column where `needle` starts on its line."""
    return text.splitlines()[line_of(needle, text, nth) - 1].index(needle) + 1


def problems(folder: Path) -> list[Problem]:
    with pytest.raises(ManifestError) as caught:
        load_issue(folder)
    return list(caught.value.problems)


def only(folder: Path) -> Problem:
    found = problems(folder)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def at(problem: Problem) -> tuple[int | None, int | None, str]:
    return problem.line, problem.col, problem.message


# --------------------------------------------------------------------------- the valid issue

def test_valid_issue_loads(tmp_path: Path) -> None:
    folder = make_issue(tmp_path)
    loaded = load_issue(folder)
    assert isinstance(loaded, LoadedIssue)
    assert loaded.root == folder.resolve()
    assert loaded.manifest == folder.resolve() / "issue.yaml"
    union = loaded.spec.pages[0].articles[0]
    assert union.headline == "市总工会召开全委会"
    assert union.place.column_span() == (1, 4)
    assert loaded.spec.issue.date.isoformat() == "2026-11-24"
    assert loaded.spec.pages[1].articles[0].continues == "union"


def test_where_points_at_the_value(tmp_path: Path) -> None:
    loaded = load_issue(make_issue(tmp_path))
    line = line_of("headline: 市总工会")
    assert loaded.where("pages", 0, "articles", 0, "headline").endswith(f"issue.yaml:{line}:19")
    assert loaded.marks[("pages", 0, "articles", 0, "headline")] == (line, 19)
    # a defaulted field has no mark of its own: its page's mapping is the nearest
    assert loaded.where("pages", 1, "color").endswith(f"issue.yaml:{line_of('folio: 2')}:5")


def test_where_is_relative_to_the_working_directory(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    make_issue(tmp_path)
    monkeypatch.chdir(tmp_path)
    loaded = load_issue("issue")
    top = line_of("columns: 5-6, top: 12")
    expected = os.path.join("issue", "issue.yaml") + f":{top}:{col_of('12}')}"
    assert loaded.where("pages", 0, "articles", 1, "place", "top") == expected


def test_error_text_is_one_problem_per_line(tmp_path: Path) -> None:
    text = edit("CN50-0064", "CN5", edit("top: 12}", "top: abc}"))
    with pytest.raises(ManifestError) as caught:
        load_issue(make_issue(tmp_path, text))
    lines = str(caught.value).splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("issue.yaml:3:11: 'serial' must look like CN50-0064")
    assert lines[1].endswith(f"issue.yaml:{line_of('top: abc', text)}:{col_of('abc', text)}: "
                             "'top' must be a whole number, not 'abc'")


# --------------------------------------------------------------------------- YAML

def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = edit("  number: 1234", "  number: 1234: x")
    problem = only(make_issue(tmp_path, text))
    assert at(problem) == (line_of("number:"), 15,
                           "YAML syntax error: mapping values are not allowed here")


def test_duplicate_key(tmp_path: Path) -> None:
    text = edit("        body: articles/brief.txt",
                "        body: articles/brief.txt\n        headline: again")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("headline: again", text), 9,
        f"duplicate key 'headline' (first at line {line_of('headline: 简讯', text)})")


def test_python_object_tag_is_refused(tmp_path: Path) -> None:
    text = edit("headline: 简讯", "headline: !!python/object/apply:os.system [echo hi]")
    line = line_of("os.system", text)
    assert at(only(make_issue(tmp_path, text))) == (
        line, 19, "YAML tag '!!python/object/apply:os.system' is not allowed here "
                  "(only plain text, numbers, dates, lists and mappings)")


def test_billion_laughs_is_rejected(tmp_path: Path) -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = "a"
    for name in "bcdefghi":
        bomb += f"{name}: &{name} [" + ", ".join(["*" + previous] * 9) + "]\n"
        previous = name
    problem = only(make_issue(tmp_path, bomb))
    assert problem.message.startswith("aliases expand to more than 100,000 values")
    # reported at the outermost alias being expanded when the count passes the limit
    assert (problem.line, problem.col) == (line_of("f: &f", bomb), 8)


def test_recursive_alias_is_rejected(tmp_path: Path) -> None:
    assert at(only(make_issue(tmp_path, "a: &a [1, *a]\n"))) == (
        1, 11, "alias refers to a value that contains it")


def test_merge_keys_and_aliases_are_allowed(tmp_path: Path) -> None:
    text = edit("    section: 要闻\n", "    section: 要闻\n    editors: &eds {editor: 王明}\n")
    text = edit("    section: 综合\n", "    section: 综合\n    editors: {<<: *eds, designer: 李华}\n",
                text)
    loaded = load_issue(make_issue(tmp_path, text))
    assert loaded.spec.pages[1].editors.editor == "王明"
    assert loaded.spec.pages[1].editors.designer == "李华"
    assert loaded.marks[("pages", 1, "editors", "designer")] == (line_of("李华", text),
                                                                 col_of("李华", text))


def test_tagged_key_is_refused(tmp_path: Path) -> None:
    text = edit("    section: 综合", "    section: 综合\n    !!python/name:os.system : x")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("os.system", text), 5, "a mapping key must be a plain name")


# --------------------------------------------------------------------------- schema

def test_misspelled_key_suggests_the_field(tmp_path: Path) -> None:
    text = edit("        headline: 简讯", "        headlien: 简讯")
    found = [at(p) for p in problems(make_issue(tmp_path, text))]
    # one problem, not two: the missing 'headline' is the misspelt key
    assert found == [
        (line_of("headlien", text), 9, "unknown key 'headlien' (did you mean 'headline'?)"),
    ]


def test_unknown_key_without_suggestion(tmp_path: Path) -> None:
    text = edit("    section: 综合", "    section: 综合\n    flavour: x")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("flavour", text), 5, "unknown key 'flavour' in page")


def test_missing_required_field_points_at_the_mapping(tmp_path: Path) -> None:
    text = edit("    section: 综合\n", "")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("folio: 2", text), 5, "missing required field 'section' in page")


def test_wrong_types(tmp_path: Path) -> None:
    text = edit("columns: 5-6, top: 12}", "columns: x, top: abc}")
    text = edit("masthead: true", "masthead: maybe", text)
    text = edit("section: 综合", "section: 2026", text)
    line = line_of("columns: x", text)
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (line_of("masthead", text), 15, "'masthead' must be true or false, not 'maybe'"),
        (line, 26, "'columns' must be a column range like 1-4 or a column number, not 'x'"),
        (line, col_of("abc", text), "'top' must be a whole number, not 'abc'"),
        (line_of("section: 2026", text), 14, "'section' must be text, not 2026 (put it in quotes)"),
    ]


def test_pattern_date_and_choice_messages(tmp_path: Path) -> None:
    text = edit("CN50-0064", "CN5")
    text = edit('"400010"', '"4000"', text)
    text = edit("2026-11-24", "2026-13-01", text)
    text = edit("    section: 综合", "    section: 综合\n    color: red", text)
    text = edit("id: brief", "id: Brief", text)
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (3, 11, "'serial' must look like CN50-0064"),
        (6, 13, "'postcode' must be six digits"),
        (8, 9, "'date' is not a valid date (YYYY-MM-DD): 2026-13-01"),
        (line_of("id: Brief", text), 13,
         "'id' must be lowercase letters, digits, '-' or '_' (like union-hall), not 'Brief'"),
        (line_of("color: red", text), 12, "'color' must be one of: cmyk, gray"),
    ]


def test_bad_format_is_one_message(tmp_path: Path) -> None:
    text = edit("format: tabloid", "format: A4")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("format:", text), 11,
        "'format' must be tabloid, broadsheet or a custom format mapping")


def test_custom_format_reports_its_own_fields(tmp_path: Path) -> None:
    text = edit("format: tabloid",
                "format: {width_mm: 300, height_mm: 400, columns: x, column_chars: 12}")
    line = line_of("format:", text)
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (line, 11, "missing required field 'lines' in format"),
        (line, col_of("x,", text), "'columns' must be a whole number, not 'x'"),
    ]


def test_bounds_and_empty_lists(tmp_path: Path) -> None:
    text = edit("number: 1234", "number: 0")
    text = text[:text.index("pages:")] + "pages: []\n"
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (line_of("number", text), 11, "'number' must be at least 1, not 0"),
        (line_of("pages", text), 8, "'pages' must not be empty"),
    ]


def test_duplicate_folio(tmp_path: Path) -> None:
    text = edit("folio: 2", "folio: 1")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("folio: 1", text, nth=2), 12, "page folio 1 appears twice (first at line 12)")


def test_backwards_column_range(tmp_path: Path) -> None:
    text = edit("columns: 5-6", "columns: 6-5")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("6-5", text), 26, "'columns': column range '6-5' runs backwards")


# --------------------------------------------------------------------------- references

def test_duplicate_article_id(tmp_path: Path) -> None:
    text = edit("id: brief", "id: union")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("id: union", text, nth=2), 13,
        f"duplicate article id 'union' (first used at line {line_of('id: union')})")


def test_missing_body_file(tmp_path: Path) -> None:
    text = edit("articles/union.txt", "articles/lead.txt")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("lead.txt", text), 15, "file not found: articles/lead.txt")


def test_file_outside_the_folder(tmp_path: Path) -> None:
    text = edit("articles/brief.txt", "../../etc/passwd")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("passwd", text), 15, "file '../../etc/passwd' is outside the issue folder")


def test_absolute_file_path(tmp_path: Path) -> None:
    outside = tmp_path / "photo.png"
    outside.write_bytes(png_bytes())
    text = edit("images/photo.png", str(outside))
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("file:", text), 19, f"file '{outside}' must be a path relative to the issue folder")


def test_symlink_out_of_the_folder(tmp_path: Path) -> None:
    folder = make_issue(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (folder / "articles" / "brief.txt").unlink()
    (folder / "articles" / "brief.txt").symlink_to(secret)
    assert at(only(folder)) == (
        line_of("brief.txt"), 15, "file 'articles/brief.txt' is outside the issue folder")


def test_body_not_utf8(tmp_path: Path) -> None:
    folder = make_issue(tmp_path)
    (folder / "articles" / "brief.txt").write_bytes(b"Hello, world\xb6\xf8")
    assert at(only(folder)) == (
        line_of("brief.txt"), 15,
        "articles/brief.txt is not UTF-8 text (invalid byte 0xb6 at offset 12)")


def test_truncated_image(tmp_path: Path) -> None:
    folder = make_issue(tmp_path)
    (folder / "images" / "photo.png").write_bytes(png_bytes()[:60])
    problem = only(folder)
    assert (problem.line, problem.col) == (line_of("photo.png"), 19)
    assert problem.message.startswith("images/photo.png is not a readable image: ")


def test_not_an_image(tmp_path: Path) -> None:
    folder = make_issue(tmp_path)
    (folder / "images" / "photo.png").write_bytes(b"GIF89a but not really")
    assert at(only(folder)) == (
        line_of("photo.png"), 19,
        "images/photo.png is not a readable image: cannot identify image file")


# --------------------------------------------------------------------------- the grid

def test_text_columns_too_narrow(tmp_path: Path) -> None:
    text = edit("top: 12, height: 40}", "top: 12, height: 40, text_columns: 8}")
    union = line_of("text_columns: 8", text)
    assert at(only(make_issue(tmp_path, text))) == (
        union, 66, "'text_columns' 8 leaves text columns narrower than 6 字")


def test_placement_outside_the_grid(tmp_path: Path) -> None:
    text = edit("columns: 5-6, top: 12}", "columns: 5-8, top: 80}")
    text = edit("top: 12, height: 40}", "top: 12, height: 70, text_columns: 9}", text)
    union, brief = line_of("height: 70", text), line_of("5-8", text)
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (union, 48, "'height' 70 from line 12 does not fit the page (73 lines)"),
        (union, 66, "'text_columns' 9 is more than twice the module's 4 column(s)"),
        (brief, 26, "'columns' 5-8 is outside the grid (columns 1-6)"),
        (brief, 36, "'top' 80 is below the last grid line (lines 0-72)"),
    ]


def test_overlapping_articles(tmp_path: Path) -> None:
    text = edit("columns: 5-6, top: 12}", "columns: 4-6, top: 12}")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("4-6", text), 16,
        "article 'brief' overlaps article 'union' (columns 4, lines 12-51)")


def test_masthead_overlap(tmp_path: Path) -> None:
    text = edit("top: 12, height: 40", "top: 5, height: 40")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("top: 5", text), 16, "article 'union' overlaps the masthead (lines 0-11)")


def test_image_wider_than_the_article(tmp_path: Path) -> None:
    text = edit("            columns: 2\n", "            columns: 5\n")
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("columns: 5", text), 22,
        "image images/photo.png is 5 columns wide, but the article has 4 text column(s)")


# --------------------------------------------------------------------------- jumps

def test_continued_on_a_missing_page(tmp_path: Path) -> None:
    text = edit("continued_on: 2", "continued_on: 3")
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (line_of("continued_on", text), 23,
         "'continued_on' 3 is not a page of this issue (pages: 1, 2)"),
        (line_of("continues:", text), 20,
         "article 'union' does not continue on page 2 (it says continued_on: 3)"),
    ]


def test_jump_for_the_wrong_article(tmp_path: Path) -> None:
    text = edit("continues: union", "continues: brief")
    assert [at(p) for p in problems(make_issue(tmp_path, text))] == [
        (line_of("continued_on", text), 23, "page 2 has no jump entry 'continues: union'"),
        (line_of("continues:", text), 20,
         "article 'brief' does not continue on page 2 (it has no continued_on)"),
    ]


def test_jump_to_no_article(tmp_path: Path) -> None:
    text = edit("continues: union", "continues: nosuch")
    text = edit("        continued_on: 2\n", "", text)
    assert at(only(make_issue(tmp_path, text))) == (
        line_of("continues:", text), 20, "jump continues 'nosuch', but no article has that id")


def test_continued_on_its_own_page(tmp_path: Path) -> None:
    text = edit("continued_on: 2", "continued_on: 1")
    found = [at(p) for p in problems(make_issue(tmp_path, text))]
    assert found[0] == (line_of("continued_on", text), 23,
                        "article 'union' cannot continue on its own page 1")


# --------------------------------------------------------------------------- together

def test_several_problems_sorted_by_line(tmp_path: Path) -> None:
    text = edit("    section: 综合", "    section: 综合\n    colour: cmyk")   # page 2
    text = edit("top: 12, height: 40", "top: abc, height: 40", text)         # union
    text = edit("CN50-0064", "CN5", text)                                     # newspaper
    found = problems(make_issue(tmp_path, text))
    assert [p.line for p in found] == [3, line_of("top: abc", text), line_of("colour", text)]
    assert [p.message for p in found] == [
        "'serial' must look like CN50-0064",
        "'top' must be a whole number, not 'abc'",
        "unknown key 'colour' (did you mean 'color'?)",
    ]


def test_reference_problems_are_collected_together(tmp_path: Path) -> None:
    text = edit("id: brief", "id: union")
    text = edit("articles/brief.txt", "articles/gone.txt", text)
    found = [p.message for p in problems(make_issue(tmp_path, text))]
    assert found == [f"duplicate article id 'union' (first used at line {line_of('id: union')})",
                     "file not found: articles/gone.txt"]


# --------------------------------------------------------------------------- the folder

def test_missing_folder(tmp_path: Path) -> None:
    problem = only(tmp_path / "nowhere")
    assert (problem.line, problem.message) == (None, "issue folder does not exist")
    assert str(problem) == f"{tmp_path / 'nowhere'}: issue folder does not exist"


def test_folder_without_manifest(tmp_path: Path) -> None:
    assert only(tmp_path).message == "no issue.yaml in this folder"


def test_manifest_is_a_directory(tmp_path: Path) -> None:
    (tmp_path / "issue.yaml").mkdir()
    assert only(tmp_path).message == "this is not a file"


def test_empty_file(tmp_path: Path) -> None:
    assert at(only(make_issue(tmp_path, ""))) == (None, None, "the file is empty")
    assert at(only(make_issue(tmp_path / "b", "# nothing but a comment\n"))) == (
        None, None, "the file is empty")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert at(only(make_issue(tmp_path, "- a\n- b\n"))) == (
        1, 1, "the manifest must be a mapping with newspaper, issue and pages, not a list")


def test_manifest_not_utf8(tmp_path: Path) -> None:
    folder = make_issue(tmp_path)
    (folder / "issue.yaml").write_bytes(b"newspaper:\n  name: \xb1\xa8\n")
    assert at(only(folder)) == (2, 9, "not UTF-8 text (invalid byte 0xb1)")


def test_mangled_manifests_only_raise_manifest_error(tmp_path: Path) -> None:
    """Random edits of the valid manifest: load_issue returns or raises ManifestError, nothing
    else, and every problem has a message."""
    rng = random.Random(7)
    pieces = list(":-[]{}&*!|>'\"#, \n0123456789abz~?") + [
        "\t", "<<: ", "*a", "&a ", "!!python/object:os.system ", "2026-02-30", "rest", "null"]
    folder = make_issue(tmp_path)
    for _ in range(200):
        text = VALID
        for _ in range(rng.randint(1, 3)):
            at_ = rng.randrange(len(text))
            if rng.random() < 0.5:
                text = text[:at_] + rng.choice(pieces) + text[at_:]
            else:
                text = text[:at_] + text[at_ + rng.randint(1, 8):]
        (folder / "issue.yaml").write_text(text, encoding="utf-8")
        try:
            load_issue(folder)
        except ManifestError as error:
            assert error.problems and all(p.message for p in error.problems)


def test_font_entry_messages_name_the_font(tmp_path: Path) -> None:
    """Keys inside a `fonts:` role entry get suggestions and the entry is called a font."""
    text = edit("  number: 1234\n", "  number: 1234\n  fonts:\n    song: {fiel: x.ttf}\n"
                "    kai: {index: 1}\n")
    found = [at(p)[2] for p in problems(make_issue(tmp_path, text))]
    assert "unknown key 'fiel' (did you mean 'file'?)" in found
    assert "missing required field 'file' in font" in found
