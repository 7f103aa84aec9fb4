"""When two names are the same name: sources, parties and scopes.

"Reuters", "REUTERS ", "Reuters" in full-width letters, "Reuters\u200b" (a zero-width
space) and "Reu\u00adters" (a soft hyphen) are one source. Two names are the same
when their keys are equal: Unicode NFKC, format characters (category Cf: zero-width
spaces and joiners, soft hyphens, bidirectional marks) removed, case folded,
whitespace trimmed and collapsed. The first spelling seen is the one shown.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

RULE = "names/1: NFKC, format characters removed, case folded, whitespace collapsed"


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The key two spellings of one name share."""
    composed = unicodedata.normalize("NFKC", name)
    visible = "".join(c for c in composed if unicodedata.category(c) != "Cf")
    return " ".join(visible.casefold().split())


def same_name(first: str, second: str) -> bool:
    """Whether two spellings name the same source, party or scope."""
    return name_key(first) == name_key(second)
