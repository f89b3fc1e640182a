"""Write docs/indicatoren.md from the catalogue.

Usage: python scripts/indicator_docs.py > docs/indicatoren.md
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from urgentie.domains import CONTEXT, DOMAINS
from urgentie.indicators import INDICATORS, ODATA_ALIASES, POLITIE_TABLE, RIVM_TABLE, Ratio

DIRECTION = {
    "hoger_slechter": "hoger is slechter",
    "hoger_beter": "hoger is beter",
    "neutraal": "neutraal (geen score)",
}


def fmt(spec: object) -> str:
    if spec is None:
        return "—"
    if isinstance(spec, Ratio):
        den = " + ".join(f"`{d}`" for d in spec.denominator)
        scale = "100 ×" if spec.scale == 100 else f"{spec.scale:g} ×"
        return f"{scale} `{spec.numerator}` / ({den})"
    return f"`{spec}`"


print("# Indicatoren\n")
print("Gegenereerd uit `src/urgentie/indicators.py` met `python scripts/indicator_docs.py`.")
print("Elke indicator heeft een vaste sleutel, een label, een eenheid, een domein, een richting")
print("en zijn naam in elke bron: StatLine/OData (basisnaam, het volgnummer verschilt per jaar),")
print("KWB-Excel, GeoPackage (snake_case) en PDOK WFS (camelCase).\n")
print("Neutrale indicatoren en bevolkingscontext tellen niet mee in scores; ze geven context.")
print("Elk cijfer heeft een *peiljaar* (het jaar dat het beschrijft); een overzicht van jaar Y")
print("gebruikt per indicator het nieuwste cijfer van Y of eerder (zie `docs/methode.md`).\n")
print("## Toetsing aan de Leefbaarometer 3.0-criteria\n")
print("- Signaleren, geen causaal model: elke indicator beschrijft een situatie in het gebied;")
print("  geen indicator zegt waarom die er is.")
print("- Geen indicator die een groep stigmatiseert: burgerlijke staat (gescheiden, verweduwd)")
print("  en huishoudenssamenstelling (alleenwonend, met kinderen) zijn *context*: ze tellen nooit")
print("  mee in een score en zijn nooit een zorg of iets wat goed gaat. Herkomst staat niet in")
print("  de catalogus.")
print("- Elk van de negen domeinen heeft minstens twee indicatoren uit een echte bron (CBS")
print("  Kerncijfers, politie via CBS, RIVM/GGD Gezondheidsmonitor).\n")


def source(i: object) -> str:
    if i.table == POLITIE_TABLE:
        return (
            f"Politie, *Geregistreerde misdrijven; soort misdrijf, wijk en buurt* (CBS "
            f"{POLITIE_TABLE}, dataderden.cbs.nl), soort misdrijf "
            + ", ".join(f"`{c}`" for c in i.codes)
            + "; jaar: het kalenderjaar van registratie"
        )
    if i.table == RIVM_TABLE:
        return (
            f"RIVM/GGD, *Gezondheid per wijk en buurt* (Gezondheidsmonitor Volwassenen en "
            f"Ouderen, CBS {RIVM_TABLE}, dataderden.cbs.nl), maat `{i.odata}`, 18 jaar en ouder; "
            "jaar: het enquêtejaar (2012, 2016, 2020, 2022 …); modelschatting"
        )
    return (
        "CBS, *Kerncijfers wijken en buurten* (per jaar een tabel, 2024: 85984NED); jaar: het "
        "jaar van de uitgave; CBS vult een uitgave in delen (inkomen, uitkeringen en energie "
        "een tot twee jaar later)"
    )


for dom in (*DOMAINS, CONTEXT):
    items = [i for i in INDICATORS if i.domain == dom.key]
    print(f"## {dom.label}\n")
    if not items:
        print("Nog geen indicatoren; gesprekken en stemmen wel.\n")
        continue
    for i in items:
        print(f"### `{i.key}` — {i.label}\n")
        print(f"- eenheid: {i.unit}; richting: {DIRECTION[i.direction]}; thema: {i.theme}")
        if i.description:
            print(f"- {i.description}")
        print(f"- bron: {source(i)}")
        if i.table:
            print("")
            continue
        print(f"- OData: {fmt(i.odata)}; KWB: {fmt(i.kwb)}")
        print(f"- GeoPackage: {fmt(i.gpkg)}; WFS: {fmt(i.spec('wfs'))}\n")
print("## Hernoemde OData-basisnamen\n")
for new, old in ODATA_ALIASES.items():
    print(f"- `{new}` heette eerder " + ", ".join(f"`{o}`" for o in old))
