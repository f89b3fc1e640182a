"""The pseudonymiser's context rules (round 2): lower-case names, streets without a street
ending, bare house numbers, case numbers, ages of several people, and what must stay.

Every sentence here is written for this test; none is taken from an evaluation set."""

from __future__ import annotations

import pytest

from urgentie.notes import pseudo_lexicon as lex
from urgentie.notes.pseudonymise import Pseudonymiser, get_pseudonymiser


@pytest.fixture(scope="module")
def pseudo() -> Pseudonymiser:
    return get_pseudonymiser()


def _replaced(pseudo: Pseudonymiser, note: str, detail: str) -> bool:
    """Whether every character of ``detail`` (first occurrence) lies inside a replacement."""
    result = pseudo.run(note)
    start = note.index(detail)
    covered = {i for r in result.replacements for i in range(r.start, r.end)}
    return all(i in covered for i in range(start, start + len(detail)) if not note[i].isspace())


def _untouched(pseudo: Pseudonymiser, note: str, word: str) -> bool:
    result = pseudo.run(note)
    start = note.index(word)
    return not any(r.start < start + len(word) and start < r.end for r in result.replacements)


LOWER_NAMES = [
    # after a cue word or phrase
    ("ik heb het tegen gerrit gezegd, maar hij luistert niet.", "gerrit"),
    ("bel henk maar, die heeft de sleutel.", "henk"),
    ("dat is ans van de overkant, die weet het.", "ans"),
    ("de hond van marloes blaft de hele nacht.", "marloes"),
    ("mijn buurvrouw truus doet boodschappen voor me.", "truus"),
    # opening a clause, a verb in the singular after it
    ("ja wilma zegt dat ook al maanden.", "wilma"),
    ("maar ferry heeft er nooit last van gehad.", "ferry"),
    ("thea van drie hoog die zegt dat de lift weer stuk is.", "thea"),
    # joined to a name found so
    ("gerda van kevin zegt dat hij niet meer naar school gaat.", "kevin"),
    # a comma opens a clause too
    ("de man van de overkant, lucas heet hij geloof ik, rijdt te hard.", "lucas"),
    # a surname particle that is no Dutch word, with what follows
    ("el haddaoui van beneden heeft weer een feest.", "el haddaoui"),
    ("familie el ouali woont er al lang.", "el ouali"),
    # a lower-case surname after a form of address, with or without a particle
    ("mevr jansen belde over de schimmel.", "jansen"),
    ("meneer van dijk heeft geklaagd over de bomen.", "van dijk"),
]


@pytest.mark.parametrize(("note", "name"), LOWER_NAMES)
def test_lower_case_name_in_a_cue_context_is_replaced(pseudo, note, name):
    assert _replaced(pseudo, note, name), pseudo.run(note).replacements


def test_a_lower_case_name_found_once_is_replaced_everywhere(pseudo):
    note = "de kat van sanne zit weer in de tuin. sanne woont op de hoek."
    result = pseudo.run(note)
    assert "sanne" not in result.text
    assert len({r.placeholder for r in result.replacements if r.kind == "persoon"}) == 1


ORDINARY_WORDS = [
    ("er is weer hoop voor de wijk.", "hoop"),
    ("hij speelt bas in een bandje in het buurthuis.", "bas"),
    ("ik kom met roos en tulp uit de tuin.", "roos"),
    ("ik wil dat het ophoudt.", "wil"),
    ("het was druk met mensen van de woningbouw.", "mensen"),
    ("ja die zegt dat het niet klopt, maar ja.", "die"),
]


@pytest.mark.parametrize(("note", "word"), ORDINARY_WORDS)
def test_ordinary_word_in_a_cue_context_stays(pseudo, note, word):
    assert _untouched(pseudo, note, word), pseudo.run(note).replacements


@pytest.mark.parametrize("word", sorted(lex.ORDINARY_FIRST_NAMES))
def test_no_listed_ordinary_word_is_taken_for_a_lower_case_name(pseudo, word):
    note = f"ik zei tegen {word} dat het klopt."
    assert _untouched(pseudo, note, f" {word} ".strip()), pseudo.run(note).replacements


CAPITALISED_IN_CONTEXT = [
    ("ik zei tegen Hoop dat het goed kwam.", "Hoop"),
    ("Bewoners noemen hem Trovalik, meer weten ze niet.", "Trovalik"),
    ("maar Velrinda wil niet verhuizen.", "Velrinda"),
    ("Storm (6) speelt graag in de zandbak.", "Storm"),
    ("Drovan en Kelmira (beiden 15) spijbelen vaak.", "Kelmira"),
]


@pytest.mark.parametrize(("note", "name"), CAPITALISED_IN_CONTEXT)
def test_capitalised_name_no_list_knows_is_found_by_its_context(pseudo, note, name):
    assert _replaced(pseudo, note, name), pseudo.run(note).replacements


STREETS = [
    ("Het afval ligt in de steeg Achter de Molen.", "Achter de Molen"),
    ("De kraam aan de Dam staat er elke zaterdag.", "Dam"),
    ("Het hek aan de Zeedijk staat al weken open.", "Zeedijk"),
    ("Ze woont in die grote flat, De Reiger, op drie hoog.", "De Reiger"),
    ("Het feest is dit jaar op Plein 1918.", "Plein 1918"),
    ("ik woon in de berkenlaan sinds de renovatie.", "berkenlaan"),
    ("op de hoek van de beukenstraat en de vinkenweg is het donker.", "vinkenweg"),
    ("ze woont aan de Zwanebloem 4 met haar kinderen.", "Zwanebloem 4"),
]


@pytest.mark.parametrize(("note", "street"), STREETS)
def test_street_without_a_street_ending_is_replaced(pseudo, note, street):
    assert _replaced(pseudo, note, street), pseudo.run(note).replacements


