"""Two middlewares about time: every request answered by its deadline plus a margin,
and a 503 for every request while the service is still starting.

- `Deadlines` gives each request its deadline as it arrives (the store timeout
  from now; see `api.storage.deadlines`), which every store call made for it
  reads, and the group writer carries with its change. A request whose answer
  has not begun by its deadline plus MARGIN is answered 503 with Retry-After
  there and then; the work behind it goes on and its answer is dropped. (It is
  bounded too: by the store timeouts, and a write by the writer, which never
  commits after the deadline.) An answer that has begun (an event stream) is
  let through. A store error that escapes the app from a
  middleware, where the app's handlers never see it, is a 503 here too.
- `Starting` answers 503 to everything, `/healthz` included, until the app's
  parts are open: `incidents serve` binds its port at once, and waits for the
  database in the background (see `api.http.app`).
"""

from __future__ import annotations

import asyncio
import logging
import time

from eventsourcing.persistence import InterfaceError, OperationalError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import problem_response, store_unavailable
from api.storage import deadlines

log = logging.getLogger(__name__)


class Deadlines:
    """ASGI middleware: each request's deadline, and its answer by the deadline plus
    MARGIN at the latest."""

    def __init__(self, app: ASGIApp, timeout: float) -> None:
        """`timeout`: the store timeout, from a request's arrival to its deadline."""
        self.app = app
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request; answer 503 if it has not begun to answer by the deadline
        plus MARGIN (a timer, not a task of its own: a request costs next to nothing)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        deadline = time.monotonic() + self.timeout
        deadlines.set_for_request(deadline)  # its store calls, in threads too, read it
        guard = _Guard(scope, receive, send)
        timer = asyncio.get_running_loop().call_later(
            deadline + deadlines.MARGIN - time.monotonic(), guard.expire
        )
        try:
            await self.app(scope, receive, guard.send)
        except (OperationalError, InterfaceError) as error:
            if guard.begun:
                raise
            # A store error raised outside the routes (in a middleware), which the
            # app's handlers never see: a 503 too, not a 500.
            log.warning("%s %s: %s", scope["method"], scope["path"], error)
            guard.answer("the store is busy or does not answer")
        except Exception:
            if guard.given_up is None:
                raise
            log.warning("a request answered 503 for its deadline then failed", exc_info=True)
        finally:
            timer.cancel()
        if guard.given_up is not None:
            await guard.given_up  # the 503 is out before the request ends


class _Guard:
    """A request's answer as it goes out, and the 503 that replaces it if it is late.

    The request carries on once given up (its store calls are bounded too), and what
    it sends then is dropped; the server goes on to the connection's next request as
    soon as the 503 is out, as it does after any answer."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope, self.receive, self._send = scope, receive, send
        self.begun = False
        self.given_up: asyncio.Task[None] | None = None

    async def send(self, message: Message) -> None:
        """Pass the request's answer on, unless it was given up."""
        if self.given_up is not None:
            return
        self.begun = self.begun or message["type"] == "http.response.start"
        await self._send(message)

    def expire(self) -> None:
        """The deadline plus MARGIN is here: answer 503 unless an answer has begun."""
        if self.begun or self.given_up is not None:
            return
        log.warning(
            "%s %s: no answer by its deadline; answered 503",
            self.scope["method"], self.scope["path"],
        )  # fmt: skip
        self.answer("the store did not answer in time; retry")

    def answer(self, detail: str) -> None:
        """Give the request up and answer 503 in its place."""
        response = problem_response(Request(self.scope), store_unavailable(detail))
        self.given_up = asyncio.ensure_future(response(self.scope, self.receive, self._send))


class Starting:
    """ASGI middleware: 503 for every request until the app's parts are open."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer 503 while the service starts; then hand every request on."""
        if scope["type"] == "http" and getattr(scope["app"].state, "parts", None) is None:
            detail = "the service is starting: it is waiting for its database"
            await problem_response(Request(scope), store_unavailable(detail))(scope, receive, send)
            return
        await self.app(scope, receive, send)
