"""The FastAPI application: routers, problem handlers, and the life cycle of the parts."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api.bootstrap import Parts
from api.http import docs, problems
from api.http.caching import ConditionalGets
from api.http.limits import BodyLimit, ReadLimit
from api.http.private import PrivateReads
from api.http.quick import CurrentViews, QuickWrites
from api.http.routes import audit, entries, feed, health, incidents, log
from api.http.security import SecurityHeaders
from api.pages import routes as pages
from api.settings import Settings
from api.writing.process import ProcessWriter

DESCRIPTION = """
The public, append-only record of real incidents while the facts are still moving.
Every update is an entry; nothing is overwritten or deleted; corrections are new
entries. Read any incident as it stands, or as the record stood at any moment
(`known_at`) or version.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app; the database opens, and the read models catch up, before it serves."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        parts = await run_in_threadpool(Parts.open, settings)
        await run_in_threadpool(parts.catch_up)
        if settings.run_projections:
            parts.projector.start(settings.projector_interval)
        parts.start_housekeeping()
        if settings.writer_process:
            parts.write_in_a_process()
        await run_in_threadpool(parts.writer.start)
        app.state.parts = parts
        try:
            yield
        finally:
            app.state.shutting_down.set()
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
    problems.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(CurrentViews)  # these two before any routing
    app.add_middleware(QuickWrites)
    app.add_middleware(ReadLimit)
    app.add_middleware(PrivateReads)  # nothing is read without a token, when so configured
    app.add_middleware(ConditionalGets)  # before the quick paths: their answers too
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
