"""The Incident aggregate used directly: entries, their names and rules, and its value objects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from functools import reduce
from itertools import pairwise
from typing import Any

import pytest
from eventsourcing.utils import get_topic

from domain.errors import InvalidRetraction, InvalidValue, NothingToRevise
from domain.figures import Figure
from domain.incident import Incident
from domain.values import Category, Location, Source, SourceKind, Stance

REUTERS = Source("Reuters", url="https://www.reuters.com/", kind=SourceKind.NEWS_AGENCY)
KYIV = Location("Kyiv", 50.45, 30.52, "UA")


def opened(**overrides: Any) -> Incident:
    """An incident opened an hour ago, with any field of the opening overridden."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "title": "Explosion at the central market",
        "occurred_at": now - timedelta(hours=1),
        "location": KYIV,
        "summary": "A blast at the market at midday.",
        "tags": ["explosion"],
        "source": REUTERS,
        "reported_by": "alice",
        "now": now,
    }
    return Incident.open(**(fields | overrides))


def report(incident: Incident, **overrides: Any) -> None:
    """Report a figure, with any field overridden."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "category": Category.KILLED,
        "figure": Figure.parse("at least 40"),
        "as_of": now,
        "note": None,
        "source": REUTERS,
        "reported_by": "bob",
        "now": now,
    }
    incident.report_figure(**(fields | overrides))


def attribute(incident: Incident, **overrides: Any) -> None:
    """Record a responsibility assertion, with any field overridden."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "party": "The Front",
        "stance": Stance.CLAIMS,
        "asserted_by": "The Front",
        "statement": "We did it.",
        "channel": "Telegram",
        "stated_at": now,
        "source": REUTERS,
        "reported_by": "bob",
        "now": now,
    }
    incident.assert_responsibility(**(fields | overrides))


def state(incident: Incident, **overrides: Any) -> None:
    """Record a statement, with any field overridden."""
    now = datetime.now(UTC)
    fields: dict[str, Any] = {
        "speaker": "The mayor",
        "statement": "Stay away from the centre.",
        "stated_at": now,
        "topic": "warning",
        "source": REUTERS,
        "reported_by": "bob",
        "now": now,
    }
    incident.record_statement(**(fields | overrides))


def revise(incident: Incident, changes: dict[str, Any], **overrides: Any) -> None:
    """Revise the details, with any other field overridden."""
    fields: dict[str, Any] = {
        "changes": changes,
        "reason": "a correction",
        "source": None,
        "reported_by": "erin",
        "now": datetime.now(UTC),
    }
    incident.revise_details(**(fields | overrides))


def retract(incident: Incident, entry: int, **overrides: Any) -> None:
    """Retract an entry, with any other field overridden."""
    fields: dict[str, Any] = {"entry": entry, "reason": "wrong", "source": None}
    incident.retract_entry(**(fields | {"reported_by": "erin"} | overrides))


def names(incident: Incident) -> list[str]:
    """The class names of the events the incident has not yet handed over."""
    return [type(event).__name__ for event in incident.collect_events()]


# Entries and their names ----------------------------------------------------------------


def test_opening_an_incident_makes_entry_one_named_incident_opened() -> None:
    incident = opened()

    events = incident.collect_events()
    assert incident.version == 1
    assert [type(event).__name__ for event in events] == ["IncidentOpened"]
    assert events[0].originator_version == 1
    assert events[0].originator_id == incident.id


COMMANDS: list[tuple[str, Callable[[Incident], None]]] = [
    ("DetailsRevised", lambda incident: revise(incident, {"title": "Blast at the market"})),
    ("FigureReported", report),
    ("ResponsibilityAsserted", attribute),
    ("StatementRecorded", state),
    ("EntryRetracted", lambda incident: retract(incident, 2)),
]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_each_command_makes_the_next_entry_with_its_event_name(
    name: str, command: Callable[[Incident], None]
) -> None:
    incident = opened()
    report(incident)
    incident.collect_events()

    command(incident)

    events = incident.collect_events()
    assert incident.version == 3
    assert [type(event).__name__ for event in events] == [name]
    assert events[0].originator_version == 3


def every_kind_of_entry() -> Incident:
    """An incident with one entry of each kind, in the order of DESIGN section 3."""
    incident = opened(reported_by="alice")
    revise(incident, {"title": "Blast at the market"}, reported_by="erin")
    report(incident, reported_by="bob")
    attribute(incident, reported_by="carol")
    state(incident, reported_by="dan")
    retract(incident, 3, reported_by="frank")
    return incident


