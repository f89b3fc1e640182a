"""What a resident sees of their own wijk: a few figures in words, and themes without people.

Rules of the resident view (Mijn wijk):

- plain Dutch (B1): a figure is followed by a comparison in words ("meer dan gemiddeld in de
  gemeente"), never by a judgement of the wijk ("slechter", "probleem");
- what neighbours and professionals say appears only as counts of distinct respondents per
  domain, hidden below k with complementary suppression (:mod:`urgentie.analysis.disclosure`);
  never a note text, never a count that identifies someone;
- strengths ("wat goed gaat") come first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from urgentie.analysis.disclosure import TOTAL, Suppressed, suppress
from urgentie.analysis.profile import compare_in_words, profile_table, strengths
from urgentie.analysis.reference import aggregation
from urgentie.analysis.thresholds import K_ANONYMITY
from urgentie.domains import DOMAINS, domain_label
from urgentie.indicators import BY_KEY
from urgentie.numbers import format_value, is_missing, round_half_up
from urgentie.store.latest import older_text

RESIDENT_INDICATORS: tuple[str, ...] = (
    "pct_0_14",
    "pct_65plus",
    "pct_eenpersoons",
    "pct_hh_laag_inkomen",
    "arbeidsparticipatie",
    "pct_koopwoningen",
    "wmo_per_1000",
    "afstand_huisarts",
    "afstand_supermarkt",
    "afstand_school",
)
"""The figures the resident page shows first: familiar subjects, each with a B1 wording."""

RESIDENT_SPARE: tuple[str, ...] = (
    "pct_15_24",
    "misdrijven_per_1000",
    "pct_eenzaam",
    "pct_gezondheid_goed",
    "pct_moeite_rondkomen",
    "pct_vrijwilligerswerk",
    "woz_waarde",
    "pct_corporatiewoningen",
    "inkomen_per_inwoner",
    "pct_hh_met_kinderen",
)
"""Figures that take the place of a first-choice figure that has no value (a first CBS release
has population only): a resident sees figures that exist, not a list of "geheim of onbekend"."""

MAX_UNKNOWN = 2
"""At most this many resident figures read "geheim of onbekend" (the rest are replaced)."""

STIGMATISING_WORDS: tuple[str, ...] = (
    "probleem",
    "achterstand",
    "slecht",
    "kansarm",
    "zwak",
    "aandachtswijk",
    "krachtwijk",
    "prachtwijk",
    "risico",
    "verloederd",
    "onveilige wijk",
)
"""Words the resident view never uses about a wijk: they label people, not situations."""

PERSPECTIVE_COLUMNS = {"bewoner": "Bewoners", "professional": "Professionals"}
SAMEN = "Samen"


@dataclass(frozen=True)
class Fact:
    """One figure for residents: what, how much, and compared with the gemeente in words."""

    key: str
    label: str
    value_text: str
    """The figure with its unit and, when older than the view's year, "(cijfers van 2022)"."""
    comparison: str


def wijk_profile(area_code: str, areas: pd.DataFrame) -> pd.DataFrame:
    """The profile of one area against its gemeente (no other years, no national figures):
    what the resident page's figures and "wat goed gaat" both read.

    ``areas`` is the canonical table of the gemeente-year (all levels).
    """
    jaar = int(areas["jaar"].iloc[0])
    return profile_table(area_code, {jaar: areas}, None)


def resident_facts(
    area_code: str, areas: pd.DataFrame, profile: pd.DataFrame | None = None
) -> list[Fact]:
    """The resident figures of one area, compared with the gemeente in plain words.

    ``areas`` is the canonical table of the gemeente-year (all levels); ``profile`` its
    :func:`wijk_profile` when already computed. Comparisons are descriptive ("meer dan
    gemiddeld"), never judgements, so the page does not label the wijk.
    """
    if profile is None:
        profile = wijk_profile(area_code, areas)
    jaar = int(profile.attrs.get("jaar") or areas["jaar"].max())
    profile = profile.set_index("indicator")
    return [_fact(key, profile.loc[key], jaar) for key in resident_keys(profile)]


