"""`python -m urgentie bench [--json] [--browser]`: map load, build, payload and page times vs a
naive map; with ``--browser`` the click, step and vote latencies in Chromium as ratios to an empty
rerun, and the server's memory."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bench",
        help="meet laden, bouwen, grootte en paginatijd van de kaart, naast een naïeve kaart",
        description=(
            "Meet de kaart voor (a) de demogemeente, (b) alle wijken van Nederland en (c) een "
            "gegenereerde set buurten op landelijke schaal, naast een naïeve folium-kaart. "
            "Duurt enkele minuten."
        ),
    )
    parser.add_argument("--json", action="store_true", help="één JSON-object met alle cijfers")
    parser.add_argument(
        "--buurten",
        type=int,
        default=14_500,
        help="aantal gegenereerde buurten voor (c) (standaard 14500)",
    )
    parser.add_argument(
        "--browser",
        action="store_true",
        help=(
            "meet in Chromium: wijk kiezen → profiel, beamerstap, stem → beamer (als verhouding "
            "tot een lege pagina) en het geheugen van de server met Utrecht en heel Nederland"
        ),
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from urgentie import bench

    def progress(message: str) -> None:
        print(message, file=sys.stderr)

    if args.browser:
        from urgentie import browser_bench

        measured = browser_bench.run(progress)
        print(bench.to_json(measured) if args.json else browser_bench.as_text(measured))
        return 0

    result = bench.run(progress, buurten=args.buurten)
    print(bench.to_json(result) if args.json else bench.as_text(result))
    return 0 if all(v is not False for v in result["met"].values()) else 1
