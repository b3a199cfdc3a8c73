"""Filling and balancing frames with rows (flow.fill / flow.balance), on tiny 10 字 × 6 行 frames."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layout.flow.flow import Filled, balance, fill, keeps_together
from layout.flow.grid import Frame
from layout.flow.story import Row, compose_story
from layout.model import Article, Module, Paragraph, Subhead
from layout.style import TextStyle, default_style
from tests.fakes import FakeMetrics

SIZE = 10.0
MEASURE = 10 * SIZE   # 10 字
LINES = 6             # 6 行
BODY = TextStyle("song", SIZE)


def frames(n: int, lines: int = LINES, top: int = 0) -> list[Frame]:
    return [Frame(k * 120.0, MEASURE, top, lines) for k in range(n)]


def body(n: int) -> list[Row]:
    return [Row("body", (), 1, 0, k, k + 1, BODY) for k in range(n)]


def subhead(height: int = 2) -> Row:
    return Row("subhead", (), height, 0, 0, 0, BODY, keep_with_next=2)


def check_threading(rows, frs, filled: Filled, start: int = 0) -> None:
    """Rows rows[start:next_row] are placed once each, in order, frame by frame, top down with no
    gaps, each inside its frame; rows[next_row:] are the overflow."""
    assert [s.row for s in filled.slots] == list(rows[start:filled.next_row])
    assert start <= filled.next_row <= len(rows)
    assert [s.frame for s in filled.slots] == sorted(s.frame for s in filled.slots)
    for f, frame in enumerate(frs):
        mine = [s for s in filled.slots if s.frame == f]
        line = frame.top
        for s in mine:
            assert s.line == line
            line += s.row.height
        assert line <= frame.bottom or (len(mine) == 1 and mine[0].row.height > frame.lines)


def check_keep_with_next(rows, frs, filled: Filled) -> None:
    """A row with keep_with_next = k is in the same frame as the k rows after it (unless they do
    not exist, or it stands at the top of a frame too short for all of them)."""
    where = {id(s.row): s for s in filled.slots}
    for k, s in enumerate(filled.slots):
        row = s.row
        r = rows.index(row)
        following = rows[r + 1:r + 1 + row.keep_with_next]
        need = row.height + sum(x.height for x in following)
        if s.line == frs[s.frame].top and need > frs[s.frame].lines:
            continue
        for x in following:
            assert id(x) in where, (r, "kept row not placed")
            assert where[id(x)].frame == s.frame, (r, "kept row in another frame")


# --- fill ---------------------------------------------------------------------------------

def test_columns_are_threaded_in_order():
    rows, frs = body(15), frames(3)
    filled = fill(rows, frs)
    assert filled.next_row == 15
    assert [(s.frame, s.line) for s in filled.slots] == \
        [(0, k) for k in range(6)] + [(1, k) for k in range(6)] + [(2, k) for k in range(3)]
    assert [filled.depth(f) for f in range(3)] == [6, 6, 3]
    check_threading(rows, frs, filled)


def test_full_frames_return_the_next_row_instead_of_raising():
    rows, frs = body(20), frames(3)
    filled = fill(rows, frs)
    assert filled.next_row == 18
    check_threading(rows, frs, filled)
    again = fill(rows, frames(1), start=filled.next_row)  # the overflow continues elsewhere
    assert [s.row for s in again.slots] == rows[18:] and again.next_row == 20


def test_fill_from_a_start_row():
    rows = body(10)
    filled = fill(rows, frames(1), start=3)
    assert [s.row for s in filled.slots] == rows[3:9] and filled.next_row == 9


def test_a_paragraph_last_line_does_not_open_a_frame_alone():
    rows = [Row("body", (), 1, 0, k, k + 1, BODY, para_first=k == 0, para_last=k == 6)
            for k in range(7)]
    frs = frames(2)
    assert [s.frame for s in fill(rows, frs).slots] == [0] * 5 + [1] * 2
    assert [s.frame for s in fill(rows, frs, widows=False).slots] == [0] * 6 + [1]


def test_no_frames_or_no_rows():
    assert fill(body(3), []) == Filled((), 0)
    assert fill([], frames(2)) == Filled((), 0)


def test_frames_with_offset_tops():
    frs = [Frame(0, MEASURE, 2, 4), Frame(120, MEASURE, 0, 6)]
    filled = fill(body(8), frs)
    assert [(s.frame, s.line) for s in filled.slots] == \
        [(0, 2), (0, 3), (0, 4), (0, 5), (1, 0), (1, 1), (1, 2), (1, 3)]


def test_subhead_goes_to_the_next_frame_with_its_text():
    # Frame 0: 4 body lines, then a 2-line subhead would end the frame without its 2 lines.
    rows = body(4) + [subhead()] + body(5)
    frs = frames(2)
    filled = fill(rows, frs)
    assert [s.frame for s in filled.slots] == [0] * 4 + [1] * 5
    assert filled.slots[4].line == 0 and filled.next_row == 9
    check_keep_with_next(rows, frs, filled)


def test_subhead_fits_with_its_two_lines():
    rows = body(2) + [subhead()] + body(5)
    filled = fill(rows, frames(2))
    assert [s.frame for s in filled.slots] == [0] * 5 + [1] * 3


def test_subhead_that_cannot_keep_its_lines_anywhere_is_placed_at_a_frame_top():
    rows = [subhead(5)] + body(3)   # 5 + 2 kept lines > 6 lines in any frame
    filled = fill(rows, frames(2))
    assert filled.next_row == 4
    assert [(s.frame, s.line) for s in filled.slots] == [(0, 0), (0, 5), (1, 0), (1, 1)]


def test_row_taller_than_every_frame_overflows():
    rows = body(2) + [Row("subhead", (), 7, 0, 0, 0, BODY)] + body(2)
    filled = fill(rows, frames(2))
    assert filled.next_row == 2  # not placed, and nothing after it is either


@pytest.mark.parametrize("rows, lines", [
    (body(2) + [subhead(2)] + body(1) + [subhead(3)] + body(2), 8),  # one-line paragraph between
    (body(1) + [subhead(2), subhead(2)] + body(4), 6),                # two subheads in a row
], ids=["one-line-between", "adjacent"])
def test_subhead_near_another_subhead_keeps_its_rows(rows, lines):
    frs = frames(2, lines)
    check_keep_with_next(rows, frs, fill(rows, frs))


# Random stories of body lines and subheads, at least 2 body rows after each subhead.
def _story(draw_list):
    rows, since_sub = [], 3
    for kind, height in draw_list:
        if kind == "subhead" and since_sub > 2:
            rows.append(Row("subhead", (), height, len(rows), 0, 0, BODY, keep_with_next=2))
            since_sub = 0
        else:
            rows.append(Row("body", (), 1, len(rows), 0, 1, BODY))
        since_sub += 1
    return rows


stories = st.lists(st.tuples(st.sampled_from(["body"] * 5 + ["subhead"]), st.integers(2, 3)),
                   max_size=40).map(_story)
frame_sets = st.lists(st.tuples(st.integers(0, 3), st.integers(1, 8)), min_size=1, max_size=4)\
    .map(lambda fs: [Frame(k * 120.0, MEASURE, top, n) for k, (top, n) in enumerate(fs)])
FLOW_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None)


@FLOW_SETTINGS
@given(stories, frame_sets)
def test_fill_properties(rows, frs):
    filled = fill(rows, frs)
    check_threading(rows, frs, filled)
    check_keep_with_next(rows, frs, filled)


@FLOW_SETTINGS
@given(stories, frame_sets)
def test_balance_properties(rows, frs):
    filled = balance(rows, frs)
    check_threading(rows, frs, filled)
    assert filled.next_row == fill(rows, frs).next_row  # balancing never loses rows
    if filled.next_row == len(rows) and len(frs) > 1 and rows:
        # The lowest common bottom line: one line higher, the rows would not all fit (or only
        # by parting a subhead from its text where the plain fill kept them together).
        bottom = max(s.line + s.row.height for s in filled.slots)
        cut = [replace(f, lines=max(0, min(f.bottom, bottom - 1) - f.top)) for f in frs]
        higher = fill(rows, cut)
        assert higher.next_row < len(rows) or (
            keeps_together(rows, fill(rows, frs)) and not keeps_together(rows, higher))


def test_balance_keeps_a_subhead_with_its_lines():
    rows = [subhead(2)] + body(1)
    frs = [Frame(0, MEASURE, 0, 3), Frame(120, MEASURE, 0, 1)]
    check_keep_with_next(rows, frs, fill(rows, frs))     # fill: all three lines in frame 0
    check_keep_with_next(rows, frs, balance(rows, frs))  # balance: the body line goes to frame 1


# --- balance ------------------------------------------------------------------------------

@pytest.mark.parametrize("n, depths", [(12, [4, 4, 4]), (14, [5, 5, 4]), (3, [1, 1, 1]),
                                       (18, [6, 6, 6]), (1, [1, -1, -1])])
def test_balance_exact(n, depths):
    rows, frs = body(n), frames(3)
    filled = balance(rows, frs)
    assert filled.next_row == n
    assert [filled.depth(f) for f in range(3)] == depths
    check_threading(rows, frs, filled)


def test_balance_returns_plain_fill_when_rows_overflow():
    rows, frs = body(20), frames(3)
    assert balance(rows, frs) == fill(rows, frs)


@pytest.mark.parametrize("n", [2, 5, 6, 8, 9, 11, 12, 14, 15, 17,
                               4, 7, 10, 13, 16])
def test_balanced_depths_within_one_line(n):
    """Body lines only: every column ends within ±1 line of the others (an empty column at 0)."""
    rows, frs = body(n), frames(3)
    filled = balance(rows, frs)
    assert filled.next_row == n
    depths = [max(0, filled.depth(f)) for f in range(3)]
    assert max(depths) - min(depths) <= 1, depths


# --- rows from a composed story -----------------------------------------------------------

def _article(blocks) -> Article:
    return Article("a", "标题", tuple(blocks), Module(1, 3, 0, None))


def test_story_rows_thread_through_columns_in_text_order():
    article = _article([
        Paragraph("今天上午，市人民代表大会第三次会议在人民大会堂开幕。来自各行各业的代表出席会议，"
                  "听取并审议政府工作报告。"),
        Subhead("城市更新稳步推进"),
        Paragraph("报告指出，过去一年全市完成老旧小区改造三百个，新增公园绿地一百二十公顷。"),
    ])
    story = compose_story(article, default_style(SIZE), FakeMetrics(), MEASURE, SIZE * 1.5)
    rows = list(story.rows)
    assert [r.kind for r in rows].count("subhead") == 1
    frs = frames(3)
    filled = fill(rows, frs)
    check_threading(rows, frs, filled)
    check_keep_with_next(rows, frs, filled)
    text = "".join(l.text for s in filled.slots if s.row.kind != "subhead" for l in s.row.lines)
    expected = "".join(b.text for b in article.blocks if isinstance(b, Paragraph))
    assert text == expected[:len(text)]
    # Rows of one paragraph cover its text without gaps.
    for block in (0, 2):
        spans = [(r.start, r.end) for r in rows if r.block == block]
        assert spans[0][0] == 0 and spans[-1][1] == len(article.blocks[block].text)
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


def test_story_overflow_is_exactly_the_rows_not_placed():
    article = _article([Paragraph("这是一段很长的正文。" * 30)])
    story = compose_story(article, default_style(SIZE), FakeMetrics(), MEASURE, SIZE * 1.5)
    rows, frs = list(story.rows), frames(3)
    assert len(rows) > 18
    filled = fill(rows, frs)
    assert filled.next_row == 18
    placed = [s.row for s in filled.slots]
    assert placed + rows[filled.next_row:] == rows
    assert not any(r in placed for r in rows[filled.next_row:])
