"""Dependencies, declared once as Annotated aliases: the service, the caller, If-Match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Query, Request

from api.idempotency import idempotency
from api.persistence import RequestKey
from api.problems import Problem
from api.schemas import Moment
from api.service import Service
from api.tokens import Principal, Role, TokenStore
from domain.application import Change, Recorded

_ETAG = re.compile(r'\s*(?:W/)?"(\d{1,18})"\s*')

Authorization = Annotated[str | None, Header(description="Bearer <token>")]


async def get_service(request: Request) -> Service:
    """The service the app was started with."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def _bearer(authorization: str | None) -> str | None:
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "Unauthorized",
            "use 'Authorization: Bearer <token>'",
            kind="unauthorized",
            headers={"WWW-Authenticate": 'Bearer error="invalid_request"'},
        )
    return token.strip()


async def authenticate(service: Service, authorization: str | None) -> Principal | None:
    """The caller named by the Authorization header; None when there is no header."""
    token = _bearer(authorization)
    if token is None:
        return None
    principal = await service.lookups.read(lambda db: TokenStore.principal(db, token))
    if principal is None:
        raise Problem(
            401,
            "Unauthorized",
            "the token is unknown or revoked",
            kind="unauthorized",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return principal


@dataclass(frozen=True, slots=True)
class Write:
    """A write request that passed every check before its body: the service, who sends
    it, the version it expects (If-Match), and its idempotency key."""

    service: Service
    principal: Principal
    expected: int | None
    key: RequestKey | None

    async def carry_out(self, change: Change) -> tuple[Recorded, bool]:
        """Carry out a change once per idempotency key: what was recorded, and whether
        by an earlier request (a replay)."""
        return await self.service.writer.write(change, self.key)


def writes(role: Role, *, conditional: bool = True) -> object:
    """The dependency of a write route: the body is JSON (415), the caller's role is at
    least `role` (401, 403) and within its write rate (429), If-Match (when
    `conditional`) and Idempotency-Key are well formed (400).

    One dependency that reads its headers itself (`write_headers` documents them):
    FastAPI spends about as long on each declared dependency and header of a request
    as on the rest of a write's work in this process.
    """

    async def write(request: Request) -> Write:
        headers = request.headers
        _check_json(headers.get("content-type"))
        service: Service = request.app.state.service
        principal = await authenticate(service, headers.get("authorization"))
        if principal is None:
            raise Problem(
                401,
                "Unauthorized",
                f"this needs a token with the {role} role or higher",
                kind="unauthorized",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not principal.may(role):
            raise Problem(
                403,
                "Forbidden",
                f"the token {principal.name!r} is a {principal.role}; this needs {role} or higher",
                kind="forbidden",
            )
        service.limiter.take(principal.name)
        expected = _expected_version(headers.get("if-match")) if conditional else None
        idem = await idempotency(request, headers.get("idempotency-key"))
        return Write(service, principal, expected, idem.scoped(principal) if idem else None)

    return Depends(write)


def write_headers(*, conditional: bool = True) -> dict[str, Any]:
    """The OpenAPI parameters of the headers a write reads (for `openapi_extra`)."""
    documented = [
        ("Authorization", "Bearer <token> (reporter, editor or admin)", {"type": "string"}),
        ("Content-Type", "application/json", {"type": "string"}),
        ("Idempotency-Key", "makes a retried POST answer the original receipt",
         {"type": "string", "pattern": r'^"?[!#-~]{1,255}"?$'}),
    ]  # fmt: skip
    if conditional:
        documented.append(
            ("If-Match", 'the version the write expects, like "3" (412 when stale)',
             {"type": "string", "pattern": r'^(\*|(W/)?"[0-9]{1,18}")$'})
        )  # fmt: skip
    parameters = [
        {"name": name, "in": "header", "required": False, "description": about, "schema": schema}
        for name, about, schema in documented
    ]
    return {"parameters": parameters}


async def reader(request: Request, authorization: Authorization = None) -> Principal | None:
    """Reads are public unless INCIDENTS_READS_REQUIRE_TOKEN is set; a bad token is refused."""
    service: Service = request.app.state.service
    principal = await authenticate(service, authorization)
    if principal is None and service.settings.reads_require_token:
        raise Problem(
            401,
            "Unauthorized",
            "reads need a token on this server",
            kind="unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def _expected_version(if_match: str | None) -> int | None:
    """The version an If-Match header expects (None without one or for '*')."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _ETAG.fullmatch(if_match)
    if match is None:
        raise Problem(
            400,
            "Malformed If-Match",
            'If-Match takes one entity tag: the incident\'s version in quotes, like "3"',
            kind="malformed-if-match",
        )
    return int(match[1])


ReaderDep = Annotated[Principal | None, Depends(reader)]
ReporterWrite = Annotated[Write, writes(Role.REPORTER)]
EditorWrite = Annotated[Write, writes(Role.EDITOR)]
OpeningWrite = Annotated[Write, writes(Role.REPORTER, conditional=False)]


def _check_json(content_type: str | None) -> None:
    """Refuse a body that is not declared as JSON."""
    media = (content_type or "").split(";")[0].strip().lower()
    if media != "application/json" and not media.endswith("+json"):
        raise Problem(
            415,
            "Unsupported media type",
            "send the body as application/json",
            kind="unsupported-media-type",
        )


MAX_LIMIT = 1000
MAX_POSITION = 2**53  # beyond any entry number or log position, within every store's integers
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page (at most 1000)")]
KnownAt = Annotated[
    Moment | None,
    Query(description="the record as it stood at this moment (transaction time, inclusive)"),
]
