"""From a wording to tokens: words and marks, and the counts found among them.

A count is a number in digits ("1,200", "1.2 million", "40k") or in words ("twenty-two",
"двое"), an approximate noun ("a dozen", "une vingtaine"), a vague wording
("dozens") or a zero word ("none", "no"). Digits follow the language's own marks:
"1.200" is 1200 in German and not a count in English, where it would be 1.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from domain.wording.language import Vague
from domain.wording.phrases import RawToken, Vocabulary, normalise, raw_tokens


class Kind(Enum):
    """What a token is to the reader."""

    WORD = "word"
    MARK = "mark"
    NUMBER = "number"  # a whole number
    NOT_A_COUNT = "not a count"  # digits that are no whole number in this language
    APPROXIMATE = "approximate"  # "a dozen": about the value
    VAGUE = "vague"  # "dozens": the interval in `vague`
    ZERO = "zero"  # "none", "no"


COUNTS = frozenset({Kind.NUMBER, Kind.NOT_A_COUNT, Kind.APPROXIMATE, Kind.VAGUE, Kind.ZERO})


@dataclass(frozen=True, slots=True)
class Token:
    """A word, a mark, or a count found in the wording."""

    kind: Kind
    text: str
    value: int | None = None
    vague: Vague | None = None
    needs_noun: bool = False  # a zero word that counts only with its noun ("no deaths")
    scale: int = 0  # the scale it ends in: 1000 for "60 thousand", 100 for "three hundred"
    space_before: bool = True
    # Digits with a decimal mark and no scale ("1.5"), no count alone: a range's scale
    # word may still make them one ("1.5 to 2 million").
    fraction: Fraction | None = None

    @property
    def word(self) -> str:
        """The text to match phrases against; counts match no phrase."""
        return self.text if self.kind in (Kind.WORD, Kind.MARK) else "\0"


# "100s" and "1000s" in English: hundreds and thousands.
_DIGIT_PLURALS = {100: Vague(200, 999), 1000: Vague(2_000, 9_999)}


def tokens(vocabulary: Vocabulary, text: str) -> list[Token]:
    """The wording's tokens in this language."""
    language = vocabulary.language
    raw = raw_tokens(normalise(text), elision=language.elision)
    if " " in language.group_marks:
        raw = _grouped_by_spaces(raw)
    words = [token.text if token.kind != "digits" else "\0" for token in raw]
    found: list[Token] = []
    at = 0
    while at < len(raw):
        token: Token | None = None
        kept = _qualifier_words(vocabulary, raw, words, at)
        lexeme = _lexeme(vocabulary, words, at)
        if kept and (lexeme is None or len(kept) >= lexeme[1] - at):
            found += kept
            at += len(kept)
            continue
        if lexeme:
            token, at = lexeme
        elif raw[at].kind == "digits":
            token, at = _digits(vocabulary, raw, words, at)
        elif language.number_words.starts(raw[at].text) and (
            run := _number_words(vocabulary, raw, at)
        ):
            token, at = run
        if token is None:
            kind = Kind.WORD if raw[at].kind == "word" else Kind.MARK
            token, at = Token(kind, raw[at].text, space_before=raw[at].space_before), at + 1
        elif token.kind is Kind.NUMBER and token.value is not None:
            token, at = _times_unit(vocabulary, words, at, token)
        found.append(token)
    return found


def _qualifier_words(
    vocabulary: Vocabulary, raw: list[RawToken], words: list[str], at: int
) -> list[Token]:
    """The words of a qualifier or a category phrase starting here, kept as words.

    "no fewer than", "ما لا يقل عن", "пропали без вести", "بلا مأوى": the zero word
    in them is no zero.
    """
    category = vocabulary.categories.match(words, at)
    match = (
        vocabulary.qualifiers.match(words, at)
        or vocabulary.suffixes.match(words, at)
        or (category if category and category[0] > 1 else None)
    )
    if not match or (match[0] == 1 and vocabulary.language.number_words.starts(words[at])):
        return []
    return [
        Token(Kind.WORD if r.kind == "word" else Kind.MARK, r.text, space_before=r.space_before)
        for r in raw[at : at + match[0]]
    ]


def _lexeme(vocabulary: Vocabulary, words: list[str], at: int) -> tuple[Token, int] | None:
    """A vague, approximate or zero wording starting here, the longest of them."""
    found: list[tuple[int, Token]] = []
    if vague := vocabulary.vague.match(words, at):
        text = " ".join(words[at : at + vague[0]])
        found.append((vague[0], Token(Kind.VAGUE, text, vague=vague[1])))
    if approximate := vocabulary.approximate.match(words, at):
        text = " ".join(words[at : at + approximate[0]])
        found.append((approximate[0], Token(Kind.APPROXIMATE, text, value=approximate[1])))
    if zero := vocabulary.zero.match(words, at):
        text = " ".join(words[at : at + zero[0]])
        found.append((zero[0], Token(Kind.ZERO, text, value=0, needs_noun=zero[1])))
    if not found:
        return None
    length, token = max(found, key=lambda candidate: candidate[0])
    return token, at + length


