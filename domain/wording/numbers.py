"""Number words, read by maintained libraries (why these two: see domain/wording/__init__.py).

`text2num` reads English, French, Spanish and German; `number-parser` reads Russian
and Ukrainian. Each adapter adds only what the library lacks for a count of people,
and says so: collective numerals ("двое", "п'ятеро"), Ukrainian oblique cases
("близько двадцяти"), the English article before a scale ("a hundred").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from functools import lru_cache

from number_parser import parse_number
from number_parser.parser import LanguageData
from text_to_num import text2num

_HYPHEN = "-"


def _joined(words: tuple[str, ...]) -> str:
    """The words as one string, hyphens kept tight ("twenty-two")."""
    text = ""
    for index, word in enumerate(words):
        tight = word == _HYPHEN or (index > 0 and words[index - 1] == _HYPHEN)
        text += word if tight or index == 0 else " " + word
    return text


class Text2NumWords:
    """Number words through text2num (Rust-backed, microseconds a call)."""

    def __init__(
        self,
        code: str,
        *,
        connectors: Mapping[str, Callable[[str, str | None], bool]] | None = None,
        articles: tuple[str, ...] = (),
        scale_words: tuple[str, ...] = (),
        not_first: tuple[str, ...] = (),
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.code = code
        # "one hundred and five", "vingt et un", "treinta y dos": the library reads them,
        # but also "quatre-vingt-dix et quatre" (94), so each connector joins only where
        # the language puts it, given the words before and after it; elsewhere it is
        # the "and" of a range ("entre quatre-vingt-dix et cent").
        self.connectors = dict(connectors or {})
        # "a hundred": the library wants "one hundred".
        self.articles = frozenset(articles)
        self.scale_words = frozenset(scale_words)
        # Plural scales the library reads as the scale itself ("thousands" = 1000):
        # alone they are vague words, so a number never starts with them.
        self.not_first = frozenset(not_first)
        self.aliases = dict(aliases or {})

    def starts(self, word: str) -> bool:
        """Whether a number written in words may begin with this word."""
        if word in self.not_first or word in self.connectors:
            return False
        return word in self.articles or self._single(word)

    def continues(self, previous: str, word: str, following: str | None) -> bool:
        """Whether this word, between those two, may carry on a number begun before it."""
        if word in self.connectors:
            return self.connectors[word](previous, following)
        return word == _HYPHEN or self._single(word)

    def value(self, words: tuple[str, ...]) -> int | None:
        """The number the words name together, or None."""
        if words[0] in self.articles:
            if len(words) < 2 or words[1] not in self.scale_words:
                return None
            words = ("one", *words[1:])
        return _text2num(_joined(tuple(self.aliases.get(w, w) for w in words)), self.code)

    def scale_at_end(self, word: str) -> int:
        """The scale the word ends in (100 for "hundred", 1000 for "dreitausend"), or 0."""
        ends = [scale for scale in self.scale_words if word.endswith(scale)]
        return max((_text2num(scale, self.code) or 0 for scale in ends), default=0)

    def _single(self, word: str) -> bool:
        return _text2num(self.aliases.get(word, word), self.code) is not None


@lru_cache(maxsize=8192)
def _text2num(text: str, code: str) -> int | None:
    try:
        number = text2num(text, code)
    except ValueError:
        return None
    return int(number) if number >= 0 else None


class NumberParserWords:
    """Number words through number-parser, with the forms its word lists lack.

    number-parser rebuilds its word lists on every call (about 200 microseconds), so
    the words a number may hold are taken from those lists once, and a phrase goes to
    the library only when every word of it is a number word; answers are cached.
    """

    def __init__(
        self,
        code: str,
        *,
        collective: Mapping[str, int],
        aliases: Mapping[str, str] | None = None,
        not_first: tuple[str, ...] = (),
        apostrophe: str = "'",
    ) -> None:
        self.code = code
        # Collective numerals ("двое", "троє"): a count of people on their own.
        self.collective = {_library_form(w, apostrophe): n for w, n in collective.items()}
        # Oblique forms the library lacks, to the form it knows ("сорока" -> "сорок").
        self.aliases = {
            _library_form(w, apostrophe): _library_form(to, apostrophe)
            for w, to in (aliases or {}).items()
        }
        self.not_first = frozenset(_library_form(w, apostrophe) for w in not_first)
        self.apostrophe = apostrophe
        data = LanguageData(code)
        self.vocabulary = frozenset(data.all_numbers)
        self.scales = {word: 100 for word in data.hundreds} | dict(data.big_powers_of_ten)

    def starts(self, word: str) -> bool:
        """Whether a number written in words may begin with this word."""
        form = _library_form(word, self.apostrophe)
        return form not in self.not_first and self._known(form)

    def continues(self, previous: str, word: str, following: str | None) -> bool:
        """Whether this word may carry on a number begun before it."""
        return self._known(_library_form(word, self.apostrophe))

    def value(self, words: tuple[str, ...]) -> int | None:
        """The number the words name together, or None."""
        forms = tuple(_library_form(w, self.apostrophe) for w in words)
        if len(forms) == 1 and forms[0] in self.collective:
            return self.collective[forms[0]]
        if any(form in self.collective for form in forms):
            return None  # "двадцать двое" is not how a number is said
        return _number_parser(" ".join(self.aliases.get(f, f) for f in forms), self.code)

    def scale_at_end(self, word: str) -> int:
        """The scale the word is (100 for "двести", 1000 for "тысяч"), or 0."""
        form = _library_form(word, self.apostrophe)
        return int(self.scales.get(self.aliases.get(form, form), 0))

    def _known(self, form: str) -> bool:
        return form in self.vocabulary or form in self.aliases or form in self.collective


@lru_cache(maxsize=4096)
def _number_parser(text: str, code: str) -> int | None:
    number = parse_number(text, code)
    return int(number) if isinstance(number, int) and number >= 0 else None


def _library_form(word: str, apostrophe: str) -> str:
    """The word as number-parser compares it: accents stripped, its apostrophe."""
    decomposed = unicodedata.normalize("NFD", word.replace("'", apostrophe))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


class DigitsOnly:
    """For a language read in digits only (Arabic: neither library reads its words)."""

    def starts(self, word: str) -> bool:
        """No word begins a number."""
        return False

    def continues(self, previous: str, word: str, following: str | None) -> bool:
        """No word carries on a number."""
        return False

    def value(self, words: tuple[str, ...]) -> int | None:
        """No words name a number."""
        return None

    def scale_at_end(self, word: str) -> int:
        """No word is a scale."""
        return 0
