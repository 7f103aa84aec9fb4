"""Checkpoints of the Merkle tree in the C2SP `tlog-checkpoint` format.

A checkpoint's text is three lines: the log's origin, the tree size in decimal,
and the root hash in base64 (optional extension lines may follow; we write none
and ignore any). It is served as a C2SP signed note whose key name is the origin
(`api.storage.signing.Signer.sign_note`), so any tool that reads the format
(Go's `golang.org/x/mod/sumdb/note`, Sigsum's and Trillian's witnesses, ...)
verifies it with the server's public key.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.storage.signing import note_text
from domain.merkle import HASH_SIZE

_SIZE = re.compile(r"0|[1-9][0-9]{0,18}")


class MalformedCheckpoint(ValueError):
    """Text that is not a C2SP checkpoint."""


@dataclass(frozen=True, slots=True)
class TreeHead:
    """What a checkpoint says: the log's origin, its tree size, and the root hash."""

    origin: str
    size: int
    root: bytes

    def text(self) -> str:
        """The checkpoint's text (the body of the signed note)."""
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"


def parse_checkpoint(text: str) -> TreeHead:
    """The tree head a checkpoint's text (or a whole signed note) states."""
    lines = text.split("\n")
    if len(lines) < 4 or not lines[0] or lines[0] != lines[0].strip():
        raise MalformedCheckpoint("a checkpoint starts with its origin, size and root hash")
    origin, size, root = lines[:3]
    if not _SIZE.fullmatch(size):
        raise MalformedCheckpoint(f"the tree size {size!r} is not a decimal number")
    try:
        digest = base64.b64decode(root, validate=True)
    except binascii.Error:
        digest = b""
    if len(digest) != HASH_SIZE:
        raise MalformedCheckpoint(f"the root hash {root!r} is not 32 bytes in base64")
    return TreeHead(origin, int(size), digest)


def open_checkpoint(note: str, public: Ed25519PublicKey) -> TreeHead | None:
    """The tree head of a signed checkpoint, if the key signed it under the origin written
    in it; None when no signature of that key under that name holds."""
    head = parse_checkpoint(note)
    text = note_text(note, head.origin, public)
    return None if text is None else parse_checkpoint(text)


def looks_like_checkpoint(saved: str) -> bool:
    """Whether a saved file is a checkpoint note (else the older JSON checkpoint)."""
    return not saved.lstrip().startswith("{")
