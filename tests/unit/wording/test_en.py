"""English wordings, written from real reporting, read class by class (DESIGN section 4).

Most come from the Manchester Arena bombing of 22 May 2017 as Greater Manchester
Police, the North West Ambulance Service, the BBC, the Guardian, Reuters, AP and the
live blogs worded it that night and the days after; the rest from wire copy of other
incidents (Grenfell Tower 2017, Beirut 2020, Christchurch 2019, Crocus City Hall 2024).
"""

from __future__ import annotations

from tests.unit.wording.support import (
    Row,
    assert_never_misread_without_language,
    assert_reads,
    params,
)

NUMBERS: list[Row] = [
    ("34,183 Palestinians, most of them women and children", "exact", 34_183, 34_183, 34_183),
    ("364 festivalgoers", "exact", 364, 364, 364),
    ("22", "exact", 22, 22, 22),
    ("22 people", "exact", 22, 22, 22),
    ("22 dead", "exact", 22, 22, 22),
    ("22 killed", "exact", 22, 22, 22),
    ("22 people killed", "exact", 22, 22, 22),
    ("22 people have died", "exact", 22, 22, 22),
    ("22 people were killed", "exact", 22, 22, 22),
    ("22 people have been confirmed dead", "exact", 22, 22, 22),
    ("22 confirmed dead", "exact", 22, 22, 22),
    ("22 victims", "exact", 22, 22, 22),
    ("22, including children", "exact", 22, 22, 22),
    ("22 people, including children, have died", "exact", 22, 22, 22),
    ("22 killed, including an eight-year-old girl", "exact", 22, 22, 22),
    ("22 (including an 8-year-old)", "exact", 22, 22, 22),
    ("22 dead, police said", "exact", 22, 22, 22),
    ("22 people died, police said", "exact", 22, 22, 22),
    ("22 people are known to have died", "exact", 22, 22, 22),
    ("22 people, among them children", "exact", 22, 22, 22),
    ("22 innocent people", "exact", 22, 22, 22),
    ("59 injured", "exact", 59, 59, 59),
    ("59 people injured", "exact", 59, 59, 59),
    ("59 people were taken to hospital", "exact", 59, 59, 59),
    ("59 casualties", "exact", 59, 59, 59),
    ("119 injured", "exact", 119, 119, 119),
    ("116 people injured", "exact", 116, 116, 116),
    ("twenty-two", "exact", 22, 22, 22),
    ("Twenty-two people", "exact", 22, 22, 22),
    ("twenty two", "exact", 22, 22, 22),
    ("two", "exact", 2, 2, 2),
    ("two men", "exact", 2, 2, 2),
    ("eight men", "exact", 8, 8, 8),
    ("one person", "exact", 1, 1, 1),
    ("one man", "exact", 1, 1, 1),
    ("three children", "exact", 3, 3, 3),
    ("fifty-nine", "exact", 59, 59, 59),
    ("one hundred and five", "exact", 105, 105, 105),
    ("one hundred and nineteen people", "exact", 119, 119, 119),
    ("a hundred", "exact", 100, 100, 100),
    ("a thousand people", "exact", 1_000, 1_000, 1_000),
    ("forty", "exact", 40, 40, 40),
    ("seventy-two people", "exact", 72, 72, 72),
    ("1,200", "exact", 1_200, 1_200, 1_200),
    ("1,200 people", "exact", 1_200, 1_200, 1_200),
    ("4,000 injured", "exact", 4_000, 4_000, 4_000),
    ("300,000 people", "exact", 300_000, 300_000, 300_000),
    ("40 thousand", "exact", 40_000, 40_000, 40_000),
    ("1.2 million", "exact", 1_200_000, 1_200_000, 1_200_000),
    ("1.25 thousand", "exact", 1_250, 1_250, 1_250),
    ("40k", "exact", 40_000, 40_000, 40_000),
    ("300k people", "exact", 300_000, 300_000, 300_000),
    ("2 million people", "exact", 2_000_000, 2_000_000, 2_000_000),
    ("a total of 22", "exact", 22, 22, 22),
    ("a total of 72 people", "exact", 72, 72, 72),
    ("exactly 22", "exact", 22, 22, 22),
    ("only two", "exact", 2, 2, 2),
    ("22 people in total", "exact", 22, 22, 22),
    ("22 so far", "exact", 22, 22, 22),
    ("51 people (including an Afghan refugee)", "exact", 51, 51, 51),
    ("137 people, according to investigators", "exact", 137, 137, 137),
    ("72 people died in the fire", "exact", 72, 72, 72),
    ("two British nationals", "exact", 2, 2, 2),
    ("six police officers", "exact", 6, 6, 6),
]

