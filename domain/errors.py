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

    def __init__(self, text: str, why: str = "") -> None:
        self.text = text
        super().__init__(
            f"cannot read the figure {text!r} as a count{why}; send its qualifier and value"
            " (or low and high) with it, and the wording is kept as sent"
        )


class FigureMismatch(InvalidEntry):
    """The wording and the structured fields of a figure disagree."""


class InvalidRetraction(InvalidEntry):
    """The entry named cannot be retracted."""


class NothingToRevise(InvalidEntry):
    """A revision that would not change any detail of the incident."""


class SeveralFigures(InvalidEntry):
    """The wording holds more than one figure ("22 killed, 59 injured")."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"the wording {text!r} holds more than one figure; post each figure on its own,"
            " with the part of the wording that gives it"
        )


class FigureIsAnIncrease(InvalidEntry):
    """The wording gives an increase ("three more"), not a total."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(
            f"the wording {text!r} gives an increase, not a total; send the new total in"
            " the structured fields (qualifier and value), with this wording as text"
        )


class FigureCategoryMismatch(InvalidEntry):
    """A word of the wording names another category than the figure's ("59 injured")."""

    def __init__(self, text: str, category: str, named: tuple[str, ...]) -> None:
        self.text = text
        self.category = category
        self.named = named
        counted = " and ".join(named)
        super().__init__(
            f"the wording {text!r} counts {counted}, not {category}; post it under the"
            f" category it counts, or send a wording that counts {category}"
        )


class AmbiguousFigure(InvalidEntry):
    """No language was given and the languages that read the wording read it differently."""

    def __init__(self, text: str, readings: dict[str, str]) -> None:
        self.text = text
        self.readings = readings
        shown = "; ".join(f"{language}: {reading}" for language, reading in readings.items())
        super().__init__(
            f"the wording {text!r} reads differently by language ({shown}); send its"
            " language (a two-letter code) with it"
        )


class IncidentWithdrawn(IncidentError):
    """The incident is withdrawn: nothing but a retraction can be added to it."""

    def __init__(self, incident_id: UUID, entry: int) -> None:
        self.incident_id = incident_id
        self.entry = entry
        super().__init__(
            f"incident {incident_id} was withdrawn by entry {entry}; retract that entry to"
            " restore it before adding to it"
        )


class StanceNeedsTheParty(InvalidEntry):
    """A claim or denial names someone other than the party as its speaker."""

    def __init__(self, stance: str, party: str, asserted_by: str) -> None:
        self.stance = stance
        other = "alleges" if stance == "claims" else "rejects"
        super().__init__(
            f"'{stance}' is the party's own word, but {asserted_by!r} is not {party!r}: when"
            f" someone else speaks about the party, the stance is '{other}'"
        )


class FigureBeforeIncident(InvalidEntry):
    """A figure's as_of lies more than a day before the incident occurred."""


def first_line(error: BaseException) -> str:
    """An error in one line, for a log that repeats it (its first line, or its type)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
