"""The session's logic: agenda, device ids, join links, the story of the demo wijk Oude Haven,
the room's results against the earlier voices, and the dated summary."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from demo_support import OUDE_HAVEN, copy_template, notes_store
from PIL import Image

from urgentie.analysis import evidence as ev
from urgentie.analysis.profile import profile_table, strengths
from urgentie.analysis.shared import shared_urgency
from urgentie.demo import DEMO_CODE
from urgentie.domains import DOMAIN_KEYS
from urgentie.errors import UserError
from urgentie.notes.coding import load_codebook
from urgentie.session import device, links
from urgentie.session.agenda import agenda_of, ballot, new_agenda
from urgentie.session.results import (
    comparison_sentence,
    participants,
    result_text,
    round_results,
)
from urgentie.session.story import (
    STATUS_ORDER,
    Story,
    build_story,
    by_status,
    earlier_evidence,
    voice_text,
)
from urgentie.session.summary import SessionInfo, file_name, summary_html
from urgentie.store.areas import AreaStore

# --- agenda ---------------------------------------------------------------------------------------


def test_agenda_keeps_the_catalogue_order_and_round_trips() -> None:
    agenda = new_agenda("wk999902", ["wonen", "veiligheid", "opvoeding"], 2024, "Oude Haven")
    assert agenda.area_code == "WK999902"
    assert agenda.domains == ("opvoeding", "wonen", "veiligheid")
    assert agenda_of(agenda.to_config()) == agenda


@pytest.mark.parametrize(
    ("code", "domains", "message"),
    [
        ("", ["wonen"], "Kies de wijk"),
        ("BU99990201", ["wonen"], "Kies de wijk"),
        ("WK999902", [], "minstens één domein"),
        ("WK999902", ["wonen", "verkeer"], "Onbekend domein: verkeer"),
    ],
)
def test_agenda_refuses_what_cannot_be_voted_on(code: str, domains: list[str], message: str):
    with pytest.raises(UserError, match=message):
        new_agenda(code, domains)


def test_a_session_without_domains_votes_on_all_nine() -> None:
    assert agenda_of({"wijk": "WK999902"}).domains == DOMAIN_KEYS


def test_dont_know_is_no_vote_rather_than_a_three() -> None:
    votes = ballot("WK999902", {"wonen": 4, "veiligheid": None, "scholing": 1})
    assert votes == {("WK999902", "wonen"): 4, ("WK999902", "scholing"): 1}


# --- device ids ---------------------------------------------------------------------------------


def test_participant_id_is_stable_per_session_and_unlinkable_across_sessions() -> None:
    phone, other = device.new_token(), device.new_token()
    assert phone != other and device.valid_token(phone) == phone
    first = device.participant_id(phone, "ABC234")
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert device.participant_id(phone, "abc234") == first  # codes are case-insensitive
    assert device.participant_id(other, "ABC234") != first
    assert device.participant_id(phone, "XYZ789") != first
    assert phone not in first


@pytest.mark.parametrize(
    "cookie",
    ["", "kort", 'abc"; alert(1); "' + "x" * 20, "a" * 65, None, 12345, "é" * 30],
)
def test_a_cookie_that_is_not_our_token_is_ignored(cookie: object) -> None:
    assert device.valid_token(cookie) is None
    with pytest.raises(ValueError):
        device.cookie_script(str(cookie))


def test_cookie_script_writes_only_the_token() -> None:
    token = device.new_token()
    script = device.cookie_script(token)
    assert f'"{device.COOKIE_NAME}={token}; Max-Age=' in script
    assert "SameSite=Lax" in script and "Path=/" in script


# --- join links -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page_url", "base"),
    [
        ("http://localhost:8501/sessie", "http://localhost:8501"),
        ("http://10.0.0.5:8501/sessie/", "http://10.0.0.5:8501"),
        ("https://urgentie.example.nl/wijken/sessie", "https://urgentie.example.nl/wijken"),
        ("https://urgentie.example.nl/", "https://urgentie.example.nl"),
    ],
)
def test_app_base_drops_the_page(page_url: str, base: str) -> None:
    assert links.app_base(page_url) == base


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:8501", True),
        ("http://127.0.0.1:8501", True),
        ("http://[::1]:8501", True),
        ("http://0.0.0.0:8501", True),
        ("http://192.168.1.20:8501", False),
        ("https://urgentie.example.nl", False),
    ],
)
def test_local_only_addresses(url: str, local: bool) -> None:
    assert links.is_local_only(url) is local


def test_localhost_is_replaced_by_the_network_address_for_phones() -> None:
    assert links.reachable_base("http://localhost:8501", "192.168.1.20") == (
        "http://192.168.1.20:8501",
        True,
    )
    assert links.reachable_base("http://localhost:8501", None) == ("http://localhost:8501", False)
    public = "https://urgentie.example.nl"
    assert links.reachable_base(public, "192.168.1.20") == (public, False)
    assert links.join_url(public + "/", "abc234") == public + "/stem?sessie=ABC234"


def test_qr_code_is_a_black_and_white_png_that_grows_with_the_link() -> None:
    short = Image.open(io.BytesIO(links.qr_png("http://10.0.0.5:8501/stem?sessie=ABC234")))
    long = Image.open(
        io.BytesIO(links.qr_png("https://urgentie.example.nl/" + "x" * 120 + "/stem?sessie=A"))
    )
    assert short.format == "PNG" and short.width == short.height
    assert long.width > short.width  # more data, more modules
    colours = {c for _, c in short.convert("L").getcolors()}
    assert colours == {0, 255}


# --- the story of Oude Haven (the demo) -----------------------------------------------------


@pytest.fixture(scope="module")
def oude_haven(
    demo_notes_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Story, pd.DataFrame]:
    root = copy_template(demo_notes_template, tmp_path_factory.mktemp("oude_haven"))
    areas = AreaStore(root)
    notes = notes_store(root)
    try:
        frame = areas.load(DEMO_CODE, 2024)
        codes = notes.codes_frame(DEMO_CODE)
        evidence = ev.combine(notes.ratings_frame(DEMO_CODE), codes, pd.DataFrame())
        texts = notes.notes_frame(DEMO_CODE)
    finally:
        notes.engine.dispose()
    shared = shared_urgency(frame, evidence, level="wijk")
    years = {y: areas.load(DEMO_CODE, y) for y in areas.years(DEMO_CODE)}
    book = load_codebook()
    story = build_story(
        shared,
        OUDE_HAVEN,
        list(DOMAIN_KEYS),
        gemeente="Voorbeeldstad",
        strengths=strengths(profile_table(OUDE_HAVEN, years), limit=6),
        codes=codes,
        concern_terms={d: {t.phrase for t in v.zorgen} for d, v in book.domains.items()},
    )
    return story, texts


def test_step_three_names_the_gap_the_demo_was_designed_with(oude_haven) -> None:
    story, _ = oude_haven
    line = next(a for a in story.alignment if a.domain == "veiligheid")
    assert line.status == "verdeeld"
    assert re.fullmatch(
        r"Beleid ziet urgentie, professionals niet \(\d,\d tegen \d,\d\)\.", line.sentence
    )
    high, low = (float(x.replace(",", ".")) for x in re.findall(r"\d,\d", line.sentence))
    assert high - low >= 1.5  # the declared GAP
    ordered = by_status(story.alignment)
    assert [STATUS_ORDER.index(a.status) for a in ordered] == sorted(
        STATUS_ORDER.index(a.status) for a in story.alignment
    )
    assert ordered[0].status == "verdeeld"


def test_step_two_shows_every_voice_with_its_n(oude_haven) -> None:
    story, _ = oude_haven
    assert len(story.voices) == 4 * len(DOMAIN_KEYS)
    safety = story.voices[story.voices["domain"] == "veiligheid"].set_index("voice")
    assert safety.loc["beleid", "urgency"] > safety.loc["professional", "urgency"] + 1.5
    assert safety.loc["beleid", "counts"] and safety.loc["professional", "counts"]
    assert safety.loc["professional", "n"] >= 3
    # Registered crime (police, CBS 47018NED) gives the figures a voice on safety too.
    assert safety.loc["cijfers", "n"] == 4 and safety.loc["cijfers", "counts"]
    assert voice_text(float("nan"), 0, "cijfers") == "geen cijfers"


@pytest.mark.parametrize(
    ("urgency", "n", "voice", "text"),
    [
        (4.25, 4, "beleid", "4,3 (n=4)"),
        (2.0, 2, "bewoner", "te weinig (n=2)"),
        (float("nan"), 0, "professional", "niemand"),
        (2.0, 1, "cijfers", "2,0 (1 cijfer)"),
        (3.0, 9, "cijfers", "3,0 (9 cijfers)"),
    ],
)
def test_voice_labels(urgency: float, n: int, voice: str, text: str) -> None:
    assert voice_text(urgency, n, voice) == text


def test_step_one_places_the_wijk_among_the_ten(oude_haven) -> None:
    story, _ = oude_haven
    c = story.concentration
    assert c.of == 10 and c.rank is not None and 1 <= c.rank <= 10
    sentences = c.sentences()
    assert f"Plaats {c.rank} van de 10 wijken (plaats 1 = de meeste zorg)." in sentences
    assert all("Oude Haven" in s for s in sentences[:1])


def test_step_four_shows_terms_and_counts_never_note_text(oude_haven) -> None:
    story, texts = oude_haven
    assert story.note_strengths, "the demo tells that things went better in Oude Haven"
    phrases = set(load_codebook().all_phrases())
    for item in story.note_strengths:
        assert item.notes == sum(item.by_perspective.values())
        for term in item.terms:
            assert term.removeprefix("geen ") in phrases
    assert story.figure_strengths  # Oude Haven is better than average on several figures
    summary = summary_html(_info(), story, {}, demo=True, generated=datetime(2026, 3, 14, 20, 5))
    wijk_texts = texts[texts["area_code"].astype(str).str.startswith(("WK999902", "BU999902"))]
    assert len(wijk_texts) >= 10
    for text in wijk_texts["text"]:
        assert str(text)[:40] not in summary


def test_earlier_voices_leave_out_this_sessions_votes_only() -> None:
    votes = pd.DataFrame(
        {
            "session_id": ["ABC234", "ABC234", "OLD999"],
            "round": [1, 2, 1],
            "participant": ["p1", "p1", "p2"],
            "perspective": ["bewoner"] * 3,
            "area_code": [OUDE_HAVEN] * 3,
            "domain": ["wonen"] * 3,
            "rating": [5, 4, 2],
            "created_at": pd.to_datetime(["2026-03-01"] * 3),
        }
    )
    evidence = ev.combine(pd.DataFrame(), pd.DataFrame(), votes)
    earlier = earlier_evidence(evidence, "abc234")
    assert list(earlier["respondent"]) == ["stem:OLD999:1:p2"]


# --- the room's results -----------------------------------------------------------------------


def _votes(rows: list[tuple[str, str, str, int]], round_: int = 1) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "session_id": "ABC234",
                "round": round_,
                "participant": p,
                "perspective": persp,
                "area_code": OUDE_HAVEN,
                "domain": d,
                "rating": r,
            }
            for p, persp, d, r in rows
        ]
    )


def _earlier() -> pd.DataFrame:
    rows = [("beleid", 4.2, 4, True), ("professional", 2.0, 7, True), ("bewoner", 3.0, 2, False)]
    return pd.DataFrame(
        [
            {"domain": "veiligheid", "voice": v, "urgency": u, "n": n, "counts": c}
            for v, u, n, c in rows
        ]
    )


def test_round_results_per_domain_and_perspective() -> None:
    votes = _votes(
        [
            ("a", "bewoner", "veiligheid", 4),
            ("b", "bewoner", "veiligheid", 2),
            ("d", "bewoner", "veiligheid", 3),
            ("c", "beleid", "veiligheid", 5),
            ("a", "bewoner", "wonen", 3),
        ]
    )
    assert participants(votes) == 4
    table = round_results(votes, OUDE_HAVEN, ["veiligheid", "wonen"], _earlier())
    table = table.set_index(["domain", "perspective"])
    assert table.loc[("veiligheid", "bewoner"), "mean"] == 3.0
    assert table.loc[("veiligheid", "bewoner"), "n"] == 3
    # One vote of beleid and one bewoner on wonen: too few to show a mean (MIN_VOTES = 3).
    assert table.loc[("veiligheid", "beleid"), "n"] == 1
    assert pd.isna(table.loc[("veiligheid", "beleid"), "mean"])
    assert pd.isna(table.loc[("wonen", "bewoner"), "mean"])
    assert table.loc[("veiligheid", "beleid"), "earlier"] == 4.2
    assert not table.loc[("veiligheid", "bewoner"), "earlier_counts"]  # n = 2 < 3
    assert table.loc[("veiligheid", "professional"), "n"] == 0
    assert pd.isna(table.loc[("veiligheid", "professional"), "mean"])
    assert table.loc[("wonen", "bewoner"), "n"] == 1
    assert len(table) == 2 * 3


@pytest.mark.parametrize(
    ("room", "n", "earlier", "expected"),
    [
        (4.2, 5, 3.0, "Wonen: de zaal ziet meer urgentie dan eerder (4,2 tegen 3,0)."),
        (2.0, 5, 3.0, "Wonen: de zaal ziet minder urgentie dan eerder (2,0 tegen 3,0)."),
        (3.4, 5, 3.0, "Wonen: de zaal ziet het ongeveer zoals eerder (3,4 tegen 3,0)."),
        (float("nan"), 0, 3.0, "Wonen: nog geen stemmen."),
        (
            3.5,
            3,
            float("nan"),
            "Wonen: de zaal geeft 3,5; eerder was er te weinig om te vergelijken.",
        ),
        (3.5, 2, 3.0, "Wonen: nog te weinig stemmen."),
        # Judged as shown: 3,45 and 2,96 read "3,5" and "3,0", half a point apart.
        (3.45, 5, 2.96, "Wonen: de zaal ziet meer urgentie dan eerder (3,5 tegen 3,0)."),
    ],
)
def test_room_against_earlier_in_words(room: float, n: int, earlier: float, expected: str):
    assert comparison_sentence("wonen", room, n, earlier) == expected


@pytest.mark.parametrize(
    ("mean", "n", "expected"),
    [
        (4.0, 3, "4,0 (n=3)"),
        (1.0, 1, "te weinig stemmen"),
        (2.5, 2, "te weinig stemmen"),
        (float("nan"), 0, "–"),
    ],
)
def test_a_group_below_min_votes_shows_no_mean(mean: float, n: int, expected: str) -> None:
    assert result_text(mean, n) == expected


# --- the summary ----------------------------------------------------------------------------------

TITLE = "<script>alert('x')</script> & {{ zaal }}"


def _info(is_open: bool = False) -> SessionInfo:
    return SessionInfo("ABC234", TITLE, datetime(2026, 3, 12, 19, 30), 2, is_open)


def _small_story() -> Story:
    from urgentie.session.story import AlignmentLine, Concentration

    voices = pd.DataFrame(
        [
            {"domain": d, "voice": v, "urgency": u, "n": n, "counts": n >= 3 or v == "cijfers"}
            for d, v, u, n in [
                ("veiligheid", "beleid", 4.2, 4),
                ("veiligheid", "professional", 2.0, 7),
                ("veiligheid", "bewoner", 3.0, 2),
                ("veiligheid", "cijfers", float("nan"), 0),
            ]
        ]
    )
    return Story(
        area_code=OUDE_HAVEN,
        name="Oude <Haven>",
        gemeente="Voorbeeldstad",
        domains=("veiligheid",),
        concentration=Concentration(OUDE_HAVEN, "Oude <Haven>", -0.4, 7, 10, 0, 8, ()),
        voices=voices,
        alignment=[
            AlignmentLine(
                "veiligheid",
                "verdeeld",
                "Beleid ziet urgentie, professionals niet (4,2 tegen 2,0).",
            )
        ],
        figure_strengths=[],
        note_strengths=[],
    )


def test_summary_is_dated_escaped_and_self_contained() -> None:
    rounds = {
        1: _votes([("a", "bewoner", "veiligheid", 4), ("b", "beleid", "veiligheid", 5)]),
        2: _votes([("a", "bewoner", "veiligheid", 2)], round_=2),
    }
    page = summary_html(
        _info(is_open=True),
        _small_story(),
        rounds,
        demo=False,
        generated=datetime(2026, 3, 14, 9, 15),
    )
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; {{ zaal }}" in page
    assert "Oude &lt;Haven&gt;" in page
    assert "sessie van 12-03-2026" in page and "gemaakt op 14-03-2026 om 09:15" in page
    assert not re.search(r"(https?:)?//", page)  # no link, image, font or script from anywhere
    assert not re.search(r"<(link|img|iframe|object)\b", page)
    assert "Bron: CBS, Kadaster/PDOK — CC BY 4.0" in page
    assert "demogegevens" not in page
    assert "Ronde 1: 2 deelnemers" in page and "Ronde 2 (loopt nog): 1 deelnemer" in page
    assert "Beleid ziet urgentie, professionals niet (4,2 tegen 2,0)." in page
    assert "@media print" in page
    assert file_name("ABC234", datetime(2026, 3, 12).date()) == (
        "urgentiekaart_sessie_ABC234_2026-03-12.html"
    )


def test_summary_of_the_demo_says_so_and_of_a_session_without_votes_too() -> None:
    page = summary_html(_info(), _small_story(), {}, demo=True, generated=datetime(2026, 3, 14))
    assert "demogegevens (fictief)" in page  # the wording of every page
    assert "Er is in deze sessie niet gestemd." in page
