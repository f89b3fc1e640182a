"""The wijkprofiel as tables and sentences: from ``analysis.profile`` output to what pages show.

``urgentie.analysis.profile.profile_table`` computes, per indicator, the area's value against the
gemeente, the Netherlands and earlier years. This module gives that table fixed column names
(:data:`COLUMNS`), formats it in Dutch for the screen and for export, and turns it into the
printable page of :mod:`urgentie.exports`. No Streamlit here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from urgentie.analysis.reference import aggregation, category_label, is_categorical
from urgentie.canonical import MISSING_LABEL
from urgentie.domains import DOMAIN_KEYS, domain_label
from urgentie.exports import PrintableProfile, ProfileSection
from urgentie.indicators import BY_KEY
from urgentie.numbers import format_value
from urgentie.store.latest import older_text

COLUMNS = (
    "indicator",
    "label",
    "domain",
    "unit",
    "direction",
    "value",
    "gemeente",
    "nederland",
    "verschil",
    "grens_gewijzigd",
    "peiljaar",
    "gemeente_bron",
)
"""Normalised columns; earlier years follow as integer-named columns (``2022``, ``2023``)."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicator", "key", "indicator_key"),
    "label": ("label", "indicator_label", "naam"),
    "domain": ("domain", "domein"),
    "unit": ("unit", "eenheid"),
    "direction": ("direction", "richting"),
    "value": ("value", "waarde"),
    "gemeente": (
        "gemeente",
        "gemeente_mean",
        "gemeente_gemiddelde",
        "gemiddelde_gemeente",
        "gemeente_value",
        "mean_gemeente",
    ),
    "nederland": ("nederland", "nl", "nl_value", "national", "nederland_value", "nl_mean"),
    "verschil": ("verschil", "verschil_tekst", "verschil_in_woorden", "in_words", "compare"),
    "grens_gewijzigd": (
        "grens_gewijzigd",
        "boundary_changed",
        "boundary_change",
        "indeling_gewijzigd",
    ),
    "peiljaar": ("peiljaar",),
    "gemeente_bron": ("gemeente_bron",),
}
_YEAR = re.compile(r"^(?:jaar_|value_|waarde_)?(\d{4})$")


def normalise(table: pd.DataFrame) -> pd.DataFrame:
    """The analysis table with the column names of :data:`COLUMNS` and int year columns.

    Missing columns are added empty, so the page works with whatever the analysis provides;
    label, unit, domain and direction are completed from the indicator catalogue.
    """
    out = pd.DataFrame(index=table.index)
    lower = {str(c).lower(): c for c in table.columns}
    for name, candidates in _ALIASES.items():
        found = next((lower[c] for c in candidates if c in lower), None)
        out[name] = table[found] if found is not None else np.nan
    for column in table.columns:
        match = _YEAR.match(str(column))
        if match:
            out[int(match.group(1))] = pd.to_numeric(table[column], errors="coerce")
    keys = out["indicator"].astype(str)
    for name, attribute in (
        ("label", "label"),
        ("unit", "unit"),
        ("domain", "domain"),
        ("direction", "direction"),
    ):
        catalogue = keys.map(lambda k, a=attribute: getattr(BY_KEY[k], a) if k in BY_KEY else None)
        out[name] = out[name].where(out[name].notna(), catalogue)
    for name in ("value", "gemeente", "nederland", "peiljaar"):
        out[name] = pd.to_numeric(out[name], errors="coerce")
    out["gemeente_bron"] = ["" if pd.isna(v) else str(v) for v in out["gemeente_bron"]]
    out.attrs.update(table.attrs)
    out["grens_gewijzigd"] = [bool(v) if not pd.isna(v) else False for v in out["grens_gewijzigd"]]
    out["verschil"] = ["" if pd.isna(v) else str(v) for v in out["verschil"]]
    return out.reset_index(drop=True)


