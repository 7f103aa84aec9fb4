"""Debian's Chromium under Playwright, as the page tests and the screenshots drive it.

Playwright cannot download its own browser here, so it drives `/usr/bin/chromium`
(`apt-get install chromium`). `offline` keeps a browser context to one server: any
request for another origin is refused and noted. HTML answers are held to the
Content-Security-Policy the contract asks of pages (`default-src 'self'`: the server
sends it; it is added when missing), so an inline script or style would show up as
a console error.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Playwright,
    Route,
    ViewportSize,
)

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
POLICY = "default-src 'self'; frame-ancestors 'none'"


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless."""
    assert shutil.which(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium"
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


@contextmanager
def offline(
    browser: Browser,
    origin: str,
    *,
    javascript: bool = True,
    viewport: ViewportSize | None = None,
) -> Iterator[tuple[BrowserContext, list[str]]]:
    """A browser context that may only reach `origin`; yields it and the list of the
    requests it refused (a page that works offline leaves it empty)."""
    context = browser.new_context(
        java_script_enabled=javascript, viewport=viewport or {"width": 1100, "height": 900}
    )
    elsewhere: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if not url.startswith(origin + "/"):
            elsewhere.append(url)
            route.abort()
            return
        try:
            answer = route.fetch(max_redirects=0)  # the browser follows redirects itself
            headers = dict(answer.headers)
            if headers.get("content-type", "").startswith("text/html"):
                headers.setdefault("content-security-policy", POLICY)
            route.fulfill(response=answer, headers=headers)
        except Error:  # the context closed while the answer was on its way
            return

    context.route("**/*", guard)
    try:
        yield context, elsewhere
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()
