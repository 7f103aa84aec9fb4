"""The SVG charts of figures over as_of: marks, bounds, the step line, accessibility."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

from api.pages.charts import LINE, chart, nice_ceiling, representative, time_ticks

SVG = "{http://www.w3.org/2000/svg}"


def item(
    entry: int,
    text: str,
    qualifier: str,
    value: int | None,
    low: int | None,
    high: int | None,
    as_of: str,
    retracted: bool = False,
) -> dict[str, Any]:
    return {
        "entry": entry,
        "text": text,
        "qualifier": qualifier,
        "value": value,
        "low": low,
        "high": high,
        "as_of": as_of,
        "retracted": retracted,
        "source": {"name": "TASS"},
    }


SERIES = [
    item(2, "at least 40", "at_least", 40, 40, None, "2024-03-22T21:00:00+03:00"),
    item(3, "60", "exact", 60, 60, 60, "2024-03-23T00:00:00+03:00"),
    item(4, "400", "exact", 400, 400, 400, "2024-03-23T06:00:00+03:00", retracted=True),
    item(5, "93-115", "between", None, 93, 115, "2024-03-23T12:00:00+03:00"),
    item(6, "up to 140", "at_most", 140, None, 140, "2024-03-24T12:00:00+03:00"),
]


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(
        svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


def test_a_report_is_drawn_at_its_value_or_the_middle_of_its_range() -> None:
    assert representative(SERIES[0]) == 40
    assert representative(SERIES[3]) == 104
    assert representative(item(1, "several", "vague", None, 3, 9, "2024-01-01T00:00:00Z")) == 6


def test_the_scale_ends_on_a_round_number() -> None:
    assert [nice_ceiling(n) for n in (0, 3, 12, 45, 101, 999)] == [1, 5, 20, 50, 200, 1000]


def test_every_report_has_a_mark_and_the_retracted_one_is_struck() -> None:
    root = parse(chart("killed", SERIES, {"text": "up to 140"}))
    marks = [g for g in root.iter(f"{SVG}g") if "report" in g.get("class", "")]
    assert [g.get("data-entry") for g in marks] == ["2", "3", "4", "5", "6"]
    struck = [g for g in marks if "retracted" in g.get("class", "")]
    assert [g.get("data-entry") for g in struck] == ["4"]
    assert struck[0].find(f"{SVG}line[@class='strike']") is not None
    assert "(retracted)" in (struck[0].findtext(f"{SVG}title") or "")


def test_bounds_are_drawn_where_the_wording_gives_them() -> None:
    root = parse(chart("killed", SERIES, None))
    bounded = {
        g.get("data-entry")
        for g in root.iter(f"{SVG}g")
        if g.find(f"{SVG}path[@class='bound']") is not None
    }
    assert bounded == {"2", "5", "6"}


def test_the_step_line_leaves_out_retracted_reports() -> None:
    root = parse(chart("killed", SERIES, None))
    line = root.find(f"{SVG}path[@class='current']")
    assert line is not None and line.get("stroke") == LINE
    assert len(re.findall(r"V", line.get("d", ""))) == 3  # five reports, one retracted, one start


def test_the_chart_has_a_title_and_a_description() -> None:
    root = parse(chart("killed", SERIES, {"text": "up to 140"}))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == "Killed over time"
    description = root.findtext(f"{SVG}desc") or ""
    assert "5 reports" in description and "up to 140" in description


def test_no_reports_make_no_chart() -> None:
    assert chart("killed", [], None) == ""


def test_time_ticks_fall_on_round_moments_and_say_what_they_mark() -> None:
    start = datetime(2011, 7, 22, 15, 25, tzinfo=UTC)
    hours = time_ticks(start, start + timedelta(hours=5))
    assert [label for _, label in hours][:2] == ["22 Jul 16:00", "22 Jul 17:00"]
    days = time_ticks(start, start + timedelta(days=8))
    assert [label for _, label in days] == ["24 Jul", "26 Jul", "28 Jul", "30 Jul"]
    assert all(moment.hour == 0 and moment.minute == 0 for moment, _ in days)
    assert all(start <= moment <= start + timedelta(days=8) for moment, _ in days)
    years = time_ticks(start, start + timedelta(days=400))
    assert years[0][1].endswith("2011")


def test_a_retracted_outlier_does_not_set_the_scales() -> None:
    outlier = item(
        9, "at least 900", "at_least", 900, 900, None, "2024-04-30T00:00:00Z", retracted=True
    )
    with_outlier = parse(chart("killed", [*SERIES, outlier], None))
    without = parse(chart("killed", SERIES, None))
    labels = [t.text for t in with_outlier.iter(f"{SVG}text")]
    assert labels == [t.text for t in without.iter(f"{SVG}text")]
    marks = [g for g in with_outlier.iter(f"{SVG}g") if g.get("data-entry") == "9"]
    assert len(marks) == 1 and "retracted" in marks[0].get("class", "")
