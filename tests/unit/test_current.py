"""The current-figure rule and the disagreement rule of DESIGN §4, and name identity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.current import (
    Bounds,
    current_figure,
    disagreement,
    order_by,
    precedence,
    supersedes,
)
from domain.names import name_key, same_name

T0 = datetime(2017, 5, 23, 8, 0, tzinfo=UTC)
Head = tuple[str, datetime, int]  # source, as_of, entry


def key(head: Head) -> tuple[datetime, int]:
    return precedence(head[1], head[2])


def source(head: Head) -> str:
    return head[0]


def test_the_later_as_of_supersedes_and_a_tie_goes_to_the_later_entry() -> None:
    assert supersedes(precedence(T0 + timedelta(hours=1), 2), precedence(T0, 9))
    assert supersedes(precedence(T0, 10), precedence(T0, 9))
    assert not supersedes(precedence(T0, 9), precedence(T0, 10))
    assert supersedes(precedence(T0, 1), None)


def test_without_a_followed_source_the_latest_head_is_current() -> None:
    heads = [("police", T0, 5), ("tabloid", T0 + timedelta(hours=2), 3)]

    assert current_figure(heads, key, source) == heads[1]


def test_the_followed_sources_head_is_current_even_when_another_is_later() -> None:
    heads = [("official review", T0, 5), ("tabloid", T0 + timedelta(hours=2), 7)]

    assert current_figure(heads, key, source, followed="official review") == heads[0]


def test_a_followed_source_without_a_figure_leaves_the_latest_head_current() -> None:
    heads = [("police", T0, 5), ("tabloid", T0 + timedelta(hours=2), 3)]

    assert current_figure(heads, key, source, followed="the inquiry") == heads[1]


def test_no_heads_no_current_figure() -> None:
    assert current_figure([], key, source) is None


def bounds(low: int | None, high: int | None, hours: float = 0, name: str = "s") -> Bounds:
    return Bounds(T0 + timedelta(hours=hours), low, high, name)


def test_heads_whose_intervals_do_not_overlap_disagree_with_their_hull() -> None:
    found = disagreement(
        [bounds(22, 22, name="police"), bounds(51, None, 1, "tabloid"), bounds(20, 30, 2, "x")],
        T0,
    )

    assert found is not None
    assert (found.low, found.high) == (20, None)
    assert found.sources == ("police", "tabloid", "x")


def test_overlapping_intervals_do_not_disagree() -> None:
    assert disagreement([bounds(22, 22), bounds(20, None, 1), bounds(None, 59, 2)], T0) is None


def test_an_open_low_counts_as_zero_and_an_open_high_as_unbounded() -> None:
    assert disagreement([bounds(None, 10), bounds(0, None)], T0) is None
    found = disagreement([bounds(None, 10), bounds(11, None)], T0)
    assert found is not None
    assert (found.low, found.high) == (0, None)


def test_heads_with_no_bound_take_no_part() -> None:
    assert disagreement([bounds(22, 22), bounds(None, None, 0.5)], T0) is None


@pytest.mark.parametrize(("hours", "apart"), [(6, True), (6.01, False), (-6, True), (-7, False)])
def test_only_heads_within_six_hours_of_the_current_figure_count(hours: float, apart: bool) -> None:
    found = disagreement([bounds(22, 22), bounds(139, 139, hours)], T0)

    assert (found is not None) is apart


def test_the_sql_order_puts_the_current_figure_first() -> None:
    assert order_by({"as_of": "k", "entry": "e"}) == "k DESC, e DESC"


@pytest.mark.parametrize(
    "spelling",
    ["Reuters", "REUTERS", "  reuters ", "Ｒｅｕｔｅｒｓ", "Reuters\u200b", "Reu\u00adters"],  # noqa: RUF001
)
def test_spellings_of_one_name_are_the_same_name(spelling: str) -> None:
    assert same_name(spelling, "Reuters")


def test_different_names_stay_different() -> None:
    assert name_key("Reuters") != name_key("Reuters Health")
    assert name_key("Greater  Manchester\tPolice") == "greater manchester police"
