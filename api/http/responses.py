"""Response bodies, named by role: views, receipts, pages of lists, audits and problems."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from domain.figures import Qualifier, ReadFrom
from domain.values import Category, SourceKind, Stance


class SourceOut(BaseModel):
    """Who said it."""

    name: str
    url: str | None
    published_at: AwareDatetime | None
    kind: SourceKind | None


class LocationOut(BaseModel):
    """Where it happened."""

    name: str
    lat: float | None
    lon: float | None
    country_code: str | None


class FigureValue(BaseModel):
    """A normalised figure: the source's wording, always as sent, and what it means."""

    text: str
    qualifier: Qualifier
    value: int | None
    low: int | None
    high: int | None
    read_from: ReadFrom = Field(
        description="text: the wording was read; fields: the structure came from the fields"
    )
    scope: str | None
    language: str | None


class FigureOut(FigureValue):
    """A reported figure in a view."""

    entry: int
    as_of: AwareDatetime
    note: str | None
    source: SourceOut
    recorded_at: AwareDatetime
    reported_by: str


class Disagreement(BaseModel):
    """Sources near the current figure whose intervals cannot all hold: their hull."""

    low: int
    high: int | None = Field(description="null: unbounded")
    sources: list[str]


class SeriesFigure(FigureOut):
    """The current figure of a series, each source's latest figure in it, the source
    an editor chose to follow (if any), and whether sources disagree."""

    by_source: list[FigureOut]
    followed_source: str | None
    disagreement: Disagreement | None


class CurrentFigure(BaseModel):
    """A category's current figure: the unscoped series' (its fields null when only
    scoped series have figures), and the scoped series beside it, by scope."""

    entry: int | None
    text: str | None
    qualifier: Qualifier | None
    value: int | None
    low: int | None
    high: int | None
    read_from: ReadFrom | None
    scope: str | None
    language: str | None
    as_of: AwareDatetime | None
    note: str | None
    source: SourceOut | None
    recorded_at: AwareDatetime | None
    reported_by: str | None
    by_source: list[FigureOut]
    followed_source: str | None
    disagreement: Disagreement | None
    scoped: dict[str, SeriesFigure]


class Withdrawn(BaseModel):
    """The entry that withdrew the incident, and why."""

    entry: int
    reason: str
    duplicate_of: UUID | None
    recorded_at: AwareDatetime


class AttributionOut(BaseModel):
    """A responsibility assertion in a view."""

    entry: int
    party: str
    stance: Stance
    asserted_by: str
    statement: str | None
    channel: str | None
    stated_at: AwareDatetime
    source: SourceOut
    recorded_at: AwareDatetime
    reported_by: str


class StatementOut(BaseModel):
    """A statement in a view."""

    entry: int
    speaker: str
    statement: str
    stated_at: AwareDatetime
    topic: str | None
    source: SourceOut
    recorded_at: AwareDatetime
    reported_by: str


class IncidentView(BaseModel):
    """The incident as the record stands (or stood at a version or known_at time)."""

    id: UUID
    version: int
    title: str
    occurred_at: AwareDatetime
    location: LocationOut
    summary: str | None
    tags: list[str]
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    figures: dict[Category, CurrentFigure]
    attributions: list[AttributionOut]
    statements: list[StatementOut]
    retracted_entries: list[int]
    withdrawn: Withdrawn | None
    as_of: AwareDatetime | None = Field(description="the `as_of` asked for (null: not asked)")


class HeadlineFigure(FigureValue):
    """A category's current figure, in a list."""

    entry: int
    as_of: AwareDatetime


class IncidentSummary(BaseModel):
    """An incident in a list."""

    id: UUID
    version: int
    title: str
    occurred_at: AwareDatetime
    location: LocationOut
    summary: str | None
    tags: list[str]
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    figures: dict[Category, HeadlineFigure]
    withdrawn: bool


class IncidentPage(BaseModel):
    """A page of incidents, newest first; `next` is the cursor of the next page."""

    items: list[IncidentSummary]
    next: str | None


class EntryReceipt(BaseModel):
    """What a write made: the entry, the version, when, and its place in the global log."""

    incident_id: UUID
    entry: int
    version: int
    recorded_at: AwareDatetime
    position: int


class FigureReceipt(EntryReceipt):
    """A figure write's receipt, with the figure as it was normalised."""

    figure: FigureValue


