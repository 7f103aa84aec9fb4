"""The `incidents` command: serve, tokens, verify, export, import, project, rebuild, demo."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import uvicorn

from api.access import Role
from api.audit.checkpoints import check_checkpoint
from api.audit.log import feed_item, verify_log
from api.audit.notes import looks_like_checkpoint
from api.bootstrap import UNREACHABLE, open_when_reachable
from api.cli import restore, tokens
from api.cli.demo import load_demo
from api.cli.importer import import_lines
from api.cli.log_verify import report_tree, verify_checkpoint_note
from api.cli.opening import CommandError
from api.cli.opening import opened as _opened
from api.cli.progress import progress_bar
from api.http.app import create_app
from api.http.responses import FeedItem
from api.settings import Settings
from api.storage.signing import public_key_from_pem
from api.storage.tokens import TokenError
from domain.entries import entry_of


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `incidents` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = args.run(args)
    except (TokenError, CommandError) as error:
        print(f"incidents: {error}", file=sys.stderr)
        return 2
    return status


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="incidents",
        description="The incident record service. The database is INCIDENTS_DATABASE_URL "
        "(default sqlite:///incidents.db in this directory).",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve_cmd = commands.add_parser("serve", help="serve the HTTP API")
    _add_address(serve_cmd)
    serve_cmd.set_defaults(run=serve)

    tokens.add_commands(commands)
    restore.add_commands(commands)  # restore and mirror

    verify_cmd = commands.add_parser(
        "verify", help="recompute every incident's hash chain; exit 1 if any is broken"
    )
    verify_cmd.add_argument(
        "--against", type=Path, metavar="FILE",
        help="a saved GET /log/checkpoint (or GET /checkpoint): prove nothing up to it was "
        "rewritten",
    )  # fmt: skip
    verify_cmd.add_argument(
        "--key", type=Path, metavar="PEM", help="the public key to check the signature with"
    )
    verify_cmd.set_defaults(run=verify)

    export_cmd = commands.add_parser("export", help="write the whole log as NDJSON")
    export_cmd.add_argument("--output", type=Path, help="a file (default: standard output)")
    export_cmd.set_defaults(run=export)

    import_cmd = commands.add_parser("import", help="carry out NDJSON updates (see README)")
    import_cmd.add_argument("file", type=Path)
    import_cmd.add_argument(
        "--reported-by", default="import", help="the name entered as reported_by"
    )
    import_cmd.set_defaults(run=import_file)

    project_cmd = commands.add_parser(
        "project", help="run the projections as a worker process of its own"
    )
    project_cmd.set_defaults(run=project)

    rebuild_cmd = commands.add_parser(
        "rebuild", help="rebuild every read model from the log (stop serving first)"
    )
    rebuild_cmd.set_defaults(run=rebuild)

    demo_cmd = commands.add_parser("demo", help="serve a fresh database holding the demo incident")
    _add_address(demo_cmd)
    demo_cmd.add_argument(
        "--database", type=Path, help="the new SQLite file (default: in a new temporary folder)"
    )
    demo_cmd.set_defaults(run=demo)
    return parser


def _add_address(command: argparse.ArgumentParser) -> None:
    command.add_argument("--host", default="127.0.0.1", help="address to listen on")
    command.add_argument("--port", type=int, default=8000, help="port to listen on")


def serve(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Serve the API until interrupted."""

    class Server(uvicorn.Server):
        def handle_exit(self, sig: int, frame: object) -> None:
            app.state.shutting_down.set()  # end event streams, so that shutdown can finish
            super().handle_exit(sig, frame)  # type: ignore[arg-type]

    settings = settings or Settings()
    _log_to_stderr()
    app = create_app(settings)
    config = uvicorn.Config(app, host=args.host, port=args.port, access_log=settings.access_log)
    server = Server(config)
    # An error that waiting for the database cannot mend stops the server (exit 1).
    app.state.on_failure = lambda: setattr(server, "should_exit", True)
    server.run()
    return 1 if app.state.failed is not None else 0


def verify(args: argparse.Namespace) -> int:
    """Verify every chain, the Merkle tree and the admin log of tokens, or a saved
    checkpoint against today's log."""
    with _opened(existing=True) as parts:
        if args.against is None:
            results = verify_log(parts.record, parts.views)
            broken = [r for r in results if not r.ok]
            for result in broken:
                print(f"BROKEN {result.incident_id}: {result.problem}")
            entries = sum(r.entries for r in results)
            if not results:
                print("no incidents in the record")
            else:
                print(
                    f"{len(results)} incidents, {entries} entries: "
                    + (f"{len(broken)} broken" if broken else "every chain holds")
                )
            tree_holds = report_tree(parts)
            token_problems = parts.tokens.problems()
            for problem in token_problems:
                print(f"BROKEN {problem}")
            print(
                f"admin log of tokens: {len(parts.tokens.log())} lines, "
                + ("broken" if token_problems else "holds, and the tokens stand as it says")
            )
            return 1 if broken or not tree_holds or token_problems else 0
        text = args.against.read_text(encoding="utf-8")
        public = public_key_from_pem(args.key.read_bytes()) if args.key else parts.signer.public
        if looks_like_checkpoint(text):
            key = f"the key in {args.key}" if args.key else "this server's own key"
            return verify_checkpoint_note(parts, text, public, key)
        check = check_checkpoint(parts.record, parts.views, json.loads(text), public)
    for result in check.broken:
        print(f"BROKEN {result.incident_id}: {result.problem}")
    print(f"checkpoint at position {check.position}:")
    print(f"  hash saved      {check.saved_hash}")
    print(
        f"  hash recomputed {check.recomputed_hash}"
        if not check.broken
        else f"  hash recomputed (none: {len(check.broken)} chains are broken)"
    )
    print(f"  signature       {'valid' if check.signature_holds else 'INVALID'}")
    print(
        "the log up to it is unchanged"
        if check.ok
        else "the log up to it was REWRITTEN"
        if check.signature_holds
        else "the checkpoint is not signed by this key"
    )
    return 0 if check.ok else 1


