"""How the service does against the web framework alone, measured side by side in one run.

    .venv/bin/python bench/web.py                 # every part
    .venv/bin/python bench/web.py --only known_at,rebuild --entries 20000

Parts (each prints its own lines; `--only` picks some):

- throughput: `POST /incidents/{id}/figures` and `GET /incidents/{id}` on the
  service (SQLite, one uvicorn worker) and on a bare FastAPI + pydantic app with
  the same bodies (bench/bare_app.py), loaded by wrk with the same connections;
  ratios service / bare, and a check that every acknowledged write is in the log.
- known_at: the median latency of `?known_at=` reads on an incident with 10,000
  entries and on one with 20; the ratio.
- rebuild: `incidents rebuild`'s rate on a log of `--entries` entries over
  `--incidents` incidents, beside the rate of just reading and decoding that log.
- memory: the serving process's RSS (with its writer process) after `--entries`
  entries across `--incidents` incidents were written through it.

Needs wrk (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.bootstrap import Parts  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.load import FIGURE, wrk  # noqa: E402
from domain.commands import OpenIncident, ReportFigure  # noqa: E402
from domain.figures import Figure  # noqa: E402
from domain.incident import Incident  # noqa: E402
from domain.values import Category, Location, Source  # noqa: E402
from projections.reading import log_batches  # noqa: E402
from tests.support.processes import create_token, free_port, start_server, stop  # noqa: E402

OPENING = {
    "title": "Bench incident",
    "occurred_at": "2024-03-22T19:58:00+03:00",
    "location": {"name": "Krasnogorsk"},
    "source": {"name": "TASS"},
}
# Both servers run without an access log (the bare app with uvicorn's default
# level warning), so that neither pays for logging the other skips.
UNLIMITED = {"write_rate": "0", "access_log": "false"}


@contextmanager
def bare_app(folder: Path) -> Iterator[str]:
    """The bare FastAPI app under uvicorn, one worker."""
    port = free_port()
    log = (folder / "bare.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--port", str(port),
         "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{url}/docs", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(15)
        log.close()


def opened(url: str, headers: dict[str, str], count: int) -> list[str]:
    """Open `count` incidents through the API; their ids."""
    with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
        return [http.post("/incidents", json=OPENING).json()["id"] for _ in range(count)]


def throughput(args: argparse.Namespace, folder: Path) -> None:
    """POST and GET on the service and on the bare app, side by side."""
    database = f"sqlite:///{folder / 'throughput.db'}"
    headers = create_token(database, "bench", "reporter")
    server = start_server(database, folder / "serve.log", **UNLIMITED)
    try:
        incidents = opened(server.url, headers, 8)
        with bare_app(folder) as bare:
            token = headers["Authorization"]
            load = {"seconds": args.seconds, "connections": args.connections, "folder": folder}
            figures = [f"/incidents/{i}/figures" for i in incidents]
            views = [f"/incidents/{i}" for i in incidents]
            bare_post = wrk([bare], "POST", figures, token, **load)
            posted = wrk([server.url], "POST", figures, token, **load)
            bare_get = wrk([bare], "GET", views, token, **load)
            got = wrk([server.url], "GET", views, token, **load)
        with httpx.Client(base_url=server.url, timeout=60) as http:
            written = sum(http.get(f"/incidents/{i}").json()["version"] - 1 for i in incidents)
    finally:
        stop(server)
    acknowledged = posted.requests - posted.errors
    print(
        f"POST figures  service {posted.rate:8.0f}/s  bare {bare_post.rate:8.0f}/s  "
        f"ratio {posted.rate / bare_post.rate:.2f}x  (target 0.5x)"
    )
    print(
        f"GET incident  service {got.rate:8.0f}/s  bare {bare_get.rate:8.0f}/s  "
        f"ratio {got.rate / bare_get.rate:.2f}x  (target 0.7x)"
    )
    print(
        f"durable: {acknowledged} writes acknowledged, {written} entries in the log "
        f"({'every acknowledged entry is there' if written >= acknowledged else 'MISSING'}); "
        f"non-2xx: {posted.errors + got.errors}"
    )


def bulk_incidents(parts: Parts, incidents: int, each: int) -> list[UUID]:
    """Record incidents of `each` entries quickly: one save per incident."""
    now = datetime.now(UTC)
    source, ids = Source("TASS"), []
    for n in range(incidents):
        opening = OpenIncident(
            title=f"Bench incident {n}", occurred_at=now - timedelta(days=1),
            location=Location("Krasnogorsk"), tags=["bench"], source=source, reported_by="bench",
        )  # fmt: skip
        incident = Incident.open(opening, now)
        for i in range(each - 1):
            report = ReportFigure(
                category=Category.KILLED, figure=Figure.parse(f"at least {40 + i}"),
                as_of=now - timedelta(hours=i % 48), source=source, reported_by="bench",
            )  # fmt: skip
            incident.carry_out(report, now)
        parts.record.save(incident)
        ids.append(incident.id)
    parts.catch_up()
    return ids


def median_latency(http: httpx.Client, paths: list[str]) -> float:
    """The median seconds of GETs of these paths, one after another."""
    times = []
    for path in paths:
        started = time.perf_counter()
        assert http.get(path).status_code == 200
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def known_at(args: argparse.Namespace, folder: Path) -> None:
    """known_at reads on a long history against a short one."""
    database = f"sqlite:///{folder / 'known_at.db'}"
    parts = Parts.open(Settings(database_url=database))
    short, long = bulk_incidents(parts, 1, 20)[0], bulk_incidents(parts, 1, 10_000)[0]
    stamps = {
        incident: [e.recorded_at.isoformat() for e in parts.record.entries(incident, limit=10_000)]
        for incident in (short, long)
    }
    parts.close()
    # Without the view cache, every read is the index probes at its version (with
    # it, the short history's 20 versions would soon all be cached).
    server = start_server(database, folder / "known_at.log", view_cache_mb="0")
    rng = random.Random(1)
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            medians = {}
            for incident in (short, long):
                paths = [
                    f"/incidents/{incident}?known_at={rng.choice(stamps[incident])}".replace(
                        "+", "%2B"
                    )
                    for _ in range(args.samples)
                ]
                median_latency(http, paths[:20])  # warm up
                medians[incident] = median_latency(http, paths)
    finally:
        stop(server)
    ratio = medians[long] / medians[short]
    print(
        f"known_at median  10,000 entries {medians[long] * 1000:.2f} ms  "
        f"20 entries {medians[short] * 1000:.2f} ms  ratio {ratio:.2f}x  (target within 2x; "
        "view cache off)"
    )


def rebuild(args: argparse.Namespace, folder: Path) -> Path:
    """The rebuild rate, beside the rate of reading and decoding the same log."""
    path = folder / "big.db"
    parts = Parts.open(Settings(database_url=f"sqlite:///{path}"))
    try:
        each = max(1, args.entries // args.incidents)
        started = time.perf_counter()
        bulk_incidents(parts, args.incidents, each)
        print(
            f"recorded {args.incidents * each:,} entries in {time.perf_counter() - started:.0f} s"
        )
        started = time.perf_counter()
        decoded = sum(len(batch) for batch in log_batches(parts.record, 0))
        decode_rate = decoded / (time.perf_counter() - started)
        started = time.perf_counter()
        rebuilt = parts.projector.rebuild()
        rebuild_rate = rebuilt / (time.perf_counter() - started)
    finally:
        parts.close()
    print(
        f"rebuild  {rebuild_rate:8,.0f} entries/s  (target 30,000/s)  "
        f"reading and decoding the log alone {decode_rate:8,.0f} entries/s  "
        f"({rebuild_rate / decode_rate:.2f}x of it)"
    )
    return path


def memory(args: argparse.Namespace, folder: Path) -> None:
    """The serving process's RSS after entries across many incidents went through it."""
    database = f"sqlite:///{folder / 'memory.db'}"
    headers = create_token(database, "bench", "reporter")
    server = start_server(database, folder / "memory.log", **UNLIMITED)
    try:
        incidents = opened(server.url, headers, args.incidents)
        target = args.entries - args.incidents
        token = headers["Authorization"]
        figures = [f"/incidents/{i}/figures" for i in incidents]
        written = 0
        while written < target:
            run = wrk([server.url], "POST", figures, token, 10, args.connections, folder, FIGURE)
            written += run.requests - run.errors
            print(
                f"  written {written + args.incidents:,} entries; "
                f"RSS {rss(server.process.pid):.0f} MB",
                flush=True,
            )
        views = [f"/incidents/{i}" for i in incidents]
        wrk([server.url], "GET", views, token, 5, args.connections, folder)
        resident = rss(server.process.pid)
    finally:
        stop(server)
    print(
        f"memory  RSS {resident:.0f} MB after {written + args.incidents:,} entries across "
        f"{args.incidents:,} incidents  (target under 300 MB)"
    )


def rss(pid: int) -> float:
    """The resident memory in MB of a process and its children (the server's writer
    process is one)."""
    total = 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1]) / 1024
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            total += rss(int(child))
    return total


PARTS: dict[str, Callable[[argparse.Namespace, Path], Any]] = {
    "throughput": throughput,
    "known_at": known_at,
    "rebuild": rebuild,
    "memory": memory,
}


def main() -> None:
    """Run the parts asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help="comma-separated parts")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--samples", type=int, default=300, help="known_at reads per incident")
    parser.add_argument("--entries", type=int, default=100_000, help="for rebuild and memory")
    parser.add_argument("--incidents", type=int, default=1_000, help="for rebuild and memory")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/web.py needs wrk: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    try:
        for name in args.only.split(","):
            print(f"== {name}", flush=True)
            PARTS[name](args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
