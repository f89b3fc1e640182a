"""`python -m urgentie bench [--json] [--browser]`: map load, build, payload and page times vs a
naive map; notes pseudonymised and coded per second, the new coder next to the old one; with
``--browser`` the click, step and vote latencies in Chromium as ratios to an empty rerun, and the
server's memory."""

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
        "--notities",
        type=int,
        default=10_000,
        help="aantal notities voor pseudonimiseren en coderen (standaard 10000; 0 slaat over)",
    )
    parser.add_argument(
        "--alleen-notities",
        action="store_true",
        help="alleen de meting van pseudonimiseren en coderen, niet de kaart",
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

    from urgentie.notes import bench_notes

    if args.notities < 0:
        print("--notities moet 0 of meer zijn.", file=sys.stderr)
        return 2
    result: dict = {"met": {}}
    if not args.alleen_notities:
        result = bench.run(progress, buurten=args.buurten)
    if args.notities:
        progress("(d) gesprekken pseudonimiseren en coderen…")
        result["notes"] = bench_notes.run(args.notities, progress).as_dict()
    if args.json:
        print(bench.to_json(result))
    else:
        if not args.alleen_notities:
            print(bench.as_text(result))
            print()
        if "notes" in result:
            print(bench_notes.as_text(result["notes"]))
    return 0 if all(v is not False for v in result["met"].values()) else 1
