"""Progress on stderr for long commands: a bar on a terminal, a line per 10% otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable


def progress_bar(
    total: int, width: int = 30, label: str = "rebuild", unit: str = "events"
) -> Callable[[int], None]:
    """A progress callback drawing a bar on stderr (a line per 10% when not a terminal)."""
    tty = sys.stderr.isatty()
    shown = [-1]

    def show(done: int) -> None:
        fraction = min(done / total, 1.0) if total else 1.0
        if tty:
            filled = int(fraction * width)
            bar = "#" * filled + "." * (width - filled)
            print(f"\r{label} [{bar}] {done:,}/{total:,} {unit}", end="", file=sys.stderr)
        elif int(fraction * 10) > shown[0]:
            shown[0] = int(fraction * 10)
            print(f"{label} {fraction:4.0%} {done:,}/{total:,} {unit}", file=sys.stderr)

    return show