class HeadlineReceipt(EntryReceipt):
    """A headline choice's receipt: whether the source chosen has a figure in the series
    yet (a source never seen is accepted: it may report later)."""

    source_reported: bool | None = Field(
        description="whether the source has a standing figure in the series now (null: "
        "the choice was back to any source)"
    )


class SeriesItem(FigureOut):
    """One figure in the series; retracted ones stay, marked."""

    category: Category
    retracted: bool
    retracted_at: AwareDatetime | None


class Series(BaseModel):
    """The figure series, by as_of then entry."""

    series: list[SeriesItem]


class HistoryItem(BaseModel):
    """One entry as recorded: its type, its own payload, and its chain hash."""

    entry: int
    type: str
    recorded_at: AwareDatetime
    reported_by: str
    data: dict[str, Any]
    hash: str = Field(description="hex SHA-256 chaining this entry to the one before")
    index: int = Field(description="the entry's leaf index in the log's Merkle tree")


class HistoryPage(BaseModel):
    """A page of entries in order; `next` is the `after` of the next page."""

    entries: list[HistoryItem]
    next: int | None


class Health(BaseModel):
    """The service answers and its read models have caught up."""

    status: str


class ProblemDetails(BaseModel):
    """An RFC 9457 problem."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class ChainVerification(BaseModel):
    """An incident's hash chain, recomputed from its stored events."""

    ok: bool
    entries: int
    head: str | None = Field(description="the hash of the last entry, when the chain holds")
    first_bad_entry: int | None = Field(
        description="the first entry missing, undecodable, or altered (null when ok)"
    )
    problem: str | None


class FigureChange(BaseModel):
    """A category's current figure before and after (null: none)."""

    before: CurrentFigure | None
    after: CurrentFigure | None


class DetailChange(BaseModel):
    """A detail's value before and after."""

    before: Any
    after: Any


class Changes(BaseModel):
    """What changed in the view between two versions."""

    model_config = {"populate_by_name": True}

    from_: int = Field(alias="from", serialization_alias="from")
    to: int
    figures: dict[Category, FigureChange]
    attributions_added: list[dict[str, Any]]
    statements_added: list[dict[str, Any]]
    retracted: list[int]
    revised: dict[str, DetailChange]


class FeedItem(BaseModel):
    """One entry of the global log."""

    position: int
    incident_id: UUID
    entry: int
    type: str
    recorded_at: AwareDatetime
    reported_by: str
    data: dict[str, Any]
    hash: str
    index: int = Field(description="the entry's leaf index in the log's Merkle tree")


class FeedPage(BaseModel):
    """A page of the global log; `next` is the `after` of the next page."""

    entries: list[FeedItem]
    next: int | None


class CheckpointOut(BaseModel):
    """The chain heads of every incident at a position of the log, signed (Ed25519)."""

    position: int
    hash: str
    signed_at: str = Field(description="ISO 8601, exactly as signed")
    signature: str = Field(description="base64 Ed25519 signature (see /checkpoint/key)")
    key_id: str


class PublicKeyOut(BaseModel):
    """The server's checkpoint signing key."""

    algorithm: str
    key_id: str
    public_key: str = Field(description="the raw 32-byte key, base64")
    pem: str


class InclusionProof(BaseModel):
    """The audit path of a leaf in the tree of the first `size` leaves (RFC 9162)."""

    index: int
    size: int
    leaf_hash: str = Field(description="SHA-256(0x00 || the leaf's data), base64")
    proof: list[str] = Field(description="the sibling hashes, nearest the leaf first, base64")


class ConsistencyProof(BaseModel):
    """The proof that the tree of `to` leaves extends the tree of `from` leaves (RFC 9162)."""

    model_config = {"populate_by_name": True}

    from_: int = Field(alias="from", serialization_alias="from")
    to: int
    proof: list[str] = Field(description="base64 hashes, as RFC 9162 §2.1.4 orders them")


class LeafOut(BaseModel):
    """A leaf of the log's Merkle tree."""

    index: int
    position: int = Field(description="the entry's place in the global log (the feed's)")
    data: str = Field(description="the entry's canonical encoding: its UTF-8 is the leaf data")


class LeafPage(BaseModel):
    """Consecutive leaves of the tree."""

    leaves: list[LeafOut]
