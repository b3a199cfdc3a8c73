"""Fill a chain of frames with a story's rows: keep-with-next, balanced last columns, leftovers.

"Frames full" is a return value (`Filled.next_row` short of the end), never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from layout.flow.grid import Frame
from layout.flow.story import Row


@dataclass(frozen=True, slots=True)
class Slot:
    """A row placed in frame `frame` starting at grid line `line`."""

    frame: int
    line: int
    row: Row


@dataclass(frozen=True, slots=True)
class Filled:
    """The rows placed, and the index of the first row that did not fit (= len(rows) if all did)."""

    slots: tuple[Slot, ...]
    next_row: int

    def depth(self, frame: int) -> int:
        """Last grid line used in `frame` + 1, or -1 if the frame is empty."""
        used = [s.line + s.row.height for s in self.slots if s.frame == frame]
        return max(used) if used else -1


def fill(rows: Sequence[Row], frames: Sequence[Frame], start: int = 0,
         widows: bool = True) -> Filled:
    """Place rows from `start` into the frames in order, one grid line per body line.

    With `widows`, a paragraph's last line never starts a frame: the line before it moves
    along, so at least two lines of the paragraph open the next frame."""
    slots: list[Slot] = []
    r = start
    for f, frame in enumerate(frames):
        line = frame.top
        first = len(slots)
        while r < len(rows):
            row = rows[r]
            need = row.height + _kept_lines(rows, r)
            if line + need > frame.bottom and not (line == frame.top and need > frame.lines):
                break  # keep-with-next: the subhead goes to the next frame with its text
            if line + row.height > frame.bottom:
                break
            slots.append(Slot(f, line, row))
            line += row.height
            r += 1
        if widows and f + 1 < len(frames) and _widow(rows, r, slots, first):
            slots.pop()
            r -= 1
    return Filled(tuple(slots), r)


def _widow(rows: Sequence[Row], r: int, slots: list[Slot], first: int) -> bool:
    """Would row `r`, a paragraph's last line, open the next frame alone? Only moved when the
    line before it is not the paragraph's first (that would leave an orphan) and the frame
    keeps at least two rows."""
    if r >= len(rows) or not rows[r].para_last or rows[r].para_first or len(slots) - first < 3:
        return False
    prev = slots[-1].row
    return prev.block == rows[r].block and not prev.para_first and rows[r].kind != "subhead"


def _kept_lines(rows: Sequence[Row], r: int) -> int:
    """Lines of the following rows that must share the frame with row `r`; a subhead among them
    brings its own kept rows too (keep-with-next is transitive)."""
    if not rows[r].keep_with_next:
        return 0  # the usual row: nothing kept with it
    end = r + 1 + rows[r].keep_with_next
    k = r + 1
    while k < min(end, len(rows)):
        if rows[k].keep_with_next:
            end = max(end, k + 1 + rows[k].keep_with_next)
        k += 1
    return sum(rows[j].height for j in range(r + 1, min(len(rows), end)))


def keeps_together(rows: Sequence[Row], filled: Filled) -> bool:
    """Does every placed row with keep-with-next share its frame with the rows it keeps?"""
    frame_of = {id(s.row): s.frame for s in filled.slots}
    for k, slot in enumerate(filled.slots):
        keep = slot.row.keep_with_next
        for nxt in filled.slots[k + 1:k + 1 + keep]:
            if frame_of[id(nxt.row)] != slot.frame:
                return False
    return True


def balance(rows: Sequence[Row], frames: Sequence[Frame], start: int = 0,
            widows: bool = True) -> Filled:
    """Fill so the columns end at (nearly) the same depth, within ±1 line where the rows allow.

    1. the lowest common bottom line that still holds every row (keeping subheads with their
       text); 2. within it, shares of the lines as even as possible, column by column. If the
    rows do not all fit the frames, the plain fill is returned."""
    full = fill(rows, frames, start, widows)
    if full.next_row < len(rows) or len(frames) < 2:
        return full
    ok = keeps_together(rows, full)
    lo, hi = min(f.top for f in frames), max(f.bottom for f in frames)
    while lo < hi:
        mid = (lo + hi) // 2
        if _fits(rows, _cut(frames, mid), start, widows, ok):
            hi = mid
        else:
            lo = mid + 1
    cut = _cut(frames, lo)
    total = sum(row.height for row in rows[start:])
    for slack in range(0, 3):
        even = [replace(f, lines=c) for f, c in zip(cut, _even_shares(cut, lo, total, slack))]
        trial = fill(rows, even, start, widows)
        if trial.next_row == len(rows) and (keeps_together(rows, trial) or not ok):
            return trial
    return fill(rows, cut, start, widows)


def _fits(rows, frames, start, widows, keep: bool) -> bool:
    trial = fill(rows, frames, start, widows)
    return trial.next_row == len(rows) and (keeps_together(rows, trial) or not keep)


def _even_shares(frames: Sequence[Frame], bottom: int, total: int, slack: int) -> list[int]:
    """Lines per frame so that the columns end on `bottom` or the line above it: the first
    frames take the extra lines (`slack` lets each frame take a few more if rows don't fit)."""
    low = [max(0, min(f.lines, bottom - 1 - f.top)) for f in frames]
    extra = max(0, total - sum(low))
    shares = []
    for f, base in zip(frames, low):
        take = min(f.lines - base, extra)
        extra -= take
        shares.append(min(f.lines, base + take + slack))
    return shares


def best_fill(rows: Sequence[Row], frames: Sequence[Frame],
              widows: bool = True) -> tuple[Filled, bool]:
    """Fill with widow control, unless giving it up places more rows (a widow is a blemish;
    overflow is lost text). Returns the fill and whether widow control was kept."""
    filled = fill(rows, frames, 0, widows)
    if widows and filled.next_row < len(rows):
        plain = fill(rows, frames, 0, False)
        if plain.next_row > filled.next_row:
            return plain, False
    return filled, widows


def _cut(frames: Sequence[Frame], bottom: int) -> list[Frame]:
    return [replace(f, lines=max(0, min(f.bottom, bottom) - f.top)) for f in frames]
