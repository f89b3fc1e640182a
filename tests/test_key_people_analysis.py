"""Key-people figures and the role-level network, on small records written here."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from urgentie.analysis import key_network, key_people
from urgentie.keypeople.records import KeyPerson, Link, Support

TODAY = date(2026, 12, 6)


def kp(pid: int, role: str, areas: tuple[str, ...], domains: tuple[str, ...], **kw: object):
    return KeyPerson(
        id=pid,
        gemeente_code="GM9999",
        role_label=role,
        person_type=str(kw.pop("person_type", "frontliniewerker")),
        world="professional",
        organisation_kind="welzijn",
        areas=areas,
        domains=domains,
        review_date=TODAY + timedelta(days=100),
        **kw,  # type: ignore[arg-type]
    )


PEOPLE = [
    kp(1, "wijkagent", ("WK01",), ("veiligheid",), links=(Link("systeem", "politie"),)),
    kp(
        2,
        "buurtvader",
        ("WK01", "WK02"),
        ("veiligheid", "opvoeding", "wonen"),
        person_type="alledaagse_doener",
        links=(Link("systeem", "Woningcorporatie"), Link("leef", "moedergroep")),
        support=(
            Support("financiering", "wijkbudget", TODAY + timedelta(days=30), ("opvoeding",)),
            Support("vaste_partner", "opbouwwerker", None),
        ),
    ),
    kp(
        3,
        "conciërge",
        ("WK02",),
        ("opvoeding",),
        person_type="bruggenbouwer",
        links=(Link("systeem", "woningcorporatie"),),
        support=(Support("contactpersoon", "schoolleider", TODAY - timedelta(days=5)),),
    ),
]


@pytest.mark.parametrize(
    ("area", "domain", "n", "kwetsbaar"),
    [
        ("WK01", "veiligheid", 2, False),
        ("WK01", "opvoeding", 1, True),
        ("WK01", "wonen", 1, True),
        ("WK02", "opvoeding", 2, False),
        ("WK02", "veiligheid", 1, True),
    ],
)
def test_carriers(area: str, domain: str, n: int, kwetsbaar: bool) -> None:
    table = key_people.carriers(PEOPLE).set_index(["area_code", "domain"])
    assert table.loc[(area, domain), "n_people"] == n
    assert table.loc[(area, domain), "kwetsbaar"] == kwetsbaar


def test_per_area_counts_a_person_once_and_lists_empty_wijken() -> None:
    table = key_people.per_area(PEOPLE, ["WK01", "WK02", "WK03"]).set_index("area_code")
    assert table.loc["WK01"].tolist() == [2, 3, 2]
    assert table.loc["WK03"].tolist() == [0, 0, 0]


def test_ending_support_and_boxed_in() -> None:
    ending = key_people.ending_support(PEOPLE, TODAY)
    assert list(zip(ending["label"], ending["status"], strict=True)) == [
        ("schoolleider", key_people.ENDED),
        ("wijkbudget", key_people.ENDING),
    ]
    boxed = key_people.boxed_in(PEOPLE)
    assert boxed["person_id"].tolist() == [2]
    assert boxed.iloc[0]["uncovered"] == ["veiligheid", "wonen"]
    assert [p.id for p in key_people.unsupported(PEOPLE, TODAY)] == [1, 3]


def test_bridges_for_split_cells() -> None:
    alignment = pd.DataFrame(
        {
            "area_code": ["WK01", "BU0201", "WK01", "WK02"],
            "domain": ["veiligheid", "opvoeding", "wonen", "veiligheid"],
            "status": ["verdeeld", "verdeeld", "gedeeld urgent", "verdeeld"],
        }
    )
    found = key_people.bridges_for_split(alignment, PEOPLE, wijk_of={"BU0201": "WK02"})
    assert found[["area_code", "bridge"]].values.tolist() == [
        ["WK01", True],  # the buurtvader links both worlds
        ["BU0201", True],  # its wijk WK02 has the conciërge (bruggenbouwer) and the buurtvader
        ["WK02", True],
    ]
    assert found.iloc[1]["bridge_roles"] == ["buurtvader", "conciërge"]
    alone = key_people.bridges_for_split(alignment, PEOPLE[:1])
    assert not alone["bridge"].any()


def test_network_betweenness_and_sole_links() -> None:
    graph = key_network.build_graph(PEOPLE)
    # "Woningcorporatie" and "woningcorporatie" are one partner.
    assert graph.number_of_nodes() == 3 + 3
    central = key_network.centrality(graph)
    people = central[central["kind"] == key_network.PERSON]
    # The buurtvader stands between the moedergroep and the rest; the wijkagent bridges nothing.
    assert people["label"].tolist() == ["buurtvader", "conciërge", "wijkagent"]
    assert people["betweenness"].iloc[0] > 0 and people["betweenness"].iloc[-1] == 0
    assert central.iloc[0]["label"] == "Woningcorporatie"  # two people reach each other there
    sole = key_network.sole_links(graph)
    assert sole[["label", "role_label"]].values.tolist() == [
        ["moedergroep", "buurtvader"],
        ["politie", "wijkagent"],
    ]
    assert set(key_network.layout(graph)) == set(graph.nodes)
