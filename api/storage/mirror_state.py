"""What a mirror keeps about the log it follows, and how the HTTP side knows it is one.

`incidents mirror` records, in the database's `log_identity` table beside the
origin (which becomes the original's): `mirror_of`, the original's URL;
`mirror_key`, the original's public key (base64 of the raw 32 bytes), pinned on
the first run; and `mirror_checkpoint`, the last signed checkpoint of the
original it verified and holds every leaf of. Each is written in the transaction
of the leaves it speaks of. A database with `mirror_of` is a mirror for good: a
server on it answers reads and refuses writes (`mirror_of_database`, cached).
"""

from __future__ import annotations

import base64
import contextlib
import time
import weakref
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import InterfaceError, OperationalError

from api.storage.loading import identity, set_identity
from api.storage.lookups import Lookups
from projections.sql import Db

MIRROR_OF = "mirror_of"
MIRROR_KEY = "mirror_key"
MIRROR_CHECKPOINT = "mirror_checkpoint"
RECHECK = 5.0  # seconds a database that is not a mirror is taken not to be one


@dataclass(frozen=True, slots=True)
class MirrorState:
    """A mirror's record of what it follows."""

    url: str
    key: bytes  # the original's raw Ed25519 public key
    checkpoint: str | None  # the original's last signed checkpoint verified in full

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The original's key, to check signatures with."""
        return Ed25519PublicKey.from_public_bytes(self.key)


def mirror_state(db: Db) -> MirrorState | None:
    """The mirror's state, or None when the database is not a mirror."""
    url = identity(db, MIRROR_OF)
    key = identity(db, MIRROR_KEY)
    if url is None or key is None:
        return None
    return MirrorState(url, base64.b64decode(key), identity(db, MIRROR_CHECKPOINT))


def keep_mirror_state(db: Db, state: MirrorState) -> None:
    """Write the mirror's state in `db`'s transaction."""
    set_identity(db, MIRROR_OF, state.url)
    set_identity(db, MIRROR_KEY, base64.b64encode(state.key).decode())
    if state.checkpoint is not None:
        set_identity(db, MIRROR_CHECKPOINT, state.checkpoint)


@dataclass
class _Known:
    mirror_of: str | None = None
    checked_at: float = float("-inf")


_known: weakref.WeakKeyDictionary[Lookups, _Known] = weakref.WeakKeyDictionary()


async def mirror_of_database(lookups: Lookups) -> str | None:
    """The URL the database mirrors, or None when it is not a mirror: read again at most
    every RECHECK seconds while it is not one (a database becomes one only when
    `incidents mirror` starts on it empty), and never again once it is."""
    known = _known.get(lookups)
    if known is None:
        known = _known[lookups] = _Known()
    if known.mirror_of is None and time.monotonic() - known.checked_at >= RECHECK:
        known.checked_at = time.monotonic()  # one request at a time reads it
        # A store that does not answer now: the write finds that out itself (a 503).
        with contextlib.suppress(OperationalError, InterfaceError):
            known.mirror_of = await lookups.read(lambda db: identity(db, MIRROR_OF))
    return known.mirror_of
