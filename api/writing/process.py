"""The group writer in a process of its own, so that HTTP and writing use two cores.

In one process, the event loop (reading requests, writing answers) and the group
writer (carrying out changes, SQL) take turns holding Python's GIL, and the loop
also waits while a group's commit reaches the disk. So the serving process hands
each Change over a socket to a child process, which runs the GroupWriter on its
own connections to the same database and sends back what was recorded, or the
problem to answer with. The child commits each group's entries and read models
before it answers, so a 2xx still means durable and visible to the next read.

The child ends when the serving process closes its end of the socket (or dies,
which closes it too), once the groups it holds are written.

Each change goes with its request's deadline (a CLOCK_MONOTONIC instant, the
same in both processes), and the child commits it by then or not at all (see
`api.writing.group`); the request waits for the child's answer until its
deadline plus ANSWER_WAIT. A child that ended is replaced at the next write; one
that is starting (waiting for the database, say) makes the writes of that time
wait until their deadline, then answer 503, never having been handed over.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
import multiprocessing
import pickle
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

from api.http.problems import Problem, problem_of, store_unavailable
from api.settings import Settings
from api.storage.recorders import RequestKey
from api.writing.answers import deadline_of_request, outcome_by
from api.writing.group import GroupWriter
from api.writing.idempotency import Written
from domain.application import Change

_LENGTH = struct.Struct("!I")
_READY = -1  # the id of the child's first message: it can take changes
log = logging.getLogger(__name__)


class ProcessWriter:
    """Hands changes to the writer process and awaits their outcomes (the GroupWriter's
    interface: start, stop, write)."""

    def __init__(
        self, settings: Settings, child: Callable[[Settings, socket.socket], None]
    ) -> None:
        """`child` is the writer process's body: it opens the parts from the settings and
        serves the socket with `serve_changes` (an importable function: it is started
        in a new interpreter)."""
        self.settings = settings
        self.child = child
        self._process: Any = None
        self._socket: socket.socket | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._pending: dict[int, asyncio.Future[Written]] = {}
        self._ids = itertools.count()
        self._connecting: asyncio.Task[asyncio.StreamWriter] | None = None
        self._reading: asyncio.Task[None] | None = None
        self._closed = False
        self._starting = False  # started, and not ready yet

    def start(self) -> None:
        """Start the writer process and wait until it can take changes."""
        if self._process is not None:
            self._process.join(timeout=30)  # an ended one
        ours, theirs = socket.socketpair()
        context = multiprocessing.get_context("spawn")
        self._process = context.Process(
            target=self.child, args=(self.settings, theirs), name="incidents-writer", daemon=True
        )
        self._starting = True
        try:
            self._process.start()
            theirs.close()
            ready, _ = _read_frame(ours)  # (job id, outcome), as every answer
        except BaseException:
            ours.close()
            raise
        finally:
            self._starting = False
        if ready != _READY:
            msg = "the writer process did not start"
            raise RuntimeError(msg)
        self._socket = ours

    async def aclose(self) -> None:
        """Let the writer process finish what it holds, then wait for it to end (from the
        event loop that wrote to it)."""
        self._closed = True
        if self._writer is not None:
            self._writer.write_eof()  # the process answers what it holds, then ends
            if self._reading is not None:
                await self._reading
        await asyncio.to_thread(self.stop)

    def stop(self) -> None:
        """Close our end of the socket and wait for the writer process to end."""
        if self._socket is not None and self._writer is None:
            self._socket.close()
        self._socket = None
        if self._process is not None:
            if self._starting:  # it holds no change: it may be waiting for the database
                self._process.terminate()
            self._process.join(timeout=30)
            if self._process.is_alive():
                self._process.kill()
            self._process = None

    async def write(
        self, change: Change, key: RequestKey | None = None, token: str | None = None
    ) -> Written:
        """Carry out a change in the writer process; what was recorded, and whether an
        earlier request with the same key recorded it (401 if `token` is revoked)."""
        deadline = deadline_of_request(self.settings.store_timeout)
        writer = await self._connected(deadline)
        job = next(self._ids)
        future: asyncio.Future[Written] = asyncio.get_running_loop().create_future()
        self._pending[job] = future
        writer.write(_framed((job, change, key, deadline, token)))
        try:
            return await outcome_by(future, deadline)
        finally:
            self._pending.pop(job, None)

    async def _connected(self, deadline: float) -> asyncio.StreamWriter:
        """The socket to the writer process, started anew if it ended; waited for until
        `deadline` (then a 503: the change was never handed over)."""
        if self._closed:
            raise store_unavailable("the server is shutting down")
        if self._writer is not None:
            return self._writer
        if self._connecting is None or self._connecting.done():
            self._connecting = asyncio.get_running_loop().create_task(self._connect())
            self._connecting.add_done_callback(_retrieved)
        done, _ = await asyncio.wait({self._connecting}, timeout=deadline - time.monotonic())
        if not done:
            raise store_unavailable("not written: the writer process is starting; retry it")
        return self._connecting.result()

    async def _connect(self) -> asyncio.StreamWriter:
        if self._socket is None:  # it ended: start another
            log.warning("the writer process ended; starting another")
            try:
                await asyncio.to_thread(self.start)
            except Exception as error:
                log.warning("the writer process did not start: %r", error)
                raise store_unavailable("the writer process could not start; retry") from None
        assert self._socket is not None
        reader, self._writer = await asyncio.open_unix_connection(sock=self._socket)
        self._reading = asyncio.get_running_loop().create_task(self._answers(reader))
        return self._writer

    async def _answers(self, reader: asyncio.StreamReader) -> None:
        try:
            while True:
                (length,) = _LENGTH.unpack(await reader.readexactly(_LENGTH.size))
                job, outcome = pickle.loads(await reader.readexactly(length))
                future = self._pending.get(job)
                if future is not None and not future.done():
                    _settle(future, outcome)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        except Exception:
            log.exception("could not read the writer process's answers")
        # The writer process ended (or we closed it): what it held may or may not be
        # saved, so those requests get a 503 (a retry with an Idempotency-Key is safe),
        # and the next write starts another.
        if self._writer is not None:
            self._writer.close()
            self._writer, self._socket = None, None
        for future in self._pending.values():
            if not future.done():
                future.set_exception(store_unavailable("the writer process ended"))


def _retrieved(task: asyncio.Task[Any]) -> None:
    """Take a finished task's error, which every request waiting for it has heard (or
    none did, having given up)."""
    if not task.cancelled():
        task.exception()


def _settle(future: asyncio.Future[Written], outcome: tuple[str, Any]) -> None:
    kind, value = outcome
    if kind == "ok":
        future.set_result(value)
    elif kind == "problem":
        status, title, detail, problem_kind, headers, extra = value
        future.set_exception(
            Problem(status, title, detail, kind=problem_kind, headers=headers, **extra)
        )
    else:
        future.set_exception(RuntimeError(f"the writer failed: {value}"))


def _framed(message: Any) -> bytes:
    """A message as it goes over the socket: its length, then its pickle."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(body)) + body


