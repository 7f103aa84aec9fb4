"""The Incident aggregate driven directly, for unit tests: each command with every field
filled, override what the test is about."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from domain.incident import Incident
from tests.support import commands


def opened(**overrides: Any) -> Incident:
    """An incident opened an hour ago, with any field of the opening overridden."""
    now = overrides.pop("now", datetime.now(UTC))
    return Incident.open(commands.opening(**overrides), now)


def report(incident: Incident, **overrides: Any) -> None:
    """Report a figure, with any field overridden."""
    now = overrides.pop("now", datetime.now(UTC))
    incident.carry_out(commands.figure_report(**overrides), now)


def attribute(incident: Incident, **overrides: Any) -> None:
    """Record a responsibility assertion, with any field overridden."""
    now = overrides.pop("now", datetime.now(UTC))
    incident.carry_out(commands.attribution(**overrides), now)


def state(incident: Incident, **overrides: Any) -> None:
    """Record a statement, with any field overridden."""
    now = overrides.pop("now", datetime.now(UTC))
    incident.carry_out(commands.statement(**overrides), now)


def revise(incident: Incident, changes: dict[str, Any], **overrides: Any) -> None:
    """Revise the details, with any other field overridden."""
    now = overrides.pop("now", datetime.now(UTC))
    incident.carry_out(commands.revision(changes, **overrides), now)


def retract(incident: Incident, entry: int, **overrides: Any) -> None:
    """Retract an entry, with any other field overridden."""
    incident.carry_out(commands.retraction(entry, **overrides), datetime.now(UTC))


def names(incident: Incident) -> list[str]:
    """The class names of the events the incident has not yet handed over."""
    return [type(event).__name__ for event in incident.collect_events()]
