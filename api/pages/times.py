"""Times on the pages: read from the query string as the API reads them, shown as people
read them (in the offset they were given, or the incident's own)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from pydantic import TypeAdapter, ValidationError

from api.http.requests import Moment

_MOMENT: TypeAdapter[datetime] = TypeAdapter(Moment)


class NotATime(ValueError):
    """A query parameter that is not an ISO 8601 time with its offset."""

    def __init__(self, field: str, text: str) -> None:
        super().__init__(f"{field}: {text!r} is not an ISO 8601 time with its offset")
        self.field = field
        self.text = text


def asked_time(field: str, text: str | None) -> datetime | None:
    """A time from a form field, as the API reads it; None when the field is empty."""
    asked = (text or "").strip()
    if not asked:
        return None
    try:
        return _MOMENT.validate_python(asked)
    except ValidationError:
        raise NotATime(field, asked) from None


def parse(text: str) -> datetime:
    """A stored ISO time (the read models write `Z` or an offset)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def zone_name(zone: tzinfo | None, at: datetime) -> str:
    """An offset as people read it: UTC, UTC+03:00."""
    offset = (zone.utcoffset(at) if zone else None) or timedelta(0)
    if not offset:
        return "UTC"
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def moment(text: str | None) -> str:
    """A stored ISO time as people read it, keeping its offset."""
    if not text:
        return ""
    when = parse(text)
    return f"{when:%d %b %Y, %H:%M:%S} {zone_name(when.tzinfo, when)}"
