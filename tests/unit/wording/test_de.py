"""German wordings, written from real reporting, read class by class (DESIGN section 4).

From the Breitscheidplatz attack in Berlin of 19 December 2016 as dpa, the Polizei
Berlin, the Tagesschau, the Berliner Morgenpost and the Senat worded it, and from the
Munich shooting of 22 July 2016 and the Magdeburg market attack of 2024.
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
    ("zwölf Tote", "exact", 12, 12, 12),
    ("12 Tote", "exact", 12, 12, 12),
    ("neun Tote", "exact", 9, 9, 9),
    ("48 Verletzte", "exact", 48, 48, 48),
    ("55 Verletzte", "exact", 55, 55, 55),
    ("18 Schwerverletzte", "exact", 18, 18, 18),
    ("12 Todesopfer", "exact", 12, 12, 12),
    ("zwölf Menschen starben", "exact", 12, 12, 12),
    ("56 Menschen wurden verletzt", "exact", 56, 56, 56),
    ("zwölf Menschen kamen ums Leben", "exact", 12, 12, 12),
    ("zweiundzwanzig", "exact", 22, 22, 22),
    ("hundertfünf", "exact", 105, 105, 105),
    ("einhundertfünf Menschen", "exact", 105, 105, 105),
    ("eine Person", "exact", 1, 1, 1),
    ("ein Toter", "exact", 1, 1, 1),
    ("zwei Tote", "exact", 2, 2, 2),
    ("drei Verletzte", "exact", 3, 3, 3),
    ("1.200 Menschen", "exact", 1_200, 1_200, 1_200),
    ("1,5 Millionen Menschen", "exact", 1_500_000, 1_500_000, 1_500_000),
    ("40.000 Menschen", "exact", 40_000, 40_000, 40_000),
    ("40 Tausend", "exact", 40_000, 40_000, 40_000),
    ("vierzigtausend Menschen", "exact", 40_000, 40_000, 40_000),
    ("insgesamt 12 Tote", "exact", 12, 12, 12),
    ("12 Tote, darunter ein Pole", "exact", 12, 12, 12),
    ("12 Tote laut Polizei", "exact", 12, 12, 12),
    ("sechs Menschen wurden getötet", "exact", 6, 6, 6),
    # zero
    ("keine Toten", "exact", 0, 0, 0),
    ("keine Verletzten", "exact", 0, 0, 0),
    ("kein Todesopfer", "exact", 0, 0, 0),
    ("niemand wurde verletzt", "exact", 0, 0, 0),
    ("null", "exact", 0, 0, 0),
    # at least
    ("mindestens zwölf Menschen", "at_least", 12, 12, None),
    ("mindestens 12 Menschen wurden getötet", "at_least", 12, 12, None),
    ("mindestens 12 Tote, darunter ein Pole", "at_least", 12, 12, None),
    ("mindestens 48 Verletzte", "at_least", 48, 48, None),
    ("wenigstens 12", "at_least", 12, 12, None),
    ("nicht weniger als 12", "at_least", 12, 12, None),
    ("12 oder mehr", "at_least", 12, 12, None),
    ("mindestens ein Dutzend", "at_least", 12, 12, None),
    # more than
    ("mehr als 50 Verletzte", "more_than", 50, 51, None),
    ("mehr als 100 Menschen kamen ums Leben", "more_than", 100, 101, None),
    ("über 50", "more_than", 50, 51, None),
    ("über 50 Verletzte", "more_than", 50, 51, None),
    ("weit über 100", "more_than", 100, 101, None),
    ("mehr als ein Dutzend", "more_than", 12, 13, None),
    ("mehr als 1.000 Menschen", "more_than", 1_000, 1_001, None),
    # at most
    ("bis zu 60", "at_most", 60, None, 60),
    ("bis zu 60 Verletzte", "at_most", 60, None, 60),
    ("höchstens 60", "at_most", 60, None, 60),
    ("maximal 60", "at_most", 60, None, 60),
    ("nicht mehr als 60", "at_most", 60, None, 60),
    # fewer than
    ("weniger als 10", "fewer_than", 10, None, 9),
    ("unter 10 Toten", "fewer_than", 10, None, 9),
    # nearly
    ("fast 50 Verletzte", "nearly", 50, None, 49),
    ("knapp 50 Verletzte", "nearly", 50, None, 49),
    ("knapp 50 Menschen", "nearly", 50, None, 49),
    ("beinahe 50", "nearly", 50, None, 49),
    ("nahezu 50", "nearly", 50, None, 49),
    # about
    ("rund 50 Verletzte", "approximately", 50, None, None),
    ("etwa 50", "approximately", 50, None, None),
    ("ungefähr 50 Menschen", "approximately", 50, None, None),
    ("ca. 50", "approximately", 50, None, None),
    ("circa 50 Verletzte", "approximately", 50, None, None),
    ("schätzungsweise 50", "approximately", 50, None, None),
    ("ein Dutzend Verletzte", "approximately", 12, None, None),
    ("ein Dutzend", "approximately", 12, None, None),
    ("zwei Dutzend", "approximately", 24, None, None),
    ("etwa ein Dutzend", "approximately", 12, None, None),
    # range
    ("zwischen 40 und 60 Verletzte", "between", None, 40, 60),
    ("zwischen 40 und 60", "between", None, 40, 60),
    ("40 bis 60", "between", None, 40, 60),
    ("von 40 bis 60", "between", None, 40, 60),
    ("40-60 Verletzte", "between", None, 40, 60),
    ("zwei oder drei", "between", None, 2, 3),
    ("zwei bis drei Tote", "between", None, 2, 3),
    # vague
    ("mehrere Verletzte", "vague", None, 3, 9),
    ("ein paar Verletzte", "vague", None, 2, 9),
    ("einige Verletzte", "vague", None, 2, 9),
    ("viele Verletzte", "vague", None, 2, None),
    ("zahlreiche Verletzte", "vague", None, 2, None),
    ("Dutzende Verletzte", "vague", None, 20, 99),
    ("mehrere Dutzend Verletzte", "vague", None, 24, 99),
    ("Hunderte Menschen", "vague", None, 200, 999),
    ("Hunderte von Menschen", "vague", None, 200, 999),
    ("mehrere hundert Menschen", "vague", None, 200, 999),
    ("Tausende Menschen", "vague", None, 2_000, 9_999),
    ("Zehntausende", "vague", None, 20_000, 99_999),
    ("Hunderttausende Menschen", "vague", None, 200_000, 999_999),
    ("12 Tote laut einer Polizeisprecherin", "exact", 12, 12, 12),
    ("mehr als 40.000 Palästinenser", "more_than", 40_000, 40_001, None),
]


@params(ROWS)
def test_each_german_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "de", (qualifier, value, low, high))


@params(ROWS)
def test_each_german_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))


@params(ROWS)
def test_each_german_wording_reads_the_same_in_capitals(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text.upper(), "de", (qualifier, value, low, high))
