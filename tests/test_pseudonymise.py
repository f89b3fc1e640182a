"""Pseudonymisation of notes: rules, placeholders, the user's lists, measured recall."""

from __future__ import annotations

import json
import logging
import re

import pytest

from urgentie.notes import pseudo_eval
from urgentie.notes.pseudonymise import (
    KIND_LABELS,
    Pseudonymiser,
    deduce_engine,
    engine_info,
    get_pseudonymiser,
)

PLACEHOLDER = re.compile(r"\[[A-Z-]+-\d+\]")


@pytest.fixture(scope="module")
def pseudo() -> Pseudonymiser:
    return get_pseudonymiser()


def _kinds(result) -> dict[str, str]:
    return {r.original: r.kind for r in result.replacements}


# (note, identifying detail that must be gone, kind it must be replaced as)
DETAILS = [
    # phone numbers in every notation
    ("Bel haar op 06-12345678.", "06-12345678", "telefoon"),
    ("Bel haar op 06 12 34 56 78.", "06 12 34 56 78", "telefoon"),
    ("Bel haar op 0612345678.", "0612345678", "telefoon"),
    ("Tel. +31 6 1234 5678 na vijven.", "+31 6 1234 5678", "telefoon"),
    ("Tel. +31 (0)30 765 4321.", "+31 (0)30 765 4321", "telefoon"),
    ("Tel. 0031 6 11 22 33 44.", "0031 6 11 22 33 44", "telefoon"),
    ("Spreekuur: 030-1234567.", "030-1234567", "telefoon"),
    ("Spreekuur: (030) 123 45 67.", "(030) 123 45 67", "telefoon"),
    ("Zijn Belgische nummer is +32 470 12 34 56.", "+32 470 12 34 56", "telefoon"),
    # e-mail, web, accounts
    ("Mail naar j.jansen@gmail.com voor info.", "j.jansen@gmail.com", "e-mail"),
    (
        "Mail naar buurthuis.oost@stichting-wijk.info.",
        "buurthuis.oost@stichting-wijk.info",
        "e-mail",
    ),
    ("Mail naar info(at)kookclub.nl.", "info(at)kookclub.nl", "e-mail"),
    ("Haar instagram is @yasmina_nails_010.", "@yasmina_nails_010", "account"),
    ("Zie www.amira-kookt.nl voor de catering.", "www.amira-kookt.nl", "website"),
    # ages
    ("Mevrouw Jansen (78) woont alleen.", "78", "leeftijd"),
    ("Een man van 67 klaagt over lawaai.", "67", "leeftijd"),
    ("De 67-jarige bewoner is verhuisd.", "67", "leeftijd"),
    ("Mevrouw van 81 loopt met een rollator.", "81", "leeftijd"),
    ("Ze heeft kinderen van 2, 5 en 8 jaar.", "5", "leeftijd"),
    ("Kwame Mensah, 17, wil helpen.", "17", "leeftijd"),
    ("Ik ben 33 en werk in de thuiszorg.", "33", "leeftijd"),
    ("Een tachtigjarige vrouw valt vaak.", "tachtig", "leeftijd"),
    # streets, buildings, numbers
    ("Ze woont aan de Molenstraat 14.", "Molenstraat 14", "adres"),
    ("Ze woont aan de Vogelenzangstraat 22b.", "Vogelenzangstraat 22b", "adres"),
    ("Hij woont op Ganzenmarkt 3-bis.", "Ganzenmarkt 3-bis", "adres"),
    ("Schimmel in de woning aan de Laan van Nieuw Guinea 33.", "Laan van Nieuw Guinea 33", "adres"),
    ("Kapotte lampen op het Dr. Schaepmanplein.", "Dr. Schaepmanplein", "straat"),
    ("Jongeren hangen rond bij het Julianapark.", "Julianapark", "straat"),
    ("Overlast in de Prins Hendriklaan.", "Prins Hendriklaan", "straat"),
    ("Schimmel in flat De Klokkenberg.", "De Klokkenberg", "straat"),
    ("De buurman op nr. 31 klaagt.", "31", "huisnummer"),
    ("Postcode 3521 AB, derde verdieping.", "3521 AB", "adres"),
    # shops and businesses
    ("Ze koopt brood bij bakkerij De Graaf.", "De Graaf", "organisatie"),
    ("Kapsalon Yasmina heeft camera's opgehangen.", "Yasmina", "organisatie"),
    ("Snackbar 't Hoekje is tot laat open.", "'t Hoekje", "organisatie"),
    ("Kiosk Bij Ali houdt een oogje in het zeil.", "Bij Ali", "organisatie"),
    # names deduce misses
    ("Özlem vertaalt voor haar moeder.", "Özlem", "persoon"),
    ("Şükrü van de moskee is er trots op.", "Şükrü", "persoon"),
    ("Gesprek met mevrouw Öztürk over de huur.", "Öztürk", "persoon"),
    ("Klacht van meneer Bos over de lift.", "Bos", "persoon"),
    ("Juf Anouk ziet kinderen zonder ontbijt.", "Anouk", "persoon"),
    ("Sociaal werker Fatima El Khattabi vertelt.", "Fatima El Khattabi", "persoon"),
    ("Aanspreekpunt: Marco Tjon-A-Fong.", "Marco Tjon-A-Fong", "persoon"),
    ("buurman kees heeft gebeld.", "kees", "persoon"),
    ("Familie Al-Hassan woont hier sinds 2022.", "Al-Hassan", "persoon"),
    # names after family words, also surnames that are trades, in lower case, double-barrelled
    ("Gezin Bakker heeft schulden.", "Bakker", "persoon"),
    ("Bij familie Mulder is het huis vochtig.", "Mulder", "persoon"),
    ("Fam. De Boer woont er al lang.", "De Boer", "persoon"),
    ("De familie Visser twee deuren verder heeft schimmel.", "Visser", "persoon"),
    ("gezin bakker woont krap", "bakker", "persoon"),
    ("Casus 3: gezin Bakker-de Groot, zorg om dochter.", "Bakker-de Groot", "persoon"),
    ("De gezinnen Timmerman en Koopman wonen hier al lang.", "Koopman", "persoon"),
    ("Mevrouw de Jong van het buurtteam belt terug.", "Jong", "persoon"),
    ("Tante Wil van 90 woont nog zelfstandig.", "90", "leeftijd"),
    ("Hij is zelf 79 en raakt uitgeput.", "79", "leeftijd"),
    ("Ahmeds kapsalon is dicht.", "Ahmed", "persoon"),
    ("Yasmina's zoon is ziek.", "Yasmina", "persoon"),
    # numbers that point to a person
    ("Verdachte auto, kenteken 12-ABC-3.", "12-ABC-3", "kenteken"),
    ("Rekening NL91 ABNA 0417 1643 00 staat rood.", "NL91 ABNA 0417 1643 00", "nummer"),
    ("Mohamed is geboren op 1 mei 1979.", "1 mei 1979", "datum"),
    ("Ze is geboren in 1956.", "1956", "datum"),
]


