"""`python -m urgentie notes …`: import, list and undo conversation notes.

``notes import`` prints the validation report and stores the accepted rows as one batch (unless
``--dry-run``); it exits 1 when nothing was (or, with ``--dry-run``, would be) imported.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from urgentie import strict_json
from urgentie.errors import UserError
from urgentie.notes import fields, importer
from urgentie.notes.report import format_batch, format_preview, terminal_safe
from urgentie.store.areas import AreaStore
from urgentie.store.db import local_time
from urgentie.store.notes_db import NotesStore

EXCERPT = 90


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("notes", help="gesprekken importeren, bekijken en ongedaan maken")
    commands = parser.add_subparsers(dest="command", required=True)

    imp = commands.add_parser(
        "import",
        help="gesprekken importeren uit CSV, Excel, Word of tekst",
        description="Leest het bestand, toont het controleverslag en slaat de goedgekeurde "
        "rijen op als één batch (niet met --dry-run).",
    )
    imp.add_argument("file", type=Path, metavar="BESTAND")
    imp.add_argument("--gemeente", help="gemeentecode, bv. GM0344 (nodig bij meer gemeenten)")
    imp.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    imp.add_argument("--json", action="store_true", help="verslag als JSON")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAAM=CODE",
        help="kies het gebied voor een onbekende naam; NAAM=- slaat die rijen over",
    )
    imp.add_argument("--wijk", help="standaardgebied (naam of code) voor rijen zonder gebied")
    imp.add_argument("--perspectief", help="standaardperspectief voor rijen zonder perspectief")
    imp.add_argument("--rol", help="standaardrol voor rijen zonder rol")
    imp.add_argument("--datum", help="standaarddatum voor rijen zonder datum (dd-mm-jjjj)")
    imp.add_argument(
        "--opnieuw",
        action="store_true",
        help="ook importeren als precies dit bestand al eerder is geïmporteerd",
    )
    imp.set_defaults(func=cmd_import)

    lst = commands.add_parser("list", help="opgeslagen gesprekken (of batches) tonen")
    lst.add_argument("--gemeente", help="alleen deze gemeente")
    lst.add_argument("--wijk", help="alleen dit gebied (code)")
    lst.add_argument("--batches", action="store_true", help="importbatches tonen")
    lst.add_argument("--json", action="store_true", help="als JSON (volledige tekst)")
    lst.set_defaults(func=cmd_list)

    undo = commands.add_parser("undo", help="een importbatch helemaal ongedaan maken")
    undo.add_argument("batch", type=int, metavar="BATCH")
    undo.set_defaults(func=cmd_undo)

    demo = commands.add_parser("demo", help="de demogesprekken van Voorbeeldstad importeren")
    demo.add_argument("--json", action="store_true")
    demo.set_defaults(func=cmd_demo)

    recode = commands.add_parser("recode", help="alle gesprekken opnieuw coderen")
    recode.set_defaults(func=cmd_recode)

    exp = commands.add_parser(
        "export",
        help="gesprekken, codeboek en codes uitwisselen met QDA-programma's (REFI-QDA)",
        description="Schrijft een REFI-QDA-project (.qdpx: gepseudonimiseerde gesprekken, "
        "codeboek en gecodeerde fragmenten) en/of het codeboek (.qdc), gecontroleerd tegen "
        "het gepubliceerde schema. Voor ATLAS.ti, MAXQDA, NVivo en QualCoder.",
    )
    exp.add_argument("--qdpx", type=Path, metavar="BESTAND", help="project schrijven (.qdpx)")
    exp.add_argument("--qdc", type=Path, metavar="BESTAND", help="codeboek schrijven (.qdc)")
    exp.add_argument("--gemeente", help="gemeentecode (nodig bij meer gemeenten)")
    exp.set_defaults(func=cmd_export)

    imc = commands.add_parser(
        "import-codes",
        help="codes uit een .qdpx-project of een .qdc-codeboek terughalen",
        description="Een .qdpx: de codes per gesprek worden de codes van dat gesprek, als "
        "beoordeling door wie ze in het QDA-programma codeerde. Een .qdc: toont hoe elke code "
        "op de eigen codes past. Beide worden eerst tegen het REFI-QDA-schema gecontroleerd.",
    )
    imc.add_argument("file", type=Path, metavar="BESTAND")
    imc.add_argument("--gemeente", help="gemeentecode (nodig bij meer gemeenten)")
    imc.add_argument("--dry-run", action="store_true", help="alleen tonen, niets opslaan")
    imc.add_argument(
        "--koppel",
        action="append",
        default=[],
        metavar="NAAM=CODE",
        help="koppel een code uit het bestand aan een eigen code, bv. Overlast=veiligheid/zorg",
    )
    imc.set_defaults(func=cmd_import_codes)

    learn = commands.add_parser(
        "leer",
        help="leer van de correcties van analisten (gemeten op apart gehouden correcties)",
        description="Meet de coder met en zonder correctiemodel op een kwart van de "
        "beoordeelde gesprekken die niet zijn gebruikt om te leren, en slaat daarna het model "
        "op dat volgende imports en hercoderingen gebruiken.",
    )
    learn.add_argument("--json", action="store_true", help="uitvoer als JSON")
    learn.set_defaults(func=cmd_learn)

    agree = commands.add_parser(
        "overeenstemming",
        help="Cohens kappa en procentuele overeenstemming tussen coder en analisten",
        description="Zonder --analisten: de automatische codering tegenover de beoordelingen "
        "van analisten. Met --analisten A B: twee analisten op de gesprekken die beiden codeerden.",
    )
    agree.add_argument("--gemeente", help="alleen deze gemeente")
    agree.add_argument("--analisten", nargs=2, metavar=("A", "B"))
    agree.set_defaults(func=cmd_agreement)

    evalp = commands.add_parser(
        "eval-pseudo",
        help="pseudonimisering meten op een eigen bestand met gemarkeerde details",
        description="Leest een YAML-bestand in het formaat van evalsets/pseudo_notes.yaml "
        "(details gemarkeerd als [[soort:tekst]]) en toont recall en precisie, totaal en per "
        "soort. Gebiedsnamen blijven staan zoals bij importeren: uit keep_terms in het bestand, "
        "--gemeente en --behoud.",
    )
    evalp.add_argument("file", type=Path, metavar="BESTAND")
    evalp.add_argument("--gemeente", help="houd de gebiedsnamen van deze opgeslagen gemeente")
    evalp.add_argument(
        "--behoud", nargs="+", default=[], metavar="NAAM", help="extra namen die blijven staan"
    )
    evalp.add_argument("--kort", action="store_true", help="zonder de lijst van missers")
    evalp.add_argument("--json", action="store_true", help="uitvoer als JSON")
    evalp.set_defaults(func=cmd_eval_pseudo)

    evaluate = commands.add_parser(
        "eval-coder",
        help="de automatische codering meten op een bestand met handgecodeerde notities",
        description="Codeert de notities van BESTAND (YAML: notes met text, perspective, codes, "
        "tags) en toont precisie, recall en F1 over (domein, zorg/kracht): totaal, per domein, "
        "per perspectief, per label en het aandeel notities zonder domein dat toch een code kreeg.",
    )
    evaluate.add_argument("file", type=Path, metavar="BESTAND", nargs="?")
    evaluate.add_argument(
        "--dev",
        action="store_true",
        help="in plaats van een bestand: de dev-split van het eigen corpus (afgestemd, niet "
        "onafhankelijk); traint daarvoor een model op de train-split",
    )
    evaluate.add_argument("--json", action="store_true", help="uitvoer als JSON")
    evaluate.add_argument(
        "--fouten", type=int, default=0, metavar="N", help="toon de eerste N verschillen"
    )
    evaluate.add_argument(
        "--codeboek",
        action="store_true",
        help="ter vergelijking: alleen het codeboek (de woordenlijst zonder model)",
    )
    evaluate.add_argument(
        "--pseudonimiseer",
        action="store_true",
        help="eerst pseudonimiseren, dan coderen, zoals notes import de codes opslaat",
    )
    evaluate.set_defaults(func=cmd_eval_coder)

    train = commands.add_parser(
        "train-coder",
        help="het coderingsmodel opnieuw trainen uit de trainingsgegevens",
        description="Kiest de combinatie van model en codeboek op de dev-split en traint "
        "daarna het model op het hele corpus (src/urgentie/notes/model/).",
    )
    train.set_defaults(func=cmd_train_coder)

    names = commands.add_parser(
        "namen", help="eigen lijst met namen die in elk gesprek vervangen worden"
    )
    names.add_argument("--toevoegen", nargs="+", default=[], metavar="NAAM")
    names.add_argument("--verwijderen", nargs="+", default=[], metavar="NAAM")
    names.set_defaults(func=cmd_names)


def _print_json(data: Any) -> None:
    """Strict JSON: missing values (NaN, NaT) are ``null`` (:mod:`urgentie.strict_json`)."""
    sys.stdout.write(strict_json.dumps(data, indent=2))
    sys.stdout.write("\n")


def cmd_import(args: argparse.Namespace) -> int:
    areas = AreaStore()
    notes_store = NotesStore.open()
    gemeente = importer.resolve_gemeente(areas, args.gemeente)
    context = importer.build_context(notes_store, areas, gemeente)
    defaults = importer.NoteDefaults(
        area=args.wijk,
        perspective=args.perspectief,
        role=args.rol,
        note_date=_parse_day(args.datum),
    )
    preview = importer.import_path(
        args.file,
        context,
        notes_store,
        mapping=importer.parse_mapping(args.map),
        defaults=defaults,
    )
    report, error = None, None
    if not args.dry_run and preview.accepted_count:
        try:
            report = importer.commit_import(preview, notes_store, allow_duplicate=args.opnieuw)
        except UserError as exc:  # e.g. a re-import: still show the report first
            error = str(exc)
    if args.json:
        _print_json(
            {
                "verslag": preview.to_json(),
                "proefdraai": bool(args.dry_run),
                "import": report.to_json() if report else None,
                "fout": error,
            }
        )
    else:
        print(format_preview(preview))
        print()
        if args.dry_run:
            print(
                f"Proefdraai: niets opgeslagen. Zonder --dry-run worden {preview.accepted_count} "
                "gesprek(ken) geïmporteerd."
            )
        elif report is not None:
            print(format_batch(report))
        elif error is None:
            print("Niets geïmporteerd: geen enkele rij is goedgekeurd.")
    if error is not None:
        print(f"Fout: {error}", file=sys.stderr)
        return 2
    if args.dry_run:
        return 0 if preview.accepted_count else 1
    return 0 if report is not None and report.imported else 1


def _parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        parsed = fields.parse_date(value)
    except fields.FieldError as exc:
        raise UserError(f"--datum: {exc}") from exc
    if parsed.day is None:
        raise UserError("--datum: geef een dag, bv. 15-03-2024.")
    return parsed.day


def cmd_list(args: argparse.Namespace) -> int:
    notes_store = NotesStore.open()
    gemeente = args.gemeente.upper() if args.gemeente else None
    if args.batches:
        batches = notes_store.batches(gemeente)
        if args.json:
            _print_json([b.__dict__ for b in batches])
            return 0
        if not batches:
            print("Nog geen importbatches.")
        for b in batches:
            print(
                f"{b.id:>5}  {local_time(b.created_at)}  {b.status:<8}  {b.gemeente_code}  "
                f"{b.row_count:>5} gesprek(ken)  {terminal_safe(b.file_name)}"
            )
        return 0
    areas = [args.wijk.upper()] if args.wijk else None
    frame = notes_store.notes_frame(gemeente, areas=areas)
    if args.json:
        records = frame.assign(note_date=frame["note_date"].dt.date).to_dict(orient="records")
        _print_json(records)
        return 0
    if frame.empty:
        print("Geen gesprekken gevonden.")
        return 0
    for row in frame.itertuples(index=False):
        day = row.note_date.strftime("%d-%m-%Y") if row.note_date == row.note_date else "—"
        text = " ".join(str(row.text).split())
        text = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
        codes = ", ".join(row.codes) or "geen codes"
        print(
            f"{row.id:>6}  {day}  {row.area_code:<10}  {row.perspective:<12}  "
            f"{terminal_safe(text)}\n        [{codes}]  bron: {terminal_safe(row.source_file)}, "
            f"batch {row.batch_id}, rij {row.source_row}"
        )
    print(f"\n{len(frame)} gesprek(ken).")
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    notes_store = NotesStore.open()
    removed = notes_store.undo_batch(args.batch)
    print(f"Batch {args.batch} ongedaan gemaakt: {removed} gesprek(ken) verwijderd.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from urgentie.demo.conversations import import_demo_notes

    report = import_demo_notes(NotesStore.open(), AreaStore())
    if args.json:
        _print_json(report.to_json())
    elif report.duplicate_of:
        print(f"De demogesprekken staan al in batch {report.duplicate_of[0]}; niets gedaan.")
    else:
        print(format_batch(report))
    return 0


def cmd_recode(_args: argparse.Namespace) -> int:
    result = importer.recode_all(NotesStore.open())
    print(
        f"{result.notes} gesprek(ken) opnieuw gecodeerd met codeboek {result.codebook_version}: "
        f"{result.codes_written} automatische code(s). Handmatige correcties zijn bewaard."
    )
    return 0


def _gemeente_of_notes(notes_store: NotesStore, wanted: str | None) -> str:
    return importer.resolve_gemeente(AreaStore(), wanted)


def cmd_export(args: argparse.Namespace) -> int:
    """Write a .qdpx project and/or a .qdc codebook."""
    from urgentie.notes import qda

    if not args.qdpx and not args.qdc:
        raise UserError("Geef --qdpx BESTAND en/of --qdc BESTAND.")
    if args.qdc:
        args.qdc.write_bytes(qda.write_qdc())
        print(f"Codeboek geschreven naar {args.qdc} (geldig volgens het REFI-QDA-schema).")
    if args.qdpx:
        notes_store = NotesStore.open()
        gemeente = _gemeente_of_notes(notes_store, args.gemeente)
        frame = notes_store.notes_frame(gemeente)
        names = importer.area_names(AreaStore(), gemeente)
        data = qda.write_qdpx(frame, notes_store.codes_frame(gemeente), gemeente, names)
        args.qdpx.write_bytes(data)
        print(
            f"Project geschreven naar {args.qdpx}: {len(frame)} gesprek(ken) met codeboek en "
            "gecodeerde fragmenten (geldig volgens het REFI-QDA-schema; alleen "
            "gepseudonimiseerde tekst)."
        )
    return 0


def cmd_import_codes(args: argparse.Namespace) -> int:
    """Read the codes of a .qdpx (stored as a review) or map a .qdc codebook."""
    from urgentie.notes import qda

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UserError(f"Bestand {args.file} is niet te lezen: {exc.strerror}") from exc
    links = [qda.parse_link(t) for t in args.koppel]
    if links and not args.dry_run:
        qda.remember_mappings(links)
    if not data.startswith(b"PK"):
        mappings = qda.read_qdc(data)
        matched = [m for m in mappings if m.target]
        print(f"Codeboek: {len(matched)} van {len(mappings)} codes passen op de eigen codes.")
        for m in mappings:
            target = qda.code_name(m.target) if m.target else "—"
            print(f"  {terminal_safe(m.name):<45} → {target} ({m.how})")
        if args.dry_run:
            print("Proefdraai: niets onthouden.")
        else:
            remembered = qda.remember_mappings(mappings)
            print(
                f"{remembered} koppeling(en) onthouden voor projecten uit hetzelfde programma."
                + (
                    " Koppel de rest met --koppel NAAM=CODE."
                    if len(matched) < len(mappings)
                    else ""
                )
            )
        return 0
    notes_store = NotesStore.open()
    gemeente = _gemeente_of_notes(notes_store, args.gemeente)
    frame = notes_store.notes_frame(gemeente)
    texts = {int(i): str(t) for i, t in zip(frame["id"], frame["text"], strict=True)}
    imported = qda.read_qdpx_codes(data, texts)
    current: dict[int, set[str]] = {}
    for n, d, p in notes_store.codes_frame(gemeente)[["note_id", "domain", "polarity"]].itertuples(
        index=False
    ):
        current.setdefault(int(n), set()).add(f"{d}/{p}")
    unmapped = [m for m in imported.mappings if not m.target]
    print(
        f"Project: codes voor {len(imported.codes)} gesprek(ken) gevonden; "
        f"{len(imported.unknown_sources)} bron(nen) zonder gesprek hier, "
        f"{imported.skipped_codings} codering(en) met een code die niet past."
    )
    for m in unmapped:
        print(f"  code zonder overeenkomst: {terminal_safe(m.name)}")
    if args.dry_run:
        print("Proefdraai: niets opgeslagen.")
        return 0
    changed = qda.apply_imported(notes_store, imported, current, fallback="QDA-import")
    print(f"{changed} gesprek(ken) gewijzigd; wie codeerde en wanneer is bewaard.")
    return 0


def cmd_learn(args: argparse.Namespace) -> int:
    """Measure and save the correction model."""
    from dataclasses import asdict

    from urgentie.notes import learning

    report = learning.learn(NotesStore.open().engine, importer.coder_codes)
    if args.json:
        _print_json(asdict(report))
        return 0
    print(report.sentence())
    if report.saved:
        print(
            f"Correctiemodel opgeslagen ({len(report.learned_codes)} code(s)); "
            "`notes recode` past het toe op alle gesprekken."
        )
    else:
        print(
            "Niets opgeslagen: nog geen code die analisten minstens twee keer gaven en niet gaven."
        )
    return 0


def cmd_agreement(args: argparse.Namespace) -> int:
    """Print kappa and percent agreement, per code and overall, with the disagreements."""
    from urgentie.notes import agreement

    notes_store = NotesStore.open()
    gemeente = args.gemeente.upper() if args.gemeente else None
    reviews = notes_store.reviews_frame(gemeente)
    if reviews.empty:
        raise UserError("Nog geen beoordeelde gesprekken (Gesprekken → Beoordelen).")
    if args.analisten:
        first, second = args.analisten
        known = set(reviews["analyst"])
        missing = [a for a in (first, second) if a not in known]
        if missing:
            raise UserError(
                f"Onbekende analist(en): {', '.join(missing)}. Bekend: {', '.join(sorted(known))}."
            )
        if first == second:
            raise UserError("Kies twee verschillende analisten.")
        result = agreement.between_analysts(reviews, first, second)
    else:
        result = agreement.automatic_vs_analysts(
            notes_store.codes_frame(gemeente, active_only=False), reviews
        )
    print(terminal_safe(agreement.format_agreement(result)))
    return 0


def cmd_eval_pseudo(args: argparse.Namespace) -> int:
    """Score a marked file; exit 0 when recall and precision reach 95 %, else 1."""
    from dataclasses import asdict

    from urgentie.notes import pseudo_eval

    keep = list(args.behoud)
    if args.gemeente:
        keep += importer.gemeente_keep_terms(AreaStore(), args.gemeente.upper())
    try:
        score = pseudo_eval.evaluate_file(args.file, keep)
    except pseudo_eval.CorpusError as exc:
        raise UserError(str(exc)) from exc
    if args.json:
        _print_json(
            {
                "bestand": score.path,
                "behouden_namen": score.keep_terms,
                "doel_gehaald": score.meets_targets(),
                **(asdict(score.metrics) | {"seconds_per_note": None}),
            }
        )
    else:
        print(terminal_safe(pseudo_eval.format_file_score(score, details=not args.kort)))
    return 0 if score.meets_targets() else 1


def cmd_eval_coder(args: argparse.Namespace) -> int:
    from urgentie.notes import coder_eval

    if args.dev:
        report = coder_eval.evaluate_dev(with_model=not args.codeboek)
        name = "dev-split (afgestemd, geen onafhankelijke meting)"
    elif args.file is None:
        raise UserError("Geef een BESTAND met handgecodeerde notities, of --dev.")
    elif not args.file.is_file():
        raise UserError(f"Het bestand {args.file} bestaat niet.")
    else:
        coder = coder_eval.lexicon_codes if args.codeboek else coder_eval.coder_codes
        pseudonymised = args.pseudonimiseer and not args.codeboek
        if pseudonymised:
            coder = coder_eval.pseudonymised_coder_codes
        report = coder_eval.evaluate_file(args.file, coder)
        name = f"{args.file} (gepseudonimiseerd)" if pseudonymised else str(args.file)
    if args.json:
        print(coder_eval.report_json(report))
        return 0
    title = (
        f"{name}: alleen het codeboek" if args.codeboek else f"{name}: codeboek en geleerd model"
    )
    print(coder_eval.format_report(report, title, errors=args.fouten))
    return 0


def cmd_train_coder(_args: argparse.Namespace) -> int:
    from urgentie.notes import learner

    tuning = learner.train_and_tune()
    chosen = tuning["gekozen"]
    assert isinstance(chosen, dict)
    print(f"Gekozen op de dev-split ({tuning['dev_notities']} notities): {chosen['omschrijving']}")
    for row in tuning["vergelijking"]:  # type: ignore[union-attr]
        print(
            f"  {row['combinatie']:<52} F1 {row['f1']:.3f}  precisie {row['precisie']:.3f}  "
            f"recall {row['recall']:.3f}  zonder domein {row['zonder_domein_gecodeerd']:.3f}"
        )
    print(f"Model geschreven naar {learner.MODEL_PATH}")
    return 0


def cmd_names(args: argparse.Namespace) -> int:
    notes_store = NotesStore.open()
    added = notes_store.add_pseudo_terms(args.toevoegen)
    removed = sum(notes_store.remove_pseudo_term(t) for t in args.verwijderen)
    if added or removed:
        print(f"{added} naam/namen toegevoegd, {removed} verwijderd.")
    terms = notes_store.pseudo_terms()
    print("Eigen namen die vervangen worden: " + (", ".join(terms) if terms else "(geen)"))
    return 0
