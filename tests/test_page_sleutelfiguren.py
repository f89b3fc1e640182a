"""The Sleutelfiguren page with AppTest on the demo: flags, add, edit, withdraw, export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from apptest_support import as_read, open_page
from streamlit.testing.v1 import AppTest

from urgentie.store import db
from urgentie.store.schema import KEY_PEOPLE_TABLES

K = "kp_form_"


@pytest.fixture
def app(demo_data: Path) -> AppTest:
    at = open_page("sleutelfiguren", timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    return at


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _fill(at: AppTest, **values: object) -> None:
    for key, value in values.items():
        widget = at.get("text_input") + at.get("text_area")
        found = [w for w in widget if w.key == K + key]
        if found:
            found[0].set_value(value)
            continue
        for kind in ("selectbox", "multiselect", "date_input"):
            hits = [w for w in at.get(kind) if w.key == K + key]
            if hits:
                hits[0].set_value(value)
                break
        else:
            raise KeyError(key)


def _submit(at: AppTest) -> None:
    button = next(b for b in at.get("button") if "Opslaan" in str(b.label))
    button.click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def _dump(data_dir: Path) -> str:
    engine = db.open_engine(f"sqlite:///{data_dir / 'urgentie.sqlite'}")
    with engine.connect() as conn:
        rows = [
            str(tuple(r))
            for t in KEY_PEOPLE_TABLES
            for r in conn.execute(sa.text(f"SELECT * FROM {t}"))
        ]
    engine.dispose()
    return "\n".join(rows)


def test_demo_register_shows_its_figures_and_flags(app: AppTest) -> None:
    metrics = _metrics(app)
    assert metrics["Sleutelfiguren"] == "14"
    assert metrics["Steun eindigt binnen een jaar"] == "4"
    assert metrics["In hokjes geduwd"] == "5"
    assert metrics["Domeinen op één persoon"] == "17"  # the sum of test_demo_key_people's table
    warnings = [w.value for w in app.warning]
    assert any("voorzitter bewonersvereniging Centrum" in w and "verstreken" in w for w in warnings)
    assert any("gesprekken noemen de vrijwilligers" in m.value for m in app.markdown)  # signals
    specs = [p.proto.spec for p in app.get("plotly_chart")]  # the network is drawn
    assert any("buurtbemiddelaar Oude Haven" in s and "Sleutelfiguur" in s for s in specs)


def test_add_edit_withdraw_and_refusals(app: AppTest, demo_data: Path) -> None:
    _fill(
        app,
        role="sleutelfiguur speeltuin Lindenhof",
        wijken=["WK999906"],
        domains=["opvoeding"],
        name="Tineke Voorbeeld",
    )
    _submit(app)
    errors = [e.value for e in app.error]
    assert any("alleen bewaard met vastgelegde toestemming" in e for e in errors)
    assert "Tineke" not in _dump(demo_data)

    _fill(app, role="imam Lindenhof", name="")
    _submit(app)
    assert any("geloof" in e.value for e in app.error)

    _fill(
        app,
        role="sleutelfiguur speeltuin Lindenhof",
        name="Tineke Voorbeeld",
        c_date=date.today(),
        c_by="wijkregisseur Lindenhof",
    )
    _submit(app)
    assert any("is opgeslagen" in s.value for s in app.success)
    assert _metrics(app)["Sleutelfiguren"] == "15"
    assert "Tineke Voorbeeld" in _dump(demo_data)  # stored, with its consent

    pick = next(s for s in app.selectbox if s.key == K + "pick")
    new_id = max(o for o in pick.options if o != "Nieuwe sleutelfiguur")
    label = next(o for o in pick.options if o.startswith("Nr") and "speeltuin" in o)
    pick.set_value(int(label.split()[1]))
    app.run()
    role = next(t for t in app.text_input if t.key == K + "role")
    assert role.value == "sleutelfiguur speeltuin Lindenhof"
    role.set_value("sleutelfiguur speeltuin Lindenhof-Oost")
    _submit(app)
    assert any("Lindenhof-Oost" in as_read(s.value) for s in app.success)

    pick = next(s for s in app.selectbox if s.key == K + "pick")
    pick.set_value(int(label.split()[1]))
    app.run()
    next(c for c in app.checkbox if c.key.startswith(K + "sure_")).check()
    app.run()
    next(b for b in app.button if b.key == K + "withdraw").click()
    app.run()
    assert not app.exception
    assert any("ingetrokken en gewist" in s.value for s in app.success)
    assert _metrics(app)["Sleutelfiguren"] == "14"
    dump = _dump(demo_data)
    assert "Tineke" not in dump and "speeltuin" not in dump  # no row, no audit text
    assert new_id is not None


def test_gedeelde_urgentie_says_whether_a_verdeeld_cell_has_a_bridge(demo_data: Path) -> None:
    from urgentie.views import gedeeld

    at = open_page("gedeelde_urgentie", query={"gebied": "WK999902"})
    at.session_state[gedeeld.DOMAIN_KEY] = "veiligheid"
    at.run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "**Brug:** buurtbemiddelaar Oude Haven (Sleutelfiguren)" in texts
    at.session_state[gedeeld.DOMAIN_KEY] = "wonen"  # verdeeld too, and nobody bridges it
    at.run()
    texts = [m.value for m in at.markdown]
    assert any(t.startswith("<span") and "≠ verdeeld" in t for t in texts)  # the cell's pill
    assert "**Brug:** geen sleutelfiguur die hier instellingen en bewoners verbindt " in "".join(
        texts
    )
    at.session_state[gedeeld.DOMAIN_KEY] = "energietransitie"  # not verdeeld: no bridge line
    at.run()
    texts = [m.value for m in at.markdown]
    pill = next(t for t in texts if t.startswith("<span") and "font-weight:600" in t)
    assert "verdeeld" not in pill, pill
    assert not any(t.startswith("**Brug:**") for t in texts)


@pytest.mark.shared_data
def test_on_real_utrecht_wijken(
    data_dir: Path, shared_cbs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real CBS KWB file and wijk boundaries of Utrecht: labels with real wijk names pass
    the screen, the figures name the real wijken, and the map draws all ten."""
    from urgentie.cli import main
    from urgentie.keypeople import screen
    from urgentie.keypeople.records import KeyPerson, Link, default_review_date
    from urgentie.store.areas import AreaStore
    from urgentie.store.key_people import KeyPeopleStore

    monkeypatch.setenv("URGENTIE_DEMO", "off")
    assert (
        main(["data", "import", str(shared_cbs / "kerncijfers" / "kwb-2024_GM0344_utrecht.xlsx")])
        == 0
    )
    assert main(["data", "import", str(shared_cbs / "geo" / "wijken_2024_nl_wgs84.geojson")]) == 0
    wijken = AreaStore(data_dir).load("GM0344", 2024, "wijk").set_index("code")["naam"]
    first, second = wijken.index[0], wijken.index[1]
    store = KeyPeopleStore(db.open_engine())
    finder = screen.pseudonymiser_finder(keep_terms=list(wijken))
    for role, areas, links in [
        (f"buurtvader {wijken[first]}", (first,), (Link("leef", f"bewoners {wijken[first]}"),)),
        (f"wijkagent {wijken[first]}", (first,), (Link("systeem", "politie"),)),
        ("opbouwwerker", (first, second), (Link("systeem", "welzijnsorganisatie"),)),
    ]:
        person = KeyPerson(
            gemeente_code="GM0344",
            role_label=role,
            person_type="frontliniewerker",
            world="professional",
            organisation_kind="welzijn",
            areas=areas,
            domains=("veiligheid",),
            review_date=default_review_date(),
            links=links,
        )
        store.save(person, "test", finder, known_areas=set(wijken.index))
    at = open_page("sleutelfiguren", query={"gemeente": "GM0344"}, timeout=180)
    assert not at.exception, [e.message for e in at.exception]
    assert _metrics(at)["Sleutelfiguren"] == "3"
    carriers = next(d.value for d in at.dataframe if "Kwetsbaar" in d.value.columns)
    rows = dict(zip(carriers["Wijk"], carriers["Sleutelfiguren"], strict=True))
    assert rows == {wijken[first]: 3, wijken[second]: 1}
    # The map layer on the real boundaries: all ten wijken, the two with people classed by
    # their kwetsbare domains, the eight without hatched.
    from urgentie.analysis import key_people
    from urgentie.keypeople import present
    from urgentie.mapdata import encode_shapes

    shapes = encode_shapes(AreaStore(data_dir).load_map_geometry("GM0344", 2024, "wijk"))
    areas = wijken.rename("naam").rename_axis("code").reset_index()
    per_area = key_people.per_area(store.people("GM0344"), list(wijken.index))
    layer = present.kwetsbaar_layer(shapes, areas, per_area)
    assert layer.count == 10
    legend = {e.label: e.count for e in layer.entries}
    assert legend["niemand geregistreerd"] == 8
    assert legend["0 domeinen"] == 1 and legend["1 domein"] == 1  # first: 3 people; second: 1
