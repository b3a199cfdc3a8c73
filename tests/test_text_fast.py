"""The composer's shortcuts give what the plain definitions give: the itemizer's break table
equals `BreakTable(items)`, memoized shapes and gaps equal fresh ones, and the fast
constructors build equal frozen objects."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layout.text import itemize as itemize_module
from layout.text.fastinit import maker
from layout.text.itemize import Glyphs, itemize
from layout.text.linebreak import Box, BreakTable
from tests.fakes import FakeMetrics, itemize_config

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
TOKENS = list("的一是在不了有和人这中年月日龘𪚥") + list("、，。：；！？“”‘’《》（）·～/") + [
    "……", "——", " ", "abc", "Wi-Fi", "2026", "12.5%", "￥100", "(", ")", "αβ"]
paragraphs = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
configs = st.builds(itemize_config, kinsoku=st.sampled_from(["none", "basic", "gb", "strict"]),
                    punctuation=st.sampled_from(["quanjiao", "kaiming", "banjiao"]),
                    indent_em=st.sampled_from([0.0, 2.0]), hang=st.booleans(),
                    squeeze_em=st.sampled_from([0.0, 0.1]), hyphenate=st.booleans())


class TwoFaces(FakeMetrics):
    """Latin letters and Greek in a face of their own, so units are set in several runs."""

    def face_for(self, role, char):
        if char in self.missing:
            return None
        return "latin" if char.isascii() or char in "αβ" else role


METRICS = (FakeMetrics(), FakeMetrics(missing="龘𪚥"), TwoFaces(missing="龘"))


@SETTINGS
@given(paragraphs, configs, st.booleans(), st.sampled_from(METRICS))
def test_itemizer_table_is_the_items_table(text, config, indent, metrics):
    result = itemize(text, "song", 10.0, metrics, config, indent)
    scanned = BreakTable(result.items)
    for built, plain in ((result.table.with_hangs(), scanned),
                         (result.table, scanned.without_hangs())):
        for name in BreakTable.__slots__:
            if not name.startswith("_") and name != "hangs":
                assert getattr(built, name) == getattr(plain, name), name


@SETTINGS
@given(st.lists(paragraphs, min_size=2, max_size=4), configs, st.sampled_from(METRICS))
def test_memoized_itemizing_equals_fresh(texts, config, metrics):
    warm = [itemize(t, "song", 10.0, metrics, config) for t in texts]
    fresh = []
    for t in texts:
        itemize_module.clear_caches()
        fresh.append(itemize(t, "song", 10.0, metrics, config))
    assert warm == fresh


@pytest.mark.parametrize("cls, args", [
    (Glyphs, ("好", "song", 9.0, -4.5, 1.0, 3)), (Box, (9.0, None, 1.0))])
def test_fast_constructors_build_equal_frozen_objects(cls, args):
    made = maker(cls)(*args)
    assert type(made) is cls and made == cls(*args) and hash(made) == hash(cls(*args))
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, dataclasses.fields(cls)[0].name, args[0])
