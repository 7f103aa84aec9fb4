# ruff: noqa: RUF001  # wordings in their own scripts: look-alike letters are meant
"""Ukrainian wordings, written from real reporting, read class by class (DESIGN section 4).

From Укрінформ, Суспільне and the regional military administrations' reports of
missile strikes, and from Укрінформ's coverage of the Crocus City Hall attack of
22 March 2024.
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
    ("133 загиблих", "exact", 133, 133, 133),
    ("загинули 22 людини", "exact", 22, 22, 22),
    ("22 людини загинули", "exact", 22, 22, 22),
    ("поранено 7 людей", "exact", 7, 7, 7),
    ("поранені 7 людей", "exact", 7, 7, 7),
    ("загинула одна людина", "exact", 1, 1, 1),
    ("одна людина загинула", "exact", 1, 1, 1),
    ("троє загиблих", "exact", 3, 3, 3),
    ("п'ятеро поранених", "exact", 5, 5, 5),
    ("п’ятеро поранених", "exact", 5, 5, 5),
    ("двоє дітей", "exact", 2, 2, 2),
    ("четверо людей", "exact", 4, 4, 4),
    ("шестеро загиблих", "exact", 6, 6, 6),
    ("сорок людей", "exact", 40, 40, 40),
    ("сто сорок людей", "exact", 140, 140, 140),
    ("дев'ять людей", "exact", 9, 9, 9),
    ("п'ятдесят осіб", "exact", 50, 50, 50),
    ("госпіталізовано 12 людей", "exact", 12, 12, 12),
    ("12 людей госпіталізували", "exact", 12, 12, 12),
    ("затримано 11 осіб", "exact", 11, 11, 11),
    ("1 200 людей", "exact", 1_200, 1_200, 1_200),
    ("40 тис. людей", "exact", 40_000, 40_000, 40_000),
    ("1,5 млн людей", "exact", 1_500_000, 1_500_000, 1_500_000),
    ("13 загиблих, серед них двоє дітей", "exact", 13, 13, 13),
    ("13 загиблих, у тому числі двоє дітей", "exact", 13, 13, 13),
    ("всього 13 загиблих", "exact", 13, 13, 13),
    # zero
    ("немає загиблих", "exact", 0, 0, 0),
    ("загиблих немає", "exact", 0, 0, 0),
    ("обійшлося без жертв", "exact", 0, 0, 0),
    ("без жертв", "exact", 0, 0, 0),
    ("ніхто не постраждав", "exact", 0, 0, 0),
    ("ніхто не загинув", "exact", 0, 0, 0),
    ("нуль", "exact", 0, 0, 0),
    # at least
    ("щонайменше 40 людей", "at_least", 40, 40, None),
    ("загинули щонайменше 40 людей", "at_least", 40, 40, None),
    ("щонайменше 3 людини загинули", "at_least", 3, 3, None),
    ("не менше 40 загиблих", "at_least", 40, 40, None),
    ("принаймні 40", "at_least", 40, 40, None),
    ("як мінімум 40 людей", "at_least", 40, 40, None),
    ("щонайменше сорок людей", "at_least", 40, 40, None),
    ("40 і більше", "at_least", 40, 40, None),
    # more than
    ("понад 100 людей постраждали", "more_than", 100, 101, None),
    ("понад 140 осіб", "more_than", 140, 141, None),
    ("понад 60", "more_than", 60, 61, None),
    ("більше 60 людей", "more_than", 60, 61, None),
    ("більш ніж 60", "more_than", 60, 61, None),
    ("понад сотню людей", "more_than", 100, 101, None),
    ("понад тисячу", "more_than", 1_000, 1_001, None),
    # at most
    ("до ста людей", "at_most", 100, None, 100),
    ("до 60", "at_most", 60, None, 60),
    ("не більше 60 осіб", "at_most", 60, None, 60),
    # fewer than
    ("менше 10 людей", "fewer_than", 10, None, 9),
    ("менш ніж 10", "fewer_than", 10, None, 9),
    # nearly
    ("майже 150", "nearly", 150, None, 149),
    ("майже 150 людей", "nearly", 150, None, 149),
    ("майже сто", "nearly", 100, None, 99),
    # about
    ("близько 60 людей", "approximately", 60, None, None),
    ("близько двадцяти", "approximately", 20, None, None),
    ("близько двохсот осіб", "approximately", 200, None, None),
    ("приблизно 60", "approximately", 60, None, None),
    ("орієнтовно 60 людей", "approximately", 60, None, None),
    ("близько сотні", "approximately", 100, None, None),
    ("близько сотні людей", "approximately", 100, None, None),
    ("десяток людей", "approximately", 10, None, None),
    ("близько десятка", "approximately", 10, None, None),
    ("два десятки людей", "approximately", 20, None, None),
    # range
    ("від 20 до 30 людей", "between", None, 20, 30),
    ("від 40 до 60", "between", None, 40, 60),
    ("20-30 людей", "between", None, 20, 30),
    ("двоє-троє", "between", None, 2, 3),
    ("двоє або троє", "between", None, 2, 3),
    ("два-три", "between", None, 2, 3),
    # vague
    ("кілька людей", "vague", None, 3, 9),
    ("декілька людей", "vague", None, 3, 9),
    ("кілька десятків", "vague", None, 20, 99),
    ("кілька десятків людей", "vague", None, 20, 99),
    ("десятки поранених", "vague", None, 20, 99),
    ("сотні людей", "vague", None, 200, 999),
    ("кілька сотень людей", "vague", None, 200, 999),
    ("тисячі людей", "vague", None, 2_000, 9_999),
    ("кілька тисяч", "vague", None, 2_000, 9_999),
    ("десятки тисяч людей", "vague", None, 20_000, 99_999),
    ("сотні тисяч людей", "vague", None, 200_000, 999_999),
    ("багато постраждалих", "vague", None, 2, None),
]


@params(ROWS)
def test_each_ukrainian_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "uk", (qualifier, value, low, high))


@params(ROWS)
def test_each_ukrainian_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))


@params(ROWS)
def test_each_ukrainian_wording_reads_the_same_in_capitals(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text.upper(), "uk", (qualifier, value, low, high))
