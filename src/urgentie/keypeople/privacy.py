"""The privacy officer's export of the Sleutelfiguren register.

What is stored and why (``privacy.yaml``), the legal basis, retention and review dates per
record, who has access, and the audit log — as CSV, Excel or one HTML page. Names never appear:
the officer sees *that* a name is stored with consent, and when and for what it was given.
"""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from urgentie.exports import csv_bytes, neutralise_frame
from urgentie.keypeople import vocab
from urgentie.keypeople.records import KeyPerson
from urgentie.store.db import local_time
from urgentie.store.key_people import ACTIONS

FIELDS_PATH = Path(__file__).with_name("privacy.yaml")

RETENTION = (
    "Een record blijft bewaard tot de herzieningsdatum. Daarna verlengt een analist het na "
    "controle (een jaar) of wist het. Intrekken wist het record met zijn verbindingen en steun "
    "direct; het logboek houdt alleen het recordnummer."
)


def access_lines(analyst_access: str, sign_in: bool) -> list[str]:
    """Who has access to the register, in Dutch, from the app's settings: the analyst access
    (``lokaal`` / ``netwerk``) and whether sign-in (``st.login``) is configured."""
    lines = [
        "Alleen de analistenpagina's tonen het register; in de openbare modus "
        "(URGENTIE_MODE=public) weigert de database de tabellen.",
    ]
    if sign_in:
        lines.append("Inloggen is verplicht (st.login): alleen ingelogde analisten.")
    elif analyst_access == "netwerk":
        lines.append(
            "URGENTIE_ANALYST_ACCESS=netwerk: iedereen die de server bereikt ziet de "
            "analistenpagina's. Zet inloggen aan als dat meer mensen zijn dan de analisten."
        )
    else:
        lines.append("Alleen de computer waarop de app draait (URGENTIE_ANALYST_ACCESS=lokaal).")
    return lines


def stored_fields() -> pd.DataFrame:
    """What is stored, in which form, and why."""
    raw = yaml.safe_load(FIELDS_PATH.read_text(encoding="utf-8"))
    return pd.DataFrame(
        {
            "Gegeven": [r["field"] for r in raw],
            "Vorm": [r["form"] for r in raw],
            "Waarom": [r["why"] for r in raw],
        }
    )


def records_frame(people: Iterable[KeyPerson], today: date | None = None) -> pd.DataFrame:
    """Per record: number, role, legal basis, consent (without the name) and review date."""
    today = today or date.today()
    rows = []
    for p in people:
        consent = p.consent
        rows.append(
            {
                "Nr": p.id,
                "Rol": p.role_label,
                "Grondslag": vocab.label("legal_bases", p.legal_basis),
                "Naam opgeslagen": "ja, met toestemming" if consent else "nee",
                "Toestemming op": f"{consent.date:%d-%m-%Y}" if consent else "",
                "Doel van de toestemming": (
                    vocab.label("consent_purposes", consent.purpose) if consent else ""
                ),
                "Gevraagd door": consent.asked_by if consent else "",
                "Herzien op": f"{p.review_date:%d-%m-%Y}",
                "Status": "herzieningsdatum verstreken" if p.review_date < today else "actueel",
            }
        )
    columns = ["Nr", "Rol", "Grondslag", "Naam opgeslagen", "Toestemming op",
               "Doel van de toestemming", "Gevraagd door", "Herzien op", "Status"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit log in Dutch: time (local), who, what, which record, which fields."""
    return pd.DataFrame(
        {
            "Tijd": [local_time(t) for t in audit["at"]],
            "Wie": audit["actor"],
            "Handeling": [ACTIONS.get(a, a) for a in audit["action"]],
            "Record": [("" if pd.isna(r) else str(int(r))) for r in audit["record_id"]],
            "Gewijzigde velden": [", ".join(f or []) for f in audit["fields"]],
        }
    )


def sections(
    people: Sequence[KeyPerson], audit: pd.DataFrame, access: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """The export's parts, titled: what is stored, the records, who has access, the log."""
    return {
        "Wat wordt opgeslagen": stored_fields(),
        "Records": records_frame(people),
        "Toegang en bewaren": pd.DataFrame({"Regel": [*access, RETENTION]}),
        "Logboek": audit_table(audit),
    }


def csv_export(parts: Mapping[str, pd.DataFrame]) -> bytes:
    """All parts in one CSV file, each after a line with its title (for Dutch Excel)."""
    chunks = []
    for title, frame in parts.items():
        chunks.append(csv_bytes(pd.DataFrame({title: []})).decode("utf-8-sig"))
        chunks.append(csv_bytes(frame).decode("utf-8-sig") + "\n")
    return ("\ufeff" + "".join(chunks)).encode("utf-8")


def excel_export(parts: Mapping[str, pd.DataFrame]) -> bytes:
    """An .xlsx workbook with one sheet per part (cells neutralised against formulas)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in parts.items():
            neutralise_frame(frame).to_excel(writer, sheet_name=title[:31], index=False)
    return buffer.getvalue()


def html_export(parts: Mapping[str, pd.DataFrame], gemeente: str) -> str:
    """One printable HTML page; every text is escaped."""
    esc = html.escape
    body = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        f"<title>Register sleutelfiguren {esc(gemeente)}</title>",
        "<style>body{font:11pt/1.4 system-ui,sans-serif;margin:24px}table{border-collapse:"
        "collapse;width:100%;font-size:10pt}th,td{text-align:left;padding:3px 6px;"
        "border-bottom:1px solid #ccc;vertical-align:top}th{background:#eef2f7}</style>",
        "</head><body>",
        f"<h1>Register sleutelfiguren — {esc(gemeente)}</h1>",
        f"<p>Overzicht voor de privacyfunctionaris, {date.today():%d-%m-%Y}. Namen staan niet "
        "in dit overzicht.</p>",
    ]
    for title, frame in parts.items():
        body.append(f"<h2>{esc(title)}</h2>")
        body.append(frame.to_html(index=False, escape=True, na_rep="", border=0))
    body.append("</body></html>")
    return "\n".join(body)
