"""Commands with every field filled, for tests: override what the test is about."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.commands import (
    AssertResponsibility,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
)
from domain.figures import Figure
from domain.values import Category, Location, Source, SourceKind, Stance

REUTERS = Source("Reuters", url="https://www.reuters.com/", kind=SourceKind.NEWS_AGENCY)
KYIV = Location("Kyiv", 50.45, 30.52, "UA")
DETAILS = ("title", "summary", "location", "occurred_at", "tags")


def opening(**overrides: Any) -> OpenIncident:
    """An opening of an incident that occurred an hour ago."""
    fields: dict[str, Any] = {
        "title": "Explosion at the central market",
        "occurred_at": datetime.now(UTC) - timedelta(hours=1),
        "location": KYIV,
        "summary": "A blast at the market at midday.",
        "tags": ["explosion"],
        "source": REUTERS,
        "reported_by": "alice",
    }
    return OpenIncident(**(fields | overrides))


def figure_report(**overrides: Any) -> ReportFigure:
    """A report of "at least 40" killed, as of now."""
    fields: dict[str, Any] = {
        "category": Category.KILLED,
        "figure": Figure.parse("at least 40"),
        "as_of": datetime.now(UTC),
        "note": None,
        "source": REUTERS,
        "reported_by": "bob",
    }
    return ReportFigure(**(fields | overrides))


def attribution(**overrides: Any) -> AssertResponsibility:
    """A claim of responsibility, stated now."""
    fields: dict[str, Any] = {
        "party": "The Front",
        "stance": Stance.CLAIMS,
        "asserted_by": "The Front",
        "statement": "We did it.",
        "channel": "Telegram",
        "stated_at": datetime.now(UTC),
        "source": REUTERS,
        "reported_by": "bob",
    }
    return AssertResponsibility(**(fields | overrides))


def statement(**overrides: Any) -> RecordStatement:
    """A warning by the mayor, stated now."""
    fields: dict[str, Any] = {
        "speaker": "The mayor",
        "statement": "Stay away from the centre.",
        "stated_at": datetime.now(UTC),
        "topic": "warning",
        "source": REUTERS,
        "reported_by": "bob",
    }
    return RecordStatement(**(fields | overrides))


def revision(changes: dict[str, Any], **overrides: Any) -> ReviseDetails:
    """A revision of the details in `changes`, as a request names them: a detail given
    None (or any name that is not a detail) is one the request clears."""
    given = {name: value for name, value in changes.items() if name in DETAILS}
    cleared = frozenset(
        name for name, value in changes.items() if value is None or name not in given
    )
    fields: dict[str, Any] = {"reason": "a correction", "source": None, "reported_by": "erin"}
    return ReviseDetails(
        **{name: value for name, value in given.items() if value is not None},
        cleared=cleared,
        **(fields | overrides),
    )


def retraction(entry: int, **overrides: Any) -> RetractEntry:
    """A retraction of `entry`."""
    fields: dict[str, Any] = {"reason": "wrong", "source": None, "reported_by": "erin"}
    return RetractEntry(entry=entry, **(fields | overrides))
