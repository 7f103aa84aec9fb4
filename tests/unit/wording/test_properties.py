"""Properties of the reader over generated wordings (hypothesis).

- A reading never has low above high, and its interval is the one its qualifier
  implies; any other wording is refused with a domain error, never a crash.
- A number in words reads as the same number in digits, in every language that has
  number words, whatever qualifier, range or noun stands around it.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidEntry
from domain.wording import LANGUAGES, TABLES, read
from domain.wording.reading import Qualifier, Reading, implied_interval
from tests.unit.wording.number_words import IN_WORDS


def _phrases() -> list[str]:
    """Every phrase of every table, with digits, marks and number words beside them."""
    found: set[str] = set()
    for table in TABLES.values():
        for group in (
            table.qualifiers,
            table.suffixes,
            table.vague,
            table.approximate,
            table.units,
            table.categories,
            table.scales,
            table.ranges,
        ):
            found.update(group)
        for words in (
            table.joiners,
            table.zero,
            table.zero_before_noun,
            table.increase,
            table.people,
            table.links,
            table.including,
            table.blockers,
            table.negations,
            table.leads,
        ):
            found.update(words)
    found = {phrase.rstrip("*") for phrase in found}
    found.update(["40", "1,200", "1.200", "2,5", "1 200", "٤٠", "0", "1000000001", "12"])
    found.update([",", "(", ")", "-", "+", "~", "%", ".", ":", "\u2013"])
    found.update(["forty", "twenty-two", "двое", "сорока", "п'ятеро", "vingt", "veintidós"])
    return sorted(found)


PHRASES = _phrases()
LANGUAGE = st.one_of(st.none(), st.sampled_from(LANGUAGES))


def _consistent(reading: Reading) -> bool:
    if reading.low is not None and reading.high is not None and reading.low > reading.high:
        return False
    if reading.qualifier in (Qualifier.BETWEEN, Qualifier.VAGUE):
        return reading.value is None and reading.low is not None
    assert reading.value is not None
    return (reading.low, reading.high) == implied_interval(reading.qualifier, reading.value)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=6), language=LANGUAGE)
def test_a_reading_never_has_low_above_high_and_nothing_else_is_raised(
    words: list[str], language: str | None
) -> None:
    text = " ".join(words)
    try:
        reading = read(text, language)
    except InvalidEntry:
        return
    assert _consistent(reading), (text, reading)


@settings(max_examples=200)
@given(text=st.text(max_size=40), language=LANGUAGE)
def test_any_text_is_read_or_refused_with_a_domain_error(text: str, language: str | None) -> None:
    try:
        reading = read(text, language)
    except InvalidEntry:
        return
    assert _consistent(reading), (text, reading)


def _outcome(text: str, language: str) -> object:
    try:
        reading = read(text, language)
    except InvalidEntry as refusal:
        return type(refusal).__name__
    return (reading.qualifier, reading.value, reading.low, reading.high)


@st.composite
def _surroundings(draw: st.DrawFn) -> tuple[str, str, str]:
    language = draw(st.sampled_from(sorted(IN_WORDS)))
    table = TABLES[language]
    qualifier = draw(st.sampled_from(["", *sorted(table.qualifiers)]))
    nouns = [w for w in table.people if not w.endswith("*")]
    noun = draw(st.sampled_from(["", *sorted(nouns)]))
    return language, qualifier, noun


@settings(max_examples=300)
@given(surroundings=_surroundings(), number=st.integers(1, 999))
def test_a_number_in_words_reads_as_the_same_number_in_digits(
    surroundings: tuple[str, str, str], number: int
) -> None:
    language, qualifier, noun = surroundings
    words = IN_WORDS[language](number)
    in_words = " ".join(part for part in (qualifier, words, noun) if part)
    in_digits = " ".join(part for part in (qualifier, str(number), noun) if part)

    assert _outcome(in_words, language) == _outcome(in_digits, language), (in_words, in_digits)


@settings(max_examples=200)
@given(
    language=st.sampled_from(sorted(IN_WORDS)),
    low=st.integers(1, 99),
    span=st.integers(1, 9),
)
def test_a_range_in_words_reads_as_the_same_range_in_digits(
    language: str, low: int, span: int
) -> None:
    table = TABLES[language]
    opener, joiner = next(iter(table.ranges.items()))
    say = IN_WORDS[language]
    in_words = f"{opener} {say(low)} {joiner} {say(low + span)}"
    in_digits = f"{opener} {low} {joiner} {low + span}"

    assert _outcome(in_words, language) == _outcome(in_digits, language)
    assert _outcome(in_digits, language) == (Qualifier.BETWEEN, None, low, low + span)


@settings(max_examples=200)
@given(number=st.integers(0, 10**9), language=LANGUAGE)
def test_a_plain_number_in_digits_reads_as_itself_in_every_language(
    number: int, language: str | None
) -> None:
    assert read(str(number), language) == Reading.of(Qualifier.EXACT, number)
