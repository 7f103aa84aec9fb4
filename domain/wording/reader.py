"""Reading a wording in one language: what stands before the count, the count, the tail.

    [toll] [lead] [qualifier | range opener] count [suffix | joiner count] [tail]

"at least 40 people", "погибли не менее 40 человек", "between 40 and 60", "40 or
more", "two or three", "a dozen", "dozens of people", "no deaths". Anything before
the count that the tables do not know makes the wording unreadable, because a
word there ("three more", "a further two", "some 40") changes what the number means.
"""

from __future__ import annotations

from domain.errors import (
    FigureCategoryMismatch,
    FigureIsAnIncrease,
    InvalidValue,
    SeveralFigures,
    UnreadableFigure,
)
from domain.wording.language import Vague
from domain.wording.phrases import Vocabulary
from domain.wording.reading import Qualifier, Reading
from domain.wording.tail import read_tail
from domain.wording.tokens import COUNTS, Kind, Token, tokens

# How many tokens after the count can still make it an increase: "three more",
# "5 more people", "tres muertos más", "3 قتلى آخرين".
_INCREASE_REACH = 3
_INCREASE_BEFORE = 2  # and this many before it: "another 5", "a further two", "encore 5"
# A range whose high end is this many times its low end is not read ("20-25,000").
_SPAN = 100


def read_in(vocabulary: Vocabulary, text: str, category: str | None) -> Reading:
    """Read the wording in this language; raise the domain error that says why not."""
    found = tokens(vocabulary, text)
    words = [token.word for token in found]
    start, named = _toll(vocabulary, [token.text for token in found])  # "un nouveau bilan"
    count_at = next(
        (i for i, token in enumerate(found) if i >= start and token.kind in COUNTS), None
    )
    if count_at is None:
        raise UnreadableFigure(text)
    _refuse_an_increase(vocabulary, words, start, count_at, text)
    at, led, noun = _lead(vocabulary, words, start, count_at)
    named += led
    qualifier: Qualifier | None = None
    opener: tuple[str, ...] | None = None
    if match := vocabulary.qualifiers.match(words, at):
        qualifier, at = match[1], at + match[0]
    elif match_range := vocabulary.ranges.match(words, at):
        opener, at = match_range[1], at + match_range[0]
    if at != count_at:
        raise UnreadableFigure(text)
    try:
        reading, at = _count(vocabulary, found, words, at, qualifier, opener)
    except InvalidValue:  # "fewer than 0", "nearly none"
        raise UnreadableFigure(text) from None
    if reading is None:
        raise UnreadableFigure(text)
    if qualifier is None and reading.qualifier is Qualifier.EXACT and reading.value is not None:
        trailing, found = _trailing_qualifier(vocabulary, found, at)
        if trailing is not None:
            reading = Reading.of(trailing, reading.value)
    tail = read_tail(vocabulary, found, at, text, count=found[count_at])
    if found[count_at].needs_noun and not (tail.noun or noun):
        raise UnreadableFigure(text)  # "no" alone
    if named and set(tail.named) - set(named):
        raise SeveralFigures(text)  # "مقتل 5 آلاف و300 جريح": one category before, another after
    named += tail.named
    if category is not None and named and (tail.combined or named[0] != category):
        raise FigureCategoryMismatch(text, category, tuple(dict.fromkeys(named)))
    return reading


def _toll(vocabulary: Vocabulary, words: list[str]) -> tuple[int, list[str]]:
    """Skip a toll and the verb that gives its new total, at the start of the wording:
    "the death toll has risen to", "число погибших выросло до", "ارتفع عدد القتلى إلى".
    `words` are the tokens' texts, counts too: French writes its article as "one".

    Returns where they end and the category the toll names (0 and none, if there is no
    such lead-in: a toll without its verb, or a verb without its toll, is not one)."""
    at, needs_verb = 0, True
    if opener := vocabulary.toll_openers.match(words, 0):  # Arabic puts the verb first
        at, needs_verb = opener[0], opener[1]
    toll = vocabulary.tolls.match(words, at)
    if toll is None:
        return 0, []
    at, named = at + toll[0], toll[1]
    if verb := vocabulary.toll_verbs.match(words, at):
        at += verb[0]
    elif needs_verb:
        return 0, []
    return at, [] if named is None else [named]


def _refuse_an_increase(
    vocabulary: Vocabulary, words: list[str], start: int, count_at: int, text: str
) -> None:
    """Refuse "three more", "a further two", "another 5": an increase, not a total. The
    word is next to the count, or one word from it, after any toll's lead-in: "a new
    toll of 84" and "the death toll rose to 84" are totals."""
    at = max(start, count_at - _INCREASE_BEFORE)
    end = min(len(words), count_at + 1 + _INCREASE_REACH)
    while at < end:
        known = max(
            (
                match[0]
                for match in (
                    vocabulary.qualifiers.match(words, at),
                    vocabulary.suffixes.match(words, at),
                    vocabulary.blockers.match(words, at),
                    vocabulary.ranges.match(words, at),
                )
                if match
            ),
            default=0,
        )
        increase = vocabulary.increase.match(words, at)
        if increase and increase[0] > known:  # "de plus", but not "more than"
            raise FigureIsAnIncrease(text)
        at += max(known, 1)


