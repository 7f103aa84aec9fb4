# ruff: noqa: RUF001  # wordings in their own scripts: look-alike letters are meant
"""Wordings the reader refuses, each with its own error, and what fields make acceptable.

A wording the reader is not sure of is refused, never guessed (DESIGN section 4): a
wrong interval is worse than a refusal. Each refusal names what to send instead.
"""

from __future__ import annotations

import pytest

from domain.errors import (
    AmbiguousFigure,
    FigureCategoryMismatch,
    FigureIsAnIncrease,
    FigureMismatch,
    InvalidEntry,
    InvalidValue,
    SeveralFigures,
    UnreadableFigure,
)
from domain.figures import Figure, Qualifier, ReadFrom
from tests.unit.wording.support import reading

# Wordings whose tail or head would change the count if it were ignored, wordings
# that count something else, and digits that are no whole number in the language.
UNREADABLE: list[tuple[str, str | None]] = [
    ("40 or so", "en"),
    ("40 or so people", None),
    ("a dozen or so", "en"),
    ("40-odd", "en"),
    ("40 odd people", "en"),
    ("40 or thereabouts", "en"),
    ("40 percent", "en"),
    ("40 per cent of residents", "en"),
    ("40%", None),
    ("40 families", "en"),
    ("40 families were displaced", "en"),
    ("40 houses were damaged", "en"),
    ("40 families displaced", "en"),
    ("22 of the victims", "en"),
    ("22-year-old", "en"),
    ("a 22-year-old man", "en"),
    ("22 years old", "en"),
    ("a few hundred", "en"),
    ("twelve children under 16", "en"),
    ("22 people were not hurt", "en"),
    ("20-25,000", "en"),  # digits that group thousands are no scale
    ("40 plans", "en"),
    # Peoples as adjectives of other counts.
    ("40 Lebanese families", "en"),
    ("300 Swiss francs", "en"),
    ("2,000 Rohingya homes burned", "en"),
    ("40 familles palestiniennes déplacées", "fr"),
    ("300 villages ukrainiens", "fr"),
    ("40 familias palestinas desplazadas", "es"),
    # A low end scaled to the high end itself: not a range.
    ("between one and a hundred", "en"),
    ("between 1 and 1 million", "en"),
    ("a new toll of 84 dead", "en"),
    ("between 60 and 40 thousand", "en"),
    ("between 1.5 and 2", "en"),
    ("1.5 to 2,000", "en"),
    ("60-40", None),
    ("between 60 and 40", "en"),
    ("at least dozens", "en"),
    ("more than several", "en"),
    ("forty-ish", "en"),
    ("1.200", "en"),
    ("1,20", "en"),
    ("40.5", None),
    ("2,5", "de"),
    ("1,200", "de"),
    ("1,200", "es"),
    ("1,000", "de"),
    ("1.5", None),
    ("-5", None),
    ("", None),
    ("   ", None),
    ("no", "en"),
    ("fewer than 0", "en"),
    ("nearly none", "en"),
    ("в результате теракта погибли 143 человека", "ru"),
    ("среди погибших трое детей", "ru"),
    ("40 с лишним", "ru"),
    ("22 человека не пострадали", "ru"),
    ("40 pour cent", "fr"),
    ("plus ou moins 40", "fr"),
    ("40 y pico", "es"),
    ("40 بالمئة", "ar"),
    ("zwei- bis dreitausend", "de"),
]

