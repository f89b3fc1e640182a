"""`python -m urgentie data …` (being built)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("data", help="(in aanbouw)")
    parser.set_defaults(func=lambda _args: 1)