def test_event_topics_are_the_stable_public_names() -> None:
    events = every_kind_of_entry().collect_events()

    assert [get_topic(type(event)) for event in events] == [
        "IncidentOpened",
        "DetailsRevised",
        "FigureReported",
        "ResponsibilityAsserted",
        "StatementRecorded",
        "EntryRetracted",
    ]
    assert [get_topic(type(event)) for event in events] == [
        type(event).__name__ for event in events
    ]


def test_the_aggregate_topic_is_incident() -> None:
    incident = opened()

    assert get_topic(Incident) == "Incident"
    assert incident.collect_events()[0].originator_topic == "Incident"


def test_entries_are_numbered_by_the_version_they_make() -> None:
    incident = every_kind_of_entry()

    events = incident.collect_events()
    assert [event.originator_version for event in events] == [1, 2, 3, 4, 5, 6]
    assert incident.version == 6


def test_every_entry_carries_who_reported_it() -> None:
    events = every_kind_of_entry().collect_events()

    assert [event.reported_by for event in events] == [
        "alice",
        "erin",
        "bob",
        "carol",
        "dan",
        "frank",
    ]


def test_entry_timestamps_strictly_increase_even_in_a_tight_loop() -> None:
    incident = opened()
    for _ in range(200):
        report(incident)

    stamps = [event.timestamp for event in incident.collect_events()]
    assert len(stamps) == 201
    assert all(earlier < later for earlier, later in pairwise(stamps))


def test_an_entry_is_stamped_after_the_one_before_even_when_the_clock_is_behind_it() -> None:
    # The entry before was recorded by a process whose clock ran an hour ahead of ours.
    ahead = datetime.now(UTC) + timedelta(hours=1)
    stored = [dataclasses.replace(event, timestamp=ahead) for event in opened().collect_events()]
    incident = reduce(lambda agg, event: event.mutate(agg), stored, None)
    assert isinstance(incident, Incident)

    report(incident)
    report(incident)

    stamps = [event.timestamp for event in incident.collect_events()]
    assert ahead < stamps[0] < stamps[1]


def test_entry_timestamps_are_utc() -> None:
    incident = opened()
    report(incident)

    for event in incident.collect_events():
        assert event.timestamp.utcoffset() == timedelta(0)


def test_replaying_the_entries_rebuilds_the_same_state() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market", "summary": None})
    report(incident)
    revise(incident, {"tags": ["blast", "market"]})
    retract(incident, 2)

    replayed = reduce(lambda agg, event: event.mutate(agg), incident.collect_events(), None)

    assert isinstance(replayed, Incident)
    assert replayed.version == incident.version
    assert replayed.details == incident.details
    assert replayed.retracted == incident.retracted


# Retractions --------------------------------------------------------------------------


def incident_with_a_retraction() -> Incident:
    """Entries: 1 opening, 2 figure (retracted), 3 retraction of 2, 4 figure."""
    incident = opened()
    report(incident)
    retract(incident, 2)
    report(incident)
    incident.collect_events()
    return incident


@pytest.mark.parametrize(
    "entry",
    [1, 3, 2, 0, 5, 99, -1],
    ids=[
        "the opening",
        "a retraction",
        "an already retracted entry",
        "entry 0",
        "the next entry number",
        "far beyond the version",
        "a negative number",
    ],
)
def test_retracting_an_entry_that_cannot_be_retracted_is_refused_and_writes_nothing(
    entry: int,
) -> None:
    incident = incident_with_a_retraction()

    with pytest.raises(InvalidRetraction):
        retract(incident, entry)

    assert incident.version == 4
    assert incident.collect_events() == []


def test_retracting_the_opening_is_refused() -> None:
    incident = opened()
    report(incident)

    with pytest.raises(InvalidRetraction):
        retract(incident, 1)

    assert incident.version == 2


def test_retracting_an_entry_records_which_entry_and_why() -> None:
    incident = incident_with_a_retraction()

    retract(incident, 4, reason="duplicate of entry 2")

    (event,) = incident.collect_events()
    assert (event.entry, event.reason) == (4, "duplicate of entry 2")
    assert incident.version == 5
    with pytest.raises(InvalidRetraction):
        retract(incident, 4)


def test_a_retraction_needs_a_reason() -> None:
    incident = incident_with_a_retraction()

    with pytest.raises(InvalidValue):
        retract(incident, 4, reason="  ")

    assert incident.version == 4