def export(args: argparse.Namespace) -> int:
    """Write every entry of the log, in order, as one JSON object per line."""
    damaged = count = 0
    with _opened(existing=True) as parts, _output(args.output) as out:
        total = parts.record.recorder.max_notification_id() or 0
        show = progress_bar(total, label="export")
        for scanned in parts.record.scan():
            count += 1
            if isinstance(scanned.event, Exception):
                damaged += 1
                line = {
                    "position": scanned.position,
                    "incident_id": str(scanned.incident_id),
                    "entry": scanned.entry,
                    "error": str(scanned.event),
                }
                print(
                    f"\nentry {scanned.entry} of {scanned.incident_id} cannot be decoded",
                    file=sys.stderr,
                )
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
            else:
                # The log's order is the tree's: the n-th entry scanned is leaf n - 1.
                entry = entry_of(scanned.event)
                item = FeedItem.model_validate(feed_item(scanned.position, entry, count - 1))
                out.write(item.model_dump_json() + "\n")
            if count % 500 == 0 or count == total:
                show(count)
    print(f"\nexported {count} entries", file=sys.stderr)
    return 1 if damaged else 0


def import_file(args: argparse.Namespace) -> int:
    """Carry out each line of an NDJSON file; report bad lines and go on."""

    def refused(number: int, why: str) -> None:
        print(f"{args.file}:{number}: refused: {why}", file=sys.stderr)

    with args.file.open(encoding="utf-8") as lines:
        show = progress_bar(sum(1 for _ in lines), label="import", unit="lines")
        lines.seek(0)
        with _opened() as parts:
            report = import_lines(parts.write_side, lines, args.reported_by, refused, show)
            parts.catch_up()
    if sys.stderr.isatty():
        print(file=sys.stderr)  # past the bar
    skipped = f"; skipped {report.skipped} already in the record" if report.skipped else ""
    print(f"imported {report.imported} entries; refused {len(report.refused)} lines{skipped}")
    return 1 if report.refused else 0


def project(_: argparse.Namespace) -> int:
    """Keep the read models caught up until SIGTERM or Ctrl-C; wait for the database
    first if it cannot be reached."""
    _log_to_stderr()
    settings = Settings().model_copy(update={"run_projections": True})
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    parts = open_when_reachable(settings, stopping.wait)
    if parts is None:
        print("projection worker stopped", flush=True)
        return 0
    try:
        logging.getLogger("incidents").info(parts.start_line("incidents project"))
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: parts.projector.stop())
        try:
            print(f"projecting; caught up to position {parts.projector.catch_up()}", flush=True)
        except UNREACHABLE as error:  # gone again: the loop below waits for it
            print(f"projecting; the database went away before catching up ({error})", flush=True)
        if not stopping.is_set():
            parts.projector.run(settings.projector_interval)
    finally:
        parts.close()
    print("projection worker stopped", flush=True)
    return 0


def _log_to_stderr() -> None:
    """Log INFO and above to standard error, with the time (the start line, waiting)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")


def rebuild(_: argparse.Namespace) -> int:
    """Drop the read models and apply the whole log again, with a progress bar."""
    with _opened() as parts:
        total = parts.record.recorder.max_notification_id() or 0
        started = time.perf_counter()
        applied = parts.projector.rebuild(progress_bar(total))
        seconds = time.perf_counter() - started
    rate = applied / seconds if seconds else 0.0
    print(
        f"\nrebuilt the read models from {applied} events in {seconds:.2f} s ({rate:,.0f}/s)",
        file=sys.stderr,
    )
    return 0


def demo(args: argparse.Namespace) -> int:
    """Load the demo incident into a fresh database, then serve it."""
    path: Path = args.database or Path(tempfile.mkdtemp(prefix="incidents-demo-")) / "demo.db"
    if path.exists():
        print(f"incidents: {path} exists; the demo needs a fresh database", file=sys.stderr)
        return 2
    settings = Settings(database_url=f"sqlite:///{path.resolve()}")
    with _opened(settings) as parts:
        token = parts.tokens.create("demo-editor", Role.EDITOR, by="demo")
        incident = load_demo(parts.record, "demo-editor")
    url = f"http://{args.host}:{args.port}"
    print(f"demo database: {path}")
    print(f"demo page:     {url}/ui/incidents/{incident}")
    print(f"its record:    {url}/incidents/{incident}")
    print(f"API docs:      {url}/docs")
    print(f"serving on {url}; an editor token (Authorization: Bearer ...):")
    print(token, flush=True)
    return serve(args, settings)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8") as out:
        yield out


if __name__ == "__main__":
    sys.exit(main())
