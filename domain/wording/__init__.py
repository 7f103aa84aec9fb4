"""Reading how sources word their counts, in seven languages (DESIGN section 4).

`read(text, language, category)` turns "at least 40", "погибли не менее 40 человек",
"une quarantaine de morts" or "مقتل 22 شخصا على الأقل" into a `Reading`: a
qualifier, the number named, and the inclusive interval it implies. A wording the
reader is not sure of is refused, never guessed: a wrong interval is worse than a
refusal.

**One reader, seven tables.** The grammar (reader.py, tail.py) is the same for
every language; each language module (en, ru, uk, fr, es, de, ar) holds our own
tables of qualifier words, vague words, approximate nouns, zero words, increase
words, nouns for people and category words, and the way it writes digits.

**Number words come from maintained libraries**, chosen after trying both on real
wordings (tests/unit/wording/test_numbers.py keeps what was checked):

- `text2num` (3.x, Rust-backed, released 2026, wheels for CPython 3.11 to 3.13)
  reads English, French, Spanish and German: "twenty-two", "one hundred and five",
  "quatre-vingt-dix", "vingt et un", "veintidós", "ciento cinco", "zweiundzwanzig",
  "hundertfünf", "vierzigtausend", in well under a microsecond. It has no Russian
  or Ukrainian, and reads "a hundred" only as "one hundred" (numbers.py adds the
  article) and German "eine" only as "ein".
- `number-parser` (0.3.2 of March 2023, Scrapinghub, pure Python; the one library
  on PyPI found to read both Russian and Ukrainian, pinned below 0.4) reads them with
  their case forms ("сорока", "двух", "ста сорока трех", "двоє") but not French or
  German; its English and Spanish are weaker than text2num's ("una", "a hundred").
  Its Russian lacks the collective numerals (двое, трое, четверо...) and its
  Ukrainian the oblique forms of the tens and hundreds ("двадцяти", "сорока", "ста")
  and the collectives past four; numbers.py adds those, the library does the rest.
  It rebuilds its word lists on each call (~200 µs), so a phrase goes to it only
  when every word is a number word, and answers are cached.
- Arabic is read in digits only (Western and Arabic-Indic), as DESIGN asks; neither
  library reads Arabic number words.

**Without a language** every language reads the wording; those that can read it
must agree, else `AmbiguousFigure` asks for the language. A language that cannot
read it takes no part, and that includes digits that are no whole number as the
language writes them: "1.200" is 1.2 in English, which is no count, so English
takes no part and German and Spanish read 1200; "1,000" is 1000 in English and
1.0 in German, and a bare decimal is never a count in any language, so German
takes no part. A language that refuses the wording for a reason of its own (an
increase, several figures, another category) disagrees with any reading.

Reading is pure, so readings and refusals are cached by (text, language, category);
a plain number in digits, or an English qualifier and digits ("at least 40"), skips
the tables altogether; a text over MAX_READ characters is not read. Measured on this
machine: a few microseconds for "145" or "at least 40", cached or not; 0.1 to 0.6
ms for a cold reading in words without a language; under 2 microseconds cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from domain.errors import (
    AmbiguousFigure,
    FigureCategoryMismatch,
    FigureIsAnIncrease,
    InvalidEntry,
    InvalidValue,
    SeveralFigures,
    UnreadableFigure,
)
from domain.wording import ar, de, en, es, fr, ru, uk
from domain.wording.language import Language
from domain.wording.phrases import vocabulary
from domain.wording.reader import read_in
from domain.wording.reading import Qualifier, Reading, implied_interval

__all__ = [
    "ISO_639_1",
    "LANGUAGES",
    "MAX_READ",
    "Qualifier",
    "Reading",
    "check_language",
    "implied_interval",
    "read",
    "read_each",
]

TABLES: dict[str, Language] = {
    table.code: table
    for table in (
        en.LANGUAGE,
        ru.LANGUAGE,
        uk.LANGUAGE,
        fr.LANGUAGE,
        es.LANGUAGE,
        de.LANGUAGE,
        ar.LANGUAGE,
    )
}
LANGUAGES: tuple[str, ...] = tuple(TABLES)
# Every language a figure may be said in (ISO 639-1): those above are read, the others
# are kept with the fields that come with their wording.
_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu"
    " cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi"
    " ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks"
    " ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl"
    " nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl"
    " sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve"
    " vi vo wa wo xh yi yo za zh zu"
)
ISO_639_1 = frozenset(_CODES.split())

# Refusals that are a language's own reading of the wording, strongest first: when
# no language reads the wording, the first of these any language gave is the answer.
_OPINIONS: tuple[type[InvalidEntry], ...] = (
    FigureCategoryMismatch,
    FigureIsAnIncrease,
    SeveralFigures,
)
_REFUSALS: tuple[type[InvalidEntry], ...] = (UnreadableFigure, *_OPINIONS)
# Wordings are short; a longer text is not read (it is kept when fields come with
# it), which bounds a cold reading to about a millisecond and a half.
MAX_READ = 300
_PLAIN_NUMBER = re.compile(r"\s*([0-9]{1,10})\s*")
# The commonest wording on the write path, "at least 40": an English qualifier and
# plain digits, which no other language reads, so English's reading is the answer
# (tests/unit/wording/test_fast_path.py holds it to the full reader).
FAST_QUALIFIERS: dict[str, Qualifier] = {
    phrase: qualifier
    for phrase, qualifier in en.LANGUAGE.qualifiers.items()
    if re.fullmatch("[a-z]+(?: [a-z]+)*", phrase)
}
_QUALIFIED_NUMBER = re.compile(
    r"\s*(?P<qualifier>"
    + "|".join(p.replace(" ", r"\s+") for p in sorted(FAST_QUALIFIERS, key=len, reverse=True))
    + r")\s+(?P<number>[0-9]{1,10})\s*",
    re.IGNORECASE,
)
_LETTER = re.compile(r"[^\W\d_]")
_SCRIPTS = {code: re.compile(f"[{table.script}]") for code, table in TABLES.items()}


def check_language(language: str | None) -> None:
    """Refuse a language that is not an ISO 639-1 code. A language is kept as sent; the
    wording is read in those of LANGUAGES, and in any other the fields must come with it."""
    if language is not None and language not in ISO_639_1:
        raise InvalidValue(
            "language", f"{language!r} is not a two-letter ISO 639-1 code in lower case, like 'en'"
        )


def read(text: str, language: str | None = None, category: str | None = None) -> Reading:
    """Read a source's wording; raise the domain error that says why it cannot be read.

    `language` narrows the reading to one language; `category` (a Category value)
    refuses a wording whose noun names another category ("59 injured" as killed).
    """
    check_language(language)
    if plain := _PLAIN_NUMBER.fullmatch(text):
        return Reading.of(Qualifier.EXACT, int(plain[1]))
    if language is not None and language not in TABLES:
        known = ", ".join(LANGUAGES)
        raise UnreadableFigure(
            text, f": its language, {language!r}, is not one read here ({known})"
        )
    if language in (None, "en") and (qualified := _QUALIFIED_NUMBER.fullmatch(text)):
        phrase = " ".join(qualified["qualifier"].lower().split())
        number = int(qualified["number"])
        if number or FAST_QUALIFIERS[phrase] not in (Qualifier.FEWER_THAN, Qualifier.NEARLY):
            return Reading.of(FAST_QUALIFIERS[phrase], number)
    if len(text) > MAX_READ:
        raise UnreadableFigure(text)
    outcome = _outcome(text, language, category)
    if isinstance(outcome, InvalidEntry):
        raise outcome.with_traceback(None)  # the cached refusal, without its last traceback
    return outcome


def read_each(text: str, category: str | None = None) -> dict[str, Reading]:
    """The reading of each language that can read the wording, by language code."""
    readings: dict[str, Reading] = {}
    for code, table in _tried(text):
        try:
            readings[code] = read_in(vocabulary(table), text, category)
        except _REFUSALS:
            continue
    return readings


@lru_cache(maxsize=16384)
def _outcome(text: str, language: str | None, category: str | None) -> Reading | InvalidEntry:
    """The reading, or the refusal, of a wording; both are cached, reading being pure."""
    try:
        return _read(text, language, category)
    except InvalidEntry as refusal:
        return refusal


def _read(text: str, language: str | None, category: str | None) -> Reading:
    if language is not None:
        return read_in(vocabulary(TABLES[language]), text, category)
    readings: dict[str, Reading] = {}
    opinions: dict[str, InvalidEntry] = {}
    for code, table in _tried(text):
        try:
            readings[code] = read_in(vocabulary(table), text, category)
        except _OPINIONS as opinion:
            opinions[code] = opinion
        except UnreadableFigure:
            continue
    distinct = set(readings.values())
    if len(distinct) == 1 and not opinions:
        return distinct.pop()
    if readings:
        shown = {code: str(reading) for code, reading in readings.items()}
        shown |= {code: type(opinion).__name__ for code, opinion in opinions.items()}
        raise AmbiguousFigure(text, shown)
    for kind in _OPINIONS:
        for given in opinions.values():
            if isinstance(given, kind):
                raise given
    raise UnreadableFigure(text)


def _tried(text: str) -> list[tuple[str, Language]]:
    """The languages worth trying: those whose script the wording's letters are in.

    Only a cost saving, never a change of answer: a language reads foreign words
    only in a clause after a mark ("40, человек"), and then reads the digits before
    it as the languages of that script do (Russian and Ukrainian write digits as
    French does, Arabic as English does), or not at all.
    """
    if not _LETTER.search(text):
        return list(TABLES.items())
    return [(code, table) for code, table in TABLES.items() if _SCRIPTS[code].search(text)]