PLACES_AND_NOUNS_THAT_STAY = [
    ("Hij verhuist volgend jaar naar Zeedijk.", "Zeedijk"),
    ("Het is druk in de winkelstraat en op het schoolplein.", "winkelstraat"),
    ("De vrachtwagen stond op de ringweg in de weg.", "ringweg"),
    ("Voor de Kerst is er een buurtdiner.", "Kerst"),
    ("Ik ga met mijn zoon naar de markt.", "markt"),
]


@pytest.mark.parametrize(("note", "word"), PLACES_AND_NOUNS_THAT_STAY)
def test_place_or_ordinary_noun_stays(pseudo, note, word):
    assert _untouched(pseudo, note, word), pseudo.run(note).replacements


HOUSE_NUMBERS = [
    ("hij woont op 27 geloof ik.", "27"),
    ("ze heeft vroeger op 3c gewoond.", "3c"),
    ("de buren van 41 maken elke nacht herrie.", "41"),
    ("bij die van 17a staat de politie weer voor de deur.", "17a"),
    ("Bij nr. 8 en 10 staat het water in de kelder.", "10"),
    ("we wonen op nummer 4 t/m 8 in hetzelfde blok.", "8"),
]


@pytest.mark.parametrize(("note", "number"), HOUSE_NUMBERS)
def test_bare_house_number_is_replaced(pseudo, note, number):
    assert _replaced(pseudo, note, number), pseudo.run(note).replacements


NUMBERS_THAT_STAY = [
    ("We verhuizen op 2 mei, we wonen hier al 20 jaar.", "2"),
    ("Er wonen op 60 adressen alleenstaande ouderen.", "60"),
    ("De vergadering begint op 19 uur; daarna wonen we de presentatie bij.", "19"),
    ("De A2 en de N201 waren dicht door een ongeluk.", "N201"),
    ("Zaak 2024 is nog niet behandeld.", "2024"),
    ("Het plan van 2019 was beter dan die van 2023.", "2023"),
    ("Het aantal COVID-19 besmettingen daalde.", "COVID-19"),
]


@pytest.mark.parametrize(("note", "number"), NUMBERS_THAT_STAY)
def test_date_time_count_or_road_stays(pseudo, note, number):
    assert _untouched(pseudo, note, number), pseudo.run(note).replacements


CASE_NUMBERS = [
    ("Zijn klantnummer is 7730215, graag vermelden.", "7730215", "nummer"),
    ("Dossier AB-2023-5512 loopt nog bij de gemeente.", "AB-2023-5512", "nummer"),
    ("Kenmerk: ZK/4471 staat op de brief.", "ZK/4471", "nummer"),
    ("De code WM-0048812 staat op haar pas.", "WM-0048812", "nummer"),
    ("kenteken 45-kxl-9 staat er elke avond.", "45-kxl-9", "kenteken"),
]


@pytest.mark.parametrize(("note", "code", "kind"), CASE_NUMBERS)
def test_case_number_or_plate_is_replaced(pseudo, note, code, kind):
    result = pseudo.run(note)
    assert _replaced(pseudo, note, code), result.replacements
    assert kind in {r.kind for r in result.replacements}


AGES = [
    ("Haar ouders zijn 72 en 75.", ["72", "75"]),
    ("Ze zijn 44 en 46 en hebben drie kinderen.", ["44", "46"]),
    ("Er loopt een zekere Gerrit rond, rond de 40.", ["40"]),
]


@pytest.mark.parametrize(("note", "ages"), AGES)
def test_ages_of_several_people_are_replaced(pseudo, note, ages):
    result = pseudo.run(note)
    for age in ages:
        assert any(r.original == age and r.kind == "leeftijd" for r in result.replacements), (
            result.replacements
        )


NOT_A_PERSON = [
    ("Aanmelden kan bij het buurthuis.", "Aanmelden"),
    ("Parkeren mag hier niet meer.", "Parkeren"),
    ("De huisarts zoekt een oplossing voor mensen van 75 jaar en ouder.", "75"),
    ("Ouderen van 80 of ouder krijgen een huisbezoek.", "80"),
]


@pytest.mark.parametrize(("note", "word"), NOT_A_PERSON)
def test_verb_as_subject_or_age_group_stays(pseudo, note, word):
    assert _untouched(pseudo, note, word), pseudo.run(note).replacements


@pytest.mark.parametrize(
    ("note", "number", "kept"),
    [
        ("In Heideveld 30 eengezinswoningen zijn gerenoveerd.", "30", True),
        ("Mevrouw woont aan de Heideveld 30, tweede verdieping.", "30", False),
    ],
)
def test_number_after_an_area_name_is_a_count_when_a_plural_noun_follows(note, number, kept):
    pseudo = get_pseudonymiser(keep_terms=["Heideveld"])
    assert _untouched(pseudo, note, number) is kept, pseudo.run(note).replacements


@pytest.mark.parametrize(
    "name",
    [
        "LOWER_NAME_BEFORE",
        "LOWER_NAME_OPENERS",
        "ORDINARY_FIRST_NAMES",
        "LOWER_SURNAME_PARTICLES",
        "STREET_PREPOSITION_LEADS",
        "BARE_STREET_WORDS",
        "RESIDENCE_WORDS",
        "NUMBER_CUE_WORDS",
        "HOUSE_NUMBER_OWNERS",
        "LOWER_STREET_SUFFIXES",
        "PLATE_CUE_WORDS",
    ],
)
def test_cue_lists_come_from_the_data_file_in_lower_case(name):
    words = getattr(lex, name)
    assert words
    flat = [" ".join(w) if isinstance(w, tuple) else w for w in words]
    assert all(w == w.casefold() and w.strip() == w for w in flat)
