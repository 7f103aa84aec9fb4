"""Signed checkpoints: the server's Ed25519 key, and what it signs.

A checkpoint says "at position P of the global log, the chain heads of every
incident hash to H", signed by the server. An auditor who keeps one can later
recompute H at P from the log as it is then: if anything up to P was rewritten,
even with every hash after it recomputed, H no longer matches.

The same key signs the log's Merkle tree heads as C2SP signed notes (`sign_note`,
`note_text`): the note's text, a blank line, and one line per signature, "— <key
name> <base64 of the 4-byte key ID and the Ed25519 signature of the text>", where
the key ID is the start of SHA-256(key name, a newline, 0x01, the raw public key).

The key lives in a PEM file readable by its owner only, never in the database:
`INCIDENTS_SIGNING_KEY_FILE`, by default beside a SQLite database (its path with
`.signing-key.pem` appended) or `incidents-signing-key.pem` in the working
directory for PostgreSQL (processes sharing a database must share the file). It
is made on first start.
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
    return hashlib.sha256(raw_key(public)).hexdigest()[:16]


def raw_key(public: Ed25519PublicKey) -> bytes:
    """The public key's 32 raw bytes."""
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


NOTE_ED25519 = b"\x01"  # the signature type of Ed25519 keys in C2SP signed notes
NOTE_DASH = "\u2014 "  # an em dash and a space begin each signature line


def note_key_id(name: str, public: Ed25519PublicKey) -> bytes:
    """The 4-byte key ID that begins a signed note's signature by this key under `name`."""
    return hashlib.sha256(name.encode() + b"\n" + NOTE_ED25519 + raw_key(public)).digest()[:4]


def verifier_key(name: str, public: Ed25519PublicKey) -> str:
    """The key as note verifiers take it: `<name>+<key ID, hex>+<base64 of 0x01 and the key>`."""
    encoded = base64.b64encode(NOTE_ED25519 + raw_key(public)).decode()
    return f"{name}+{note_key_id(name, public).hex()}+{encoded}"


def note_text(note: str, name: str, public: Ed25519PublicKey) -> str | None:
    """The text of a C2SP signed note, if it carries a valid signature of this key under the
    key name `name`; None otherwise (unknown signatures are ignored)."""
    text, blank, signatures = note.rpartition("\n\n")
    if not blank or not signatures.endswith("\n"):
        return None
    text += "\n"
    wanted = note_key_id(name, public)
    for line in signatures.splitlines():
        signer, _, encoded = line.removeprefix(NOTE_DASH).rpartition(" ")
        if not line.startswith(NOTE_DASH) or signer != name:
            continue
        try:
            signed = base64.b64decode(encoded, validate=True)
            if signed[:4] == wanted:
                public.verify(signed[4:], text.encode())
                return text
        except (InvalidSignature, ValueError):
            continue
    return None


class Signer:
    """The server's signing key."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self.private = private
        self.public = private.public_key()

    @classmethod
    def load(cls, database: Database, key_file: Path) -> Signer:
        """The key of `key_file`, made there if missing (readable by its owner only).

        A database of an earlier version kept its key in a table: the key moves into
        the file (so that checkpoints it signed still verify) and leaves the database,
        since someone who can rewrite the database must not be able to sign for it.
        """
        with database.transaction(commit=True) as db:
            db.execute(KEYS_SCHEMA)
            kept = db.scalar("SELECT private_key FROM signing_keys WHERE name = 'checkpoints'")
            if not key_file.exists():
                pem = kept.encode() if kept else _pem(Ed25519PrivateKey.generate())
                write_private(key_file, pem)
            private = _private(key_file.read_bytes())
            db.execute("DELETE FROM signing_keys")
            db.execute("DROP TABLE signing_keys")
        return cls(private)

    def sign(self, position: int, heads: str) -> Checkpoint:
        """Sign the chain heads' hash at a position of the log."""
        signed_at = datetime.now(UTC).isoformat()
        signature = self.private.sign(message(position, heads, signed_at))
        return Checkpoint(
            position, heads, signed_at, base64.b64encode(signature).decode(), key_id(self.public)
        )

    def sign_note(self, text: str, name: str) -> str:
        """`text` (lines, each ending in a newline) as a C2SP signed note, signed under the
        key name `name`."""
        if not text.endswith("\n") or "\n\n" in text or not name or "+" in name:
            msg = "a note's text is non-empty lines, and its key name has no '+'"
            raise ValueError(msg)
        signed = note_key_id(name, self.public) + self.private.sign(text.encode())
        return f"{text}\n{NOTE_DASH}{name} {base64.b64encode(signed).decode()}\n"

    def public_key(self) -> dict[str, str]:
        """The public key, raw (base64) and as PEM."""
        raw = raw_key(self.public)
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


def write_private(path: Path, content: bytes) -> None:
    """Write a new file readable by its owner only, whole or not at all; a file another
    process wrote first is kept (and it is the one read)."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.draft")
    descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)  # appears whole, and never replaces a key that is there
    finally:
        draft.unlink(missing_ok=True)
