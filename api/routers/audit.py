"""Audit: verify an incident's chain, compare versions, export the series, checkpoints."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api import audit
from api.audit_schemas import ChainVerification, Changes, CheckpointOut, PublicKeyOut
from api.deps import KnownAt, ReaderDep, ServiceDep
from api.problems import Problem, problem_responses
from domain.values import Category
from projections.changes import changes

router = APIRouter(tags=["audit"])
INCIDENT_PROBLEMS = problem_responses(401, 404, 422)

CSV_COLUMNS = (
    "entry", "category", "qualifier", "value", "low", "high", "text", "as_of", "note",
    "recorded_at", "source_name", "source_url", "reported_by", "retracted", "retracted_at",
)  # fmt: skip


@router.get(
    "/incidents/{incident_id}/verify", response_model=ChainVerification, responses=INCIDENT_PROBLEMS
)
def verify(incident_id: UUID, service: ServiceDep, _: ReaderDep) -> dict[str, Any]:
    """Recompute the incident's hash chain from its stored events."""
    result = service.app.verify(incident_id, service.views.known_version(incident_id))
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
    service: ServiceDep,
    _: ReaderDep,
    from_: Annotated[int, Query(alias="from", ge=0, description="0: before the opening")] = 0,
    to: Annotated[int | None, Query(ge=1, description="default: the current version")] = None,
) -> dict[str, Any]:
    """What changed in the view between two versions."""
    after = service.views.view(incident_id, version=to)
    if from_ > after["version"]:
        raise Problem(
            422,
            "Invalid request",
            f"from ({from_}) is after to ({after['version']})",
            kind="validation",
        )
    before = service.views.view(incident_id, version=from_) if from_ else None
    return changes(before, after)


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
    service: ServiceDep,
    _: ReaderDep,
    category: Category | None = None,
    known_at: KnownAt = None,
) -> Response:
    """The figure series as CSV: one row per figure, the series' fields as columns."""
    series = service.views.series(incident_id, category=category, known_at=known_at)
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
def checkpoint(service: ServiceDep, _: ReaderDep) -> dict[str, Any]:
    """Every incident's chain head at the current position, hashed and signed."""
    return audit.checkpoint(service).as_dict()


@router.get("/checkpoint/key", response_model=PublicKeyOut, responses=problem_responses(401, 422))
def checkpoint_key(service: ServiceDep, _: ReaderDep) -> dict[str, str]:
    """The public key that signs checkpoints."""
    return service.signer.public_key()