ZERO: list[Row] = [
    ("none", "exact", 0, 0, 0),
    ("None", "exact", 0, 0, 0),
    ("no one", "exact", 0, 0, 0),
    ("no one was killed", "exact", 0, 0, 0),
    ("no one was hurt", "exact", 0, 0, 0),
    ("nobody", "exact", 0, 0, 0),
    ("nobody was injured", "exact", 0, 0, 0),
    ("zero", "exact", 0, 0, 0),
    ("no deaths", "exact", 0, 0, 0),
    ("no casualties", "exact", 0, 0, 0),
    ("no fatalities", "exact", 0, 0, 0),
    ("no injuries", "exact", 0, 0, 0),
    ("no reported injuries", "exact", 0, 0, 0),
    ("no deaths have been reported", "exact", 0, 0, 0),
    ("none were killed", "exact", 0, 0, 0),
]

AT_LEAST: list[Row] = [
    ("at least 22", "at_least", 22, 22, None),
    ("at least 19 people", "at_least", 19, 19, None),
    ("at least 19 people have been killed", "at_least", 19, 19, None),
    ("At least 22 people killed", "at_least", 22, 22, None),
    ("at least 50 injured", "at_least", 50, 50, None),
    ("at least a dozen", "at_least", 12, 12, None),
    ("at least a dozen children", "at_least", 12, 12, None),
    ("at least two", "at_least", 2, 2, None),
    ("at least 137 people", "at_least", 137, 137, None),
    ("no fewer than 22", "at_least", 22, 22, None),
    ("no less than 40", "at_least", 40, 40, None),
    ("not less than 40", "at_least", 40, 40, None),
    ("a minimum of 40", "at_least", 40, 40, None),
    ("40 or more", "at_least", 40, 40, None),
    ("40 or more people", "at_least", 40, 40, None),
    ("40+", "at_least", 40, 40, None),
    ("40+ dead", "at_least", 40, 40, None),
    ("40-plus", "at_least", 40, 40, None),
    ("a dozen or more", "at_least", 12, 12, None),
]

MORE_THAN: list[Row] = [
    # Peoples, nationals and crowds count people ("Palestinians", "festivalgoers").
    ("more than 40,000 Palestinians", "more_than", 40_000, 40_001, None),
    ("more than 1,200 Israelis", "more_than", 1_200, 1_201, None),
    ("more than 50", "more_than", 50, 51, None),
    ("more than 50 people injured", "more_than", 50, 51, None),
    ("more than a dozen", "more_than", 12, 13, None),
    ("more than 100", "more_than", 100, 101, None),
    ("more than 800 people", "more_than", 800, 801, None),
    ("more than 130 people were killed", "more_than", 130, 131, None),
    ("over 100", "more_than", 100, 101, None),
    ("over 100 injured", "more_than", 100, 101, None),
    ("well over 100", "more_than", 100, 101, None),
    ("just over 100", "more_than", 100, 101, None),
    ("above 100", "more_than", 100, 101, None),
    ("in excess of 100", "more_than", 100, 101, None),
    ("upwards of 100", "more_than", 100, 101, None),
    ("more than 5,000 injured", "more_than", 5_000, 5_001, None),
    ("over 300,000 people", "more_than", 300_000, 300_001, None),
    ("more than a hundred", "more_than", 100, 101, None),
]

AT_MOST: list[Row] = [
    ("up to 60", "at_most", 60, None, 60),
    ("up to 60 people", "at_most", 60, None, 60),
    ("up to 300,000 people", "at_most", 300_000, None, 300_000),
    ("at most 60", "at_most", 60, None, 60),
    ("as many as 60", "at_most", 60, None, 60),
    ("as many as 100 people", "at_most", 100, None, 100),
    ("no more than 60", "at_most", 60, None, 60),
    ("a maximum of 60", "at_most", 60, None, 60),
]

FEWER_THAN: list[Row] = [
    ("fewer than 60", "fewer_than", 60, None, 59),
    ("fewer than 10 people", "fewer_than", 10, None, 9),
    ("less than 60", "fewer_than", 60, None, 59),
    ("under 60", "fewer_than", 60, None, 59),
    ("below 60", "fewer_than", 60, None, 59),
    ("fewer than a dozen", "fewer_than", 12, None, 11),
]

NEARLY: list[Row] = [
    ("nearly 60", "nearly", 60, None, 59),
    ("nearly 60 people", "nearly", 60, None, 59),
    ("nearly 60 people were taken to hospital", "nearly", 60, None, 59),
    ("almost 60", "nearly", 60, None, 59),
    ("almost 60 injured", "nearly", 60, None, 59),
    ("just under 60", "nearly", 60, None, 59),
    ("close to 60", "nearly", 60, None, 59),
    ("just short of 60", "nearly", 60, None, 59),
    ("nearly a hundred", "nearly", 100, None, 99),
    ("almost 5,000", "nearly", 5_000, None, 4_999),
]

