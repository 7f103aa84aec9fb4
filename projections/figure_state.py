"""What the figure handlers read and write: in SQL, or in memory during a rebuild.

A *group* is one source's figures in one series: (category, scope key, source key).
Its *head* is its latest standing figure, by the precedence of `domain.current`.
Headline choices are kept per series: (category, scope key).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any, Protocol

from domain import current as rule
from domain.values import Category
from projections.base import RebuildState
from projections.sql import Db, Later

Head = tuple[int, str]  # a group's head: its entry and as_of key
Group = tuple[str, str, str]  # category, scope key, source key
Series = tuple[str, str]  # category, scope key

# A figures row, by position (the table's column order): what the state reads of it.
ENTRY, CATEGORY, AS_OF_KEY, SOURCE_KEY, RETRACTED_BY, SCOPE, SCOPE_KEY = 1, 2, 9, 12, 15, 17, 18
# What the incident list shows of a headline figure (columns of the figures table).
HEADLINE_FIELDS = (
    "entry", "text", "qualifier", "value", "low", "high", "as_of", "read_from", "scope",
    "language",
)  # fmt: skip
RETRACT_FIGURE = (
    "UPDATE figures SET retracted_by = ?, retracted_at = ? WHERE incident_id = ? AND entry = ?"
)
RETRACT_CHOICE = "UPDATE headline_choices SET retracted_by = ? WHERE incident_id = ? AND entry = ?"


def precedence_of(head: Head | None) -> rule.Precedence | None:
    """A head's precedence in the current-figure rule (None: no head)."""
    return None if head is None else rule.precedence(head[1], head[0])


class FigureState(Protocol):
    """What the figure handlers read and write (incidents by id hex)."""

    def add(self, row: tuple[Any, ...], source_name: str) -> None:
        """Add a figure's row (and its group's, if new, under this spelling of the source)."""

    def head(self, incident: str, group: Group) -> Head | None:
        """The group's head now, if it has one."""

    def move_head(self, incident: str, group: Group, at_entry: int, head: Head | None) -> None:
        """Make `head` the group's head from `at_entry` on."""

    def retract(self, incident: str, entry: int, by: int, at: str) -> Group | None:
        """Mark figure `entry` retracted (by entry `by`, at time key `at`); its group,
        or None if `entry` is not a figure."""

    def fallback(self, incident: str, group: Group) -> Head | None:
        """The group's standing figure of greatest precedence, if any."""

    def choose(self, row: tuple[Any, ...]) -> None:
        """Add a headline choice's row: incident, entry, category, scope key, source key,
        source name, reason, retracted by."""

    def retract_choice(self, incident: str, entry: int, by: int) -> bool:
        """Mark headline choice `entry` retracted by `by`; whether it was one."""


_HEAD = (
    "SELECT f.entry, f.as_of_key FROM figures f WHERE f.incident_id = ? AND f.entry = ("
    " SELECT h.head FROM figure_heads h WHERE h.incident_id = ? AND h.category = ?"
    " AND h.scope_key = ? AND h.source_key = ? ORDER BY h.at_entry DESC LIMIT 1)"
)


