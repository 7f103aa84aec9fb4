"""Spanish wordings, written from real reporting, read class by class (DESIGN section 4).

From the Barcelona and Cambrils attacks of 17 August 2017 as EFE, Europa Press, El
País, La Vanguardia, the Mossos d'Esquadra and Protección Civil worded them, and
from the Madrid train bombings of 11 March 2004.
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
    ("13 muertos", "exact", 13, 13, 13),
    ("16 fallecidos", "exact", 16, 16, 16),
    ("murieron 16 personas", "exact", 16, 16, 16),
    ("13 personas murieron", "exact", 13, 13, 13),
    ("15 víctimas mortales", "exact", 15, 15, 15),
    ("resultaron heridas 130 personas", "exact", 130, 130, 130),
    ("130 heridos", "exact", 130, 130, 130),
    ("cuatro detenidos", "exact", 4, 4, 4),
    ("cinco terroristas abatidos", "exact", 5, 5, 5),
    ("trece muertos", "exact", 13, 13, 13),
    ("ciento treinta heridos", "exact", 130, 130, 130),
    ("veintidós", "exact", 22, 22, 22),
    ("dieciséis víctimas", "exact", 16, 16, 16),
    ("treinta y cinco personas", "exact", 35, 35, 35),
    ("un muerto", "exact", 1, 1, 1),
    ("una persona", "exact", 1, 1, 1),
    ("191 muertos", "exact", 191, 191, 191),
    ("1.857 heridos", "exact", 1_857, 1_857, 1_857),
    ("1.200 personas", "exact", 1_200, 1_200, 1_200),
    ("1,5 millones de personas", "exact", 1_500_000, 1_500_000, 1_500_000),
    ("40 mil personas", "exact", 40_000, 40_000, 40_000),
    ("cuarenta mil personas", "exact", 40_000, 40_000, 40_000),
    ("un total de 16 muertos", "exact", 16, 16, 16),
    ("16 muertos, entre ellos un niño de tres años", "exact", 16, 16, 16),
    ("16 víctimas mortales, según el Govern", "exact", 16, 16, 16),
    # zero
    ("ningún muerto", "exact", 0, 0, 0),
    ("ningún herido", "exact", 0, 0, 0),
    ("no hay víctimas", "exact", 0, 0, 0),
    ("no hubo heridos", "exact", 0, 0, 0),
    ("nadie resultó herido", "exact", 0, 0, 0),
    ("sin víctimas", "exact", 0, 0, 0),
    ("cero", "exact", 0, 0, 0),
    # at least
    ("al menos 13 muertos", "at_least", 13, 13, None),
    ("al menos 16 muertos, entre ellos un niño de tres años", "at_least", 16, 16, None),
    ("por lo menos 13 muertos", "at_least", 13, 13, None),
    ("como mínimo 13", "at_least", 13, 13, None),
    ("no menos de 13", "at_least", 13, 13, None),
    ("13 o más", "at_least", 13, 13, None),
    ("al menos una veintena de heridos", "at_least", 20, 20, None),
    # more than
    ("más de 130 heridos", "more_than", 130, 131, None),
    ("más de 100 heridos", "more_than", 100, 101, None),
    ("más de un centenar", "more_than", 100, 101, None),
    ("más de un centenar de heridos", "more_than", 100, 101, None),
    ("algo más de 100", "more_than", 100, 101, None),
    ("poco más de 100 heridos", "more_than", 100, 101, None),
    ("más de 1.800 heridos", "more_than", 1_800, 1_801, None),
    # at most
    ("hasta 100", "at_most", 100, None, 100),
    ("hasta 100 personas", "at_most", 100, None, 100),
    ("como máximo 100", "at_most", 100, None, 100),
    ("no más de 100", "at_most", 100, None, 100),
    # fewer than
    ("menos de 10", "fewer_than", 10, None, 9),
    ("menos de 10 heridos", "fewer_than", 10, None, 9),
    # nearly
    ("casi 100", "nearly", 100, None, 99),
    ("casi 100 heridos", "nearly", 100, None, 99),
    ("cerca de 100 heridos", "nearly", 100, None, 99),
    ("cerca de un centenar de heridos", "nearly", 100, None, 99),
    ("poco menos de 100", "nearly", 100, None, 99),
    # about
    ("unos 100 heridos", "approximately", 100, None, None),
    ("unas 100 personas", "approximately", 100, None, None),
    ("alrededor de 100", "approximately", 100, None, None),
    ("aproximadamente 100 heridos", "approximately", 100, None, None),
    ("en torno a 100", "approximately", 100, None, None),
    ("una veintena de heridos graves", "approximately", 20, None, None),
    ("una veintena", "approximately", 20, None, None),
    ("un centenar de heridos", "approximately", 100, None, None),
    ("una decena de heridos", "approximately", 10, None, None),
    ("una docena de heridos", "approximately", 12, None, None),
    ("una treintena de personas", "approximately", 30, None, None),
    ("un millar de personas", "approximately", 1_000, None, None),
    # range
    ("entre 10 y 20 heridos", "between", None, 10, 20),
    ("entre 10 y 20", "between", None, 10, 20),
    ("de 10 a 20", "between", None, 10, 20),
    ("10 a 20 heridos", "between", None, 10, 20),
    ("10-20", "between", None, 10, 20),
    ("dos o tres", "between", None, 2, 3),
    ("siete u ocho", "between", None, 7, 8),
    # vague
    ("varios heridos", "vague", None, 3, 9),
    ("varias personas", "vague", None, 3, 9),
    ("algunos heridos", "vague", None, 2, 9),
    ("unos pocos heridos", "vague", None, 2, 9),
    ("un par de heridos", "vague", None, 2, 3),
    ("muchos heridos", "vague", None, 2, None),
    ("numerosos heridos", "vague", None, 2, None),
    ("decenas de heridos", "vague", None, 20, 99),
    ("varias decenas de heridos", "vague", None, 20, 99),
    ("cientos de personas", "vague", None, 200, 999),
    ("centenares de personas", "vague", None, 200, 999),
    ("miles de personas", "vague", None, 2_000, 9_999),
    ("decenas de miles de personas", "vague", None, 20_000, 99_999),
    ("cientos de miles de personas", "vague", None, 200_000, 999_999),
    ("95 muertos según un balance provisional", "exact", 95, 95, 95),
    ("más de 40.000 palestinos", "more_than", 40_000, 40_001, None),
]


@params(ROWS)
def test_each_spanish_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "es", (qualifier, value, low, high))


@params(ROWS)
def test_each_spanish_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))


@params(ROWS)
def test_each_spanish_wording_reads_the_same_in_capitals(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text.upper(), "es", (qualifier, value, low, high))