def _grouped_by_spaces(raw: list[RawToken]) -> list[RawToken]:
    """Join "1 200" (space, no-break or narrow no-break space) into one number."""
    joined: list[RawToken] = []
    for token in raw:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == "digits"
            and token.kind == "digits"
            and token.space_before
            and len(token.text) == 3
            and token.text.isdigit()
            and len(previous.text.split(" ")[0]) <= 3
            and all(part.isdigit() for part in previous.text.split(" "))
        ):
            joined[-1] = RawToken("digits", f"{previous.text} {token.text}", previous.space_before)
        else:
            joined.append(token)
    return joined


def _digits(
    vocabulary: Vocabulary, raw: list[RawToken], words: list[str], at: int
) -> tuple[Token, int]:
    start = at
    text = raw[at].text
    number = _digit_value(vocabulary, text)
    at += 1
    scaled = 0
    if number is not None and (scale := vocabulary.scales.match(words, at)):
        number, at, scaled = number * scale[1], at + scale[0], scale[1]
        text = f"{text} {words[at - 1]}"
        if raw[start].text.isdigit() and (
            rest := _compound_rest(vocabulary, raw, words, at, scaled)
        ):
            value, used = rest
            number, text = number + value, " ".join([text, *(r.text for r in raw[at : at + used])])
            at += used
    elif (
        vocabulary.language.digit_plurals
        and number in _DIGIT_PLURALS
        and at < len(raw)
        and raw[at].text == "s"
        and not raw[at].space_before
    ):
        return Token(Kind.VAGUE, text + "s", vague=_DIGIT_PLURALS[int(number)]), at + 1
    decimal = _has_decimal_mark(vocabulary, raw[start].text)
    if number is None or number.denominator != 1 or (decimal and not scaled):
        # Not a whole number as this language writes digits ("2,5" in German, "1.200"
        # in English), or a bare decimal, which no source writes for a count of
        # people ("1,000" in German is 1.0): this language has no reading of it.
        bare = Fraction(number) if number is not None and decimal and not scaled else None
        return Token(Kind.NOT_A_COUNT, text, fraction=bare), at
    return Token(Kind.NUMBER, text, value=int(number), scale=scaled), at


def _compound_rest(
    vocabulary: Vocabulary, raw: list[RawToken], words: list[str], at: int, scale: int
) -> tuple[int, int] | None:
    """What the language's compound word joins on at `at` to a number scaled by `scale`:
    digits below it, scaled or not ("و183" after "34 ألفا", "و500 ألف" after "2 مليون"),
    and how many tokens they take; None if nothing is joined there."""
    joined = vocabulary.language.compound
    if joined is None or at + 1 >= len(raw) or raw[at].text != joined:
        return None
    digits = raw[at + 1]
    if digits.kind != "digits" or not digits.text.isdigit():
        return None
    value, used = int(digits.text), 2
    if inner := vocabulary.scales.match(words, at + 2):
        value, used = value * inner[1], used + inner[0]
    return (value, used) if value < scale else None


def _has_decimal_mark(vocabulary: Vocabulary, text: str) -> bool:
    """Whether the digits carry this language's decimal mark ("1.5" in English)."""
    return vocabulary.language.decimal_mark in text


def _digit_value(vocabulary: Vocabulary, text: str) -> Fraction | None:
    """The number the digits write in this language, or None if it writes none so."""
    if text.isdigit():
        return Fraction(int(text))
    language = vocabulary.language
    for mark, pattern in zip(language.group_marks, vocabulary.grouped, strict=True):
        whole, _, decimals = text.partition(language.decimal_mark)
        if pattern.fullmatch(whole) and (not decimals or decimals.isdigit()):
            return Fraction(f"{whole.replace(mark, '')}.{decimals or 0}")
    if vocabulary.decimal.fullmatch(text):
        return Fraction(text.replace(language.decimal_mark, "."))
    return None


def _number_words(vocabulary: Vocabulary, raw: list[RawToken], at: int) -> tuple[Token, int] | None:
    """The longest run of words from here that the library reads as one number."""
    number_words = vocabulary.language.number_words
    end = at + 1
    while end < len(raw) and raw[end].kind != "digits":
        word = raw[end].text
        hyphen = word == "-"
        if hyphen and (raw[end].space_before or end + 1 >= len(raw) or raw[end + 1].space_before):
            break  # "40 - 60" is a range; only "twenty-two" is one number
        following = raw[end + 1].text if end + 1 < len(raw) else None
        if not number_words.continues(raw[end - 1].text, word, following):
            break
        end += 1
    for stop in range(end, at, -1):
        words = tuple(token.text for token in raw[at:stop])
        value = number_words.value(words)
        if value is not None:
            scale = number_words.scale_at_end(words[-1])
            return Token(Kind.NUMBER, " ".join(words), value=value, scale=scale), stop
    return None


def _times_unit(
    vocabulary: Vocabulary, words: list[str], at: int, number: Token
) -> tuple[Token, int]:
    """ "two dozen", "deux centaines", "два десятка": about the number times the unit."""
    if (unit := vocabulary.units.match(words, at)) and number.value is not None:
        text = f"{number.text} {' '.join(words[at : at + unit[0]])}"
        return Token(Kind.APPROXIMATE, text, value=number.value * unit[1]), at + unit[0]
    return number, at
