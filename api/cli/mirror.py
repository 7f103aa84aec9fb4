"""`incidents mirror URL [--once] [--key PEM]`: a verified, read-only replica of another
server (see `api.audit.mirroring` for what each step proves).

The key that signs the original's checkpoints is pinned on the first run: the one
given with `--key` (a PEM public key), or else the one the original serves at
/log/key then (trust on first use; compare its id with what the publisher
announces). It is kept in the database with the URL and the last checkpoint
accepted, so a mirror restarted goes on where it stopped. Without `--once` it polls
every INCIDENTS_MIRROR_INTERVAL seconds (or `--interval`), backing off up to five
minutes while the original does not answer. On anything that does not hold it
stops with exit status 1, naming the first checkpoint or leaf; what it had
verified stays. `incidents serve` on its database answers reads as the original
does, and refuses writes (409, `urn:incidents:problem:read-only-mirror`).
"""

from __future__ import annotations

import argparse
import base64
import logging
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import closing
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.persistence import InterfaceError, OperationalError

from api.audit.mirroring import Diverged, Mirror, Stepped
from api.audit.original import Original, Unreachable
from api.bootstrap import UNREACHABLE, Parts, open_when_reachable, store_name
from api.cli.opening import CommandError
from api.cli.progress import progress_bar
from api.settings import Settings
from api.storage.mirror_state import mirror_state
from api.storage.signing import public_key_from_pem, raw_key
from domain.errors import first_line
from projections.models import TREE

MAX_BACKOFF = 300.0  # seconds between tries at an original that does not answer, at most
SHOWN_FROM = 5000  # leaves a step copies from which it shows its progress


def add_command(commands: Any) -> None:
    """The `mirror` command, on the command line's subparsers."""
    mirror = commands.add_parser(
        "mirror",
        help="keep a verified read-only replica of another server's log",
        description="Follow another incident record server: check every new signed "
        "checkpoint against the key pinned on the first run, check that it extends the "
        "last one accepted, and copy the new leaves (each proved to the signed tree) into "
        "this database, which `incidents serve` then serves read-only. Exit 1 naming the "
        "first checkpoint or leaf that does not hold.",
    )
    mirror.add_argument("url", help="the original server, e.g. https://records.example")
    mirror.add_argument("--once", action="store_true", help="catch up once, then exit")
    mirror.add_argument(
        "--key",
        metavar="PEM",
        type=argparse.FileType("rb"),
        help="the original's public key (PEM) to pin (default: the one it serves at "
        "/log/key on the first run)",
    )
    mirror.add_argument(
        "--interval",
        type=float,
        help="seconds between polls (default: INCIDENTS_MIRROR_INTERVAL, 10)",
    )
    mirror.set_defaults(run=run_mirror)


def run_mirror(args: argparse.Namespace) -> int:
    """Catch up with the original, once or for good; exit 1 when its log does not hold."""
    settings = Settings()
    interval: float = args.interval or settings.mirror_interval
    original = Original(args.url)
    pinned = public_key_from_pem(args.key.read()) if args.key else None
    stopping = threading.Event()
    if not args.once:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
    parts = _open(settings, stopping, once=args.once)
    if parts is None:
        return 0  # stopped while waiting for the database
    logging.getLogger("incidents").info(parts.start_line(f"incidents mirror {original.url}"))
    with closing(parts):
        try:
            delay, reported = interval, -1
            while (key := _key(parts, original, pinned, args.once)) is None:
                # The original does not answer the first run yet: back off.
                if stopping.wait(delay):
                    return 0
                delay = min(delay * 2, MAX_BACKOFF)
            mirror = Mirror(parts, original, key, _progress())
            delay = interval
            while True:
                try:
                    reported = _report(mirror.step(), reported)
                    delay = interval
                except (Unreachable, OperationalError, InterfaceError) as error:
                    if args.once:
                        raise CommandError(str(error)) from None
                    # The original, or this database, does not answer now: back off.
                    print(f"mirror: {error}; trying again in {delay:.0f} s", file=sys.stderr)
                    delay = min(delay * 2, MAX_BACKOFF)
                if args.once or stopping.wait(delay):
                    return 0
        except Diverged as diverged:
            print(f"MIRROR STOPPED: {diverged}", flush=True)
            print(
                "incidents: the original's log does not hold; this mirror kept what it had"
                " verified",
                file=sys.stderr,
            )
            return 1


def _open(settings: Settings, stopping: threading.Event, *, once: bool) -> Parts | None:
    """This database's parts. Following, the mirror waits for an unreachable database
    as `incidents serve` does (None: stopped meanwhile); with --once it says so and exits."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    if not once:
        return open_when_reachable(settings, stopping.wait, serving=False)
    try:
        return Parts.open(settings)
    except UNREACHABLE as error:
        reason = first_line(error)
        raise CommandError(f"cannot reach the database {store_name(settings)}: {reason}") from None


def _key(
    parts: Parts, original: Original, pinned: Ed25519PublicKey | None, once: bool
) -> Ed25519PublicKey | None:
    """The key to check the original's checkpoints with: the one kept, or pinned now;
    None when the original, asked for its key, does not answer (with --once: an error)."""
    with parts.store.reading() as db:
        state = mirror_state(db)
        size = TREE.size(db)
    if state is not None:
        if pinned is not None and raw_key(pinned) != state.key:
            raise CommandError(
                f"this mirror follows the key {base64.b64encode(state.key).decode()}; --key"
                " names another"
            )
        if state.url != original.url:
            print(f"mirror: following {original.url} (was {state.url})", file=sys.stderr)
        return state.public_key
    if size or parts.record.recorder.max_notification_id():
        raise CommandError(
            "the database holds a log of its own: a mirror starts on an empty database"
        )
    if pinned is not None:
        return pinned
    try:
        key = original.key()
    except Unreachable as error:
        if once:
            raise CommandError(str(error)) from None
        print(f"mirror: {error}; trying again", file=sys.stderr)
        return None
    encoded = base64.b64encode(raw_key(key)).decode()
    print(f"mirror: pinned the key {original.url} serves: {encoded}", file=sys.stderr)
    return key


def _report(stepped: Stepped, reported: int) -> int:
    """Say what a step accepted, unless it is what was said last; the size said."""
    head = stepped.head
    if stepped.copied or reported != head.size:
        root = base64.b64encode(head.root).decode()
        print(
            f"accepted the checkpoint of {head.origin} at {head.size} leaves (root {root}):"
            f" {stepped.copied} new entries",
            flush=True,
        )
    return head.size


def _progress() -> Callable[[int, int], None]:
    """Progress on stderr for a step that copies many leaves."""
    bars: dict[int, Callable[[int], None]] = {}

    def show(done: int, total: int) -> None:
        if total >= SHOWN_FROM:
            bars.setdefault(total, progress_bar(total, label="mirror"))(done)

    return show
