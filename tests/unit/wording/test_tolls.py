"""A toll named before its count, in each language read: "the death toll has risen to
22", "число погибших выросло до 143", "le bilan s'élève à 129 morts", "ارتفع عدد
القتلى إلى 133". Wire copy and live blogs give most updated figures this way; the
toll is a new total, read as the count after it, and its noun names the category.

What it is not read as: a toll without the verb that gives its total, a verb without
its toll, a rise "by" some number (an increase), and a toll that may come ("could rise
to 30"), which is no figure reported.
"""

from __future__ import annotations

import pytest

from domain.errors import FigureCategoryMismatch, FigureIsAnIncrease, UnreadableFigure
from domain.figures import Figure
from tests.unit.wording.support import assert_never_misread_without_language, reading

# (wording, language, category it names or None, qualifier, value, low, high)
TOLLS = [
    ("The death toll has risen to 22", "en", "killed", "exact", 22, 22, 22),
    ("death toll climbs to 143", "en", "killed", "exact", 143, 143, 143),
    ("Death toll: 143", "en", "killed", "exact", 143, 143, 143),
    ("Death toll now 22", "en", "killed", "exact", 22, 22, 22),
    ("the death toll has risen to at least 22 people", "en", "killed", "at_least", 22, 22, None),
    ("the toll rose to more than 60", "en", None, "more_than", 60, 61, None),
    ("the number of injured has risen to 59", "en", "injured", "exact", 59, 59, 59),
    ("the death toll was revised down to 86", "en", "killed", "exact", 86, 86, 86),
    ("The death toll is now up to 22", "en", "killed", "exact", 22, 22, 22),  # risen to
    ("Death toll now up to 22", "en", "killed", "exact", 22, 22, 22),
    ("the number of victims has risen to 80", "en", None, "exact", 80, 80, 80),
    # victims and the affected may include the dead: the toll names no category
    ("Число жертв выросло до 551", "ru", None, "exact", 551, 551, 551),
    ("кількість постраждалих зросла до 80", "uk", None, "exact", 80, 80, 80),
    ("число погибших выросло до 143", "ru", "killed", "exact", 143, 143, 143),
    ("число погибших возросло до 143 человек", "ru", "killed", "exact", 143, 143, 143),
    ("число раненых достигло 182", "ru", "injured", "exact", 182, 182, 182),
    ("кількість загиблих зросла до 46", "uk", "killed", "exact", 46, 46, 46),
    ("le bilan s'élève à 129 morts", "fr", "killed", "exact", 129, 129, 129),
    ("un nouveau bilan fait état de 84 morts", "fr", "killed", "exact", 84, 84, 84),
    ("le bilan s'élève à au moins 129 morts", "fr", "killed", "at_least", 129, 129, None),
    ("le nombre de blessés est passé à 352", "fr", "injured", "exact", 352, 352, 352),
    ("la cifra de muertos asciende a 158", "es", "killed", "exact", 158, 158, 158),
    ("el número de desaparecidos se sitúa en 89", "es", "missing", "exact", 89, 89, 89),
    ("Die Zahl der Toten stieg auf sechs", "de", "killed", "exact", 6, 6, 6),
    (
        "die Zahl der Verletzten liegt bei mehr als 200",
        "de",
        "injured",
        "more_than",
        200,
        201,
        None,
    ),
    ("ارتفع عدد القتلى إلى 133", "ar", "killed", "exact", 133, 133, 133),
    ("ارتفعت حصيلة القتلى إلى 133 قتيلا", "ar", "killed", "exact", 133, 133, 133),
    ("ارتفاع حصيلة الشهداء إلى 34183", "ar", "killed", "exact", 34_183, 34_183, 34_183),
    ("بلغ عدد الجرحى 182", "ar", "injured", "exact", 182, 182, 182),
]


@pytest.mark.parametrize(
    ("text", "language", "named", "qualifier", "value", "low", "high"),
    TOLLS,
    ids=[row[0] for row in TOLLS],
)
def test_a_toll_and_its_verb_give_the_new_total(
    text: str,
    language: str,
    named: str | None,
    qualifier: str,
    value: int | None,
    low: int | None,
    high: int | None,
) -> None:
    expected = (qualifier, value, low, high)
    assert reading(Figure.parse(text, language=language)) == expected
    other = "missing" if named != "missing" else "killed"
    if named is not None:
        assert reading(Figure.parse(text, language=language, category=named)) == expected
        with pytest.raises(FigureCategoryMismatch):  # the toll's noun names its category
            Figure.parse(text, language=language, category=other)
    else:  # any category the figure is posted under
        assert reading(Figure.parse(text, language=language, category=other)) == expected
    assert_never_misread_without_language(text, expected)


NOT_A_TOTAL = [
    ("the death toll rose to 22", "en"),  # read: the rest are not
    ("rose to 22", "en"),  # no toll
    ("the death toll 22", "en"),  # no verb
    ("the death toll could rise to 30", "en"),  # a toll that may come
    ("the death toll is expected to rise to 30", "en"),
    ("the death toll rose to 22 from 15", "en"),
    ("the death toll has risen by 5 to 22", "en"),
    ("le bilan pourrait atteindre 100 morts", "fr"),
    ("число погибших может вырасти до 200", "ru"),
    ("la cifra de muertos podría llegar a 100", "es"),
    ("die Zahl der Toten könnte auf 100 steigen", "de"),
    # a question, and a verb before the toll where the language puts none
    ("Was the death toll 22 or 200?", "en"),
    ("Is the toll now 22?", "en"),
    ("Beträgt die Zahl der Toten 22?", "de"),
    ("::: death toll 22", "en"),
    ("death toll: : 22", "en"),
    # Arabic "rose" needs its "to": without it, the number is the rise
    ("ارتفعت حصيلة الشهداء 3 شهداء", "ar"),
    ("ارتفع عدد القتلى 5", "ar"),
    ("ارتفاع حصيلة الشهداء 3 شهداء", "ar"),
]


@pytest.mark.parametrize(("text", "language"), NOT_A_TOTAL[1:], ids=[t for t, _ in NOT_A_TOTAL[1:]])
def test_a_toll_without_its_verb_or_one_that_may_come_is_not_read(text: str, language: str) -> None:
    assert reading(Figure.parse(NOT_A_TOTAL[0][0], language="en")) == ("exact", 22, 22, 22)
    with pytest.raises(UnreadableFigure):
        Figure.parse(text, language=language)


def test_a_toll_that_rises_by_a_number_is_not_a_total() -> None:
    with pytest.raises(UnreadableFigure):
        Figure.parse("death toll rises by 3", language="en")
    with pytest.raises(FigureIsAnIncrease):
        Figure.parse("the death toll rose to another 5", language="en")
    with pytest.raises(FigureIsAnIncrease):
        Figure.parse("le bilan s'alourdit à 5 morts supplémentaires", language="fr")