class FiguresInSql:
    """The figure state as the tables hold it, in one transaction."""

    def __init__(self, db: Db) -> None:
        self.db = db
        # The heads read or moved in this transaction: no other writes them meanwhile.
        self._heads: dict[tuple[str, Group], Head | None] = {}
        self._ahead: dict[tuple[str, Group], Later] = {}  # heads asked for, not read yet

    def add(self, row: tuple[Any, ...], source_name: str) -> None:
        """Add the figure's row, and its group's unless the group has one: a group with
        a standing head has its row already (its first figure added it)."""
        incident, group = row[0], (row[CATEGORY], row[SCOPE_KEY], row[SOURCE_KEY])
        self.db.insert("figures", row)
        if self.head(incident, group) is not None:
            return
        self.db.execute(
            "INSERT INTO figure_sources VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (incident_id, category, scope_key, source_key) DO NOTHING",
            _source_row(row, source_name),
        )

    def read_heads(self, groups: Collection[tuple[str, Group]]) -> None:
        """Send the reads of these groups' heads (incident, group) now, for `head` to
        take their answers: sent together, they are answered together."""
        for key in groups:
            if key not in self._heads and key not in self._ahead:
                incident, group = key
                self._ahead[key] = self.db.later(_HEAD, (incident, incident, *group))

    def head(self, incident: str, group: Group) -> Head | None:
        """The figure of the group's latest heads row."""
        key = (incident, group)
        if key not in self._heads:
            self.read_heads([key])
            rows = self._ahead.pop(key)()
            self._heads[key] = (rows[0]["entry"], rows[0]["as_of_key"]) if rows else None
        return self._heads[key]

    def move_head(self, incident: str, group: Group, at_entry: int, head: Head | None) -> None:
        """Add a heads row."""
        self.db.insert("figure_heads", (incident, *group, at_entry, _entry(head)))
        self._heads[incident, group] = head
        self._ahead.pop((incident, group), None)

    def retract(self, incident: str, entry: int, by: int, at: str) -> Group | None:
        """Mark the figure's row, if there is one (one statement: a round trip)."""
        row = self.db.one(
            f"{RETRACT_FIGURE} RETURNING category, scope_key, source_key",
            (by, at, incident, entry),
        )
        return None if row is None else (row["category"], row["scope_key"], row["source_key"])

    def fallback(self, incident: str, group: Group) -> Head | None:
        """The group's row not marked retracted that comes first in the rule's order."""
        row = self.db.one(
            "SELECT entry, as_of_key FROM figures WHERE incident_id = ? AND category = ?"
            " AND scope_key = ? AND source_key = ? AND retracted_by IS NULL"
            f" ORDER BY {CURRENT_FIRST} LIMIT 1",
            (incident, *group),
        )
        return None if row is None else (row["entry"], row["as_of_key"])

    def choose(self, row: tuple[Any, ...]) -> None:
        """Add the choice's row."""
        self.db.insert("headline_choices", row)

    def retract_choice(self, incident: str, entry: int, by: int) -> bool:
        """Mark the choice's row, if there is one."""
        self.db.update(RETRACT_CHOICE, (by, incident, entry))
        return self.db.rowcount == 1


