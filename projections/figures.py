"""The figure series, each source's latest figure at every version, and headline choices.

`figures` holds every reported figure with the entry that retracted it, if any:
the series at version N is the rows up to N, with retractions up to N applied.

`figure_heads` answers "what was each source's latest figure in a series at
version N" without scanning the history: a row is written whenever a source's
head in a series changes (a figure of greater precedence, or a retraction that
falls back to the one before), so the head at N is the last row at or before N,
one index probe per source. With `as_of` (the record as reported at T), each
head is found by one index probe into `figures` instead.

`headline_choices` holds the editors' choices of a source to follow per series.
The current figure of each series is picked from the heads by the one rule of
`domain.current`, which also says when the sources disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from domain import current as rule
from domain import names
from domain.values import Category
from projections.base import Logged, ReadModel, RebuildState
from projections.figure_state import (
    PRECEDENCE_COLUMNS,
    FiguresInMemory,
    FiguresInSql,
    FigureState,
    Group,
    precedence_of,
)
from projections.sql import Db, Row, dumps_source, loads, time_texts


class FigureSeries(ReadModel):
    """Every figure reported, its retraction, the heads over versions, and the choices."""

    tables = ("figures", "figure_heads", "figure_sources", "headline_choices")
    rules = (rule.RULE, names.RULE)
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
        " scope TEXT,"
        " scope_key TEXT NOT NULL,"
        " read_from TEXT NOT NULL,"
        " language TEXT,"
        " PRIMARY KEY (incident_id, entry))",
        "CREATE INDEX IF NOT EXISTS figures_by_source"
        " ON figures (incident_id, category, scope_key, source_key, as_of_key, entry)",
        "CREATE INDEX IF NOT EXISTS figures_by_as_of ON figures (incident_id, as_of_key, entry)",
        "CREATE TABLE IF NOT EXISTS figure_heads ("
        " incident_id TEXT NOT NULL,"
        " category TEXT NOT NULL,"
        " scope_key TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " at_entry INTEGER NOT NULL,"
        " head INTEGER,"
        " PRIMARY KEY (incident_id, category, scope_key, source_key, at_entry))",
        "CREATE TABLE IF NOT EXISTS figure_sources ("
        " incident_id TEXT NOT NULL,"
        " category TEXT NOT NULL,"
        " scope_key TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " first_entry INTEGER NOT NULL,"
        " source_name TEXT NOT NULL,"
        " scope TEXT,"
        " PRIMARY KEY (incident_id, category, scope_key, source_key))",
        "CREATE INDEX IF NOT EXISTS figure_sources_by_name"
        " ON figure_sources (incident_id, source_key, first_entry)",
        "CREATE TABLE IF NOT EXISTS headline_choices ("
        " incident_id TEXT NOT NULL,"
        " entry INTEGER NOT NULL,"
        " category TEXT NOT NULL,"
        " scope_key TEXT NOT NULL,"
        " source_key TEXT,"
        " source_name TEXT,"
        " reason TEXT NOT NULL,"
        " retracted_by INTEGER,"
        " PRIMARY KEY (incident_id, entry))",
    )

    def state(self, db: Db) -> FiguresInSql:
        """The figures, heads and choices, read back from the transaction."""
        return FiguresInSql(db)

    def memory(self, rebuild: RebuildState) -> FiguresInMemory:
        """Every group's head and every series' choices, held for a rebuild."""
        return FiguresInMemory(rebuild)

    def begin_batch(self, state: FiguresInSql, batch: Sequence[Logged]) -> None:
        """Read the heads of the groups the batch's figures go to, all at once."""
        state.read_heads(
            {(logged.incident, _group(logged.event)) for logged in batch
             if logged.kind == "FigureReported"}
        )  # fmt: skip

    @staticmethod
    def on_FigureReported(figures: FigureState, logged: Logged) -> None:  # noqa: N802 (event names)
        """A new figure; it becomes its source's head in its series if it supersedes it."""
        event, incident, entry = logged.event, logged.incident, logged.entry
        scope: str | None = getattr(event, "scope", None)  # absent from edition 1 entries
        group = _group(event)
        as_of_text, as_of_key = time_texts(event.as_of)
        figures.add(
            (
                incident, entry, event.category, event.text, event.qualifier, event.value,
                event.low, event.high, as_of_text, as_of_key, event.note,
                dumps_source(event.source), group[2], logged.recorded, event.reported_by,
                None, None, scope, group[1], getattr(event, "read_from", "text"),
                getattr(event, "language", None),
            ),
            event.source["name"],
        )  # fmt: skip
        head = figures.head(incident, group)
        if rule.supersedes(rule.precedence(as_of_key, entry), precedence_of(head)):
            figures.move_head(incident, group, entry, (entry, as_of_key))

    @staticmethod
    def on_HeadlineSourceChosen(figures: FigureState, logged: Logged) -> None:  # noqa: N802
        """An editor's choice of the source to follow in a series (or of none)."""
        event = logged.event
        name: str | None = event.source_name
        figures.choose(
            (
                logged.incident, logged.entry, event.category,
                names.name_key(event.scope or ""), None if name is None else names.name_key(name),
                name, event.reason, None,
            )
        )  # fmt: skip

    @staticmethod
    def on_EntryRetracted(figures: FigureState, logged: Logged) -> None:  # noqa: N802
        """A retracted figure leaves the heads (its source falls back to its previous
        figure); a retracted choice stops being followed."""
        incident, retracted = logged.incident, logged.event.entry
        group = figures.retract(incident, retracted, logged.entry, logged.recorded)
        if group is None:
            figures.retract_choice(incident, retracted, logged.entry)
            return
        head = figures.head(incident, group)
        if head is not None and head[0] == retracted:
            figures.move_head(incident, group, logged.entry, figures.fallback(incident, group))

    # Queries ----------------------------------------------------------------

    @staticmethod
    def current(
        db: Db, incident_id: UUID, version: int, as_of_key: str | None = None
    ) -> dict[str, dict[str, Any]]:
        """Each category's current figure at `version` (as reported by `as_of_key`, if
        given): the unscoped series' figure, each source's head, the followed source,
        disagreement, and the scoped series beside it. Categories in the contract's order."""
        (current,) = FigureSeries.currents(db, [(incident_id, version)], as_of_key)
        return current

    @staticmethod
    def currents(
        db: Db, asked: Sequence[tuple[UUID, int]], as_of_key: str | None = None
    ) -> list[dict[str, dict[str, Any]]]:
        """`current` of each (incident, version) asked (each incident once), read in one
        statement of each kind for them all."""
        if not asked:
            return []
        pairs = [(incident_id.hex, version) for incident_id, version in asked]
        with_asked, keys = db.with_pairs("asked", ("incident_id", "version"), pairs)
        found = db.all_at_once(
            *((with_asked + statement, keys + params) for statement, params in (
                _heads(as_of_key), _FOLLOWED, _SCOPES
            ))
        )  # fmt: skip
        by_incident: dict[str, tuple[list[Row], list[Row], list[Row]]] = {
            incident_id.hex: ([], [], []) for incident_id, _ in asked
        }
        for kind, rows in enumerate(found):
            for row in rows:
                by_incident[row["incident_id"]][kind].append(row)
        return [_current(*read) for read in by_incident.values()]

    @staticmethod
    def series(
        db: Db,
        incident_id: UUID,
        version: int,
        category: str | None = None,
        *,
        scope: str | None = None,
        as_of_key: str | None = None,
    ) -> list[dict[str, Any]]:
        """Every figure recorded up to `version` (reported by `as_of_key`), by as_of then
        entry, retractions as of then; of every scope, or of `scope` ("" for unscoped)."""
        statement = f"SELECT f.*, {_FIRST_SPELLING} FROM figures f"
        statement += " WHERE f.incident_id = ? AND f.entry <= ?"
        params: list[Any] = [incident_id.hex, version]
        if category is not None:
            statement += " AND f.category = ?"
            params.append(category)
        if scope is not None:
            statement += " AND f.scope_key = ?"
            params.append(names.name_key(scope))
        if as_of_key is not None:
            statement += " AND f.as_of_key <= ?"
            params.append(as_of_key)
        rows = db.all(statement + " ORDER BY f.as_of_key, f.entry", params)
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


