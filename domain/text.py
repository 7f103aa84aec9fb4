"""Text hygiene: the characters no text of the record may hold.

The record faces the open internet, and its texts are shown on pages beside
other sources' texts. So every text field and query refuses NUL and the other C0
and C1 control characters (multi-line fields may hold a line feed), the line and
paragraph separators U+2028 and U+2029, and the bidirectional embedding, override
and isolate controls U+202A-U+202E and U+2066-U+2069: one of those in a source's
name would make the figures beside it read backwards. A text that is empty once
format characters (zero-width spaces, soft hyphens) are set aside is empty.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_SINGLE_LINE = re.compile(f"[{_FORBIDDEN}\n]")
_MULTI_LINE = re.compile(f"[{_FORBIDDEN}]")


def forbidden_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold, described (`U+202E RIGHT-TO-LEFT
    OVERRIDE`), or None when it is clean."""
    match = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    if match is None:
        return None
    character = match.group()
    if unicodedata.category(character) == "Cc":
        return f"U+{ord(character):04X} (a control character)"
    return f"U+{ord(character):04X} {unicodedata.name(character)}"


def is_blank(text: str) -> bool:
    """Whether nothing visible is left once whitespace and format characters are set aside."""
    return not any(
        not character.isspace() and unicodedata.category(character) != "Cf" for character in text
    )
