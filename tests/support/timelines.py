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


SCOPES = [None, None, None, None, "including psychological harm", "children", "Children "]
EDITORIAL = ("revisions", "retractions", "headlines", "withdrawal")


def random_timeline(seed: int, length: int = 50) -> list[Step]:
    """A reproducible timeline of `length` accepted entries after the opening: figures
    (some scoped), attributions, statements, revisions, headline choices, retractions,
    and a withdrawal now and then, during which every entry but a retraction is refused."""
    rng = random.Random(seed)
    steps: list[Step] = [("open", opening(), 201)]
    kinds: dict[int, str] = {1: "open"}
    retracted: set[int] = set()
    as_ofs: list[datetime] = [START]
    withdrawn: int | None = None
    while len(kinds) <= length:
        entry = len(kinds) + 1
        roll = rng.random()
        if withdrawn is not None and roll < 0.85:
            if rng.random() < 0.5:  # retract the withdrawal: the incident is back
                steps.append(
                    ("retractions", {"entry": withdrawn, "reason": "not a duplicate"}, 201)
                )
                retracted.add(withdrawn)
                kinds[entry], withdrawn = "retraction", None
            else:  # anything else is refused while withdrawn
                steps.append(("statements", _statement(rng, entry), 409))
            continue
        if roll < 0.45:
            steps.append(("figures", _figure(rng, as_ofs), 201))
            kinds[entry] = "figure"
        elif roll < 0.55:
            attribution, refused = _attribution(rng)
            steps.append(("attributions", attribution, 422 if refused else 201))
            if refused:
                continue
            kinds[entry] = "attribution"
        elif roll < 0.65:
            steps.append(("statements", _statement(rng, entry), 201))
            kinds[entry] = "statement"
        elif roll < 0.73:
            steps.append(("revisions", _revision(rng, entry), 201))
            kinds[entry] = "revision"
        elif roll < 0.8:
            steps.append(("headlines", _choice(rng), 201))
            kinds[entry] = "headline"
        elif roll < 0.82 and withdrawn is None:
            steps.append(("withdrawal", {"reason": "opened twice by mistake"}, 201))
            kinds[entry], withdrawn = "withdrawal", entry
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
            if target == withdrawn:
                withdrawn = None
            steps.append(("retractions", {"entry": target, "reason": "did not hold"}, 201))
            kinds[entry] = "retraction"
    return steps


def _figure(rng: random.Random, as_ofs: list[datetime]) -> dict[str, Any]:
    if as_ofs and rng.random() < 0.2:
        as_of = rng.choice(as_ofs)  # a tie with an earlier report
    else:
        as_of = START + timedelta(minutes=rng.randrange(0, 14 * 24 * 60))
    as_ofs.append(as_of)
    count = 40 + int((as_of - START).total_seconds() // 3600) + rng.randrange(0, 5)
    body = {
        "category": rng.choice(["killed", "killed", "injured", "missing"]),
        "text": rng.choice(WORDINGS).format(n=count),
        "as_of": as_of.astimezone(rng.choice([MSK, UTC])).isoformat(),
        "source": rng.choice(SOURCES),
    }
    scope = rng.choice(SCOPES)
    return body if scope is None else {**body, "scope": scope}


def _attribution(rng: random.Random) -> tuple[dict[str, Any], bool]:
    """An attribution, and whether the record must refuse it (a claim or denial that
    someone other than the party makes)."""
    party = rng.choice(["Islamic State", "Ukraine"])
    stance = rng.choice(["claims", "denies", "alleges", "confirms", "rejects"])
    own_words = stance in ("claims", "denies")
    speaker = rng.choice(["U.S. officials", "HUR", "Islamic State", "Ukraine"])
    if own_words:  # the party's own words; spelt as it pleases, or refused
        speaker = rng.choice([party, party.upper(), f" {party}", speaker])
    attribution = {
        "party": party,
        "stance": stance,
        "asserted_by": speaker,
        "stated_at": (START + timedelta(hours=rng.randrange(1, 72))).isoformat(),
        "source": rng.choice(SOURCES),
    }
    return attribution, own_words and speaker.strip().casefold() != party.casefold()


def _statement(rng: random.Random, entry: int) -> dict[str, Any]:
    return {
        "speaker": rng.choice(["Vladimir Putin", "U.S. Embassy in Russia"]),
        "statement": f"Statement number {entry}.",
        "stated_at": (START - timedelta(days=rng.randrange(0, 15))).isoformat(),
        "topic": rng.choice(["warning", "reaction", None]),
        "source": rng.choice(SOURCES),
    }


def _revision(rng: random.Random, entry: int) -> dict[str, Any]:
    body: dict[str, Any] = {"title": f"Crocus City Hall attack (revision {entry})"}
    if rng.random() < 0.3:
        body["summary"] = None
    if rng.random() < 0.3:
        body["tags"] = rng.sample(["terrorism", "Moscow", "ISIS-K", "concert"], 2)
    if rng.random() < 0.2:
        body["occurred_at"] = (START + timedelta(minutes=rng.randrange(-5, 5))).isoformat()
    return {**body, "reason": "more precise wording"}


def _choice(rng: random.Random) -> dict[str, Any]:
    """A headline choice: a source (sometimes one that never reports), or back to any."""
    source = rng.choice([*(s["name"] for s in SOURCES), "A source yet to report", None])
    scope = rng.choice(SCOPES)
    choice = {"category": rng.choice(["killed", "injured"]), "source_name": source}
    return {**choice, **({} if scope is None else {"scope": scope}), "reason": "our choice"}


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
