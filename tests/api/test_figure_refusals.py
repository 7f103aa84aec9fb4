"""A figure whose wording cannot stand as sent: each refusal its own problem type, over
HTTP on both stores, with nothing written."""

from __future__ import annotations

import httpx
import pytest

from tests.api.test_errors import FIGURE, assert_problem, incident

__all__ = ["incident"]  # the fixture: an incident at version 2, checked unchanged after


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({"text": "22 killed, 59 injured"}, "several-figures"),
        ({"text": "three more"}, "figure-is-an-increase"),
        ({"text": "a further two"}, "figure-is-an-increase"),
        ({"text": "59 injured"}, "figure-category-mismatch"),
        ({"as_of": "2024-03-21T19:00:00+03:00"}, "figure-before-incident"),  # 25 h before
        ({"text": "сорок", "language": "en"}, "unreadable-figure"),
    ],
)
def test_each_refused_wording_has_its_own_problem_type_and_says_what_to_send(
    http: httpx.Client, reporter: dict[str, str], incident: str, body: dict[str, str], kind: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/figures", json={**FIGURE, **body}, headers=reporter
    )
    problem = assert_problem(response, 422)
    assert problem["type"] == f"urn:incidents:problem:{kind}", problem
    assert len(problem["detail"]) > 20, problem
