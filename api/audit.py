"""Audits over the log itself: chain verification, and checkpoints made and checked.

Checkpoints are made from the read models (fast, at the position they show) and
checked against the log (the slow, trustworthy way): `recompute` reads every
stored event up to the checkpoint's position, verifies each incident's chain,
and hashes the heads again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from api.signing import Checkpoint, signature_holds
from domain.chain import ChainVerifier, Verification, heads_hash
from domain.entries import Entry

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from api.service import Service


def feed_item(position: int, entry: Entry) -> dict[str, Any]:
    """An entry of the global log, as the feed, its stream and the export show it."""
    return {"position": position, **asdict(entry)}


def checkpoint(service: Service) -> Checkpoint:
    """Sign the chain heads of every incident at the position the read models are at."""
    position, heads = service.views.heads(service.app.name)
    return service.signer.sign(position, heads_hash(heads))


def verify_log(service: Service, until: int | None = None) -> list[Verification]:
    """Recompute every incident's chain from the stored events (up to position `until`).

    The whole log is also held against the read models, which remember how many
    entries each incident had: a deleted last entry leaves a valid chain behind.
    """
    # Read before the log, so that entries written meanwhile are never taken as missing.
    expected = service.views.versions() if until is None else None
    verifier = ChainVerifier()
    for scanned in service.app.scan(until):
        verifier.add(scanned.incident_id, scanned.entry, scanned.event)
    return verifier.results(expected)


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
    service: Service, saved: dict[str, Any], public: Ed25519PublicKey | None = None
) -> CheckpointCheck:
    """Recompute a saved checkpoint from the log as it is now, and check its signature."""
    position = int(saved["position"])
    results = verify_log(service, until=position)
    heads = [(r.incident_id, r.head) for r in results if r.head is not None]
    return CheckpointCheck(
        position=position,
        saved_hash=str(saved["hash"]),
        recomputed_hash=heads_hash(heads),
        signature_holds=signature_holds(public or service.signer.public, saved),
        broken=[r for r in results if not r.ok],
    )
