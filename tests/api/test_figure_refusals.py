"""A figure whose wording cannot stand as sent: each refusal its own problem type, over
HTTP on both stores, with nothing written."""

from __future__ import annotations

import httpx
import pytest

from tests.api.test_errors import FIGURE, assert_problem, incident
from tests.support.client import open_incident

TURKISH = "en az 284 ki\u015fi hayat\u0131n\u0131 kaybetti"  # AFAD's "at least 284 people died"
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
        ({"text": "en az 284 kişi", "language": "tr"}, "unreadable-figure"),  # fields needed
        ({"text": "284", "language": "TR"}, "invalid-value"),
        ({"text": "284", "language": "xx"}, "invalid-value"),
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


def test_wording_in_a_language_not_read_here_is_kept_with_its_language_and_fields(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(
        http,
        reporter,
        title="Kahramanmaraş depremleri",
        occurred_at="2023-02-06T04:17:00+03:00",
        location={"name": "Kahramanmaraş", "country_code": "TR"},
        source={"name": "AFAD"},
    )
    body = {
        **FIGURE,
        "as_of": "2023-02-06T10:00:00+03:00",
        "text": TURKISH,
        "language": "tr",
        "qualifier": "at_least",
        "value": 284,
        "source": {"name": "AFAD"},
    }
    response = http.post(f"/incidents/{incident}/figures", json=body, headers=reporter)
    assert response.status_code == 201, response.text
    killed = http.get(f"/incidents/{incident}").json()["figures"]["killed"]
    assert (killed["text"], killed["language"], killed["read_from"]) == (
        TURKISH,
        "tr",
        "fields",
    )
    assert (killed["qualifier"], killed["low"], killed["high"]) == ("at_least", 284, None)
