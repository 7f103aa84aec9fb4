"""Checkpoints: the chain heads of every incident at a position, signed, and checked.

Checkpoints are made from the read models (fast, at the position they show) and
checked against the log (the slow, trustworthy way): `check_checkpoint` reads
every stored event up to the checkpoint's position, verifies each incident's
chain, and hashes the heads again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit.log import verify_log
from api.storage.loading import copy_position
from api.storage.signing import Checkpoint, Signer, signature_holds
from domain.application import IncidentRecord
from domain.chain import Verification, heads_hash
from projections.views import IncidentViews


def checkpoint(record: IncidentRecord, views: IncidentViews, signer: Signer) -> Checkpoint:
    """Sign the chain heads of every incident at the position the read models are at."""
    position, heads = views.heads(record.name)
    return signer.sign(position, heads_hash(heads))


@dataclass(frozen=True, slots=True)
class CheckpointCheck:
    """What checking a saved checkpoint against today's log found."""

    position: int
    saved_hash: str
    recomputed_hash: str
    signature_holds: bool
    broken: list[Verification]

    @property
    def ok(self) -> bool:
        """Nothing up to the position was rewritten, and the server signed it."""
        return self.signature_holds and not self.broken and self.saved_hash == self.recomputed_hash


def check_checkpoint(
    record: IncidentRecord,
    views: IncidentViews,
    saved: dict[str, Any],
    public: Ed25519PublicKey,
) -> CheckpointCheck:
    """Recompute a saved checkpoint from the log as it is now, and check its signature."""
    position = int(saved["position"])
    with views.store.reading() as db:
        # A position of the original's log, in a restored copy or a mirror, whose
        # positions may differ: the copy's position of the same entry.
        until = copy_position(db, position)
    results = verify_log(record, views, until=until)
    heads = [(r.incident_id, r.head) for r in results if r.head is not None]
    return CheckpointCheck(
        position=position,
        saved_hash=str(saved["hash"]),
        recomputed_hash=heads_hash(heads),
        signature_holds=signature_holds(public, saved),
        broken=[r for r in results if not r.ok],
    )