def _read_frame(sock: socket.socket) -> Any:
    """The next message from a blocking socket (EOFError when it closed)."""
    (length,) = _LENGTH.unpack(_receive(sock, _LENGTH.size))
    return pickle.loads(_receive(sock, length))


def _receive(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _sent(outcome: Any) -> tuple[str, Any]:
    """An outcome as the serving process reads it: what was recorded, or a problem."""
    if isinstance(outcome, tuple):
        return "ok", outcome
    problem = problem_of(outcome)
    if problem is None:
        log.error("a write failed in the writer process", exc_info=outcome)
        return "error", repr(outcome)
    return "problem", (
        problem.status, problem.title, problem.detail, problem.kind, problem.headers,
        problem.extra,
    )  # fmt: skip


def serve_changes(writer: GroupWriter, sock: socket.socket) -> None:
    """The writer process's loop: the changes read from `sock` handed to `writer`, their
    outcomes sent back, until the serving process closes its end."""
    writer.start()
    sending = threading.Lock()

    def send(job: int, outcome: Any) -> None:
        frame = _framed((job, outcome))
        try:
            with sending:
                sock.sendall(frame)
        except OSError:
            pass  # the serving process is gone: no one is waiting for the answer

    send(_READY, ("ok", None))
    try:
        while True:
            job, change, key, deadline, token = _read_frame(sock)
            writer.submit(change, key, functools.partial(_answer, send, job), deadline, token)
    except (EOFError, ConnectionError):
        pass
    finally:
        writer.stop()  # finishes the groups held
        sock.close()


def _answer(send: Callable[[int, Any], None], job: int, outcome: Any) -> None:
    send(job, _sent(outcome))
