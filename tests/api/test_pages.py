"""The pages for people, in real headless Chromium (Playwright driving /usr/bin/chromium).

No console errors and no request beyond the server (tests/api/conftest.py); a chart
mark per report; the known-at control changes the figures shown; and reading (and
the known-at form) works with JavaScript off. The story the pages tell (both scales
of time, sources told apart, notes and speakers, the two times, the list's filters)
is tested in test_page_story.py.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import Live
from tests.support.page_browser import offline

pytestmark = pytest.mark.slow


def derna(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> tuple[str, list[Any]]:
    """The Derna floods: six reports of the death toll (one retracted), two of the missing,
    and who is said to be responsible; returns the id and the receipts."""
    incident = http.post(
        "/incidents",
        headers=reporter,
        json={
            "title": "Derna dam collapse and floods",
            "occurred_at": "2023-09-11T02:30:00+02:00",
            "location": {"name": "Derna, Libya", "country_code": "LY"},
            "tags": ["flood"],
            "source": {"name": "Reuters", "kind": "news_agency"},
        },
    ).json()["id"]
    receipts = []
    for text, as_of, source in (
        ("more than 2,000", "2023-09-11T20:00:00+02:00", "Libyan National Army"),
        ("more than 5,000", "2023-09-12T18:00:00+02:00", "Libyan officials"),
        ("5,300", "2023-09-13T10:00:00+02:00", "Interior ministry"),
        ("11,300", "2023-09-16T12:00:00+02:00", "UN OCHA"),
        ("3,958", "2023-09-17T12:00:00+02:00", "WHO"),
        ("between 4,000 and 5,000", "2023-09-19T12:00:00+02:00", "Red Crescent"),
    ):
        receipts.append(
            http.post(
                f"/incidents/{incident}/figures",
                headers=reporter,
                json={
                    "category": "killed",
                    "text": text,
                    "as_of": as_of,
                    "source": {"name": source},
                },
            ).json()
        )
    for text, as_of in (
        ("at least 10,000", "2023-09-13T12:00:00+02:00"),
        ("10,100", "2023-09-16T12:00:00+02:00"),
    ):
        http.post(
            f"/incidents/{incident}/figures",
            headers=reporter,
            json={
                "category": "missing",
                "text": text,
                "as_of": as_of,
                "source": {"name": "UN OCHA"},
            },
        )
    for stance, by in (("alleges", "Eastern Libyan prosecutor"), ("rejects", "Derna municipality")):
        http.post(
            f"/incidents/{incident}/attributions",
            headers=reporter,
            json={
                "party": "Dam maintenance authorities",
                "stance": stance,
                "asserted_by": by,
                "stated_at": "2023-09-15T12:00:00+02:00",
                "source": {"name": "Reuters"},
            },
        )
    http.post(
        f"/incidents/{incident}/retractions",
        headers=editor,
        json={"entry": 4, "reason": "duplicate report"},
    )
    return incident, receipts


def test_the_incident_page_shows_a_mark_per_report_without_console_errors(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    browser_page, errors = page
    incident, _ = derna(http, reporter, editor)
    response = browser_page.goto(f"{live.url}/ui/incidents/{incident}")
    assert response is not None and response.status == 200
    assert browser_page.locator("h1").inner_text() == "Derna dam collapse and floods"
    killed = browser_page.locator('svg.chart[data-category="killed"]')
    assert killed.locator("g.report").count() == 6
    assert killed.locator("g.report.retracted").count() == 1
    assert killed.locator('g.report.retracted[data-entry="4"] line.strike').count() == 1
    assert browser_page.locator('svg.chart[data-category="missing"] g.report').count() == 2
    assert killed.locator("title").first.text_content() == "Killed over time"
    assert "6 reports" in (killed.locator("desc").text_content() or "")
    current = browser_page.locator('.figure[data-category="killed"] .wording').inner_text()
    assert current == "between 4,000 and 5,000"
    rows = browser_page.locator('table.series[data-category="killed"] tbody tr')
    assert rows.count() == 6
    assert browser_page.locator("table.timeline tbody tr.retracted").count() == 1
    stances = browser_page.locator("tr[data-stance]")
    assert [stances.nth(n).get_attribute("data-stance") for n in range(2)] == [
        "alleges",
        "rejects",
    ]
    said = browser_page.locator("td.said").all_inner_texts()
    assert said == [
        "Eastern Libyan prosecutor alleges that Dam maintenance authorities was responsible",
        "Derna municipality rejects that Dam maintenance authorities was responsible",
    ]
    assert errors == []


def test_the_known_at_control_shows_the_record_as_it_stood(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    browser_page, errors = page
    incident, receipts = derna(http, reporter, editor)
    browser_page.goto(f"{live.url}/ui/incidents/{incident}")
    wording = browser_page.locator('.figure[data-category="killed"] .wording')
    assert wording.inner_text() == "between 4,000 and 5,000"
    browser_page.fill("#known_at", receipts[3]["recorded_at"])  # just after "11,300"
    browser_page.click("form.record-times button")
    browser_page.wait_for_load_state()
    assert wording.inner_text() == "11,300"
    assert "version 5" in browser_page.locator(".notice").inner_text()
    killed = browser_page.locator('svg.chart[data-category="killed"]')
    assert killed.locator("g.report").count() == 4
    assert killed.locator("g.report.retracted").count() == 0  # retracted later
    assert browser_page.locator('.figure[data-category="missing"]').count() == 0
    assert browser_page.input_value("#known_at") == receipts[3]["recorded_at"]
    assert errors == []


def test_pages_read_and_the_control_works_without_javascript(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    browser: Browser,
) -> None:
    _, receipts = derna(http, reporter, editor)
    with offline(browser, live.url, javascript=False) as (context, elsewhere):
        quiet = context.new_page()
        quiet.goto(f"{live.url}/ui/")
        assert quiet.locator("table tbody tr").count() == 1
        quiet.fill("#q", "derna")
        quiet.click("form.filters button")
        quiet.wait_for_load_state()  # count() reads the page as it is: let it load first
        assert "Derna dam collapse" in quiet.locator("table").inner_text()
        quiet.click("text=Derna dam collapse and floods")
        quiet.wait_for_load_state()
        assert quiet.locator('svg.chart[data-category="killed"] g.report').count() == 6
        quiet.fill("#known_at", receipts[0]["recorded_at"])
        quiet.click("form.record-times button")
        quiet.wait_for_load_state()
        assert quiet.locator('.figure[data-category="killed"] .wording').inner_text() == (
            "more than 2,000"
        )
    assert elsewhere == []


def test_the_list_shows_headline_figures_and_searches(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    browser_page, errors = page
    derna(http, reporter, editor)
    http.post(
        "/incidents",
        headers=reporter,
        json={
            "title": "Crocus City Hall attack",
            "occurred_at": "2024-03-22T19:58:00+03:00",
            "location": {"name": "Krasnogorsk"},
            "source": {"name": "TASS"},
        },
    )
    browser_page.goto(f"{live.url}/ui/")
    titles = browser_page.locator("tbody th a").all_inner_texts()
    assert titles == ["Crocus City Hall attack", "Derna dam collapse and floods"]
    assert "between 4,000 and 5,000" in browser_page.locator("tbody tr").nth(1).inner_text()
    browser_page.goto(f"{live.url}/ui/?q=crocus")
    assert browser_page.locator("tbody th a").all_inner_texts() == ["Crocus City Hall attack"]
    assert errors == []


def test_bad_times_and_unknown_incidents_are_pages_with_their_status(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident, _ = derna(http, reporter, editor)
    naive = http.get(f"/ui/incidents/{incident}", params={"known_at": "2023-09-16T12:00:00"})
    assert naive.status_code == 422 and "text/html" in naive.headers["content-type"]
    assert "ISO 8601" in naive.text
    before = http.get(f"/ui/incidents/{incident}", params={"known_at": "2001-01-01T00:00:00Z"})
    assert before.status_code == 404 and "did not hold" in before.text
    unknown = http.get("/ui/incidents/00000000-0000-4000-8000-000000000000")
    assert unknown.status_code == 404 and "text/html" in unknown.headers["content-type"]
    assert http.get("/ui/", params={"cursor": "zzz"}).status_code == 400
    assert http.get("/ui/static/style.css").status_code == 200
    assert http.get("/ui", follow_redirects=True).status_code == 200


def test_a_version_shows_the_page_as_the_record_stood_after_that_entry(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident, receipts = derna(http, reporter, editor)
    url = f"/ui/incidents/{incident}"
    fourth = receipts[3]  # "11,300", UN OCHA
    after = http.get(url, params={"version": fourth["version"]})
    assert after.status_code == 200, after.text
    assert f"after entry {fourth['version']}" in after.text
    known = http.get(url, params={"known_at": fourth["recorded_at"]})
    now = http.get(url).text

    def figures(html: str) -> str:  # the cards of the current figures
        return html.split('<div class="figures">', 1)[1].split("</section>", 1)[0]

    assert figures(after.text) == figures(known.text) != figures(now)
    assert "11,300" in figures(after.text) and "4,000" not in figures(after.text)
    for version in ("0", "x", "1.5", "-2"):
        refused = http.get(url, params={"version": version})
        assert refused.status_code == 422 and "Not a version" in refused.text, version
    both = http.get(url, params={"version": 2, "known_at": fourth["recorded_at"]})
    assert both.status_code == 422 and "not both" in both.text
    assert http.get(url, params={"version": 999}).status_code == 404