# Revisions ---------------------------------------------------------------------------


def test_a_revision_that_names_no_field_is_refused() -> None:
    incident = opened()

    with pytest.raises(NothingToRevise):
        revise(incident, {})

    assert incident.version == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Explosion at the central market"},
        {"title": "  Explosion at the central market  "},
        {"summary": "A blast at the market at midday."},
        {"location": Location("Kyiv", 50.45, 30.52, "ua")},
        {"tags": ["explosion", "Explosion"]},
        {"title": "Explosion at the central market", "tags": ["explosion"]},
    ],
    ids=["title", "padded title", "summary", "location", "tags", "title and tags"],
)
def test_a_revision_that_changes_nothing_is_refused(changes: dict[str, Any]) -> None:
    incident = opened()

    with pytest.raises(NothingToRevise):
        revise(incident, changes)

    assert incident.version == 1


def test_a_revision_of_the_time_to_the_same_moment_changes_nothing() -> None:
    incident = opened()
    moment = incident.details["occurred_at"]

    with pytest.raises(NothingToRevise):
        revise(incident, {"occurred_at": moment})

    assert incident.version == 1


def test_a_revision_of_a_field_that_is_not_a_detail_is_refused() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {"headline": "Blast"})

    assert incident.version == 1


@pytest.mark.parametrize("changes", [{"title": None}, {"title": ""}, {"title": "   "}])
def test_clearing_the_title_is_refused(changes: dict[str, Any]) -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, changes)

    assert incident.version == 1


@pytest.mark.parametrize("field", ["location", "occurred_at", "tags"])
def test_clearing_a_detail_other_than_the_summary_is_refused(field: str) -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {field: None})

    assert incident.version == 1


def test_a_revision_with_summary_none_clears_the_summary() -> None:
    incident = opened()

    revise(incident, {"summary": None})

    assert incident.details["summary"] is None
    assert incident.version == 2
    (event,) = incident.collect_events()[1:]
    assert event.cleared == ["summary"]


def test_a_revision_changes_only_the_details_it_names() -> None:
    incident = opened()
    before = dict(incident.details)
    moment = datetime.now(UTC) - timedelta(hours=3)

    revise(
        incident,
        {
            "title": "Blast at the market",
            "location": Location("Kyiv, Podil", 50.46, 30.51, "ua"),
            "occurred_at": moment,
            "tags": ["blast", "Blast", "market"],
        },
    )

    assert incident.details == {
        "title": "Blast at the market",
        "summary": before["summary"],
        "location": {"name": "Kyiv, Podil", "lat": 50.46, "lon": 30.51, "country_code": "UA"},
        "occurred_at": moment,
        "tags": ["blast", "market"],
    }


def test_a_revision_needs_a_reason() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {"title": "Blast at the market"}, reason="")

    assert incident.version == 1


def test_retracting_a_revision_restores_the_details_from_the_opening_and_remaining_revisions() -> (
    None
):
    incident = opened()
    opening = dict(incident.details)
    revise(incident, {"title": "Blast at the market"})  # entry 2
    revise(incident, {"summary": "Two blasts, minutes apart."})  # entry 3
    revise(incident, {"tags": ["blast"]})  # entry 4

    retract(incident, 2)

    assert incident.details == opening | {
        "summary": "Two blasts, minutes apart.",
        "tags": ["blast"],
    }


def test_retracting_the_later_of_two_title_revisions_restores_the_earlier_one() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market"})  # entry 2
    revise(incident, {"title": "Two blasts at the market"})  # entry 3

    retract(incident, 3)
    assert incident.details["title"] == "Blast at the market"

    retract(incident, 2)
    assert incident.details["title"] == "Explosion at the central market"


def test_retracting_a_revision_that_cleared_the_summary_restores_it() -> None:
    incident = opened()
    revise(incident, {"summary": None})  # entry 2

    retract(incident, 2)

    assert incident.details["summary"] == "A blast at the market at midday."


def test_retracting_an_entry_that_is_not_a_revision_leaves_the_details_alone() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market"})  # entry 2
    report(incident)  # entry 3
    details = dict(incident.details)

    retract(incident, 3)

    assert incident.details == details


def test_after_a_revision_is_retracted_its_value_can_be_revised_to_again() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market"})  # entry 2
    retract(incident, 2)  # entry 3

    revise(incident, {"title": "Blast at the market"})

    assert incident.details["title"] == "Blast at the market"
    assert incident.version == 4


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
