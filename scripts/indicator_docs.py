"""Write docs/indicatoren.md from the catalogue.

Usage: python scripts/indicator_docs.py > docs/indicatoren.md
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from urgentie.domains import CONTEXT, DOMAINS
from urgentie.indicators import INDICATORS, ODATA_ALIASES, Ratio

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
print("Neutrale indicatoren en bevolkingscontext tellen niet mee in scores; ze geven context.\n")
for dom in (*DOMAINS, CONTEXT):
    items = [i for i in INDICATORS if i.domain == dom.key]
    print(f"## {dom.label}\n")
    if not items:
        print(
            "De Kerncijfers bevatten geen indicatoren voor dit domein; gesprekken en stemmen wel.\n"
        )
        continue
    for i in items:
        print(f"### `{i.key}` — {i.label}\n")
        print(f"- eenheid: {i.unit}; richting: {DIRECTION[i.direction]}; thema: {i.theme}")
        if i.description:
            print(f"- {i.description}")
        print(f"- OData: {fmt(i.odata)}; KWB: {fmt(i.kwb)}")
        print(f"- GeoPackage: {fmt(i.gpkg)}; WFS: {fmt(i.spec('wfs'))}\n")
print("## Hernoemde OData-basisnamen\n")
for new, old in ODATA_ALIASES.items():
    print(f"- `{new}` heette eerder " + ", ".join(f"`{o}`" for o in old))
