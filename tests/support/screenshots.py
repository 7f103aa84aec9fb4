"""Screenshots of two real incidents' pages, for the README: `make screenshots`.

Serves a fresh SQLite database in a temporary folder, records the demo incident (the
Crocus City Hall attack, as `incidents demo` loads it) with the death toll as it rose
over the following days, and the Manchester Arena bombing
(`tests.support.real_incidents`), then photographs each page with the browser the
page tests drive (Debian's Chromium, offline), from the title through the first
chart and its legend. Run it with

    .venv/bin/python -m tests.support.screenshots [--output docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import Browser, sync_playwright

from api.access import Role
from api.cli.demo import load_demo
from api.settings import Settings
from tests.conftest import serving
from tests.support.page_browser import launch, offline
from tests.support.real_incidents import CROCUS_TOLL, MANCHESTER, record

ROOT = Path(__file__).resolve().parents[2]
LARGEST = 200_000  # bytes: a screenshot larger than this is a failure


def photograph(browser: Browser, origin: str, incident: str, path: Path) -> int:
    """One incident's page, from the top to the end of its first chart's legend; returns
    the PNG's size in bytes."""
    with offline(browser, origin, viewport={"width": 960, "height": 800}) as (context, elsewhere):
        page = context.new_page()
        page.goto(f"{origin}/ui/incidents/{incident}")
        page.wait_for_load_state()
        legend = page.locator("figure.chart").first.bounding_box()
        assert legend is not None, "the page has no chart"
        page.screenshot(
            path=str(path),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 960, "height": legend["y"] + legend["height"] + 12},
        )
        assert not elsewhere, f"the page asked for {elsewhere}"
    size = path.stat().st_size
    assert size < LARGEST, f"{path} is {size:,} bytes"
    return size


def main(argv: list[str] | None = None) -> int:
    """Make the screenshots; prints each file and its size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="incidents-screenshots-") as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/screenshots.db", writer_process=False)
        with serving(settings) as live, httpx.Client(base_url=live.url, timeout=30) as http:
            reporter = live.token("screenshots-reporter", Role.REPORTER)
            editor = live.token("screenshots-editor", Role.EDITOR)
            crocus = str(load_demo(live.parts.record, "demo-editor"))
            record(http, CROCUS_TOLL, reporter, editor, incident=crocus)
            manchester = record(http, MANCHESTER, reporter, editor)
            with sync_playwright() as playwright:
                browser = launch(playwright)
                try:
                    for name, incident in (("crocus", crocus), ("manchester", manchester)):
                        path = args.output / f"{name}.png"
                        size = photograph(browser, live.url, incident, path)
                        print(
                            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                            f": {size:,} bytes"
                        )
                finally:
                    browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