def year_columns(table: pd.DataFrame) -> list[int]:
    """The earlier years in a normalised table, ascending."""
    return sorted(c for c in table.columns if isinstance(c, int))


def fmt(key: str, value: object) -> str:
    """A value of indicator ``key`` in Dutch with its unit ("geheim of onbekend" when NaN)."""
    indicator = BY_KEY.get(key)
    if indicator is None:
        return MISSING_LABEL if value is None or pd.isna(value) else str(value)
    if is_categorical(key):
        # A code is a category (stedelijkheid 1 = zeer sterk stedelijk), never a number.
        return category_label(key, value) or MISSING_LABEL
    return format_value(value, indicator.unit, indicator.decimals)


def with_year(text: str, peiljaar: object, jaar: object) -> str:
    """``12 % (cijfers van 2022)`` when the figure is older than the view's year."""
    try:
        older = older_text(peiljaar, int(jaar))  # type: ignore[call-overload]
    except (TypeError, ValueError):
        older = ""
    return f"{text} ({older})" if older else text


EXPLAIN_HEADERS = ("Indicator", "Waarde", "Gemiddelde", "z-score", "Gewicht")


def explain_table(
    table: pd.DataFrame,
    *,
    with_domain: bool = False,
    gemeente: dict[str, float] | None = None,
) -> pd.DataFrame:
    """``urgentie.analysis.scores.explain`` output as the Dutch table the pages show.

    Values and reference means are text with their unit (an indicator) or a signed score (a
    domain row of the composite, ``+0,72``); z-score and weight stay numbers, so the table sorts.
    ``with_domain`` adds the domain as the first column (the composite's indicator list).
    ``gemeente`` (from :func:`urgentie.analysis.reference.gemeente_references`) adds the
    gemeente value every page shows; "Gemiddelde" is the plain mean of the compared areas that
    the z-score is measured from.
    """
    headers = ["Domein", *EXPLAIN_HEADERS] if with_domain else list(EXPLAIN_HEADERS)
    if gemeente is not None:
        headers.insert(headers.index("Gemiddelde"), "Gemeente")
    if table.empty:
        return pd.DataFrame(columns=headers)

    def text(key: object, value: object) -> str:
        key = str(key)
        return fmt(key, value) if key in BY_KEY else format_value(value, "z-score", 2)

    keys = table["indicator"].tolist()
    z = table["z_adjusted"] if "z_adjusted" in table else table["z"]
    frame = pd.DataFrame(
        {
            "Domein": table["domain"].map(domain_label),
            "Indicator": table["label"].astype(str),
            "Waarde": [text(k, v) for k, v in zip(keys, table["value"], strict=True)],
            "Gemeente": [
                fmt(str(k), (gemeente or {}).get(str(k))) if str(k) in BY_KEY else "" for k in keys
            ],
            "Gemiddelde": [text(k, v) for k, v in zip(keys, table["reference_mean"], strict=True)],
            "z-score": pd.to_numeric(z, errors="coerce"),
            "Gewicht": pd.to_numeric(table["weight"], errors="coerce"),
        }
    )
    frame = frame[headers]
    if not with_domain and not any(str(k) in BY_KEY for k in keys):
        # The composite's rows are domains: the column says so.
        frame = frame.rename(columns={"Indicator": "Domein"})
    return frame


def display_table(table: pd.DataFrame, *, national: bool) -> pd.DataFrame:
    """One domain's rows as the Dutch table shown and exported (values with units)."""
    keys = table["indicator"].astype(str).tolist()

    def texts(column: object) -> list[str]:
        return [fmt(k, v) for k, v in zip(keys, table[column], strict=True)]

    jaar = table.attrs.get("jaar")
    own = [
        with_year(t, p, jaar)
        for t, p in zip(texts("value"), table.get("peiljaar", [None] * len(keys)), strict=True)
    ]
    frame = pd.DataFrame(
        {
            "Indicator": table["label"].astype(str),
            "Dit gebied": own,
            "Gemeente": texts("gemeente"),
        }
    )
    if national:
        frame["Nederland"] = texts("nederland")
    for year in year_columns(table):
        frame[str(year)] = texts(year)
    frame["Vergeleken met de gemeente"] = table["verschil"].replace("", "—").to_numpy()
    return frame


