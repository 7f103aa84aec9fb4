"""Real incidents as their reporting went, for the page tests and the screenshots.

The Manchester Arena bombing (22 May 2017), entered from the reporting of that night
and the year after: Greater Manchester Police's figures as they rose, the agencies'
wording, a figure entered under the wrong category and retracted, the police's
2018 count of the injured "including psychological harm" (a scope of its own), the
claim of Islamic State, the bomber's father's rejection, and statements. Times the
reports give only roughly carry a note saying so. And the Crocus City Hall death toll
(March 2024) as the Investigative Committee raised it over the following days, to
add to the demo incident (`api.cli.demo`), which holds only the first night.

Each step is `(route, body)`: "open", or an entry route under /incidents/{id}/.
Headline choices and retractions need an editor's token.
"""

from __future__ import annotations

from typing import Any

import httpx

Step = tuple[str, dict[str, Any]]
ROUGHLY = "time approximate: the reports give the hour only roughly"
GMP = {"name": "Greater Manchester Police", "kind": "official"}
BBC = {"name": "BBC News", "kind": "news_outlet"}
AP = {"name": "Associated Press", "kind": "news_agency"}
REUTERS = {"name": "Reuters", "kind": "news_agency"}
HEALTH = {"name": "Greater Manchester Health and Social Care Partnership", "kind": "official"}
EDITORIAL = ("headlines", "retractions", "revisions", "withdrawal")


def _figure(
    category: str,
    text: str,
    as_of: str,
    source: dict[str, str],
    note: str | None = ROUGHLY,
    scope: str | None = None,
) -> Step:
    body: dict[str, Any] = {"category": category, "text": text, "as_of": as_of, "source": source}
    if note:
        body["note"] = note
    if scope:
        body["scope"] = scope
    return ("figures", body)


MANCHESTER: list[Step] = [
    (
        "open",
        {
            "title": "Manchester Arena bombing",
            "occurred_at": "2017-05-22T22:31:00+01:00",
            "location": {
                "name": "Manchester Arena, Manchester",
                "lat": 53.4881,
                "lon": -2.2438,
                "country_code": "GB",
            },
            "summary": "A suicide bomber detonated a device in the foyer of Manchester Arena "
            "as people left an Ariana Grande concert.",
            "tags": ["terrorism", "bombing"],
            "source": BBC,
        },
    ),
    _figure("killed", "a number of fatalities", "2017-05-23T00:30:00+01:00", GMP),
    _figure("killed", "19", "2017-05-23T01:30:00+01:00", GMP),
    _figure("injured", "around 50", "2017-05-23T01:30:00+01:00", GMP),
    _figure("killed", "at least 19", "2017-05-23T02:30:00+01:00", AP),
    _figure("killed", "59", "2017-05-23T07:45:00+01:00", REUTERS, note=None),  # entry 6
    _figure("killed", "22, including children", "2017-05-23T07:30:00+01:00", GMP),
    _figure("injured", "59", "2017-05-23T07:30:00+01:00", GMP),
    _figure("killed", "22", "2017-05-23T09:00:00+01:00", BBC),
    (
        "statements",
        {
            "speaker": "Ian Hopkins, Chief Constable of Greater Manchester Police",
            "statement": "Called it “the most horrific incident” Greater Manchester had ever "
            "faced, and said the attacker died at the arena.",
            "stated_at": "2017-05-23T07:30:00+01:00",
            "topic": "statement",
            "source": GMP,
        },
    ),
    (
        "statements",
        {
            "speaker": "Theresa May, Prime Minister",
            "statement": "It is now beyond doubt that the people of Manchester and of this "
            "country have fallen victim to a callous terrorist attack.",
            "stated_at": "2017-05-23T11:00:00+01:00",
            "topic": "reaction",
            "source": BBC,
        },
    ),
    (
        "attributions",
        {
            "party": "Salman Abedi",
            "stance": "alleges",
            "asserted_by": "Greater Manchester Police",
            "statement": "Named the suspected attacker as Salman Abedi, 22; the coroner had "
            "yet to confirm his identity.",
            "stated_at": "2017-05-23T11:30:00+01:00",
            "source": REUTERS,
        },
    ),
    (
        "attributions",
        {
            "party": "Islamic State",
            "stance": "claims",
            "asserted_by": "Islamic State",
            "statement": "Claimed the attack in a statement posted online.",
            "channel": "Telegram",
            "stated_at": "2017-05-23T14:00:00+01:00",
            "source": REUTERS,
        },
    ),
    (
        "attributions",
        {
            "party": "Salman Abedi",
            "stance": "rejects",
            "asserted_by": "Ramadan Abedi, Salman Abedi's father",
            "statement": "We don't believe in killing innocents. This is not us.",
            "stated_at": "2017-05-24T18:00:00+02:00",
            "source": AP,
        },
    ),
    _figure(
        "hospitalised",
        "20",
        "2017-05-24T08:30:00+01:00",
        HEALTH,
        note=None,
        scope="in critical care",
    ),
    ("retractions", {"entry": 6, "reason": "the injured figure, entered as killed"}),
    (
        "headlines",
        {
            "category": "killed",
            "source_name": "Greater Manchester Police",
            "reason": "the police confirm each death",
        },
    ),
    _figure(
        "killed",
        "22",
        "2018-05-16T12:00:00+01:00",
        GMP,
        note="a year on: “we knew quickly 22 people had been murdered”",
    ),
    _figure(
        "injured",
        "over 800",
        "2018-05-16T12:00:00+01:00",
        GMP,
        note="physical and deep psychological injuries; the police had earlier counted 500",
        scope="including psychological harm",
    ),
]

INVESTIGATORS = {"name": "Investigative Committee of Russia", "kind": "official"}
# The death toll after the demo's first "at least 40" (Moscow time, +03:00).
CROCUS_TOLL: list[Step] = [
    _figure("killed", "60", "2024-03-23T01:00:00+03:00", INVESTIGATORS),
    _figure("killed", "93", "2024-03-23T10:00:00+03:00", INVESTIGATORS),
    _figure("killed", "115", "2024-03-23T13:00:00+03:00", INVESTIGATORS),
    _figure("killed", "133", "2024-03-23T20:00:00+03:00", INVESTIGATORS),
    _figure("killed", "137", "2024-03-24T10:00:00+03:00", INVESTIGATORS),
    _figure("killed", "139", "2024-03-25T12:00:00+03:00", INVESTIGATORS),
]


def record(
    http: httpx.Client,
    steps: list[Step],
    reporter: dict[str, str],
    editor: dict[str, str],
    incident: str | None = None,
) -> str:
    """Post each step (opening a new incident when the first step is "open", else adding
    to `incident`); returns the incident's id, taken from the opening's Location."""
    for route, body in steps:
        headers = editor if route in EDITORIAL else reporter
        if route == "open":
            opened = http.post("/incidents", headers=headers, json=body)
            assert opened.status_code == 201, opened.text
            incident = opened.headers["Location"].rsplit("/", 1)[-1]
            continue
        assert incident is not None, "the first step opens the incident"
        answer = http.post(f"/incidents/{incident}/{route}", headers=headers, json=body)
        assert answer.status_code == 201, (route, body, answer.text)
    assert incident is not None
    return incident
