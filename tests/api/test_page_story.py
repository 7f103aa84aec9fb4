"""The story the pages tell (DESIGN §8 "Pages", issue 16), in headless Chromium.

The first hours and a report a year later both readable; each source's marks told
apart by colour and shape, with a legend; notes, scopes, speakers, the headline
source and disagreement on the page; the two times, "known at" and "as reported
at", working with JavaScript off; a 404 that explains them; categories in the
contract's order; right-to-left names isolated. Every tab here may reach only the
test server and must log no console error (tests/api/conftest.py).
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import Live
from tests.support.page_browser import offline
from tests.support.real_incidents import MANCHESTER, record

pytestmark = pytest.mark.slow
BST = timezone(timedelta(hours=1))
START = datetime(2017, 5, 22, 22, 31, tzinfo=BST)
FIRST_DAY = [0.5, 1, 2, 3.5, 6, 9, 14, 22]  # hours after the start
SOURCES = ["Police", "BBC News", "Reuters", "Associated Press"]


def open_incident(http: httpx.Client, headers: dict[str, str], **fields: Any) -> str:
    """Open an incident; its id, from the Location header."""
    body = {
        "title": "Arena bombing",
        "occurred_at": START.isoformat(),
        "location": {"name": "Arena", "country_code": "GB"},
        "source": {"name": "BBC News"},
        **fields,
    }
    opened = http.post("/incidents", headers=headers, json=body)
    assert opened.status_code == 201, opened.text
    return str(opened.headers["Location"]).rsplit("/", 1)[-1]


def figure(
    http: httpx.Client, headers: dict[str, str], incident: str, **body: Any
) -> dict[str, Any]:
    """Report a figure; its receipt."""
    answer = http.post(f"/incidents/{incident}/figures", headers=headers, json=body)
    assert answer.status_code == 201, answer.text
    receipt: dict[str, Any] = answer.json()
    return receipt


def long_span(http: httpx.Client, reporter: dict[str, str]) -> str:
    """Eight reports of the dead in the first day, from four sources, and one a year on."""
    incident = open_incident(http, reporter)
    for number, hours in enumerate(FIRST_DAY):
        figure(
            http, reporter, incident, category="killed", text=str(19 + number // 3),
            as_of=(START + timedelta(hours=hours)).isoformat(),
            source={"name": SOURCES[number % 4]},
        )  # fmt: skip
    figure(
        http, reporter, incident, category="killed", text="22",
        as_of=(START + timedelta(days=360)).isoformat(), source={"name": "Police"},
    )  # fmt: skip
    return incident


def marks(page: Page, category: str = "killed") -> list[dict[str, Any]]:
    """The marks of a category's headline chart: entry, source, centre, fill and shape, and
    the chart's width on screen."""
    found: list[dict[str, Any]] = page.evaluate(
        """(category) => {
            const svg = document.querySelector(`svg.chart[data-category="${category}"]`);
            const width = svg.getBoundingClientRect().width;
            return [...svg.querySelectorAll("g.report")].map((g) => {
                const shape = g.querySelector("path.shape");
                const box = shape.getBoundingClientRect();
                return {entry: Number(g.dataset.entry), source: g.dataset.source,
                        x: box.x + box.width / 2, fill: shape.getAttribute("fill"),
                        shape: shape.dataset.shape, width,
                        retracted: g.classList.contains("retracted"),
                        title: g.querySelector("title").textContent};
            });
        }""",
        category,
    )
    return found


def test_the_first_day_of_a_long_span_keeps_its_room(
    live: Live, http: httpx.Client, reporter: dict[str, str], page: tuple[Page, list[str]]
) -> None:
    tab, errors = page
    incident = long_span(http, reporter)
    tab.goto(f"{live.url}/ui/incidents/{incident}")
    drawn = sorted(marks(tab), key=lambda mark: mark["entry"])
    assert len(drawn) == 9
    width = drawn[0]["width"]
    first_day = [mark["x"] for mark in drawn[:8]]
    # On a linear axis the whole first day would be 0.3% of this chart wide.
    assert first_day[-1] - first_day[0] >= 0.25 * width
    gaps = [right - left for left, right in itertools.pairwise(first_day)]
    assert min(gaps) >= 0.025 * width, gaps  # more than a mark's width: none overlap
    assert drawn[8]["x"] - first_day[-1] >= 0.4 * width  # and the year after still fits
    ticks = tab.locator('svg.chart[data-category="killed"] text').all_text_contents()
    assert {"start", "6 h", "12 h", "1 day", "1 week", "1 month"} <= set(ticks)
    assert errors == []