ABOUT: list[Row] = [
    ("about 60", "approximately", 60, None, None),
    ("about a hundred", "approximately", 100, None, None),
    ("about 60 people", "approximately", 60, None, None),
    ("around 60", "approximately", 60, None, None),
    ("around 4,000 injured", "approximately", 4_000, None, None),
    ("approximately 60", "approximately", 60, None, None),
    ("roughly 60", "approximately", 60, None, None),
    ("some 60", "approximately", 60, None, None),
    ("some 300,000 people", "approximately", 300_000, None, None),
    ("an estimated 60", "approximately", 60, None, None),
    ("an estimated 300,000 people", "approximately", 300_000, None, None),
    ("estimated 60", "approximately", 60, None, None),
    ("c. 50", "approximately", 50, None, None),
    ("ca. 50", "approximately", 50, None, None),
    ("circa 50", "approximately", 50, None, None),
    ("~50", "approximately", 50, None, None),
    ("~ 50", "approximately", 50, None, None),
    ("approx. 50", "approximately", 50, None, None),
    ("a dozen", "approximately", 12, None, None),
    ("a dozen people", "approximately", 12, None, None),
    ("about a dozen", "approximately", 12, None, None),
    ("half a dozen", "approximately", 6, None, None),
    ("two dozen", "approximately", 24, None, None),
]

RANGES: list[Row] = [
    ("40-60", "between", None, 40, 60),
    ("40\u201360", "between", None, 40, 60),
    ("40 to 60", "between", None, 40, 60),
    ("40 to 60 people", "between", None, 40, 60),
    ("between 40 and 60", "between", None, 40, 60),
    # A scale word on the high end is the low end's too, as people say it.
    ("40 to 60 thousand", "between", None, 40_000, 60_000),
    ("between 250 and 300 thousand people", "between", None, 250_000, 300_000),
    ("two or three hundred", "between", None, 200, 300),
    ("between 1.5 and 2 million", "between", None, 1_500_000, 2_000_000),
    ("91 to one hundred", "between", None, 91, 100),  # 9,100 would pass the high end
    ("between 40 and 60 people", "between", None, 40, 60),
    ("from 40 to 60", "between", None, 40, 60),
    ("two or three", "between", None, 2, 3),
    ("two or three people", "between", None, 2, 3),
    ("one or two", "between", None, 1, 2),
    ("22 or 23", "between", None, 22, 23),
    ("between 200 and 300 people", "between", None, 200, 300),
    ("between 1,000 and 1,500", "between", None, 1_000, 1_500),
    ("50 to 60 injured", "between", None, 50, 60),
]

VAGUE: list[Row] = [
    ("a couple of people", "vague", None, 2, 3),
    ("a few", "vague", None, 2, 9),
    ("a few people", "vague", None, 2, 9),
    ("a handful", "vague", None, 2, 9),
    ("a handful of people", "vague", None, 2, 9),
    ("several", "vague", None, 3, 9),
    ("several people", "vague", None, 3, 9),
    ("several children", "vague", None, 3, 9),
    ("a number of fatalities", "vague", None, 2, None),
    ("a number of people", "vague", None, 2, None),
    ("many", "vague", None, 2, None),
    ("many people", "vague", None, 2, None),
    ("multiple casualties", "vague", None, 2, None),
    ("numerous", "vague", None, 2, None),
    ("dozens", "vague", None, 24, 99),
    ("dozens of people", "vague", None, 24, 99),
    ("dozens injured", "vague", None, 24, 99),
    ("dozens of people were injured", "vague", None, 24, 99),
    ("several dozen", "vague", None, 24, 99),
    ("tens of people", "vague", None, 20, 99),
    ("scores", "vague", None, 40, 199),
    ("scores of people", "vague", None, 40, 199),
    ("hundreds", "vague", None, 200, 999),
    ("hundreds of people", "vague", None, 200, 999),
    ("several hundred", "vague", None, 200, 999),
    ("several hundred people", "vague", None, 200, 999),
    ("100s", "vague", None, 200, 999),
    ("thousands", "vague", None, 2_000, 9_999),
    ("thousands of people", "vague", None, 2_000, 9_999),
    ("several thousand", "vague", None, 2_000, 9_999),
    ("tens of thousands", "vague", None, 20_000, 99_999),
    ("tens of thousands of people", "vague", None, 20_000, 99_999),
    ("hundreds of thousands", "vague", None, 200_000, 999_999),
    ("hundreds of thousands of people", "vague", None, 200_000, 999_999),
]

ROWS = (
    NUMBERS + ZERO + AT_LEAST + MORE_THAN + AT_MOST + FEWER_THAN + NEARLY + ABOUT + RANGES + VAGUE
)


@params(ROWS)
def test_each_english_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "en", (qualifier, value, low, high))


@params(ROWS)
def test_each_english_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))


@params(ROWS)
def test_each_english_wording_reads_the_same_in_capitals_and_with_extra_spaces(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    spaced = "  " + text.upper().replace(" ", "   ") + " "
    assert_reads(spaced, "en", (qualifier, value, low, high))
