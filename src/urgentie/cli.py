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
    return int(status or 0)