@pytest.mark.parametrize(("note", "detail", "kind"), DETAILS)
def test_identifying_detail_is_replaced(pseudo, note, detail, kind):
    result = pseudo.run(note)
    assert detail not in result.text
    covering = [r for r in result.replacements if detail in r.original or r.original in detail]
    assert covering, result.replacements
    assert any(r.kind == kind for r in covering), [(r.kind, r.original) for r in covering]


# (note, words that must survive unchanged)
KEPT = [
    ("Jeugdzorg en schuldhulp zijn betrokken bij het gezin.", ["Jeugdzorg", "schuldhulp"]),
    ("Wijkagent Peter de Vries zegt dat het beter gaat.", ["Wijkagent"]),
    ("Wijkagent Zuid meldt minder overlast.", ["Wijkagent Zuid"]),
    ("Veilig Thuis is ingeschakeld.", ["Veilig Thuis"]),
    ("Ze woont hier al 30 jaar.", ["30 jaar"]),
    ("De wachtlijst is gemiddeld 9 jaar.", ["9 jaar"]),
    ("Gesprek op 12-04-2025 in het buurthuis.", ["12-04-2025"]),
    ("In 2024 waren er 34 meldingen van woonoverlast.", ["2024", "34"]),
    ("Boodschappen bij de Albert Heijn op het plein.", ["Albert Heijn"]),
    ("De bewoners komen uit Rotterdam en Eindhoven.", ["Rotterdam", "Eindhoven"]),
    ("Oud-bewoner vertelt over vroeger.", ["Oud-bewoner"]),
    ("Vroeger was het gezellig in de wijk.", ["Vroeger"]),
    ("Energierekening is voor veel huishoudens te hoog.", ["Energierekening"]),
    ("Moeder spreekt weinig Nederlands, vader werkt.", ["Moeder", "Nederlands"]),
    ("Groep 8 heeft drie klassen met 28 leerlingen.", ["Groep 8", "28"]),
    ("De fietspad langs het schoolplein is smal.", ["fietspad", "schoolplein"]),
    ("Altrecht heeft hem opgenomen.", ["Altrecht"]),
    ("Portaal wil de flats slopen.", ["Portaal"]),
    ("Stichting Al Amal organiseert een iftar.", ["Al Amal"]),
    ("Basisschool De Regenboog heeft een ouderkamer.", ["De Regenboog"]),
    ("Het Rijk investeert in de wijk.", ["Rijk"]),
    ("Handhavers van Stadstoezicht zijn vaker zichtbaar.", ["Handhavers van Stadstoezicht"]),
    ("Volgens het CBS is het aandeel lage inkomens gestegen.", ["CBS"]),
]