def _lead(
    vocabulary: Vocabulary, words: list[str], start: int, count_at: int
) -> tuple[int, list[str], bool]:
    """Skip what a verb-first language puts before the count ("погибли", "жертв нет"),
    from `start` on.

    Returns where the lead ends, the categories it names, and whether it holds a noun.
    """
    named: list[str] = []
    noun = False
    at = start
    if not vocabulary.language.leads:
        return at, named, noun
    while at < count_at and not vocabulary.qualifiers.starts(words, at):
        category = vocabulary.categories.match(words, at)
        person = vocabulary.people.match(words, at)
        other = vocabulary.leads.match(words, at)
        if not (category or person or other):
            break
        if category:
            named.append(category[1])
        noun = noun or bool(category or person)
        at += max(match[0] for match in (category, person, other) if match)
    return at, named, noun


def _count(
    vocabulary: Vocabulary,
    found: list[Token],
    words: list[str],
    at: int,
    qualifier: Qualifier | None,
    opener: tuple[str, ...] | None,
) -> tuple[Reading | None, int]:
    """The reading of the count at `at`, and where the tail begins; None if unreadable."""
    count = found[at]
    reading: Reading | None = None
    match count.kind:
        case Kind.ZERO if not (qualifier or opener):
            reading = Reading.of(Qualifier.EXACT, 0)
        case Kind.VAGUE if count.vague is not None and opener is None:
            reading = _vague(count.vague, qualifier)
        case Kind.NUMBER | Kind.APPROXIMATE if count.value is not None:
            return _number(vocabulary, found, words, at, qualifier, opener)
        case Kind.NOT_A_COUNT if count.fraction is not None:  # "1.5 to 2 million" alone
            reading, end = _number(vocabulary, found, words, at, qualifier, opener)
            ranged = reading is not None and reading.qualifier is Qualifier.BETWEEN
            return (reading if ranged else None), end
    return reading, at + 1


def _vague(vague: Vague, qualifier: Qualifier | None) -> Reading | None:
    """ "dozens" alone; after a qualifier only a word that is then a number ("около сотни")."""
    if qualifier is None:
        return Reading(Qualifier.VAGUE, None, vague.low, vague.high)
    if vague.after_qualifier is not None:
        return Reading.of(qualifier, vague.after_qualifier)
    return None


def _number(
    vocabulary: Vocabulary,
    found: list[Token],
    words: list[str],
    at: int,
    qualifier: Qualifier | None,
    opener: tuple[str, ...] | None,
) -> tuple[Reading | None, int]:
    """A number or approximate noun, with what may follow it: a suffix, a range."""
    count = found[at]
    value = count.value if count.value is not None else 0
    at += 1
    reading: Reading | None = None
    joiner = vocabulary.joiners.match(words, at)
    if opener is not None:  # "between 40 and 60"
        end = at + len(opener)
        if tuple(words[at:end]) == opener and end < len(found):
            reading, at = _between(count, found[end]), end + 1
    elif suffix := vocabulary.suffixes.match(words, at):  # "40 or more"
        reading = None if qualifier else Reading.of(suffix[1], value)
        at += suffix[0]
    elif count.kind is Kind.APPROXIMATE:  # "a dozen", "more than a dozen"
        if qualifier in (None, Qualifier.EXACT):
            qualifier = Qualifier.APPROXIMATELY
        reading = Reading.of(qualifier or Qualifier.APPROXIMATELY, value)
    elif joiner and at + joiner[0] < len(found) and found[at + joiner[0]].kind in COUNTS:
        reading = None if qualifier else _between(count, found[at + joiner[0]])  # "two or three"
        at += joiner[0] + 1
    else:
        reading = Reading.of(qualifier or Qualifier.EXACT, value)
    return reading, at


def _between(low: Token, high: Token) -> Reading | None:
    """A range of two whole numbers, the lower first; None when it may be misread.

    "60-40" is backwards. A scale word on the high end alone is the low end's too, as
    people say it: "40 to 60 thousand", "two or three hundred", "1.5 to 2 million",
    "от 250 до 300 тысяч", "بين 250 و300 ألف" (unless the low end so scaled would pass
    the high: "91 to one hundred" is 91 to 100). Digits that group thousands are no
    scale ("20-25,000" is not read), and a high end a hundred times the low is not read.
    """
    if high.kind is not Kind.NUMBER or high.value is None:
        return None
    low_value = _low_end(low, high)
    if low_value is None or low_value > high.value:
        return None
    if low_value and high.value >= _SPAN * low_value:
        return None
    return Reading(Qualifier.BETWEEN, None, low_value, high.value)


def _low_end(low: Token, high: Token) -> int | None:
    """The low end of a range: scaled by the high end's scale word when it can take it."""
    assert high.value is not None
    base = low.value if low.kind is Kind.NUMBER else low.fraction
    if base is None:
        return None
    if high.scale and not low.scale:
        scaled = base * high.scale
        if scaled < high.value and scaled == int(scaled):
            return int(scaled)
    return int(base) if low.kind is Kind.NUMBER else None


def _trailing_qualifier(
    vocabulary: Vocabulary, found: list[Token], at: int
) -> tuple[Qualifier | None, list[Token]]:
    """A qualifier that closes the wording (Arabic "22 قتيلا على الأقل"), taken out of it."""
    words = [token.word for token in found]
    for place in range(at, len(found)):
        if match := vocabulary.trailing.match(words, place):
            end = place + match[0]
            if end == len(found) or found[end].kind is Kind.MARK:
                return match[1], found[:place] + found[end:]
    return None, found
