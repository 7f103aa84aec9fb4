"""An incident's details (title, summary, location, time, tags) and their revisions.

A revision names the details it changes; only the summary can be cleared. The
details at any moment are the opening's, with every revision not retracted applied
in order, so retracting a revision restores what the others leave.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.commands import ReviseDetails
from domain.errors import InvalidValue, NothingToRevise
from domain.values import (
    MAX_STATEMENT,
    MAX_TITLE,
    Location,
    check_not_future,
    check_optional_text,
    check_tags,
    check_text,
)

DETAIL_FIELDS = ("title", "summary", "location", "occurred_at", "tags")


def revised_fields(revision: dict[str, Any]) -> dict[str, Any]:
    """The details a DetailsRevised payload changes: those given, and those cleared."""
    cleared = revision.get("cleared") or ()
    return {
        name: revision.get(name)
        for name in DETAIL_FIELDS
        if revision.get(name) is not None or name in cleared
    }


def details_after_revisions(
    opening: dict[str, Any], revisions: list[list[Any]], retracted: list[int]
) -> dict[str, Any]:
    """The details as the opening set them, with every revision not retracted applied in order."""
    details = dict(opening)
    for entry, changes in revisions:
        if entry not in retracted:
            details.update(changes)
    return details


def check_revision(command: ReviseDetails, now: datetime) -> dict[str, Any]:
    """Check each revised detail as the opening checks it; only the summary can be cleared.

    The details revised, by name: those given, and None for those cleared.
    """
    for name in sorted(command.cleared):
        if name not in DETAIL_FIELDS:
            raise InvalidValue(name, "is not a detail that can be revised")
        if name != "summary":
            raise InvalidValue(name, "cannot be cleared, only revised")
    checked: dict[str, Any] = {name: None for name in command.cleared}
    if command.title is not None:
        checked["title"] = check_text("title", command.title, MAX_TITLE)
    if command.summary is not None:
        checked["summary"] = check_optional_text(
            "summary", command.summary, MAX_STATEMENT, multiline=True
        )
    if command.location is not None:
        if not isinstance(command.location, Location):
            raise InvalidValue("location", "a location has a name, and lat, lon and country_code")
        checked["location"] = command.location.as_dict()
    if command.occurred_at is not None:
        checked["occurred_at"] = check_not_future("occurred_at", command.occurred_at, now)
    if command.tags is not None:
        checked["tags"] = check_tags(command.tags)
    if not checked:
        raise NothingToRevise(f"a revision names at least one of {', '.join(DETAIL_FIELDS)}")
    return checked
