"""The record at 10^5 and at 10^6 entries, side by side: what stays flat, what does not.

    .venv/bin/python bench/scale.py                                   # SQLite, 10^5 and 10^6
    .venv/bin/python bench/scale.py --small 10000 --large 100000      # a quick look
    .venv/bin/python bench/scale.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

For each size, on a fresh database (SQLite, and PostgreSQL when `--postgres` names a
server whose user may create databases): a log of that many entries over incidents
of `--each` entries, made by the generator below (openings; figures of several
sources, categories and wordings; responsibility claims and denials; statements;
revisions; retractions), written without the read models; then, each as its own
`incidents` process: `rebuild` (rate and peak RSS), `verify` (rate), and over HTTP
on `incidents serve` the median latency of the list, a search that matches, one
that matches nothing, an incident's view, its view at a `known_at` and at an
`as_of`, and the serving process's RSS; then `export` and `import` into a fresh
database (rate; `--no-import` leaves it out: at about 3,000 entries/s, 10^6
entries take some minutes). Each measure is printed at both sizes, with the ratio
large / small for latencies and RSS ("flat" is at most 1.5x) and for rates.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.bootstrap import Parts  # noqa: E402
from api.settings import Settings  # noqa: E402
from domain.commands import (  # noqa: E402
    AssertResponsibility,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
)
from domain.figures import Figure  # noqa: E402
from domain.incident import Incident  # noqa: E402
from domain.values import Category, Location, Source, Stance  # noqa: E402
from tests.support.processes import create_token, environment, start_server, stop  # noqa: E402

FLAT = 1.5
SOURCES = ["TASS", "Reuters", "Meduza", "Interfax", "BBC News", "Ukrainska Pravda"]
WORDS = ["concert", "bridge", "market", "station", "school", "harbour", "stadium", "airport"]
WORDINGS = ["at least {n}", "{n}", "more than {n}", "about {n}", "{n}-{m}", "nearly {m}"]
READS = 40  # requests per read measure; the median is kept


@dataclass
class Sample:
    """What the reads ask about: an incident, a time it was known at, a valid time."""

    incident: UUID
    known_at: datetime
    as_of: datetime


@dataclass
class Measures:
    """One size's measures, by name: (value, unit, kind) where kind is 'rate' or 'cost'."""

    values: dict[str, tuple[float, str, str]] = field(default_factory=dict)

    def rate(self, name: str, value: float, unit: str = "entries/s") -> None:
        self.values[name] = (value, unit, "rate")

    def cost(self, name: str, value: float, unit: str) -> None:
        self.values[name] = (value, unit, "cost")


def generate(parts: Parts, incidents: int, each: int, seed: int = 7) -> Sample:
    """Write `incidents` incidents of `each` entries each, one save per incident, the
    read models left to the rebuild; a sample incident for the reads."""
    rng = random.Random(seed)
    start = datetime(2024, 3, 22, 18, 0, tzinfo=UTC)
    sample: Sample | None = None
    for n in range(incidents):
        now = datetime.now(UTC)
        source = Source(rng.choice(SOURCES))
        opening = OpenIncident(
            title=f"Scale incident {n} at the {WORDS[n % len(WORDS)]}",
            occurred_at=start - timedelta(hours=1), location=Location("Krasnogorsk"),
            tags=["scale", WORDS[n % len(WORDS)]], source=source, reported_by="scale",
        )  # fmt: skip
        incident = Incident.open(opening, now)
        figures: list[int] = []
        for i in range(1, each):
            hours = timedelta(hours=i % 72, minutes=rng.randrange(60))
            source = Source(rng.choice(SOURCES))
            kind = i % 20
            if kind == 7:
                own = i % 40 == 7  # the party's own words, or a third party's
                command: object = AssertResponsibility(
                    party="Islamic State", stance=Stance.CLAIMS if own else Stance.ALLEGES,
                    asserted_by="Islamic State" if own else source.name,
                    stated_at=start + hours, source=source, reported_by="scale",
                )  # fmt: skip
            elif kind == 11:
                command = RecordStatement(
                    speaker="Ministry spokesperson", stated_at=start + hours, source=source,
                    statement=f"Rescue work at the {WORDS[i % len(WORDS)]} goes on.",
                    reported_by="scale",
                )  # fmt: skip
            elif kind == 13 and figures:
                command = RetractEntry(
                    entry=figures.pop(rng.randrange(len(figures))), reason="did not hold",
                    reported_by="scale",
                )  # fmt: skip
            elif kind == 17:
                command = ReviseDetails(
                    summary=f"Update {i}", reason="new details", reported_by="scale"
                )
            else:
                low = 40 + i + rng.randrange(10)
                text = rng.choice(WORDINGS).format(n=low, m=low + 5)
                category = Category.KILLED if i % 3 else Category.INJURED
                command = ReportFigure(
                    category=category, figure=Figure.parse(text), as_of=start + hours,
                    source=source, reported_by="scale",
                )  # fmt: skip
                figures.append(i + 1)
            incident.carry_out(command, now)  # type: ignore[arg-type]
        parts.record.save(incident)
        if n == incidents // 2:
            middle = datetime.now(UTC)
            sample = Sample(incident.id, middle, start + timedelta(hours=24))
    assert sample is not None
    return sample


