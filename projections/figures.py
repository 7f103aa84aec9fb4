"""The figure series, and each source's latest figure at every version.

`figures` holds every reported figure with the entry that retracted it, if any:
the series at version N is the rows up to N, with retractions up to N applied.

`figure_heads` answers "what was each source's latest figure at version N"
without scanning the history: a row is written whenever a source's latest
figure in a category changes (a newer figure, or a retraction that falls back to
the one before), so the head at N is the last row at or before N, one index
probe per source. The current figure of a category is the latest of its
sources' heads: the non-retracted figure with the latest as_of, ties going to
the later entry.
"""

from __future__ import annotations

from bisect import insort
from functools import lru_cache
from typing import Any, ClassVar, Protocol
from uuid import UUID

from domain import current as rule
from projections.base import Logged, ReadModel, RebuildState
from projections.sql import Db, Row, Writes, dumps_source, loads, time_texts

# The columns that hold each field of the current-figure rule's precedence.
PRECEDENCE_COLUMNS = {"as_of": "as_of_key", "entry": "entry"}
CURRENT_FIRST = rule.order_by(PRECEDENCE_COLUMNS)


@lru_cache(maxsize=1024)
def source_key(name: str) -> str:
    """Sources are told apart by name, ignoring case and spacing."""
    return " ".join(name.casefold().split())


class FigureSeries(ReadModel):
    """Every figure reported, its retraction, and the per-source heads over versions."""

    tables = ("figures", "figure_heads", "figure_sources")
    rules = (rule.RULE,)
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS figures ("
        " incident_id TEXT NOT NULL,"
        " entry INTEGER NOT NULL,"
        " category TEXT NOT NULL,"
        " text TEXT NOT NULL,"
        " qualifier TEXT NOT NULL,"
        " value BIGINT,"
        " low BIGINT,"
        " high BIGINT,"
        " as_of TEXT NOT NULL,"
        " as_of_key TEXT NOT NULL,"
        " note TEXT,"
        " source TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " reported_by TEXT NOT NULL,"
        " retracted_by INTEGER,"
        " retracted_at TEXT,"
        " PRIMARY KEY (incident_id, entry))",
        "CREATE INDEX IF NOT EXISTS figures_by_source"
        " ON figures (incident_id, category, source_key, as_of_key, entry)",
        "CREATE INDEX IF NOT EXISTS figures_by_as_of ON figures (incident_id, as_of_key, entry)",
        "CREATE TABLE IF NOT EXISTS figure_heads ("
        " incident_id TEXT NOT NULL,"
        " category TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " at_entry INTEGER NOT NULL,"
        " head INTEGER,"
        " PRIMARY KEY (incident_id, category, source_key, at_entry))",
        "CREATE TABLE IF NOT EXISTS figure_sources ("
        " incident_id TEXT NOT NULL,"
        " category TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " first_entry INTEGER NOT NULL,"
        " PRIMARY KEY (incident_id, category, source_key))",
    )

    def state(self, db: Db) -> FiguresInSql:
        """The figures and heads, read back from the transaction."""
        return FiguresInSql(db)

    def memory(self, rebuild: RebuildState) -> FiguresInMemory:
        """Every source's figures and head, held for a rebuild."""
        return FiguresInMemory(rebuild.rows, rebuild.db)

    @staticmethod
    def on_FigureReported(figures: FigureState, logged: Logged) -> None:  # noqa: N802 (event names)
        """A new figure; it becomes its source's head unless that head is later in as_of."""
        event, incident, entry = logged.event, logged.incident, logged.entry
        category, key = event.category, source_key(event.source["name"])
        as_of_text, as_of_key = time_texts(event.as_of)
        figures.add(
            (
                incident,
                entry,
                category,
                event.text,
                event.qualifier,
                event.value,
                event.low,
                event.high,
                as_of_text,
                as_of_key,
                event.note,
                dumps_source(event.source),
                key,
                logged.recorded,
                event.reported_by,
                None,
                None,
            )
        )
        head = figures.head(incident, category, key)
        if rule.supersedes(rule.precedence(as_of_key, entry), _precedence(head)):
            figures.move_head(incident, category, key, entry, (entry, as_of_key))

    @staticmethod
    def on_EntryRetracted(figures: FigureState, logged: Logged) -> None:  # noqa: N802
        """A retracted figure leaves the heads; its source falls back to its previous figure."""
        incident, retracted = logged.incident, logged.event.entry
        group = figures.retract(incident, retracted, logged.entry, logged.recorded)
        if group is None:
            return  # the retracted entry was not a figure
        head = figures.head(incident, *group)
        if head is not None and head[0] == retracted:
            fallback = figures.fallback(incident, *group)
            figures.move_head(incident, *group, logged.entry, fallback)

    # Queries ----------------------------------------------------------------

    @staticmethod
    def current(db: Db, incident_id: UUID, version: int) -> dict[str, dict[str, Any]]:
        """Each category's current figure at `version`, with every source's latest figure."""
        rows = db.all(
            "SELECT f.* FROM figure_sources s JOIN figures f"
            " ON f.incident_id = s.incident_id AND f.entry = ("
            "  SELECT h.head FROM figure_heads h WHERE h.incident_id = s.incident_id"
            "  AND h.category = s.category AND h.source_key = s.source_key"
            "  AND h.at_entry <= ? ORDER BY h.at_entry DESC LIMIT 1)"
            " WHERE s.incident_id = ? AND s.first_entry <= ?"
            f" ORDER BY f.category, {rule.order_by(PRECEDENCE_COLUMNS, prefix='f.')}",
            (version, incident_id.hex, version),
        )
        figures: dict[str, dict[str, Any]] = {}
        for row in rows:
            figure = figure_of(row)
            if row["category"] not in figures:
                figures[row["category"]] = {**figure, "by_source": []}
            figures[row["category"]]["by_source"].append(figure)
        return figures

    @staticmethod
    def series(
        db: Db, incident_id: UUID, version: int, category: str | None = None
    ) -> list[dict[str, Any]]:
        """Every figure recorded up to `version`, by as_of then entry, retractions as of then."""
        statement = "SELECT * FROM figures WHERE incident_id = ? AND entry <= ?"
        params: list[Any] = [incident_id.hex, version]
        if category is not None:
            statement += " AND category = ?"
            params.append(category)
        rows = db.all(statement + " ORDER BY as_of_key, entry", params)
        series = []
        for row in rows:
            retracted = row["retracted_by"] is not None and row["retracted_by"] <= version
            series.append(
                {
                    **figure_of(row),
                    "category": row["category"],
                    "retracted": retracted,
                    "retracted_at": row["retracted_at"] if retracted else None,
                }
            )
        return series


