"""The bridges: a role-level network of key people, institutions and groups of residents.

Nodes are key people (by role), institutions (*systeemwereld*) and groups of residents
(*leefwereld*); an edge is a link a key person recorded. Betweenness centrality (networkx) says
who bridges whom: a person on many shortest paths between institutions and groups holds the
network together. A link that only one person holds is where a wijk loses its connection when
that person stops.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from urgentie.keypeople.records import KeyPerson

PERSON = "persoon"
INSTITUTION = "systeem"
GROUP = "leef"

NODE_COLUMNS = ("node", "kind", "label", "degree", "betweenness")
SOLE_COLUMNS = ("kind", "label", "person_id", "role_label")


def _link_node(kind: str, label: str) -> str:
    # Institutions and groups are matched by their label, case-insensitively: two people naming
    # "Woningcorporatie" and "woningcorporatie" point at the same partner.
    return f"{kind}:{label.casefold()}"


def build_graph(people: Iterable[KeyPerson]) -> nx.Graph:
    """The network: node attributes ``kind`` (persoon / systeem / leef) and ``label``; person
    nodes also ``person_id`` and ``person_type``."""
    graph = nx.Graph()
    for person in people:
        node = f"{PERSON}:{person.id}"
        graph.add_node(
            node,
            kind=PERSON,
            label=person.role_label,
            person_id=person.id,
            person_type=person.person_type,
        )
        for link in person.links:
            other = _link_node(link.kind, link.label)
            if other not in graph:
                graph.add_node(other, kind=link.kind, label=link.label)
            graph.add_edge(node, other)
    return graph


def centrality(graph: nx.Graph) -> pd.DataFrame:
    """Every node with its degree and normalised betweenness, highest betweenness first."""
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=list(NODE_COLUMNS))
    between = nx.betweenness_centrality(graph, normalized=True)
    rows = [
        (node, data["kind"], data["label"], graph.degree[node], round(between[node], 3))
        for node, data in graph.nodes(data=True)
    ]
    frame = pd.DataFrame(rows, columns=list(NODE_COLUMNS))
    return frame.sort_values(["betweenness", "degree", "label"], ascending=[False, False, True])


def sole_links(graph: nx.Graph) -> pd.DataFrame:
    """Institutions and groups of residents that only one key person is linked to."""
    rows = []
    for node, data in graph.nodes(data=True):
        if data["kind"] == PERSON or graph.degree[node] != 1:
            continue
        (holder,) = graph.neighbors(node)
        person = graph.nodes[holder]
        rows.append((data["kind"], data["label"], person["person_id"], person["label"]))
    frame = pd.DataFrame(rows, columns=list(SOLE_COLUMNS))
    return frame.sort_values(["role_label", "kind", "label"]).reset_index(drop=True)


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Node positions, the same for the same network (fixed seed), for the drawing.

    Each connected part gets its own cell of a grid, largest first: one spring layout of the
    whole network would push the parts apart and squeeze every part's labels together.
    """
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(c)))
    if not parts:
        return {}
    columns = math.ceil(math.sqrt(len(parts)))
    positions: dict[str, tuple[float, float]] = {}
    for index, part in enumerate(parts):
        row, column = divmod(index, columns)
        sub = graph.subgraph(part)
        if len(part) == 1:
            local = {next(iter(part)): (0.0, 0.0)}
        else:
            found = nx.spring_layout(sub, seed=42, k=1.5 / math.sqrt(len(part)), iterations=200)
            # A large part gets more room within its cell than a pair does.
            scale = 1.25 if len(part) > 6 else 1.0
            local = {n: (float(x) * scale, float(y) * scale) for n, (x, y) in found.items()}
        for node, (x, y) in local.items():
            # Cells are 3.5 wide and 3 high; a part fills about the middle 2 × 2.
            positions[node] = (column * 3.5 + x, -row * 3.0 + y)
    return positions
