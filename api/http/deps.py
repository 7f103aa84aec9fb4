"""Dependencies, declared once as Annotated aliases: the parts a route uses, the caller,
and the checks in front of a write.

The app keeps the service's parts on its state (see `api.http.app`); each route
declares the ones it uses, and nothing else reaches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import Depends, Header, Query, Request
from pydantic import AfterValidator

from api.access import Principal, Role
from api.bootstrap import Parts
from api.http.etags import IF_MATCH_PATTERN, tagged_version
from api.http.idempotency import idempotency
from api.http.problems import Problem, token_refused
from api.http.requests import Moment, one_line
from api.http.session import session_token
from api.settings import Settings
from api.storage.lookups import Lookups, ViewCache
from api.storage.mirror_state import mirror_of_database
from api.storage.recorders import RequestKey
from api.storage.signing import Signer
from api.storage.tokens import principal_of, token_id_of
from api.writing.idempotency import Written
from domain.application import Change, IncidentRecord
from domain.values import MAX_NAME, Category
from projections.sql import PointRead
from projections.views import IncidentViews

T = TypeVar("T")

Authorization = Annotated[str | None, Header(description="Bearer <token>")]


def parts_of(request: Request) -> Parts:
    """The parts the app was started with."""
    parts: Parts = request.app.state.parts
    return parts


def _record(request: Request) -> IncidentRecord:
    return parts_of(request).record


def _views(request: Request) -> IncidentViews:
    return parts_of(request).views


def _settings(request: Request) -> Settings:
    return parts_of(request).settings


def _signer(request: Request) -> Signer:
    return parts_of(request).signer


def _view_cache(request: Request) -> ViewCache:
    return parts_of(request).view_cache


def _lookups(request: Request) -> Lookups:
    return parts_of(request).lookups


RecordDep = Annotated[IncidentRecord, Depends(_record)]
ViewsDep = Annotated[IncidentViews, Depends(_views)]
SettingsDep = Annotated[Settings, Depends(_settings)]
SignerDep = Annotated[Signer, Depends(_signer)]
ViewCacheDep = Annotated[ViewCache, Depends(_view_cache)]
LookupsDep = Annotated[Lookups, Depends(_lookups)]


def bearer(authorization: str | None) -> str | None:
    """The token of an Authorization header (None without one; 401 if not a bearer one)."""
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


async def authenticate(lookups: Lookups, authorization: str | None) -> Principal | None:
    """The caller named by the Authorization header; None when there is no header."""
    token = bearer(authorization)
    return None if token is None else await authenticate_token(lookups, token)


async def authenticate_token(lookups: Lookups, token: str) -> Principal:
    """The caller a bearer token names (401 if nobody: unknown or revoked)."""
    return _admitted(await lookups.point(principal_of(token)))


async def read_token(parts: Parts, token: str) -> Principal:
    """`authenticate_token` for a write, kept in the parts' `known_tokens` when valid (a
    plain write need not read it again) and forgotten there when not."""
    try:
        principal = await authenticate_token(parts.lookups, token)
    except Problem:
        parts.known_tokens.forget(token)
        raise
    parts.known_tokens.add(token, principal)
    return principal


async def authenticate_and_read(
    lookups: Lookups, authorization: str | None, read: PointRead[T]
) -> tuple[Principal | None, T]:
    """`authenticate`, and what `read` reads, in one statement."""
    token = bearer(authorization)
    if token is None:
        return None, await lookups.point(read)
    principal, found = await lookups.points(principal_of(token), read)
    return _admitted(principal), found


def _admitted(principal: Principal | None) -> Principal:
    """The principal a token names, or 401 when it names none (unknown or revoked)."""
    if principal is None:
        raise token_refused()
    return principal


@dataclass(frozen=True, slots=True)
class Write:
    """A write request that passed every check before its body: who sends it and with
    which token, the version it expects (If-Match), its idempotency key, and the parts
    whose writer carries it out."""

    parts: Parts
    principal: Principal
    token: str  # the bearer token it came with, which the writer checks is not revoked
    expected: int | None
    key: RequestKey | None

    async def carry_out(self, change: Change) -> Written:
        """Carry out a change once per idempotency key: what was recorded, and whether
        by an earlier request (a replay); 401 if the token was revoked."""
        try:
            return await self.parts.writer.write(change, self.key, token_id_of(self.token))
        except Problem as problem:
            if problem.status == 401:  # revoked since it was seen valid
                self.parts.known_tokens.forget(self.token)
            raise


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
        parts = parts_of(request)
        await refuse_on_a_mirror(parts.lookups)
        _check_json(headers.get("content-type"))
        token = bearer(headers.get("authorization"))
        if token is None:
            raise Problem(
                401,
                "Unauthorized",
                f"this needs a token with the {role} role or higher",
                kind="unauthorized",
                headers={"WWW-Authenticate": "Bearer"},
            )
        principal = await read_token(parts, token)
        if not principal.may(role):
            raise Problem(
                403,
                "Forbidden",
                f"the token {principal.name!r} is a {principal.role}; this needs {role} or higher",
                kind="forbidden",
            )
        parts.limiter.take(principal.name)
        expected = _expected_version(headers.get("if-match")) if conditional else None
        idem = await idempotency(request, headers.get("idempotency-key"))
        key = idem.scoped(principal) if idem else None
        return Write(parts, principal, token, expected, key)

    return Depends(write)


async def refuse_on_a_mirror(lookups: Lookups) -> None:
    """Refuse a write to a mirror's database (409): it holds another server's log."""
    original = await mirror_of_database(lookups)
    if original is not None:
        raise Problem(
            409,
            "Read-only mirror",
            f"this server is a read-only mirror of {original}: send writes to the original",
            kind="read-only-mirror",
            mirror_of=original,
        )


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
             {"type": "string", "pattern": IF_MATCH_PATTERN})
        )  # fmt: skip
    parameters = [
        {"name": name, "in": "header", "required": False, "description": about, "schema": schema}
        for name, about, schema in documented
    ]
    return {"parameters": parameters}


async def reader(request: Request, authorization: Authorization = None) -> Principal | None:
    """Reads are public unless INCIDENTS_READS_REQUIRE_TOKEN is set; a bad token is refused."""
    parts = parts_of(request)
    principal = await authenticate(parts.lookups, authorization)
    if principal is None and parts.settings.reads_require_token:
        # A browser's session (see api.http.private): it opens reads, never writes.
        token = session_token(request.scope)
        if token is not None:
            principal = await authenticate(parts.lookups, f"Bearer {token}")
    if principal is None and parts.settings.reads_require_token:
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
    version = tagged_version(if_match)
    if version is None:
        raise Problem(
            400,
            "Malformed If-Match",
            'If-Match takes one entity tag: the incident\'s version in quotes, like "3"',
            kind="malformed-if-match",
        )
    return version


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
# A text query parameter: the characters no text may hold are refused (422).
CleanQuery = Annotated[str, AfterValidator(one_line)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page (at most 1000)")]
KnownAt = Annotated[
    Moment | None,
    Query(description="the record as it stood at this moment (transaction time, inclusive)"),
]
AsOf = Annotated[
    Moment | None,
    Query(
        description="as reported at this moment (valid time): figures with as_of, and "
        "attributions and statements with stated_at, up to it"
    ),
]
ScopeQuery = Annotated[
    CleanQuery | None,
    Query(max_length=MAX_NAME, description="only this scope's series (empty: the unscoped one)"),
]


@dataclass(frozen=True, slots=True)
class SeriesAsked:
    """What a read of a figure series asks: which category and scope, and the record as it
    stood (`known_at`) or as reported by a moment (`as_of`)."""

    category: Category | None = None
    scope: ScopeQuery = None
    known_at: KnownAt = None
    as_of: AsOf = None

    def of(self, views: IncidentViews, incident_id: UUID) -> list[dict[str, Any]]:
        """The series asked for."""
        return views.series(
            incident_id,
            category=self.category,
            scope=self.scope,
            known_at=self.known_at,
            as_of=self.as_of,
        )


SeriesQuery = Annotated[SeriesAsked, Depends()]
