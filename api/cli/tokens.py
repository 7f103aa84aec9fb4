"""`incidents tokens`: make, list and revoke bearer tokens, and print the admin log.

Every create and revoke names who did it (`--by`, by default the operating-system
user) in the admin log (see api.storage.admin_log); tokens are never deleted.
"""

from __future__ import annotations

import argparse
import getpass
from typing import Any

from api.access import Role
from api.cli.opening import opened


def add_commands(commands: Any) -> None:
    """The `tokens` command and its actions, on the command line's subparsers."""
    tokens = commands.add_parser("tokens", help="manage bearer tokens").add_subparsers(
        required=True, metavar="ACTION"
    )
    create = tokens.add_parser("create", help="make a token; prints it as the last line")
    create.add_argument("name")
    create.add_argument("--role", required=True, choices=[r.value for r in Role])
    _add_actor(create)
    create.set_defaults(run=tokens_create)
    listing = tokens.add_parser("list", help="list tokens (never the secrets)")
    listing.set_defaults(run=tokens_list)
    revoke = tokens.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    _add_actor(revoke)
    revoke.set_defaults(run=tokens_revoke)
    log = tokens.add_parser("log", help="print the admin log: who created and revoked what")
    log.set_defaults(run=tokens_log)


def _add_actor(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--by", default=None, help="who does it, for the admin log (default: your user name)"
    )


def _actor(args: argparse.Namespace) -> str:
    by: str | None = args.by
    return by if by is not None else getpass.getuser()


def tokens_create(args: argparse.Namespace) -> int:
    """Make a token and print it once."""
    with opened() as parts:
        token = parts.tokens.create(args.name, Role(args.role), by=_actor(args))
    print(f"token {args.name!r} ({args.role}) created; it is shown only this once:")
    print(token)
    return 0


def tokens_list(_: argparse.Namespace) -> int:
    """Print every token's name, role and dates."""
    with opened(existing=True) as parts:
        infos = parts.tokens.list()
    print(f"{'NAME':<30} {'ROLE':<9} {'CREATED':<26} REVOKED")
    for info in infos:
        print(f"{info.name:<30} {info.role:<9} {info.created_at:<26} {info.revoked_at or '-'}")
    return 0


def tokens_revoke(args: argparse.Namespace) -> int:
    """Revoke a token by name."""
    with opened() as parts:
        parts.tokens.revoke(args.name, by=_actor(args))
    print(f"token {args.name!r} revoked")
    return 0


def tokens_log(_: argparse.Namespace) -> int:
    """Print the admin log in order; exit 1 if its chain, or the tokens, do not hold."""
    with opened(existing=True) as parts:
        log = parts.tokens.log()
        problems = parts.tokens.problems()
    print(f"{'#':>4} {'AT':<32} {'ACTION':<16} {'TOKEN':<24} {'ROLE':<9} BY")
    for entry in log:
        print(
            f"{entry.seq:>4} {entry.at:<32} {entry.action:<16} {entry.token:<24} "
            f"{entry.role:<9} {entry.actor}"
        )
    for problem in problems:
        print(f"BROKEN {problem}")
    return 1 if problems else 0
