"""Value objects and vocabularies of the record: sources, locations, categories, stances.

Each value object is frozen and checked once, where it is made. Events carry them
as plain dictionaries (`as_dict`), so the stored payload stays readable JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from domain.errors import InvalidValue
from domain.text import forbidden_character, is_blank

MAX_NAME = 200
MAX_TITLE = 300
MAX_STATEMENT = 10_000
MAX_TEXT = 2_000
MAX_TAGS = 50
MAX_TAG = 50
MAX_URL = 2_000
FUTURE_TOLERANCE = timedelta(days=1)
E = TypeVar("E", bound=StrEnum)


class Category(StrEnum):
    """What a figure counts."""

    KILLED = "killed"
    INJURED = "injured"
    MISSING = "missing"
    HOSPITALISED = "hospitalised"
    DETAINED = "detained"
    DISPLACED = "displaced"
    AFFECTED = "affected"


class Stance(StrEnum):
    """Who says what about a party's responsibility."""

    CLAIMS = "claims"  # the party takes responsibility itself
    DENIES = "denies"  # the party rejects responsibility itself
    ALLEGES = "alleges"  # a third party says the party is responsible
    CONFIRMS = "confirms"  # a third party confirms the party's responsibility
    REJECTS = "rejects"  # a third party says the party is not responsible


class SourceKind(StrEnum):
    """What kind of outlet or body a source is."""

    OFFICIAL = "official"
    STATE_MEDIA = "state_media"
    NEWS_AGENCY = "news_agency"
    NEWS_OUTLET = "news_outlet"
    SOCIAL_MEDIA = "social_media"
    NGO = "ngo"
    OTHER = "other"


@cache
def words_of(choices: type[StrEnum]) -> frozenset[str]:
    """A vocabulary's words (made once: they are asked for at every entry)."""
    return frozenset(choice.value for choice in choices)


def check_choice(field: str, choices: type[E], value: object) -> E:
    """One of a vocabulary's words, or InvalidValue naming the choices."""
    if isinstance(value, str) and value in words_of(choices):
        return choices(value)
    words = ", ".join(choice.value for choice in choices)
    raise InvalidValue(field, f"{value!r} is not one of {words}")


def check_clean(field: str, value: str, *, multiline: bool = False) -> str:
    """Refuse a text holding a character no text of the record may (see domain.text)."""
    found = forbidden_character(value, multiline=multiline)
    if found is not None:
        allowed = "; only line feeds may break its lines" if multiline else ""
        raise InvalidValue(field, f"must not contain {found}{allowed}")
    return value


def check_text(field: str, value: str, limit: int, *, multiline: bool = False) -> str:
    """Strip a required text field and check it is present, clean and within its limit."""
    text = value.strip()
    if is_blank(text):
        raise InvalidValue(field, "must not be empty")
    if len(text) > limit:
        raise InvalidValue(field, f"must be at most {limit} characters")
    return check_clean(field, text, multiline=multiline)


def check_optional_text(
    field: str, value: str | None, limit: int, *, multiline: bool = False
) -> str | None:
    """Like check_text, but None (or blank) means absent."""
    if value is None or is_blank(value):
        return None
    return check_text(field, value, limit, multiline=multiline)


def check_aware(field: str, moment: datetime) -> datetime:
    """Refuse a naive time (every time in the record carries its offset), and one whose
    UTC time falls outside the years 1 to 9999."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidValue(field, "a time needs its UTC offset")
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise InvalidValue(field, "must fall within the years 1 to 9999 in UTC") from None
    return moment


def check_not_future(field: str, moment: datetime, now: datetime) -> datetime:
    """Refuse a valid time more than a day ahead of the server clock."""
    check_aware(field, moment)
    if moment > now + FUTURE_TOLERANCE:
        raise InvalidValue(field, "must not be more than a day in the future")
    return moment


def check_tags(tags: Sequence[str]) -> list[str]:
    """Strip tags, drop repeats (keeping the first spelling), and check the limits."""
    kept: dict[str, str] = {}
    for tag in tags:
        text = check_text("tags", tag, MAX_TAG)
        kept.setdefault(text.casefold(), text)
    if len(kept) > MAX_TAGS:
        raise InvalidValue("tags", f"at most {MAX_TAGS} tags")
    return list(kept.values())


@dataclass(frozen=True, slots=True)
class Source:
    """Who said it: a name, and where and when it was published if known."""

    name: str
    url: str | None = None
    published_at: datetime | None = None
    kind: SourceKind | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text("source.name", self.name, MAX_NAME))
        object.__setattr__(self, "url", check_optional_text("source.url", self.url, MAX_URL))
        if self.published_at is not None:
            check_aware("source.published_at", self.published_at)
        if self.kind is not None:
            object.__setattr__(self, "kind", check_choice("source.kind", SourceKind, self.kind))

    def as_dict(self) -> dict[str, Any]:
        """The source as plain JSON values."""
        return {
            "name": self.name,
            "url": self.url,
            "published_at": self.published_at.isoformat() if self.published_at else None,
            "kind": str(self.kind) if self.kind else None,
        }


@dataclass(frozen=True, slots=True)
class Location:
    """Where an incident happened: a name, and coordinates and country if known."""

    name: str
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", check_text("location.name", self.name, MAX_NAME))
        if self.lat is not None and not -90 <= self.lat <= 90:
            raise InvalidValue("location.lat", "latitude runs from -90 to 90")
        if self.lon is not None and not -180 <= self.lon <= 180:
            raise InvalidValue("location.lon", "longitude runs from -180 to 180")
        if (self.lat is None) != (self.lon is None):
            raise InvalidValue("location", "give both lat and lon, or neither")
        if self.country_code is not None:
            code = self.country_code.strip().upper()
            if len(code) != 2 or not code.isascii() or not code.isalpha():
                raise InvalidValue("location.country_code", "an ISO 3166-1 alpha-2 code")
            object.__setattr__(self, "country_code", code)

    def as_dict(self) -> dict[str, Any]:
        """The location as plain JSON values."""
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
        }
