"""How fast `incidents import` carries out an export, beside decoding its lines alone.

    .venv/bin/python bench/importing.py                                  # SQLite, 100,000 entries
    .venv/bin/python bench/importing.py --entries 20000 --rounds 1
    .venv/bin/python bench/importing.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

Records `--entries` entries over `--incidents` incidents on SQLite (as bench/restore.py
does), exports them with `incidents export`, then imports the file into a fresh
database `--rounds` times, in process, as the command does (the group writer, the
read models, the final catch-up), and once as the whole `incidents import` command.
Beside it, in the same run: decoding alone (each line read, validated and made into
its command, nothing written), the ratio the import is of it, and a re-run of the
import on the database it just filled (every line skipped). Targets: 20,000
entries/s on SQLite, 5,000/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.bootstrap import Parts  # noqa: E402
from api.cli.importer import import_lines, read_line  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.restore import exported  # noqa: E402
from bench.web import bulk_incidents  # noqa: E402
from tests.support.processes import INCIDENTS, environment  # noqa: E402

TARGETS = {"sqlite": 20_000, "postgresql": 5_000}


def main() -> None:
    """Record, export, and time imports against decoding alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL server URL to import into instead")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="incidents-bench-import-"))
    original = f"sqlite:///{folder / 'original.db'}"
    parts = Parts.open(Settings(database_url=original))
    try:
        bulk_incidents(parts, args.incidents, max(1, args.entries // args.incidents))
    finally:
        parts.close()
    export = exported(original, folder)
    lines = export.read_text(encoding="utf-8").splitlines()
    started = time.perf_counter()
    for line in lines:
        asked = read_line(line)
        asked.kind.body.model_validate(asked.body).to_command("import")
    decode_rate = len(lines) / (time.perf_counter() - started)

    store = "postgresql" if args.postgres else "sqlite"
    rates, rerun_rate = [], 0.0
    for round_ in range(args.rounds):
        target = fresh_database(args.postgres, folder / f"copy-{round_}.db")
        copy = Parts.open(Settings(database_url=target))
        try:
            started = time.perf_counter()
            report = import_lines(copy.write_side, lines, "import")
            copy.catch_up()
            rates.append(report.imported / (time.perf_counter() - started))
            assert report.imported == len(lines) and not report.refused, report.refused[:3]
            if round_ == 0:
                started = time.perf_counter()
                again = import_lines(copy.write_side, lines, "import")
                rerun_rate = len(lines) / (time.perf_counter() - started)
                assert again.skipped == len(lines) and again.imported == 0
        finally:
            copy.close()
    command = fresh_database(args.postgres, folder / "command.db")
    started = time.perf_counter()
    subprocess.run(
        [INCIDENTS, "import", str(export)],
        env=environment(command),
        check=True,
        capture_output=True,
    )
    command_rate = len(lines) / (time.perf_counter() - started)
    best, target = max(rates), TARGETS[store]
    print(
        f"import ({store})  {best:8,.0f} entries/s (best of {args.rounds}: "
        f"{', '.join(f'{rate:,.0f}' for rate in rates)})  target {target:,}/s  "
        f"{'met' if best >= target else 'NOT met'}"
    )
    print(f"  the whole command, start to exit     {command_rate:8,.0f} entries/s")
    print(
        f"  decoding the lines alone             {decode_rate:8,.0f} lines/s"
        f"  (import is {best / decode_rate:.2f}x of it)"
    )
    print(f"  a re-run, every line already there   {rerun_rate:8,.0f} lines/s")
    print(f"  {len(lines):,} entries, {args.incidents:,} incidents; files in {folder}")


def fresh_database(postgres: str | None, sqlite_file: Path) -> str:
    """A new empty database: a SQLite file, or a database made on the PostgreSQL server."""
    if postgres is None:
        return f"sqlite:///{sqlite_file}"
    name = f"bench_import_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return postgres.rsplit("/", 1)[0] + "/" + name


if __name__ == "__main__":
    main()
