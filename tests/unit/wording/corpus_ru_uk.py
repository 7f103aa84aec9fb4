"""Real wordings in Russian and Ukrainian, as wire copy, statements, live blogs and Telegram posts
put them, with the reading a careful editor gives each (see test_corpus.py)."""

from __future__ import annotations

from tests.unit.wording.corpus import Case

RU_UK: list[Case] = [
    # crocus
    ("ru", "killed", "не менее 40 человек", ("at_least", 40, 40, None)),
    ("ru", "killed", "более 60 погибших", ("more_than", 60, 61, None)),
    ("ru", "killed", "115 человек", ("exact", 115, 115, 115)),
    ("ru", "killed", "133 человека", ("exact", 133, 133, 133)),
    (
        "ru",
        "killed",
        "137 погибших, в том числе трое детей",
        ("exact", 137, 137, 137),
    ),  # collective numeral in clause
    ("ru", "killed", "143 человека погибли", ("exact", 143, 143, 143)),
    ("ru", "killed", "сто тридцать три", ("exact", 133, 133, 133)),
    ("ru", "killed", "сто сорок четыре человека", ("exact", 144, 144, 144)),
    (
        "ru",
        "killed",
        "число погибших выросло до 143",
        ("exact", 143, 143, 143),
    ),  # 'до' here is NOT 'up to'
    (
        "ru",
        "killed",
        "увеличилось до 137 человек",
        [("exact", 137, 137, 137), ("REFUSE", None)],
    ),  # 'до' here is NOT 'up to'
    ("ru", "injured", "более 180 пострадавших", ("more_than", 180, 181, None)),
    ("ru", "injured", "свыше 100 раненых", ("more_than", 100, 101, None)),
    ("ru", "injured", "около 100 человек", ("approximately", 100, None, None)),
    ("ru", "injured", "порядка 200", ("approximately", 200, None, None)),
    ("ru", "injured", "почти 150", ("nearly", 150, None, 149)),
    ("ru", "hospitalised", "до 50 человек", ("at_most", 50, None, 50)),
    ("ru", "hospitalised", "от 40 до 60 человек", ("between", None, 40, 60)),
    ("ru", "injured", "десятки раненых", ("vague", None, 20, 99)),
    ("ru", "injured", "сотни", ("vague", None, 200, 999)),
    ("ru", "detained", "несколько человек", ("vague", None, 3, 9)),
    ("ru", "detained", "четверо", ("exact", 4, 4, 4)),  # collective
    (
        "ru",
        "detained",
        "11 человек, в том числе четверо непосредственных участников",
        ("exact", 11, 11, 11),
    ),  # Bortnikov wording
    ("ru", "killed", "двое погибших", ("exact", 2, 2, 2)),
    ("ru", "killed", "трое детей", ("exact", 3, 3, 3)),
    ("ru", "killed", "пятеро", ("exact", 5, 5, 5)),
    ("ru", "killed", "по меньшей мере 30 человек", ("at_least", 30, 30, None)),
    ("ru", "killed", "как минимум 50", ("at_least", 50, 50, None)),
    ("ru", "detained", "не более 10", ("at_most", 10, None, 10)),
    ("ru", "injured", "больше 100", ("more_than", 100, 101, None)),
    ("ru", "killed", "ещё трое", ("REFUSE", "figure-is-an-increase")),
    ("ru", "killed", "еще 5 человек", ("REFUSE", "figure-is-an-increase")),
    ("ru", "killed", "22 погибших и 59 раненых", ("REFUSE", "several-figures")),
    ("ru", "killed", "не менее сорока человек", ("at_least", 40, 40, None)),  # genitive number word
    ("ru", "injured", "более ста человек", ("more_than", 100, 101, None)),  # genitive сто
    ("ru", "injured", "около двухсот", ("approximately", 200, None, None)),  # genitive
    (
        "ru",
        "affected",
        "свыше тысячи",
        ("more_than", 1000, 1001, None),
    ),  # genitive тысяча, NOT 'thousands'
    ("ru", "affected", "тысячи людей", ("vague", None, 2000, 9999)),
    (
        "ru",
        "affected",
        "около 5 тыс. человек",
        ("approximately", 5000, None, None),
    ),  # тыс. abbreviation
    ("ru", "affected", "более 1,5 тыс.", ("more_than", 1500, 1501, None)),  # decimal comma + тыс.
    ("ru", "affected", "3 тысячи", ("exact", 3000, 3000, 3000)),
    ("ru", "affected", "полторы тысячи", [("exact", 1500, 1500, 1500), ("REFUSE", None)]),
    ("ru", "affected", "6\xa0200 человек", ("exact", 6200, 6200, 6200)),  # NBSP
    ("ru", "affected", "6\u202f200 человек", ("exact", 6200, 6200, 6200)),  # NNBSP
    ("ru", "affected", "6 200 человек", ("exact", 6200, 6200, 6200)),  # space
    # kramatorsk
    (
        "ru",
        "killed",
        "погибли 50 человек, в том числе 5 детей",
        [("exact", 50, 50, 50), ("REFUSE", None)],
    ),  # leading verb
    ("ru", "killed", "более 50 человек, в том числе пятеро детей", ("more_than", 50, 51, None)),
    ("ru", "affected", "десятки тысяч", ("vague", None, 20000, 99999)),
    # derna
    ("ru", "killed", "более 11\xa0300 человек", ("more_than", 11300, 11301, None)),
    ("ru", "missing", "около 10 тысяч", ("approximately", 10000, None, None)),
    # kramatorsk
    ("uk", "killed", "щонайменше 50 людей", ("at_least", 50, 50, None)),
    ("uk", "killed", "50 загиблих, серед них 5 дітей", ("exact", 50, 50, 50)),
    ("uk", "killed", "52 людини, з них 5 дітей", ("exact", 52, 52, 52)),
    ("uk", "injured", "понад 100 поранених", ("more_than", 100, 101, None)),
    ("uk", "injured", "понад 300", ("more_than", 300, 301, None)),
    ("uk", "affected", "близько 4 тисяч людей", ("approximately", 4000, None, None)),
    ("uk", "killed", "двоє загиблих", ("exact", 2, 2, 2)),
    ("uk", "killed", "троє дітей", ("exact", 3, 3, 3)),
    ("uk", "killed", "п'ятеро дітей", ("exact", 5, 5, 5)),  # ASCII apostrophe
    ("uk", "killed", "п’ятеро дітей", ("exact", 5, 5, 5)),  # U+2019 apostrophe
    ("uk", "killed", "пʼятдесят сім", ("exact", 57, 57, 57)),  # U+02BC apostrophe
    ("uk", "killed", "ще двоє", ("REFUSE", "figure-is-an-increase")),
    ("uk", "killed", "57 загиблих і 109 поранених", ("REFUSE", "several-figures")),
    # dnipro
    ("uk", "killed", "46 людей, серед них 6 дітей", ("exact", 46, 46, 46)),
    (
        "uk",
        "killed",
        "кількість загиблих зросла до 46",
        ("exact", 46, 46, 46),
    ),  # 'до' here is NOT 'up to'
    ("uk", "injured", "майже 80", ("nearly", 80, None, 79)),
    ("uk", "missing", "до 20 людей", ("at_most", 20, None, 20)),
    ("uk", "missing", "від 30 до 40", ("between", None, 30, 40)),
    ("uk", "injured", "десятки поранених", ("vague", None, 20, 99)),
    ("uk", "displaced", "сотні мешканців", ("vague", None, 200, 999)),
    ("uk", "missing", "кілька людей", ("vague", None, 3, 9)),
    ("uk", "killed", "сорок шість", ("exact", 46, 46, 46)),
    ("uk", "killed", "ще 3 тіла", ("REFUSE", "figure-is-an-increase")),
    ("uk", "killed", "не менше 30", ("at_least", 30, 30, None)),
    ("uk", "injured", "більше 50", ("more_than", 50, 51, None)),
    ("uk", "displaced", "приблизно 200", ("approximately", 200, None, None)),
    ("uk", "displaced", "понад сотню", ("more_than", 100, 101, None)),
    ("uk", "displaced", "близько сотні", ("approximately", 100, None, None)),
    ("uk", "affected", "1\xa0700 людей", ("exact", 1700, 1700, 1700)),
    ("uk", "affected", "десятки тисяч", ("vague", None, 20000, 99999)),
    # crocus
    ("ru", "killed", "не менее 40 мирных жителей", ("at_least", 40, 40, None)),
    # kramatorsk
    ("uk", "killed", "понад 50 цивільних", ("more_than", 50, 51, None)),
    # crocus
    ("ru", "killed", "+3", ("REFUSE", None)),  # Telegram delta = increase, NOT exact 3
    ("ru", "killed", "+3 погибших", ("REFUSE", None)),  # Telegram delta = increase
    (
        "ru",
        "killed",
        "число жертв достигло 143",
        ("exact", 143, 143, 143),
    ),  # lead-in
    ("ru", "killed", "143 человека, в том числе 6 детей", ("exact", 143, 143, 143)),
    (
        "ru",
        "killed",
        "❗️Не менее 40 погибших",
        [("at_least", 40, 40, None), ("REFUSE", None)],
    ),  # Telegram emoji prefix
    # dnipro
    (
        "uk",
        "killed",
        "🔴 Кількість загиблих у Дніпрі зросла до 40",
        [("exact", 40, 40, 40), ("REFUSE", None)],
    ),  # 'до' trap + emoji
    # kramatorsk
    ("uk", "killed", "ще одна людина", ("REFUSE", "figure-is-an-increase")),
    # crocus
    ("ru", "killed", "59 раненых", ("REFUSE", "figure-category-mismatch")),
    # kramatorsk
    ("uk", "killed", "109 поранених", ("REFUSE", "figure-category-mismatch")),
    # crocus
    ("ru", "hospitalised", "107 госпитализированных", ("exact", 107, 107, 107)),
    # gaza
    ("ru", "displaced", "40%", ("REFUSE", None)),
    # crocus
    ("ru", "affected", "от 2 до 3 тысяч", ("between", None, 2000, 3000)),  # scale both ends
    ("ru", "injured", "пять-шесть", ("between", None, 5, 6)),
    ("ru", "injured", "5-6 человек", ("between", None, 5, 6)),
    # dnipro
    ("uk", "injured", "п'ять-шість", ("between", None, 5, 6)),
    # crocus
    ("ru", "affected", "2,5 млн", ("exact", 2500000, 2500000, 2500000)),  # млн abbreviation
    # gaza
    ("ru", "displaced", "более 1,8 млн", ("more_than", 1800000, 1800001, None)),
    # crocus
    ("ru", "killed", "минимум 40", ("at_least", 40, 40, None)),
    ("ru", "affected", "свыше 5 тыс.", ("more_than", 5000, 5001, None)),
    ("ru", "affected", "около тысячи", ("approximately", 1000, None, None)),
    ("ru", "injured", "более сотни", ("more_than", 100, 101, None)),
    ("ru", "injured", "около десятка", ("approximately", 10, None, None)),
    ("ru", "injured", "несколько десятков", [("vague", None, 24, 99), ("vague", None, 20, 99)]),
    ("ru", "injured", "несколько сотен", ("vague", None, 200, 999)),
    ("ru", "injured", "более десяти", ("more_than", 10, 11, None)),  # genitive
    ("ru", "killed", "ПО МЕНЬШЕЙ МЕРЕ 40", ("at_least", 40, 40, None)),  # caps
    # kramatorsk
    ("uk", "affected", "понад 2 тис.", ("more_than", 2000, 2001, None)),  # тис. abbreviation
    # gaza
    ("uk", "displaced", "1,9 млн", ("exact", 1900000, 1900000, 1900000)),
    # kramatorsk
    ("uk", "killed", "щонайменше десятеро", ("at_least", 10, 10, None)),  # collective
    ("uk", "killed", "семеро", ("exact", 7, 7, 7)),
    ("uk", "injured", "близько десятка", ("approximately", 10, None, None)),
    (
        "uk",
        "killed",
        "загинули щонайменше 50 людей",
        [("at_least", 50, 50, None), ("REFUSE", None)],
    ),  # leading verb
    # crocus
    (
        "ru",
        "killed",
        "не менее 40 человек, сообщил один из источников",
        ("at_least", 40, 40, None),
    ),  # один in clause
    # kramatorsk
    ("uk", "killed", "50 загиблих, серед них одна дитина", ("exact", 50, 50, 50)),
]