class FiguresInMemory:
    """The figure state of every incident during a rebuild: each group's head held in
    memory, the rows sent to the rebuild's buffer. What only a retraction needs (which
    group an entry is in, the figure a group falls back to) is read from the rows, in
    the buffer and in the table, so memory grows with the groups, not with the
    figures."""

    def __init__(self, rebuild: RebuildState) -> None:
        self.rows = rebuild.rows
        self.db = rebuild.db
        self.rebuild = rebuild
        self._in_sql = FiguresInSql(rebuild.db)
        self._heads: dict[str, dict[Group, Head | None]] = {}  # each group's head, if any
        self._names: dict[str, str] = {}  # one copy of each key's text, shared by all groups
        # Each series' headline choices, in entry order: [entry, source key, retracted].
        self._choices: dict[str, dict[Series, list[list[Any]]]] = {}

    def add(self, row: tuple[Any, ...], source_name: str) -> None:
        """Buffer the figure's row (and its group's, if new)."""
        key: Group = (row[CATEGORY], row[SCOPE_KEY], row[SOURCE_KEY])
        heads = self._heads.setdefault(row[0], {})
        if key not in heads:
            share = self._names.setdefault
            heads[share(key[0], key[0]), share(key[1], key[1]), share(key[2], key[2])] = None
            self.rows.insert("figure_sources", _source_row(row, source_name))
        self.rows.insert("figures", row)

    def head(self, incident: str, group: Group) -> Head | None:
        """The group's head."""
        return self._heads[incident][group]

    def move_head(self, incident: str, group: Group, at_entry: int, head: Head | None) -> None:
        """Buffer the heads row and move the group's head."""
        self.rows.insert("figure_heads", (incident, *group, at_entry, _entry(head)))
        self._heads[incident][group] = head

    def retract(self, incident: str, entry: int, by: int, at: str) -> Group | None:
        """Mark the figure's row, if `entry` is one: held in the buffer, or in the table."""
        for place, row in self.rebuild.held("figures", incident):
            if row[ENTRY] == entry:
                marked = (*row[:RETRACTED_BY], by, at, *row[RETRACTED_BY + 2 :])
                self.rebuild.replace("figures", place, marked)
                return row[CATEGORY], row[SCOPE_KEY], row[SOURCE_KEY]
        return self._in_sql.retract(incident, entry, by, at)

    def fallback(self, incident: str, group: Group) -> Head | None:
        """The group's standing figure of greatest precedence: the first in the rule's
        order of its rows held in the buffer and the one the table gives."""
        heads = [
            (row[ENTRY], row[AS_OF_KEY])
            for _, row in self.rebuild.held("figures", incident)
            if row[RETRACTED_BY] is None
            and (row[CATEGORY], row[SCOPE_KEY], row[SOURCE_KEY]) == group
        ]
        written = self._in_sql.fallback(incident, group)
        if written is not None:
            heads.append(written)
        return max(heads, key=_precedence, default=None)

    def choose(self, row: tuple[Any, ...]) -> None:
        """Buffer the choice's row and remember it for its series."""
        self.rows.insert("headline_choices", row)
        incident, entry, category, scope_key, source_key = row[:5]
        series = self._choices.setdefault(incident, {}).setdefault((category, scope_key), [])
        series.append([entry, source_key, False])

    def retract_choice(self, incident: str, entry: int, by: int) -> bool:
        """Mark the choice retracted, if `entry` is one."""
        for choices in self._choices.get(incident, {}).values():
            for choice in choices:
                if choice[0] == entry:
                    choice[2] = True
                    self.rows.update(RETRACT_CHOICE, (by, incident, entry))
                    return True
        return False

    def headlines(self, incidents: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
        """Each incident's current figure of each category in the unscoped series, as the
        listing shows it, its fields read back from the rows (one query for them all):
        call once every row is written."""
        chosen: dict[str, dict[str, int]] = {}  # incident: category: entry
        for incident in incidents:
            by_category: dict[str, list[tuple[str, Head]]] = {}  # (source key, head)
            for (category, scope_key, source_key), head in self._heads.get(incident, {}).items():
                if head is not None and scope_key == "":
                    by_category.setdefault(category, []).append((source_key, head))
            chosen[incident] = {}
            for category in (c for c in Category if c in by_category):  # the contract's order
                current = rule.current_figure(
                    by_category[category], key=_order, source=lambda held: held[0],
                    followed=self._followed(incident, (category, "")),
                )  # fmt: skip
                assert current is not None
                chosen[incident][category] = current[1][0]
        fields = self._fields([(i, e) for i, heads in chosen.items() for e in heads.values()])
        return {
            incident: {
                category: dict(zip(HEADLINE_FIELDS, fields[incident, entry], strict=True))
                for category, entry in heads.items()
            }
            for incident, heads in chosen.items()
        }

    def _followed(self, incident: str, series: Series) -> str | None:
        standing = [c for c in self._choices.get(incident, {}).get(series, []) if not c[2]]
        return standing[-1][1] if standing else None

    def _fields(self, figures: list[tuple[str, int]]) -> dict[tuple[str, int], tuple[Any, ...]]:
        """The HEADLINE_FIELDS of these figures (incident, entry), from their rows."""
        if not figures:
            return {}
        wanted, params = self.db.with_pairs("wanted", ("incident_id", "entry"), figures)
        columns = ", ".join(f"f.{name}" for name in ("incident_id", *HEADLINE_FIELDS))
        rows = self.db.all(
            f"{wanted}SELECT {columns} FROM wanted w"
            " JOIN figures f ON f.incident_id = w.incident_id AND f.entry = w.entry",
            params,
        )
        return {
            (row["incident_id"], row["entry"]): tuple(row[name] for name in HEADLINE_FIELDS)
            for row in rows
        }


# The columns that hold each field of the current-figure rule's precedence.
PRECEDENCE_COLUMNS = {"as_of": "as_of_key", "entry": "entry"}
CURRENT_FIRST = rule.order_by(PRECEDENCE_COLUMNS)


def _precedence(head: Head) -> rule.Precedence:
    precedence = precedence_of(head)
    assert precedence is not None
    return precedence


def _order(held: tuple[str, Head]) -> rule.Precedence:
    precedence = precedence_of(held[1])
    assert precedence is not None
    return precedence


def _entry(head: Head | None) -> int | None:
    return None if head is None else head[0]


def _source_row(row: tuple[Any, ...], source_name: str) -> tuple[Any, ...]:
    """The figure_sources row a figure's row starts, if its group is new: the first
    spellings of its source's name and of its scope are the ones shown."""
    return (
        row[0], row[CATEGORY], row[SCOPE_KEY], row[SOURCE_KEY], row[ENTRY], source_name,
        row[SCOPE],
    )  # fmt: skip
