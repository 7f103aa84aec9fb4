# ruff: noqa: RUF001, RUF002  # wordings in their own scripts: look-alike letters are meant
"""Russian wordings, written from real reporting, read class by class (DESIGN section 4).

From the Crocus City Hall attack of 22 March 2024 as ТАСС, РИА Новости, Интерфакс,
the Investigative Committee and the Moscow region's health ministry worded it, and
from other wire copy (Kazan school 2021, Perm university 2021, Kerch college 2018).
"""

from __future__ import annotations

from tests.unit.wording.support import (
    Row,
    assert_never_misread_without_language,
    assert_reads,
    params,
)

ROWS: list[Row] = [
    # a number
    ("143", "exact", 143, 143, 143),
    ("143 погибших", "exact", 143, 143, 143),
    ("погибли 143 человека", "exact", 143, 143, 143),
    ("143 человека погибли", "exact", 143, 143, 143),
    ("погибли 137 человек, в том числе трое детей", "exact", 137, 137, 137),
    ("жертвами стали 137 человек", "exact", 137, 137, 137),
    ("пострадали 182 человека", "exact", 182, 182, 182),
    ("182 пострадавших", "exact", 182, 182, 182),
    ("ранения получили 180 человек", "exact", 180, 180, 180),
    ("госпитализированы 107 человек", "exact", 107, 107, 107),
    ("107 человек госпитализированы", "exact", 107, 107, 107),
    ("задержаны 11 человек", "exact", 11, 11, 11),
    ("11 задержанных", "exact", 11, 11, 11),
    ("95 человек числятся пропавшими без вести", "exact", 95, 95, 95),
    ("пропавшими без вести числятся 95 человек", "exact", 95, 95, 95),
    ("сорок человек", "exact", 40, 40, 40),
    ("сто сорок три человека", "exact", 143, 143, 143),
    ("девять человек погибли", "exact", 9, 9, 9),
    ("погибли девять человек", "exact", 9, 9, 9),
    ("один человек погиб", "exact", 1, 1, 1),
    ("погиб один человек", "exact", 1, 1, 1),
    ("двое", "exact", 2, 2, 2),
    ("двое погибших", "exact", 2, 2, 2),
    ("трое детей", "exact", 3, 3, 3),
    ("погибли трое детей", "exact", 3, 3, 3),
    ("четверо задержанных", "exact", 4, 4, 4),
    ("пятеро погибших", "exact", 5, 5, 5),
    ("семеро раненых", "exact", 7, 7, 7),
    ("1 200", "exact", 1_200, 1_200, 1_200),
    ("1 200 человек", "exact", 1_200, 1_200, 1_200),
    ("1\u00a0200 человек", "exact", 1_200, 1_200, 1_200),
    ("1\u202f200 человек", "exact", 1_200, 1_200, 1_200),
    ("40 тыс. человек", "exact", 40_000, 40_000, 40_000),
    ("1,5 тыс. человек", "exact", 1_500, 1_500, 1_500),
    ("1,2 млн человек", "exact", 1_200_000, 1_200_000, 1_200_000),
    ("40 тысяч человек", "exact", 40_000, 40_000, 40_000),
    ("сорок тысяч человек", "exact", 40_000, 40_000, 40_000),
    ("всего 143 человека", "exact", 143, 143, 143),
    ("143 человека, сообщили в СК", "exact", 143, 143, 143),
    # zero
    ("погибших нет", "exact", 0, 0, 0),
    ("нет погибших", "exact", 0, 0, 0),
    ("жертв нет", "exact", 0, 0, 0),
    ("нет пострадавших", "exact", 0, 0, 0),
    ("никто не пострадал", "exact", 0, 0, 0),
    ("никто не погиб", "exact", 0, 0, 0),
    ("обошлось без жертв", "exact", 0, 0, 0),
    ("ноль", "exact", 0, 0, 0),
    # at least
    ("не менее 40 погибших", "at_least", 40, 40, None),
    ("не менее 40 человек", "at_least", 40, 40, None),
    ("погибли не менее 40 человек", "at_least", 40, 40, None),
    ("не менее 143 человек", "at_least", 143, 143, None),
    ("не менее 115 человек госпитализированы", "at_least", 115, 115, None),
    ("по меньшей мере 40 человек погибли", "at_least", 40, 40, None),
    ("по крайней мере 40 человек", "at_least", 40, 40, None),
    ("как минимум 40", "at_least", 40, 40, None),
    ("минимум 40 человек", "at_least", 40, 40, None),
    ("не менее 40 человек, в том числе трое детей", "at_least", 40, 40, None),
    ("не менее сорока человек", "at_least", 40, 40, None),
    ("40 и более", "at_least", 40, 40, None),
    ("40+", "at_least", 40, 40, None),
    # more than
    ("более 60 погибших", "more_than", 60, 61, None),
    ("более 60 человек", "more_than", 60, 61, None),
    ("более 100 пострадавших", "more_than", 100, 101, None),
    ("свыше 100 человек пострадали", "more_than", 100, 101, None),
    ("свыше 140", "more_than", 140, 141, None),
    ("больше 100 человек", "more_than", 100, 101, None),
    ("более сотни пострадавших", "more_than", 100, 101, None),
    ("более тысячи человек", "more_than", 1_000, 1_001, None),
    ("свыше 2 тысяч", "more_than", 2_000, 2_001, None),
    ("более ста человек", "more_than", 100, 101, None),
    ("пострадали более 500 человек", "more_than", 500, 501, None),
    ("более чем 60 человек", "more_than", 60, 61, None),
    # at most
    ("до 40 человек", "at_most", 40, None, 40),
    ("до 60", "at_most", 60, None, 60),
    ("не более 60 человек", "at_most", 60, None, 60),
    ("не больше 60", "at_most", 60, None, 60),
    ("до ста человек", "at_most", 100, None, 100),
    # fewer than
    ("менее 10 человек", "fewer_than", 10, None, 9),
    ("меньше 10", "fewer_than", 10, None, 9),
    # nearly
    ("почти 150 человек", "nearly", 150, None, 149),
    ("почти 60", "nearly", 60, None, 59),
    ("чуть менее 150", "nearly", 150, None, 149),
    ("без малого 150", "nearly", 150, None, 149),
    ("почти сто человек", "nearly", 100, None, 99),
    # about
    ("около 60 раненых", "approximately", 60, None, None),
    ("около 60", "approximately", 60, None, None),
    ("порядка 60 человек", "approximately", 60, None, None),
    ("примерно 60", "approximately", 60, None, None),
    ("приблизительно 60 человек", "approximately", 60, None, None),
    ("около сотни человек", "approximately", 100, None, None),
    ("около сотни", "approximately", 100, None, None),
    ("около 6 тысяч человек", "approximately", 6_000, None, None),
    ("около 1 500", "approximately", 1_500, None, None),
    ("около десятка", "approximately", 10, None, None),
    ("десяток человек", "approximately", 10, None, None),
    ("два десятка человек", "approximately", 20, None, None),
    ("около ста человек", "approximately", 100, None, None),
    # range
    ("от 40 до 60 человек", "between", None, 40, 60),
    ("от 40 до 60", "between", None, 40, 60),
    ("от 250 до 300 тысяч человек", "between", None, 250_000, 300_000),
    ("от 1,5 до 2 миллионов", "between", None, 1_500_000, 2_000_000),
    ("40-60", "between", None, 40, 60),
    ("5-6 человек", "between", None, 5, 6),
    ("5\u20137 человек", "between", None, 5, 7),
    ("два-три человека", "between", None, 2, 3),
    ("двое или трое", "between", None, 2, 3),
    ("двое-трое", "between", None, 2, 3),
    # vague
    ("несколько человек", "vague", None, 3, 9),
    ("несколько", "vague", None, 3, 9),
    ("десятки погибших", "vague", None, 20, 99),
    ("десятки людей", "vague", None, 20, 99),
    ("несколько десятков человек", "vague", None, 20, 99),
    ("сотни раненых", "vague", None, 200, 999),
    ("сотни", "vague", None, 200, 999),
    ("несколько сотен человек", "vague", None, 200, 999),
    ("тысячи людей", "vague", None, 2_000, 9_999),
    ("несколько тысяч человек", "vague", None, 2_000, 9_999),
    ("десятки тысяч человек", "vague", None, 20_000, 99_999),
    ("сотни тысяч человек", "vague", None, 200_000, 999_999),
    ("много пострадавших", "vague", None, 2, None),
    ("многие", "vague", None, 2, None),
    ("пара человек", "vague", None, 2, 3),
    ("не менее 40 человек, сообщил один из источников", "at_least", 40, 40, None),
    ("более 40 тысяч палестинцев", "more_than", 40_000, 40_001, None),
]


@params(ROWS)
def test_each_russian_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "ru", (qualifier, value, low, high))


@params(ROWS)
def test_each_russian_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))


@params(ROWS)
def test_each_russian_wording_reads_the_same_in_capitals(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text.upper(), "ru", (qualifier, value, low, high))
