"""Audit: verify an incident's chain, compare versions, export the series, checkpoints."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.audit.checkpoints import checkpoint as signed_checkpoint
from api.http.caching import IMMUTABLE
from api.http.deps import ReaderDep, RecordDep, SeriesQuery, SignerDep, ViewsDep
from api.http.problems import Problem, problem_responses
from api.http.responses import ChainVerification, Changes, CheckpointOut, PublicKeyOut
from projections.changes import changes

router = APIRouter(tags=["audit"])
INCIDENT_PROBLEMS = problem_responses(401, 404, 422)

CSV_COLUMNS = (
    "entry", "category", "qualifier", "value", "low", "high", "text", "as_of", "note",
    "recorded_at", "source_name", "source_url", "reported_by", "retracted", "retracted_at",
    "scope", "read_from", "language",
)  # fmt: skip


@router.get(
    "/incidents/{incident_id}/verify", response_model=ChainVerification, responses=INCIDENT_PROBLEMS
)
def verify(incident_id: UUID, record: RecordDep, views: ViewsDep, _: ReaderDep) -> dict[str, Any]:
    """Recompute the incident's hash chain from its stored events."""
    result = record.verify(incident_id, views.known_version(incident_id))
    return {
        "ok": result.ok,
        "entries": result.entries,
        "head": result.head,
        "first_bad_entry": result.first_bad_entry,
        "problem": result.problem,
    }


@router.get(
    "/incidents/{incident_id}/changes",
    response_model=Changes,
    response_model_by_alias=True,
    responses=INCIDENT_PROBLEMS,
)
def changes_between(
    incident_id: UUID,
    views: ViewsDep,
    _: ReaderDep,
    from_: Annotated[int, Query(alias="from", ge=0, description="0: before the opening")] = 0,
    to: Annotated[int | None, Query(ge=1, description="default: the current version")] = None,
) -> Response:
    """What changed in the view between two versions."""
    after = views.view(incident_id, version=to)
    if from_ > after["version"]:
        raise Problem(
            422,
            "Invalid request",
            f"from ({from_}) is after to ({after['version']})",
            kind="validation",
        )
    before = views.view(incident_id, version=from_) if from_ else None
    body = Changes.model_validate(changes(before, after)).model_dump_json(by_alias=True)
    # Between two versions named, the answer never changes.
    headers = {"Cache-Control": IMMUTABLE} if to is not None else {}
    return Response(body, media_type="application/json", headers=headers)


@router.get(
    "/incidents/{incident_id}/figures.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "the series as CSV"},
        **INCIDENT_PROBLEMS,
    },
)
def figures_csv(
    incident_id: UUID,
    views: ViewsDep,
    _: ReaderDep,
    asked: SeriesQuery,
) -> Response:
    """The figure series as CSV: one row per figure, the series' fields as columns."""
    series = asked.of(views, incident_id)
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in series:
        source = item["source"]
        row = {
            **{name: item.get(name) for name in CSV_COLUMNS},
            "source_name": source["name"],
            "source_url": source.get("url"),
            "retracted": "true" if item["retracted"] else "false",
        }
        writer.writerow({name: inert(value) for name, value in row.items()})
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{incident_id}-figures.csv"'},
    )


def inert(value: object) -> object:
    """Text that a spreadsheet would run as a formula, quoted so that it reads as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@router.get("/checkpoint", response_model=CheckpointOut, responses=problem_responses(401, 422))
def checkpoint(
    record: RecordDep, views: ViewsDep, signer: SignerDep, _: ReaderDep
) -> dict[str, Any]:
    """Every incident's chain head at the current position, hashed and signed."""
    return signed_checkpoint(record, views, signer).as_dict()


@router.get("/checkpoint/key", response_model=PublicKeyOut, responses=problem_responses(401, 422))
def checkpoint_key(signer: SignerDep, _: ReaderDep) -> dict[str, str]:
    """The public key that signs checkpoints."""
    return signer.public_key()
