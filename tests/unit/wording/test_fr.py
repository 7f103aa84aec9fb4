# ruff: noqa: RUF001  # wordings in their own scripts: look-alike letters are meant
"""French wordings, written from real reporting, read class by class (DESIGN section 4).

From the Paris attacks of 13 November 2015 (the Bataclan, the terraces, the Stade de
France) as the AFP, Le Monde, Libération, the Paris prosecutor François Molins and
the ministère de l'Intérieur worded them, and from the Nice attack of 14 July 2016.
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
    ("130 morts", "exact", 130, 130, 130),
    ("352 blessés", "exact", 352, 352, 352),
    ("99 blessés en urgence absolue", "exact", 99, 99, 99),
    ("90 morts au Bataclan", "exact", 90, 90, 90),
    ("130 personnes ont été tuées", "exact", 130, 130, 130),
    ("129 personnes ont trouvé la mort", "exact", 129, 129, 129),
    ("130 morts, dont 90 au Bataclan", "exact", 130, 130, 130),
    ("86 morts, dont dix enfants", "exact", 86, 86, 86),
    ("deux morts", "exact", 2, 2, 2),
    ("un mort", "exact", 1, 1, 1),
    ("une personne", "exact", 1, 1, 1),
    ("quarante morts", "exact", 40, 40, 40),
    ("cent trente morts", "exact", 130, 130, 130),
    ("quatre-vingt-dix morts", "exact", 90, 90, 90),
    ("quatre-vingt-six morts", "exact", 86, 86, 86),
    ("vingt et un blessés", "exact", 21, 21, 21),
    ("sept terroristes", "exact", 7, 7, 7),
    ("trois kamikazes", "exact", 3, 3, 3),
    ("1 200 personnes", "exact", 1_200, 1_200, 1_200),
    ("1\u202f200 personnes", "exact", 1_200, 1_200, 1_200),
    ("1\u00a0200 personnes", "exact", 1_200, 1_200, 1_200),
    ("1,5 million de personnes", "exact", 1_500_000, 1_500_000, 1_500_000),
    ("40 000 personnes", "exact", 40_000, 40_000, 40_000),
    ("quarante mille personnes", "exact", 40_000, 40_000, 40_000),
    ("130 victimes", "exact", 130, 130, 130),
    ("130 morts selon le parquet", "exact", 130, 130, 130),
    # zero
    ("aucune victime", "exact", 0, 0, 0),
    ("aucun blessé", "exact", 0, 0, 0),
    ("aucun mort", "exact", 0, 0, 0),
    ("pas de blessés", "exact", 0, 0, 0),
    ("pas de victimes", "exact", 0, 0, 0),
    ("zéro mort", "exact", 0, 0, 0),
    # at least
    ("au moins 128 morts", "at_least", 128, 128, None),
    ("au moins 40 morts", "at_least", 40, 40, None),
    ("au moins 120 morts", "at_least", 120, 120, None),
    ("pas moins de 130", "at_least", 130, 130, None),
    ("au minimum 130 morts", "at_least", 130, 130, None),
    ("22 morts au moins", "at_least", 22, 22, None),
    ("au moins une dizaine de morts", "at_least", 10, 10, None),
    ("40 ou plus", "at_least", 40, 40, None),
    # more than
    ("plus de 350 blessés", "more_than", 350, 351, None),
    ("plus de 300 blessés", "more_than", 300, 301, None),
    ("plus d'une dizaine", "more_than", 10, 11, None),
    ("plus d'une centaine de blessés", "more_than", 100, 101, None),
    ("plus d'un millier", "more_than", 1_000, 1_001, None),
    ("un peu plus de 100", "more_than", 100, 101, None),
    ("bien plus de 100", "more_than", 100, 101, None),
    # at most
    ("jusqu'à 60 morts", "at_most", 60, None, 60),
    ("jusqu’à 60 morts", "at_most", 60, None, 60),
    ("au maximum 60", "at_most", 60, None, 60),
    ("pas plus de 60", "at_most", 60, None, 60),
    # fewer than
    ("moins de 10 morts", "fewer_than", 10, None, 9),
    ("moins d'une dizaine", "fewer_than", 10, None, 9),
    # nearly
    ("près de 100 morts", "nearly", 100, None, 99),
    ("près d'une centaine de blessés", "nearly", 100, None, 99),
    ("presque 100", "nearly", 100, None, 99),
    ("pas loin de 100 morts", "nearly", 100, None, 99),
    ("quasiment 100", "nearly", 100, None, 99),
    # about
    ("environ 40 morts", "approximately", 40, None, None),
    ("environ 60", "approximately", 60, None, None),
    ("quelque 60 morts", "approximately", 60, None, None),
    ("autour de 60", "approximately", 60, None, None),
    ("aux alentours de 60", "approximately", 60, None, None),
    ("à peu près 60", "approximately", 60, None, None),
    ("une centaine de morts", "approximately", 100, None, None),
    ("une quarantaine de morts", "approximately", 40, None, None),
    ("une vingtaine de blessés graves", "approximately", 20, None, None),
    ("une dizaine", "approximately", 10, None, None),
    ("une douzaine de blessés", "approximately", 12, None, None),
    ("une cinquantaine de personnes", "approximately", 50, None, None),
    ("une soixantaine", "approximately", 60, None, None),
    ("une trentaine de morts", "approximately", 30, None, None),
    ("un millier de personnes", "approximately", 1_000, None, None),
    ("deux centaines de personnes", "approximately", 200, None, None),
    ("60 morts environ", "approximately", 60, None, None),
    # range
    ("entre 40 et 60 morts", "between", None, 40, 60),
    ("entre 40 et 60", "between", None, 40, 60),
    ("de 40 à 60", "between", None, 40, 60),
    ("40 à 60 morts", "between", None, 40, 60),
    ("40-60 morts", "between", None, 40, 60),
    ("deux ou trois", "between", None, 2, 3),
    ("deux à trois morts", "between", None, 2, 3),
    # vague
    ("quelques blessés", "vague", None, 2, 9),
    ("plusieurs morts", "vague", None, 3, 9),
    ("plusieurs blessés", "vague", None, 3, 9),
    ("de nombreux blessés", "vague", None, 2, None),
    ("de nombreuses victimes", "vague", None, 2, None),
    ("des dizaines de morts", "vague", None, 20, 99),
    ("plusieurs dizaines de blessés", "vague", None, 20, 99),
    ("quelques dizaines de personnes", "vague", None, 20, 99),
    ("des centaines de personnes", "vague", None, 200, 999),
    ("plusieurs centaines de blessés", "vague", None, 200, 999),
    ("des milliers de personnes", "vague", None, 2_000, 9_999),
    ("des dizaines de milliers de personnes", "vague", None, 20_000, 99_999),
    ("des centaines de milliers de personnes", "vague", None, 200_000, 999_999),
    ("un certain nombre de victimes", "vague", None, 2, None),
    # An article in the source's clause is no second count.
    ("129 morts selon un bilan provisoire", "exact", 129, 129, 129),
    ("84 morts, selon un bilan de la préfecture", "exact", 84, 84, 84),
    ("plus de 40 000 Palestiniens", "more_than", 40_000, 40_001, None),
]


@params(ROWS)
def test_each_french_wording_reads_as_the_reporting_meant(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text, "fr", (qualifier, value, low, high))


@params(ROWS)
def test_each_french_wording_reads_the_same_without_a_language_or_is_ambiguous(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_never_misread_without_language(text, (qualifier, value, low, high))


@params(ROWS)
def test_each_french_wording_reads_the_same_in_capitals(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert_reads(text.upper(), "fr", (qualifier, value, low, high))
