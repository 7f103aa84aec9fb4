"""The FastAPI application: routers, problem handlers, and the service's life cycle."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from api import problems
from api.fastpath import CurrentViews, QuickWrites
from api.limits import BodyLimit
from api.routers import audit, entries, feed, health, incidents, ui
from api.service import Service
from api.settings import Settings
from api.writer_process import ProcessWriter

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
        service = await run_in_threadpool(Service.open, settings)
        await run_in_threadpool(service.catch_up)
        if settings.run_projections:
            service.projector.start(settings.projector_interval)
        service.start_housekeeping()
        if settings.writer_process:
            service.writer = ProcessWriter(settings)
        await run_in_threadpool(service.writer.start)
        app.state.service = service
        try:
            yield
        finally:
            app.state.shutting_down.set()
            if isinstance(service.writer, ProcessWriter):
                await service.writer.aclose()
            await run_in_threadpool(service.close)

    app = FastAPI(
        title="Incident record", version="0.1.0", description=DESCRIPTION, lifespan=lifespan
    )
    # Set when the server begins to shut down, so that event streams end and let it.
    app.state.shutting_down = threading.Event()
    problems.install(app)
    app.add_middleware(BodyLimit)
    app.add_middleware(CurrentViews)  # these two before any routing
    app.add_middleware(QuickWrites)
    app.include_router(entries.router)  # first: the routes a busy server matches most
    app.include_router(incidents.router)
    app.include_router(health.router)
    app.include_router(audit.router)
    app.include_router(feed.router)
    app.include_router(ui.router)
    app.mount("/ui/static", StaticFiles(directory=ui.STATIC), name="ui-static")
    return app
