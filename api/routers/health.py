"""Health: the store answers and the read models caught up at start."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServiceDep
from api.problems import Problem, problem_responses
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, responses=problem_responses(503))
def healthz(service: ServiceDep) -> dict[str, str]:
    """200 once the store answers and the projections have caught up."""
    try:
        service.app.recorder.max_notification_id()
    except Exception as error:
        raise Problem(
            503, "Unavailable", f"the store does not answer: {error}", kind="store-unavailable"
        ) from None
    return {"status": "ok"}
