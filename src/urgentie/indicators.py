"""The indicator catalogue: one declared list, documented in ``docs/indicatoren.md``.

Each indicator has a canonical, year-independent key and says how to find it in each CBS source:

- ``odata``: the *base name* of the StatLine key (``AantalInwoners`` for ``AantalInwoners_5``);
  the numeric suffix is the column position and changes every year, so keys are resolved per
  table from its DataProperties (see :func:`resolve_odata_keys`);
- ``kwb``: the short column name in the KWB Excel download (``a_inw``);
- ``gpkg``: the snake_case attribute in the Wijk- en buurtkaart GeoPackage (``aantal_inwoners``);
- ``wfs``: the camelCase attribute in the PDOK WFS (``aantalInwoners``).

Where a source publishes a count and the indicator is a share, the spec is a :class:`Ratio`.
Sources disagree on units (the GeoPackage has age *percentages*, StatLine age *counts*), so a ratio
brings every source to the same unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from urgentie.domains import CONTEXT, DOMAIN_KEYS

Direction = Literal["hoger_slechter", "hoger_beter", "neutraal"]
SOURCES: tuple[str, ...] = ("odata", "kwb", "gpkg", "wfs")


@dataclass(frozen=True)
class Ratio:
    """``scale * numerator / sum(denominator)``: a share computed from counts.

    ``denominator`` is a tuple because some shares divide by a sum (opleidingsniveau laag over
    the three levels together).
    """

    numerator: str
    denominator: tuple[str, ...]
    scale: float = 100.0

    def columns(self) -> tuple[str, ...]:
        return (self.numerator, *self.denominator)


Spec = str | Ratio | None


@dataclass(frozen=True)
class Indicator:
    """One indicator: canonical key, Dutch label, unit, domain, direction and source names."""

    key: str
    label: str
    unit: str
    domain: str
    direction: Direction
    odata: Spec
    kwb: Spec
    gpkg: Spec
    wfs: Spec = None
    theme: str = ""
    description: str = ""
    decimals: int = 1
    plain: str = ""
    """B1-level wording for residents ("mensen met een laag inkomen")."""
    extra: Mapping[str, Spec] = field(default_factory=dict)
    table: str = ""
    """The third-party CBS table the indicator comes from (``47018NED`` police,
    ``50120NED`` RIVM); empty for the Kerncijfers wijken en buurten, which every file and
    live source of the KWB carries. For a third-party table ``odata`` names its measure."""
    codes: tuple[str, ...] = ()
    """For the police table: the ``SoortMisdrijf`` codes whose counts are summed."""
    estimate: bool = False
    """A model estimate (RIVM small-area estimates), not a count: pages say so."""

    @property
    def third_party(self) -> bool:
        return bool(self.table)

    def spec(self, source: str) -> Spec:
        """The spec for ``source``; the WFS name defaults to the camelCase GeoPackage name.

        None for every Kerncijfers source when the indicator comes from a third-party table
        (its measure is in ``odata``, read by :mod:`urgentie.sources.thirdparty`)."""
        if self.third_party:
            return None
        if source == "wfs" and self.wfs is None:
            return _camel_spec(self.gpkg)
        return getattr(self, source)

    @property
    def scored(self) -> bool:
        """Whether the indicator enters urgency scores (context and neutral ones do not)."""
        return self.direction != "neutraal" and self.domain != CONTEXT.key

    def worse_sign(self) -> int:
        """+1 when a higher value is worse, -1 when higher is better, 0 when neutral."""
        return {"hoger_slechter": 1, "hoger_beter": -1, "neutraal": 0}[self.direction]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _camel_spec(spec: Spec) -> Spec:
    if spec is None:
        return None
    if isinstance(spec, Ratio):
        return Ratio(_camel(spec.numerator), tuple(_camel(d) for d in spec.denominator), spec.scale)
    return _camel(spec)


def _per(inwoners_count: str, total: str, scale: float = 100.0) -> Ratio:
    return Ratio(inwoners_count, (total,), scale)


POLITIE_TABLE = "47018NED"
"""Politie, *Geregistreerde misdrijven; soort misdrijf, wijk en buurt, jaarcijfers* (CBS
third-party OData on dataderden.cbs.nl): measure ``GeregistreerdeMisdrijven_1`` per
``SoortMisdrijf`` code, ``WijkenEnBuurten`` and ``Perioden`` (``2023JJ00``)."""
RIVM_TABLE = "50120NED"
"""RIVM/GGD, *Gezondheid per wijk en buurt* (Gezondheidsmonitor Volwassenen en Ouderen, small
area estimates, CBS third-party OData): percentages of adults (18+, ``Leeftijd`` ``20300``,
``Marges`` ``MW00000`` = the estimate itself) per ``WijkenEnBuurten`` and survey year."""

_GEWELD = ("1.4.1", "1.4.2", "1.4.3", "1.4.4", "1.4.5", "1.4.6", "1.4.7")


def _politie(key: str, label: str, codes: tuple[str, ...], plain: str, what: str) -> Indicator:
    return Indicator(
        key,
        label,
        "per 1 000 inwoners",
        "veiligheid",
        "hoger_slechter",
        "GeregistreerdeMisdrijven",
        None,
        None,
        None,
        theme="Geregistreerde misdrijven",
        plain=plain,
        description=f"{what} die de politie registreerde in het jaar, per 1 000 inwoners "
        "(inwoners op 1 januari van hetzelfde jaar uit de Kerncijfers). Geregistreerd is niet "
        "hetzelfde als gepleegd: aangiftebereidheid en toezicht tellen mee.",
        table=POLITIE_TABLE,
        codes=codes,
    )


def _rivm(
    key: str, label: str, domain: str, *, direction: Direction, measure: str, plain: str, what: str
) -> Indicator:
    return Indicator(
        key,
        label,
        "%",
        domain,
        direction,
        measure,
        None,
        None,
        None,
        theme="Gezondheidsmonitor (RIVM/GGD)",
        decimals=0,
        plain=plain,
        description=f"{what} Percentage van de volwassenen (18 jaar en ouder); een "
        "modelschatting van het RIVM uit de Gezondheidsmonitor van GGD'en, CBS en RIVM, geen "
        "telling. Het jaar is het jaar van de enquête.",
        table=RIVM_TABLE,
        estimate=True,
    )


_OPL_ODATA = ("BasisonderwijsVmboMbo1", "HavoVwoMbo24", "HboWo")
_OPL_KWB = ("a_opl_lg", "a_opl_md", "a_opl_hg")
_OPL_GPKG = ("opleidingsniveau_laag", "opleidingsniveau_middelbaar", "opleidingsniveau_hoog")

INDICATORS: tuple[Indicator, ...] = (
    # --- population context ----------------------------------------------------------------------
    Indicator(
        "inwoners",
        "Aantal inwoners",
        "aantal",
        "context",
        "neutraal",
        "AantalInwoners",
        "a_inw",
        "aantal_inwoners",
        "aantalInwoners",
        theme="Bevolking",
        decimals=0,
        plain="inwoners",
        description="Inwoners op 1 januari; wijken en buurten afgerond op vijftallen.",
    ),
    Indicator(
        "huishoudens",
        "Aantal huishoudens",
        "aantal",
        "context",
        "neutraal",
        "HuishoudensTotaal",
        "a_hh",
        "aantal_huishoudens",
        "aantalHuishoudens",
        theme="Bevolking",
        decimals=0,
        plain="huishoudens",
    ),
    Indicator(
        "bevolkingsdichtheid",
        "Bevolkingsdichtheid",
        "inwoners per km²",
        "context",
        "neutraal",
        "Bevolkingsdichtheid",
        "bev_dich",
        "bevolkingsdichtheid_inwoners_per_km2",
        "bevolkingsdichtheidInwonersPerKm2",
        theme="Bevolking",
        decimals=0,
        plain="inwoners per vierkante kilometer",
    ),
    Indicator(
        "pct_15_24",
        "Jongeren 15 tot 25 jaar",
        "%",
        "context",
        "neutraal",
        _per("k_15Tot25Jaar", "AantalInwoners"),
        _per("a_15_24", "a_inw"),
        "percentage_personen_15_tot_25_jaar",
        "percentagePersonen15Tot25Jaar",
        theme="Leeftijd",
        decimals=0,
        plain="jongeren (15 tot 25 jaar)",
    ),
    Indicator(
        "pct_65plus",
        "Inwoners van 65 jaar of ouder",
        "%",
        "context",
        "neutraal",
        _per("k_65JaarOfOuder", "AantalInwoners"),
        _per("a_65_oo", "a_inw"),
        "percentage_personen_65_jaar_en_ouder",
        "percentagePersonen65JaarEnOuder",
        theme="Leeftijd",
        decimals=0,
        plain="ouderen (65 jaar of ouder)",
    ),
    Indicator(
        "stedelijkheid",
        "Mate van stedelijkheid",
        "code 1 (zeer sterk) – 5 (niet)",
        "context",
        "neutraal",
        "MateVanStedelijkheid",
        "ste_mvs",
        "stedelijkheid_adressen_per_km2",
        "stedelijkheidAdressenPerKm2",
        theme="Stedelijkheid",
        decimals=0,
        description="1 = zeer sterk stedelijk (2 500 of meer adressen per km²), "
        "5 = niet stedelijk.",
    ),
    Indicator(
        "omgevingsadressendichtheid",
        "Omgevingsadressendichtheid",
        "adressen per km²",
        "context",
        "neutraal",
        "Omgevingsadressendichtheid",
        "ste_oad",
        "omgevingsadressendichtheid",
        theme="Stedelijkheid",
        decimals=0,
    ),
    # --- opvoeding en jeugd ----------------------------------------------------------------------
    Indicator(
        "pct_jeugdzorg",
        "Jongeren met jeugdzorg",
        "%",
        "opvoeding",
        "hoger_slechter",
        "PercentageJongerenMetJeugdzorg",
        "p_jz_tn",
        "percentage_jongeren_met_jeugdzorg_in_natura",
        theme="Jeugdzorg",
        plain="jongeren die jeugdhulp krijgen",
        description="Percentage jongeren tot 18 jaar met jeugdzorg in natura.",
    ),
    Indicator(
        "pct_0_14",
        "Kinderen tot 15 jaar",
        "%",
        "opvoeding",
        "neutraal",
        _per("k_0Tot15Jaar", "AantalInwoners"),
        _per("a_00_14", "a_inw"),
        "percentage_personen_0_tot_15_jaar",
        "percentagePersonen0Tot15Jaar",
        theme="Leeftijd",
        decimals=0,
        plain="kinderen (tot 15 jaar)",
    ),
    Indicator(
        "pct_hh_met_kinderen",
        "Huishoudens met kinderen",
        "%",
        "context",
        "neutraal",
        _per("HuishoudensMetKinderen", "HuishoudensTotaal"),
        _per("a_hh_m_k", "a_hh"),
        "percentage_huishoudens_met_kinderen",
        theme="Huishoudens",
        decimals=0,
        plain="gezinnen met kinderen",
    ),
    Indicator(
        "afstand_kinderdagverblijf",
        "Afstand tot kinderdagverblijf",
        "km",
        "opvoeding",
        "hoger_slechter",
        "AfstandTotKinderdagverblijf",
        "g_afs_kv",
        "kinderdagverblijf_gemiddelde_afstand_in_km",
        theme="Nabijheid voorzieningen",
        plain="afstand tot de kinderopvang",
    ),
    # --- scholing --------------------------------------------------------------------------------
    Indicator(
        "pct_opleiding_laag",
        "Laag opgeleid",
        "%",
        "scholing",
        "hoger_slechter",
        Ratio("BasisonderwijsVmboMbo1", _OPL_ODATA),
        Ratio("a_opl_lg", _OPL_KWB),
        Ratio("opleidingsniveau_laag", _OPL_GPKG),
        theme="Opleidingsniveau",
        decimals=0,
        plain="mensen met weinig opleiding",
        description="Basisonderwijs, vmbo of mbo-1 als hoogst behaalde opleiding, als aandeel "
        "van de inwoners van 15 tot 75 jaar met een bekend opleidingsniveau.",
    ),
    Indicator(
        "pct_opleiding_hoog",
        "Hoog opgeleid",
        "%",
        "scholing",
        "hoger_beter",
        Ratio("HboWo", _OPL_ODATA),
        Ratio("a_opl_hg", _OPL_KWB),
        Ratio("opleidingsniveau_hoog", _OPL_GPKG),
        theme="Opleidingsniveau",
        decimals=0,
        plain="mensen met hbo of universiteit",
    ),
    Indicator(
        "afstand_school",
        "Afstand tot basisschool",
        "km",
        "scholing",
        "hoger_slechter",
        "AfstandTotSchool",
        "g_afs_sc",
        "basisonderwijs_gemiddelde_afstand_in_km",
        theme="Nabijheid voorzieningen",
        plain="afstand tot de basisschool",
    ),
    Indicator(
        "scholen_binnen_3km",
        "Basisscholen binnen 3 km",
        "aantal",
        "scholing",
        "hoger_beter",
        "ScholenBinnen3Km",
        "g_3km_sc",
        "basisonderwijs_gemiddeld_aantal_binnen_3_km",
        theme="Nabijheid voorzieningen",
        plain="basisscholen in de buurt",
    ),
    # --- sociaal functioneren --------------------------------------------------------------------
    Indicator(
        "pct_eenpersoons",
        "Eenpersoonshuishoudens",
        "%",
        "context",
        "neutraal",
        _per("Eenpersoonshuishoudens", "HuishoudensTotaal"),
        _per("a_1p_hh", "a_hh"),
        "percentage_eenpersoonshuishoudens",
        "percentageEenpersoonshuishoudens",
        theme="Huishoudens",
        decimals=0,
        plain="mensen die alleen wonen",
        description="Context: hoe mensen wonen zegt niets over hoe het met ze gaat. Eenzaamheid "
        "zelf staat bij sociaal functioneren (RIVM-schatting).",
    ),
    Indicator(
        "pct_gescheiden",
        "Gescheiden",
        "%",
        "context",
        "neutraal",
        _per("Gescheiden", "AantalInwoners"),
        _per("a_gesch", "a_inw"),
        "percentage_gescheid",
        theme="Burgerlijke staat",
        decimals=0,
        plain="mensen die gescheiden zijn",
    ),
    Indicator(
        "pct_verweduwd",
        "Verweduwd",
        "%",
        "context",
        "neutraal",
        _per("Verweduwd", "AantalInwoners"),
        _per("a_verwed", "a_inw"),
        "percentage_verweduwd",
        theme="Burgerlijke staat",
        decimals=0,
        plain="mensen van wie de partner is overleden",
    ),
    # --- werk en inkomen -------------------------------------------------------------------------
    Indicator(
        "arbeidsparticipatie",
        "Nettoarbeidsparticipatie",
        "%",
        "werk_inkomen",
        "hoger_beter",
        "Nettoarbeidsparticipatie",
        "p_arb_pp",
        "netto_arbeidsparticipatie",
        theme="Arbeid",
        decimals=0,
        plain="mensen (15–75 jaar) met betaald werk",
    ),
    Indicator(
        "inkomen_per_inwoner",
        "Gemiddeld inkomen per inwoner",
        "× 1 000 euro",
        "werk_inkomen",
        "hoger_beter",
        "GemiddeldInkomenPerInwoner",
        "g_ink_pi",
        "gemiddeld_inkomen_per_inwoner",
        "gemiddeldInkomenPerInwoner",
        theme="Inkomen",
        plain="gemiddeld inkomen",
    ),
    Indicator(
        "pct_hh_laag_inkomen",
        "Huishoudens met een laag inkomen",
        "%",
        "werk_inkomen",
        "hoger_slechter",
        "HuishoudensMetEenLaagInkomen",
        "p_hh_lkk",
        "percentage_huishoudens_met_laag_inkomen",
        "percentageHuishoudensMetLaagInkomen",
        theme="Inkomen",
        plain="huishoudens met een laag inkomen",
    ),
    Indicator(
        "pct_hh_sociaal_minimum",
        "Huishoudens onder of rond het sociaal minimum",
        "%",
        "werk_inkomen",
        "hoger_slechter",
        "HuishOnderOfRondSociaalMinimum",
        "p_hh_osm",
        "percentage_huishoudens_onder_of_rond_sociaal_minimum",
        "percentageHuishoudensOnderOfRondSociaalMinimum",
        theme="Inkomen",
        plain="huishoudens die moeten rondkomen van het minimum",
    ),
    Indicator(
        "pct_hh_tot_110_minimum",
        "Huishoudens tot 110% van het sociaal minimum",
        "%",
        "werk_inkomen",
        "hoger_slechter",
        "HuishoudensTot110VanSociaalMinimum",
        "p_hh_110",
        "huishoudens_tot_110_percent_van_sociaal_minimum",
        theme="Inkomen",
        plain="huishoudens met weinig geld",
    ),
    Indicator(
        "pct_personen_laagste_40",
        "Personen in de 40% laagste inkomens",
        "%",
        "werk_inkomen",
        "hoger_slechter",
        "k_40PersonenMetLaagsteInkomen",
        "p_ink_li",
        "percentage_personen_met_laag_inkomen",
        theme="Inkomen",
        plain="mensen met een van de laagste inkomens van Nederland",
    ),
    Indicator(
        "vermogen_mediaan",
        "Mediaan vermogen van huishoudens",
        "× 1 000 euro",
        "werk_inkomen",
        "hoger_beter",
        "MediaanVermogenVanParticuliereHuish",
        "m_hh_ver",
        "mediaan_vermogen_van_particuliere_huish",
        theme="Inkomen",
        plain="spaargeld en bezit",
    ),
    Indicator(
        "bijstand_per_1000",
        "Bijstandsuitkeringen",
        "per 1 000 inwoners",
        "werk_inkomen",
        "hoger_slechter",
        _per("PersonenPerSoortUitkeringBijstand", "AantalInwoners", 1000.0),
        _per("a_soz_wb", "a_inw", 1000.0),
        _per("aantal_personen_met_een_alg_bijstandsuitkering_tot", "aantal_inwoners", 1000.0),
        theme="Sociale zekerheid",
        plain="mensen met een bijstandsuitkering",
    ),
    Indicator(
        "ww_per_1000",
        "WW-uitkeringen",
        "per 1 000 inwoners",
        "werk_inkomen",
        "hoger_slechter",
        _per("PersonenPerSoortUitkeringWW", "AantalInwoners", 1000.0),
        _per("a_soz_ww", "a_inw", 1000.0),
        _per("aantal_personen_met_een_ww_uitkering_totaal", "aantal_inwoners", 1000.0),
        theme="Sociale zekerheid",
        plain="mensen met een WW-uitkering",
    ),
    # --- gezondheid en zorg ----------------------------------------------------------------------
    Indicator(
        "wmo_per_1000",
        "Wmo-cliënten",
        "per 1 000 inwoners",
        "gezondheid",
        "hoger_slechter",
        "WmoClientenRelatief",
        "p_wmo_t",
        "aantal_wmo_clienten_per_1000_inwoners",
        theme="Zorg",
        decimals=0,
        plain="mensen met ondersteuning van de gemeente (Wmo)",
    ),
    Indicator(
        "ao_per_1000",
        "Arbeidsongeschiktheidsuitkeringen",
        "per 1 000 inwoners",
        "gezondheid",
        "hoger_slechter",
        _per("PersonenPerSoortUitkeringAO", "AantalInwoners", 1000.0),
        _per("a_soz_ao", "a_inw", 1000.0),
        _per("aantal_personen_met_een_ao_uitkering_totaal", "aantal_inwoners", 1000.0),
        theme="Sociale zekerheid",
        plain="mensen die door ziekte niet kunnen werken",
    ),
    Indicator(
        "afstand_huisarts",
        "Afstand tot huisartsenpraktijk",
        "km",
        "gezondheid",
        "hoger_slechter",
        "AfstandTotHuisartsenpraktijk",
        "g_afs_hp",
        "huisartsenpraktijk_gemiddelde_afstand_in_km",
        "huisartsenpraktijkGemiddeldeAfstandInKm",
        theme="Nabijheid voorzieningen",
        plain="afstand tot de huisarts",
    ),
    Indicator(
        "sterfte_per_1000",
        "Sterfte",
        "per 1 000 inwoners",
        "gezondheid",
        "neutraal",
        "SterfteRelatief",
        "p_ste",
        "sterfte_relatief",
        theme="Bevolking",
        decimals=0,
        description="Hangt sterk af van de leeftijdsopbouw; daarom geen onderdeel van de score.",
    ),
    # --- wonen -----------------------------------------------------------------------------------
    Indicator(
        "woz_waarde",
        "Gemiddelde WOZ-waarde",
        "× 1 000 euro",
        "wonen",
        "hoger_beter",
        "GemiddeldeWOZWaardeVanWoningen",
        "g_wozbag",
        "gemiddelde_woningwaarde",
        "gemiddeldeWoningwaarde",
        theme="Woningen",
        decimals=0,
        plain="waarde van de woningen",
    ),
    Indicator(
        "pct_corporatiewoningen",
        "Huurwoningen van een corporatie",
        "%",
        "wonen",
        "hoger_slechter",
        "InBezitWoningcorporatie",
        "p_wcorpw",
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "percHuurwoningenInBezitWoningcorporaties",
        theme="Eigendom",
        decimals=0,
        plain="sociale huurwoningen",
        description="Veel sociale huur is geen probleem op zich, maar hangt samen met een "
        "kwetsbare woningmarkt; lees het samen met de andere cijfers.",
    ),
    Indicator(
        "pct_koopwoningen",
        "Koopwoningen",
        "%",
        "wonen",
        "neutraal",
        "Koopwoningen",
        "p_koopw",
        "percentage_koopwoningen",
        "percentageKoopwoningen",
        theme="Eigendom",
        decimals=0,
        plain="koopwoningen",
    ),
    Indicator(
        "pct_leegstand",
        "Onbewoonde woningen",
        "%",
        "wonen",
        "hoger_slechter",
        "OnbewoondeWoningen",
        "p_leegsw",
        "percentage_leegstand_woningen",
        theme="Woningen",
        decimals=0,
        plain="lege woningen",
    ),
    Indicator(
        "pct_meergezinswoningen",
        "Meergezinswoningen (flats, appartementen)",
        "%",
        "wonen",
        "neutraal",
        "PercentageMeergezinswoning",
        "p_mgezw",
        "percentage_meergezinswoning",
        theme="Woningen",
        decimals=0,
        plain="flats en appartementen",
    ),
    # --- fysieke leefomgeving --------------------------------------------------------------------
    Indicator(
        "afstand_supermarkt",
        "Afstand tot grote supermarkt",
        "km",
        "fysieke_leefomgeving",
        "hoger_slechter",
        "AfstandTotGroteSupermarkt",
        "g_afs_gs",
        "grote_supermarkt_gemiddelde_afstand_in_km",
        theme="Nabijheid voorzieningen",
        plain="afstand tot de supermarkt",
    ),
    Indicator(
        "autos_per_huishouden",
        "Personenauto's per huishouden",
        "per huishouden",
        "fysieke_leefomgeving",
        "neutraal",
        "PersonenautoSPerHuishouden",
        "g_pau_hh",
        "personenautos_per_huishouden",
        theme="Mobiliteit",
        plain="auto's per huishouden",
    ),
    # --- energietransitie ------------------------------------------------------------------------
    Indicator(
        "gasverbruik",
        "Gemiddeld aardgasverbruik",
        "m³ per woning",
        "energietransitie",
        "hoger_slechter",
        "GemiddeldAardgasverbruikTotaal",
        "g_gas",
        "gemiddeld_gasverbruik_totaal",
        "gemiddeldGasverbruikTotaal",
        theme="Energie",
        decimals=0,
        plain="gasverbruik per woning",
    ),
    Indicator(
        "elektriciteitsverbruik",
        "Gemiddelde elektriciteitslevering",
        "kWh per woning",
        "energietransitie",
        "hoger_slechter",
        "GemiddeldeElektriciteitsleveringTotaal",
        "g_ele",
        "gemiddeld_elektriciteitsverbruik_totaal",
        theme="Energie",
        decimals=0,
        plain="stroomverbruik per woning",
    ),
    Indicator(
        "pct_stadsverwarming",
        "Woningen met stadsverwarming",
        "%",
        "energietransitie",
        "hoger_beter",
        "PercentageWoningenMetStadsverwarming",
        "p_stadsv",
        "percentage_woningen_met_stadsverwarming",
        theme="Energie",
        decimals=0,
        plain="woningen met stadsverwarming",
    ),
    Indicator(
        "autos_per_km2",
        "Personenauto's per km²",
        "per km²",
        "fysieke_leefomgeving",
        "hoger_slechter",
        "PersonenautoSNaarOppervlakte",
        "g_pau_km",
        "personenautos_per_km2",
        theme="Mobiliteit",
        decimals=0,
        plain="auto's op straat (per vierkante kilometer)",
        description="Personenauto's per km² land: een maat voor drukte en parkeerdruk in de "
        "openbare ruimte.",
    ),
    # --- veiligheid en criminaliteit (politie, CBS 47018NED) ------------------------------------
    _politie(
        "misdrijven_per_1000",
        "Geregistreerde misdrijven",
        ("0.0.0",),
        "misdrijven die de politie registreerde",
        "Alle misdrijven (totaal)",
    ),
    _politie(
        "woninginbraak_per_1000",
        "Woninginbraken",
        ("1.1.1",),
        "inbraken in woningen",
        "Diefstal/inbraak uit woningen (1.1.1)",
    ),
    _politie(
        "geweld_per_1000",
        "Geweldsmisdrijven",
        _GEWELD,
        "geweld (bedreiging, mishandeling, straatroof …)",
        "Gewelds- en zedenmisdrijven (1.4.1–1.4.7: zeden, moord en doodslag, openlijk geweld, "
        "bedreiging, mishandeling, straatroof, overval)",
    ),
    _politie(
        "vernieling_per_1000",
        "Vernielingen",
        ("2.2.1",),
        "vernielingen",
        "Vernieling cq. zaakbeschadiging (2.2.1)",
    ),
    # --- Gezondheidsmonitor (RIVM/GGD, CBS 50120NED) --------------------------------------------
    _rivm(
        "pct_eenzaam",
        "Eenzaam",
        "sociaal_functioneren",
        direction="hoger_slechter",
        measure="Eenzaam",
        plain="mensen die zich eenzaam voelen",
        what="Matig tot zeer ernstig eenzaam (De Jong Gierveld-schaal).",
    ),
    _rivm(
        "pct_ernstig_eenzaam",
        "Ernstig eenzaam",
        "sociaal_functioneren",
        direction="hoger_slechter",
        measure="ErnstigZeerErnstigEenzaam",
        plain="mensen die zich erg eenzaam voelen",
        what="Ernstig tot zeer ernstig eenzaam.",
    ),
    _rivm(
        "pct_mist_steun",
        "Mist emotionele steun",
        "sociaal_functioneren",
        direction="hoger_slechter",
        measure="MistEmotioneleSteun",
        plain="mensen die steun van anderen missen",
        what="Mist emotionele steun van anderen.",
    ),
    _rivm(
        "pct_vrijwilligerswerk",
        "Vrijwilligerswerk",
        "sociaal_functioneren",
        direction="hoger_beter",
        measure="Vrijwilligerswerk",
        plain="mensen die vrijwilligerswerk doen",
        what="Doet vrijwilligerswerk.",
    ),
    _rivm(
        "pct_mantelzorger",
        "Mantelzorgers",
        "sociaal_functioneren",
        direction="neutraal",
        measure="Mantelzorger",
        plain="mensen die voor een naaste zorgen",
        what="Geeft mantelzorg. Neutraal: mantelzorg is inzet én belasting, dus geen score.",
    ),
    _rivm(
        "pct_gezondheid_goed",
        "Ervaren gezondheid goed of zeer goed",
        "gezondheid",
        direction="hoger_beter",
        measure="ErvarenGezondheidGoedZeerGoed",
        plain="mensen die zich gezond voelen",
        what="Ervaart de eigen gezondheid als goed of zeer goed.",
    ),
    _rivm(
        "pct_psychische_klachten",
        "Psychische klachten",
        "gezondheid",
        direction="hoger_slechter",
        measure="PsychischeKlachten",
        plain="mensen met psychische klachten",
        what="Psychische klachten (Kessler-10, matig of hoog).",
    ),
    _rivm(
        "pct_beperkt_gezondheid",
        "Beperkt vanwege gezondheid",
        "gezondheid",
        direction="hoger_slechter",
        measure="BeperktVanwegeGezondheid",
        plain="mensen die door hun gezondheid beperkt zijn",
        what="Beperkt bij dagelijkse activiteiten vanwege de gezondheid (GALI).",
    ),
    _rivm(
        "pct_moeite_rondkomen",
        "Moeite met rondkomen",
        "werk_inkomen",
        direction="hoger_slechter",
        measure="MoeiteMetRondkomen",
        plain="mensen die moeite hebben om rond te komen",
        what="Heeft (enige of grote) moeite met rondkomen van het inkomen.",
    ),
)


def _with_definitions(indicators: tuple[Indicator, ...]) -> tuple[Indicator, ...]:
    """Fill empty descriptions from ``indicator_definitions.yaml`` (the CBS definitions live in
    a data file, not in code)."""
    import yaml

    path = Path(__file__).with_name("indicator_definitions.yaml")
    definitions = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(
        replace(i, description=str(definitions[i.key]))
        if not i.description and i.key in definitions
        else i
        for i in indicators
    )


INDICATORS = _with_definitions(INDICATORS)

BY_KEY: dict[str, Indicator] = {i.key: i for i in INDICATORS}
INDICATOR_KEYS: tuple[str, ...] = tuple(BY_KEY)

ODATA_ALIASES: dict[str, tuple[str, ...]] = {
    # canonical base name -> older base names of the same figure
    "GemiddeldeWOZWaardeVanWoningen": ("GemiddeldeWoningwaarde",),
    "GemiddeldeElektriciteitsleveringTotaal": ("GemiddeldElektriciteitsverbruikTotaal",),
    "InBezitWoningcorporatie": ("HuurwoningenInBezitWoningcorporatie",),
    "PercentageMeergezinswoning": ("PercentageMeergezinswoningen",),
    "Nettoarbeidsparticipatie": ("NettoArbeidsparticipatie",),
    "HuishoudensMetEenLaagInkomen": ("HuishoudensMetLaagInkomen",),
    "HuishOnderOfRondSociaalMinimum": ("HuishoudensOnderOfRondSociaalMinimum",),
    "PercentageJongerenMetJeugdzorg": ("PercentageJongerenMetJeugdzorgInNatura",),
    "WmoClientenRelatief": ("WmoClientenPer1000Inwoners",),
    "MediaanVermogenVanParticuliereHuish": ("MediaanVermogenVanParticuliereHuishoudens",),
    "BasisonderwijsVmboMbo1": ("OpleidingsniveauLaag",),
    "HavoVwoMbo24": ("OpleidingsniveauMiddelbaar",),
    "HboWo": ("OpleidingsniveauHoog",),
}
"""Base names CBS renamed between years, so a key of an older table still resolves."""

GPKG_ALIASES: dict[str, tuple[str, ...]] = {
    "gemiddeld_gasverbruik_totaal": (
        "gemiddeld_aardgasverbruik",
        "gemiddeld_aardgasverbruik_totaal",
    ),
    "percentage_leegstand_woningen": ("percentage_onbewoond",),
    "percentage_gescheid": ("percentage_gescheiden",),
}
"""GeoPackage/WFS attribute names that differ between years (2023 vs 2024)."""

STATLINE_TITLES: dict[str, tuple[str, ...]] = {
    "Gemeentenaam": ("Regioaanduiding", "Gemeentenaam"),
    "SoortRegio": ("Regioaanduiding", "Soort regio"),
    "Codering": ("Regioaanduiding", "Codering"),
    "IndelingswijzigingGemeenteWijkBuurt": (
        "Regioaanduiding",
        "Indelingswijziging gemeente, wijk, buurt",
    ),
    "MeestVoorkomendePostcode": ("Postcode", "Meest voorkomende postcode"),
    "AantalInwoners": ("Bevolking", "Aantal inwoners"),
    "HuishoudensTotaal": ("Bevolking", "Particuliere huishoudens", "Huishoudens totaal"),
    "Bevolkingsdichtheid": ("Bevolking", "Bevolkingsdichtheid"),
    "k_15Tot25Jaar": ("Bevolking", "Leeftijdsgroepen", "15 tot 25 jaar"),
    "k_65JaarOfOuder": ("Bevolking", "Leeftijdsgroepen", "65 jaar of ouder"),
    "MateVanStedelijkheid": ("Stedelijkheid", "Mate van stedelijkheid"),
    "Omgevingsadressendichtheid": ("Stedelijkheid", "Omgevingsadressendichtheid"),
    "PercentageJongerenMetJeugdzorg": ("Zorg", "Percentage jongeren met jeugdzorg"),
    "k_0Tot15Jaar": ("Bevolking", "Leeftijdsgroepen", "0 tot 15 jaar"),
    "HuishoudensMetKinderen": ("Bevolking", "Particuliere huishoudens", "Huishoudens met kinderen"),
    "AfstandTotKinderdagverblijf": ("Nabijheid voorzieningen", "Afstand tot kinderdagverblijf"),
    "BasisonderwijsVmboMbo1": (
        "Onderwijs",
        "Hoogst behaald onderwijsniveau",
        "Basisonderwijs, vmbo, mbo1",
    ),
    "HavoVwoMbo24": ("Onderwijs", "Hoogst behaald onderwijsniveau", "Havo, vwo, mbo2-4"),
    "HboWo": ("Onderwijs", "Hoogst behaald onderwijsniveau", "Hbo, wo"),
    "AfstandTotSchool": ("Nabijheid voorzieningen", "Basisonderwijs", "Afstand tot school"),
    "ScholenBinnen3Km": ("Nabijheid voorzieningen", "Basisonderwijs", "Scholen binnen 3 km"),
    "Eenpersoonshuishoudens": ("Bevolking", "Particuliere huishoudens", "Eenpersoonshuishoudens"),
    "Gescheiden": ("Bevolking", "Burgerlijke staat", "Gescheiden"),
    "Verweduwd": ("Bevolking", "Burgerlijke staat", "Verweduwd"),
    "Nettoarbeidsparticipatie": ("Arbeid", "Nettoarbeidsparticipatie"),
    "GemiddeldInkomenPerInwoner": (
        "Inkomen",
        "Inkomen van personen",
        "Gemiddeld inkomen per inwoner",
    ),
    "HuishoudensMetEenLaagInkomen": (
        "Inkomen",
        "Inkomen van huishoudens",
        "Huishoudens met een laag inkomen",
    ),
    "HuishOnderOfRondSociaalMinimum": (
        "Inkomen",
        "Inkomen van huishoudens",
        "Huish. onder of rond sociaal minimum",
    ),
    "HuishoudensTot110VanSociaalMinimum": (
        "Inkomen",
        "Inkomen van huishoudens",
        "Huishoudens tot 110% van sociaal minimum",
    ),
    "k_40PersonenMetLaagsteInkomen": (
        "Inkomen",
        "Inkomen van personen",
        "40% personen met laagste inkomen",
    ),
    "MediaanVermogenVanParticuliereHuish": (
        "Inkomen",
        "Inkomen van huishoudens",
        "Mediaan vermogen van particuliere huish.",
    ),
    "PersonenPerSoortUitkeringBijstand": (
        "Sociale zekerheid",
        "Personen per soort uitkering; Bijstand",
    ),
    "PersonenPerSoortUitkeringWW": ("Sociale zekerheid", "Personen per soort uitkering; WW"),
    "WmoClientenRelatief": ("Zorg", "Wmo-cliënten relatief"),
    "PersonenPerSoortUitkeringAO": ("Sociale zekerheid", "Personen per soort uitkering; AO"),
    "AfstandTotHuisartsenpraktijk": ("Nabijheid voorzieningen", "Afstand tot huisartsenpraktijk"),
    "SterfteRelatief": ("Bevolking", "Geboorte en sterfte", "Sterfte relatief"),
    "GemiddeldeWOZWaardeVanWoningen": ("Wonen en vastgoed", "Gemiddelde WOZ-waarde van woningen"),
    "InBezitWoningcorporatie": (
        "Wonen en vastgoed",
        "Woningen naar eigendom",
        "Huurwoningen",
        "In bezit woningcorporatie",
    ),
    "Koopwoningen": ("Wonen en vastgoed", "Woningen naar eigendom", "Koopwoningen"),
    "OnbewoondeWoningen": ("Wonen en vastgoed", "Onbewoonde woningen"),
    "PercentageMeergezinswoning": (
        "Wonen en vastgoed",
        "Woningen naar type",
        "Percentage meergezinswoning",
    ),
    "AfstandTotGroteSupermarkt": ("Nabijheid voorzieningen", "Afstand tot grote supermarkt"),
    "PersonenautoSNaarOppervlakte": (
        "Motorvoertuigen",
        "Personenauto's",
        "Personenauto's naar oppervlakte",
    ),
    "PersonenautoSPerHuishouden": (
        "Motorvoertuigen",
        "Personenauto's",
        "Personenauto's per huishouden",
    ),
    "GemiddeldAardgasverbruikTotaal": (
        "Energie",
        "Gemiddeld aardgasverbruik",
        "Gemiddeld aardgasverbruik totaal",
    ),
    "GemiddeldeElektriciteitsleveringTotaal": (
        "Energie",
        "Gemiddelde elektriciteitslevering",
        "Gemiddelde elektriciteitslevering totaal",
    ),
    "PercentageWoningenMetStadsverwarming": (
        "Energie",
        "Gemiddeld aardgasverbruik",
        "Percentage woningen met stadsverwarming",
    ),
}
"""StatLine title path (topic groups, then the title; no unit) per OData base name.

