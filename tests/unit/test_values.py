"""The rules on the values of entries: times, text limits, vocabularies, sources and
locations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.errors import InvalidValue
from domain.values import Location, Source, SourceKind
from tests.support.incidents import attribute, opened, report, revise, state

# Times ---------------------------------------------------------------------------------


def too_late() -> datetime:
    """A moment a little more than a day ahead of the clock."""
    return datetime.now(UTC) + timedelta(days=1, minutes=5)


def naive() -> datetime:
    """A moment without its offset."""
    return datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)


def open_at(moment: datetime) -> None:
    opened(occurred_at=moment)


def report_as_of(moment: datetime) -> None:
    report(opened(), as_of=moment)


def attribute_stated_at(moment: datetime) -> None:
    attribute(opened(), stated_at=moment)


def state_stated_at(moment: datetime) -> None:
    state(opened(), stated_at=moment)


def revise_occurred_at(moment: datetime) -> None:
    revise(opened(), {"occurred_at": moment})


TIMED: list[tuple[str, Callable[[datetime], None]]] = [
    ("occurred_at", open_at),
    ("as_of", report_as_of),
    ("stated_at", attribute_stated_at),
    ("stated_at", state_stated_at),
    ("occurred_at", revise_occurred_at),
]
TIMED_IDS = ["opening", "figure", "attribution", "statement", "revision"]


@pytest.mark.parametrize(("field", "command"), TIMED, ids=TIMED_IDS)
def test_a_time_more_than_a_day_in_the_future_is_refused(
    field: str, command: Callable[[datetime], None]
) -> None:
    with pytest.raises(InvalidValue) as raised:
        command(too_late())

    assert raised.value.field == field


@pytest.mark.parametrize(("field", "command"), TIMED, ids=TIMED_IDS)
def test_a_naive_time_is_refused(field: str, command: Callable[[datetime], None]) -> None:
    with pytest.raises(InvalidValue) as raised:
        command(naive())

    assert raised.value.field == field


@pytest.mark.parametrize(("field", "command"), TIMED, ids=TIMED_IDS)
def test_a_time_less_than_a_day_ahead_is_accepted(
    field: str, command: Callable[[datetime], None]
) -> None:
    command(datetime.now(UTC) + timedelta(hours=23))


def test_a_time_exactly_a_day_ahead_of_now_is_accepted() -> None:
    incident = opened()
    now = datetime.now(UTC)

    report(incident, as_of=now + timedelta(days=1), now=now)

    assert incident.version == 2


def test_a_time_in_another_offset_is_compared_as_the_same_instant() -> None:
    incident = opened()
    now = datetime.now(UTC)
    kyiv_time = (now + timedelta(hours=20)).astimezone(timezone(timedelta(hours=3)))

    report(incident, as_of=kyiv_time, now=now)

    assert incident.version == 2


# Text limits --------------------------------------------------------------------------


def test_a_title_of_300_characters_is_accepted() -> None:
    assert opened(title="t" * 300).details["title"] == "t" * 300


def test_a_title_over_300_characters_is_refused() -> None:
    with pytest.raises(InvalidValue):
        opened(title="t" * 301)


def test_a_revised_title_over_300_characters_is_refused() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {"title": "t" * 301})

    assert incident.version == 1


def test_fifty_tags_are_accepted() -> None:
    tags = [f"tag{n}" for n in range(50)]

    assert opened(tags=tags).details["tags"] == tags


def test_more_than_fifty_tags_are_refused() -> None:
    with pytest.raises(InvalidValue):
        opened(tags=[f"tag{n}" for n in range(51)])


def test_more_than_fifty_revised_tags_are_refused() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {"tags": [f"tag{n}" for n in range(51)]})

    assert incident.version == 1


def test_a_tag_over_fifty_characters_is_refused() -> None:
    with pytest.raises(InvalidValue):
        opened(tags=["t" * 51])


def test_a_tag_of_fifty_characters_is_accepted() -> None:
    assert opened(tags=["t" * 50]).details["tags"] == ["t" * 50]


def test_a_blank_tag_is_refused() -> None:
    with pytest.raises(InvalidValue):
        opened(tags=["explosion", "  "])


def test_tags_are_deduplicated_case_insensitively_keeping_the_first_spelling() -> None:
    incident = opened(tags=["Attack", "attack", " ATTACK ", "Kyiv", "kyiv"])

    assert incident.details["tags"] == ["Attack", "Kyiv"]


def test_repeated_tags_do_not_count_toward_the_limit() -> None:
    tags = [f"tag{n}" for n in range(50)] + ["TAG0"]

    assert len(opened(tags=tags).details["tags"]) == 50


def test_a_statement_over_ten_thousand_characters_is_refused() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        state(incident, statement="s" * 10_001)

    assert incident.version == 1


def test_a_party_name_over_two_hundred_characters_is_refused() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        attribute(incident, party="p" * 201)

    assert incident.version == 1


def test_a_blank_summary_is_stored_as_no_summary() -> None:
    assert opened(summary="   ").details["summary"] is None


# Vocabularies ---------------------------------------------------------------------------


def test_an_unknown_category_is_refused_as_an_invalid_value() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        report(incident, category="deaths")

    assert incident.version == 1


def test_an_unknown_stance_is_refused_as_an_invalid_value() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        attribute(incident, stance="blames")

    assert incident.version == 1


# Sources ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   "])
def test_a_source_needs_a_name(name: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        Source(name)

    assert raised.value.field == "source.name"


def test_a_source_name_over_two_hundred_characters_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Source("s" * 201)


def test_a_source_name_is_stripped_and_a_blank_url_means_none() -> None:
    source = Source("  Reuters ", url="  ")

    assert (source.name, source.url) == ("Reuters", None)


def test_a_naive_publication_time_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Source("Reuters", published_at=naive())


def test_an_unknown_source_kind_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Source("Reuters", kind="blog")  # type: ignore[arg-type]


def test_a_source_as_a_dict_holds_plain_values() -> None:
    published = datetime(2024, 3, 22, 20, 15, tzinfo=UTC)
    source = Source(
        "TASS", url="https://tass.com/", published_at=published, kind=SourceKind.STATE_MEDIA
    )

    shown = source.as_dict()

    assert shown == {
        "name": "TASS",
        "url": "https://tass.com/",
        "published_at": "2024-03-22T20:15:00+00:00",
        "kind": "state_media",
    }
    assert type(shown["kind"]) is str


# Locations -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   "])
def test_a_location_needs_a_name(name: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        Location(name)

    assert raised.value.field == "location.name"


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(90.5, 0.0), (-91.0, 0.0), (0.0, 180.5), (0.0, -181.0), (float("nan"), 0.0)],
)
def test_coordinates_out_of_range_are_refused(lat: float, lon: float) -> None:
    with pytest.raises(InvalidValue):
        Location("Somewhere", lat, lon)


@pytest.mark.parametrize(("lat", "lon"), [(50.45, None), (None, 30.52)])
def test_a_latitude_without_a_longitude_or_the_reverse_is_refused(
    lat: float | None, lon: float | None
) -> None:
    with pytest.raises(InvalidValue) as raised:
        Location("Kyiv", lat, lon)

    assert raised.value.field == "location"


@pytest.mark.parametrize(("lat", "lon"), [(0.0, 0.0), (90.0, 180.0), (-90.0, -180.0)])
def test_coordinates_at_the_bounds_are_accepted(lat: float, lon: float) -> None:
    location = Location("Somewhere", lat, lon)

    assert (location.lat, location.lon) == (lat, lon)


@pytest.mark.parametrize("code", ["GBR", "U", "", "1A", "ÄB", "U-"])
def test_a_country_code_that_is_not_two_ascii_letters_is_refused(code: str) -> None:
    with pytest.raises(InvalidValue) as raised:
        Location("Somewhere", country_code=code)

    assert raised.value.field == "location.country_code"


@pytest.mark.parametrize(("code", "stored"), [("ua", "UA"), (" gb ", "GB"), ("Fr", "FR")])
def test_a_country_code_is_upper_cased(code: str, stored: str) -> None:
    assert Location("Somewhere", country_code=code).country_code == stored


def test_a_location_is_stored_on_the_opening_as_plain_values() -> None:
    incident = opened(location=Location(" Kyiv ", 50.45, 30.52, "ua"))

    assert incident.details["location"] == {
        "name": "Kyiv",
        "lat": 50.45,
        "lon": 30.52,
        "country_code": "UA",
    }
