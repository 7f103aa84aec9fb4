"""Audit routes over real HTTP: verify, changes, figures.csv, the feed and its stream,
checkpoints; and a downward revision of a real death toll, then a row altered."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
import time
from datetime import datetime
from typing import Any
from uuid import UUID

import httpx
import pytest

from api.access import Role
from api.settings import Settings
from api.storage.signing import public_key_from_pem, signature_holds
from tests.conftest import Live, serving
from tests.support.tampering import delete_event, rewrite_event

OCHA = {"name": "UN OCHA", "kind": "official"}
WHO = {"name": "World Health Organization", "kind": "official"}


def derna(http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]) -> str:
    """The Derna floods of September 2023: a toll reported at 11,300, then revised down."""
    incident = http.post(
        "/incidents",
        headers=reporter,
        json={
            "title": "Derna dam collapse and floods",
            "occurred_at": "2023-09-11T02:30:00+02:00",
            "location": {"name": "Derna, Libya", "country_code": "LY"},
            "tags": ["flood", "Storm Daniel"],
            "source": {"name": "Reuters", "kind": "news_agency"},
        },
    ).json()["id"]
    for body in (
        {
            "category": "killed",
            "text": "more than 5,000",
            "as_of": "2023-09-12T18:00:00+02:00",
            "source": {"name": "Libyan officials", "kind": "official"},
        },
        {
            "category": "killed",
            "text": "11,300",
            "as_of": "2023-09-16T12:00:00+02:00",
            "source": OCHA,
        },
        {
            "category": "missing",
            "text": "10,100",
            "as_of": "2023-09-16T12:00:00+02:00",
            "source": OCHA,
        },
        {
            "category": "killed",
            "text": "3,958",
            "as_of": "2023-09-17T12:00:00+02:00",
            "source": WHO,
            "note": "revised down from reports of over 11,000",
        },
    ):
        assert (
            http.post(f"/incidents/{incident}/figures", json=body, headers=reporter).status_code
            == 201
        )
    assert (
        http.post(
            f"/incidents/{incident}/revisions",
            headers=editor,
            json={
                "summary": "Two dams failed during Storm Daniel.",
                "reason": "context",
            },
        ).status_code
        == 201
    )
    return incident


def test_a_toll_revised_down_then_a_row_altered(
    live: Live, http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = derna(http, reporter, editor)
    view = http.get(f"/incidents/{incident}").json()
    assert view["figures"]["killed"]["text"] == "3,958"
    assert view["figures"]["killed"]["value"] == 3958
    series = http.get(f"/incidents/{incident}/figures", params={"category": "killed"}).json()
    assert [s["value"] for s in series["series"]] == [5000, 11300, 3958]
    change = http.get(f"/incidents/{incident}/changes", params={"from": 3, "to": 5}).json()
    assert change["figures"]["killed"]["before"]["value"] == 11300
    assert change["figures"]["killed"]["after"]["value"] == 3958
    verified = http.get(f"/incidents/{incident}/verify").json()
    assert verified == {
        "ok": True,
        "entries": 6,
        "head": verified["head"],
        "first_bad_entry": None,
        "problem": None,
    }
    history = http.get(f"/incidents/{incident}/history").json()["entries"]
    assert verified["head"] == history[-1]["hash"]
    assert all(len(e["hash"]) == 64 for e in history)

    rewrite_event(
        live.parts.settings.database_url,
        UUID(incident),
        3,
        lambda state: state.replace(b"11,300", b"1,300").replace(b"11300", b"1300"),
    )
    broken = http.get(f"/incidents/{incident}/verify")
    assert broken.status_code == 200
    assert broken.json()["ok"] is False
    assert broken.json()["first_bad_entry"] == 3


def test_changes_between_versions_name_what_moved(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = derna(http, reporter, editor)
    base = f"/incidents/{incident}/changes"
    everything = http.get(base).json()
    assert everything["from"] == 0 and everything["to"] == 6
    assert set(everything["figures"]) == {"killed", "missing"}
    assert everything["figures"]["killed"]["before"] is None
    assert everything["revised"] == {}
    revision = http.get(base, params={"from": 5, "to": 6}).json()
    assert revision["figures"] == {}
    assert revision["revised"] == {
        "summary": {"before": None, "after": "Two dams failed during Storm Daniel."},
    }
    retracted = http.post(
        f"/incidents/{incident}/retractions", headers=editor, json={"entry": 5, "reason": "wrong"}
    )
    assert retracted.status_code == 201
    undone = http.get(base, params={"from": 6, "to": 7}).json()
    assert undone["retracted"] == [5]
    assert undone["figures"]["killed"]["after"]["value"] == 11300
    assert http.get(base, params={"from": 4, "to": 2}).status_code == 422
    assert http.get(base, params={"to": 99}).status_code == 404


def test_the_series_exports_as_csv(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = derna(http, reporter, editor)
    response = http.get(f"/incidents/{incident}/figures.csv", params={"category": "killed"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["text"] for r in rows] == ["more than 5,000", "11,300", "3,958"]
    assert rows[2]["source_name"] == "World Health Organization"
    assert rows[2]["retracted"] == "false" and rows[2]["retracted_at"] == ""
    json_series = http.get(f"/incidents/{incident}/figures", params={"category": "killed"}).json()
    assert [int(r["entry"]) for r in rows] == [s["entry"] for s in json_series["series"]]
    missing = http.get("/incidents/00000000-0000-4000-8000-000000000000/figures.csv")
    assert missing.status_code == 404


def test_the_feed_pages_through_the_global_log(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    first, second = derna(http, reporter, editor), derna(http, reporter, editor)
    seen: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        page = http.get("/feed", params={"after": after, "limit": 5}).json()
        seen += page["entries"]
        after = page["next"]
    assert len(seen) == 12
    positions = [item["position"] for item in seen]
    assert positions == sorted(positions) and len(set(positions)) == 12
    assert [item["incident_id"] for item in seen] == [first] * 6 + [second] * 6
    assert seen[0]["type"] == "IncidentOpened" and seen[0]["entry"] == 1


def sse_events(response: httpx.Response, count: int) -> list[tuple[str | None, str]]:
    """Read `count` events or comments: (id or None for a comment, data or comment)."""
    found: list[tuple[str | None, str]] = []
    event_id: str | None = None
    for line in response.iter_lines():
        if line.startswith("id: "):
            event_id = line[4:]
        elif line.startswith("data: "):
            found.append((event_id, line[6:]))
        elif line.startswith(":"):
            found.append((None, line))
        if len(found) >= count:
            break
    return found


def test_the_stream_sends_the_log_resumes_and_keeps_alive(settings: Settings) -> None:
    quick = settings.model_copy(update={"stream_keepalive": 0.3})
    with serving(quick) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        reporter, editor = live.token("r", Role.REPORTER), live.token("e", Role.EDITOR)
        derna(http, reporter, editor)
        with http.stream("GET", "/feed/stream") as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            events = sse_events(response, 7)
        ids = [event_id for event_id, _ in events if event_id]
        assert ids == [str(n) for n in range(1, 7)]
        assert events[-1][0] is None and "keep-alive" in events[-1][1]
        with http.stream("GET", "/feed/stream", headers={"Last-Event-ID": "4"}) as response:
            resumed = sse_events(response, 2)
        assert [event_id for event_id, _ in resumed] == ["5", "6"]
        assert http.get("/feed/stream", headers={"Last-Event-ID": "x"}).status_code == 400


def test_the_stream_ends_when_the_server_shuts_down(settings: Settings) -> None:
    ended = threading.Event()
    with serving(settings) as live:

        def listen() -> None:
            with (
                httpx.Client(base_url=live.url, timeout=30) as http,
                http.stream("GET", "/feed/stream") as response,
            ):
                for _ in response.iter_lines():
                    pass
            ended.set()

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(0.5)
        started = time.monotonic()
    assert ended.wait(10), "the stream did not end with the server"
    assert time.monotonic() - started < 10


def test_checkpoints_are_signed_with_the_served_key(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    derna(http, reporter, editor)
    checkpoint = http.get("/checkpoint").json()
    key = http.get("/checkpoint/key").json()
    assert checkpoint["position"] == 6 and len(checkpoint["hash"]) == 64
    assert key["algorithm"] == "Ed25519" and key["key_id"] == checkpoint["key_id"]
    assert signature_holds(public_key_from_pem(key["pem"].encode()), checkpoint)
    assert not signature_holds(
        public_key_from_pem(key["pem"].encode()), {**checkpoint, "position": 5}
    )


@pytest.mark.parametrize("path", ["verify", "changes", "figures.csv"])
def test_audit_routes_of_an_unknown_incident_are_404(http: httpx.Client, path: str) -> None:
    response = http.get(f"/incidents/00000000-0000-4000-8000-000000000000/{path}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_csv_cells_that_would_run_as_formulas_are_quoted(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = http.post(
        "/incidents",
        headers=reporter,
        json={
            "title": "T",
            "occurred_at": "2024-03-22T19:58:00+03:00",
            "location": {"name": "L"},
            "source": {"name": "x"},
        },
    ).json()["id"]
    http.post(
        f"/incidents/{incident}/figures",
        headers=reporter,
        json={
            "category": "killed",
            "text": "40",
            "as_of": "2024-03-22T21:00:00Z",
            "note": '=HYPERLINK("http://evil")',
            "source": {"name": "@mallory"},
        },
    )
    rows = list(csv.DictReader(io.StringIO(http.get(f"/incidents/{incident}/figures.csv").text)))
    assert rows[0]["note"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["source_name"] == "'@mallory"
    assert rows[0]["text"] == "40"


def test_an_auditor_can_recompute_the_chain_from_the_history_alone(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    """The recipe in the README, run against the API with nothing from the service's code."""
    incident = derna(http, reporter, editor)
    http.post(
        f"/incidents/{incident}/statements",
        headers=reporter,
        json={
            "speaker": "Ministère de l'Intérieur",
            "statement": "« Bilan provisoire » — 3 958 morts",
            "stated_at": "2023-09-17T12:00:00+02:00",
            "source": {"name": "AFP"},
        },
    )
    entries = http.get(f"/incidents/{incident}/history").json()["entries"]
    previous = "0" * 64
    for e in entries:
        recorded_at = datetime.fromisoformat(e["recorded_at"].replace("Z", "+00:00")).isoformat()
        canonical = {
            "incident_id": incident,
            "entry": e["entry"],
            "type": e["type"],
            "recorded_at": recorded_at,
            "reported_by": e["reported_by"],
            "data": e["data"],
        }
        body = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        previous = hashlib.sha256(previous.encode() + b"\n" + body.encode()).hexdigest()
        assert previous == e["hash"], e["entry"]
    assert http.get(f"/incidents/{incident}/verify").json()["head"] == previous


def test_a_deleted_last_entry_is_named_by_verify(
    live: Live, http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = derna(http, reporter, editor)
    delete_event(live.parts.settings.database_url, UUID(incident), 6)
    result = http.get(f"/incidents/{incident}/verify").json()
    assert result["ok"] is False and result["first_bad_entry"] == 6
    assert "missing" in result["problem"]


def test_a_method_not_allowed_names_every_method_of_the_path(http: httpx.Client) -> None:
    assert http.put("/incidents").headers["allow"] == "GET, POST"
    figures = http.put("/incidents/00000000-0000-4000-8000-000000000000/figures")
    assert figures.status_code == 405 and figures.headers["allow"] == "GET, POST"