@pytest.mark.parametrize(("note", "words"), KEPT)
def test_meaningful_words_survive(pseudo, note, words):
    result = pseudo.run(note)
    for word in words:
        assert word in result.text, result.text


def test_same_name_gets_same_placeholder(pseudo):
    note = "Fatima El Khattabi belt. Later zegt Fatima dat Ahmed ziek is; Ahmed blijft thuis."
    result = pseudo.run(note)
    assert result.text.count("[PERSOON-1]") == 2
    assert result.text.count("[PERSOON-2]") == 2
    assert "Fatima" not in result.text and "Ahmed" not in result.text


def test_different_details_get_different_numbers(pseudo):
    result = pseudo.run("Molenstraat 14 en Kerkstraat 3 kregen post; Molenstraat 14 twee keer.")
    assert result.text.count("[ADRES-1]") == 2
    assert "[ADRES-2]" in result.text


def test_replacements_point_into_the_original_and_rebuild_the_text(pseudo):
    note = "Mevrouw Jansen (78), Molenstraat 14, tel. 06-12345678, zoon Ruud."
    result = pseudo.run(note)
    rebuilt = note
    for r in sorted(result.replacements, key=lambda r: r.start, reverse=True):
        assert note[r.start : r.end] == r.original
        assert r.kind in KIND_LABELS
        assert r.rule
        rebuilt = rebuilt[: r.start] + r.placeholder + rebuilt[r.end :]
    assert rebuilt == result.text
    assert result.counts() == {"persoon": 2, "leeftijd": 1, "adres": 1, "telefoon": 1}


def test_safe_replacements_leave_out_the_original(pseudo):
    result = pseudo.run("Meneer Bos (71) belt 06-12345678.")
    safe = result.safe_replacements()
    assert [r["kind"] for r in safe] == ["persoon", "leeftijd", "telefoon"]
    assert "Bos" not in repr(safe) and "71" not in repr(safe) and "0612" not in repr(safe)
    assert all(r["label"] and r["rule"] for r in safe)


def test_placeholders_carry_no_markup(pseudo):
    note = 'Mevrouw <b>Jansen</b> mailt "ahmed@x.nl" & belt 06-12345678 <script>x</script>'
    result = pseudo.run(note)
    assert result.replacements
    for r in result.replacements:
        assert PLACEHOLDER.fullmatch(r.placeholder)
        assert not set(r.placeholder) & set("<>&\"'")


def test_empty_and_blank_notes(pseudo):
    assert pseudo.run("").text == ""
    assert pseudo.run("   \n").replacements == []


def test_extra_terms_are_always_replaced():
    note = "Het gele huis op de hoek trekt veel bezoek, zeggen de buren."
    assert get_pseudonymiser().run(note).text == note
    result = get_pseudonymiser(extra_terms=["het  GELE huis"]).run(note)
    assert result.text == "[TERM-1] op de hoek trekt veel bezoek, zeggen de buren."
    assert result.replacements[0].rule == "eigen lijst"


