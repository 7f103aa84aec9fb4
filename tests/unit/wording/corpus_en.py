"""Real wordings in English, as wire copy, statements, live blogs and Telegram posts
put them, with the reading a careful editor gives each (see test_corpus.py)."""

from __future__ import annotations

from tests.unit.wording.corpus import Case

EN: list[Case] = [
    # manchester
    ("en", "killed", "22 people were killed", ("exact", 22, 22, 22)),  # trailing clause
    ("en", "killed", "at least 19 people", ("at_least", 19, 19, None)),  # first GMP statement
    ("en", "killed", "22 dead", ("exact", 22, 22, 22)),
    ("en", "killed", "twenty-two", ("exact", 22, 22, 22)),  # number word
    ("en", "killed", "Twenty two", ("exact", 22, 22, 22)),  # no hyphen
    (
        "en",
        "killed",
        "at least 22 people, including an eight-year-old girl",
        ("at_least", 22, 22, None),
    ),  # age in trailing clause
    ("en", "killed", "22, including children", ("exact", 22, 22, 22)),
    (
        "en",
        "killed",
        "23 including the attacker",
        ("exact", 23, 23, 23),
    ),  # including clause w/o comma
    ("en", "killed", "22 (not including the bomber)", ("exact", 22, 22, 22)),  # parenthetical
    ("en", "injured", "59 injured", ("exact", 59, 59, 59)),
    ("en", "injured", "more than 50 people were injured", ("more_than", 50, 51, None)),
    (
        "en",
        "injured",
        "over 800 people were physically or psychologically harmed",
        ("more_than", 800, 801, None),
    ),
    ("en", "injured", "116 injured", ("exact", 116, 116, 116)),
    ("en", "hospitalised", "119 people were taken to hospital", ("exact", 119, 119, 119)),
    ("en", "injured", "dozens", ("vague", None, 24, 99)),
    (
        "en",
        "killed",
        "an 8-year-old girl",
        [("exact", 1, 1, 1), ("REFUSE", None)],
    ),  # age: must not be 8
    ("en", "killed", "22 killed, 59 injured", ("REFUSE", "several-figures")),
    ("en", "killed", "59 injured", ("REFUSE", "figure-category-mismatch")),  # category mismatch
    ("en", "killed", "a further two people have died", ("REFUSE", "figure-is-an-increase")),
    (
        "en",
        "killed",
        "The death toll has risen to 22",
        ("exact", 22, 22, 22),
    ),  # lead-in wrapper
    ("en", "injured", "scores of people", ("vague", None, 40, 199)),
    ("en", "injured", "a handful", ("vague", None, 2, 9)),
    ("en", "detained", "no one", ("exact", 0, 0, 0)),
    ("en", "detained", "Eight men", ("exact", 8, 8, 8)),  # capitalised number word + noun
    ("en", "detained", "a dozen or so", [("approximately", 12, None, None), ("REFUSE", None)]),
    (
        "en",
        "detained",
        "half a dozen",
        [("approximately", 6, None, None), ("exact", 6, 6, 6), ("REFUSE", None)],
    ),  # must not be 12
    (
        "en",
        "detained",
        "two dozen",
        [("approximately", 24, None, None), ("exact", 24, 24, 24), ("REFUSE", None)],
    ),  # must not be 2 or 12
    # kramatorsk
    ("en", "killed", "at least 50 people, among them five children", ("at_least", 50, 50, None)),
    ("en", "killed", "at least 52, including 5 children", ("at_least", 52, 52, None)),
    ("en", "killed", "more than 30", ("more_than", 30, 31, None)),  # first reports
    ("en", "injured", "more than 100 wounded", ("more_than", 100, 101, None)),
    ("en", "injured", "over 300 wounded", ("more_than", 300, 301, None)),
    (
        "en",
        "affected",
        "about 4,000 people",
        ("approximately", 4000, None, None),
    ),  # people at the station
    ("en", "affected", "thousands of civilians", ("vague", None, 2000, 9999)),
    ("en", "killed", "at least 57 killed and 109 wounded", ("REFUSE", "several-figures")),
    ("en", "killed", "61", ("exact", 61, 61, 61)),
    # crocus
    ("en", "killed", "at least 40", ("at_least", 40, 40, None)),  # README example
    ("en", "killed", "more than 60", ("more_than", 60, 61, None)),
    ("en", "killed", "at least 133 people, including three children", ("at_least", 133, 133, None)),
    ("en", "killed", "143 killed", ("exact", 143, 143, 143)),
    ("en", "killed", "145", ("exact", 145, 145, 145)),
    ("en", "injured", "more than 140", ("more_than", 140, 141, None)),
    ("en", "injured", "over 550", ("more_than", 550, 551, None)),
    (
        "en",
        "killed",
        "115, according to the Investigative Committee",
        ("exact", 115, 115, 115),
    ),  # attribution clause
    ("en", "killed", "115 (preliminary)", ("exact", 115, 115, 115)),
    ("en", "killed", "an estimated 150", ("approximately", 150, None, None)),
    ("en", "killed", "nearly 150", ("nearly", 150, None, 149)),
    (
        "en",
        "detained",
        "11 people, including all four gunmen",
        ("exact", 11, 11, 11),
    ),  # number in trailing clause
    ("en", "detained", "four gunmen", ("exact", 4, 4, 4)),
    ("en", "killed", "At least 60 killed, 145 injured", ("REFUSE", "several-figures")),
    ("en", "killed", "three more", ("REFUSE", "figure-is-an-increase")),
    # dnipro
    ("en", "killed", "46 people, including six children", ("exact", 46, 46, 46)),
    (
        "en",
        "killed",
        "at least 40+",
        [("at_least", 40, 40, None), ("REFUSE", None)],
    ),  # doubled qualifier
    ("en", "missing", "up to 20 people", ("at_most", 20, None, 20)),
    ("en", "missing", "as many as 35", ("at_most", 35, None, 35)),
    ("en", "injured", "almost 80", ("nearly", 80, None, 79)),
    ("en", "killed", "40-plus", ("at_least", 40, 40, None)),
    ("en", "displaced", "several hundred residents", ("vague", None, 200, 999)),
    # gaza
    ("en", "killed", "more than 1,400", ("more_than", 1400, 1401, None)),  # early Israeli figure
    ("en", "killed", "about 1,200 people", ("approximately", 1200, None, None)),
    ("en", "killed", "1,139", ("exact", 1139, 1139, 1139)),
    ("en", "killed", "at least 471", ("at_least", 471, 471, None)),  # al-Ahli, MoH
    (
        "en",
        "killed",
        "34,183 Palestinians, most of them women and children",
        ("exact", 34183, 34183, 34183),
    ),  # trailing clause
    (
        "en",
        "killed",
        "at least 34,183 Palestinians have been killed and 77,143 wounded",
        ("REFUSE", "several-figures"),
    ),
    ("en", "killed", "more than 40,000 Palestinians", ("more_than", 40000, 40001, None)),
    ("en", "killed", "over 30,000", ("more_than", 30000, 30001, None)),
    ("en", "killed", "nearly 35,000", ("nearly", 35000, None, 34999)),
    ("en", "killed", "more than 10,000 children", ("more_than", 10000, 10001, None)),
    ("en", "missing", "7,000+ missing under the rubble", ("at_least", 7000, 7000, None)),
    ("en", "missing", "an estimated 10,000 people", ("approximately", 10000, None, None)),
    (
        "en",
        "detained",
        "about 240 hostages",
        ("approximately", 240, None, None),
    ),  # hostages as detained
    ("en", "displaced", "1.9 million people", ("exact", 1900000, 1900000, 1900000)),
    ("en", "displaced", "up to 1.9 million people", ("at_most", 1900000, None, 1900000)),
    ("en", "displaced", "nearly 1.9 million", ("nearly", 1900000, None, 1899999)),
    ("en", "displaced", "more than 1.7 million", ("more_than", 1700000, 1700001, None)),
    (
        "en",
        "displaced",
        "1.9 million people, or about 85% of the population",
        [("exact", 1900000, 1900000, 1900000), ("REFUSE", None)],
    ),  # percentage in clause
    ("en", "displaced", "85%", ("REFUSE", None)),  # percentage
    ("en", "displaced", "90 per cent of the population", ("REFUSE", None)),  # percentage
    ("en", "displaced", "hundreds of thousands", ("vague", None, 200000, 999999)),
    ("en", "displaced", "1.5 to 2 million", ("between", None, 1500000, 2000000)),
    (
        "en",
        "displaced",
        "over 1m",
        [("more_than", 1000000, 1000001, None), ("REFUSE", None)],
    ),  # UK 'm' abbreviation; must not be 1
    # derna
    (
        "en",
        "killed",
        "more than 11,300 people",
        ("more_than", 11300, 11301, None),
    ),  # Libyan Red Crescent
    ("en", "killed", "at least 5,300", ("at_least", 5300, 5300, None)),
    ("en", "killed", "3,958 people", ("exact", 3958, 3958, 3958)),  # WHO
    ("en", "missing", "10,000 missing", ("exact", 10000, 10000, 10000)),
    ("en", "killed", "as many as 20,000", ("at_most", 20000, None, 20000)),  # mayor's estimate
    ("en", "killed", "between 18,000 and 20,000", ("between", None, 18000, 20000)),
    ("en", "killed", "18,000 to 20,000", ("between", None, 18000, 20000)),
    ("en", "killed", "18,000-20,000", ("between", None, 18000, 20000)),
    ("en", "killed", "20 to 30 thousand", ("between", None, 20000, 30000)),
    ("en", "killed", "roughly 6,000", ("approximately", 6000, None, None)),
    ("en", "killed", "c. 4,000", ("approximately", 4000, None, None)),
    ("en", "displaced", "tens of thousands", ("vague", None, 20000, 99999)),
    ("en", "displaced", "at least 30,000 people", ("at_least", 30000, 30000, None)),  # IOM
    ("en", "killed", "another 5 bodies", ("REFUSE", "figure-is-an-increase")),
    # beirut
    ("en", "killed", "more than 200", ("more_than", 200, 201, None)),
    ("en", "injured", "over 6,000 injured", ("more_than", 6000, 6001, None)),
    (
        "en",
        "displaced",
        "300,000 homeless",
        ("exact", 300000, 300000, 300000),
    ),  # 'homeless' = displaced
    (
        "en",
        "killed",
        "218 people, including nationals of Syria and Egypt",
        ("exact", 218, 218, 218),
    ),
    ("en", "missing", "fewer than 10", ("fewer_than", 10, None, 9)),
    ("en", "missing", "no more than 9", ("at_most", 9, None, 9)),
    # gaza
    (
        "en",
        "killed",
        "more than 1,200 Israelis",
        ("more_than", 1200, 1201, None),
    ),  # nationality noun
    ("en", "killed", "at least 21 Israeli soldiers", ("at_least", 21, 21, None)),
    ("en", "killed", "364 festivalgoers", ("exact", 364, 364, 364)),  # Nova festival
    ("en", "killed", "over 100 aid workers", ("more_than", 100, 101, None)),
    ("en", "detained", "about 250 people taken hostage", ("approximately", 250, None, None)),
    # kramatorsk
    ("en", "killed", "at least 50 Ukrainians", ("at_least", 50, 50, None)),
    # beirut
    ("en", "killed", "at least 43 Syrians", ("at_least", 43, 43, None)),
    # manchester
    ("en", "killed", "22 concertgoers", ("exact", 22, 22, 22)),
    # derna
    ("en", "killed", "at least 5,300 Libyans", ("at_least", 5300, 5300, None)),
    # manchester
    ("en", "killed", "22 victims aged 8 to 51", ("exact", 22, 22, 22)),  # range of ages in clause
    (
        "en",
        "killed",
        "22 as of 23 May",
        [("exact", 22, 22, 22), ("REFUSE", None)],
    ),  # date in clause: must not be 23
    # gaza
    (
        "en",
        "killed",
        "on 7 October, 1,139 people were killed",
        [("exact", 1139, 1139, 1139), ("REFUSE", None)],
    ),  # date first: must not be 7
    # crocus
    (
        "en",
        "killed",
        "133, up from 115",
        [("exact", 133, 133, 133), ("REFUSE", None)],
    ),  # must not be 115
    (
        "en",
        "killed",
        "143 (+6)",
        [("exact", 143, 143, 143), ("REFUSE", None)],
    ),  # Telegram delta: total 143
    ("en", "killed", "at least 40 (up from 22)", [("at_least", 40, 40, None), ("REFUSE", None)]),
    (
        "en",
        "killed",
        "revised down to 139",
        [("exact", 139, 139, 139), ("REFUSE", None)],
    ),  # must not be at_most
    # manchester
    (
        "en",
        "killed",
        "killing at least 22",
        [("at_least", 22, 22, None), ("REFUSE", None)],
    ),  # leading verb
    ("en", "killed", "left 22 dead", [("exact", 22, 22, 22), ("REFUSE", None)]),
    # crocus
    ("en", "killed", "claimed 133 lives", [("exact", 133, 133, 133), ("REFUSE", None)]),
    # manchester
    ("en", "killed", "22 confirmed dead", ("exact", 22, 22, 22)),
    # crocus
    ("en", "killed", "Death toll: 143", ("exact", 143, 143, 143)),
    ("en", "killed", "AT LEAST 40 DEAD", ("at_least", 40, 40, None)),  # headline caps
    # manchester
    ("en", "injured", "hundreds more", ("REFUSE", "figure-is-an-increase")),
    ("en", "injured", "dozens more injured", ("REFUSE", "figure-is-an-increase")),
    # crocus
    ("en", "killed", "two more deaths", ("REFUSE", "figure-is-an-increase")),
    ("en", "killed", "3 additional deaths", ("REFUSE", "figure-is-an-increase")),
    ("en", "killed", "death toll rises by 3", ("REFUSE", None)),  # increase
    # manchester
    ("en", "killed", "22 killed and dozens injured", ("REFUSE", "several-figures")),
    ("en", "killed", "one dead, two injured", ("REFUSE", "several-figures")),
    ("en", "killed", "59 wounded", ("REFUSE", "figure-category-mismatch")),
    ("en", "injured", "22 killed", ("REFUSE", "figure-category-mismatch")),
    # crocus
    ("en", "killed", "133 bodies recovered", ("exact", 133, 133, 133)),
    # manchester
    ("en", "injured", "59 hurt", ("exact", 59, 59, 59)),
    # crocus
    ("en", "detained", "11 arrested", ("exact", 11, 11, 11)),
    ("en", "detained", "four suspects detained", ("exact", 4, 4, 4)),
    # manchester
    ("en", "hospitalised", "73 hospitalized", ("exact", 73, 73, 73)),  # US spelling
    ("en", "hospitalised", "57 still in hospital", ("exact", 57, 57, 57)),
    # derna
    ("en", "missing", "1,900 unaccounted for", ("exact", 1900, 1900, 1900)),
    # gaza
    ("en", "displaced", "40 per cent", ("REFUSE", None)),
    # crocus
    ("en", "killed", "a hundred and thirty", ("exact", 130, 130, 130)),
    ("en", "killed", "one hundred thirty-seven", ("exact", 137, 137, 137)),
    # derna
    (
        "en",
        "missing",
        "thirteen hundred",
        [("exact", 1300, 1300, 1300), ("REFUSE", None)],
    ),  # must not be 13 or 100
    ("en", "missing", "more than a thousand", ("more_than", 1000, 1001, None)),
    ("en", "missing", "at least a hundred", ("at_least", 100, 100, None)),
    ("en", "missing", "over a hundred", ("more_than", 100, 101, None)),
    # manchester
    (
        "en",
        "injured",
        "a few dozen",
        [("vague", None, 24, 99), ("REFUSE", None)],
    ),  # must not be 2..9
    ("en", "detained", "a dozen people", ("approximately", 12, None, None)),
    ("en", "detained", "more than a dozen", ("more_than", 12, 13, None)),
    ("en", "injured", "five or six", ("between", None, 5, 6)),
    ("en", "injured", "20–25 people", ("between", None, 20, 25)),  # en dash
    (
        "en",
        "injured",
        "two or three dozen",
        [("between", None, 24, 36), ("REFUSE", None)],
    ),  # must not be 2..3
    # derna
    (
        "en",
        "killed",
        "three or four hundred",
        [("between", None, 300, 400), ("REFUSE", None)],
    ),  # must not be 3..400
    ("en", "killed", "20-30 thousand", ("between", None, 20000, 30000)),
    # gaza
    ("en", "displaced", "between 2 and 3 million", ("between", None, 2000000, 3000000)),
    # derna
    ("en", "killed", "from 200 to 300", ("between", None, 200, 300)),
    ("en", "killed", "between 200 and 300 thousand", ("between", None, 200000, 300000)),
    # manchester
    (
        "en",
        "killed",
        "22 dead, a police spokesman said",
        ("exact", 22, 22, 22),
    ),  # article 'a' in clause
    ("en", "killed", "22 dead, one of them an eight-year-old", ("exact", 22, 22, 22)),
    # crocus
    ("en", "killed", "at least 40, a Kremlin source said", ("at_least", 40, 40, None)),
    # gaza
    (
        "en",
        "killed",
        "34,183 people, the Gaza health ministry said",
        ("exact", 34183, 34183, 34183),
    ),
]
