"""A page of the test server in a browser whose network is blocked, with its console
errors noted (on top of tests.support.page_browser)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import Browser, ConsoleMessage, Page

from tests.support.page_browser import offline


@dataclass
class Visit:
    """A page opened on the test server, with what it logged and tried to fetch elsewhere."""

    page: Page
    outside: list[str]
    errors: list[str] = field(default_factory=list)


@contextmanager
def visiting(browser: Browser, server: str, *, javascript: bool = True) -> Iterator[Visit]:
    """A fresh page that may reach only `server`, noting its console errors."""
    with offline(browser, server, javascript=javascript) as (context, elsewhere):
        visit = Visit(context.new_page(), elsewhere)

        def record(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.errors.append(message.text)

        visit.page.on("console", record)
        visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))
        yield visit