Query = tuple[str, tuple[Any, ...]]


def _first_spelling(of: str, up_to: str = "") -> str:
    """The subquery of the source of rows `of` (with incident_id and source_key) as the
    incident first spelt it (the first spelling seen is the one shown, DESIGN section
    4), among the figures up to entry `up_to` if given."""
    upto = f" AND n.first_entry <= {up_to}" if up_to else ""
    return (
        f"(SELECT n.source_name FROM figure_sources n WHERE n.incident_id = {of}.incident_id"
        f" AND n.source_key = {of}.source_key{upto} ORDER BY n.first_entry LIMIT 1)"
    )


# A figure's source as the incident first spelt it, for a query over `figures f`.
_FIRST_SPELLING = f"{_first_spelling('f')} AS source_name"


def _group(event: Any) -> Group:
    """The group a reported figure goes to: its category, scope and source (as keys)."""
    scope: str | None = getattr(event, "scope", None)  # absent from edition 1 entries
    return event.category, names.name_key(scope or ""), names.name_key(event.source["name"])


def _heads(as_of_key: str | None) -> Query:
    """Every group's head at each version asked: from the heads rows, or (as reported by
    `as_of_key`) its standing figure of greatest precedence reported by then."""
    if as_of_key is None:
        head = (
            "SELECT h.head FROM figure_heads h WHERE h.incident_id = s.incident_id"
            " AND h.category = s.category AND h.scope_key = s.scope_key"
            " AND h.source_key = s.source_key AND h.at_entry <= a.version"
            " ORDER BY h.at_entry DESC LIMIT 1"
        )
        params: tuple[Any, ...] = ()
    else:
        head = (
            "SELECT g.entry FROM figures g WHERE g.incident_id = s.incident_id"
            " AND g.category = s.category AND g.scope_key = s.scope_key"
            " AND g.source_key = s.source_key AND g.entry <= a.version AND g.as_of_key <= ?"
            " AND (g.retracted_by IS NULL OR g.retracted_by > a.version)"
            f" ORDER BY {rule.order_by(PRECEDENCE_COLUMNS, prefix='g.')} LIMIT 1"
        )
        params = (as_of_key,)
    return (
        f"SELECT f.*, {_FIRST_SPELLING}, s.first_entry FROM asked a"
        " JOIN figure_sources s ON s.incident_id = a.incident_id AND s.first_entry <= a.version"
        f" JOIN figures f ON f.incident_id = s.incident_id AND f.entry = ({head})",
        params,
    )