def test_each_source_has_its_own_colour_and_shape_named_in_a_legend(
    live: Live, http: httpx.Client, reporter: dict[str, str], page: tuple[Page, list[str]]
) -> None:
    tab, errors = page
    incident = long_span(http, reporter)
    tab.goto(f"{live.url}/ui/incidents/{incident}")
    looks: dict[str, set[tuple[str, str]]] = {}
    for mark in marks(tab):
        looks.setdefault(mark["source"], set()).add((mark["fill"], mark["shape"]))
        assert mark["source"] in mark["title"] and '"' in mark["title"] and "as of" in mark["title"]
    assert set(looks) == set(SOURCES)
    assert all(len(style) == 1 for style in looks.values())  # a source looks the same
    for one, other in itertools.combinations(looks.values(), 2):
        (fill, shape), (other_fill, other_shape) = next(iter(one)), next(iter(other))
        assert fill != other_fill or shape != other_shape
    legend = tab.locator('figure.chart:has(svg[data-category="killed"]) ul.legend li')
    named = legend.all_inner_texts()
    assert [name for name in named if name.strip() in SOURCES] == SOURCES
    swatches = tab.locator("figure.chart ul.legend li svg.swatch path.shape")
    assert swatches.count() == 4
    assert errors == []


def test_notes_scopes_speakers_and_the_headline_source_appear(
    live: Live,
    http: httpx.Client,
    reporter: dict[str, str],
    editor: dict[str, str],
    page: tuple[Page, list[str]],
) -> None:
    tab, errors = page
    incident = record(http, MANCHESTER, reporter, editor)
    tab.goto(f"{live.url}/ui/incidents/{incident}")
    killed = tab.locator('.figure[data-category="killed"]')
    assert killed.locator(".wording").inner_text() == "22"
    assert "we knew quickly 22 people had been murdered" in killed.locator(".note").inner_text()
    assert (
        killed.locator(".headline-source")
        .inner_text()
        .startswith("Headline source: Greater Manchester Police")
    )
    injured = tab.locator('.figure[data-category="injured"]')
    scoped = injured.locator('.scoped[data-scope="including psychological harm"]')
    assert scoped.locator(".scoped-wording").inner_text() == "over 800"
    assert "deep psychological injuries" in scoped.locator(".note").inner_text()
    hospitalised = tab.locator('.figure[data-category="hospitalised"]')
    assert "in critical care" in hospitalised.inner_text()
    assert hospitalised.locator(".wording").count() == 0  # no headline: only a scoped series
    assert tab.locator('svg.chart[data-scope="including psychological harm"]').count() == 1
    said = tab.locator("td.said").all_inner_texts()
    assert "Ramadan Abedi, Salman Abedi's father rejects that Salman Abedi was responsible" in said
    assert "Islamic State claims responsibility (Telegram)" in said
    timeline = tab.locator("table.timeline").inner_text()
    assert "Ramadan Abedi, Salman Abedi's father rejects that Salman Abedi was responsible" in (
        timeline
    )
    assert "Salman Abedi denies" not in timeline
    assert "time approximate" in timeline  # a figure's note, with its row
    speakers = tab.locator("table.statements td.speaker").all_inner_texts()
    assert speakers[1] == "Theresa May, Prime Minister"
    retracted = [mark for mark in marks(tab) if mark["retracted"]]
    assert [mark["entry"] for mark in retracted] == [6]
    fifty_nine = tab.locator('svg.chart[data-category="killed"] g.report[data-entry="6"]')
    top_of_axis = tab.locator('svg.chart[data-category="killed"] g.axes text', has_text="80")
    assert fifty_nine.bounding_box()["y"] > top_of_axis.bounding_box()["y"]  # type: ignore[index]
    assert errors == []


def test_sources_that_disagree_are_named_on_the_card(
    live: Live, http: httpx.Client, reporter: dict[str, str], page: tuple[Page, list[str]]
) -> None:
    tab, errors = page
    incident = open_incident(http, reporter)
    at = (START + timedelta(hours=3)).isoformat()
    figure(http, reporter, incident, category="killed", text="19", as_of=at, source={"name": "A"})
    figure(
        http, reporter, incident, category="killed", text="at least 22", as_of=at,
        source={"name": "B"},
    )  # fmt: skip
    tab.goto(f"{live.url}/ui/incidents/{incident}")
    disagreement = tab.locator('.figure[data-category="killed"] .disagreement').inner_text()
    assert disagreement in (
        "Sources disagree: 19 or more (A, B)",
        "Sources disagree: 19 or more (B, A)",
    )
    assert errors == []


