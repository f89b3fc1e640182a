"""Exports: the table shown as CSV or Excel, the map as one HTML file, the profile as a print page.

Spreadsheet cells are *neutralised*: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return could run as a formula when the file is opened (CSV injection), so it gets a
leading apostrophe. Numbers are never touched: ``-3.5`` stays a number, also in text form.

The map export inlines Leaflet (JS and CSS, from the installed ``django-js-lib-leaflet``) into the
file, so it opens from a USB stick or an e-mail attachment without internet and without this server.
No Streamlit here: views call these functions and hand the bytes to a download button.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from urgentie.assets import LEAFLET_CSS, LEAFLET_JS, leaflet_package_dir
from urgentie.canonical import ATTRIBUTION, DEMO_LABEL

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
"""Characters a spreadsheet may read as the start of a formula (OWASP CSV injection), including
the full-width forms that some spreadsheets normalise."""
_INVISIBLE_LEAD = re.compile(
    "^[\\s\ufeff\u200b\u200c\u200d\u2060\u00ad\u180e\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+"
)
"""Leading characters a reader does not see but a spreadsheet skips or keeps before a formula:
whitespace, the byte-order mark, zero-width characters and bidirectional marks. They must not
hide a ``=`` from :func:`neutralise`."""
_EXTERNAL = re.compile(r"^(//|(?!data:|blob:)[a-z][a-z0-9+.-]*:)", re.IGNORECASE)
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def neutralise(value: object) -> object:
    """One cell made safe for a spreadsheet; non-text values come back unchanged.

    Text starting with a formula trigger — also after invisible characters such as a BOM, a
    zero-width space or a bidi mark — gets a leading ``'`` unless the whole text is a plain
    number (``-12,5`` is a value, not a formula).
    """
    if not isinstance(value, str):
        return value
    visible = _INVISIBLE_LEAD.sub("", value)
    if not (value.startswith(FORMULA_PREFIXES) or visible.startswith(FORMULA_PREFIXES)):
        return value
    if _PLAIN_NUMBER.match(visible.strip()):
        return value
    return "'" + value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name neutralised."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
            out[column] = series.map(neutralise).astype(object)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


MAX_DECIMALS = 2
"""Decimals of a number in an export: as the pages show them (a z-score "+0,70", a share
"12,5"), never the 16 digits of a float."""


def as_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as the pages show them: a column of whole numbers (counts, years, places) as
    integers ("8770", never "8770,0"), other numbers rounded to :data:`MAX_DECIMALS`. A column
    whose name ends in "(onafgerond)" keeps its raw values, for who needs them."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if str(column).endswith("(onafgerond)"):
            continue
        if not pd.api.types.is_float_dtype(series.dtype):
            continue
        known = series.dropna()
        if len(known) and (known == known.round(0)).all() and known.abs().max() < 2**53:
            out[column] = series.round(0).astype("Int64")
        else:
            out[column] = series.round(MAX_DECIMALS)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Dutch Excel: ``;`` between fields, one decimal comma, UTF-8 with BOM,
    neutralised, numbers :func:`as_shown`.

    Missing values are empty cells (never 0).
    """
    text = neutralise_frame(as_shown(frame)).to_csv(index=False, sep=";", decimal=",")
    return ("\ufeff" + text).encode("utf-8")


def excel_bytes(
    frame: pd.DataFrame,
    *,
    sheet: str = "Gegevens",
    title: str = "",
    notes: Sequence[str] = (),
) -> bytes:
    """An .xlsx workbook: the table (neutralised, numbers as numbers) and a sheet "Bron".

    The "Bron" sheet holds the title, the export date, the notes (e.g. the class method) and the
    attribution. Missing values are empty cells.
    """
    from openpyxl.utils import get_column_letter

    safe = neutralise_frame(as_shown(frame))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
        about = [title, f"Geëxporteerd op {date.today():%d-%m-%Y}", *notes, ATTRIBUTION]
        pd.DataFrame({"Over deze gegevens": [neutralise(t) for t in about if t]}).to_excel(
            writer, sheet_name="Bron", index=False
        )
        worksheet = writer.sheets[sheet[:31]]
        worksheet.freeze_panes = "A2"
        for i, column in enumerate(safe.columns, start=1):
            values = [str(column), *(str(v) for v in safe[column].head(200))]
            width = min(60, max(8, *(len(v) for v in values)) + 2)
            worksheet.column_dimensions[get_column_letter(i)].width = width
        writer.sheets["Bron"].column_dimensions["A"].width = 80
    return buffer.getvalue()


