"""The sentence a page shows for an entry, with every piece of user text isolated.

The table of entry kinds (`api.entry_kinds`) says each kind's sentence in plain text,
from the entry's data. A right-to-left name in such a sentence must not reorder the
words beside it, so the pages wrap each piece of user text in `<bdi>`: they hand the
table's sentence maker the data with each text value marked (a `str` that formats as
a placeholder), escape the sentence it makes, and put each marked value back in
place, escaped, inside `<bdi>`. Comparisons and lengths the sentence maker makes
still see the real text.
"""

from __future__ import annotations

from typing import Any, SupportsIndex

from markupsafe import Markup, escape

from api.entry_kinds import BY_EVENT

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: placeholders' brackets


class _Marked(str):
    """A piece of user text that formats as a placeholder naming its place in `pieces`."""

    pieces: list[str]

    def __new__(cls, text: str, pieces: list[str]) -> _Marked:
        marked = super().__new__(cls, text)
        marked.pieces = pieces
        return marked

    def __format__(self, spec: str) -> str:
        self.pieces.append(str(self))
        return f"{_OPEN}{len(self.pieces) - 1}{_CLOSE}"

    def __str__(self) -> str:
        return str.__str__(self)

    def __getitem__(self, index: SupportsIndex | slice) -> _Marked:
        return _Marked(str.__getitem__(self, index), self.pieces)


def sentence(kind: str, data: dict[str, Any]) -> Markup:
    """One line saying what an entry recorded (its kind's sentence), as safe HTML with
    each piece of user text in `<bdi>`."""
    entry_kind = BY_EVENT.get(kind)
    if entry_kind is None:
        return Markup(escape(kind))
    pieces: list[str] = []
    marked = {
        name: _Marked(value, pieces) if isinstance(value, str) else value
        for name, value in data.items()
    }
    said = str(escape(entry_kind.describe(marked)))
    out, rest = [], said
    while (start := rest.find(_OPEN)) >= 0 and (end := rest.find(_CLOSE, start)) >= 0:
        number = rest[start + 1 : end]
        out.append(rest[:start])
        if number.isdigit() and int(number) < len(pieces):
            out.append(f"<bdi>{escape(pieces[int(number)])}</bdi>")
        else:
            out.append(rest[start : end + 1])
        rest = rest[end + 1 :]
    out.append(rest)
    return Markup("".join(out))
