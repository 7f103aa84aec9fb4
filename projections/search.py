"""Text search of the incident list: the words kept, and the queries made of them.

The title, summary, place and tags of an incident are kept as *words*: Unicode NFKC,
accents removed, case folded, letters that are a Latin letter with a stroke or without
a dot written as that letter (the Turkish dotless i, Polish ł, Danish ø: "pazarcik"
finds Pazarc\u0131k, "lodz" Łódź), split on everything that is not a letter or a digit.
A query matches an incident when each of its words begins a word of the incident
("krasno" finds Krasnogorsk; "crocus hall" needs both), the same on both stores:
SQLite keeps the words in an FTS5 index, PostgreSQL in a GIN index over their
`tsvector`, so a query that matches nothing costs no more than one that does.
"""

from __future__ import annotations

import re
import unicodedata

RULE = "search/2: every query word begins a word of the title, summary, place or tags"
MAX_WORDS = 20  # words of one query, at most
_WORD = re.compile(r"[^\W_]+")
# Latin letters that have no decomposition to strip (as "é" has), after case folding:
# people type the plain letter for them, as they leave out accents.
_PLAIN_LETTERS = str.maketrans(
    {"\u0131": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ŧ": "t", "ƶ": "z",
     "æ": "ae", "œ": "oe", "þ": "th"}
)  # fmt: skip


def words(text: str) -> list[str]:
    """The words of a text, as they are kept and compared."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(bare.casefold().translate(_PLAIN_LETTERS))


def fts5_query(query_words: list[str]) -> str:
    """An FTS5 MATCH expression: every word, as a prefix (quoted: it is only letters)."""
    return " AND ".join(f'"{word}"*' for word in query_words)


def tsquery(query_words: list[str]) -> str:
    """A PostgreSQL `to_tsquery('simple', ...)` expression: every word, as a prefix."""
    return " & ".join(f"{word}:*" for word in query_words)
