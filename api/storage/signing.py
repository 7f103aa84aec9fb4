"""Signed checkpoints: the server's Ed25519 key, and what it signs.

A checkpoint says "at position P of the global log, the chain heads of every
incident hash to H", signed by the server. An auditor who keeps one can later
recompute H at P from the log as it is then: if anything up to P was rewritten,
even with every hash after it recomputed, H no longer matches.

The key is made on first start and kept in the database (table `signing_keys`),
or in the PEM file named by INCIDENTS_SIGNING_KEY_FILE (made there if missing).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from projections.sql import Database

KEYS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS signing_keys ("
    " name TEXT PRIMARY KEY,"
    " private_key TEXT NOT NULL,"
    " created_at TEXT NOT NULL)"
)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A signed statement of the log's chain heads at a position."""

    position: int
    hash: str
    signed_at: str
    signature: str
    key_id: str

    def as_dict(self) -> dict[str, Any]:
        """The checkpoint as JSON values."""
        return asdict(self)


def message(position: int, heads: str, signed_at: str) -> bytes:
    """The bytes a checkpoint's signature covers."""
    return (
        f"incident-record checkpoint v1\nposition: {position}\nhash: {heads}\n"
        f"signed_at: {signed_at}\n"
    ).encode()


def key_id(public: Ed25519PublicKey) -> str:
    """A short name for a public key: the start of the SHA-256 of its raw bytes."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class Signer:
    """The server's signing key."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self.private = private
        self.public = private.public_key()

    @classmethod
    def load(cls, database: Database, key_file: Path | None = None) -> Signer:
        """The configured key file's key, or the database's; made on first use."""
        if key_file is not None:
            # Made readable by its owner only from the start, and by one process only:
            # a second process starting at the same moment reads the first one's key.
            with contextlib.suppress(FileExistsError):
                descriptor = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                with os.fdopen(descriptor, "wb") as out:
                    out.write(_pem(Ed25519PrivateKey.generate()))
            return cls(_private(key_file.read_bytes()))
        with database.transaction(commit=True) as db:
            db.execute(KEYS_SCHEMA)
            db.execute(
                "INSERT INTO signing_keys VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING",
                (
                    "checkpoints",
                    _pem(Ed25519PrivateKey.generate()).decode(),
                    datetime.now(UTC).isoformat(),
                ),
            )
            pem = db.scalar("SELECT private_key FROM signing_keys WHERE name = 'checkpoints'")
        return cls(_private(pem.encode()))

    def sign(self, position: int, heads: str) -> Checkpoint:
        """Sign the chain heads' hash at a position of the log."""
        signed_at = datetime.now(UTC).isoformat()
        signature = self.private.sign(message(position, heads, signed_at))
        return Checkpoint(
            position, heads, signed_at, base64.b64encode(signature).decode(), key_id(self.public)
        )

    def public_key(self) -> dict[str, str]:
        """The public key, raw (base64) and as PEM."""
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        pem = self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return {
            "algorithm": "Ed25519",
            "key_id": key_id(self.public),
            "public_key": base64.b64encode(raw).decode(),
            "pem": pem.decode(),
        }


def signature_holds(public: Ed25519PublicKey, saved: dict[str, Any]) -> bool:
    """Whether a saved checkpoint's signature is the key's, over its position, hash and time."""
    try:
        public.verify(
            base64.b64decode(saved["signature"], validate=True),
            message(int(saved["position"]), str(saved["hash"]), str(saved["signed_at"])),
        )
    except (InvalidSignature, KeyError, ValueError, TypeError):
        return False
    return True


def public_key_from_pem(pem: bytes) -> Ed25519PublicKey:
    """A public key from PEM (as GET /checkpoint/key serves it)."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        msg = "not an Ed25519 public key"
        raise ValueError(msg)
    return key


def _pem(private: Ed25519PrivateKey) -> bytes:
    return private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _private(pem: bytes) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        msg = "the signing key is not an Ed25519 private key"
        raise ValueError(msg)
    return key