def resident_keys(profile: pd.DataFrame) -> list[str]:
    """Which figures the resident page shows, in order: the first choices that have a value,
    spares for those that have none, and at most :data:`MAX_UNKNOWN` unknown first choices
    (so it stays visible that, say, income is not yet published)."""
    known = [k for k in profile.index if not pd.isna(profile.at[k, "value"])]
    first = [k for k in RESIDENT_INDICATORS if k in profile.index]
    shown = [k for k in first if k in known]
    spares = [k for k in RESIDENT_SPARE if k in known and k not in shown]
    shown += spares[: max(0, len(first) - len(shown))]
    unknown = [k for k in first if k not in known][:MAX_UNKNOWN]
    order = {k: i for i, k in enumerate((*RESIDENT_INDICATORS, *RESIDENT_SPARE))}
    return sorted(shown, key=order.__getitem__) + unknown


def _fact(key: str, row: pd.Series, jaar: int) -> Fact:
    ind = BY_KEY[key]
    text = ind.plain or ind.label
    label = text[:1].upper() + text[1:]  # keep "Wmo", "WW" as written
    decimals = min(ind.decimals, 1)
    value = format_value(row["value"], ind.unit, decimals)
    older = older_text(row.get("peiljaar"), jaar)
    # A count or a category code is never "more than average" (its gemeente value is a total).
    comparable = aggregation(key) not in {"som", "categorie"}
    return Fact(
        key=key,
        label=label,
        value_text=f"{value} ({older})" if older else value,
        # Compared as shown: two figures that read the same are never "meer".
        comparison=(
            compare_in_words(_shown(row["value"], decimals), _shown(row["gemeente"], decimals))
            if comparable
            else ""
        ),
    )


def _shown(value: object, decimals: int) -> float:
    """``value`` rounded as the page shows it (NaN stays NaN)."""
    return math.nan if is_missing(value) else round_half_up(float(value), decimals)


DISTANCE_TO = "afstand tot "


def plain_strength(plain: str, direction: str) -> str:
    """A strength in B1 Dutch: "Minder huishoudens met een laag inkomen dan gemiddeld in de
    gemeente." (``plain`` is the indicator's resident wording, ``direction`` its direction)."""
    place = plain.removeprefix(DISTANCE_TO)
    if place != plain:  # "minder afstand tot de huisarts" is not how people say it
        return f"{place[:1].upper()}{place[1:]} is dichterbij dan gemiddeld in de gemeente."
    word = "Minder" if direction == "hoger_slechter" else "Meer"
    return f"{word} {plain} dan gemiddeld in de gemeente."


def good_things(profile: pd.DataFrame, tone: Mapping[str, str], limit: int = 4) -> list[str]:
    """What goes well, first on the resident page: figures clearly better than the gemeente
    (those with a resident wording), then the domains neighbours and professionals mostly
    speak positively about (``tone`` of :func:`themes`)."""
    lines = []
    for key in strengths(profile, limit=limit).get("indicator", pd.Series(dtype=str)):
        indicator = BY_KEY[key]
        # Context (how people live: alone, divorced, widowed) is never something that goes well.
        if indicator.plain and indicator.scored:
            lines.append(plain_strength(indicator.plain, indicator.direction))
    for domain, word in tone.items():
        if word == "vooral wat goed gaat":
            lines.append(
                f"Over {domain_label(domain).lower()} zijn buren en professionals vooral positief."
            )
    return lines


def name_options(areas: pd.DataFrame) -> dict[str, str]:
    """Label → wijk code for the resident's search by name, wijken by name first; a buurt
    points to its wijk ("Rozenhof (buurt in Bloemenbuurt)"), so a buurt name also finds it.
    A buurt named like its wijk adds nothing."""
    wijken = areas[areas["niveau"] == "wijk"].sort_values("naam")
    options = {str(row.naam): str(row.code) for row in wijken.itertuples()}
    wijk_names = dict(zip(wijken["code"], wijken["naam"], strict=True))
    for row in areas[areas["niveau"] == "buurt"].sort_values("naam").itertuples():
        wijk = wijk_names.get(row.wijk_code)
        if wijk and row.naam != wijk:
            options.setdefault(f"{row.naam} (buurt in {wijk})", str(row.wijk_code))
    return options


