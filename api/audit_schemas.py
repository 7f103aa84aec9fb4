"""Response bodies of the audit routes: verification, changes, the feed, checkpoints."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from api.schemas import CurrentFigure
from domain.values import Category


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
