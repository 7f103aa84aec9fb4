"""Write and read throughput on SQLite and PostgreSQL, with one and two API processes.

Every configuration runs in the same invocation, against real `incidents serve`
processes, loaded by wrk; the table gives requests per second and the ratio to
SQLite with one process, measured in the same run. Needs `wrk` (Debian: `apt-get
install wrk`) and, for the PostgreSQL rows, a server whose user may create
databases:

    .venv/bin/python bench/stores.py --seconds 10 \\
        --postgres postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import FIGURE, wrk
from tests.conftest import drop_postgres_database, fresh_postgres_database
from tests.support.processes import create_token, start_server, stop

INCIDENTS = 8  # writes spread over several incidents, as on a busy night


@dataclass
class Result:
    """One configuration's measurements."""

    store: str
    processes: int
    writes: float
    reads: float
    errors: int


@contextmanager
def database(store: str, postgres: str | None, folder: Path) -> Iterator[str]:
    """A fresh database of the given kind."""
    if store == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    assert postgres is not None
    url, name = fresh_postgres_database(postgres)
    try:
        yield url
    finally:
        drop_postgres_database(postgres, name)


def measure(store: str, processes: int, args: argparse.Namespace) -> Result:
    """Start the servers on a fresh database, load them, stop them."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-{store}-{processes}-"))
    with ExitStack() as stack:
        url = stack.enter_context(database(store, args.postgres, folder))
        headers = create_token(url, "bench", "reporter")
        servers = [
            start_server(url, folder / f"serve-{n}.log", write_rate="0") for n in range(processes)
        ]
        for server in servers:
            stack.callback(stop, server)
        incidents = []
        for n in range(INCIDENTS):
            response = httpx.post(
                f"{servers[0].url}/incidents",
                headers=headers,
                timeout=30,
                json={
                    "title": f"Bench incident {n}",
                    "occurred_at": "2024-03-22T19:58:00+03:00",
                    "location": {"name": "Krasnogorsk"},
                    "source": FIGURE["source"],
                },
            )
            incidents.append(response.json()["id"])
        urls = [s.url for s in servers]
        writes = wrk(
            urls,
            "POST",
            [f"/incidents/{i}/figures" for i in incidents],
            headers["Authorization"],
            args.seconds,
            args.connections,
            folder,
        )
        reads = wrk(
            urls,
            "GET",
            [f"/incidents/{i}" for i in incidents],
            headers["Authorization"],
            args.seconds,
            args.connections,
            folder,
        )
    shutil.rmtree(folder, ignore_errors=True)
    return Result(store, processes, writes.rate, reads.rate, writes.errors + reads.errors)


def main() -> None:
    """Measure every configuration and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections in all")
    parser.add_argument("--postgres", help="a PostgreSQL server URL (omit to skip PostgreSQL)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/stores.py needs wrk: apt-get install wrk")
    stores = ["sqlite", *(["postgres"] if args.postgres else [])]
    results = [measure(store, n, args) for store in stores for n in (1, 2)]
    base = results[0]
    print(
        f"\n{'store':<10} {'API processes':>13} {'POST/s':>9} {'ratio':>7} "
        f"{'GET/s':>9} {'ratio':>7} {'non-2xx':>8}"
    )
    for r in results:
        print(
            f"{r.store:<10} {r.processes:>13} {r.writes:>9.0f} {r.writes / base.writes:>6.2f}x "
            f"{r.reads:>9.0f} {r.reads / base.reads:>6.2f}x {r.errors:>8}"
        )
    print(
        f"\nratios are to {base.store} with {base.processes} process, measured in this run; "
        f"wrk with {args.connections} connections, {args.seconds} s per run, POST of a "
        f"figure and GET of the incident view over {INCIDENTS} incidents"
    )


if __name__ == "__main__":
    main()