def test_the_two_times_work_with_javascript_off(
    live: Live, http: httpx.Client, reporter: dict[str, str], browser: Browser
) -> None:
    incident = long_span(http, reporter)
    late = figure(
        http, reporter, incident, category="injured", text="59",
        as_of=(START + timedelta(hours=9)).isoformat(), source={"name": "Police"},
    )  # fmt: skip
    with offline(browser, live.url, javascript=False) as (context, elsewhere):
        tab = context.new_page()
        tab.goto(f"{live.url}/ui/incidents/{incident}")
        assert tab.get_attribute("#known_at", "name") == "known_at"
        assert tab.get_attribute("#as_of", "name") == "as_of"
        assert tab.input_value("#known_at") == http.get(f"/incidents/{incident}").json()[
            "updated_at"
        ].replace("+00:00", "Z")
        assert tab.input_value("#as_of") == (START + timedelta(days=360)).isoformat()
        tab.fill("#as_of", (START + timedelta(hours=4)).isoformat())
        tab.click("form.record-times button")
        tab.wait_for_load_state()
        assert "as_of=" in tab.url
        assert tab.locator('svg.chart[data-category="killed"] g.report').count() == 4
        assert tab.locator('.figure[data-category="killed"] .wording').inner_text() == "20"
        assert "As reported by" in tab.locator(".notice").inner_text()
        tab.fill("#known_at", late["recorded_at"])
        tab.fill("#as_of", "")
        tab.click("form.record-times button")
        tab.wait_for_load_state()
        assert tab.locator('svg.chart[data-category="injured"] g.report').count() == 1
        assert tab.locator(".notice").inner_text().startswith("The record as it stood at")
        tab.click("text=the record as it stands")
        tab.wait_for_load_state()
        assert tab.locator(".notice").count() == 0
    assert elsewhere == []


def test_a_time_before_the_record_is_a_404_that_explains_and_links_back(
    live: Live, http: httpx.Client, reporter: dict[str, str], page: tuple[Page, list[str]]
) -> None:
    tab, errors = page
    incident = long_span(http, reporter)
    answer = tab.goto(f"{live.url}/ui/incidents/{incident}?known_at=2017-05-22T22:00:00%2B01:00")
    assert answer is not None and answer.status == 404
    text = tab.locator("main").inner_text()
    assert "did not hold Arena bombing yet" in text
    assert "Known at" in text and "As reported at" in text
    back = tab.locator("a.back")
    assert back.get_attribute("href") == f"/ui/incidents/{incident}"
    back.click()
    tab.wait_for_load_state()
    assert tab.locator("h1").inner_text() == "Arena bombing"
    unknown = tab.goto(f"{live.url}/ui/incidents/00000000-0000-4000-8000-000000000000")
    assert unknown is not None and unknown.status == 404
    assert tab.locator("a.back").get_attribute("href") == "/ui/"
    errors[:] = [e for e in errors if "404" not in e]  # the browser logs the status itself
    assert errors == []


def test_long_times_stay_inside_their_boxes_on_a_phone(
    live: Live, http: httpx.Client, reporter: dict[str, str], browser: Browser
) -> None:
    incident = long_span(http, reporter)
    long_time = "2030-01-01T00:00:00.123456+05:45"
    with offline(browser, live.url, viewport={"width": 390, "height": 800}) as (context, _):
        tab = context.new_page()
        tab.goto(f"{live.url}/ui/incidents/{incident}?known_at={long_time.replace('+', '%2B')}")
        overflowing = tab.evaluate(
            """() => [...document.querySelectorAll(
                    "input, .notice, .figure, form.record-times, td, th")]
                .filter((box) => box.scrollWidth > box.clientWidth + 1)
                .map((box) => box.outerHTML.slice(0, 80))"""
        )
        assert overflowing == []
        page_width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert page_width <= 390  # wide tables scroll inside their own boxes
        assert tab.input_value("#known_at") == long_time


def test_categories_come_in_the_contracts_order(
    live: Live, http: httpx.Client, reporter: dict[str, str], page: tuple[Page, list[str]]
) -> None:
    tab, errors = page
    incident = open_incident(http, reporter)
    at = (START + timedelta(hours=2)).isoformat()
    for category in ("affected", "missing", "injured", "killed"):
        figure(
            http, reporter, incident, category=category, text="7", as_of=at, source={"name": "A"}
        )
    tab.goto(f"{live.url}/ui/incidents/{incident}")
    order = ["killed", "injured", "missing", "affected"]
    cards = tab.locator(".figure").evaluate_all("(cards) => cards.map((c) => c.dataset.category)")
    assert cards == order
    charts = tab.locator("svg.chart").evaluate_all("(all) => all.map((c) => c.dataset.category)")
    assert charts == order
    tab.goto(f"{live.url}/ui/")
    listed = tab.locator("tbody td .category").all_inner_texts()
    assert listed == order
    assert errors == []
