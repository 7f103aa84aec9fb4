"""The current figure at each moment, as a chart's step line follows it, with and without
a followed source: always what `current_figure` says of the heads reported so far."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from domain.current import (
    current_figure,
    current_over_time,
    current_over_time_following,
    precedence,
)

T0 = datetime(2017, 5, 22, 21, 31, tzinfo=UTC)
Figure = tuple[str, datetime, int, int]  # source, as_of, entry, value


def key(figure: Figure) -> tuple[datetime, int]:
    return precedence(figure[1], figure[2])


def source(figure: Figure) -> str:
    return figure[0]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


SERIES: list[Figure] = [
    ("bbc", at(2), 2, 19),
    ("police", at(3), 3, 19),
    ("tabloid", at(5), 4, 30),
    ("police", at(9), 5, 22),
    ("tabloid", at(12), 6, 35),
]


def test_without_a_followed_source_each_later_report_is_current_as_it_arrives() -> None:
    following = list(current_over_time_following(SERIES, key, source))

    assert following == list(current_over_time(SERIES, key)) == SERIES


def test_a_followed_source_holds_the_line_once_it_has_reported() -> None:
    following = [f[3] for f in current_over_time_following(SERIES, key, source, "police")]

    assert following == [19, 19, 19, 22, 22]  # the tabloid's 30 and 35 never take over


def test_before_the_followed_source_reports_the_latest_of_any_source_is_current() -> None:
    following = [f[3] for f in current_over_time_following(SERIES, key, source, "tabloid")]

    assert following == [19, 19, 30, 30, 35]


def test_a_followed_source_that_never_reports_leaves_the_latest_current() -> None:
    following = list(current_over_time_following(SERIES, key, source, "the inquiry"))

    assert following == SERIES


def test_reports_given_out_of_order_are_taken_in_precedence_order() -> None:
    shuffled = list(reversed(SERIES))

    assert list(current_over_time_following(shuffled, key, source, "police")) == list(
        current_over_time_following(SERIES, key, source, "police")
    )


def test_each_moment_agrees_with_the_current_figure_of_the_heads_so_far() -> None:
    rng = random.Random(16)
    for _ in range(200):
        figures = [
            (rng.choice("abc"), at(rng.randrange(0, 48)), entry, rng.randrange(0, 100))
            for entry in range(2, 2 + rng.randrange(1, 12))
        ]
        followed = rng.choice([None, "a", "b", "z"])
        ordered = sorted(figures, key=key)
        for arrived, shown in enumerate(
            current_over_time_following(figures, key, source, followed)
        ):
            so_far = ordered[: arrived + 1]
            heads = {
                name: max((f for f in so_far if f[0] == name), key=key)
                for name in {f[0] for f in so_far}
            }
            assert shown == current_figure(heads.values(), key, source, followed)
