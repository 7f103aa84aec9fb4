"""Dependencies, declared once as Annotated aliases: the service, the caller, If-Match."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, Header, Query, Request
from pydantic import WithJsonSchema

from api.problems import Problem
from api.schemas import Moment
from api.service import Service
from api.tokens import Principal, Role

_ETAG = re.compile(r'\s*(?:W/)?"(\d{1,18})"\s*')


def get_service(request: Request) -> Service:
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


def authenticate(service: Service, authorization: str | None) -> Principal | None:
    """The caller named by the Authorization header; None when there is no header."""
    token = _bearer(authorization)
    if token is None:
        return None
    principal = service.tokens.authenticate(token)
    if principal is None:
        raise Problem(
            401,
            "Unauthorized",
            "the token is unknown or revoked",
            kind="unauthorized",
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    return principal


def require(role: Role) -> object:
    """A dependency for writes: admits callers whose role is at least `role`, within
    their token's write rate."""

    def dependency(
        service: ServiceDep, authorization: Annotated[str | None, Header()] = None
    ) -> Principal:
        principal = authenticate(service, authorization)
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
        return principal

    return Depends(dependency)


def reader(
    service: ServiceDep, authorization: Annotated[str | None, Header()] = None
) -> Principal | None:
    """Reads are public unless INCIDENTS_READS_REQUIRE_TOKEN is set; a bad token is refused."""
    principal = authenticate(service, authorization)
    if principal is None and service.settings.reads_require_token:
        raise Problem(
            401,
            "Unauthorized",
            "reads need a token on this server",
            kind="unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


def if_match(
    if_match: Annotated[
        str | None,
        Header(description='the version the write expects, like "3" (412 when stale)'),
        # Documented, not validated by FastAPI: a malformed one is a 400, not a 422.
        WithJsonSchema({"type": "string", "pattern": r'^(\*|(W/)?"[0-9]{1,18}")$'}),
    ] = None,
) -> int | None:
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
ReporterDep = Annotated[Principal, require(Role.REPORTER)]
EditorDep = Annotated[Principal, require(Role.EDITOR)]
IfMatchDep = Annotated[int | None, Depends(if_match)]


def json_body(content_type: Annotated[str | None, Header()] = None) -> None:
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
