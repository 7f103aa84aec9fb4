"""The list page's filters and pages, withdrawn incidents, and user text isolated as
right-to-left text needs (DESIGN §6 and §8), in headless Chromium and over plain HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import Live
from tests.support.page_browser import offline

pytestmark = pytest.mark.slow
ARABIC = "وكالة الأنباء الليبية"  # the Libyan news agency, as it writes its name
PARTY = "حفتر"  # Haftar


def open_incident(
    http: httpx.Client, headers: dict[str, str], title: str, occurred_at: str, **more: Any
) -> str:
    """Open an incident; its id, from the Location header."""
    body = {"title": title, "occurred_at": occurred_at, "source": {"name": "Reuters"}, **more}
    body.setdefault("location", {"name": "Somewhere"})
    opened = http.post("/incidents", headers=headers, json=body)
    assert opened.status_code == 201, opened.text
    return str(opened.headers["Location"]).rsplit("/", 1)[-1]


def three_incidents(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> dict[str, str]:
    """Manchester (GB, 2017), Derna (LY, 2023), Crocus (RU, 2024), and a withdrawn
    duplicate of Crocus; their ids by name."""
    ids = {
        "manchester": open_incident(
            http, reporter, "Manchester Arena bombing", "2017-05-22T22:31:00+01:00",
            location={"name": "Manchester", "country_code": "GB"}, tags=["terrorism"],
        ),
        "derna": open_incident(
            http, reporter, "Derna floods", "2023-09-11T02:30:00+02:00",
            location={"name": "Derna", "country_code": "LY"}, tags=["flood"],
        ),
        "crocus": open_incident(
            http, reporter, "Crocus City Hall attack", "2024-03-22T19:58:00+03:00",
            location={"name": "Krasnogorsk", "country_code": "RU"}, tags=["Terrorism"],
        ),
        "duplicate": open_incident(
            http, reporter, "Crocus attack (entered twice)", "2024-03-22T20:00:00+03:00",
            location={"name": "Krasnogorsk", "country_code": "RU"}, tags=["terrorism"],
        ),
    }  # fmt: skip
    withdrawn = http.post(
        f"/incidents/{ids['duplicate']}/withdrawal",
        headers=editor,
        json={"reason": "entered twice", "duplicate_of": ids["crocus"]},
    )
    assert withdrawn.status_code == 201, withdrawn.text
    return ids


def titles(page: Page) -> list[str]:
    """The incidents a list page shows, in order."""
    return page.locator("tbody th a").all_inner_texts()


def test_the_list_filters_with_the_apis_names_and_javascript_off(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    browser: Browser,
) -> None:
    three_incidents(http, reporter, editor)
    with offline(browser, live.url, javascript=False) as (context, elsewhere):
        tab = context.new_page()
        tab.goto(f"{live.url}/ui/")
        names = tab.locator("form.filters [name]").evaluate_all("(all) => all.map((f) => f.name)")
        assert names == ["q", "tag", "country", "occurred_from", "occurred_to", "include"]
        assert titles(tab) == [
            "Crocus City Hall attack",
            "Derna floods",
            "Manchester Arena bombing",
        ]
        tab.fill("#country", "gb")
        tab.click("form.filters button")
        tab.wait_for_load_state()
        assert titles(tab) == ["Manchester Arena bombing"]
        assert tab.input_value("#country") == "gb"
        tab.fill("#country", "")
        tab.fill("#tag", "TERRORISM")
        tab.click("form.filters button")
        tab.wait_for_load_state()
        assert titles(tab) == ["Crocus City Hall attack", "Manchester Arena bombing"]
        tab.fill("#occurred_from", "2020-01-01T00:00:00Z")
        tab.click("form.filters button")
        tab.wait_for_load_state()
        assert titles(tab) == ["Crocus City Hall attack"]
        tab.fill("#tag", "")
        tab.fill("#occurred_from", "2017-05-22T22:31:00+01:00")  # both ends included
        tab.fill("#occurred_to", "2023-09-11T00:30:00Z")
        tab.click("form.filters button")
        tab.wait_for_load_state()
        assert titles(tab) == ["Derna floods", "Manchester Arena bombing"]
        assert "occurred_from=2017-05-22T22%3A31%3A00%2B01%3A00" in tab.url
    assert elsewhere == []


def test_withdrawn_incidents_are_listed_only_when_asked_and_then_marked(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    tab, errors = page
    ids = three_incidents(http, reporter, editor)
    tab.goto(f"{live.url}/ui/?q=crocus")
    assert titles(tab) == ["Crocus City Hall attack"]
    tab.check("#include")
    tab.click("form.filters button")
    tab.wait_for_load_state()
    assert "include=withdrawn" in tab.url
    assert titles(tab) == ["Crocus attack (entered twice)", "Crocus City Hall attack"]
    marked = tab.locator("tbody tr.withdrawn")
    assert marked.count() == 1 and marked.locator(".badge").inner_text().lower() == "withdrawn"
    marked.locator("th a").click()
    tab.wait_for_load_state()
    notice = tab.locator(".withdrawn-notice")
    assert "entered twice" in notice.inner_text()
    notice.locator("a").click()
    tab.wait_for_load_state()
    assert tab.url.endswith(f"/ui/incidents/{ids['crocus']}")
    assert errors == []


def test_the_list_comes_in_pages_that_keep_the_filters(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    tab, errors = page
    three_incidents(http, reporter, editor)
    tab.goto(f"{live.url}/ui/?limit=1&include=withdrawn&q=crocus")
    seen = titles(tab)
    while tab.locator("a[rel=next]").count():
        tab.click("a[rel=next]")
        tab.wait_for_load_state()
        assert "include=withdrawn" in tab.url and "q=crocus" in tab.url
        seen += titles(tab)
    assert seen == ["Crocus attack (entered twice)", "Crocus City Hall attack"]
    tab.click("text=Newest incidents")
    tab.wait_for_load_state()
    assert titles(tab) == ["Crocus attack (entered twice)"]
    assert errors == []


def test_bad_filters_are_pages_that_say_what_to_send(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    three_incidents(http, reporter, editor)
    bad_date = http.get("/ui/", params={"occurred_from": "2020-01-01"})
    assert bad_date.status_code == 422 and "occurred_from" in bad_date.text
    bad_country = http.get("/ui/", params={"country": "GBR"})
    assert bad_country.status_code == 422 and "ISO 3166" in bad_country.text
    empty = http.get("/ui/", params={"q": "", "tag": "", "country": "", "occurred_to": ""})
    assert empty.status_code == 200 and empty.text.count("<tr") == 1 + 3  # head, 3 rows


def test_right_to_left_names_are_isolated_wherever_they_stand(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    tab, errors = page
    incident = open_incident(
        http, reporter, "فيضانات درنة", "2023-09-11T02:30:00+02:00",
        location={"name": "درنة", "country_code": "LY"}, tags=["فيضان"],
        source={"name": ARABIC},
    )  # fmt: skip
    for route, body in (
        ("figures", {"category": "killed", "text": "11,300", "note": f"حسب {ARABIC}"}),
        ("attributions", {"party": PARTY, "stance": "rejects", "asserted_by": ARABIC}),
        ("statements", {"speaker": ARABIC, "statement": "٤٠ قتيلا", "topic": "تحديث"}),
    ):
        stamp = "as_of" if route == "figures" else "stated_at"
        answer = http.post(
            f"/incidents/{incident}/{route}",
            headers=reporter,
            json={**body, stamp: "2023-09-16T12:00:00+02:00", "source": {"name": ARABIC}},
        )
        assert answer.status_code == 201, answer.text
    unisolated = """() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const loose = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!/[\\u0600-\\u06FF]/.test(node.data)) continue;
            const parent = node.parentElement;
            if (parent.closest("svg")) continue;  // SVG <title>s are tooltips, plain text
            if (!parent.closest("bdi, [dir=auto], input")) loose.push(node.data);
        }
        return loose;
    }"""
    for path in (f"/ui/incidents/{incident}", "/ui/"):
        tab.goto(live.url + path)
        assert "فيضانات درنة" in tab.locator("body").inner_text()
        assert tab.evaluate(unisolated) == [], path
    said = tab.goto(f"{live.url}/ui/incidents/{incident}")
    assert said is not None
    sentence = tab.locator("td.said bdi").all_inner_texts()
    assert sentence == [ARABIC, PARTY]  # speaker and party, each isolated on its own
    assert errors == []


def test_the_pages_carry_no_inline_script_or_style(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    ids = three_incidents(http, reporter, editor)
    for path in ("/ui/", f"/ui/incidents/{ids['crocus']}", f"/ui/incidents/{ids['duplicate']}"):
        html = http.get(path).text
        assert "<script" not in html and "style=" not in html and "<style" not in html
        assert 'href="http' not in html and 'src="http' not in html  # links are paths