def test_keep_terms_protect_area_names_from_the_name_rules():
    note = "Wijkagent Lunetten meldt minder overlast. Lunetten vindt de buurt rustiger."
    assert "Lunetten" not in get_pseudonymiser().run(note).text
    kept = get_pseudonymiser(keep_terms=["Lunetten"]).run(note)
    assert kept.text.count("Lunetten") == 2


def test_keep_terms_do_not_hide_an_address():
    result = get_pseudonymiser(keep_terms=["Molenstraat"]).run("Ze woont op Molenstraat 14.")
    assert "14" not in result.text


def test_pseudonymisers_are_cached_and_share_one_deduce():
    first = get_pseudonymiser(extra_terms=["a", "b"])
    assert get_pseudonymiser(extra_terms=["b", "a"]) is first
    assert get_pseudonymiser(extra_terms=["c"]) is not first
    assert deduce_engine() is deduce_engine()
    info = engine_info()
    assert info is not None and info.seconds > 0


def test_deduce_does_not_leave_debug_logging_on_stdout():
    deduce_engine()
    root = logging.getLogger()
    assert root.level != logging.DEBUG
    assert not [h for h in root.handlers if type(h) is logging.StreamHandler]


AREA_NAMES = ("De Brink", "Oude Ring", "Molenwijk", "Lindeplein", "Voorbeeldstad")

# (note with an area or place of the gemeente, the place words that must stay)
PLACES = [
    ("We spraken bij de Brink met bewoners.", "bij de Brink"),
    ("Op de Brink hangen jongeren.", "Op de Brink"),
    ("De Brink is opgeknapt.", "De Brink"),
    ("Rond de Brink is het druk.", "Rond de Brink"),
    ("Op de Oude Ring is de leegstand gestegen.", "Op de Oude Ring"),
    ("In Molenwijk 18 procent van de huishoudens.", "Molenwijk 18 procent"),
    ("Op het Lindeplein hangen elke avond jongens rond.", "Lindeplein"),
    ("Begeleider van de Regenboogschool maakt zich zorgen.", "Regenboogschool"),
]


@pytest.mark.parametrize(("note", "place"), PLACES)
def test_place_of_the_gemeente_is_no_person(note, place):
    result = get_pseudonymiser(keep_terms=AREA_NAMES).run(note)
    assert place in result.text, result.replacements
    assert result.replacements == []


@pytest.mark.parametrize(
    ("note", "place"),
    [
        ("De Brink is opgeknapt.", "De Brink"),
        ("Bij de Markt staat een kraam.", "de Markt"),
        ("Bewoners van Zuilen willen meer groen.", "van Zuilen"),
        ("In Leidsche Rijn zijn veel jonge gezinnen.", "In Leidsche Rijn"),
        ("Op de Grote Markt hangen 's avonds jongeren.", "de Grote Markt"),
    ],
)
def test_place_noun_after_an_article_is_no_person_even_without_area_names(pseudo, note, place):
    result = pseudo.run(note)
    assert place in result.text and not result.replacements


def test_a_name_that_runs_into_a_place_ends_before_it(pseudo):
    result = pseudo.run("Familie De Wit uit de Rivierenwijk belt.")
    assert result.text == "Familie [PERSOON-1] uit de Rivierenwijk belt."


def test_a_name_that_contains_an_area_name_is_still_replaced():
    result = get_pseudonymiser(keep_terms=("Esch",)).run("Ellen van Esch woont in de Esch.")
    assert "Ellen" not in result.text and result.text.endswith("woont in de Esch.")


def test_parse_marked_offsets():
    text, spans = pseudo_eval.parse_marked("Bij [[persoon:Ahmed]] op [[adres:Molenstraat 1]].")
    assert text == "Bij Ahmed op Molenstraat 1."
    assert [(s.kind, text[s.start : s.end]) for s in spans] == [
        ("persoon", "Ahmed"),
        ("adres", "Molenstraat 1"),
    ]


def test_corpus_is_large_and_varied():
    corpus = pseudo_eval.load_corpus()
    assert len(corpus) >= 60
    kinds = {g.kind for note in corpus for g in note.gold}
    assert {"persoon", "leeftijd", "adres", "straat", "telefoon", "e-mail", "organisatie"} <= kinds
    assert {n.set for n in corpus} == {"dev", "test", "holdout"}
    assert len({n.context for n in corpus}) >= 8