def standalone_map_html(page: str, *, title: str = "Urgentiekaart") -> str:
    """Make a rendered map page self-contained: Leaflet inlined, a title, nothing external.

    ``page`` is ``folium.Map.get_root().render()`` of a map built by ``urgentie.views.map``; its
    only asset links point to the local Leaflet, which are replaced by the file contents.
    """
    package = leaflet_package_dir()
    script = (package / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    style = (package / "leaflet.css").read_text(encoding="utf-8")
    script_tag = re.compile(
        r'<script\s+src="' + re.escape(LEAFLET_JS) + r'"\s*>\s*</script>', re.IGNORECASE
    )
    link_tag = re.compile(
        r'<link[^>]*href="' + re.escape(LEAFLET_CSS) + r'"[^>]*/?>', re.IGNORECASE
    )
    if not script_tag.search(page) or not link_tag.search(page):
        raise ValueError("Deze kaart verwijst niet naar de lokale Leaflet.")
    page = script_tag.sub(lambda _m: f"<script>{script}</script>", page, count=1)
    page = link_tag.sub(lambda _m: f"<style>{style}</style>", page, count=1)
    head = f"<title>{html.escape(title)}</title>"
    return page.replace("<head>", "<head>\n    " + head, 1)


def external_assets(page: str) -> list[str]:
    """Every ``<script src>`` and ``<link href>`` that would load from another host.

    Paths on this server (``/app/static/…``, ``static/…``) and inline ``data:`` URLs are local;
    anything with a host (``https://…``, ``//cdn…``) is not.
    """
    found = re.findall(r'<script[^>]*\ssrc=["\']([^"\']*)', page, flags=re.IGNORECASE)
    found += re.findall(r'<link[^>]*\shref=["\']([^"\']*)', page, flags=re.IGNORECASE)
    return [url for url in found if _EXTERNAL.match(url.strip())]


@dataclass
class ProfileSection:
    """One domain of the printable profile: a heading and rows of (indicator, columns...)."""

    title: str
    table: pd.DataFrame
    note: str = ""


@dataclass
class PrintableProfile:
    """What the printable profile page shows, in Dutch, already formatted as text."""

    name: str
    subtitle: str
    sections: list[ProfileSection] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    demo: bool = False


_PRINT_CSS = """
  @page { size: A4; margin: 16mm 14mm; }
  body { font: 11pt/1.4 "Source Sans Pro", system-ui, sans-serif; color: #111; margin: 24px; }
  h1 { font-size: 20pt; margin: 0 0 2px; }
  h2 { font-size: 13pt; margin: 18px 0 6px; border-bottom: 2px solid #1f4e79; }
  .sub { color: #444; margin: 0 0 12px; }
  .demo { display: inline-block; background: #fde68a; padding: 1px 8px; border-radius: 4px; }
  .cols { display: flex; gap: 24px; }
  .cols > div { flex: 1; }
  table { border-collapse: collapse; width: 100%; font-size: 10pt; }
  th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid #ccc; vertical-align: top; }
  th { background: #eef2f7; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  section, table, tr { page-break-inside: avoid; break-inside: avoid; }
  .note, footer { color: #555; font-size: 9pt; }
  footer { margin-top: 18px; border-top: 1px solid #ccc; padding-top: 4px; }
  @media print { body { margin: 0; } .noprint { display: none; } }
"""


def profile_html(profile: PrintableProfile) -> str:
    """A printable HTML page (A4, print CSS) of one area's profile; every text is escaped."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Wijkprofiel {esc(profile.name)}</title>",
        f"<style>{_PRINT_CSS}</style></head><body>",
        f"<h1>{esc(profile.name)}</h1>",
        f'<p class="sub">{esc(profile.subtitle)}'
        + (f' <span class="demo">{esc(DEMO_LABEL)}</span>' if profile.demo else "")
        + "</p>",
        '<p class="noprint"><button onclick="window.print()">Afdrukken</button></p>',
        '<div class="cols">',
        _list_block("Wat gaat goed", profile.strengths, "Geen indicatoren duidelijk beter."),
        _list_block("Aandachtspunten", profile.concerns, "Geen indicatoren duidelijk slechter."),
        "</div>",
    ]
    parts.extend(f'<p class="note">{esc(r)}</p>' for r in profile.remarks)
    for section in profile.sections:
        parts.append(f"<section><h2>{esc(section.title)}</h2>")
        parts.append(_table(section.table))
        if section.note:
            parts.append(f'<p class="note">{esc(section.note)}</p>')
        parts.append("</section>")
    parts.append(f"<footer>{esc(ATTRIBUTION)} · Urgentiekaart · {date.today():%d-%m-%Y}</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _list_block(title: str, items: Iterable[str], empty: str) -> str:
    rows = "".join(f"<li>{html.escape(i)}</li>" for i in items) or f"<li>{html.escape(empty)}</li>"
    return f"<div><h2>{html.escape(title)}</h2><ul>{rows}</ul></div>"


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for value in row:
            text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else value
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            css = ' class="num"' if numeric else ""
            cells.append(f"<td{css}>{html.escape(str(text))}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