def measured_command(database_url: str, *args: str) -> tuple[float, int]:
    """Run one `incidents` command in a process of its own; its seconds, and its peak
    RSS in MB (the command's own process)."""
    code = (
        "import resource, sys\n"
        "from api.cli.main import main\n"
        f"sys.argv = ['incidents', *{list(args)!r}]\n"
        "code = main()\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environment(database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"incidents {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return seconds, int(result.stderr.strip().splitlines()[-1]) // 1024


def median_ms(http: httpx.Client, path: str, headers: dict[str, str]) -> float:
    """The median milliseconds of READS GETs of `path`."""
    times = []
    for _ in range(READS):
        started = time.perf_counter()
        response = http.get(path, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code, response.text[:300])
    return statistics.median(times)


def rss_mb(pid: int) -> float:
    """A process's resident set, in MB, now."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(url: str, entries: int, args: argparse.Namespace, folder: Path) -> Measures:
    """Every measure of one size on the fresh database `url`."""
    found = Measures()
    parts = Parts.open(Settings(database_url=url, run_projections=False))
    try:
        started = time.perf_counter()
        sample = generate(parts, max(1, entries // args.each), args.each)
        written = parts.record.recorder.max_notification_id() or 0
        print(f"  wrote {written:,} entries in {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        parts.close()
    seconds, peak = measured_command(url, "rebuild")
    found.rate("incidents rebuild", entries / seconds)
    found.cost("incidents rebuild, peak RSS", peak, "MB")
    seconds, _ = measured_command(url, "verify")
    found.rate("incidents verify", entries / seconds)
    headers = create_token(url, "scale", "reader")
    server = start_server(url, folder / f"serve-{entries}.log")
    try:
        with httpx.Client(base_url=server.url, timeout=60) as http:
            at = f"/incidents/{sample.incident}"
            reads = {
                "GET /incidents (a page of 50)": "/incidents?limit=50",
                "search that matches": f"/incidents?q={WORDS[3]}&limit=50",
                "search that matches nothing": "/incidents?q=zyzzyva&limit=50",
                "an incident's view": at,
                "its view at a known_at": f"{at}?known_at={sample.known_at.isoformat()}",
                "its view at an as_of": f"{at}?as_of={sample.as_of.isoformat()}",
            }
            for name, path in reads.items():
                found.cost(name, median_ms(http, path.replace("+", "%2B"), headers), "ms")
        found.cost("incidents serve, RSS after the reads", rss_mb(server.process.pid), "MB")
    finally:
        stop(server)
    if not args.no_import:
        export = folder / f"log-{entries}.ndjson"
        measured_command(url, "export", "--output", str(export))
        with fresh_database(args.postgres if url.startswith("postgres") else None, folder) as copy:
            seconds, _ = measured_command(copy, "import", str(export))
            found.rate("incidents import", entries / seconds)
    return found


@contextmanager
def fresh_database(postgres: str | None, folder: Path) -> Iterator[str]:
    """A new empty database: a SQLite file in `folder`, or one made on the server."""
    name = f"bench_scale_{uuid.uuid4().hex[:10]}"
    if postgres is None:
        yield f"sqlite:///{folder / f'{name}.db'}"
        return
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield postgres.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(postgres, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def report(store: str, small: int, large: int, at: dict[int, Measures]) -> None:
    """The table of one store: each measure at both sizes, and the ratio."""
    print(f"\n{store}: {small:,} against {large:,} entries ({large // small}x the log)")
    print(f"  {'measure':38} {'small':>20} {'large':>20}  ratio")
    for name, (before, unit, kind) in at[small].values.items():
        after = at[large].values[name][0]
        ratio = after / before if before else float("inf")
        verdict = ("flat" if ratio <= FLAT else "NOT flat") if kind == "cost" else ""
        print(
            f"  {name:38} {before:10,.1f} {unit:9} {after:10,.1f} {unit:9} {ratio:5.2f}x {verdict}"
        )


def main() -> None:
    """Measure both sizes on each store and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--each", type=int, default=100, help="entries per incident")
    parser.add_argument("--postgres", help="also on this PostgreSQL server")
    parser.add_argument("--no-import", action="store_true", help="leave the import out")
    args = parser.parse_args()
    stores = ["sqlite", *(["postgresql"] if args.postgres else [])]
    for store in stores:
        at: dict[int, Measures] = {}
        for entries in (args.small, args.large):
            folder = Path(tempfile.mkdtemp(prefix=f"incidents-bench-scale-{store}-"))
            print(f"{store}, {entries:,} entries (files in {folder})", flush=True)
            postgres = args.postgres if store == "postgresql" else None
            with fresh_database(postgres, folder) as url:
                at[entries] = measure(url, entries, args, folder)
        report(store, args.small, args.large, at)


if __name__ == "__main__":
    main()