def test_measured_recall_meets_the_declared_thresholds(pseudo):
    metrics = pseudo_eval.evaluate(pseudo_eval.load_corpus(), pseudo)
    assert metrics.recall >= pseudo_eval.RECALL_THRESHOLD, metrics.missed
    for kind in ("telefoon", "e-mail"):
        assert metrics.recall_by_kind[kind] >= pseudo_eval.CONTACT_RECALL_THRESHOLD, metrics.missed
    assert metrics.precision >= pseudo_eval.PRECISION_THRESHOLD, metrics.false_positive_texts


def test_names_no_list_knows_are_still_found(pseudo):
    swapped = pseudo_eval.swap_unknown_names(pseudo_eval.load_corpus())
    metrics = pseudo_eval.evaluate(swapped, pseudo)
    assert metrics.recall_by_kind["persoon"] >= pseudo_eval.UNKNOWN_NAME_THRESHOLD, metrics.missed


def test_our_rules_add_to_deduce():
    corpus = pseudo_eval.load_corpus()
    ours = pseudo_eval.evaluate(corpus)
    baseline = pseudo_eval.deduce_only(corpus)
    assert ours.recall > baseline.recall
    assert ours.recall_by_kind["straat"] > baseline.recall_by_kind["straat"]
    assert ours.recall_by_kind["leeftijd"] > baseline.recall_by_kind["leeftijd"]


def test_no_codebook_term_or_role_is_damaged(pseudo):
    words = pseudo_eval.meaning_words()
    assert len(words) > 500
    assert pseudo_eval.domain_word_damage(words, pseudo) == []


