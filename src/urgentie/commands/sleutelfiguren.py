"""`python -m urgentie sleutelfiguren …`: the register's figures, the privacy export, withdrawal.

Names never reach the terminal. With ``URGENTIE_MODE=public`` the database refuses the register
here too, as in the app.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

import sqlalchemy as sa

from urgentie import settings
from urgentie.analysis import key_people
from urgentie.domains import domain_label
from urgentie.errors import UserError
from urgentie.keypeople import privacy
from urgentie.notes.report import terminal_safe
from urgentie.store import db
from urgentie.store.key_people import KeyPeopleStore, due_for_review

FORMATS = ("csv", "xlsx", "html")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sleutelfiguren", help="register van sleutelfiguren: cijfers, privacy-export, intrekken"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    lst = commands.add_parser("list", help="cijfers en signalen per gemeente (zonder namen)")
    lst.add_argument("--gemeente", required=True, help="gemeentecode, bv. GM9999")
    lst.set_defaults(func=cmd_list)
    exp = commands.add_parser("export", help="overzicht voor de privacyfunctionaris")
    exp.add_argument("--gemeente", required=True)
    exp.add_argument("--formaat", choices=FORMATS, default="html")
    exp.add_argument("--uit", type=Path, required=True, metavar="BESTAND")
    exp.set_defaults(func=cmd_export)
    wd = commands.add_parser("intrekken", help="een sleutelfiguur intrekken en alles wissen")
    wd.add_argument("nummer", type=int, metavar="NR")
    wd.add_argument("--gemeente", required=True)
    wd.set_defaults(func=cmd_withdraw)
    demo = commands.add_parser("demo", help="de verzonnen sleutelfiguren van Voorbeeldstad")
    demo.set_defaults(func=cmd_demo)


def _sign_in() -> bool:
    """Whether the app's secrets configure sign-in (``[auth]``), as the app itself reads it."""
    secrets = settings.PROJECT_ROOT / ".streamlit" / "secrets.toml"
    return secrets.is_file() and "[auth" in secrets.read_text(encoding="utf-8", errors="replace")


def _actor() -> str:
    return f"opdrachtregel ({getpass.getuser()})"


def _store() -> KeyPeopleStore:
    if settings.get("URGENTIE_MODE") == "public":
        # The register is refused by the database itself, as in the public app.
        return KeyPeopleStore(db.open_public_engine())
    return KeyPeopleStore(db.open_engine())


def _guarded(func):  # noqa: ANN001, ANN202 - a decorator for the commands below
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except db.NoteTextForbiddenError as exc:
            raise UserError(str(exc)) from exc
        except sa.exc.DatabaseError as exc:
            if settings.get("URGENTIE_MODE") != "public":
                raise
            raise UserError(
                "In de openbare modus is het register Sleutelfiguren niet te lezen of te wijzigen."
            ) from exc

    return run


@_guarded
def cmd_list(args: argparse.Namespace) -> int:
    store = _store()
    people = store.people(args.gemeente)
    store.log(args.gemeente, _actor(), "lijst")
    carriers = key_people.carriers(people)
    ending = key_people.ending_support(people)
    boxed = key_people.boxed_in(people)
    print(f"Sleutelfiguren in {args.gemeente}: {len(people)}")
    print(f"Domeinen die op één persoon rusten: {int(carriers['kwetsbaar'].sum())}")
    for row in carriers[carriers["kwetsbaar"]].itertuples():
        print(
            f"  {row.area_code} {domain_label(row.domain)}: {terminal_safe(', '.join(row.roles))}"
        )
    ending_now = ending[ending["status"] == key_people.ENDING]
    print(f"Steun die binnen een jaar eindigt: {len(ending_now)}")
    for row in ending_now.itertuples():
        print(
            f"  {row.until:%d-%m-%Y} {terminal_safe(row.label)} ({terminal_safe(row.role_label)})"
        )
    print(f"In hokjes geduwd: {len(boxed)}")
    for person in due_for_review(people):
        print(
            f"Herzien: nr {person.id} ({terminal_safe(person.role_label)}), herzieningsdatum "
            f"{person.review_date:%d-%m-%Y} verstreken — verlengen of wissen."
        )
    return 0


@_guarded
def cmd_export(args: argparse.Namespace) -> int:
    store = _store()
    people = store.people(args.gemeente)
    store.log(args.gemeente, _actor(), "export")
    parts = privacy.sections(
        people,
        store.audit_frame(args.gemeente),
        privacy.access_lines(str(settings.get("URGENTIE_ANALYST_ACCESS")), _sign_in()),
    )
    if args.formaat == "csv":
        args.uit.write_bytes(privacy.csv_export(parts))
    elif args.formaat == "xlsx":
        args.uit.write_bytes(privacy.excel_export(parts))
    else:
        args.uit.write_text(privacy.html_export(parts, args.gemeente), encoding="utf-8")
    print(f"Export voor de privacyfunctionaris geschreven: {args.uit} ({len(people)} records).")
    return 0


@_guarded
def cmd_withdraw(args: argparse.Namespace) -> int:
    _store().withdraw(args.gemeente, args.nummer, _actor())
    print(f"Nr {args.nummer} is ingetrokken en gewist; het logboek bewaart alleen het nummer.")
    return 0


@_guarded
def cmd_demo(_args: argparse.Namespace) -> int:
    from urgentie.demo.key_people import ensure_demo_key_people

    count = ensure_demo_key_people(_store())
    print(
        f"{count} verzonnen sleutelfiguren van Voorbeeldstad opgeslagen."
        if count
        else "Het register van Voorbeeldstad is al eerder gebruikt; er is niets toegevoegd."
    )
    return 0
