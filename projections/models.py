"""The read models, in the order they are applied to each event.

The listing comes last: it reads the details and figures models' state for the
entry being applied, in the same transaction. The tree comes first: the entry
index takes each entry's leaf index from it.
"""

from __future__ import annotations

from projections.assertions import Attributions, Statements, Withdrawals
from projections.base import ReadModel
from projections.details import IncidentDetails
from projections.entries import EntryIndex
from projections.figures import FigureSeries
from projections.listing import IncidentListing
from projections.retractions import Retractions
from projections.tree import MerkleTree

TREE = MerkleTree()
ENTRIES = EntryIndex(TREE)
DETAILS = IncidentDetails()
FIGURES = FigureSeries()
ATTRIBUTIONS = Attributions()
STATEMENTS = Statements()
RETRACTIONS = Retractions()
WITHDRAWALS = Withdrawals()
LISTING = IncidentListing()

READ_MODELS: tuple[ReadModel, ...] = (
    TREE,
    ENTRIES,
    DETAILS,
    FIGURES,
    ATTRIBUTIONS,
    STATEMENTS,
    RETRACTIONS,
    WITHDRAWALS,
    LISTING,
)
TABLES = tuple(table for model in READ_MODELS for table in model.tables)
SQLITE_TABLES = frozenset(table for model in READ_MODELS for table in model.sqlite_tables)
SCHEMA = tuple(statement for model in READ_MODELS for statement in model.schema)
RULES = tuple(sorted({rule for model in READ_MODELS for rule in model.rules}))
INDEXES = tuple(statement for statement in SCHEMA if "CREATE INDEX" in statement)