Head = tuple[int, str]  # a source's latest figure: its entry and as_of key
HEADLINE_FIELDS = ("entry", "text", "qualifier", "value", "low", "high", "as_of")
_RETRACT = (
    "UPDATE figures SET retracted_by = ?, retracted_at = ? WHERE incident_id = ? AND entry = ?"
)


class FigureState(Protocol):
    """What the figure handlers read and write (incidents by id hex).

    A group is one source's figures in one category: (category, source key).
    """

    def add(self, row: tuple[Any, ...]) -> None:
        """Add a figure's row (and its group, if new)."""

    def head(self, incident: str, category: str, key: str) -> Head | None:
        """The group's head now, if it has one."""

    def move_head(
        self, incident: str, category: str, key: str, at_entry: int, head: Head | None
    ) -> None:
        """Make `head` the group's head from `at_entry` on."""

    def retract(self, incident: str, entry: int, by: int, at: str) -> tuple[str, str] | None:
        """Mark figure `entry` retracted (by entry `by`, at time key `at`); its group,
        or None if `entry` is not a figure."""

    def fallback(self, incident: str, category: str, key: str) -> Head | None:
        """The group's figure not retracted with the latest as_of (then entry), if any."""


class FiguresInSql:
    """The figure state as the tables hold it, in one transaction."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def add(self, row: tuple[Any, ...]) -> None:
        """Add the figure's row, and its group's unless the group has one."""
        self.db.insert("figures", row)
        self.db.execute(
            "INSERT INTO figure_sources VALUES (?, ?, ?, ?)"
            " ON CONFLICT (incident_id, category, source_key) DO NOTHING",
            (row[0], row[2], row[12], row[1]),
        )

    def head(self, incident: str, category: str, key: str) -> Head | None:
        """The figure of the group's latest heads row."""
        row = self.db.one(
            "SELECT f.entry, f.as_of_key FROM figures f WHERE f.incident_id = ? AND f.entry = ("
            " SELECT h.head FROM figure_heads h WHERE h.incident_id = ? AND h.category = ?"
            " AND h.source_key = ? ORDER BY h.at_entry DESC LIMIT 1)",
            (incident, incident, category, key),
        )
        return None if row is None else (row["entry"], row["as_of_key"])

    def move_head(
        self, incident: str, category: str, key: str, at_entry: int, head: Head | None
    ) -> None:
        """Add a heads row."""
        self.db.insert(
            "figure_heads", (incident, category, key, at_entry, None if head is None else head[0])
        )

    def retract(self, incident: str, entry: int, by: int, at: str) -> tuple[str, str] | None:
        """Mark the figure's row, if there is one."""
        row = self.db.one(
            "SELECT category, source_key FROM figures WHERE incident_id = ? AND entry = ?",
            (incident, entry),
        )
        if row is None:
            return None
        self.db.update(_RETRACT, (by, at, incident, entry))
        return row["category"], row["source_key"]

    def fallback(self, incident: str, category: str, key: str) -> Head | None:
        """The group's latest row not marked retracted."""
        row = self.db.one(
            "SELECT entry, as_of_key FROM figures WHERE incident_id = ? AND category = ?"
            " AND source_key = ? AND retracted_by IS NULL"
            f" ORDER BY {CURRENT_FIRST} LIMIT 1",
            (incident, category, key),
        )
        return None if row is None else (row["entry"], row["as_of_key"])