def test_evaluate_cli_prints_json(capsys):
    assert pseudo_eval.main(["--evaluate", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["overall"]["recall"] >= pseudo_eval.RECALL_THRESHOLD
    assert figures["ms_per_note_mean"] > 0
    assert set(figures["by_set"]) == {"dev", "test", "holdout"}
    assert figures["round1"]["recall"] >= pseudo_eval.RECALL_THRESHOLD


def test_deduce_cache_falls_back_to_the_data_dir_when_the_package_is_read_only(
    data_dir, monkeypatch
):
    import deduce

    from urgentie.notes import pseudonymise

    monkeypatch.setattr(pseudonymise.os, "access", lambda *_a: False)
    cache = pseudonymise._cache_dir()
    assert cache == data_dir / "cache" / f"deduce-{deduce.__version__}"
    monkeypatch.setattr(pseudonymise.os, "access", lambda *_a: True)
    assert pseudonymise._cache_dir().parts[-3:] == ("deduce", "data", "lookup")


def test_gemeente_corpus_meets_the_targets_with_its_area_names():
    score = pseudo_eval.evaluate_file(pseudo_eval.GEMEENTE_CORPUS_PATH)
    assert len(score.metrics.missed) <= 0.05 * score.metrics.details, score.metrics.missed
    assert score.meets_targets(), score.metrics.false_positive_texts
    assert "De Brink" in score.keep_terms
    assert set(score.metrics.precision_by_kind) == set(score.metrics.replacements_by_kind)


def test_round1_corpus_is_a_development_set_with_the_gemeente_area_names():
    corpus = pseudo_eval.load_corpus(pseudo_eval.ROUND1_CORPUS_PATH)
    assert len(corpus) >= 100
    assert sum(len(n.gold) for n in corpus) >= 300
    assert {n.set for n in corpus} == {"dev"}
    keep = pseudo_eval.corpus_keep_terms(pseudo_eval.ROUND1_CORPUS_PATH)
    assert {"De Brink", "Het Veld", "Lindenhof"} <= set(keep)
    header = pseudo_eval.ROUND1_CORPUS_PATH.read_text(encoding="utf-8")[:1500]
    assert "92.0 %" in header and "NO LONGER HELD OUT" in header


def test_round1_corpus_meets_the_declared_thresholds_as_regression():
    score = pseudo_eval.evaluate_file(pseudo_eval.ROUND1_CORPUS_PATH)
    assert score.metrics.recall >= pseudo_eval.RECALL_THRESHOLD, score.metrics.missed
    assert score.metrics.precision >= pseudo_eval.PRECISION_THRESHOLD, (
        score.metrics.false_positive_texts
    )
    for kind in ("telefoon", "e-mail"):
        assert score.metrics.recall_by_kind[kind] >= pseudo_eval.CONTACT_RECALL_THRESHOLD


def test_round1_names_no_list_knows_are_still_found():
    path = pseudo_eval.ROUND1_CORPUS_PATH
    swapped = pseudo_eval.swap_unknown_names(pseudo_eval.load_corpus(path))
    pseudo = get_pseudonymiser(keep_terms=pseudo_eval.corpus_keep_terms(path))
    metrics = pseudo_eval.evaluate(swapped, pseudo)
    assert metrics.recall_by_kind["persoon"] >= pseudo_eval.UNKNOWN_NAME_THRESHOLD, metrics.missed
    assert metrics.precision >= pseudo_eval.PRECISION_THRESHOLD, metrics.false_positive_texts


def test_area_names_are_what_keeps_street_like_areas(tmp_path):
    """Without the gemeente's area names a buurt called "Parklaan" reads as a street: the file's
    keep_terms (or --gemeente) are what makes the score equal to what an import does."""
    marked = "notes:\n  - id: a\n    text: Jongeren racen op de Parklaan.\n"
    path = tmp_path / "a.yaml"
    path.write_text(marked, encoding="utf-8")
    without = pseudo_eval.evaluate_file(path)
    assert without.metrics.false_positives == 1 and without.metrics.precision == 0.0
    kept = pseudo_eval.evaluate_file(path, ["Parklaan"])
    assert kept.metrics.replacements == 0 and kept.metrics.precision == 1.0


# (file content, words of the Dutch error)
BAD_FILES = [
    ("notes: [", "geen geldige YAML"),
    ("- a\n- b\n", "geen lijst 'notes:'"),
    ("notes:\n  - id: x\n", "geen 'text'"),
    ("notes:\n  - id: x\n    text: Bij [[naam:Ahmed]].\n", "onbekende soort"),
    ("keep_terms: Brink\nnotes:\n  - text: a\n", "'keep_terms' moet een lijst"),
]


@pytest.mark.parametrize(("content", "message"), BAD_FILES)
def test_eval_pseudo_cli_explains_a_bad_file_in_dutch(tmp_path, capsys, content, message):
    from urgentie.cli import main

    path = tmp_path / "slecht.yaml"
    path.write_text(content, encoding="utf-8")
    assert main(["notes", "eval-pseudo", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_eval_pseudo_cli_scores_a_file_per_kind(tmp_path, capsys):
    from urgentie.cli import main

    path = tmp_path / "nieuw.yaml"
    path.write_text(
        "notes:\n"
        "  - id: a\n"
        "    text: Gezin [[persoon:Bakker]] woont aan de [[adres:Kerkeweg 12]], "
        "bel [[telefoon:06-12345678]].\n"
        "  - id: b\n"
        "    text: Op de Brink wonen veel ouderen.\n",
        encoding="utf-8",
    )
    assert main(["notes", "eval-pseudo", str(path), "--behoud", "De Brink"]) == 0
    out = capsys.readouterr().out
    assert "recall    100.0%  (3/3" in out and "precisie  100.0%" in out
    assert re.search(r"persoon\s+100\.0% \(1/1\)\s+100\.0% \(1/1\)", out), out
    assert main(["notes", "eval-pseudo", str(path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["recall_by_kind"] == {"adres": 1.0, "persoon": 1.0, "telefoon": 1.0}
    assert figures["doel_gehaald"] is True


def test_eval_pseudo_cli_keeps_the_area_names_of_a_stored_gemeente(data_dir, tmp_path, capsys):
    from tests.notes_support import make_areas
    from urgentie.cli import main

    make_areas(data_dir)
    path = tmp_path / "wijk.yaml"
    path.write_text("notes:\n  - text: Overlast bij de Rozenhof.\n", encoding="utf-8")
    assert main(["notes", "eval-pseudo", str(path)]) == 1  # "Rozenhof" reads as a street
    capsys.readouterr()
    assert main(["notes", "eval-pseudo", str(path), "--gemeente", "gm9999"]) == 0
    assert "Rozenhof" in capsys.readouterr().out
