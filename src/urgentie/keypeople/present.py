"""How the Sleutelfiguren register is shown: Dutch tables, the map layer, the network drawing
and the privacy officer's export. No Streamlit here; never a person's name.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from datetime import date

import networkx as nx
import pandas as pd
import plotly.graph_objects as go

from urgentie.analysis import key_network
from urgentie.choropleth import sequential_palette
from urgentie.domains import domain_label
from urgentie.keypeople import vocab
from urgentie.keypeople.records import KeyPerson
from urgentie.mapdata import LegendEntry, MapLayer, Shapes, area_names, features_json

REVIEW_DUE = "Herzien: verlengen of wissen"


def _d(value: date | None) -> str:
    return f"{value:%d-%m-%Y}" if value else ""


def _areas(codes: Iterable[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(c, c) for c in codes)


def _domains(keys: Iterable[str]) -> str:
    return ", ".join(domain_label(k) for k in keys)


def _support(person: KeyPerson) -> str:
    parts = []
    for item in person.support:
        until = f" (tot {_d(item.until)})" if item.until else ""
        parts.append(f"{vocab.label('support_kinds', item.kind)}: {item.label}{until}")
    return "; ".join(parts) or "geen"


def people_table(
    people: Iterable[KeyPerson], names: Mapping[str, str], today: date | None = None
) -> pd.DataFrame:
    """The register as a table: role, type, world, wijken, domains, links, support, needs,
    whether a name is stored (with consent), review date and a flag when it has passed."""
    today = today or date.today()
    rows = []
    for p in people:
        rows.append(
            {
                "Nr": p.id,
                "Rol": p.role_label,
                "Type": vocab.label("types", p.person_type),
                "Wereld": vocab.label("worlds", p.world),
                "Organisatie": vocab.label("organisation_kinds", p.organisation_kind),
                "Wijken": _areas(p.areas, names),
                "Domeinen": _domains(p.domains),
                "Instellingen": ", ".join(k.label for k in p.links if k.kind == "systeem"),
                "Groepen bewoners": ", ".join(k.label for k in p.links if k.kind == "leef"),
                "Steun": _support(p),
                "Behoeften": ", ".join(vocab.label("needs", n) for n in p.needs),
                "Sinds": p.since.year if p.since else None,
                "Naam met toestemming": "ja" if p.consent is not None else "nee",
                "Herzien op": _d(p.review_date),
                "Signaal": REVIEW_DUE if p.review_date < today else "",
            }
        )
    return pd.DataFrame(rows)


def carriers_table(carriers: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Per wijk and domain: how many key people, their roles, and 'kwetsbaar'."""
    return pd.DataFrame(
        {
            "Wijk": [names.get(c, c) for c in carriers["area_code"]],
            "Domein": [domain_label(d) for d in carriers["domain"]],
            "Sleutelfiguren": carriers["n_people"].astype(int),
            "Rollen": [", ".join(r) for r in carriers["roles"]],
            "Kwetsbaar": ["ja: rust op één persoon" if k else "" for k in carriers["kwetsbaar"]],
        }
    )


def ending_table(ending: pd.DataFrame) -> pd.DataFrame:
    """Support that ends within a year or has ended, soonest first."""
    return pd.DataFrame(
        {
            "Rol": ending["role_label"],
            "Steun": [vocab.label("support_kinds", k) for k in ending["kind"]],
            "Omschrijving": ending["label"],
            "Tot": [_d(u) for u in ending["until"]],
            "Dagen": ending["days_left"].astype(int),
            "Status": ending["status"],
        }
    )


def boxed_table(boxed: pd.DataFrame) -> pd.DataFrame:
    """People working across more domains than their funding covers."""
    return pd.DataFrame(
        {
            "Rol": boxed["role_label"],
            "Werkt in": boxed["n_domains"].astype(int),
            "Financiering dekt": boxed["n_funded"].astype(int),
            "Niet gedekt": [_domains(u) for u in boxed["uncovered"]],
        }
    )


