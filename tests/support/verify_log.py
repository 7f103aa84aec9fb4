"""Check an incident record's log from outside, with nothing but its public key.

    python verify_log.py URL --key KEY [--save NEW] [--since OLD] [--entry INCIDENT:N]

KEY is the server's Ed25519 public key in base64 (`public_key` of GET
/checkpoint/key), pinned once. The script fetches GET /log/checkpoint and checks
its signature; with --entry, that entry N of the incident, made into a leaf from
its history item, is in that tree; with --since, that the tree extends an older
checkpoint saved with --save. Python 3.11+ and `cryptography`; exit status 1 when
a check fails.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


class Failed(Exception):
    """A check that does not hold."""


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return bytes(answer.read())


def node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def open_checkpoint(note: str, key: bytes) -> tuple[str, int, bytes]:
    """The origin, tree size and root hash of a checkpoint signed by `key` (C2SP
    signed-note: the key name is the origin, the key ID starts the signature)."""
    text, _, signatures = note.rpartition("\n\n")
    text += "\n"
    origin, size, root = text.split("\n")[:3]
    key_id = hashlib.sha256(origin.encode() + b"\n\x01" + key).digest()[:4]
    for line in signatures.splitlines():
        dash, name, signature = [*line.split(" "), "", ""][:3]
        signed = base64.b64decode(signature)
        if dash == "\u2014" and name == origin and signed[:4] == key_id:
            try:
                Ed25519PublicKey.from_public_bytes(key).verify(signed[4:], text.encode())
            except InvalidSignature:
                break
            return origin, int(size), base64.b64decode(root)
    raise Failed("the checkpoint is not signed by that key")


def leaf_data(incident: str, item: dict[str, object]) -> bytes:
    """An entry's canonical encoding, made from its history item."""
    recorded_at = datetime.fromisoformat(str(item["recorded_at"]).replace("Z", "+00:00"))
    entry = {
        "incident_id": incident,
        "entry": item["entry"],
        "type": item["type"],
        "recorded_at": recorded_at.isoformat(),
        "reported_by": item["reported_by"],
        "data": item["data"],
    }
    return json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def included(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: the audit path leads from the leaf hash to the root."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(p, r)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def consistent(old: int, new: int, old_root: bytes, new_root: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: the proof leads to both roots, so the new tree extends the old."""
    if old == new:
        return old_root == new_root and not proof
    if not 0 < old < new or not proof:
        return False
    if old & (old - 1) == 0:
        proof = [old_root, *proof]
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def check_entry(url: str, wanted: str, size: int, root: bytes) -> str:
    incident, _, number = wanted.rpartition(":")
    page = json.loads(get(f"{url}/incidents/{incident}/history?after={int(number) - 1}&limit=1"))
    item = page["entries"][0] if page["entries"] else {"entry": None}
    if str(item["entry"]) != number:
        raise Failed(f"incident {incident} has no entry {number}")
    leaf = hashlib.sha256(b"\x00" + leaf_data(incident, item)).digest()
    proof = json.loads(get(f"{url}/log/proof/inclusion?index={item['index']}&size={size}"))
    if not included(item["index"], size, leaf, [base64.b64decode(p) for p in proof["proof"]], root):
        raise Failed(f"entry {number} of {incident} is not in the signed tree")
    return f"entry {number} of {incident} is leaf {item['index']} of the signed tree"


def check_since(url: str, saved: Path, key: bytes, head: tuple[str, int, bytes]) -> str:
    origin, old, old_root = open_checkpoint(saved.read_text(encoding="utf-8"), key)
    if origin != head[0] or old > head[1]:
        raise Failed(f"{saved} is not an earlier checkpoint of {head[0]}")
    proof: list[bytes] = []
    if old < head[1]:
        answer = json.loads(get(f"{url}/log/proof/consistency?from={old}&to={head[1]}"))
        proof = [base64.b64decode(p) for p in answer["proof"]]
    if not consistent(old, head[1], old_root, head[2], proof):
        raise Failed(f"the log does not extend {saved}: what it held was rewritten")
    return f"the log of {head[1]} entries extends {saved} ({old} entries)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--key", required=True, help="base64 Ed25519 public key")
    parser.add_argument("--entry", help="INCIDENT_ID:N, an entry to find in the tree")
    parser.add_argument("--since", type=Path, help="an older checkpoint the tree must extend")
    parser.add_argument("--save", type=Path, help="keep the checkpoint in this file")
    args = parser.parse_args()
    url, key = args.url.rstrip("/"), base64.b64decode(args.key)
    try:
        note = get(f"{url}/log/checkpoint").decode()
        head = open_checkpoint(note, key)
        print(f"{head[0]}: {head[1]} entries, root {base64.b64encode(head[2]).decode()}, signed")
        if args.entry:
            print(check_entry(url, args.entry, head[1], head[2]))
        if args.since:
            print(check_since(url, args.since, key, head))
    except (Failed, urllib.error.HTTPError) as failure:
        print(f"FAILED: {failure}")
        return 1
    if args.save:
        args.save.write_text(note, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
