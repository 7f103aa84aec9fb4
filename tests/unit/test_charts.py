"""The SVG charts of figures over as_of: marks, bounds, the step line, the scales,
sources told apart, accessibility."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from xml.etree import ElementTree

import pytest

from api.pages.charts import LINE, chart, representative
from api.pages.marks import Palette
from api.pages.scales import TimeScale, nice_ceiling

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
    source: str = "TASS",
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
        "source": {"name": source},
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


WORDING, MINISTRY, PORT = "أكثر من 50 قتيلا", "وزارة الصحة", "في المرفأ"


def test_a_sources_words_are_isolated_in_the_charts_english_sentences() -> None:
    """Arabic wording, source and scope in the description and the marks' titles keep
    their own direction, and leave the English around them in its own."""
    arabic = [
        item(2, WORDING, "more_than", 50, 51, None, "2020-08-04T20:00:00+03:00", source=MINISTRY),
        item(3, "78", "exact", 78, 78, 78, "2020-08-04T23:00:00+03:00", source="Reuters"),
    ]
    arabic[0]["scope"] = PORT
    root = parse(chart("killed", arabic, arabic[0], followed=MINISTRY, scope=PORT))
    description = root.findtext(f"{SVG}desc") or ""
    fsi, pdi = "\u2068", "\u2069"
    assert f"the current figure is {fsi}{WORDING}{pdi}, following {fsi}{MINISTRY}{pdi}" in (
        description
    )
    assert root.findtext(f"{SVG}title") == f"Killed ({fsi}{PORT}{pdi}) over time"
    marks = [g.findtext(f"{SVG}title") or "" for g in root.iter(f"{SVG}g") if g.get("data-entry")]
    assert marks[0].startswith(f'entry 2: "{fsi}{WORDING}{pdi}" from {fsi}{MINISTRY}{pdi}')
    assert f"counts {fsi}{PORT}{pdi}" in marks[0]


def test_no_reports_make_no_chart() -> None:
    assert chart("killed", [], None) == ""


def test_time_runs_from_the_start_so_each_tenfold_of_elapsed_time_takes_equal_width() -> None:
    start = datetime(2017, 5, 22, 21, 31, tzinfo=UTC)
    scale = TimeScale.of(start, [start + timedelta(days=400)])
    hours = [scale.fraction(start + timedelta(hours=h)) for h in (0, 9, 99, 999)]
    assert hours[0] == 0 and scale.fraction(start + timedelta(days=400)) == 1
    assert hours[2] - hours[1] == pytest.approx(hours[3] - hours[2], rel=0.01)
    assert scale.fraction(start + timedelta(days=1)) > 0.3  # the first day keeps its room


def test_a_report_before_the_start_moves_the_origin_back_to_it() -> None:
    start = datetime(2024, 3, 22, 16, 58, tzinfo=UTC)
    warning = start - timedelta(hours=3)
    scale = TimeScale.of(start, [warning, start + timedelta(hours=5)])
    assert scale.origin == warning and scale.fraction(warning) == 0


def test_time_ticks_say_the_elapsed_and_the_calendar_time_without_overlapping() -> None:
    msk = timezone(timedelta(hours=3))
    start = datetime(2024, 3, 22, 19, 58, tzinfo=msk)
    scale = TimeScale.of(start, [start + timedelta(days=500)])
    ticks = scale.ticks(628)
    assert (ticks[0].elapsed, ticks[0].calendar) == ("start", "22 Mar 19:58")
    assert ticks[-1].anchor == "end" and ticks[-1].calendar == "04 Aug 2025"
    assert "1 day" in [t.elapsed for t in ticks]
    spans = [t.span(scale.fraction(t.at) * 628) for t in ticks]
    assert all(left[1] < right[0] for left, right in itertools.pairwise(spans))
    hours = TimeScale.of(start, [start + timedelta(hours=5)]).ticks(628)
    assert [t.calendar for t in hours][1:3] == ["20:58", "21:58"]  # the incident's own offset


def test_a_retracted_outlier_is_drawn_at_its_real_value_and_the_scale_reaches_it() -> None:
    outlier = item(
        9, "at least 900", "at_least", 900, 900, None, "2024-04-30T00:00:00Z", retracted=True
    )
    root = parse(chart("killed", [*SERIES, outlier], None))
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert "1,000" in labels  # the count scale reaches 900, nothing is clamped
    marks = [g for g in root.iter(f"{SVG}g") if g.get("data-entry") == "9"]
    assert len(marks) == 1 and "retracted" in marks[0].get("class", "")
    shape = marks[0].find(f"{SVG}path[@class='shape']")
    assert shape is not None and shape.get("fill") == "#ffffff"  # hollow, and struck
    assert marks[0].find(f"{SVG}line[@class='strike']") is not None


def test_each_source_has_its_own_colour_and_shape_and_keeps_them_in_every_chart() -> None:
    names = [f"source {n}" for n in range(49)]
    palette = Palette(names)
    styles = {(palette.style(n).colour, palette.style(n).shape) for n in names}
    assert len(styles) == 49
    assert palette.style("SOURCE  3") == palette.style("source 3")  # one source, two spellings
    mixed = [
        item(2, "19", "exact", 19, 19, 19, "2017-05-23T00:30:00Z", source="Police"),
        item(3, "at least 19", "at_least", 19, 19, None, "2017-05-23T01:30:00Z", source="AP"),
    ]
    root = parse(chart("killed", mixed, None, palette=Palette(["Police", "AP"])))
    drawn = {
        g.get("data-source"): (shape.get("fill"), shape.get("data-shape"))
        for g in root.iter(f"{SVG}g")
        if (shape := g.find(f"{SVG}path[@class='shape']")) is not None
    }
    assert drawn["Police"] != drawn["AP"]
    assert drawn["Police"][0] != drawn["AP"][0] and drawn["Police"][1] != drawn["AP"][1]


def test_the_step_line_follows_the_chosen_source_by_the_domain_rule() -> None:
    series = [
        item(2, "19", "exact", 19, 19, 19, "2017-05-23T00:30:00Z", source="Police"),
        item(3, "30", "exact", 30, 30, 30, "2017-05-23T03:30:00Z", source="Tabloid"),
        item(4, "22", "exact", 22, 22, 22, "2017-05-23T06:30:00Z", source="Police"),
    ]
    followed = parse(chart("killed", series, None, followed="police"))
    anyone = parse(chart("killed", series, None))

    def levels(root: ElementTree.Element) -> list[float]:
        line = root.find(f"{SVG}path[@class='current']")
        assert line is not None
        return [float(y) for y in re.findall(r"[MV][0-9.,]*?([0-9.]+)(?=[HV]|$)", line.get("d"))]

    police, tabloid_leads = levels(followed), levels(anyone)
    assert police[0] == police[1] > police[2]  # 19, 19 (the tabloid's 30 never leads), 22
    assert tabloid_leads[0] > tabloid_leads[1] < tabloid_leads[2]  # 19, then 30, then 22
