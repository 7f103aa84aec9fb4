"""A language's tables made ready to match: phrases as tuples of normalised words.

The tables in each language module are written as text; `vocabulary()` turns them
into lookups by first word, built once per language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from domain.wording.language import Language, Vague
from domain.wording.reading import Qualifier

T = TypeVar("T")

# Characters folded before reading: every dash to a hyphen (ranges "40\u201360"), every
# apostrophe to one (Ukrainian "п'ять", French "d'une"), quotes to spaces.
_FOLDED = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2019\u2018\u02bc\u0060\u00b4\u2032", "'"),
        **dict.fromkeys('\u00ab\u00bb\u201c\u201d\u201e\u201f"', " "),
        # Arabic-Indic and Persian digits, and the Arabic marks for thousands, decimals,
        # commas, semicolons and question marks.
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        "\u066c": ",",
        "\u066b": ".",
        "\u060c": ",",
        "\u061b": ";",
        "\u061f": "?",
        # Arabic letter forms that spellings mix freely: hamza-carrying alefs, alef
        # maqsura; Russian yo (U+0451) is written ie (U+0435) as often as not.
        **dict.fromkeys("\u0623\u0625\u0622\u0671", "\u0627"),
        "\u0649": "\u064a",
        "\u0451": "\u0435",
    }
)
# Arabic tatweel, and the marks (Unicode category Mn: Arabic vowel signs, stray
# combining accents) that NFKC leaves.
_DROPPED = re.compile("[\u0640]")


def normalise(text: str) -> str:
    """The wording as the reader compares it: NFKC, no format characters, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Mn"))
    return _DROPPED.sub("", text.lower().translate(_FOLDED))


_TOKEN = re.compile(
    r"(?P<digits>[0-9]+(?:[.,][0-9]+)*)|(?P<word>[^\W\d_]+(?:'[^\W\d_]+)*)|(?P<mark>\S)"
)
# French elides before a vowel ("d'une", "jusqu'à"): the elided word is a word of its own.
_TOKEN_ELIDED = re.compile(
    r"(?P<digits>[0-9]+(?:[.,][0-9]+)*)|(?P<word>[^\W\d_]{1,7}'(?=[^\W\d_]|\s|$)|[^\W\d_]+)"
    r"|(?P<mark>\S)"
)


@dataclass(frozen=True, slots=True)
class RawToken:
    """A piece of the normalised wording before numbers are found in it."""

    kind: str  # "digits", "word" or "mark"
    text: str
    space_before: bool


def raw_tokens(text: str, *, elision: bool) -> list[RawToken]:
    """The normalised wording cut into digits, words and marks."""
    pattern = _TOKEN_ELIDED if elision else _TOKEN
    found: list[RawToken] = []
    end = 0
    for match in pattern.finditer(text):
        kind = match.lastgroup or "mark"
        found.append(RawToken(kind, match.group(), match.start() > end))
        end = match.end()
    return found


class Phrases(Generic[T]):
    """Phrases of one table, looked up by their first word; the longest match wins."""

    def __init__(self, entries: Iterable[tuple[str, T]], split: Callable[[str], list[str]]):
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        stems: list[tuple[str, T]] = []
        for phrase, payload in entries:
            if phrase.endswith("*"):
                stems.append((normalise(phrase[:-1]), payload))
                continue
            words = tuple(split(phrase))
            self._by_first.setdefault(words[0], []).append((words, payload))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))
        self._stems = sorted(stems, key=lambda stem: -len(stem[0]))

    def match(self, words: Sequence[str], at: int) -> tuple[int, T] | None:
        """The length and payload of the longest phrase starting at `at`, if any."""
        if at >= len(words):
            return None
        for phrase, payload in self._by_first.get(words[at], ()):
            if tuple(words[at : at + len(phrase)]) == phrase:
                return len(phrase), payload
        for stem, payload in self._stems:
            if words[at].startswith(stem):
                return 1, payload
        return None

    def starts(self, words: Sequence[str], at: int) -> bool:
        """Whether a phrase of the table starts at `at`."""
        return self.match(words, at) is not None


def _set(phrases: Iterable[str], split: Callable[[str], list[str]]) -> Phrases[None]:
    return Phrases(((phrase, None) for phrase in phrases), split)


def _map(table: Mapping[str, T], split: Callable[[str], list[str]]) -> Phrases[T]:
    return Phrases(table.items(), split)


@dataclass(frozen=True)
class Vocabulary:
    """Every table of one language, ready to match against a wording's words."""

    language: Language
    scales: Phrases[int]
    units: Phrases[int]
    approximate: Phrases[int]
    vague: Phrases[Vague]
    zero: Phrases[bool]  # True: the zero word needs a noun after it
    qualifiers: Phrases[Qualifier]
    suffixes: Phrases[Qualifier]
    trailing: Phrases[Qualifier]
    ranges: Phrases[tuple[str, ...]]
    joiners: Phrases[None]
    increase: Phrases[None]
    people: Phrases[None]
    peoples: Phrases[None]
    categories: Phrases[str]
    links: Phrases[None]
    of: Phrases[None]
    including: Phrases[None]
    blockers: Phrases[None]
    negations: Phrases[None]
    conjunctions: Phrases[None]
    leads: Phrases[None]
    attributions: Phrases[None]
    articles: Phrases[None]
    tolls: Phrases[str | None]
    toll_verbs: Phrases[None]
    toll_openers: Phrases[bool]
    grouped: tuple[re.Pattern[str], ...]
    decimal: re.Pattern[str]


@cache
def vocabulary(language: Language) -> Vocabulary:
    """The vocabulary of a language, built on first use."""

    def split(phrase: str) -> list[str]:
        tokens = raw_tokens(normalise(phrase), elision=language.elision)
        return [token.text for token in tokens]

    zero = [(w, False) for w in language.zero]
    zero += [(w, True) for w in language.zero_before_noun]
    return Vocabulary(
        language=language,
        scales=_map(language.scales, split),
        units=_map(language.units, split),
        approximate=_map(language.approximate, split),
        vague=_map(language.vague, split),
        zero=Phrases(zero, split),
        qualifiers=_map(language.qualifiers, split),
        suffixes=_map(language.suffixes, split),
        trailing=_map(language.trailing, split),
        ranges=Phrases(((k, tuple(split(v))) for k, v in language.ranges.items()), split),
        joiners=_set(language.joiners, split),
        increase=_set(language.increase, split),
        people=_set(language.people, split),
        peoples=_set(language.peoples, split),
        categories=_map(language.categories, split),
        links=_set(language.links, split),
        of=_set(language.of, split),
        including=_set(language.including, split),
        blockers=_set(language.blockers, split),
        negations=_set(language.negations, split),
        conjunctions=_set(language.conjunctions, split),
        leads=_set(language.leads, split),
        attributions=_set(language.attributions, split),
        articles=_set(language.articles, split),
        tolls=_map(language.tolls, split),
        toll_verbs=_set(language.toll_verbs, split),
        toll_openers=_map(language.toll_openers, split),
        grouped=tuple(
            re.compile(rf"[0-9]{{1,3}}(?:{re.escape(g)}[0-9]{{3}})+") for g in language.group_marks
        ),
        decimal=re.compile(rf"[0-9]+{re.escape(language.decimal_mark)}[0-9]+"),
    )
