"""Command line: ``python -m urgentie <group> <command> …``.

Each command group lives in ``urgentie.commands.<group>`` and adds its sub-commands through a
``register(subparsers)`` function. Commands return an exit status; a :class:`UserError` is printed
as a Dutch message on stderr with status 2, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from urgentie.commands import bench, data, notes, sleutelfiguren
from urgentie.errors import UserError

GROUPS = (data, notes, sleutelfiguren, bench)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m urgentie",
        description="Urgentiekaart: gegevens laden, gesprekken importeren, metingen doen.",
    )
    sub = parser.add_subparsers(
        dest="group", required=True, metavar="{data,notes,sleutelfiguren,bench}"
    )
    for group in GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status = args.func(args)
    except UserError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Afgebroken; er is niets half opgeslagen.", file=sys.stderr)
        return 130
    except Exception:  # no traceback on the terminal: a Dutch line, the detail in a log file
        print(f"Fout: {unexpected_error_logged()}", file=sys.stderr)
        return 3
    return int(status or 0)


def unexpected_error_logged() -> str:
    """Write the current exception's traceback to ``fouten.log`` in the data directory and
    return a Dutch message with a reference to it (the programmer's detail stays available)."""
    import traceback
    import uuid
    from datetime import UTC, datetime

    from urgentie import settings

    ref = uuid.uuid4().hex[:8]
    try:
        log = settings.data_dir() / "fouten.log"
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now(UTC).isoformat()} foutcode {ref}\n")
            handle.write(traceback.format_exc())
        where = f"de details staan in {log}"
    except Exception:  # the data directory itself may be the problem
        where = "de details konden niet worden opgeslagen"
    return f"er ging iets onverwachts mis (foutcode {ref}); {where}."