def export_table(table: pd.DataFrame) -> pd.DataFrame:
    """The whole profile for CSV/Excel: numbers stay numbers, one row per indicator."""
    years = year_columns(table)
    frame = pd.DataFrame(
        {
            "Domein": [domain_label(d) if isinstance(d, str) else "" for d in table["domain"]],
            "Indicator": table["label"].astype(str),
            "Eenheid": table["unit"].astype(str),
            "Dit gebied": table["value"],
            "Peiljaar": table["peiljaar"].astype("Int64")
            if "peiljaar" in table
            else pd.Series(pd.NA, index=table.index, dtype="Int64"),
            "Gemeente": table["gemeente"],
            "Gemeente (bron)": table.get("gemeente_bron", ""),
            "Nederland": table["nederland"],
        }
    )
    for year in years:
        frame[str(year)] = table[year]
    frame["Vergeleken met de gemeente"] = table["verschil"]
    frame["Grens gewijzigd"] = np.where(table["grens_gewijzigd"], "ja", "")
    return frame


def bar_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows that may be drawn as bars beside the gemeente: not a category code (stedelijkheid
    is a class, not an amount) and not a count (the gemeente value is a total)."""
    keys = table["indicator"].astype(str)
    return table[keys.map(lambda k: aggregation(k) not in {"som", "categorie"})]


def trend_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows that may be drawn as a line through the years: never a category code."""
    return table[~table["indicator"].astype(str).map(is_categorical)]


def domains_in(table: pd.DataFrame) -> list[str]:
    """Domains with at least one known value, in the manifest's order (context last)."""
    order = [*DOMAIN_KEYS, "context"]
    known = table[table["value"].notna()]["domain"].astype(str).unique()
    return [d for d in order if d in set(known)]


def sentence(row: pd.Series) -> str:
    """ "Label: waarde (gemeente …) — verschil", the line used in strengths and concerns."""
    key = str(row["indicator"])
    text = f"{row['label']}: {fmt(key, row['value'])} (gemeente {fmt(key, row['gemeente'])})"
    return f"{text} — {row['verschil']}" if row.get("verschil") else text


def lines(rows: pd.DataFrame | Sequence[str] | None, table: pd.DataFrame) -> list[str]:
    """Sentences for strengths or concerns, whatever shape the analysis returned them in.

    Accepts a frame with an indicator column (looked up in the normalised ``table``), a list of
    indicator keys, or a list of ready sentences.
    """
    if rows is None:
        return []
    by_key = table.set_index(table["indicator"].astype(str))
    if isinstance(rows, pd.DataFrame):
        keys = rows[next(c for c in rows.columns if str(c).lower() in {"indicator", "key"})]
        return [sentence(by_key.loc[str(k)]) for k in keys if str(k) in by_key.index]
    out = []
    for item in rows:
        out.append(sentence(by_key.loc[str(item)]) if str(item) in by_key.index else str(item))
    return out


def printable(
    name: str,
    subtitle: str,
    table: pd.DataFrame,
    strengths: list[str],
    concerns: list[str],
    *,
    national: bool,
    demo: bool,
    remarks: Sequence[str] = (),
) -> PrintableProfile:
    """The printable page (see :func:`urgentie.exports.profile_html`) of one profile."""
    sections = [
        ProfileSection(
            domain_label(d), display_table(table[table["domain"] == d], national=national)
        )
        for d in domains_in(table)
    ]
    return PrintableProfile(
        name=name,
        subtitle=subtitle,
        sections=sections,
        strengths=strengths,
        concerns=concerns,
        remarks=list(remarks),
        demo=demo,
    )
