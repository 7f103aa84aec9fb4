"""What the Merkle tree costs: writes with it against writes without it, proofs on a big
tree against a small one, and the rebuild with and without it.

    .venv/bin/python bench/proofs.py                          # every part (a few minutes)
    .venv/bin/python bench/proofs.py --only writes --seconds 10 --rounds 3

- writes: wrk POSTs figures to `incidents serve` (SQLite, one process, writer process,
  no access log, 16 connections over 8 incidents), alternately with the tree read
  model applied and with it left out (the same code, its model removed from the
  models applied, through a `sitecustomize` on the server's PYTHONPATH), `--rounds`
  times each; the ratio of the medians is the tree's cost (target: at least 0.9x).
- proofs: trees of 10^3 and 10^6 leaves, their tables filled directly with the rows
  the read model writes (synthetic leaves "leaf i"; writing a million real entries
  through the API would take most of an hour); the median time of an inclusion
  proof for a random leaf, in process (`LogProofs.inclusion`) and over HTTP (GET
  /log/proof/inclusion on `incidents serve`) (target: 10^6 within 2x of 10^3).
- rebuild: `incidents rebuild`'s rate on `--entries` entries, with and without the tree.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.bootstrap import Parts
from api.settings import Settings
from bench.load import wrk
from bench.web import bulk_incidents, median_latency, opened
from domain import merkle
from projections import models, store
from projections.tree import GrowingTree
from tests.support.processes import create_token, start_server, stop

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_TREE = """
import os
if os.environ.get("BENCH_WITHOUT_TREE"):
    from bench.proofs import leave_out_the_tree
    leave_out_the_tree()
