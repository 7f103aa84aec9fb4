"""One language's tables: the words the reader knows, and how the language writes digits.

Each language module (en, ru, uk, fr, es, de, ar) fills one `Language`; the reader
(domain/wording/reader.py) is the same for all of them. Phrases are written as a
person would type them ("at least", "plus d'une"); the reader normalises them the
way it normalises a wording, so the tables need no care about case, accents that
NFKC folds, or the Arabic letter forms.

A word ending in "*" in `people`, `categories` and `leads` is a stem: it matches
every word that begins with it, which is how the tables follow Russian, Ukrainian
and German case endings without listing each form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from domain.wording.reading import Qualifier


@dataclass(frozen=True, slots=True)
class Vague:
    """The interval a vague wording stands for ("dozens": 24 to 99).

    `after_qualifier` is the number the same word names after a qualifier, for the
    words that are a plural alone and a singular after a preposition: Russian
    "сотни" is "hundreds", but "около сотни" is "about a hundred".
    """

    low: int
    high: int | None
    after_qualifier: int | None = None


class NumberWords(Protocol):
    """A maintained library's reading of number words in one language."""

    def starts(self, word: str) -> bool:
        """Whether a number written in words may begin with this word."""
        ...

    def continues(self, previous: str, word: str, following: str | None) -> bool:
        """Whether this word, between those two, may carry on a number begun before it."""
        ...

    def value(self, words: tuple[str, ...]) -> int | None:
        """The number the words name together, or None when they name no single number."""
        ...

    def scale_at_end(self, word: str) -> int:
        """The scale the word ends in (100 for "hundred", 1000 for "dreitausend"), or 0."""
        ...


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per language
class Language:
    """The words and number conventions the reader uses for one language."""

    code: str
    number_words: NumberWords
    # Digits: the marks that group thousands ("1,200") and the decimal mark ("1.2").
    group_marks: str
    decimal_mark: str
    # Words after digits that multiply them: "40 thousand", "1.2 million", "40k".
    scales: Mapping[str, int]
    # Qualifier words before the number: "at least 40".
    qualifiers: Mapping[str, Qualifier]
    # Words right after the number: "40 or more", "40+".
    suffixes: Mapping[str, Qualifier]
    # A range opener and the word between its two numbers: "between" ... "and".
    ranges: Mapping[str, str]
    # Words between the two numbers of a bare range: "40 to 60", "two or three".
    joiners: tuple[str, ...]
    # Approximate nouns: "a dozen" is about 12, "une vingtaine" about 20.
    approximate: Mapping[str, int]
    # The same nouns after a number, multiplying it: "two dozen", "два десятка".
    units: Mapping[str, int]
    vague: Mapping[str, Vague]
    # Words read as zero on their own ("none", "nobody"), and those that need the
    # noun after them ("no deaths", "keine Toten").
    zero: tuple[str, ...]
    zero_before_noun: tuple[str, ...]
    # Words that make the count an increase: "three more", "a further two".
    increase: tuple[str, ...]
    # Nouns for people (the unit a count of people is in), and the words that name
    # a category, mapped to it (DESIGN section 4's categories).
    people: tuple[str, ...]
    categories: Mapping[str, str]
    # Function words that may follow the number before any noun: "22 were killed".
    links: tuple[str, ...]
    # The word between a vague or approximate noun and its noun: "dozens of people".
    of: tuple[str, ...]
    # Clause openers whose clause is ignored whole: "including children".
    including: tuple[str, ...]
    # Words that change the count or its unit if ignored: "40 or so", "40 percent".
    blockers: tuple[str, ...]
    # Negations, which turn a trailing category around ("22 were not hurt").
    negations: tuple[str, ...]
    # Conjunctions that join two categories into one count ("killed or injured").
    conjunctions: tuple[str, ...]
    # Words that may stand before the number and name what is counted, in languages
    # that put the verb first ("погибли 22 человека", "مقتل 22 شخصا").
    leads: tuple[str, ...] = ()
    # Qualifiers that close the wording (Arabic "22 قتيلا على الأقل").
    trailing: Mapping[str, Qualifier] = field(default_factory=dict)
    # The letters of the language's script, as a regular expression class: a wording
    # with letters, none of them in this script, is not tried in this language.
    script: str = "A-Za-z\u00c0-\u024f"
    # Whether French elisions ("d'une") split into two words.
    elision: bool = False
    # Whether "100s" and "1000s" are hundreds and thousands (English).
    digit_plurals: bool = False
    # The word that joins digits below a scale to the scaled digits before them, making
    # one number (Arabic "34 ألفا و183" is 34,183).
    compound: str | None = None
    # Peoples and nationals ("Palestinians", "палестинцев"): a noun for people only right
    # after the count and before a known word, since the same words are adjectives too
    # ("40 Lebanese families", "40 familles palestiniennes" count something else).
    peoples: tuple[str, ...] = ()
    # Words that open a source's clause, after which the language's article, which it
    # writes as its word for one, is no count ("selon un bilan", "laut einer Sprecherin").
    attributions: tuple[str, ...] = ()
    articles: tuple[str, ...] = ()
    # A toll named before the count, and the verb after it that gives its new total:
    # "the death toll has risen to 22", "le bilan s'eleve a 129 morts". Each toll names
    # its category, or None ("the toll", "le bilan", "the number of victims"); a toll is
    # read only with such a verb, and never with one that says "by" ("rose by 5").
    tolls: Mapping[str, str | None] = field(default_factory=dict)
    toll_verbs: tuple[str, ...] = ()
    # Verbs before the toll, in a language that puts them first, each with whether it
    # needs a toll verb after the toll too: "ارتفع عدد القتلى إلى 133" (rose ... to), but
    # "بلغ عدد القتلى 143" (reached).
    toll_openers: Mapping[str, bool] = field(default_factory=dict)