def normalise_postcode(text: str) -> str | None:
    """The four digits of a Dutch postcode (``"9912 ab"`` → ``"9912"``), or None."""
    match = re.fullmatch(r"\s*([1-9]\d{3})\s*([A-Za-z]{2})?\s*", text or "")
    return match.group(1) if match else None


def find_by_postcode(areas: pd.DataFrame, text: str) -> pd.DataFrame:
    """Buurten whose most common postcode (CBS ``meest voorkomende postcode``) matches.

    CBS publishes one postcode per buurt, so a postcode finds the buurt where it is most common;
    the caller shows the buurt's wijk. Empty when nothing matches.
    """
    digits = normalise_postcode(text)
    if digits is None or "postcode" not in areas.columns:
        return areas.iloc[0:0]
    postcodes = areas["postcode"].astype("string").str.strip().str[:4]
    return areas[(areas["niveau"] == "buurt") & (postcodes == digits)]


MENTION_COLUMNS = ("respondent", "area_code", "domain", "perspective", "polarity")


def theme_counts(mentions: pd.DataFrame, area_codes: list[str]) -> pd.DataFrame:
    """Distinct respondents per domain (rows) and perspective (columns) in the given areas."""
    part = mentions[
        mentions["area_code"].isin(area_codes)
        & mentions["perspective"].isin(list(PERSPECTIVE_COLUMNS))
    ]
    counts = (
        part.groupby(["domain", "perspective"])["respondent"]
        .nunique()
        .unstack(fill_value=0)
        .reindex(index=[d.key for d in DOMAINS], columns=list(PERSPECTIVE_COLUMNS), fill_value=0)
    )
    return counts.fillna(0).astype(int)


@dataclass
class ThemeTable:
    """Suppressed theme counts of one area, ready for the resident page."""

    table: Suppressed
    tone: dict[str, str]
    """Per domain label: "vooral zorgen", "vooral wat goed gaat" or "gemengd" (shown rows only)."""

    def display(self) -> pd.DataFrame:
        shown = self.table.display(hidden_text=f"minder dan {int(K_ANONYMITY.value)}")
        shown = shown.rename(columns={**PERSPECTIVE_COLUMNS, TOTAL: SAMEN})
        shown.insert(0, "Domein", [domain_label(d) for d in shown.index])
        shown["Wat overheerst"] = [self.tone.get(d, "") for d in shown.index]
        # The total and the tone first: on a phone only the first columns fit without scrolling,
        # and per perspective most cells read "minder dan 5".
        first = ["Domein", SAMEN, "Wat overheerst"]
        shown = shown[first + [c for c in shown.columns if c not in first]]
        return shown.reset_index(drop=True)


def themes(mentions: pd.DataFrame, area_codes: list[str], k: int | None = None) -> ThemeTable:
    """What bewoners and professionals raise per domain, as suppressed counts plus a tone.

    ``mentions`` has :data:`MENTION_COLUMNS`: one row per coded mention (a note's domain and
    polarity ``zorg``/``kracht``). The row total ("Samen") is a true sum, since a respondent has
    one perspective; so suppression protects it. The tone is only given for rows whose total is
    shown, and then only when one side clearly outweighs the other.
    """
    counts = theme_counts(mentions, area_codes)
    table = suppress(counts, k=k, margins="rows")
    tone: dict[str, str] = {}
    part = mentions[mentions["area_code"].isin(area_codes)]
    for domain in counts.index:
        if table.hidden.at[domain, TOTAL]:
            continue
        by_polarity = part[part["domain"] == domain].groupby("polarity")["respondent"].nunique()
        zorg, kracht = int(by_polarity.get("zorg", 0)), int(by_polarity.get("kracht", 0))
        if zorg >= 2 * max(kracht, 1):
            tone[domain] = "vooral zorgen"
        elif kracht >= 2 * max(zorg, 1):
            tone[domain] = "vooral wat goed gaat"
        elif zorg or kracht:
            tone[domain] = "gemengd"
    return ThemeTable(table=table, tone=tone)
