"""Entity tags: an incident's version, in quotes, as every answer and If-Match spell it."""

from __future__ import annotations

import re

_ETAG = re.compile(r'\s*(?:W/)?"(\d{1,18})"\s*')
IF_MATCH_PATTERN = r'^(\*|(W/)?"[0-9]{1,18}")$'  # as the OpenAPI document declares it


def etag(version: int) -> str:
    """The entity tag of an incident's version: `"3"`."""
    return f'"{version}"'


def tagged_version(tag: str) -> int | None:
    """The version an entity tag names (`"3"` or `W/"3"`), or None when it names none."""
    match = _ETAG.fullmatch(tag)
    return None if match is None else int(match[1])
