"""The log as a Merkle tree: signed checkpoints, inclusion and consistency proofs, leaves.

Proofs and leaves are only given for a tree size the log has reached, so each
answer is about a fixed tree and never changes: it is marked immutable. The
checkpoint moves with the log and is never cached without revalidation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from api.audit.proofs import MAX_LEAVES, LogDamaged, LogProofs, OutsideTheTree
from api.http.caching import IMMUTABLE
from api.http.deps import MAX_POSITION, ReaderDep, parts_of
from api.http.problems import Problem, problem_responses
from api.http.responses import ConsistencyProof, InclusionProof, LeafPage

router = APIRouter(prefix="/log", tags=["log"])
PROBLEMS = problem_responses(401, 422)
NOTE = {200: {"content": {"text/plain": {}}, "description": "a signed note"}, **PROBLEMS}
KEY = {200: {"content": {"text/plain": {}}, "description": "a note verifier key"}, **PROBLEMS}


def _proofs(request: Request) -> LogProofs:
    return parts_of(request).proofs


LogDep = Annotated[LogProofs, Depends(_proofs)]
LeafIndex = Annotated[int, Query(ge=0, le=MAX_POSITION, description="a leaf index (0-based)")]
TreeSize = Annotated[int, Query(ge=1, le=MAX_POSITION, description="a tree size (leaves)")]


@router.get("/checkpoint", response_class=Response, responses=NOTE)
def checkpoint(log: LogDep, _: ReaderDep) -> Response:
    """The tree's current size and root hash: a C2SP checkpoint, signed as a C2SP note
    with the key of /checkpoint/key under the log's origin."""
    return Response(log.checkpoint(), media_type="text/plain; charset=utf-8")


@router.get("/key", response_class=Response, responses=KEY)
def verifier_key(log: LogDep, _: ReaderDep) -> Response:
    """The checkpoint key as note verifiers take it: `<origin>+<key id>+<key>`."""
    return Response(log.verifier_key() + "\n", media_type="text/plain; charset=utf-8")


@router.get("/proof/inclusion", response_model=InclusionProof, responses=PROBLEMS)
def inclusion(log: LogDep, _: ReaderDep, index: LeafIndex, size: TreeSize) -> Response:
    """The audit path of leaf `index` in the tree of the first `size` leaves."""
    with _refusals():
        proof = log.inclusion(index, size)
    return _immutable(InclusionProof.model_validate(proof).model_dump_json())


@router.get(
    "/proof/consistency",
    response_model=ConsistencyProof,
    response_model_by_alias=True,
    responses=PROBLEMS,
)
def consistency(
    log: LogDep,
    _: ReaderDep,
    from_: Annotated[int, Query(alias="from", ge=1, le=MAX_POSITION, description="older size")],
    to: TreeSize,
) -> Response:
    """The proof that the tree of `to` leaves extends the tree of its first `from`."""
    if from_ > to:
        raise Problem(
            422, "Invalid request", f"from ({from_}) is above to ({to})", kind="validation"
        )
    with _refusals():
        proof = log.consistency(from_, to)
    return _immutable(ConsistencyProof.model_validate(proof).model_dump_json(by_alias=True))


@router.get("/leaves", response_model=LeafPage, responses=PROBLEMS)
def leaves(
    log: LogDep,
    _: ReaderDep,
    start: LeafIndex,
    end: Annotated[int, Query(ge=1, le=MAX_POSITION, description="the leaf after the last")],
) -> Response:
    """Leaves `start` to `end` (exclusive, at most 1000): each one's index, position in
    the log, and data (the entry's canonical encoding)."""
    if not start < end <= start + MAX_LEAVES:
        raise Problem(
            422,
            "Invalid request",
            f"ask for 1 to {MAX_LEAVES} leaves: start < end <= start + {MAX_LEAVES}",
            kind="validation",
        )
    with _refusals():
        page = log.leaves(start, end)
    return _immutable(LeafPage.model_validate({"leaves": page}).model_dump_json())


@contextmanager
def _refusals() -> Iterator[None]:
    """Answer a question about a tree the log has not reached, or a damaged leaf, with a
    problem."""
    try:
        yield
    except OutsideTheTree as error:
        raise Problem(
            422, "Outside the tree", str(error), kind="outside-the-tree", tree_size=error.tree_size
        ) from error
    except LogDamaged as error:
        detail = f"{error}; `incidents verify` names it"
        raise Problem(500, "Log damaged", detail, kind="log-damaged") from error


def _immutable(body: str) -> Response:
    """An answer about a fixed tree size: it never changes."""
    return Response(body, media_type="application/json", headers={"Cache-Control": IMMUTABLE})
