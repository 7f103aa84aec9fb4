"""The FastAPI application: routers, problem handlers, and the life cycle of the parts.

The app serves at once and opens its parts in the background: until they are open
(the database reached, the read models caught up, the writer started), every
request is answered 503 (`api.http.deadlines.Starting`), so a server started
while its database is down binds its port, says it is unavailable, and serves as
soon as the database is there. An error that waiting cannot mend (a server that
acknowledges commits before they are durable, a damaged log) is logged, left on
`app.state.failed`, and handed to `app.state.on_failure` when the command line set
one (`incidents serve` stops then).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api.bootstrap import UNREACHABLE, Parts, open_when_reachable
from api.http import docs, problems
from api.http.caching import ConditionalGets
from api.http.deadlines import Deadlines, Starting
from api.http.limits import BodyLimit, ReadLimit
from api.http.private import PrivateReads
from api.http.quick import CurrentViews, QuickWrites
from api.http.routes import audit, entries, feed, health, incidents, log
from api.http.security import SecurityHeaders
from api.pages import routes as pages
from api.settings import Settings
from api.writing.process import ProcessWriter

logger = logging.getLogger(__name__)
DESCRIPTION = """
The public, append-only record of real incidents while the facts are still moving.
Every update is an entry; nothing is overwritten or deleted; corrections are new
entries. Read any incident as it stands, or as the record stood at any moment
(`known_at`) or version.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; it answers 503 until the database opens and the read models catch up
    (see the module)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opening = _Opening(settings, app)
        started = asyncio.ensure_future(asyncio.to_thread(opening.run))
        try:
            yield
        finally:
            app.state.shutting_down.set()
            opening.stop()
            await started
            parts = opening.parts
            if parts is not None:
                if isinstance(parts.writer, ProcessWriter):
                    await parts.writer.aclose()
                await run_in_threadpool(parts.close)

    app = FastAPI(
        title="Incident record",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by api.http.docs, from the service's own files
        redoc_url=None,
    )
    # Set when the server begins to shut down, so that event streams end and let it.
    app.state.shutting_down = threading.Event()
    app.state.failed = None  # what stopped the parts from opening, if anything did
    problems.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(CurrentViews)  # these two before any routing
    app.add_middleware(QuickWrites)
    app.add_middleware(ReadLimit)
    app.add_middleware(PrivateReads)  # nothing is read without a token, when so configured
    app.add_middleware(ConditionalGets)  # before the quick paths: their answers too
    app.add_middleware(Starting)  # 503 until the parts are open
    app.add_middleware(Deadlines, timeout=settings.store_timeout)  # every answer in time
    app.add_middleware(SecurityHeaders)  # outermost: every answer, 304s and errors too
    app.include_router(entries.router)  # first: the routes a busy server matches most
    app.include_router(incidents.router)
    app.include_router(health.router)
    app.include_router(audit.router)
    app.include_router(feed.router)
    app.include_router(log.router)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.mount(docs.ASSETS_URL, docs.assets(), name="docs-static")
    app.mount("/ui/static", StaticFiles(directory=pages.STATIC), name="ui-static")
    # A redirect to the slashed path is relative: never built from the Host header.
    app.router.redirect_slashes = False
    app.add_api_route("/ui", to_the_pages, methods=["GET", "HEAD"], include_in_schema=False)
    return app


async def to_the_pages() -> RedirectResponse:
    """`/ui` is `/ui/`."""
    return RedirectResponse("/ui/", status_code=308)


@dataclass
class _Opening:
    """Opening the parts in the background, then starting them; `parts` is set at once,
    `app.state.parts` once they serve."""

    settings: Settings
    app: FastAPI
    parts: Parts | None = None

    def __post_init__(self) -> None:
        self._stopping = threading.Event()

    def run(self) -> None:
        """Open the parts (waiting for the database) and start them; on an error waiting
        cannot mend, say so and give up."""
        try:
            self._open_and_start()
        except Exception as error:
            logger.exception("the service cannot start")
            self.app.state.failed = error
            on_failure: Callable[[], None] | None = getattr(self.app.state, "on_failure", None)
            if on_failure is not None:
                on_failure()

    def stop(self) -> None:
        """Give up waiting, and stop a writer process that is still starting."""
        self._stopping.set()
        if self.parts is not None and getattr(self.app.state, "parts", None) is None:
            self.parts.writer.stop()

    def _open_and_start(self) -> None:
        settings = self.settings
        self.parts = parts = open_when_reachable(settings, self._stopping.wait)
        if parts is None:
            return
        logger.info(parts.start_line("incidents serve"))
        while True:  # the database may go again before the read models caught up
            try:
                parts.catch_up()
                break
            except UNREACHABLE as error:
                logger.warning("waiting for the database to catch up the read models: %s", error)
                if self._stopping.wait(1.0):
                    return
        if settings.run_projections:  # the writers apply their own entries
            parts.projector.start(settings.projector_interval, eager=False)
        parts.start_housekeeping()
        if settings.writer_process:
            parts.write_in_a_process()
        try:
            parts.writer.start()
        except Exception as error:  # the next write starts another
            logger.warning("the writer process did not start: %r", error)
        if not self._stopping.is_set():
            self.app.state.parts = parts
