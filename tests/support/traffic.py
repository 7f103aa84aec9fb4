"""A client loop for outage tests: marked writes and reads, every answer timed.

Writer threads post statements whose text is a marker of their own (unique), to
the servers in turn; reader threads read the incident and `/healthz`. Each answer
is kept with its status, when it was asked and how long it took, so a test can
hold them to the deadline, to the statuses allowed, and the log to the writes
answered 2xx.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import httpx

from tests.support.processes import run

PATIENCE = 30.0  # seconds a client waits for an answer: far past any deadline
SOURCE = {"name": "Outage desk"}


@dataclass(frozen=True)
class Answer:
    """One request of the loop and how it was answered (status 0: no answer at all)."""

    kind: str  # "write" or "read"
    url: str
    asked_at: float  # time.monotonic()
    seconds: float
    status: int
    marker: str | None = None
    detail: str = ""


def statement(marker: str) -> dict[str, object]:
    """A statement whose text is the marker."""
    return {
        "speaker": "Outage desk",
        "statement": marker,
        "stated_at": "2024-03-22T21:00:00+03:00",
        "source": SOURCE,
    }


@dataclass
class Traffic:
    """Writers and readers against `urls` (each `incident` on every one), until stopped."""

    urls: list[str]
    incident: str
    headers: dict[str, str]
    writers: int = 3
    readers: int = 2
    pause: float = 0.02  # seconds between one thread's requests
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._write, args=(n,), daemon=True)
            for n in range(self.writers)
        ] + [
            threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(self.readers)
        ]

    def start(self) -> Traffic:
        """Start every thread."""
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> list[Answer]:
        """Stop the threads once their requests are answered; every answer."""
        self._stop.set()
        for thread in self._threads:
            thread.join(PATIENCE + 5)
        return list(self.answers)

    def _write(self, number: int) -> None:
        urls = itertools.cycle(self.urls[number % len(self.urls) :] + self.urls)
        with httpx.Client(timeout=PATIENCE) as client:
            while not self._stop.is_set():
                url, marker = next(urls), f"outage-{uuid.uuid4().hex}"
                path = f"{url}/incidents/{self.incident}/statements"
                post = partial(client.post, path, json=statement(marker), headers=self.headers)
                self._ask("write", url, marker, post)
                self._stop.wait(self.pause)

    def _read(self, number: int) -> None:
        paths = itertools.cycle([f"/incidents/{self.incident}", "/healthz"])
        urls = itertools.cycle(self.urls[number % len(self.urls) :] + self.urls)
        with httpx.Client(timeout=PATIENCE) as client:
            while not self._stop.is_set():
                url = next(urls)
                target = url + next(paths)
                self._ask("read", url, None, partial(client.get, target))
                self._stop.wait(self.pause)

    def _ask(
        self, kind: str, url: str, marker: str | None, send: Callable[[], httpx.Response]
    ) -> None:
        asked = time.monotonic()
        try:
            response = send()
            status, detail = response.status_code, response.text[:1000]
        except httpx.HTTPError as error:
            status, detail = 0, repr(error)
        answer = Answer(kind, url, asked, time.monotonic() - asked, status, marker, detail)
        with self._lock:
            self.answers.append(answer)


def logged_markers(database_url: str) -> set[str]:
    """The markers of every statement in the log, read by `incidents export`."""
    lines = run(database_url, "export").stdout.splitlines()
    texts = [str(json.loads(line)["data"].get("statement", "")) for line in lines]
    return {text for text in texts if text.startswith("outage-")}


def summary(answers: list[Answer]) -> str:
    """Counts by kind and status, and the slowest answers: for assertion messages."""
    counts: dict[tuple[str, int], int] = {}
    for answer in answers:
        counts[(answer.kind, answer.status)] = counts.get((answer.kind, answer.status), 0) + 1
    slowest = sorted(answers, key=lambda a: a.seconds)[-3:]
    return f"counts {counts}; slowest {[(a.kind, a.status, round(a.seconds, 2)) for a in slowest]}"
