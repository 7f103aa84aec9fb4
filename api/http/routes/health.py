"""Health: the store answers and the read models caught up at start."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from api.http.deps import RecordDep
from api.http.problems import problem_responses, store_unavailable
from api.http.responses import Health

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz", response_model=Health, responses=problem_responses(503))
def healthz(record: RecordDep) -> dict[str, str]:
    """200 once the store answers and the projections have caught up."""
    try:
        record.recorder.max_notification_id()
    except Exception:
        # The error names hosts and users: it goes to the log, not to the caller.
        log.exception("the health check could not reach the store")
        raise store_unavailable("the store does not answer") from None
    return {"status": "ok"}