A StatLine CSV export names its columns by title, not by key:
``"Bevolking/Aantal inwoners (aantal)"`` is ``AantalInwoners_5``. Titles are not unique on their
own (2024 has "Nederland" under two topic groups), so the full path is the key; the reader falls
back to the last part only when that is unambiguous. Titles as in table 85984NED (2024).
"""

_SUFFIX = re.compile(r"_\d+$")


def base_name(odata_key: str) -> str:
    """``GemiddeldeWOZWaardeVanWoningen_39`` -> ``GemiddeldeWOZWaardeVanWoningen``."""
    return _SUFFIX.sub("", odata_key)


def resolve_odata_keys(keys: Iterable[str]) -> dict[str, str]:
    """Map every canonical OData base name (and its aliases) to the key in one table.

    ``keys`` are the ``Key`` values of a table's DataProperties. When a base name occurs more
    than once (2024 has ``Nederland_17`` and ``Nederland_20``), the first column wins, which is
    the headline figure in CBS's ordering. Returns ``{canonical_base_name: actual_key}``.
    """
    first: dict[str, str] = {}
    for key in keys:
        if key:
            first.setdefault(base_name(key), key)
    resolved = dict(first)
    for canonical, aliases in ODATA_ALIASES.items():
        if canonical in resolved:
            continue
        for alias in aliases:
            if alias in first:
                resolved[canonical] = first[alias]
                break
    return resolved


def squash(name: str) -> str:
    """Compare attribute names across spellings: lower case, letters and digits only.

    ``percentagePersonen0Tot15Jaar`` and ``percentage_personen_0_tot_15_jaar`` both become
    ``percentagepersonen0tot15jaar``, so one lookup serves WFS camelCase and GeoPackage snake_case.
    """
    return re.sub(r"[^0-9a-z]", "", name.lower())


def scored_indicators(domain: str | None = None) -> tuple[Indicator, ...]:
    """Indicators that enter urgency scores, optionally of one domain."""
    return tuple(i for i in INDICATORS if i.scored and (domain is None or i.domain == domain))


def check_catalogue() -> list[str]:
    """Return every inconsistency in the catalogue (empty when it is sound)."""
    problems = []
    if len(BY_KEY) != len(INDICATORS):
        problems.append("dubbele indicatorsleutels")
    for ind in INDICATORS:
        if ind.domain not in (*DOMAIN_KEYS, CONTEXT.key):
            problems.append(f"{ind.key}: onbekend domein {ind.domain}")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", ind.key):
            problems.append(f"{ind.key}: sleutel is geen snake_case")
        if ind.third_party:
            if not ind.odata or ind.table not in (POLITIE_TABLE, RIVM_TABLE):
                problems.append(f"{ind.key}: geen maat of onbekende tabel {ind.table}")
            if ind.table == POLITIE_TABLE and not ind.codes:
                problems.append(f"{ind.key}: geen soort misdrijf")
            continue
        for source in SOURCES:
            if ind.spec(source) is None:
                problems.append(f"{ind.key}: geen naam voor bron {source}")
    return problems