SEVERAL: list[tuple[str, str | None]] = [
    # A "one" outside a source's clause counts someone else.
    ("40 killed and one remains in critical condition", "en"),
    ("12 morts et un nombre indéterminé de blessés", "fr"),
    ("12 Tote, einer schwebt noch in Lebensgefahr", "de"),
    ("12 muertos y uno en estado crítico", "es"),
    ("5 погибших, один находится в тяжелом состоянии", "ru"),
    ("مقتل 5 آلاف و300 جريح", "ar"),  # killed before the count, injured after it
    ("five killed and one injured", "en"),
    ("40 dead, one critically injured", "en"),
    ("40 morts et un blessé", "fr"),
    ("22 killed, 59 injured", None),
    ("22 people were killed and 59 injured", "en"),
    ("22 dead and dozens injured", "en"),
    ("22 killed, many injured", "en"),
    ("22 killed and no one injured", "en"),
    ("погибли 62 человека, ранены более 100", "ru"),
    ("4 людини загинули, ще 20 поранені", "uk"),
    ("129 morts et 352 blessés", "fr"),
    ("130 morts et plus de 350 blessés", "fr"),
    ("13 muertos y más de 100 heridos", "es"),
    ("zwölf Tote und 48 Verletzte", "de"),
]

INCREASES: list[tuple[str, str | None]] = [
    ("three more", "en"),
    ("three more people", None),
    ("a further two", "en"),
    ("a further two people have died", "en"),
    ("another 5", "en"),
    ("another five deaths", "en"),
    ("an additional 10", "en"),
    ("10 additional deaths", "en"),
    ("two others", "en"),
    ("dozens more", "en"),
    ("no further deaths", "en"),
    ("ещё трое", "ru"),
    ("ещё 3 человека", "ru"),
    ("еще двое погибших", "ru"),
    ("ще троє", "uk"),
    ("ще двоє загиблих", "uk"),
    ("trois de plus", "fr"),
    ("trois autres morts", "fr"),
    ("cinq morts supplémentaires", "fr"),
    ("tres muertos más", "es"),
    ("otros tres", "es"),
    ("otros dos heridos", "es"),
    ("drei weitere Tote", "de"),
    ("weitere drei Tote", "de"),
    ("3 قتلى آخرين", "ar"),
]

MISMATCHED: list[tuple[str, str | None, str]] = [
    ("59 injured", "en", "killed"),
    ("59 injured", None, "killed"),
    ("22 dead", "en", "injured"),
    ("59 people were taken to hospital", "en", "injured"),
    ("22 killed or injured", "en", "killed"),
    ("22 dead and wounded", "en", "injured"),
    ("no injuries", "en", "killed"),
    ("dozens injured", "en", "killed"),
    ("11 arrested", "en", "killed"),
    ("5 missing", "en", "killed"),
    ("182 раненых", "ru", "killed"),
    ("погибли 143 человека", "ru", "injured"),
    ("задержаны 11 человек", "ru", "killed"),
    ("поранено 7 людей", "uk", "killed"),
    ("352 blessés", "fr", "killed"),
    ("130 morts", "fr", "injured"),
    ("130 heridos", "es", "killed"),
    ("cuatro detenidos", "es", "killed"),
    ("48 Verletzte", "de", "killed"),
    ("zwölf Tote", "de", "injured"),
    ("4000 جريح", "ar", "killed"),
    ("مقتل 154 شخصا", "ar", "injured"),
]

AGREEING_CATEGORIES: list[tuple[str, str | None, str]] = [
    ("59 injured", "en", "injured"),
    ("22 people have been confirmed dead", "en", "killed"),
    ("59 people were taken to hospital", "en", "hospitalised"),
    ("22 people", "en", "injured"),
    ("22 victims", "en", "killed"),
    ("22 casualties", "en", "injured"),
    ("погибли 143 человека", "ru", "killed"),
    ("95 человек числятся пропавшими без вести", "ru", "missing"),
    ("352 blessés", "fr", "injured"),
    ("cuatro detenidos", "es", "detained"),
    ("48 Verletzte", "de", "injured"),
    ("نحو 300 ألف شخص بلا مأوى", "ar", "displaced"),
]


@pytest.mark.parametrize(("text", "language"), UNREADABLE, ids=[t for t, _ in UNREADABLE])
def test_a_wording_the_reader_is_not_sure_of_is_refused_as_unreadable(
    text: str, language: str | None
) -> None:
    with pytest.raises(UnreadableFigure) as raised:
        Figure.parse(text, language=language)

    assert raised.value.text == text
    assert repr(text) in str(raised.value)


