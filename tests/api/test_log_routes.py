"""The log as a Merkle tree over real HTTP: a signed C2SP checkpoint, inclusion and
consistency proofs that verify against it from the API's answers alone, leaves,
leaf indexes on history and feed items, caching, and refusals as problems."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit.notes import open_checkpoint
from api.http.caching import IMMUTABLE
from api.storage.signing import verifier_key
from tests.conftest import Live
from tests.support.client import FIGURE, full_history, open_incident
from tests.support.verify_log import consistent, included, leaf_data

STATEMENT = {
    "speaker": "Ministère de l'Intérieur",
    "statement": "« Bilan provisoire » — 3 958 morts",
    "stated_at": "2024-03-23T12:00:00+03:00",
    "source": {"name": "AFP"},
}


def record(http: httpx.Client, reporter: dict[str, str], figures: int = 3) -> str:
    """An incident with a few figures and a statement; its id."""
    incident = open_incident(http, reporter)
    for n in range(figures):
        response = http.post(
            f"/incidents/{incident}/figures", headers=reporter, json={**FIGURE, "text": str(40 + n)}
        )
        assert response.status_code == 201, response.text
    assert http.post(
        f"/incidents/{incident}/statements", headers=reporter, json=STATEMENT
    ).is_success
    return incident


def signed_head(http: httpx.Client) -> tuple[str, int, bytes]:
    """The current checkpoint, its signature checked with the served public key."""
    key = base64.b64decode(http.get("/checkpoint/key").json()["public_key"])
    note = http.get("/log/checkpoint").text
    head = open_checkpoint(note, Ed25519PublicKey.from_public_bytes(key))
    assert head is not None, note
    return head.origin, head.size, head.root


def b64s(answer: dict[str, Any]) -> list[bytes]:
    return [base64.b64decode(p) for p in answer["proof"]]


def test_the_checkpoint_is_a_c2sp_note_signed_with_the_served_key(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    record(http, reporter)

    answer = http.get("/log/checkpoint")

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.headers["cache-control"] == "no-cache"
    origin, size, _ = signed_head(http)
    lines = answer.text.split("\n")
    assert lines[:2] == [origin, "5"] and size == 5 and lines[3] == ""
    assert lines[4].startswith(f"\u2014 {origin} ")
    assert origin == live.parts.proofs.origin
    assert http.get("/log/key").text == verifier_key(origin, live.parts.signer.public) + "\n"
    again = http.get("/log/checkpoint", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304  # Ed25519 signs alike: the same tree, the same answer
    assert http.head("/log/checkpoint").status_code == 200


def test_every_entry_of_the_history_is_in_the_signed_tree(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    first, second = record(http, reporter), record(http, reporter, figures=2)
    _, size, root = signed_head(http)

    for incident in (first, second):
        for item in full_history(http, incident):
            leaf = hashlib.sha256(b"\x00" + leaf_data(incident, item)).digest()
            answer = http.get("/log/proof/inclusion", params={"index": item["index"], "size": size})
            assert answer.status_code == 200
            assert answer.headers["cache-control"] == IMMUTABLE
            proof = answer.json()
            assert base64.b64decode(proof["leaf_hash"]) == leaf
            assert (proof["index"], proof["size"]) == (item["index"], size)
            assert included(item["index"], size, leaf, b64s(proof), root)
    assert size == 9


def test_a_consistency_proof_shows_the_new_tree_extends_the_old(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    record(http, reporter)
    _, old, old_root = signed_head(http)
    record(http, reporter, figures=4)
    _, new, new_root = signed_head(http)

    answer = http.get("/log/proof/consistency", params={"from": old, "to": new})

    assert answer.status_code == 200 and answer.headers["cache-control"] == IMMUTABLE
    body = answer.json()
    assert (body["from"], body["to"]) == (old, new)
    assert consistent(old, new, old_root, new_root, b64s(body))
    assert not consistent(old, new, new_root, new_root, b64s(body))
    same = http.get("/log/proof/consistency", params={"from": new, "to": new}).json()
    assert same["proof"] == []


def test_leaves_are_the_entries_canonical_encodings_in_log_order(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = record(http, reporter)
    feed = http.get("/feed").json()["entries"]

    answer = http.get("/log/leaves", params={"start": 0, "end": len(feed)})

    assert answer.status_code == 200 and answer.headers["cache-control"] == IMMUTABLE
    leaves = answer.json()["leaves"]
    assert [leaf["index"] for leaf in leaves] == list(range(len(feed)))
    assert [leaf["position"] for leaf in leaves] == [item["position"] for item in feed]
    history = full_history(http, incident)
    assert [leaf["data"].encode() for leaf in leaves] == [leaf_data(incident, h) for h in history]
    assert "« Bilan provisoire »" in leaves[-1]["data"]  # UTF-8, not escaped
    assert json.loads(leaves[0]["data"])["type"] == "IncidentOpened"
    one = http.get("/log/leaves", params={"start": 2, "end": 3}).json()["leaves"]
    assert one == [leaves[2]]


def test_history_and_feed_items_carry_their_leaf_index(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    first, second = record(http, reporter, figures=1), record(http, reporter, figures=1)
    feed: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        page = http.get("/feed", params={"after": after, "limit": 2}).json()
        feed += page["entries"]
        after = page["next"]

    assert [item["index"] for item in feed] == list(range(6))
    by_entry = {(item["incident_id"], item["entry"]): item["index"] for item in feed}
    for incident in (first, second):
        for item in full_history(http, incident):
            assert item["index"] == by_entry[(incident, item["entry"])]
    streamed: list[int] = []
    with http.stream("GET", "/feed/stream", headers={"Last-Event-ID": "3"}) as stream:
        for line in stream.iter_lines():
            if line.startswith("data: "):
                streamed.append(json.loads(line[6:])["index"])
            if len(streamed) == 3:
                break
    assert streamed == [3, 4, 5]


@pytest.mark.parametrize(
    ("path", "params", "kind"),
    [
        ("/log/proof/inclusion", {"index": 3, "size": 3}, "outside-the-tree"),
        ("/log/proof/inclusion", {"index": 0, "size": 6}, "outside-the-tree"),
        ("/log/proof/inclusion", {"index": 0, "size": 0}, "validation"),
        ("/log/proof/inclusion", {"index": -1, "size": 2}, "validation"),
        ("/log/proof/inclusion", {"index": "one", "size": 2}, "validation"),
        ("/log/proof/inclusion", {"index": 0, "size": "2.5"}, "validation"),
        ("/log/proof/inclusion", {"index": 0}, "validation"),
        ("/log/proof/consistency", {"from": 0, "to": 3}, "validation"),
        ("/log/proof/consistency", {"from": 4, "to": 3}, "validation"),
        ("/log/proof/consistency", {"from": 2, "to": 6}, "outside-the-tree"),
        ("/log/proof/consistency", {"from": "x", "to": 3}, "validation"),
        ("/log/leaves", {"start": 0, "end": 1001}, "validation"),
        ("/log/leaves", {"start": 2, "end": 2}, "validation"),
        ("/log/leaves", {"start": 3, "end": 1}, "validation"),
        ("/log/leaves", {"start": 4, "end": 6}, "outside-the-tree"),
        ("/log/leaves", {"start": 0, "end": "all"}, "validation"),
    ],
)
def test_a_question_the_tree_cannot_answer_is_a_problem(
    http: httpx.Client, reporter: dict[str, str], path: str, params: dict[str, Any], kind: str
) -> None:
    record(http, reporter, figures=3)  # a tree of 5 leaves

    answer = http.get(path, params=params)

    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert answer.json()["type"] == f"urn:incidents:problem:{kind}"
    assert "immutable" not in answer.headers.get("cache-control", "")
    if kind == "outside-the-tree":
        assert answer.json()["tree_size"] == 5
