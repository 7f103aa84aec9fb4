"""The domain's exceptions: what can go wrong when an update is recorded.

The API maps each class to an HTTP problem in one place; nothing here knows HTTP.
"""

from __future__ import annotations

from uuid import UUID


class IncidentError(Exception):
    """Base class of every error the incident record raises on purpose."""


class IncidentNotFound(IncidentError):
    """No incident has this id (or it did not exist at the moment asked about)."""

    def __init__(self, incident_id: UUID | str, detail: str | None = None) -> None:
        self.incident_id = incident_id
        super().__init__(detail or f"no incident with id {incident_id}")


class IncidentExists(IncidentError):
    """An incident with this id is already in the record."""

    def __init__(self, incident_id: UUID) -> None:
        self.incident_id = incident_id
        super().__init__(f"incident {incident_id} is already in the record")


class VersionMismatch(IncidentError):
    """The writer expected another version of the incident than the current one."""

    def __init__(self, incident_id: UUID, expected: int, actual: int) -> None:
        self.incident_id = incident_id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"incident {incident_id} is at version {actual}, not {expected} as expected"
        )


class InvalidEntry(IncidentError):
    """The update breaks a rule of the record; nothing was written."""


class InvalidValue(InvalidEntry):
    """A field holds a value the record cannot accept."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class UnreadableFigure(InvalidEntry):
    """The wording of a figure cannot be read as a count."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"cannot read the figure {text!r} as a count")


class FigureMismatch(InvalidEntry):
    """The wording and the structured fields of a figure disagree."""


class InvalidRetraction(InvalidEntry):
    """The entry named cannot be retracted."""


class NothingToRevise(InvalidEntry):
    """A revision that would not change any detail of the incident."""
