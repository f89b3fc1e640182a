"""``python -m urgentie data …``: import, fetch, list and show the area datasets.

Results go to stdout (a report, a table, CSV), progress and errors to stderr, so the output
can be piped: ``python -m urgentie data show GM0344 --format csv > utrecht.csv``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from urgentie import datasets, strict_json
from urgentie.canonical import LEVELS
from urgentie.errors import UserError
from urgentie.exports import neutralise
from urgentie.sources.odata import SUPPORTED_YEARS
from urgentie.store.areas import AreaStore

FETCH_YEARS = (min(SUPPORTED_YEARS), max(SUPPORTED_YEARS))
"""Years of the CBS table *Kerncijfers wijken en buurten* that ``data fetch`` knows."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``data`` and its sub-commands to the command line."""
    parser = sub.add_parser(
        "data",
        help="CBS-gegevens importeren, ophalen, tonen",
        description="CBS-gegevens (kerncijfers en grenzen) importeren, ophalen en tonen.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="opdracht")

    imp = commands.add_parser(
        "import",
        help="bestanden importeren (KWB-Excel, StatLine-CSV, GeoPackage, GeoJSON)",
        description="Importeer een of meer CBS-bestanden; alles of niets wordt opgeslagen.",
    )
    imp.add_argument("files", nargs="+", metavar="BESTAND", type=Path)
    imp.add_argument("--jaar", help="jaar van de gegevens, als het bestand het niet zegt")
    imp.set_defaults(func=run_import)

    lst = commands.add_parser("list", help="opgeslagen gegevens tonen")
    lst.add_argument("--json", action="store_true", help="als JSON (alle velden)")
    lst.set_defaults(func=run_list)

    show = commands.add_parser(
        "show", help="de gebieden van een gemeente tonen", description="Toon een dataset."
    )
    show.add_argument("gemeente", metavar="GEMEENTE_CODE", help="bijvoorbeeld GM0344")
    show.add_argument("--jaar", help="jaar (standaard het nieuwste opgeslagen jaar)")
    show.add_argument("--niveau", help="gemeente, wijk of buurt (standaard alle)")
    show.add_argument("--format", default="csv", help="csv (standaard) of json")
    show.set_defaults(func=run_show)

    fetch = commands.add_parser(
        "fetch",
        help="kerncijfers en grenzen live ophalen bij CBS en PDOK",
        description="Haal de kerncijfers en grenzen van één gemeente op bij CBS en PDOK.",
    )
    fetch.add_argument("--gemeente", required=True, help="gemeentecode, bijvoorbeeld GM0344")
    fetch.add_argument(
        "--jaar", required=True, help=f"{FETCH_YEARS[0]} tot en met {FETCH_YEARS[1]}"
    )
    fetch.add_argument(
        "--bron",
        default="kerncijfers",
        help="kerncijfers (CBS en PDOK, standaard), politie (geregistreerde misdrijven, "
        "47018NED), rivm (Gezondheidsmonitor, 50120NED) of alles",
    )
    fetch.set_defaults(func=run_fetch)

    postcodes = commands.add_parser(
        "postcodes",
        help="CBS-bestand 'Buurt, wijk en gemeente voor postcode huisnummer' importeren",
        description=(
            "Importeer het CBS-bestand pc6hnr<jaar>0801_gwb.csv (of het zip-bestand van CBS), "
            "zodat Mijn wijk elke postcode van de gemeente vindt."
        ),
    )
    postcodes.add_argument("file", metavar="BESTAND", type=Path)
    postcodes.add_argument(
        "--gemeente", help="alleen deze gemeente, bijvoorbeeld GM0344 (standaard alle)"
    )
    postcodes.set_defaults(func=run_postcodes)

    demo = commands.add_parser("demo", help="de demogemeente Voorbeeldstad (opnieuw) maken")
    demo.set_defaults(func=run_demo)


def progress(message: str, fraction: float | None = None) -> None:
    """One line per step on stderr: ``[ 45%] GM0344 samenvoegen``."""
    percent = "    " if fraction is None else f"{round(max(0.0, min(fraction, 1.0)) * 100):3d}%"
    print(f"[{percent}] {message}", file=sys.stderr, flush=True)


def parse_year(
    text: str | None, *, first: int | None = None, last: int | None = None
) -> int | None:
    """The year given on the command line, checked; None when none was given."""
    if text is None:
        return None
    if not re.fullmatch(r"\s*\d{4}\s*", str(text)):
        raise UserError(f"--jaar {text!r} is geen jaartal (bijvoorbeeld --jaar 2024).")
    year = int(text)
    if first is not None and last is not None and not first <= year <= last:
        raise UserError(f"--jaar {year}: kies een jaar van {first} tot en met {last}.")
    from urgentie.sources.years import check_year

    return check_year(year)


def run_import(args: argparse.Namespace) -> int:
    from urgentie.importing import import_files

    reports = import_files(
        list(args.files), jaar=parse_year(args.jaar), store=AreaStore(), progress=progress
    )
    print("\n\n".join(r.summary() for r in reports))
    return 0


def run_postcodes(args: argparse.Namespace) -> int:
    from urgentie.sources.postcode_file import read_postcode_file
    from urgentie.store.postcodes import save_index

    gemeente = args.gemeente.strip().upper() if args.gemeente else None
    if gemeente and not re.fullmatch(r"GM\d{4}", gemeente):
        raise UserError(f"{args.gemeente!r} is geen gemeentecode; gebruik bijvoorbeeld GM0344.")
    progress(f"{args.file.name} lezen …")
    addresses, jaar = read_postcode_file(args.file, gemeente)
    if addresses.empty:
        raise UserError(f"{args.file.name}: geen adressen van {gemeente} in dit bestand.")
    written = save_index(addresses, jaar)
    total = sum(written.values())
    places = "gemeente" if len(written) == 1 else "gemeenten"
    dots = f"{len(addresses):_} adressen ({jaar}), {total:_} postcodes".replace("_", ".")
    print(f"{dots} opgeslagen voor {len(written)} {places}.")
    return 0


def run_list(args: argparse.Namespace) -> int:
    manifests = AreaStore().manifests()
    if args.json:
        print(strict_json.dumps([m.to_json() for m in manifests], indent=2))
        return 0
    if not manifests:
        print("Er zijn nog geen gegevens opgeslagen. Begin met: python -m urgentie data demo")
        return 0
    table = datasets.overview(manifests)
    columns = ["Code", "Gemeente", "Jaar", "Gemeenten", "Wijken", "Buurten", "Bron", "Opgeslagen"]
    print(table[columns].to_string(index=False))
    return 0


def run_show(args: argparse.Namespace) -> int:
    store = AreaStore()
    code = str(args.gemeente).strip().upper()
    manifest = datasets.find_manifest(store, code, parse_year(args.jaar))
    niveau = args.niveau.strip().lower() if args.niveau else None
    if niveau is not None and niveau not in LEVELS:
        raise UserError(f"--niveau {args.niveau!r}: kies gemeente, wijk of buurt.")
    form = str(args.format).strip().lower()
    if form not in {"csv", "json"}:
        raise UserError(f"--format {args.format!r}: kies csv of json.")
    table = datasets.export_table(store, manifest.gemeente_code, manifest.jaar, niveau)
    if form == "json":
        records = [
            {k: datasets.json_value(v) for k, v in zip(table.columns, row, strict=True)}
            for row in table.itertuples(index=False)
        ]
        print(strict_json.dumps(records, indent=2))
        return 0
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(_formatted_rows(table))
    return 0


def _formatted_rows(table: object) -> list[list[object]]:
    """Numbers as CBS writes them, NaN as an empty cell; names from files neutralised, since
    this CSV is often opened in a spreadsheet."""
    return [
        [neutralise(datasets.format_number(v)) for v in row]
        for row in table.itertuples(index=False)  # type: ignore[attr-defined]
    ]


def run_fetch(args: argparse.Namespace) -> int:
    gemeente = datasets.gemeente_code(args.gemeente)
    jaar = parse_year(args.jaar, first=FETCH_YEARS[0], last=FETCH_YEARS[1])
    assert jaar is not None
    try:
        from urgentie.sources.live import fetch_to_store
    except ImportError as exc:
        raise UserError("Ophalen bij CBS is in deze versie niet beschikbaar.") from exc
    source = str(getattr(args, "bron", "kerncijfers") or "kerncijfers").strip().lower()
    sources = {"kerncijfers": ["kerncijfers"], "politie": ["politie"], "rivm": ["rivm"]}
    sources["alles"] = ["kerncijfers", "politie", "rivm"]
    if source not in sources:
        raise UserError(f"--bron {args.bron!r}: kies kerncijfers, politie, rivm of alles.")
    from urgentie.sources.live import fetch_thirdparty_to_store

    for part in sources[source]:
        if part == "kerncijfers":
            report = fetch_to_store(gemeente, jaar, store=AreaStore(), progress=progress)
        else:
            report = fetch_thirdparty_to_store(
                part, gemeente, jaar, store=AreaStore(), progress=progress
            )
        print(report.summary())
    return 0


def run_demo(_args: argparse.Namespace) -> int:
    try:
        from urgentie.demo import build_demo
    except ImportError as exc:
        raise UserError("De demogemeente is in deze versie niet beschikbaar.") from exc
    areas = AreaStore()
    report = build_demo(areas, progress)
    print(report.summary())
    from urgentie.demo.conversations import ensure_demo_notes
    from urgentie.store.notes_db import NotesStore

    progress("demogesprekken pseudonimiseren (de eerste keer duurt dit enkele minuten)", None)
    notes = ensure_demo_notes(areas, NotesStore.open())
    if notes is not None:
        print(f"Demogesprekken: {notes.accepted} gesprekken opgeslagen (batch {notes.batch_id}).")
    else:
        print("Demogesprekken: staan al in de database.")
    return 0