def bridges_table(bridges: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """Each verdeeld cell of Gedeelde urgentie with whether a bridge works there."""
    return pd.DataFrame(
        {
            "Wijk": [names.get(c, c) for c in bridges["area_code"]],
            "Domein": [domain_label(d) for d in bridges["domain"]],
            "Brug": [
                "ja" if b else "nee: niemand verbindt hier beide werelden"
                for b in bridges["bridge"]
            ],
            "Bruggenbouwers": [", ".join(r) for r in bridges["bridge_roles"]],
        }
    )


def sole_links_table(sole: pd.DataFrame) -> pd.DataFrame:
    """Links to an institution or a group of residents that only one person holds."""
    return pd.DataFrame(
        {
            "Verbinding met": sole["label"],
            "Soort": [vocab.label("link_kinds", k) for k in sole["kind"]],
            "Alleen via": sole["role_label"],
        }
    )


def centrality_table(central: pd.DataFrame) -> pd.DataFrame:
    """The key people by betweenness: who bridges whom."""
    people = central[central["kind"] == key_network.PERSON]
    return pd.DataFrame(
        {
            "Rol": people["label"],
            "Verbindingen": people["degree"].astype(int),
            "Tussenpositie (0–1)": people["betweenness"],
        }
    )


# --- map ------------------------------------------------------------------------------------------
KWETSBAAR_TOP = 3


def kwetsbaar_layer(
    shapes: Shapes, areas: pd.DataFrame, per_area: pd.DataFrame, *, demo: bool = False
) -> MapLayer:
    """Wijken coloured by how many domains rest on one key person (darker = more); a wijk
    without any registered key person is hatched ("niemand geregistreerd")."""
    names = area_names(areas)
    drawn = [c for c in shapes.encoded if c in names]
    shapes = shapes.subset(drawn) if len(drawn) != len(shapes.encoded) else shapes
    colours = sequential_palette(KWETSBAAR_TOP + 1)
    table = per_area.set_index("area_code")
    class_of: dict[str, int] = {}
    display: dict[str, str] = {}
    for code in shapes.encoded:
        n_people = int(table["n_people"].get(code, 0))
        if n_people == 0:
            class_of[code] = -1
            display[code] = "geen sleutelfiguren geregistreerd"
            continue
        k = int(table["n_kwetsbaar"].get(code, 0))
        class_of[code] = min(k, KWETSBAAR_TOP)
        people = "sleutelfiguur" if n_people == 1 else "sleutelfiguren"
        display[code] = (
            f"{n_people} {people}; {k} {'domein' if k == 1 else 'domeinen'} op één persoon"
        )
    counted = list(class_of.values())
    entries = [
        LegendEntry(_kwetsbaar_label(k), colours[k], counted.count(k))
        for k in reversed(range(KWETSBAAR_TOP + 1))
    ]
    if counted.count(-1):
        entries.append(LegendEntry("niemand geregistreerd", "", counted.count(-1), hatched=True))
    return MapLayer(
        features=features_json(shapes, names, display, class_of),
        colours=tuple(colours),
        title="Domeinen die op één sleutelfiguur rusten",
        entries=tuple(entries),
        notes=("Donkerder = meer domeinen hangen af van één persoon (kwetsbaar).",),
        bounds=shapes.bounds,
        count=len(shapes.encoded),
        demo=demo,
    )


def _kwetsbaar_label(k: int) -> str:
    if k >= KWETSBAAR_TOP:
        return f"{KWETSBAAR_TOP} of meer domeinen"
    return f"{k} {'domein' if k == 1 else 'domeinen'}"


# --- network --------------------------------------------------------------------------------------
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    key_network.PERSON: ("Sleutelfiguur", "#d95f02", "circle"),
    key_network.INSTITUTION: ("Instelling (systeemwereld)", "#0072B2", "square"),
    key_network.GROUP: ("Groep bewoners (leefwereld)", "#009E73", "diamond"),
}
"""Colour *and* marker shape per kind of node: colour is never the only cue."""


def network_figure(graph: nx.Graph, positions: Mapping[str, tuple[float, float]]) -> go.Figure:
    """The role-level network as a plotly figure (plotly.js ships with Streamlit: no CDN).

    Key people are sized by betweenness: the larger, the more they bridge.
    """
    between = nx.betweenness_centrality(graph) if graph.number_of_nodes() else {}
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for a, b in graph.edges():
        edge_x += [positions[a][0], positions[b][0], None]
        edge_y += [positions[a][1], positions[b][1], None]
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=edge_x,
            y=edge_y,
            mode="lines",
            line={"color": "#9a9a9a", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for kind, (name, colour, symbol) in NODE_STYLE.items():
        nodes = [n for n, d in graph.nodes(data=True) if d["kind"] == kind]
        if not nodes:
            continue
        labels = [str(graph.nodes[n]["label"]) for n in nodes]
        sizes = [14 + 40 * between.get(n, 0.0) if kind == key_network.PERSON else 12 for n in nodes]
        figure.add_trace(
            go.Scatter(
                x=[positions[n][0] for n in nodes],
                y=[positions[n][1] for n in nodes],
                mode="markers+text",
                name=name,
                text=[html.escape(t) for t in labels],
                textposition="top center",
                textfont={"size": 11},
                marker={
                    "color": colour,
                    "size": sizes,
                    "symbol": symbol,
                    "line": {"color": "#333", "width": 1},
                },
                hovertext=[
                    f"{html.escape(t)} · {graph.degree[n]} verbinding(en)"
                    for t, n in zip(labels, nodes, strict=True)
                ],
                hoverinfo="text",
            )
        )
    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    figure.update_layout(
        height=680,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Room around the outer nodes, so their labels are not cut off.
        xaxis={"visible": False, "range": [min(xs) - 1.2, max(xs) + 1.2]},
        yaxis={"visible": False, "range": [min(ys) - 0.5, max(ys) + 0.6]},
        legend={"orientation": "h", "y": -0.02},
        plot_bgcolor="#ffffff",
    )
    return figure