@pytest.mark.parametrize(("text", "language"), SEVERAL, ids=[t for t, _ in SEVERAL])
def test_a_wording_with_two_figures_is_refused_asking_to_post_each(
    text: str, language: str | None
) -> None:
    with pytest.raises(SeveralFigures) as raised:
        Figure.parse(text, language=language)

    assert "post each figure" in str(raised.value)


@pytest.mark.parametrize(("text", "language"), INCREASES, ids=[t for t, _ in INCREASES])
def test_an_increase_is_refused_asking_for_the_new_total(text: str, language: str | None) -> None:
    with pytest.raises(FigureIsAnIncrease) as raised:
        Figure.parse(text, language=language)

    assert "new total" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "language", "category"), MISMATCHED, ids=[t for t, *_ in MISMATCHED]
)
def test_a_wording_that_names_another_category_is_refused(
    text: str, language: str | None, category: str
) -> None:
    with pytest.raises(FigureCategoryMismatch) as raised:
        Figure.parse(text, language=language, category=category)

    assert raised.value.category == category
    assert category in str(raised.value)


@pytest.mark.parametrize(
    ("text", "language", "category"), AGREEING_CATEGORIES, ids=[t for t, *_ in AGREEING_CATEGORIES]
)
def test_a_wording_that_names_the_figures_category_or_none_is_read(
    text: str, language: str | None, category: str
) -> None:
    assert Figure.parse(text, language=language, category=category).text == text


def test_a_category_mismatch_is_refused_even_with_fields_beside_the_wording() -> None:
    with pytest.raises(FigureCategoryMismatch):
        Figure.make("59 injured", Qualifier.EXACT, 59, category="killed")


def test_an_unknown_category_is_refused() -> None:
    with pytest.raises(InvalidValue) as raised:
        Figure.parse("22", category="wounded")

    assert raised.value.field == "category"


# Languages -----------------------------------------------------------------------


def test_a_language_that_is_not_an_iso_code_is_refused_naming_the_field() -> None:
    for language in ("xx", "EN", "eng", "english"):
        with pytest.raises(InvalidValue) as raised:
            Figure.parse("22", language=language)
        assert raised.value.field == "language"
        assert "ISO 639-1" in str(raised.value)
    with pytest.raises(InvalidValue):
        Figure.make(qualifier=Qualifier.EXACT, value=22, language="xx")


def test_wording_in_a_language_not_read_here_needs_its_fields_and_keeps_its_language() -> None:
    """A Turkish wire's "en az 284 kişi" is kept, tagged Turkish, with the fields sent beside
    it; alone it is refused naming the language (never read as another language would)."""
    with pytest.raises(UnreadableFigure) as raised:
        Figure.parse("en az 284 kişi", language="tr")
    assert "'tr', is not one read here (en, ru, uk, fr, es, de, ar)" in str(raised.value)
    kept = Figure.make("en az 284 kişi", Qualifier.AT_LEAST, 284, language="tr")
    assert (kept.text, kept.value, kept.low, kept.high) == ("en az 284 kişi", 284, 284, None)
    assert (kept.read_from, kept.language) == (ReadFrom.FIELDS, "tr")
    assert Figure.parse("284", language="pt").value == 284  # digits alone read anywhere
    assert Figure.make(qualifier=Qualifier.EXACT, value=22, language="sw").language == "sw"


def test_digits_that_languages_read_differently_are_ambiguous_without_a_language() -> None:
    with pytest.raises(AmbiguousFigure) as raised:
        Figure.parse("1.200 million")

    assert "en" in raised.value.readings
    assert "de" in raised.value.readings
    assert "language" in str(raised.value)


def test_ambiguous_digits_read_once_the_language_is_given() -> None:
    assert reading(Figure.parse("1.200 million", language="en")) == (
        "exact",
        1_200_000,
        1_200_000,
        1_200_000,
    )


