"""Real wordings in German and Arabic, as wire copy, statements, live blogs and Telegram posts
put them, with the reading a careful editor gives each (see test_corpus.py)."""

from __future__ import annotations

from tests.unit.wording.corpus import Case

DE_AR: list[Case] = [
    # berlin
    ("de", "killed", "zwölf Tote", ("exact", 12, 12, 12)),
    ("de", "killed", "Zwölf Menschen", ("exact", 12, 12, 12)),
    ("de", "killed", "mindestens 12 Tote", ("at_least", 12, 12, None)),
    ("de", "killed", "12 Menschen, darunter der polnische Lkw-Fahrer", ("exact", 12, 12, 12)),
    ("de", "injured", "48 Verletzte", ("exact", 48, 48, 48)),
    ("de", "injured", "mehr als 50 Verletzte", ("more_than", 50, 51, None)),
    ("de", "injured", "über 50 Verletzte", ("more_than", 50, 51, None)),
    ("de", "injured", "rund 50", ("approximately", 50, None, None)),
    ("de", "injured", "etwa 50", ("approximately", 50, None, None)),
    ("de", "injured", "knapp 50", ("nearly", 50, None, 49)),
    ("de", "injured", "Dutzende Verletzte", ("vague", None, 20, 99)),
    (
        "de",
        "injured",
        "einige Verletzte",
        [("vague", None, 2, 9), ("vague", None, 3, 9), ("REFUSE", None)],
    ),
    ("de", "killed", "drei weitere Tote", ("REFUSE", "figure-is-an-increase")),
    ("de", "killed", "zwölf Tote und 48 Verletzte", ("REFUSE", "several-figures")),
    ("de", "detained", "keine Festnahmen", [("exact", 0, 0, 0), ("REFUSE", None)]),
    ("de", "affected", "1.000", ("exact", 1000, 1000, 1000)),
    ("de", "affected", "Hunderte Menschen", ("vague", None, 200, 999)),
    ("de", "affected", "Tausende", ("vague", None, 2000, 9999)),
    # magdeburg
    (
        "de",
        "killed",
        "fünf Tote, darunter ein neunjähriger Junge",
        ("exact", 5, 5, 5),
    ),  # age in clause
    ("de", "killed", "sechs Tote und fast 300 Verletzte", ("REFUSE", "several-figures")),
    ("de", "injured", "fast 300 Verletzte", ("nearly", 300, None, 299)),
    ("de", "injured", "mehr als 200 Verletzte", ("more_than", 200, 201, None)),
    ("de", "injured", "bis zu 60 Schwerverletzte", ("at_most", 60, None, 60)),
    ("de", "injured", "zwischen 40 und 60", ("between", None, 40, 60)),
    ("de", "injured", "ungefähr 200", ("approximately", 200, None, None)),
    ("de", "killed", "zwei bis drei", ("between", None, 2, 3)),
    ("de", "killed", "mehrere Tote", ("vague", None, 3, 9)),
    (
        "de",
        "killed",
        "ein neunjähriger Junge",
        [("exact", 1, 1, 1), ("REFUSE", None)],
    ),  # age: must not be 9
    ("de", "affected", "2.500 Menschen", ("exact", 2500, 2500, 2500)),
    ("de", "affected", "Zehntausende", ("vague", None, 20000, 99999)),
    ("de", "affected", "dreihundert", ("exact", 300, 300, 300)),
    ("de", "affected", "einundzwanzig", ("exact", 21, 21, 21)),
    ("de", "affected", "2,5 Millionen", ("exact", 2500000, 2500000, 2500000)),
    (
        "de",
        "injured",
        "235 Verletzte, davon 40 schwer",
        [("exact", 235, 235, 235), ("REFUSE", None)],
    ),  # number in clause
    # derna
    ("ar", "killed", "11300 قتيل", ("exact", 11300, 11300, 11300)),
    ("ar", "killed", "أكثر من 11 ألف", ("more_than", 11000, 11001, None)),  # scale word ألف
    ("ar", "killed", "ما لا يقل عن 2000", ("at_least", 2000, 2000, None)),
    ("ar", "killed", "2000 على الأقل", ("at_least", 2000, 2000, None)),  # trailing qualifier
    (
        "ar",
        "killed",
        "5300 قتيل على الأقل",
        ("at_least", 5300, 5300, None),
    ),  # trailing qualifier after noun
    ("ar", "killed", "على الأقل 5300", ("at_least", 5300, 5300, None)),
    ("ar", "missing", "نحو 10 آلاف مفقود", ("approximately", 10000, None, None)),
    ("ar", "missing", "حوالي 5000", ("approximately", 5000, None, None)),
    ("ar", "missing", "قرابة 4000", ("nearly", 4000, None, 3999)),
    ("ar", "killed", "ما يصل إلى 20 ألفا", ("at_most", 20000, None, 20000)),
    ("ar", "killed", "بين 18 و20 ألفا", ("between", None, 18000, 20000)),
    ("ar", "killed", "بين 40 و60", ("between", None, 40, 60)),
    ("ar", "missing", "آلاف المفقودين", ("vague", None, 2000, 9999)),
    ("ar", "killed", "أكثر من 6 آلاف", ("more_than", 6000, 6001, None)),
    # gaza
    ("ar", "killed", "٣٤١٨٣ شهيدا", ("exact", 34183, 34183, 34183)),  # Arabic-Indic digits
    ("ar", "killed", "٣٤٬١٨٣ شهيداً", ("exact", 34183, 34183, 34183)),  # U+066C thousands separator
    ("ar", "killed", "34,183 شهيدا", ("exact", 34183, 34183, 34183)),
    ("ar", "killed", "أكثر من 470 شهيدا", ("more_than", 470, 471, None)),
    ("ar", "killed", "471 شهيدا", ("exact", 471, 471, 471)),
    ("ar", "killed", "عشرات الشهداء", ("vague", None, 20, 99)),
    ("ar", "injured", "مئات الجرحى", ("vague", None, 200, 999)),
    ("ar", "displaced", "عشرات الآلاف", ("vague", None, 20000, 99999)),
    ("ar", "killed", "٢٢ قتيلا و٥٩ جريحا", ("REFUSE", "several-figures")),
    ("ar", "killed", "3 شهداء جدد", ("REFUSE", None)),  # increase ('new')
    ("ar", "displaced", "أكثر من 200 ألف نازح", ("more_than", 200000, 200001, None)),
    ("ar", "displaced", "1.9 مليون", ("exact", 1900000, 1900000, 1900000)),
    ("ar", "displaced", "نحو 1.9 مليون نازح", ("approximately", 1900000, None, None)),
    (
        "ar",
        "displaced",
        "١٫٩ مليون",
        ("exact", 1900000, 1900000, 1900000),
    ),  # U+066B decimal separator
    (
        "ar",
        "killed",
        "ثلاثة قتلى",
        [("exact", 3, 3, 3), ("REFUSE", "unreadable-figure")],
    ),  # number word (not in §4 scope)
    ("ar", "killed", "85%", ("REFUSE", None)),  # percentage
    # beirut
    ("ar", "killed", "أكثر من 200 قتيل", ("more_than", 200, 201, None)),
    ("ar", "injured", "أكثر من 6000 جريح", ("more_than", 6000, 6001, None)),
    ("ar", "displaced", "300 ألف مشرد", ("exact", 300000, 300000, 300000)),
    # berlin
    ("de", "killed", "zwölf Besucher des Weihnachtsmarkts", ("exact", 12, 12, 12)),
    # gaza
    (
        "ar",
        "killed",
        "ارتفاع حصيلة الشهداء إلى 34183",
        ("exact", 34183, 34183, 34183),
    ),  # 'إلى' = to, NOT up to
    # magdeburg
    ("de", "injured", "Mehr als 200 Menschen wurden verletzt", ("more_than", 200, 201, None)),
    (
        "de",
        "killed",
        "Die Zahl der Toten stieg auf sechs",
        ("exact", 6, 6, 6),
    ),  # lead-in
    # berlin
    ("de", "killed", "ein weiterer Toter", ("REFUSE", "figure-is-an-increase")),
    ("de", "killed", "48 Verletzte", ("REFUSE", "figure-category-mismatch")),
    # gaza
    ("ar", "killed", "59 جريحا", ("REFUSE", "figure-category-mismatch")),
    # magdeburg
    ("de", "missing", "drei Vermisste", ("exact", 3, 3, 3)),
    # gaza
    ("ar", "displaced", "٨٥٪", ("REFUSE", None)),  # Arabic percent sign
    # berlin
    ("de", "injured", "fünf oder sechs", ("between", None, 5, 6)),
    ("de", "injured", "ein Dutzend", ("approximately", 12, None, None)),
    ("de", "injured", "mehr als ein Dutzend", ("more_than", 12, 13, None)),
    # magdeburg
    (
        "de",
        "injured",
        "gut 200 Verletzte",
        [
            ("more_than", 200, 201, None),
            ("at_least", 200, 200, None),
            ("approximately", 200, None, None),
            ("REFUSE", None),
        ],
    ),  # 'gut' = a good 200, never exact
    (
        "de",
        "injured",
        "annähernd 300",
        [("nearly", 300, None, 299), ("approximately", 300, None, None)],
    ),  # annähernd = ungefähr/beinahe
    ("de", "injured", "weit über 100", [("more_than", 100, 101, None), ("REFUSE", None)]),
    ("de", "killed", "ein Toter", ("exact", 1, 1, 1)),
    ("de", "killed", "mindestens fünf Menschen", ("at_least", 5, 5, None)),
    # gaza
    (
        "de",
        "displaced",
        "rund 1,7 Mio.",
        ("approximately", 1700000, None, None),
    ),  # Mio. abbreviation
    ("de", "displaced", "Hunderttausende", ("vague", None, 200000, 999999)),
    # derna
    ("de", "killed", "mehr als 11.300 Menschen", ("more_than", 11300, 11301, None)),
    ("de", "killed", "zweitausend", ("exact", 2000, 2000, 2000)),
    # gaza
    (
        "ar",
        "killed",
        "34 ألفا و183 شهيدا",
        [("exact", 34183, 34183, 34183), ("REFUSE", None)],
    ),  # must not be 34000 or 183
    ("ar", "killed", "أكثر من 34 ألف شهيد", ("more_than", 34000, 34001, None)),
    # derna
    ("ar", "killed", "11 ألفا و300", [("exact", 11300, 11300, 11300), ("REFUSE", None)]),
    ("ar", "missing", "10 آلاف", ("exact", 10000, 10000, 10000)),
    # gaza
    ("ar", "displaced", "قرابة 300 ألف", ("nearly", 300000, None, 299999)),
    ("ar", "displaced", "نحو ٤٠ ألف", ("approximately", 40000, None, None)),
    # derna
    ("ar", "killed", "ما لا يقل عن 2000 شخص", ("at_least", 2000, 2000, None)),
    ("ar", "killed", "لا يقل عن 2000", ("at_least", 2000, 2000, None)),
    # gaza
    ("ar", "killed", "34183 شهيدا و77143 مصابا", ("REFUSE", "several-figures")),
    ("ar", "displaced", "عشرات الآلاف من النازحين", ("vague", None, 20000, 99999)),
    # derna
    (
        "ar",
        "killed",
        "أكثر من ألفي قتيل",
        [("more_than", 2000, 2001, None), ("REFUSE", None)],
    ),  # dual: must not be 1000
    # gaza
    ("ar", "injured", "حوالي 200 شخص", ("approximately", 200, None, None)),
    # berlin
    (
        "de",
        "killed",
        "12 Tote laut einer Polizeisprecherin",
        ("exact", 12, 12, 12),
    ),  # article 'einer' in clause
    ("de", "killed", "zwölf Tote, darunter ein Pole", ("exact", 12, 12, 12)),
    # gaza
    ("ar", "killed", "34183 شهيدا بحسب وزارة الصحة", ("exact", 34183, 34183, 34183)),
]
