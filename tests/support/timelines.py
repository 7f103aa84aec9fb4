"""Messy reporting timelines for tests: figures out of order, backfills, ties between
sources, revisions and retractions, with some updates the record must refuse.

A timeline is a list of steps `(route, body, status)`: the route under
/incidents/{id} (or "open"), the JSON body, and the status the service must answer.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

from api.entry_kinds import BY_SEGMENT, OPENING
from domain.application import Change
from domain.errors import IncidentError

MSK = timezone(timedelta(hours=3))
START = datetime(2024, 3, 22, 19, 58, tzinfo=MSK)
SOURCES = [
    {"name": "TASS", "kind": "state_media"},
    {"name": "Reuters", "kind": "news_agency"},
    {"name": "reuters "},  # the same source, spelt differently
    {"name": "Investigative Committee of Russia", "kind": "official"},
    {"name": "Meduza", "url": "https://meduza.io/", "kind": "news_outlet"},
]
WORDINGS = ["{n}", "at least {n}", "more than {n}", "about {n}", "up to {n}", "{n}+"]
Step = tuple[str, dict[str, Any], int]


def opening(title: str = "Crocus City Hall attack") -> dict[str, Any]:
    """The body that opens the incident."""
    return {
        "title": title,
        "occurred_at": START.isoformat(),
        "location": {"name": "Crocus City Hall, Krasnogorsk", "country_code": "RU"},
        "summary": "Gunmen opened fire at a concert venue.",
        "tags": ["terrorism"],
        "source": SOURCES[0],
    }


def random_timeline(seed: int, length: int = 50) -> list[Step]:
    """A reproducible timeline of `length` accepted entries after the opening."""
    rng = random.Random(seed)
    steps: list[Step] = [("open", opening(), 201)]
    kinds: dict[int, str] = {1: "open"}
    retracted: set[int] = set()
    as_ofs: list[datetime] = [START]
    while len(kinds) <= length:
        entry = len(kinds) + 1
        roll = rng.random()
        if roll < 0.5:
            if as_ofs and rng.random() < 0.2:
                as_of = rng.choice(as_ofs)  # a tie with an earlier report
            else:
                as_of = START + timedelta(minutes=rng.randrange(0, 14 * 24 * 60))
            as_ofs.append(as_of)
            count = 40 + int((as_of - START).total_seconds() // 3600) + rng.randrange(0, 5)
            steps.append(
                (
                    "figures",
                    {
                        "category": rng.choice(["killed", "killed", "injured", "missing"]),
                        "text": rng.choice(WORDINGS).format(n=count),
                        "as_of": as_of.astimezone(rng.choice([MSK, UTC])).isoformat(),
                        "source": rng.choice(SOURCES),
                    },
                    201,
                )
            )
            kinds[entry] = "figure"
        elif roll < 0.6:
            steps.append(
                (
                    "attributions",
                    {
                        "party": rng.choice(["Islamic State", "Ukraine"]),
                        "stance": rng.choice(["claims", "denies", "alleges", "confirms"]),
                        "asserted_by": rng.choice(["Islamic State", "U.S. officials", "HUR"]),
                        "stated_at": (START + timedelta(hours=rng.randrange(1, 72))).isoformat(),
                        "source": rng.choice(SOURCES),
                    },
                    201,
                )
            )
            kinds[entry] = "attribution"
        elif roll < 0.7:
            steps.append(
                (
                    "statements",
                    {
                        "speaker": rng.choice(["Vladimir Putin", "U.S. Embassy in Russia"]),
                        "statement": f"Statement number {entry}.",
                        "stated_at": (START - timedelta(days=rng.randrange(0, 15))).isoformat(),
                        "topic": rng.choice(["warning", "reaction", None]),
                        "source": rng.choice(SOURCES),
                    },
                    201,
                )
            )
            kinds[entry] = "statement"
        elif roll < 0.8:
            body: dict[str, Any] = {"title": f"Crocus City Hall attack (revision {entry})"}
            if rng.random() < 0.3:
                body["summary"] = None
            if rng.random() < 0.3:
                body["tags"] = rng.sample(["terrorism", "Moscow", "ISIS-K", "concert"], 2)
            if rng.random() < 0.2:
                body["occurred_at"] = (START + timedelta(minutes=rng.randrange(-5, 5))).isoformat()
            steps.append(("revisions", {**body, "reason": "more precise wording"}, 201))
            kinds[entry] = "revision"
        else:
            candidates = [
                n
                for n, kind in kinds.items()
                if kind not in ("open", "retraction") and n not in retracted
            ]
            if not candidates:
                continue
            if rng.random() < 0.25:
                # refused: the opening, a retraction or an entry retracted already
                bad = [1, *(n for n, k in kinds.items() if k == "retraction"), *retracted]
                steps.append(("retractions", {"entry": rng.choice(bad), "reason": "no"}, 422))
                continue
            target = rng.choice(candidates)
            retracted.add(target)
            steps.append(("retractions", {"entry": target, "reason": "did not hold"}, 201))
            kinds[entry] = "retraction"
    return steps


def apply_step(parts: Any, incident: UUID | None, step: Step, reporter: str = "tester") -> Any:
    """Carry out a step through the application directly (no HTTP), as the API would.

    Returns what the command recorded, or the domain error it raised.
    """
    route, body, _ = step
    try:
        kind = OPENING if route == OPENING.segment else BY_SEGMENT[route]
        command = kind.body.model_validate(body).to_command(reporter)
        return parts.record.carry_out(Change(incident, command))
    except IncidentError as error:
        return error


def apply_timeline(parts: Any, steps: list[Step]) -> UUID:
    """Carry out every step; returns the incident's id."""
    opened = apply_step(parts, None, steps[0])
    for step in steps[1:]:
        apply_step(parts, opened.incident_id, step)
    incident: UUID = opened.incident_id
    return incident