class _Group:
    """One source's figures in one category, as a rebuild holds them."""

    __slots__ = ("category", "figures", "head", "headline", "key", "retracted")

    def __init__(self, category: str, key: str) -> None:
        self.category = category
        self.key = key
        self.figures: list[rule.Precedence] = []  # (as_of key, entry), in precedence order
        self.retracted: set[int] = set()
        self.head: Head | None = None
        self.headline: tuple[Any, ...] | None = None  # the head's HEADLINE_FIELDS, if at hand


class FiguresInMemory:
    """The figure state of every incident, held in memory during a rebuild; the rows
    go to the rebuild's buffer."""

    def __init__(self, rows: Writes, db: Db) -> None:
        self.rows = rows
        self.db = db
        self._groups: dict[str, dict[tuple[str, str], _Group]] = {}
        self._of_entry: dict[str, dict[int, _Group]] = {}
        self._added: tuple[Any, ...] = ()

    def add(self, row: tuple[Any, ...]) -> None:
        """Buffer the figure's row (and its group's, if new), and file it in its group."""
        incident, entry, category, key = row[0], row[1], row[2], row[12]
        groups = self._groups.get(incident)
        if groups is None:
            groups = self._groups[incident] = {}
            self._of_entry[incident] = {}
        group = groups.get((category, key))
        if group is None:
            group = groups[category, key] = _Group(category, key)
            self.rows.insert("figure_sources", (incident, category, key, entry))
        insort(group.figures, rule.precedence(row[9], entry))
        self._of_entry[incident][entry] = group
        self.rows.insert("figures", row)
        self._added = row

    def head(self, incident: str, category: str, key: str) -> Head | None:
        """The group's head."""
        return self._groups[incident][category, key].head

    def move_head(
        self, incident: str, category: str, key: str, at_entry: int, head: Head | None
    ) -> None:
        """Buffer the heads row and move the group's head."""
        self.rows.insert(
            "figure_heads", (incident, category, key, at_entry, None if head is None else head[0])
        )
        group = self._groups[incident][category, key]
        group.head = head
        added = self._added
        # A figure becomes head as it is added, its row at hand; or as the fallback of
        # a retraction, and then its headline is read back at the end.
        if head is not None and added[:2] == (incident, head[0]):
            group.headline = (added[1], *added[3:9])
        else:
            group.headline = None

    def retract(self, incident: str, entry: int, by: int, at: str) -> tuple[str, str] | None:
        """Buffer the retraction mark of the figure, if `entry` is one."""
        group = self._of_entry.get(incident, {}).get(entry)
        if group is None:
            return None
        group.retracted.add(entry)
        self.rows.update(_RETRACT, (by, at, incident, entry))
        return group.category, group.key

    def fallback(self, incident: str, category: str, key: str) -> Head | None:
        """The latest of the group's figures not retracted."""
        group = self._groups[incident][category, key]
        figures = group.figures
        while figures and figures[-1][1] in group.retracted:
            figures.pop()  # a retracted figure never comes back
        return (figures[-1][1], figures[-1][0]) if figures else None

    def headline(self, incident: str) -> dict[str, dict[str, Any]]:
        """Each category's current figure (the latest head of its sources), as the listing
        shows it; call once every row is written."""
        by_category: dict[str, list[_Group]] = {}
        for group in self._groups.get(incident, {}).values():
            if group.head is not None:
                by_category.setdefault(group.category, []).append(group)
        latest: dict[str, _Group] = {}
        for category, groups in by_category.items():
            chosen = rule.current(groups, key=_order)
            assert chosen is not None
            latest[category] = chosen
        return {
            category: dict(zip(HEADLINE_FIELDS, self._headline(incident, group), strict=True))
            for category, group in sorted(latest.items())
        }

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


def _order(group: _Group) -> rule.Precedence:
    precedence = _precedence(group.head)
    assert precedence is not None
    return precedence


def _precedence(head: Head | None) -> rule.Precedence | None:
    """A head's precedence in the current-figure rule (None: no head)."""
    return None if head is None else rule.precedence(head[1], head[0])


def figure_of(row: Row) -> dict[str, Any]:
    """A figure row as views and series show it."""
    return {
        "entry": row["entry"],
        "text": row["text"],
        "qualifier": row["qualifier"],
        "value": row["value"],
        "low": row["low"],
        "high": row["high"],
        "as_of": row["as_of"],
        "note": row["note"],
        "source": loads(row["source"]),
        "recorded_at": row["recorded_at"],
        "reported_by": row["reported_by"],
    }
