"""RFC 9457 problem details: every error the API sends, in one place.

Domain errors, FastAPI's validation errors, malformed JSON, unknown routes and
methods all become `application/problem+json` here. Handlers never build error
bodies themselves; they raise. Routes declare the problems they can answer with
`problem_responses`, so that the OpenAPI schema names every status they send.
"""

from __future__ import annotations

import logging
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from api.http.etags import etag
from api.http.responses import ProblemDetails
from domain.application import WriteContention
from domain.errors import (
    IncidentError,
    IncidentNotFound,
    IncidentWithdrawn,
    InvalidEntry,
    UnreadableFigure,
    VersionMismatch,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

WHEN = {
    400: "Malformed request: a JSON body, cursor or header that cannot be read",
    401: "No token, or an unknown or revoked one",
    403: "The token's role is too low for this",
    404: "No such incident (or none yet at that version or known_at)",
    409: "The incident is withdrawn (only a retraction can be added to it), or this server is"
    " a read-only mirror of another",
    412: "If-Match names a version that is no longer the current one",
    413: "The body is over 64 KiB",
    415: "The body is not declared as JSON",
    422: "The request is invalid, or the record refuses the entry",
    429: "The token is writing faster than its rate; see Retry-After",
    503: "The store is busy or does not answer; see Retry-After",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route that can answer with these problems.

    The schema is written out rather than named as a response `model`, which FastAPI
    would document under the route's own media type, application/json.
    """
    schema = ProblemDetails.model_json_schema()
    return {
        status: {"description": WHEN[status], "content": {PROBLEM_JSON: {"schema": schema}}}
        for status in statuses
    }


class Problem(HTTPException):
    """An HTTP problem to answer with; raised anywhere under `api/`.

    An HTTPException, so that FastAPI lets it through untouched even where it wraps
    other errors (as while reading a request body).
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str | None = None,
        *,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status, detail=detail or title, headers=headers)
        self.status = status
        self.title = title
        self.kind = kind
        self.headers = headers or {}
        self.extra = extra


def problem_response(request: Request, problem: Problem) -> JSONResponse:
    """The problem as an application/problem+json response."""
    body: dict[str, Any] = {
        "type": f"urn:incidents:problem:{problem.kind}" if problem.kind else "about:blank",
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "instance": request.url.path,
        **problem.extra,
    }
    return JSONResponse(
        body, status_code=problem.status, media_type=PROBLEM_JSON, headers=problem.headers
    )


def malformed_json() -> Problem:
    """The problem for a request body that is not JSON."""
    return Problem(
        400, "Malformed JSON", "the request body is not valid JSON", kind="malformed-json"
    )


def store_unavailable(detail: str = "the store is busy or does not answer") -> Problem:
    """The problem for a store that cannot take the request now."""
    return Problem(
        503, "Unavailable", detail, kind="store-unavailable", headers={"Retry-After": "1"}
    )


def token_refused() -> Problem:
    """The problem for a token that names nobody: unknown, or revoked."""
    return Problem(
        401,
        "Unauthorized",
        "the token is unknown or revoked",
        kind="unauthorized",
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def domain_problem(error: IncidentError) -> Problem:  # noqa: PLR0911 (one return per kind)
    """The HTTP problem for a domain error."""
    match error:
        case IncidentNotFound():
            return Problem(404, "Incident not found", str(error), kind="incident-not-found")
        case VersionMismatch():
            return Problem(
                412,
                "Precondition failed",
                str(error),
                kind="version-mismatch",
                headers={"ETag": etag(error.actual)},
                current_version=error.actual,
            )
        case IncidentWithdrawn():
            return Problem(
                409, "Incident withdrawn", str(error), kind="incident-withdrawn", entry=error.entry
            )
        case UnreadableFigure():
            return Problem(
                422, "Unreadable figure", str(error), kind="unreadable-figure", text=error.text
            )
        case InvalidEntry():
            kind = "".join(f"-{c.lower()}" if c.isupper() else c for c in type(error).__name__)
            # A refused figure names the wording it refused.
            text = getattr(error, "text", None)
            extra: dict[str, Any] = {"text": text} if isinstance(text, str) else {}
            return Problem(422, "Entry refused", str(error), kind=kind.lstrip("-"), **extra)
        case WriteContention():
            return store_unavailable(str(error))
    return Problem(500, "Internal error", "an unexpected domain error", kind="internal")


def problem_of(error: BaseException) -> Problem | None:
    """The problem the app's exception handlers answer an error with; None for a bug."""
    if isinstance(error, Problem):
        return error
    if isinstance(error, IncidentError):
        return domain_problem(error)
    if isinstance(error, OperationalError | InterfaceError):
        return store_unavailable()
    return None


def allowed_methods(request: Request) -> str:
    """The methods some route of the app answers on this request's path."""
    allowed = [
        method
        for method in ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
        )
    ]
    return ", ".join(allowed)


def install(app: FastAPI) -> None:
    """Answer every error the app can raise with a problem."""

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(request, exc)

    @app.exception_handler(IncidentError)
    async def _domain(request: Request, exc: IncidentError) -> JSONResponse:
        return problem_response(request, domain_problem(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"location": list(e.get("loc", ())), "message": e.get("msg", ""), "type": e.get("type")}
            for e in exc.errors()
        ]
        if any(e["type"] == "json_invalid" for e in errors):
            problem = malformed_json()
        else:
            first = errors[0] if errors else {"location": [], "message": "invalid request"}
            where = ".".join(str(part) for part in first["location"])
            problem = Problem(
                422,
                "Invalid request",
                f"{where}: {first['message']}",
                kind="validation",
                errors=errors,
            )
        return problem_response(request, problem)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        if exc.status_code == 405:  # name every method of the path, not one route's
            exc.headers = {**(exc.headers or {}), "Allow": allowed_methods(request)}
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError | RecursionError):
            # FastAPI's answer to a JSON body it could not even decode: not UTF-8, or
            # nested deeper than the parser goes.
            return problem_response(request, malformed_json())
        title = {404: "Not found", 405: "Method not allowed", 413: "Content too large"}.get(
            exc.status_code, "HTTP error"
        )
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem_response(
            request, Problem(exc.status_code, title, detail, headers=dict(exc.headers or {}))
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    async def _store(request: Request, exc: Exception) -> JSONResponse:
        # The database is busy, unreachable, or out of pooled connections: say so,
        # and when to come back, rather than blame a bug.
        log.warning("store unavailable on %s %s: %s", request.method, request.url.path, exc)
        return problem_response(request, store_unavailable())

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem_response(
            request,
            Problem(500, "Internal error", "the server failed; this is a bug", kind="internal"),
        )
