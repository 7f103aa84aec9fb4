"""Health: the store answers and the read models caught up at start.

While the service is starting (waiting for its database, catching up) every request,
this one too, is a 503 (`api.http.deadlines.Starting`); after that, a store that does
not answer within the store timeout makes it a 503 again, until the store is back.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter

from api.http.deps import RecordDep
from api.http.problems import problem_responses, store_unavailable
from api.http.responses import Health
from domain.errors import first_line

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz", response_model=Health, responses=problem_responses(503))
def healthz(record: RecordDep) -> dict[str, str]:
    """200 once the store answers and the projections have caught up."""
    try:
        record.recorder.max_notification_id()
    except Exception as error:
        # The error names hosts and users: it goes to the log, not to the caller. One
        # line: while the store is away, this is asked again and again.
        log.warning("the health check could not reach the store: %s", first_line(error))
        raise store_unavailable("the store does not answer") from None
    return {"status": "ok"}
