"""Time keys: comparing them as text must compare the instants, in every year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from projections.sql import time_key


def test_keys_sort_as_the_instants_they_stand_for_across_centuries() -> None:
    moments = [
        datetime(1, 1, 1, 0, 0, tzinfo=UTC),
        datetime(24, 3, 23, tzinfo=UTC),
        datetime(999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
        datetime(1000, 1, 1, tzinfo=UTC),
        datetime(2024, 3, 22, 19, 58, tzinfo=timezone(timedelta(hours=3))),
        datetime(2024, 3, 22, 17, 0, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ]
    keys = [time_key(m) for m in moments]
    assert sorted(keys) == [time_key(m) for m in sorted(moments)]
    assert len({len(k) for k in keys}) == 1


def test_the_same_instant_in_two_offsets_has_one_key() -> None:
    moscow = datetime(2024, 3, 22, 19, 58, tzinfo=timezone(timedelta(hours=3)))
    assert time_key(moscow) == time_key(moscow.astimezone(UTC)) == "2024-03-22T16:58:00.000000Z"


def test_moments_beyond_the_calendar_clamp_to_its_ends() -> None:
    before = datetime(1, 1, 1, 5, 0, tzinfo=timezone(timedelta(hours=14)))
    after = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-12)))
    assert time_key(before) == time_key(datetime.min.replace(tzinfo=UTC))
    assert time_key(after) == time_key(datetime.max.replace(tzinfo=UTC))
