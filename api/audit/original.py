"""Another server's log, read over HTTP as a mirror reads it: its signed checkpoint, its
key, its leaves and its consistency proofs (standard library only)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit.proofs import MAX_LEAVES

ED25519 = 0x01  # the signature type byte of an Ed25519 note verifier key


class Unreachable(Exception):
    """The original did not answer, or answered with an error: try again later."""


class Original:
    """The server a mirror follows, at `url`."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout

    def checkpoint(self) -> str:
        """Its current signed checkpoint (GET /log/checkpoint)."""
        return self._get("/log/checkpoint").decode()

    def key(self) -> Ed25519PublicKey:
        """The key its checkpoints are signed with, as it serves it for note verifiers
        (GET /log/key: `<name>+<key id>+<base64 of 0x01 and the key>`). A mirror serves
        the key of the log it mirrors there, so a mirror can follow a mirror."""
        text = self._get("/log/key").decode(errors="replace").strip()
        try:
            encoded = base64.b64decode(text.split("+", 2)[2], validate=True)  # "+" in base64
            if len(encoded) != 33 or encoded[0] != ED25519:
                raise ValueError("not an Ed25519 key")
            return Ed25519PublicKey.from_public_bytes(encoded[1:])
        except (IndexError, ValueError) as error:
            raise Unreachable(f"{self.url}/log/key gave no key ({error})") from None

    def consistency(self, old: int, new: int) -> list[bytes]:
        """The proof that its tree of `new` leaves extends its tree of `old` leaves."""
        answer = self._json(f"/log/proof/consistency?from={old}&to={new}")
        try:
            return [base64.b64decode(digest) for digest in answer["proof"]]
        except (KeyError, TypeError, ValueError) as error:
            raise Unreachable(f"a consistency proof that cannot be read ({error})") from None

    def leaves(self, start: int, end: int) -> list[dict[str, Any]]:
        """Leaves `start` to `end` (exclusive), fetched MAX_LEAVES at a time."""
        found: list[dict[str, Any]] = []
        while start + len(found) < end:
            first = start + len(found)
            last = min(end, first + MAX_LEAVES)
            page = self._json(f"/log/leaves?start={first}&end={last}").get("leaves")
            if not isinstance(page, list) or not page:
                raise Unreachable(f"no leaves {first} to {last - 1} in the answer")
            found.extend(page)
        return found[: end - start]

    def _json(self, path: str) -> dict[str, Any]:
        try:
            answer = json.loads(self._get(path))
        except ValueError:
            raise Unreachable(f"{self.url}{path} did not answer with JSON") from None
        if not isinstance(answer, dict):
            raise Unreachable(f"{self.url}{path} did not answer with a JSON object")
        return answer

    def _get(self, path: str) -> bytes:
        request = urllib.request.Request(self.url + path, headers={"Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return bytes(answer.read())
        except urllib.error.HTTPError as error:
            raise Unreachable(f"{self.url}{path} answered {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise Unreachable(f"cannot reach {self.url}: {error}") from None
