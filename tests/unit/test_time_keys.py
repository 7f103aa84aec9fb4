"""Time keys: comparing them as text must compare the instants, in every year."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from projections.sql import time_key, time_texts


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


def test_a_remembered_time_keeps_the_offset_it_was_given_with() -> None:
    moscow = datetime(2024, 3, 22, 19, 58, tzinfo=timezone(timedelta(hours=3)))
    utc = moscow.astimezone(UTC)
    assert time_texts(moscow) == ("2024-03-22T19:58:00+03:00", "2024-03-22T16:58:00.000000Z")
    assert time_texts(utc) == ("2024-03-22T16:58:00+00:00", "2024-03-22T16:58:00.000000Z")
    assert time_texts(moscow) == (moscow.isoformat(), time_key(moscow))


def test_keys_of_utc_and_other_offsets_agree_to_the_microsecond() -> None:
    start = datetime(2024, 3, 22, 16, 58, 0, 1, tzinfo=UTC)
    for step in range(0, 10**7, 999_983):
        moment = start + timedelta(microseconds=step)
        moscow = moment.astimezone(timezone(timedelta(hours=3)))
        assert time_key(moment) == time_key(moscow) == f"{moment:%Y-%m-%dT%H:%M:%S.%f}Z"
