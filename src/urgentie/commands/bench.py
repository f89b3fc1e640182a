"""`python -m urgentie bench …` (being built)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("bench", help="(in aanbouw)")
    parser.set_defaults(func=lambda _args: 1)
