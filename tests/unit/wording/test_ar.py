# ruff: noqa: RUF001  # wordings in their own scripts: look-alike letters are meant
"""Arabic wordings in numerals, written from real reporting (DESIGN section 4).

From the Beirut port explosion of 4 August 2020 as the Lebanese health ministry,
the Lebanese Red Cross, the National News Agency, Al Jazeera and Asharq Al-Awsat
worded it, in Western and in Arabic-Indic digits.
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
    ("135 قتيلا", "exact", 135, 135, 135),
    ("١٣٥ قتيلا", "exact", 135, 135, 135),
    ("135 قتيلاً", "exact", 135, 135, 135),
    ("مقتل 154 شخصا", "exact", 154, 154, 154),
    ("مقتل ١٥٤ شخصاً", "exact", 154, 154, 154),
    ("4000 جريح", "exact", 4_000, 4_000, 4_000),
    ("٤٠٠٠ جريح", "exact", 4_000, 4_000, 4_000),
    ("6000 جريح", "exact", 6_000, 6_000, 6_000),
    ("٧٨ قتيلا", "exact", 78, 78, 78),
    ("١٬٢٠٠ جريح", "exact", 1_200, 1_200, 1_200),
    ("1,200 جريح", "exact", 1_200, 1_200, 1_200),
    ("300 ألف شخص", "exact", 300_000, 300_000, 300_000),
    ("سقوط 78 قتيلا", "exact", 78, 78, 78),
    ("إصابة 4000 شخص", "exact", 4_000, 4_000, 4_000),
    ("78 قتيلا بينهم أطفال", "exact", 78, 78, 78),
    ("178 قتيلا حسب وزارة الصحة", "exact", 178, 178, 178),
    # with a right-to-left mark before it, as copied from a web page
    ("\u200f135 قتيلا", "exact", 135, 135, 135),
    # zero
    ("لا إصابات", "exact", 0, 0, 0),
    ("لا قتلى", "exact", 0, 0, 0),
    ("دون إصابات", "exact", 0, 0, 0),
    # at least
    ("ما لا يقل عن 78 قتيلا", "at_least", 78, 78, None),
    ("ما لا يقل عن ٧٨ قتيلاً", "at_least", 78, 78, None),
    ("لا يقل عن 40", "at_least", 40, 40, None),
    ("مقتل 22 شخصا على الأقل", "at_least", 22, 22, None),
    ("78 قتيلا على الأقل", "at_least", 78, 78, None),
    ("على الأقل 78 قتيلا", "at_least", 78, 78, None),
    ("40 أو أكثر", "at_least", 40, 40, None),
    # more than
    ("أكثر من 100 قتيل", "more_than", 100, 101, None),
    ("أكثر من 60 قتيلا", "more_than", 60, 61, None),
    ("أكثر من 5 آلاف جريح", "more_than", 5_000, 5_001, None),
    ("ما يزيد عن 4000 جريح", "more_than", 4_000, 4_001, None),
    ("ما يزيد على 4000 جريح", "more_than", 4_000, 4_001, None),
    ("سقوط أكثر من 70 قتيلا", "more_than", 70, 71, None),
    ("مقتل أكثر من 100 شخص", "more_than", 100, 101, None),
    ("أزيد من 100 قتيل", "more_than", 100, 101, None),
    # at most
    ("ما يصل إلى 60", "at_most", 60, None, 60),
    ("ما يصل إلى 300 ألف شخص", "at_most", 300_000, None, 300_000),
    ("لا يزيد عن 60", "at_most", 60, None, 60),
    # fewer than
    ("أقل من 10", "fewer_than", 10, None, 9),
    ("أقل من 10 قتلى", "fewer_than", 10, None, 9),
    # nearly
    ("قرابة 100 قتيل", "nearly", 100, None, 99),
    ("قرابة 60", "nearly", 60, None, 59),
    # about
    ("نحو 60", "approximately", 60, None, None),
    ("نحو 300 ألف شخص بلا مأوى", "approximately", 300_000, None, None),
    ("حوالي 300 ألف", "approximately", 300_000, None, None),
    ("حوالى 4000 جريح", "approximately", 4_000, None, None),
    ("زهاء 4000 جريح", "approximately", 4_000, None, None),
    ("ما يقارب 4000 جريح", "approximately", 4_000, None, None),
    ("4000 جريح تقريبا", "approximately", 4_000, None, None),
    # range
    ("بين 50 و60", "between", None, 50, 60),
    ("بين 50 و 60 قتيلا", "between", None, 50, 60),
    ("ما بين 50 و60", "between", None, 50, 60),
    ("من 50 إلى 60", "between", None, 50, 60),
    ("ما بين 250 و300 ألف شخص باتوا بلا مأوى", "between", None, 250_000, 300_000),
    ("بين 250 ألفا و300 ألف", "between", None, 250_000, 300_000),
    ("250 ألفاً", "exact", 250_000, 250_000, 250_000),
    ("50-60 قتيلا", "between", None, 50, 60),
    # vague
    ("عشرات القتلى", "vague", None, 20, 99),
    ("عشرات المفقودين", "vague", None, 20, 99),
    ("مئات الجرحى", "vague", None, 200, 999),
    ("آلاف الجرحى", "vague", None, 2_000, 9_999),
    ("عشرات الآلاف", "vague", None, 20_000, 99_999),
    ("مئات الآلاف", "vague", None, 200_000, 999_999),
    ("عدد من الجرحى", "vague", None, 2, None),
    ("العديد من الضحايا", "vague", None, 2, None),
    ("عدة أشخاص", "vague", None, 3, 9),
    ("عشرات الآلاف من النازحين", "vague", None, 20_000, 99_999),
    ("آلاف النازحين", "vague", None, 2_000, 9_999),
    # Digits below a scale joined on with wa, as Al Jazeera writes 34,183.
    ("34 ألفا و183 شهيدا", "exact", 34_183, 34_183, 34_183),
    ("أكثر من 11 ألفا و300 قتيل", "more_than", 11_300, 11_301, None),
    ("2 مليون و500 ألف", "exact", 2_500_000, 2_500_000, 2_500_000),
    ("بين 10 آلاف و20 ألف", "between", None, 10_000, 20_000),
]


@params(ROWS)
def test_each_arabic_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "ar", (qualifier, value, low, high))


@params(ROWS)
def test_each_arabic_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))
