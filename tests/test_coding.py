"""The codebook and the automatic coder: validation, Dutch morphology, negation, cues, urgency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from urgentie.domains import DOMAIN_KEYS
from urgentie.errors import UserError
from urgentie.notes.coding import (
    CODEBOOK_PATH,
    CODING_PRECISION_THRESHOLD,
    CODING_RECALL_THRESHOLD,
    DEESCALATIE,
    ESCALATIE,
    KRACHT,
    ZORG,
    CodeHit,
    Cue,
    code_text,
    evaluate_coding,
    load_codebook,
    load_eval_sentences,
    main,
    parse_codebook,
    urgency_from_cues,
    word_forms,
)


@pytest.fixture(scope="module")
def book():
    return load_codebook()


def codes(text: str, book) -> set[str]:
    return {f"{h.domain}:{h.polarity}" for h in code_text(text, book)}


# -- the codebook ----------------------------------------------------------------------------


def test_codebook_covers_every_domain_richly(book):
    assert book.version
    assert set(book.domains) == set(DOMAIN_KEYS)
    for key, terms in book.domains.items():
        assert len(terms.zorgen) >= 20, key
        assert len(terms.krachten) >= 15, key
    assert len(book.escalation) >= 10
    assert len(book.deescalation) >= 10
    assert len(book.digest) == 16


def test_codebook_file_documents_its_syntax():
    header = CODEBOOK_PATH.read_text(encoding="utf-8").split("\nversie:")[0]
    for topic in ("zorgen", "krachten", "escalatie", "deescalatie", "gedeeld", "*", "="):
        assert topic in header


def _raw() -> dict:
    return yaml.safe_load(CODEBOOK_PATH.read_text(encoding="utf-8"))


def _problem(raw: dict) -> str:
    with pytest.raises(UserError) as err:
        parse_codebook(raw)
    return str(err.value)


def test_codebook_without_a_domain_is_refused():
    raw = _raw()
    del raw["domeinen"]["wonen"]
    assert "Domein 'wonen' ontbreekt" in _problem(raw)


def test_codebook_with_an_unknown_domain_is_refused():
    raw = _raw()
    raw["domeinen"]["sport"] = {"zorgen": ["x"], "krachten": ["y"]}
    assert "Onbekend domein 'sport'" in _problem(raw)


def test_codebook_term_under_two_domains_must_be_declared():
    raw = _raw()
    raw["domeinen"]["wonen"]["zorgen"].append("overlast")
    assert "'overlast' staat als zorg onder" in _problem(raw)
    raw["gedeeld"].append("overlast")
    assert parse_codebook(raw).domains["wonen"].zorgen[-1].phrase == "overlast"


def test_codebook_term_cannot_be_concern_and_strength():
    raw = _raw()
    raw["domeinen"]["wonen"]["krachten"].append("schimmel")
    assert "zowel bij zorgen als bij krachten" in _problem(raw)


def test_codebook_needs_a_version_string_and_lists_every_problem_at_once():
    raw = _raw()
    raw["versie"] = 2026.1
    raw["domeinen"]["scholing"]["krachten"] = []
    message = _problem(raw)
    assert "'versie'" in message
    assert "scholing.krachten" in message


def test_damaged_codebook_file_gives_a_dutch_error(tmp_path: Path):
    path = tmp_path / "codeboek.yaml"
    path.write_text("versie: [onaf\n", encoding="utf-8")
    with pytest.raises(UserError, match="geen geldige YAML"):
        load_codebook(path)
    with pytest.raises(UserError, match="niet te lezen"):
        load_codebook(tmp_path / "bestaat-niet.yaml")


def book_default():
    return load_codebook()


def test_a_users_own_codebook_file_is_loaded(tmp_path: Path):
    raw = _raw()
    raw["versie"] = "eigen-1"
    raw["domeinen"]["wonen"]["zorgen"].append("kakkerlakken")
    path = tmp_path / "eigen.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    own = load_codebook(path)
    assert own.version == "eigen-1"
    # A term the analyst added after the model was trained counts on its own.
    assert "wonen:zorg" in codes("Overal kakkerlakken in de keuken.", own)
    assert "wonen:zorg" not in codes("Overal kakkerlakken in de keuken.", book_default())


# -- morphology --------------------------------------------------------------------------------

FORMS = [
    ("dealen", "gedeald"),
    ("dealen", "dealt"),
    ("dealen", "dealden"),
    ("spijbelen", "spijbelt"),
    ("spijbelen", "gespijbeld"),
    ("verhuizen", "verhuisd"),
    ("opknappen", "opgeknapt"),
    ("vereenzamen", "vereenzaamd"),
    ("inbraak", "inbraken"),
    ("straat", "straten"),
    ("plek", "plekken"),
    ("huis", "huizen"),
    ("kapot", "kapotte"),
    ("speeltuin", "speeltuintjes"),
    ("bankje", "bankjes"),
    ("ziekte", "ziekten"),
    ("camera", "camera's"),
    ("schimmel", "schimmelig"),
    ("vochtig", "vochtige"),
]


@pytest.mark.parametrize(("term", "form"), FORMS)
def test_word_forms_cover_dutch_inflection(term, form):
    assert form in word_forms(term)


@pytest.mark.parametrize(("term", "other"), [("veilig", "onveilig"), ("onveilig", "veiligheid")])
def test_word_forms_never_cross_into_another_word(term, other):
    assert other not in word_forms(term)


# -- coding table ------------------------------------------------------------------------------

CODED = [
    # inflections and verb forms
    ("Er wordt gedeald bij de flat.", {"veiligheid:zorg"}),
    ("De dealers staan bij de school.", {"veiligheid:zorg"}),
    ("Er is twee keer ingebroken.", {"veiligheid:zorg"}),
    ("Ze is sinds de verhuizing vereenzaamd.", {"sociaal_functioneren:zorg"}),
    ("Schimmelige muren in de badkamer.", {"wonen:zorg"}),
    ("Hij spijbelt elke vrijdag.", {"scholing:zorg"}),
    # compounds with the term as head
    ("Veel woonoverlast in het portiek.", {"veiligheid:zorg"}),
    ("Geluidsoverlast en jongerenoverlast.", {"veiligheid:zorg"}),
    ("De woninginbraken nemen toe.", {"veiligheid:zorg"}),
    # words that must not match
    ("De veiligheid was het onderwerp van de avond.", set()),
    ("Ze maakten mooie fietstochten door de polder.", set()),
    ("De vergadering begint om acht uur.", set()),
    ("[PERSOON-1] woont aan de [STRAAT-1].", set()),
    # negation flips concerns and strengths
    ("Er is geen overlast.", {"veiligheid:kracht"}),
    ("Het is niet onveilig hier.", {"veiligheid:kracht"}),
    ("Ik voel me niet veilig.", {"veiligheid:zorg"}),
    ("Er zijn nauwelijks inbraken geweest.", {"veiligheid:kracht"}),
    ("Er is weinig contact tussen de buren.", {"sociaal_functioneren:zorg"}),
    ("Niet alleen overlast maar ook drugs.", {"veiligheid:zorg"}),
    ("De overlast is niet te harden.", {"veiligheid:zorg"}),
    ("Overlast is er niet meer.", {"veiligheid:kracht"}),
    ("Geen werk, wel schulden.", {"werk_inkomen:zorg"}),
    # strengths and concerns side by side
    (
        "Het park is opgeknapt, maar overal zwerfvuil.",
        {"fysieke_leefomgeving:zorg", "fysieke_leefomgeving:kracht"},
    ),
    ("Nieuwe bankjes, netjes en schoon.", {"fysieke_leefomgeving:kracht"}),
    (
        "Veel schulden, maar hij heeft een vaste baan gevonden.",
        {"werk_inkomen:zorg", "werk_inkomen:kracht"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), CODED)
def test_code_text(book, text, expected):
    assert codes(text, book) == expected


ONE_PER_DOMAIN = {
    "opvoeding": "De ouders zijn overbelast en er is een vechtscheiding.",
    "scholing": "Veel leerlingen hebben een taalachterstand.",
    "sociaal_functioneren": "Ze is erg eenzaam sinds haar man overleed.",
    "werk_inkomen": "Het gezin gaat elke week naar de voedselbank.",
    "gezondheid": "Veel ouderen hebben diabetes of COPD.",
    "wonen": "Er zit schimmel in alle badkamers.",
    "veiligheid": "Er wordt steeds vaker gedeald.",
    "fysieke_leefomgeving": "Overal hondenpoep en zwerfvuil.",
    "energietransitie": "De energierekening is niet meer op te brengen.",
}


@pytest.mark.parametrize("key", DOMAIN_KEYS)
def test_every_domain_has_a_sentence_that_codes_to_it(book, key):
    assert f"{key}:zorg" in codes(ONE_PER_DOMAIN[key], book)


def test_a_hit_explains_itself(book):
    (hit,) = code_text("Veel woonoverlast, het wordt steeds erger.", book)
    assert hit.domain == "veiligheid" and hit.polarity == ZORG
    assert hit.terms == ["overlast"]
    assert hit.words == ["woonoverlast"]
    assert hit.cue == "steeds erger"
    explanation = hit.explain()
    assert "'woonoverlast' (overlast)" in explanation
    assert "steeds erger" in explanation


def test_negation_is_explained_and_meer_is_a_signal(book):
    (better,) = code_text("Er is geen overlast meer sinds de camera's weg zijn.", book)
    assert better.polarity == KRACHT
    assert better.negations == ["geen overlast meer"]
    assert [c.direction for c in better.cues] == [DEESCALATIE]
    (worse,) = code_text("Ik voel me niet meer veilig.", book)
    assert worse.polarity == ZORG
    assert worse.cues[0].direction == ESCALATIE


def test_a_cue_in_the_next_sentence_belongs_to_the_codes_before_it(book):
    hits = code_text("Er wordt gedeald bij de flat. Niemand doet iets!", book)
    assert [h.cue for h in hits] == ["Niemand doet iets"]


def test_a_negated_cue_is_no_signal(book):
    hits = code_text("Er is overlast, maar het wordt niet steeds erger.", book)
    assert all(not h.cues for h in hits)


# -- urgency -----------------------------------------------------------------------------------


def _hit(polarity: str, terms: int = 1, cues: tuple[str, ...] = ()) -> CodeHit:
    return CodeHit(
        "veiligheid",
        polarity,
        [f"t{i}" for i in range(terms)],
        cues=[Cue(d, d, i) for i, d in enumerate(cues)],
    )


URGENCY = [
    ([], None),
    ([_hit(ZORG)], 4.0),
    ([_hit(ZORG, cues=(ESCALATIE,))], 4.5),
    ([_hit(ZORG, cues=(ESCALATIE, ESCALATIE))], 5.0),
    ([_hit(ZORG, cues=(ESCALATIE, ESCALATIE, ESCALATIE))], 5.0),
    ([_hit(KRACHT)], 2.0),
    ([_hit(KRACHT, cues=(DEESCALATIE,))], 1.5),
    ([_hit(KRACHT, cues=(DEESCALATIE, DEESCALATIE, DEESCALATIE))], 1.0),
    ([_hit(ZORG), _hit(KRACHT)], 3.0),
    ([_hit(ZORG, terms=3), _hit(KRACHT)], 3.5),
    ([_hit(ZORG, cues=(DEESCALATIE,))], 3.5),
]


@pytest.mark.parametrize(("hits", "expected"), URGENCY)
def test_urgency_from_cues(hits, expected):
    assert urgency_from_cues(hits) == expected


def test_urgency_selects_one_domain(book):
    hits = code_text("Schimmel in huis. Er wordt gedeald, steeds erger.", book)
    assert urgency_from_cues(hits, "veiligheid") == 4.5
    assert urgency_from_cues(hits, "wonen") == 4.0
    assert urgency_from_cues(hits, "scholing") is None


# -- measured quality --------------------------------------------------------------------------


def test_evaluation_set_is_large_and_covers_every_domain():
    sentences = load_eval_sentences()
    assert len(sentences) >= 40
    coded = {c.split(":")[0] for _, expected in sentences for c in expected}
    assert coded == set(DOMAIN_KEYS)
    assert any(not expected for _, expected in sentences)


def test_measured_precision_and_recall_meet_the_declared_thresholds(book):
    metrics = evaluate_coding(load_eval_sentences(), book)
    assert metrics.precision >= CODING_PRECISION_THRESHOLD, metrics.errors
    assert metrics.recall >= CODING_RECALL_THRESHOLD, metrics.errors
    assert metrics.empty_correct == metrics.empty_total


def test_cli_evaluate_json_and_explain(capsys):
    assert main(["--evaluate", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["sentences"] >= 40
    assert main(["--text", "Er wordt gedeald, steeds erger."]) == 0
    out = capsys.readouterr().out
    assert "'gedeald' (dealen)" in out
    assert "urgentie Veiligheid en criminaliteit: 4.5" in out
