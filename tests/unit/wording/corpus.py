"""The shape of the real-wordings corpus (corpus_*.py): each case is (language, category,
wording, expected), the expected reading being (qualifier, value, low, high), or
("REFUSE", problem type or None) for a wording that must be refused, or a list of the
answers an editor would accept."""

from __future__ import annotations

Reading = tuple[str, int | None, int | None, int | None]
Refusal = tuple[str, str | None]
Expected = Reading | Refusal | list[Reading | Refusal]
Case = tuple[str, str, str, Expected]
