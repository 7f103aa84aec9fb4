"""Real wordings in French and Spanish, as wire copy, statements, live blogs and Telegram posts
put them, with the reading a careful editor gives each (see test_corpus.py)."""

from __future__ import annotations

from tests.unit.wording.corpus import Case

FR_ES: list[Case] = [
    # nice
    ("fr", "killed", "84 morts", ("exact", 84, 84, 84)),
    ("fr", "killed", "au moins 84 personnes", ("at_least", 84, 84, None)),
    ("fr", "killed", "86 morts, dont 10 enfants", ("exact", 86, 86, 86)),
    ("fr", "killed", "quatre-vingt-quatre", ("exact", 84, 84, 84)),
    ("fr", "injured", "plus de 200 blessés", ("more_than", 200, 201, None)),
    ("fr", "injured", "plus de 400 blessés", ("more_than", 400, 401, None)),
    ("fr", "injured", "une cinquantaine de blessés graves", ("approximately", 50, None, None)),
    ("fr", "injured", "des centaines de blessés", ("vague", None, 200, 999)),
    ("fr", "killed", "une dizaine d'enfants", ("approximately", 10, None, None)),
    (
        "fr",
        "killed",
        "un nouveau bilan fait état de 84 morts",
        ("exact", 84, 84, 84),
    ),  # lead-in
    (
        "fr",
        "killed",
        "le bilan s'alourdit à 85 morts",
        ("exact", 85, 85, 85),
    ),  # lead-in
    ("fr", "hospitalised", "jusqu'à 60", ("at_most", 60, None, 60)),
    ("fr", "hospitalised", "jusqu’à 60", ("at_most", 60, None, 60)),  # U+2019 apostrophe
    ("fr", "hospitalised", "entre 40 et 60", ("between", None, 40, 60)),
    ("fr", "killed", "deux morts supplémentaires", ("REFUSE", "figure-is-an-increase")),
    ("fr", "killed", "trois de plus", ("REFUSE", "figure-is-an-increase")),
    # bataclan
    ("fr", "killed", "cent trente", ("exact", 130, 130, 130)),
    ("fr", "killed", "130 morts et plus de 350 blessés", ("REFUSE", "several-figures")),
    (
        "fr",
        "killed",
        "130 personnes, dont 90 au Bataclan",
        ("exact", 130, 130, 130),
    ),  # number in trailing clause
    ("fr", "killed", "au moins 120 morts", ("at_least", 120, 120, None)),
    ("fr", "killed", "près de 130", ("nearly", 130, None, 129)),
    ("fr", "killed", "environ 100", ("approximately", 100, None, None)),
    ("fr", "killed", "une quarantaine", ("approximately", 40, None, None)),
    ("fr", "killed", "une centaine de morts", ("approximately", 100, None, None)),
    ("fr", "killed", "plus d'une centaine", ("more_than", 100, 101, None)),
    ("fr", "killed", "plus d’une centaine de morts", ("more_than", 100, 101, None)),  # U+2019
    (
        "fr",
        "killed",
        "près d'une centaine",
        [("nearly", 100, None, 99), ("approximately", 100, None, None)],
    ),
    ("fr", "killed", "des dizaines de morts", ("vague", None, 20, 99)),
    ("fr", "killed", "plusieurs morts", ("vague", None, 3, 9)),
    ("fr", "injured", "quelques blessés", ("vague", None, 2, 9)),
    ("fr", "injured", "de nombreux blessés", ("vague", None, 2, None)),
    ("fr", "injured", "moins de 10", ("fewer_than", 10, None, 9)),
    ("fr", "detained", "aucune interpellation", [("exact", 0, 0, 0), ("REFUSE", None)]),
    ("fr", "affected", "1 500 personnes", ("exact", 1500, 1500, 1500)),  # space
    ("fr", "affected", "1\u202f500 personnes", ("exact", 1500, 1500, 1500)),  # NNBSP
    ("fr", "affected", "1\xa0500", ("exact", 1500, 1500, 1500)),  # NBSP
    ("fr", "affected", "des milliers", ("vague", None, 2000, 9999)),
    # beirut
    ("fr", "injured", "plus de 6\xa0500 blessés", ("more_than", 6500, 6501, None)),
    ("fr", "displaced", "300\u202f000 sans-abri", ("exact", 300000, 300000, 300000)),
    ("fr", "displaced", "1,5 million", ("exact", 1500000, 1500000, 1500000)),  # decimal comma
    ("fr", "killed", "un mort", ("exact", 1, 1, 1)),
    ("fr", "injured", "deux blessés", ("exact", 2, 2, 2)),
    # valencia
    ("es", "killed", "al menos 95 muertos", ("at_least", 95, 95, None)),
    ("es", "killed", "95 fallecidos", ("exact", 95, 95, 95)),
    ("es", "killed", "más de 200 personas", ("more_than", 200, 201, None)),
    ("es", "killed", "223 víctimas mortales", ("exact", 223, 223, 223)),
    (
        "es",
        "killed",
        "227 fallecidos, 8 de ellos en Castilla-La Mancha",
        [("exact", 227, 227, 227), ("REFUSE", None)],
    ),  # number in clause
    ("es", "killed", "doscientos veintitrés", ("exact", 223, 223, 223)),
    ("es", "killed", "noventa y cinco", ("exact", 95, 95, 95)),
    ("es", "killed", "por lo menos 211", ("at_least", 211, 211, None)),
    ("es", "killed", "casi 100", ("nearly", 100, None, 99)),
    ("es", "killed", "alrededor de 60", ("approximately", 60, None, None)),
    ("es", "killed", "una veintena", ("approximately", 20, None, None)),
    ("es", "killed", "una decena", ("approximately", 10, None, None)),
    ("es", "killed", "un centenar de muertos", ("approximately", 100, None, None)),
    ("es", "killed", "más de un centenar", ("more_than", 100, 101, None)),
    ("es", "killed", "varios muertos", ("vague", None, 3, 9)),
    ("es", "killed", "62 muertos y 100 desaparecidos", ("REFUSE", "several-figures")),
    ("es", "killed", "otros 3 fallecidos", ("REFUSE", "figure-is-an-increase")),
    ("es", "killed", "tres más", ("REFUSE", "figure-is-an-increase")),
    (
        "es",
        "killed",
        "la cifra de muertos asciende a 158",
        ("exact", 158, 158, 158),
    ),  # lead-in
    ("es", "missing", "decenas de desaparecidos", ("vague", None, 20, 99)),
    (
        "es",
        "missing",
        "cerca de 2.000 desaparecidos",
        ("nearly", 2000, None, 1999),
    ),  # cerca de = nearly per §4
    ("es", "missing", "unos 1.900", ("approximately", 1900, None, None)),
    ("es", "missing", "hasta 1.900 desaparecidos", ("at_most", 1900, None, 1900)),
    ("es", "missing", "entre 1.300 y 1.900", ("between", None, 1300, 1900)),
    ("es", "missing", "más de 1.800", ("more_than", 1800, 1801, None)),
    ("es", "missing", "ningún desaparecido", [("exact", 0, 0, 0), ("REFUSE", None)]),
    ("es", "affected", "cientos de personas", ("vague", None, 200, 999)),
    ("es", "affected", "centenares de vecinos", ("vague", None, 200, 999)),
    ("es", "affected", "miles de personas", ("vague", None, 2000, 9999)),
    ("es", "affected", "decenas de miles", ("vague", None, 20000, 99999)),
    ("es", "affected", "2,5 millones", ("exact", 2500000, 2500000, 2500000)),  # decimal comma
    ("es", "affected", "1.900 personas", ("exact", 1900, 1900, 1900)),  # dot thousands
    # nice
    ("fr", "killed", "84 personnes, dont des étrangers", ("exact", 84, 84, 84)),
    # bataclan
    ("fr", "killed", "129 morts selon un bilan provisoire", ("exact", 129, 129, 129)),
    # valencia
    ("es", "killed", "al menos 205 personas han muerto", ("at_least", 205, 205, None)),
    ("es", "killed", "tres nuevas víctimas", ("REFUSE", None)),  # increase
    # bataclan
    ("fr", "killed", "350 blessés", ("REFUSE", "figure-category-mismatch")),
    # valencia
    ("es", "killed", "100 desaparecidos", ("REFUSE", "figure-category-mismatch")),
    ("es", "missing", "89 desaparecidos", ("exact", 89, 89, 89)),
    # gaza
    ("fr", "displaced", "85 %", ("REFUSE", None)),  # French spaced percent
    # nice
    ("fr", "injured", "cinq ou six", ("between", None, 5, 6)),
    # valencia
    ("es", "killed", "cinco o seis", ("between", None, 5, 6)),
    # bataclan
    ("fr", "affected", "entre 2 000 et 3 000", ("between", None, 2000, 3000)),
    # nice
    ("fr", "injured", "une trentaine de blessés", ("approximately", 30, None, None)),
    ("fr", "injured", "une soixantaine", ("approximately", 60, None, None)),
    ("fr", "injured", "une douzaine", ("approximately", 12, None, None)),
    ("fr", "injured", "plus d'une douzaine", ("more_than", 12, 13, None)),
    ("fr", "killed", "quelque 130", ("approximately", 130, None, None)),
    ("fr", "killed", "un peu plus de 80", [("more_than", 80, 81, None), ("REFUSE", None)]),
    ("fr", "killed", "au moins deux", ("at_least", 2, 2, None)),
    ("fr", "killed", "soixante et onze", ("exact", 71, 71, 71)),
    ("fr", "killed", "quatre-vingts", ("exact", 80, 80, 80)),
    ("fr", "killed", "soixante-dix", ("exact", 70, 70, 70)),
    # gaza
    ("fr", "displaced", "1,9 million de déplacés", ("exact", 1900000, 1900000, 1900000)),
    ("fr", "displaced", "plus de 1,7 million", ("more_than", 1700000, 1700001, None)),
    ("fr", "displaced", "près de 2 millions", ("nearly", 2000000, None, 1999999)),
    ("fr", "displaced", "des dizaines de milliers", ("vague", None, 20000, 99999)),
    # valencia
    (
        "es",
        "killed",
        "medio centenar de muertos",
        [("approximately", 50, None, None), ("REFUSE", None)],
    ),  # must not be 100
    (
        "es",
        "killed",
        "más de medio centenar",
        [("more_than", 50, 51, None), ("REFUSE", None)],
    ),  # must not be 100
    ("es", "killed", "una treintena", ("approximately", 30, None, None)),
    (
        "es",
        "affected",
        "un millar de personas",
        [("approximately", 1000, None, None), ("REFUSE", None)],
    ),
    ("es", "affected", "millares de personas", [("vague", None, 2000, 9999), ("REFUSE", None)]),
    ("es", "affected", "una docena", ("approximately", 12, None, None)),
    ("es", "affected", "más de una docena", ("more_than", 12, 13, None)),
    ("es", "killed", "once muertos", ("exact", 11, 11, 11)),  # once = 11
    # gaza
    ("es", "displaced", "1,9 millones de desplazados", ("exact", 1900000, 1900000, 1900000)),
    ("es", "displaced", "cerca de 1,9 millones", ("nearly", 1900000, None, 1899999)),
    # nice
    (
        "fr",
        "killed",
        "84 morts selon une source policière",
        ("exact", 84, 84, 84),
    ),  # article 'une' in clause
    ("fr", "killed", "84 morts, selon un bilan de la préfecture", ("exact", 84, 84, 84)),
    ("fr", "killed", "84 morts, dont un enfant", ("exact", 84, 84, 84)),
    # valencia
    (
        "es",
        "killed",
        "95 muertos según un balance provisional",
        ("exact", 95, 95, 95),
    ),  # article 'un' in clause
    (
        "es",
        "killed",
        "al menos 95 muertos, según el Centro de Coordinación",
        ("at_least", 95, 95, None),
    ),
    # bataclan
    ("fr", "killed", "89 morts au Bataclan", ("exact", 89, 89, 89)),
]