"""


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Extra environment variables for the processes started in the block."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def leave_out_the_tree() -> None:
    """Apply the read models without the tree in this process, as before it was added
    (the entry index numbers no leaves: it reads no tree)."""
    store.READ_MODELS = tuple(m for m in models.READ_MODELS if m is not models.TREE)
    entries: Any = models.ENTRIES
    entries.state = lambda db: (db, GrowingTree(db))
    entries.memory = lambda rebuild: (rebuild.rows, GrowingTree(rebuild.rows))


@contextmanager
def without_tree_here() -> Iterator[None]:
    """Leave the tree out of the read models applied in this process, for the block."""
    leave_out_the_tree()
    try:
        yield
    finally:
        store.READ_MODELS = models.READ_MODELS
        del models.ENTRIES.state, models.ENTRIES.memory  # type: ignore[method-assign]


def post_rate(folder: Path, seconds: int, tree: bool, run: int) -> float:
    """POST /incidents/{id}/figures per second on a fresh database."""
    database = f"sqlite:///{folder / f'writes-{run}-{tree}.db'}"
    headers = create_token(database, "bench", "reporter")
    extra = {} if tree else {"BENCH_WITHOUT_TREE": "1"}
    with environment(PYTHONPATH=f"{folder / 'site'}{os.pathsep}{ROOT}", **extra):
        server = start_server(
            database, folder / f"writes-{run}-{tree}.log", write_rate="0", access_log="false"
        )
    try:
        incidents = opened(server.url, headers, 8)
        paths = [f"/incidents/{i}/figures" for i in incidents]
        result = wrk([server.url], "POST", paths, headers["Authorization"], seconds, 16, folder)
        if result.errors:
            sys.exit(f"{result.errors} writes failed")
    finally:
        stop(server)
    with sqlite3.connect(folder / f"writes-{run}-{tree}.db") as db:
        leaves = db.execute("SELECT COUNT(*) FROM tree_leaves").fetchone()[0]
    if bool(leaves) != tree:
        sys.exit(f"the tree was {'not ' if tree else ''}maintained: {leaves} leaves")
    return result.rate


def writes(args: argparse.Namespace, folder: Path) -> None:
    """Write throughput with the tree maintained, against the same run without it."""
    (folder / "site").mkdir(exist_ok=True)
    (folder / "site" / "sitecustomize.py").write_text(WITHOUT_TREE)
    rates: dict[bool, list[float]] = {False: [], True: []}
    for run in range(args.rounds):
        for tree in (False, True):
            rates[tree].append(post_rate(folder, args.seconds, tree, run))
            print(f"  round {run + 1}: tree {'on ' if tree else 'off'} {rates[tree][-1]:7,.0f}/s")
    on, off = statistics.median(rates[True]), statistics.median(rates[False])
    print(
        f"POST a figure  with the tree {on:,.0f}/s  without {off:,.0f}/s  "
        f"ratio {on / off:.2f}x  (target at least 0.9x; medians of {args.rounds} rounds)"
    )


def filled(folder: Path, leaves: int) -> str:
    """A database whose tree tables hold `leaves` synthetic leaves, as the model writes them."""
    database = f"sqlite:///{folder / f'tree-{leaves}.db'}"
    Parts.open(Settings(database_url=database)).close()  # every table, empty
    frontier = merkle.Frontier()
    rows: list[tuple[int, int, bytes, bytes]] = []
    parts = Parts.open(Settings(database_url=database))
    try:
        for i in range(leaves):
            made = frontier.append(merkle.leaf_hash(f"leaf {i}".encode()))
            completes = b"".join(digest for _, digest in made[1:])
            rows.append((i, i + 1, made[0][1], completes))
            if len(rows) == 50_000 or i == leaves - 1:
                with parts.store.database.transaction(commit=True) as db:
                    db.many("INSERT INTO tree_leaves VALUES (?, ?, ?, ?)", rows)
                rows = []
        assert parts.proofs.head().root == frontier.root()
    finally:
        parts.close()
    return database


def in_process(database: str, size: int, indexes: list[int]) -> float:
    """The median seconds of `LogProofs.inclusion` for these leaves."""
    parts = Parts.open(Settings(database_url=database))
    try:
        times = []
        for index in indexes:
            started = time.perf_counter()
            parts.proofs.inclusion(index, size)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        parts.close()


def over_http(database: str, size: int, indexes: list[int], log: Path) -> float:
    """The median seconds of GET /log/proof/inclusion for these leaves."""
    server = start_server(database, log, access_log="false")
    try:
        paths = [f"/log/proof/inclusion?index={index}&size={size}" for index in indexes]
        with httpx.Client(base_url=server.url, timeout=30) as http:
            median_latency(http, paths[:50])  # warm up
            return median_latency(http, paths)
    finally:
        stop(server)


def proofs(args: argparse.Namespace, folder: Path) -> None:
    """Inclusion proofs at 10^6 leaves against 10^3, in process and over HTTP."""
    rng = random.Random(7)
    results: dict[int, tuple[float, float]] = {}
    for size in (1_000, args.big):
        started = time.perf_counter()
        database = filled(folder, size)
        print(f"  filled a tree of {size:,} leaves in {time.perf_counter() - started:.0f} s")
        indexes = [rng.randrange(size) for _ in range(args.samples)]
        here = in_process(database, size, indexes)
        http = over_http(database, size, indexes, folder / f"proofs-{size}.log")
        results[size] = (here, http)
    (small_here, small_http), (big_here, big_http) = results[1_000], results[args.big]
    print(
        f"inclusion proof  in process {big_here * 1e3:.3f} ms at {args.big:,} leaves, "
        f"{small_here * 1e3:.3f} ms at 1,000: {big_here / small_here:.2f}x\n"
        f"                 over HTTP  {big_http * 1e3:.3f} ms at {args.big:,} leaves, "
        f"{small_http * 1e3:.3f} ms at 1,000: {big_http / small_http:.2f}x  (target within 2x)"
    )


def rebuild(args: argparse.Namespace, folder: Path) -> None:
    """The rebuild rate with the tree and without it, on the same log."""
    parts = Parts.open(Settings(database_url=f"sqlite:///{folder / 'rebuild.db'}"))
    try:
        each = max(1, args.entries // 1000)
        bulk_incidents(parts, 1000, each)
        rates: dict[bool, list[float]] = {}
        for tree in (False, True, False, True):
            with nullcontext() if tree else without_tree_here():
                started = time.perf_counter()
                rebuilt = parts.projector.rebuild()
                rates.setdefault(tree, []).append(rebuilt / (time.perf_counter() - started))
    finally:
        parts.close()
    on, off = max(rates[True]), max(rates[False])
    print(
        f"rebuild  with the tree {on:,.0f} entries/s  without {off:,.0f} entries/s  "
        f"ratio {on / off:.2f}x  (best of two each; the README's target is 30,000/s)"
    )


PARTS = {"writes": writes, "proofs": proofs, "rebuild": rebuild}


def main() -> None:
    """Run the parts asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help="parts, comma-separated")
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="wrk runs with and without")
    parser.add_argument("--big", type=int, default=10**6, help="leaves of the big tree")
    parser.add_argument("--samples", type=int, default=2000, help="proofs timed per tree")
    parser.add_argument("--entries", type=int, default=100_000, help="entries to rebuild")
    args = parser.parse_args()
    if "writes" in args.only and not shutil.which("wrk"):
        sys.exit("bench/proofs.py needs wrk: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-proofs-"))
    try:
        for name in args.only.split(","):
            PARTS[name](args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
