"""The FastAPI application: routers, problem handlers, and the life cycle of the parts."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api.bootstrap import Parts
from api.http import problems
from api.http.caching import ConditionalGets
from api.http.limits import BodyLimit
from api.http.quick import CurrentViews, QuickWrites
from api.http.routes import audit, entries, feed, health, incidents
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
        title="Incident record", version="0.1.0", description=DESCRIPTION, lifespan=lifespan
    )
    # Set when the server begins to shut down, so that event streams end and let it.
    app.state.shutting_down = threading.Event()
    problems.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(CurrentViews)  # these two before any routing
    app.add_middleware(QuickWrites)
    app.add_middleware(ConditionalGets)  # outermost: the quick paths' answers too
    app.include_router(entries.router)  # first: the routes a busy server matches most
    app.include_router(incidents.router)
    app.include_router(health.router)
    app.include_router(audit.router)
    app.include_router(feed.router)
    app.include_router(pages.router)
    app.mount("/ui/static", StaticFiles(directory=pages.STATIC), name="ui-static")
    return app
