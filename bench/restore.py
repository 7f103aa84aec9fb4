"""How fast `incidents restore` loads an export, beside reading and decoding the log alone.

    .venv/bin/python bench/restore.py                        # 100,000 entries, best of 3
    .venv/bin/python bench/restore.py --entries 20000 --rounds 1

Records `--entries` entries over `--incidents` incidents on SQLite (as bench/web.py's
rebuild part does), exports them with `incidents export`, then restores the file
into a fresh SQLite database `--rounds` times: in process, timed as the command
times itself (from the check that the database is empty to the commit, the child
that reads the file included), and once as the whole `incidents restore` command
(its start, its Python and the child's included). Beside it, on the same log: the
rate of reading and decoding the log alone, and of `incidents rebuild`. Target:
20,000 entries/s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.bootstrap import Parts  # noqa: E402
from api.cli.restore import restore  # noqa: E402
from api.settings import Settings  # noqa: E402
from bench.web import bulk_incidents  # noqa: E402
from projections.reading import log_batches  # noqa: E402
from tests.support.processes import INCIDENTS, environment  # noqa: E402

TARGET = 20_000


def main() -> None:
    """Record, export, and time restores against decoding alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--incidents", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="incidents-bench-restore-"))
    original = f"sqlite:///{folder / 'original.db'}"
    parts = Parts.open(Settings(database_url=original))
    try:
        started = time.perf_counter()
        bulk_incidents(parts, args.incidents, max(1, args.entries // args.incidents))
        print(f"recorded the log in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        decoded = sum(len(batch) for batch in log_batches(parts.record, 0))
        decode_rate = decoded / (time.perf_counter() - started)
        started = time.perf_counter()
        rebuilt = parts.projector.rebuild()
        rebuild_rate = rebuilt / (time.perf_counter() - started)
    finally:
        parts.close()
    export = exported(original, folder)
    rates = []
    for round_ in range(args.rounds):
        copy = Parts.open(Settings(database_url=f"sqlite:///{folder / f'copy-{round_}.db'}"))
        try:
            started = time.perf_counter()
            restored = restore(copy, export)
            rates.append(restored.entries / (time.perf_counter() - started))
        finally:
            copy.close()
    command = f"sqlite:///{folder / 'command.db'}"
    started = time.perf_counter()
    subprocess.run(
        [INCIDENTS, "restore", str(export)],
        env=environment(command),
        check=True,
        capture_output=True,
    )
    command_rate = decoded / (time.perf_counter() - started)
    best = max(rates)
    print(
        f"restore  {best:8,.0f} entries/s (best of {args.rounds}: "
        f"{', '.join(f'{rate:,.0f}' for rate in rates)})  target {TARGET:,}/s  "
        f"{'met' if best >= TARGET else 'NOT met'}"
    )
    print(f"  the whole command, start to exit   {command_rate:8,.0f} entries/s")
    print(
        f"  reading and decoding the log alone {decode_rate:8,.0f} entries/s"
        f"  (restore is {best / decode_rate:.2f}x of it)"
    )
    print(
        f"  incidents rebuild                  {rebuild_rate:8,.0f} entries/s"
        f"  (restore is {best / rebuild_rate:.2f}x of it)"
    )
    print(f"  {decoded:,} entries, {args.incidents:,} incidents; files in {folder}")


def exported(database_url: str, folder: Path) -> Path:
    """The log of a database, written by `incidents export` into `folder`."""
    export = folder / "log.ndjson"
    subprocess.run(
        [INCIDENTS, "export", "--output", str(export)],
        env=environment(database_url),
        check=True,
        capture_output=True,
    )
    return export


if __name__ == "__main__":
    main()
