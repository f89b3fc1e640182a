"""Postcodes on Mijn wijk: the CBS postcode–huisnummer file (a fixture in CBS's own format),
PDOK's Locatieserver (recorded responses), the KWB fallback, a postcode in two wijken, and
names found with typos."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import responses
from apptest_support import open_page

from urgentie.analysis.postcode_lookup import (
    FROM_FILE,
    FROM_KWB,
    FROM_PDOK,
    find_wijken,
    name_choice,
    parse_postcode,
    suggest_names,
)
from urgentie.cli import main
from urgentie.demo import DEMO_CODE
from urgentie.demo.postcodes import SHARED_POSTCODE
from urgentie.errors import UserError
from urgentie.sources.http import DownloadError, RetryPolicy
from urgentie.sources.locatieserver import FREE_URL, wijk_counts
from urgentie.sources.postcode_file import read_postcode_file
from urgentie.store.areas import AreaStore
from urgentie.store.postcodes import load_index, postcode_index, save_index

# CBS writes the codes as bare numbers (leading zeros dropped): 3440101 is BU03440101.
CBS_CSV = """PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024
3511AB;1;3440101;34401;344
3511AB;3;3440101;34401;344
3511AB;5;3440201;34402;344
3511AC;2;3440101;34401;344
3512XY;10;3440201;34402;344
3741AA;1;3100001;31000;310
"""


@pytest.fixture
def cbs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pc6hnr20240801_gwb.csv"
    path.write_text(CBS_CSV, encoding="utf-8")
    return path


def _areas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["GM0344", "WK034401", "WK034402", "BU03440101", "BU03440201"],
            "naam": ["Utrecht", "Binnenstad", "Oost", "Domplein", "Wittevrouwen"],
            "niveau": ["gemeente", "wijk", "wijk", "buurt", "buurt"],
            "wijk_code": [None, "WK034401", "WK034402", "WK034401", "WK034402"],
            "postcode": [None, None, None, "3511", "3581"],
        }
    )


def test_the_cbs_file_gives_cbs_codes_and_its_year(cbs_file: Path) -> None:
    frame, jaar = read_postcode_file(cbs_file)
    assert jaar == 2024
    first = frame.iloc[0]
    assert (first["pc6"], first["buurt_code"], first["wijk_code"], first["gemeente_code"]) == (
        "3511AB",
        "BU03440101",
        "WK034401",
        "GM0344",
    )
    assert set(frame["gemeente_code"]) == {"GM0344", "GM0310"}
    only, _ = read_postcode_file(cbs_file, "GM0310")
    assert list(only["wijk_code"]) == ["WK031000"]


def test_the_cbs_zip_is_read_as_cbs_ships_it(cbs_file: Path, tmp_path: Path) -> None:
    archive = tmp_path / "2024-cbs-pc6huisnr20240801_buurt.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(cbs_file, "pc6hnr20240801_gwb.csv")
        z.writestr("gem_2024.csv", "GM2024;GM_NAAM\n344;Utrecht\n")
    frame, jaar = read_postcode_file(archive)
    assert jaar == 2024 and len(frame) == 6


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("PC6;Huisnummer;Buurt2024\n3511AB;1;3440101\n", "Wijk<jaar>, Gemeente<jaar> ontbreken"),
        ("postcode,huisnummer\n3511AB,1\n", "niet het CBS-bestand"),
        ("PC6;Huisnummer;Buurt2024;Wijk2024;Gemeente2024\nabc;1;1;1;1\n", "geen geldige postcodes"),
    ],
)
def test_a_wrong_file_is_explained_in_dutch(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "pc6hnr20240801_gwb.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        read_postcode_file(path)


def test_the_index_counts_addresses_per_wijk_and_survives_a_round_trip(
    cbs_file: Path, tmp_path: Path
) -> None:
    frame, jaar = read_postcode_file(cbs_file)
    index = postcode_index(frame, jaar)
    row = index[(index["pc6"] == "3511AB") & (index["wijk_code"] == "WK034401")].iloc[0]
    assert row["adressen"] == 2
    written = save_index(frame, jaar, tmp_path)
    assert written == {"GM0310": 1, "GM0344": 3}
    pd.testing.assert_frame_equal(
        load_index("GM0344", tmp_path),
        postcode_index(frame[frame["gemeente_code"] == "GM0344"], jaar),
    )
    assert load_index("GM0999", tmp_path).empty


@pytest.mark.parametrize(
    ("text", "wijken", "source"),
    [
        ("3511 ac", ("WK034401",), FROM_FILE),  # only in the file, not the KWB's postcode
        ("3512XY", ("WK034402",), FROM_FILE),
        ("3511AB", ("WK034401", "WK034402"), FROM_FILE),  # two wijken: most addresses first
        ("3511", ("WK034401", "WK034402"), FROM_FILE),  # four digits: all its postcodes
        ("3581 ZZ", ("WK034402",), FROM_KWB),  # not in the file: the buurt's common postcode
        ("3741AA", None, None),  # in the file, but another gemeente
        ("9999ZZ", None, None),
        ("geen", None, None),
    ],
)
def test_a_postcode_finds_its_wijken(cbs_file: Path, text: str, wijken, source) -> None:
    frame, jaar = read_postcode_file(cbs_file, "GM0344")
    found = find_wijken(text, _areas(), postcode_index(frame, jaar))
    if wijken is None:
        assert found is None
    else:
        assert (found.wijken, found.source) == (wijken, source)
        assert found.ambiguous == (len(wijken) > 1)


def _pdok_answer(codes: list[str]) -> dict:
    """A Locatieserver answer as PDOK gives it: ``response.docs`` with the fields asked for."""
    docs = [
        {
            "wijkcode": c,
            "buurtcode": "BU" + c[2:] + "01",
            "gemeentecode": c[2:6],
            "postcode": "3511AB",
        }
        for c in codes
    ]
    return {"response": {"numFound": len(docs), "start": 0, "maxScore": 1.0, "docs": docs}}


@responses.activate
def test_pdok_knows_a_postcode_the_file_does_not() -> None:
    responses.get(FREE_URL, json=_pdok_answer(["WK034402", "WK034402", "WK034401"]))
    counts = wijk_counts("3584CS")
    assert counts == Counter({"WK034402": 2, "WK034401": 1})
    request = responses.calls[0].request
    assert "postcode%3A3584CS" in request.url and "type%3Aadres" in request.url
    found = find_wijken("3584 cs", _areas(), None, wijk_counts)
    assert found.wijken == ("WK034402", "WK034401") and found.source == FROM_PDOK


@responses.activate
def test_pdok_down_is_a_download_error_and_the_kwb_still_answers() -> None:
    responses.get(FREE_URL, status=503)
    with pytest.raises(DownloadError):
        wijk_counts("3581AA", RetryPolicy(attempts=2, backoff=0, sleep=lambda _s: None))

    def unreachable(_postcode: str) -> Counter[str]:
        return Counter()

    found = find_wijken("3581AA", _areas(), None, unreachable)
    assert found.source == FROM_KWB


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3511 ab", ("3511", "3511AB")), ("3511", ("3511", None)), ("0123AB", None), ("", None)],
)
def test_postcodes_are_parsed(text: str, expected) -> None:
    parsed = parse_postcode(text)
    assert (parsed.pc4, parsed.pc6) == expected if expected else parsed is None


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Oude Havn", "Oude Haven"),
        ("oude haven", "Oude Haven"),
        ("Lindehof", "Lindenhof"),
        ("zuiderpark", "Zuiderpark"),
        ("qqqq", None),
    ],
)
def test_names_are_found_with_typos(typed: str, first: str | None) -> None:
    labels = ["Oude Haven", "Lindenhof", "Zuiderpark", "Centrum", "De Brink"]
    found = suggest_names(typed, labels)
    assert (found[0] if found else None) == first


def test_cli_imports_the_postcode_file(cbs_file: Path, data_dir: Path, capsys) -> None:
    assert main(["data", "postcodes", str(cbs_file), "--gemeente", "gm0344"]) == 0
    assert "5 adressen (2024), 3 postcodes opgeslagen voor 1 gemeente" in capsys.readouterr().out
    assert set(load_index("GM0344")["pc6"]) == {"3511AB", "3511AC", "3512XY"}
    assert main(["data", "postcodes", str(cbs_file), "--gemeente", "Utrecht"]) == 2
    assert "geen gemeentecode" in capsys.readouterr().err


# --- on the page, with the demo (its own postcode file, imported when the demo is built) -------
@pytest.fixture
def offline_demo(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("URGENTIE_POSTCODE_LIVE", "false")
    return demo_data


def test_every_demo_postcode_finds_its_wijk(offline_demo: Path) -> None:
    index = load_index(DEMO_CODE, offline_demo)
    areas = AreaStore(offline_demo).load(DEMO_CODE, 2024).drop(columns="geometry")
    assert index["pc6"].nunique() > 100
    for pc6, rows in index.groupby("pc6"):
        found = find_wijken(pc6, areas, index)
        assert found is not None and set(found.wijken) == set(rows["wijk_code"]), pc6


def test_a_postcode_in_two_wijken_asks_which(offline_demo: Path) -> None:
    app = open_page("mijn_wijk")
    app.text_input(key="_w_mijnwijk_postcode").input(SHARED_POSTCODE).run()
    assert not app.exception
    # Not silently one of them (through app.py the key exists, reset to None).
    assert "gebied" not in app.session_state or app.session_state["gebied"] is None
    question = app.radio[0]
    assert question.label == "Deze postcode ligt in meer dan één wijk. In welke woont u?"
    assert len(question.options) == 2 and all("adressen" in o for o in question.options)
    question.set_value(question.options[1]).run()
    assert app.session_state["gebied"] == "WK999902"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Oude Haven", ("gekozen", ["WK999902"])),
        ("Oude Havn", ("bedoelt", ["Oude Haven"])),
        ("lindehof", ("bedoelt", ["Lindenhof"])),
        ("qqqq", ("onbekend", [])),
    ],
)
def test_a_typed_name_is_chosen_suggested_or_explained(typed: str, expected) -> None:
    options = {"Oude Haven": "WK999902", "Lindenhof": "WK999906", "Centrum": "WK999901"}
    kind, items = name_choice(typed, options)
    assert (kind, items[:1]) == (expected[0], expected[1][:1])
