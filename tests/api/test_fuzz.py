"""Fuzzing: schemathesis sends what the served OpenAPI schema allows, and much that it
does not, to a live server on each store, and checks every answer against that schema:
no 5xx, only documented statuses and content types, bodies that fit their schemas, and
every error an RFC 9457 problem.

The run is bounded and derandomised, so it is short and the same every time: the
coverage phase's boundary cases, then a few dozen generated cases per operation. Every
request carries an editor's token, so writes get past authentication, and many aim at
an incident that exists, so they get past the 404 and into the handlers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.settings import Settings
from tests.conftest import Live

PROBLEM = "application/problem+json"
EVENT_STREAM = "text/event-stream"
REQUEST_TIMEOUT = 30  # seconds
STREAM_READ = 1  # seconds of an event stream to read and check
KYIV = {"name": "Kyiv Independent"}
OPENING = {
    "title": "Crocus City Hall attack",
    "occurred_at": "2024-03-22T19:58:00+03:00",
    "location": {"name": "Krasnogorsk"},
    "source": KYIV,
}
FIGURE = {"category": "killed", "text": "40", "as_of": "2024-03-22T21:00:00+03:00", "source": KYIV}
WRITES = {
    "FigureReported",
    "ResponsibilityAsserted",
    "StatementRecorded",
    "DetailsRevised",
    "EntryRetracted",
}


@schemathesis.check
def errors_are_problems(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> None:
    """Every 4xx and 5xx answer is an RFC 9457 problem."""
    if response.status_code >= 400:
        sent = response.headers.get("content-type")
        assert sent == [PROBLEM], f"a {response.status_code} answered as {sent}, not {PROBLEM}"


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    errors_are_problems,
]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The shared settings without the write rate limit, which would turn most of the
    fuzzer's writes into 429s (the limit has tests of its own)."""
    return settings.model_copy(update={"write_rate": 0})


@pytest.fixture
def served_schema(
    request: pytest.FixtureRequest, live: Live, http: httpx.Client, editor: dict[str, str]
) -> Iterator[schemathesis.BaseSchema]:
    """The schema the live server serves, aimed at an incident that exists."""
    # schemathesis 4.32 renames the test node through `_nodeid`, which pytest 9.2 no
    # longer has; without one the lazy schema cannot run.
    request.node._nodeid = request.node.nodeid
    # Long ago, so that a generated figure's as_of is not refused as before the incident.
    opening = {**OPENING, "occurred_at": "1900-01-01T00:00:00+00:00"}
    incident = http.post("/incidents", json=opening, headers=editor).json()["id"]
    http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=editor).raise_for_status()
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")

    @schema.hook
    def flatmap_path_parameters(
        context: schemathesis.HookContext, path_parameters: dict[str, Any] | None
    ) -> st.SearchStrategy[dict[str, Any] | None]:
        """Generated cases: half of them aim at the incident that exists."""
        if not path_parameters or "incident_id" not in path_parameters:
            return st.just(path_parameters)
        return st.sampled_from([path_parameters, {**path_parameters, "incident_id": incident}])

    @schema.hook
    def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
        """Coverage cases, which skip the parameter hooks: aim a well-formed path at the
        incident that exists, and send If-Match and Idempotency-Key only to the cases that
        vary them. The others all share one value of each, malformed for If-Match (the
        generator keeps header values alphanumeric, and an entity tag is quoted) and
        a reused key after the first write, which would stop them before the handlers."""
        if case.meta is None or case.meta.phase.name != "coverage":
            return case
        if "incident_id" in (case.path_parameters or {}) and not case.meta.is_negative_at("path"):
            case.path_parameters["incident_id"] = incident
        for header in ("if-match", "idempotency-key"):
            if case.headers and header in case.headers and case.meta.phase.data.parameter != header:
                del case.headers[header]
        return case

    failed = request.session.testsfailed
    yield schema
    if request.session.testsfailed == failed:  # a failed run stops early: no need to add to it
        history = http.get(f"/incidents/{incident}/history", params={"limit": 1000}).json()
        written = {entry["type"] for entry in history["entries"][2:]}
        assert written >= WRITES, f"no fuzzed write reached the handler of {WRITES - written}"


schema = schemathesis.pytest.from_fixture("served_schema")


@schema.parametrize()
@hypothesis.settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    database=None,
)
def test_every_answer_conforms_to_the_served_schema(
    case: schemathesis.Case, editor: dict[str, str]
) -> None:
    timeout = STREAM_READ if streams(case.operation) else REQUEST_TIMEOUT
    case.call_and_validate(headers=editor, checks=CHECKS, timeout=timeout)


def streams(operation: schemathesis.APIOperation) -> bool:
    """Whether the operation answers with an event stream, which does not end."""
    responses = operation.definition.raw.get("responses", {})
    return any(EVENT_STREAM in response.get("content", {}) for response in responses.values())
