"""What the figure handlers read and write: in SQL, or in memory during a rebuild.

A *group* is one source's figures in one series: (category, scope key, source key).
Its *head* is its latest standing figure, by the precedence of `domain.current`.
Headline choices are kept per series: (category, scope key).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from domain import current as rule
from domain.values import Category
from projections.sql import Db, Writes

Head = tuple[int, str]  # a group's head: its entry and as_of key
Group = tuple[str, str, str]  # category, scope key, source key
Series = tuple[str, str]  # category, scope key

# A figures row, by position (the table's column order).
ENTRY, CATEGORY, TEXT, AS_OF, AS_OF_KEY, SOURCE, SOURCE_KEY = 1, 2, 3, 8, 9, 11, 12
SCOPE, SCOPE_KEY, READ_FROM, LANGUAGE = 17, 18, 19, 20
QUALIFIER, VALUE, LOW, HIGH = 4, 5, 6, 7
# What the incident list shows of a headline figure, and where a figures row holds it.
HEADLINE_FIELDS = (
    "entry", "text", "qualifier", "value", "low", "high", "as_of", "read_from", "scope",
    "language",
)  # fmt: skip
_HEADLINE_POSITIONS = (ENTRY, TEXT, QUALIFIER, VALUE, LOW, HIGH, AS_OF, READ_FROM, SCOPE, LANGUAGE)
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


class FiguresInSql:
    """The figure state as the tables hold it, in one transaction."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def add(self, row: tuple[Any, ...], source_name: str) -> None:
        """Add the figure's row, and its group's unless the group has one."""
        self.db.insert("figures", row)
        self.db.execute(
            "INSERT INTO figure_sources VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (incident_id, category, scope_key, source_key) DO NOTHING",
            _source_row(row, source_name),
        )

    def head(self, incident: str, group: Group) -> Head | None:
        """The figure of the group's latest heads row."""
        row = self.db.one(
            "SELECT f.entry, f.as_of_key FROM figures f WHERE f.incident_id = ? AND f.entry = ("
            " SELECT h.head FROM figure_heads h WHERE h.incident_id = ? AND h.category = ?"
            " AND h.scope_key = ? AND h.source_key = ? ORDER BY h.at_entry DESC LIMIT 1)",
            (incident, incident, *group),
        )
        return None if row is None else (row["entry"], row["as_of_key"])

    def move_head(self, incident: str, group: Group, at_entry: int, head: Head | None) -> None:
        """Add a heads row."""
        self.db.insert("figure_heads", (incident, *group, at_entry, _entry(head)))

    def retract(self, incident: str, entry: int, by: int, at: str) -> Group | None:
        """Mark the figure's row, if there is one."""
        row = self.db.one(
            "SELECT category, scope_key, source_key FROM figures"
            " WHERE incident_id = ? AND entry = ?",
            (incident, entry),
        )
        if row is None:
            return None
        self.db.update(RETRACT_FIGURE, (by, at, incident, entry))
        return row["category"], row["scope_key"], row["source_key"]

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


class _Group:
    """One source's figures in one series, as a rebuild holds them: its head."""

    __slots__ = ("head", "headline", "key")

    def __init__(self, key: Group) -> None:
        self.key = key
        self.head: Head | None = None
        self.headline: tuple[Any, ...] | None = None  # the head's HEADLINE_FIELDS, if at hand


class FiguresInMemory:
    """The figure state of every incident during a rebuild: each group's head held in
    memory, the rows sent to the rebuild's buffer. What only a retraction needs (which
    group an entry is in, the figure a group falls back to) is read from the rows
    once the buffer is written (`flush`), so memory grows with the groups, not with
    the figures."""

    def __init__(self, rows: Writes, db: Db, flush: Callable[[], None]) -> None:
        self.rows = rows
        self.db = db
        self.flush = flush
        self._in_sql = FiguresInSql(db)
        self._groups: dict[str, dict[Group, _Group]] = {}
        # Each series' headline choices, in entry order: [entry, source key, retracted].
        self._choices: dict[str, dict[Series, list[list[Any]]]] = {}
        self._added: tuple[Any, ...] = ()

    def add(self, row: tuple[Any, ...], source_name: str) -> None:
        """Buffer the figure's row (and its group's, if new)."""
        key: Group = (row[CATEGORY], row[SCOPE_KEY], row[SOURCE_KEY])
        groups = self._groups.setdefault(row[0], {})
        if key not in groups:
            groups[key] = _Group(key)
            self.rows.insert("figure_sources", _source_row(row, source_name))
        self.rows.insert("figures", row)
        self._added = row

    def head(self, incident: str, group: Group) -> Head | None:
        """The group's head."""
        return self._groups[incident][group].head

    def move_head(self, incident: str, group: Group, at_entry: int, head: Head | None) -> None:
        """Buffer the heads row and move the group's head."""
        self.rows.insert("figure_heads", (incident, *group, at_entry, _entry(head)))
        held = self._groups[incident][group]
        held.head = head
        added = self._added
        # A figure becomes head as it is added, its row at hand; or as the fallback of
        # a retraction, and then its headline is read back at the end.
        if head is not None and (added[0], added[ENTRY]) == (incident, head[0]):
            held.headline = tuple(added[at] for at in _HEADLINE_POSITIONS)
        else:
            held.headline = None

    def retract(self, incident: str, entry: int, by: int, at: str) -> Group | None:
        """Mark the figure's row, if `entry` is one, once the rows held are written."""
        self.flush()
        return self._in_sql.retract(incident, entry, by, at)

    def fallback(self, incident: str, group: Group) -> Head | None:
        """The group's standing figure of greatest precedence, from its rows (written)."""
        self.flush()
        return self._in_sql.fallback(incident, group)

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

    def headline(self, incident: str) -> dict[str, dict[str, Any]]:
        """Each category's current figure of the unscoped series, as the listing shows
        it; call once every row is written."""
        by_category: dict[str, list[_Group]] = {}
        for group in self._groups.get(incident, {}).values():
            category, scope_key, _ = group.key
            if group.head is not None and scope_key == "":
                by_category.setdefault(category, []).append(group)
        headline: dict[str, dict[str, Any]] = {}
        for category in (c for c in Category if c in by_category):  # the contract's order
            groups = by_category[category]
            chosen = rule.current_figure(
                groups, key=_order, source=lambda g: g.key[2], followed=self._followed(
                    incident, (category, "")
                ),
            )  # fmt: skip
            assert chosen is not None
            headline[category] = dict(
                zip(HEADLINE_FIELDS, self._headline(incident, chosen), strict=True)
            )
        return headline

    def _followed(self, incident: str, series: Series) -> str | None:
        standing = [c for c in self._choices.get(incident, {}).get(series, []) if not c[2]]
        return standing[-1][1] if standing else None

    def _headline(self, incident: str, group: _Group) -> tuple[Any, ...]:
        if group.headline is not None:
            return group.headline
        assert group.head is not None
        row = self.db.one(
            f"SELECT {', '.join(HEADLINE_FIELDS)} FROM figures WHERE incident_id = ? AND entry = ?",
            (incident, group.head[0]),
        )
        assert row is not None
        return tuple(row[name] for name in HEADLINE_FIELDS)


# The columns that hold each field of the current-figure rule's precedence.
PRECEDENCE_COLUMNS = {"as_of": "as_of_key", "entry": "entry"}
CURRENT_FIRST = rule.order_by(PRECEDENCE_COLUMNS)


def _order(group: _Group) -> rule.Precedence:
    precedence = precedence_of(group.head)
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