# Each series' headline choices standing at each version asked, in entry order (the
# latest is the standing one).
_FOLLOWED: Query = (
    "SELECT c.incident_id, c.category, c.scope_key, c.source_key,"
    f" COALESCE({_first_spelling('c', 'a.version')}, c.source_name) AS source_name FROM asked a"
    " JOIN headline_choices c ON c.incident_id = a.incident_id AND c.entry <= a.version"
    " AND (c.retracted_by IS NULL OR c.retracted_by > a.version) ORDER BY c.entry",
    (),
)
# Each scoped series' sources at each version asked, in order of first entry (the first
# gives the series' first entry and the scope as first spelt).
_SCOPES: Query = (
    "SELECT s.incident_id, s.category, s.scope_key, s.first_entry, s.scope FROM asked a"
    " JOIN figure_sources s ON s.incident_id = a.incident_id AND s.first_entry <= a.version"
    " AND s.scope_key <> '' ORDER BY s.first_entry",
    (),
)


def _current(heads: list[Row], choices: list[Row], scopes: list[Row]) -> dict[str, dict[str, Any]]:
    """An incident's current figures (`FigureSeries.current`), from what it read."""
    followed = {(row["category"], row["scope_key"]): row for row in choices}
    spelt: dict[tuple[str, str], tuple[int, str]] = {}
    for row in scopes:
        spelt.setdefault((row["category"], row["scope_key"]), (row["first_entry"], row["scope"]))
    by_series: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in heads:
        by_series[row["category"], row["scope_key"]].append(row)
    figures: dict[str, dict[str, Any]] = {}
    for category in Category:
        series = {key: rows for key, rows in by_series.items() if key[0] == category}
        if not series:
            continue
        headline = series.pop((category, ""), None)
        shown = _series_view(headline, followed.get((category, ""))) if headline else None
        figures[category] = {
            **(shown or _EMPTY_SERIES),
            "scoped": {
                spelt[key][1]: _series_view(rows, followed.get(key))
                for key, rows in sorted(series.items(), key=lambda item: spelt[item[0]][0])
            },
        }
    return figures


def _series_view(heads: Sequence[Row], choice: Row | None) -> dict[str, Any]:
    """One series as the view shows it: its current figure and everything beside it."""
    followed = None if choice is None else choice["source_key"]
    current = rule.current_figure(
        heads, key=_precedence, source=lambda row: row["source_key"], followed=followed
    )
    assert current is not None
    latest_first = sorted(heads, key=_precedence, reverse=True)
    found = rule.disagreement([_bounds(row) for row in latest_first], _moment(current["as_of"]))
    return {
        **figure_of(current),
        "by_source": [figure_of(row) for row in latest_first],
        # as the incident first spelt it, or the editor, if no figure has it yet
        "followed_source": None if choice is None else choice["source_name"],
        "disagreement": None
        if found is None
        else {"low": found.low, "high": found.high, "sources": list(found.sources)},
    }


# A figure's fields as views show them, in order.
_SHOWN = (
    "entry", "text", "qualifier", "value", "low", "high", "as_of", "note", "source",
    "recorded_at", "reported_by", "scope", "read_from", "language",
)  # fmt: skip
# The headline of a category whose only figures are scoped.
_EMPTY_SERIES: dict[str, Any] = {
    **dict.fromkeys((*_SHOWN, "followed_source", "disagreement")),
    "by_source": [],
}


def _precedence(row: Row) -> rule.Precedence:
    return rule.precedence(row["as_of_key"], row["entry"])


def _bounds(row: Row) -> rule.Bounds:
    return rule.Bounds(_moment(row["as_of"]), row["low"], row["high"], row["source_name"])


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _first(row: Row) -> int:
    """When a group first reported in its series."""
    first: int = row["first_entry"]
    return first


def figure_of(row: Row) -> dict[str, Any]:
    """A figure row (with its `source_name`, `_FIRST_SPELLING`) as views and series show
    it: the source as the report gave it, named as the incident first spelt it."""
    shown = {name: row[name] for name in _SHOWN}
    shown["source"] = {**loads(row["source"]), "name": row["source_name"]}
    return shown
