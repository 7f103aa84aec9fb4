"""Entries: one POST route per kind of entry in the table (`api.entry_kinds`).

Each write answers with a receipt once the entry is durable and every read model
shows it; `If-Match: "<version>"` makes the write conditional (412 when stale).
The routes are made from the table, so their paths, bodies, roles, receipts and
OpenAPI documents follow it.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Response
from starlette.concurrency import run_in_threadpool

from api.entry_kinds import ENTRY_KINDS, EntryKind
from api.http.deps import ViewsDep, Write, write_headers, writes
from api.http.problems import problem_responses
from api.http.receipts import receipt
from api.http.requests import CommandRequest
from domain.application import Change
from projections.views import IncidentViews

router = APIRouter(
    prefix="/incidents/{incident_id}",
    tags=["entries"],
    responses=problem_responses(400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503),
)
HEADERS = write_headers()


def entry_route(kind: EntryKind[Any]) -> Any:
    """The route handler of one kind of entry: its body validated as the kind's request,
    its caller checked for the kind's role."""

    async def handler(
        incident_id: UUID,
        body: CommandRequest,
        write: Write,
        response: Response,
        views: IncidentViews,
    ) -> dict[str, Any]:
        command = body.to_command(write.principal.name)
        change = Change(incident_id, command, write.expected)
        written = await write.carry_out(change)
        answer = receipt(written, response, kind, command)
        if kind.receipt_lookup is not None:
            lookup = kind.receipt_lookup
            answer |= await run_in_threadpool(lookup, views, written[0], command)
        return answer

    # FastAPI reads a handler's parameters from its signature: give this one the
    # kind's own body and role.
    handler.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("incident_id", inspect.Parameter.KEYWORD_ONLY, annotation=UUID),
            inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=kind.body),
            inspect.Parameter(
                "write",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[Write, writes(kind.role)],
            ),
            inspect.Parameter("response", inspect.Parameter.KEYWORD_ONLY, annotation=Response),
            inspect.Parameter("views", inspect.Parameter.KEYWORD_ONLY, annotation=ViewsDep),
        ],
        return_annotation=dict[str, Any],
    )
    handler.__name__ = kind.name
    handler.__doc__ = kind.summary
    return handler


for _kind in ENTRY_KINDS:
    router.add_api_route(
        f"/{_kind.segment}",
        entry_route(_kind),
        methods=["POST"],
        status_code=201,
        response_model=_kind.receipt,
        openapi_extra=HEADERS,
        name=_kind.name,
    )
