"""Hostile text, field by field: every text field of every write refuses the characters
no text may hold (422, nothing written), on both stores and both write paths; query
parameters too; and spellings of one source count as one."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import WRITE_PATHS
from tests.support.client import FIGURE, open_incident


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    """Refused alike on both write paths (the quick path hands bad bodies to the routes)."""
    path: str = request.param
    return path


# What no text may hold; line feeds only where a field holds lines.
FORBIDDEN = {
    "NUL": "\x00",
    "C0 bell": "\x07",
    "tab": "\t",
    "carriage return": "\r",
    "C1 next line": "\x85",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first strong isolate": "\u2068",
    "pop directional isolate": "\u2069",
}
LINE_FEED = "\n"
SOURCE = {"name": "Reuters"}
AT = "2024-03-22T23:00:00+03:00"
# Each write, a valid body, and its text fields: (path in the body, holds lines).
WRITES: list[tuple[str, dict[str, Any], list[tuple[tuple[str | int, ...], bool]]]] = [
    (
        "open",
        {"title": "T", "occurred_at": "2024-03-22T19:58:00+03:00", "summary": "S",
         "location": {"name": "K"}, "tags": ["t"], "source": {"name": "N", "url": "https://x"}},
        [(("title",), False), (("summary",), True), (("location", "name"), False),
         (("tags", 0), False), (("source", "name"), False), (("source", "url"), False)],
    ),
    (
        "figures",
        {"category": "killed", "text": "40", "as_of": AT, "scope": "children", "note": "n",
         "source": SOURCE},
        [(("text",), False), (("scope",), False), (("note",), True), (("source", "name"), False)],
    ),
    (
        "attributions",
        {"party": "P", "stance": "alleges", "asserted_by": "A", "statement": "s",
         "channel": "c", "stated_at": AT, "source": SOURCE},
        [(("party",), False), (("asserted_by",), False), (("statement",), True),
         (("channel",), False)],
    ),
    (
        "statements",
        {"speaker": "S", "statement": "s", "stated_at": AT, "topic": "t", "source": SOURCE},
        [(("speaker",), False), (("statement",), True), (("topic",), False)],
    ),
    (
        "revisions",
        {"title": "T2", "summary": "S2", "tags": ["u"], "reason": "r"},
        [(("title",), False), (("summary",), True), (("tags", 0), False), (("reason",), False)],
    ),
    ("retractions", {"entry": 2, "reason": "r"}, [(("reason",), False)]),
    (
        "headlines",
        {"category": "killed", "scope": "children", "source_name": "Reuters", "reason": "r"},
        [(("scope",), False), (("source_name",), False), (("reason",), False)],
    ),
    ("withdrawal", {"reason": "r"}, [(("reason",), False)]),
]  # fmt: skip


def spiked(body: dict[str, Any], where: tuple[str | int, ...], spike: str) -> dict[str, Any]:
    """A copy of `body` with `spike` in the middle of the text at `where`."""
    copy: Any = {
        key: (list(value) if isinstance(value, list) else value) for key, value in body.items()
    }
    copy = {k: dict(v) if isinstance(v, dict) else v for k, v in copy.items()}
    holder = copy
    for step in where[:-1]:
        holder = holder[step]
    text = holder[where[-1]]
    holder[where[-1]] = text[:1] + spike + text[1:] + "x"
    return dict(copy)


def copy_of(value: Any) -> Any:
    """A deep copy of a JSON body."""
    if isinstance(value, dict):
        return {key: copy_of(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_of(item) for item in value]
    return value


def test_every_text_field_refuses_every_forbidden_character_and_writes_nothing(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter).raise_for_status()
    accepted: list[str] = []
    for route, body, fields in WRITES:
        url = "/incidents" if route == "open" else f"/incidents/{incident}/{route}"
        for where, holds_lines in fields:
            spikes = dict(FORBIDDEN) if holds_lines else {**FORBIDDEN, "line feed": LINE_FEED}
            for name, spike in spikes.items():
                response = http.post(url, json=spiked(body, where, spike), headers=editor)
                if response.status_code != 422:
                    accepted.append(
                        f"{route} {'.'.join(map(str, where))} {name}: {response.status_code}"
                    )
                else:
                    assert response.headers["content-type"] == "application/problem+json"
    assert accepted == []
    assert http.get(f"/incidents/{incident}").json()["version"] == 2
    assert [i["id"] for i in http.get("/incidents").json()["items"]] == [incident]


@pytest.mark.parametrize("route", ["attributions", "statements", "figures"])
def test_a_line_feed_is_kept_in_a_field_that_holds_lines(
    http: httpx.Client, reporter: dict[str, str], route: str
) -> None:
    incident = open_incident(http, reporter)
    body, field = {
        "attributions": ({"party": "P", "stance": "alleges", "asserted_by": "A",
                          "statement": "one\ntwo", "stated_at": AT, "source": SOURCE}, "statement"),
        "statements": ({"speaker": "S", "statement": "one\ntwo", "stated_at": AT,
                        "source": SOURCE}, "statement"),
        "figures": ({**FIGURE, "note": "one\ntwo"}, "note"),
    }[route]  # fmt: skip

    response = http.post(f"/incidents/{incident}/{route}", json=body, headers=reporter)

    assert response.status_code == 201, response.text
    entry = http.get(f"/incidents/{incident}/history").json()["entries"][-1]
    assert entry["data"][field] == "one\ntwo"


@pytest.mark.parametrize("name", ["\u200b", "\u00ad", " \u200b\u200c "])
def test_a_name_of_nothing_but_format_characters_is_empty(
    http: httpx.Client, reporter: dict[str, str], name: str
) -> None:
    incident = open_incident(http, reporter)

    response = http.post(
        f"/incidents/{incident}/figures",
        json={**FIGURE, "source": {"name": name}},
        headers=reporter,
    )

    assert response.status_code == 422


@pytest.mark.parametrize("value", ["\x00", "a\u202eb", "a\nb", "\x85"])
@pytest.mark.parametrize("parameter", ["q", "tag", "cursor"])
def test_a_query_parameter_refuses_the_forbidden_characters(
    http: httpx.Client, parameter: str, value: str
) -> None:
    response = http.get("/incidents", params={parameter: value})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_spellings_of_one_source_count_as_one(http: httpx.Client, reporter: dict[str, str]) -> None:
    incident = open_incident(http, reporter)
    for name, text in [("Reuters", "40"), ("Ｒｅｕｔｅｒｓ", "41"), ("Reuters\u200b", "42"),  # noqa: RUF001
                       ("Reu\u00adters", "43")]:  # fmt: skip
        body = {**FIGURE, "text": text, "source": {"name": name}}
        http.post(f"/incidents/{incident}/figures", json=body, headers=reporter).raise_for_status()

    killed = http.get(f"/incidents/{incident}").json()["figures"]["killed"]

    assert [figure["text"] for figure in killed["by_source"]] == ["43"]
    assert killed["text"] == "43"


@pytest.mark.parametrize("value", ["\x00", "a\u202eb", "\x85"])
@pytest.mark.parametrize("parameter", ["q", "tag", "cursor", "country"])
def test_the_list_page_refuses_the_forbidden_characters_with_a_page(
    http: httpx.Client, parameter: str, value: str
) -> None:
    response = http.get("/ui/", params={parameter: value})

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
