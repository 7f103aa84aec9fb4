"""Text search of the incident list: the words kept, and the queries made of them.

The title, summary, place and tags of an incident are kept as *words*: Unicode NFKC,
accents removed, case folded, split on everything that is not a letter or a digit.
A query matches an incident when each of its words begins a word of the incident
("krasno" finds Krasnogorsk; "crocus hall" needs both), the same on both stores:
SQLite keeps the words in an FTS5 index, PostgreSQL in a GIN index over their
`tsvector`, so a query that matches nothing costs no more than one that does.
"""

from __future__ import annotations

import re
import unicodedata

RULE = "search/1: every query word begins a word of the title, summary, place or tags"
MAX_WORDS = 20  # words of one query, at most
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of a text, as they are kept and compared."""
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _WORD.findall(bare.casefold())


def fts5_query(query_words: list[str]) -> str:
    """An FTS5 MATCH expression: every word, as a prefix (quoted: it is only letters)."""
    return " AND ".join(f'"{word}"*' for word in query_words)


def tsquery(query_words: list[str]) -> str:
    """A PostgreSQL `to_tsquery('simple', ...)` expression: every word, as a prefix."""
    return " & ".join(f"{word}:*" for word in query_words)
