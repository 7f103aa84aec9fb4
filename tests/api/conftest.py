"""Fixtures of the page tests: Debian's Chromium, and a tab that may only reach the
test server and notes every console error (see tests.support.page_browser)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from tests.conftest import Live
from tests.support.page_browser import launch, offline


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium (Playwright cannot download its own here); .ci/run installs it."""
    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


def watch(opened: Page) -> list[str]:
    """The console errors (and uncaught exceptions) a page logs, as they come."""
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    opened.on("console", record)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def page(browser: Browser, live: Live) -> Iterator[tuple[Page, list[str]]]:
    """A fresh tab and the console errors it logs; it may reach only the test server, and
    the test fails if it asked for anything elsewhere."""
    with offline(browser, live.url) as (context, elsewhere):
        opened = context.new_page()
        yield opened, watch(opened)
    assert elsewhere == [], f"the pages asked for {elsewhere}"
