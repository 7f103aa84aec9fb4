"""A second corpus of real wordings (corpus_*.py): 494 in the seven languages read,
written from real coverage (Kramatorsk, Crocus City Hall, Breitscheidplatz, Magdeburg,
the Valencia floods, Nice, the Bataclan, Derna, Gaza, Manchester, Dnipro, Beirut) after
the reader and the first held-out corpus, each with the reading an editor gives it.

When first run (4 December), none was misread; 15 that a person reads were refused,
and one was refused as the wrong kind (an unreadable figure, not several figures).
The reader was then taught peoples and crowds as nouns for people ("40,000
Palestinians"), an article in the source's clause ("selon un bilan provisoire"),
a range's scale word at both ends, Arabic's "34 ألفا و183" and its article-prefixed
nouns; the one left is below. Each wording is read with its language and without:
without it, a wording two languages read differently may be refused as ambiguous.
"""

from __future__ import annotations

import pytest

from api.http.problems import domain_problem
from domain.errors import InvalidEntry
from domain.figures import Figure
from tests.unit.wording.corpus import Case, Expected
from tests.unit.wording.corpus_de_ar import DE_AR
from tests.unit.wording.corpus_en import EN
from tests.unit.wording.corpus_fr_es import FR_ES
from tests.unit.wording.corpus_ru_uk import RU_UK
from tests.unit.wording.support import reading

CASES: list[Case] = [*EN, *RU_UK, *FR_ES, *DE_AR]
# Readable wordings the reader still refuses (a refusal is never a misreading).
STILL_REFUSED = {"22 victims aged 8 to 51"}


@pytest.mark.parametrize("with_language", [True, False], ids=["language", "no-language"])
@pytest.mark.parametrize(
    ("language", "category", "text", "expected"), CASES, ids=[c[2] for c in CASES]
)
def test_a_real_wording_reads_as_an_editor_reads_it(
    language: str, category: str, text: str, expected: Expected, with_language: bool
) -> None:
    answers = expected if isinstance(expected, list) else [expected]
    readings = [answer for answer in answers if answer[0] != "REFUSE"]
    refusals = [answer[1] for answer in answers if answer[0] == "REFUSE"]
    try:
        figure = Figure.parse(text, language=language if with_language else None, category=category)
    except InvalidEntry as error:
        kind = domain_problem(error).kind
        if refusals:
            assert None in refusals or kind in refusals, f"{text!r}: refused as {kind}"
        elif not (kind == "ambiguous-figure" and not with_language):
            assert text in STILL_REFUSED, f"{text!r} is readable, refused: {error}"
        return
    assert readings, f"{text!r} must be refused, not read as {reading(figure)}"
    assert reading(figure) in readings, f"{text!r} misread as {reading(figure)}"