def test_a_language_reading_the_digits_as_a_fraction_takes_no_part() -> None:
    # "1.200" is 1.2 in English, no count, so German and Spanish read it alone.
    assert reading(Figure.parse("1.200")) == ("exact", 1_200, 1_200, 1_200)
    assert reading(Figure.parse("1,200")) == ("exact", 1_200, 1_200, 1_200)


def test_the_language_as_sent_is_kept_and_none_when_not_sent() -> None:
    assert Figure.parse("22", language="de").language == "de"
    assert Figure.parse("22").language is None
    assert Figure.make(qualifier=Qualifier.EXACT, value=22, language="fr").language == "fr"


def test_fields_pick_the_reading_of_an_ambiguous_wording_when_only_one_agrees() -> None:
    figure = Figure.make("1.200 million", Qualifier.EXACT, 1_200_000)

    assert reading(figure) == ("exact", 1_200_000, 1_200_000, 1_200_000)
    assert figure.read_from is ReadFrom.TEXT


def test_fields_that_agree_with_no_reading_of_an_ambiguous_wording_are_refused() -> None:
    with pytest.raises(AmbiguousFigure):
        Figure.make("1.200 million", Qualifier.EXACT, 5)


# Text and fields together ------------------------------------------------------------


def test_readable_wording_and_fields_that_disagree_are_refused() -> None:
    with pytest.raises(FigureMismatch) as raised:
        Figure.make("almost 60", Qualifier.APPROXIMATELY, 60)

    assert "'almost 60'" in str(raised.value)


def test_readable_wording_and_fields_that_agree_are_read_from_the_text() -> None:
    figure = Figure.make("nearly 60 people", Qualifier.NEARLY, 60, None, 59, language="en")

    assert reading(figure) == ("nearly", 60, None, 59)
    assert figure.read_from is ReadFrom.TEXT
    assert figure.text == "nearly 60 people"


def test_unreadable_wording_with_fields_keeps_the_wording_and_reads_the_fields() -> None:
    figure = Figure.make("  a number of fatalities or so  ", Qualifier.AT_LEAST, 2)

    assert figure.text == "  a number of fatalities or so  "
    assert reading(figure) == ("at_least", 2, 2, None)
    assert figure.read_from is ReadFrom.FIELDS


def test_unreadable_wording_without_a_qualifier_beside_it_is_refused() -> None:
    with pytest.raises(UnreadableFigure):
        Figure.make("40 or so", value=40)


def test_an_increase_with_the_new_total_in_the_fields_is_accepted_from_the_fields() -> None:
    figure = Figure.make("three more", Qualifier.EXACT, 25)

    assert figure.text == "three more"
    assert reading(figure) == ("exact", 25, 25, 25)
    assert figure.read_from is ReadFrom.FIELDS


def test_an_increase_in_another_language_with_the_total_in_the_fields_is_accepted() -> None:
    figure = Figure.make("ещё трое погибших", Qualifier.AT_LEAST, 146, language="ru")

    assert figure.read_from is ReadFrom.FIELDS
    assert figure.language == "ru"


def test_several_figures_are_refused_even_with_fields_beside_them() -> None:
    with pytest.raises(SeveralFigures):
        Figure.make("22 killed, 59 injured", Qualifier.EXACT, 22)


def test_a_wording_over_a_billion_is_refused_as_an_invalid_value() -> None:
    with pytest.raises(InvalidValue):
        Figure.parse("2 billion")


def test_every_refusal_is_an_invalid_entry() -> None:
    for error in (
        UnreadableFigure,
        SeveralFigures,
        FigureIsAnIncrease,
        FigureCategoryMismatch,
        AmbiguousFigure,
    ):
        assert issubclass(error, InvalidEntry)


def test_a_text_longer_than_a_wording_is_not_read_but_kept_with_fields() -> None:
    text = "22 people were killed, " + "police said, " * 40

    with pytest.raises(UnreadableFigure):
        Figure.parse(text)
    figure = Figure.make(text, Qualifier.EXACT, 22)
    assert figure.text == text
    assert figure.read_from is ReadFrom.FIELDS
