"""What follows the count: a noun and a clause that are ignored, or words that forbid it.

"22 people have been confirmed dead", "22, including children", "dozens of people":
the tail is kept in the text and ignored for the reading, but only when it is sure
not to change the count:

- the words right after the count are its unit; up to two unknown words may stand
  there only before a known noun for people ("22 Palestinian civilians"), never
  alone ("40 families", "40 houses were damaged" count something else), and "of"
  there counts a part of something else ("22 of the victims"), except "of them";
- after the unit comes a clause, any words, except those that change the count
  ("40 or so", "percent", "years old"), a negation ("were not hurt"), or another
  count ("22 killed, 59 injured": several figures);
- "including ..." clauses are skipped whole, numbers and all.

The categories the tail names are returned, the first one first, so that "59
injured" sent as killed can be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import SeveralFigures, UnreadableFigure
from domain.wording.phrases import Vocabulary
from domain.wording.tokens import COUNTS, Kind, Token

# Marks that end the unit and open a clause; any other mark there is refused ("40 %").
_CLAUSE_MARKS = frozenset(",;:()[].!?-'/&")
# How close another count must be to a noun to be another figure ("59 injured").
_NEAR = 2
_MAX_UNKNOWN = 2


@dataclass(frozen=True, slots=True)
class Tail:
    """What a tail says about the count: the categories it names, first one first."""

    named: tuple[str, ...]
    combined: bool  # two categories counted together: "killed or injured"
    noun: bool  # a noun for people or a category was found


def read_tail(
    vocabulary: Vocabulary, found: list[Token], start: int, text: str, *, count: Token
) -> Tail:
    """Check the tokens from `start` on; raise when they cannot be ignored."""
    reader = _TailReader(vocabulary, found, text, count)
    at = start
    if count.kind in (Kind.VAGUE, Kind.APPROXIMATE) and (
        of := vocabulary.of.match(reader.words, at)
    ):
        at += of[0]  # "dozens of people"
    if at < len(found) and found[at].text == "-" and not found[at].space_before:
        raise UnreadableFigure(text)  # "22-year-old", "40-strong": not a count of people
    while at < len(found):
        at = reader.step(at)
    if reader.in_unit and reader.unknown:
        raise UnreadableFigure(text)  # "40 families"
    return Tail(tuple(reader.named), reader.combined, reader.noun)


class _TailReader:
    """Walks the tail a token or a phrase at a time, remembering where it is."""

    def __init__(self, vocabulary: Vocabulary, found: list[Token], text: str, count: Token):
        self.vocabulary = vocabulary
        self.found = found
        self.words = [token.word for token in found]
        self.text = text
        self.count = count
        self.named: list[str] = []
        self.combined = False
        self.noun = False
        self.unknown = 0
        self.in_unit = True  # still right after the count, where its unit stands

    def step(self, at: int) -> int:
        """Read the token or phrase at `at`; return where the next one starts."""
        vocabulary, words = self.vocabulary, self.words
        if self.found[at].kind in COUNTS:
            return self._count(at)
        if including := vocabulary.including.match(words, at):
            if self.in_unit and self.unknown:
                raise UnreadableFigure(self.text)  # "40 families including children"
            self.in_unit = False
            return _clause_end(words, at + including[0])
        if blocker := vocabulary.blockers.match(words, at):
            return self._blocker(at + blocker[0])
        if self.count.kind is not Kind.ZERO and vocabulary.negations.starts(words, at):
            raise UnreadableFigure(self.text)
        category = vocabulary.categories.match(words, at)
        person = vocabulary.people.match(words, at) or self._nationals(at)
        if category or person:
            return self._noun(at, category, person)
        if self.found[at].kind is Kind.MARK:
            return self._mark(at)
        return self._unit_word(at) if self.in_unit else at + 1

    def _nationals(self, at: int) -> tuple[int, None] | None:
        """A people or nationals ("40 Palestinians"): a noun for people right after the
        count and before a known word; the same words are adjectives of other counts
        ("40 Lebanese families", "40 familles palestiniennes"), which are refused."""
        found = self.vocabulary.peoples.match(self.words, at)
        if found is None:
            return None
        after = at + found[0]
        if (self.in_unit and self.unknown) or not self._known(after):
            raise UnreadableFigure(self.text)
        return found

    def _known(self, at: int) -> bool:
        """Whether the wording ends at `at`, or a word the tables know stands there."""
        if at >= len(self.found) or self.found[at].kind in (Kind.MARK, *COUNTS):
            return True
        vocabulary, words = self.vocabulary, self.words
        return any(
            table.starts(words, at)
            for table in (
                vocabulary.links, vocabulary.categories, vocabulary.people,
                vocabulary.including, vocabulary.conjunctions, vocabulary.negations,
            )
        )  # fmt: skip

    def _count(self, at: int) -> int:
        """Another count: an article ("selon un bilan provisoire", "laut einer
        Sprecherin"), a part of the first ("one of them"), or a refusal."""
        if not self.in_unit and self._an_article(at):
            return at + 1
        self.in_unit = False
        return _another_count(self.vocabulary, self.found, self.words, at, self.text)

    def _an_article(self, at: int) -> bool:
        """Whether a "one" in a clause after the unit is the article its language writes
        the same, right after the words that open a source's clause ("selon un bilan",
        "laut einer Sprecherin", "сообщил один из источников"), with no noun for people
        or a category in reach after it (else it counts them)."""
        token, language = self.found[at], self.vocabulary.language
        if (
            token.value != 1
            or at == 0
            or not self.vocabulary.attributions.starts(self.words, at - 1)
        ):
            return False
        if not any(
            article.split() == [token.text, *self.words[at + 1 : at + len(article.split())]]
            for article in language.articles
        ):
            return False
        reach = range(at + 1, min(len(self.found), at + 2 + _NEAR))
        return not any(
            self.found[place].kind in COUNTS
            or self.vocabulary.categories.starts(self.words, place)
            or self.vocabulary.people.starts(self.words, place)
            for place in reach
        )

    def _blocker(self, after: int) -> int:
        """A word that changes the count: refused, as another figure if a count follows."""
        for place in range(after, min(after + _NEAR, len(self.found))):
            if self.found[place].kind in COUNTS:
                # "ранены более 100", "et plus de 350 blessés": another figure
                return _another_count(self.vocabulary, self.found, self.words, place, self.text)
        raise UnreadableFigure(self.text)

    def _noun(
        self, at: int, category: tuple[int, str] | None, person: tuple[int, None] | None
    ) -> int:
        if self.in_unit and self.unknown and not person:
            raise UnreadableFigure(self.text)  # "40 families displaced"
        if category:
            self.named.append(category[1])
            self.combined |= _joined_to_another(self.vocabulary, self.words, at, category)
        self.noun, self.in_unit = True, False
        return at + max(category[0] if category else 0, person[0] if person else 0)

    def _mark(self, at: int) -> int:
        mark = self.found[at].text
        if self.in_unit and (self.unknown or mark not in _CLAUSE_MARKS):
            raise UnreadableFigure(self.text)  # "40 %", "40 families, police said"
        self.in_unit = False
        if mark == "(" and (including := self.vocabulary.including.match(self.words, at + 1)):
            return _clause_end(self.words, at + 1 + including[0], closing=")")
        return at + 1

    def _unit_word(self, at: int) -> int:
        # A link ("were", "in") leaves the unit open: what follows must still be a
        # noun for people or a category ("22 were killed"), not "22 a day".
        if link := self.vocabulary.links.match(self.words, at):
            if self.unknown:
                raise UnreadableFigure(self.text)  # "40 houses were damaged"
            return at + link[0]
        if self.vocabulary.of.starts(self.words, at):
            raise UnreadableFigure(self.text)  # "22 of the victims": a part of another count
        self.unknown += 1
        if self.unknown > _MAX_UNKNOWN:
            raise UnreadableFigure(self.text)
        return at + 1


def _another_count(
    vocabulary: Vocabulary, found: list[Token], words: list[str], at: int, text: str
) -> int:
    """A second count in the tail: a part of the first ("one of them"), or a refusal."""
    if found[at].kind is not Kind.ZERO and vocabulary.including.starts(words, at + 1):
        return _clause_end(words, at + 1)
    # A category word before it ("ранены более 100") or a noun after it ("59 injured")
    # makes it a figure of its own; "children under 16" is an age, not a figure.
    before = range(max(0, at - _NEAR), at)
    after = range(at + 1, min(len(words), at + 1 + _NEAR))
    if any(vocabulary.categories.starts(words, place) for place in before) or any(
        vocabulary.categories.starts(words, place) or vocabulary.people.starts(words, place)
        for place in after
    ):
        raise SeveralFigures(text)
    raise UnreadableFigure(text)


def _clause_end(words: list[str], at: int, closing: str | None = None) -> int:
    """Where a skipped clause ends: its closing bracket, else the end of the wording."""
    if closing is None:
        return len(words)
    while at < len(words) and words[at] != closing:
        at += 1
    return at + 1


def _joined_to_another(
    vocabulary: Vocabulary, words: list[str], at: int, category: tuple[int, str]
) -> bool:
    """Whether the category word is joined to one of another category ("dead or injured")."""
    after = at + category[0]
    if conjunction := vocabulary.conjunctions.match(words, after):
        other = vocabulary.categories.match(words, after + conjunction[0])
        return other is not None and other[1] != category[1]
    return False
