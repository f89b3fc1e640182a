"""Column aliases, perspectives, dates and ratings as Dutch files write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from urgentie.notes import fields
from urgentie.notes.fields import FieldError, ParsedDate


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Datum", ("datum", None)),
        ("date", ("datum", None)),
        ("Wijk", ("gebied", "wijk")),
        ("buurtcode", ("gebied", "buurt")),
        ("Area", ("gebied", None)),
        ("Perspectief", ("perspectief", None)),
        ("functie", ("rol", None)),
        ("Opmerking", ("tekst", None)),
        ("NOTES", ("tekst", None)),
        ("urgentie_veiligheid", ("urgentie", "veiligheid")),
        ("Urgentie werk en inkomen", ("urgentie", "werk_inkomen")),
        ("urgency_housing", ("urgentie", "wonen")),
        ("urgentie_fysieke_leefomgeving", ("urgentie", "fysieke_leefomgeving")),
        ("urgentie_weer", ("urgentie", None)),
        ("kleur", None),
    ],
)
def test_column_kind(header: str, expected: tuple[str, str | None] | None) -> None:
    assert fields.column_kind(header) == expected


def test_map_columns_orders_area_columns_most_specific_first() -> None:
    mapped = fields.map_columns(["Wijk", "Buurt", "Tekst", "Notitie", "Kleur", "urgentie_weer"])
    assert mapped.areas == [("Buurt", "buurt"), ("Wijk", "wijk")]
    assert mapped.text == "Tekst"
    assert mapped.ignored == ["Kleur"]
    assert any("tweede kolom" in p for p in mapped.problems)
    assert any("onbekend domein" in p for p in mapped.problems)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("bewoner", ("bewoner", None)),
        ("Bewoners", ("bewoner", None)),
        ("Professional", ("professional", None)),
        ("wijkagent", ("professional", "wijkagent")),
        ("Sociaal werker", ("professional", "Sociaal werker")),
        ("jongerenwerker", ("professional", "jongerenwerker")),
        ("Woningcorporatie", ("professional", "Woningcorporatie")),
        ("huisarts", ("professional", "huisarts")),
        ("gemeente", ("beleid", "gemeente")),
        ("Beleidsmedewerker", ("beleid", "Beleidsmedewerker")),
        ("wethouder", ("beleid", "wethouder")),
        ("inwoner", ("bewoner", "inwoner")),
        ("Buurtbewoonster", ("bewoner", "Buurtbewoonster")),
        ("journaliste", None),
        ("bewoonster", ("bewoner", "bewoonster")),
        ("resident", ("bewoner", "resident")),
        ("wijkagent (politie)", ("professional", "wijkagent (politie)")),
    ],
)
def test_parse_perspective(value: str, expected: tuple[str, str | None] | None) -> None:
    if expected is None:
        with pytest.raises(FieldError, match="onbekend perspectief"):
            fields.parse_perspective(value)
    else:
        assert fields.parse_perspective(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "ontbreekt"),
        ("journalist", "onbekend perspectief"),
        ("bewoner en wijkagent", "meer dan één groep"),
    ],
)
def test_parse_perspective_refuses_to_guess(value: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        fields.parse_perspective(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15-03-2024", ParsedDate(date(2024, 3, 15), "2024")),
        ("5/3/2024", ParsedDate(date(2024, 3, 5), "2024")),  # day first, never month first
        ("05.03.24", ParsedDate(date(2024, 3, 5), "2024")),
        ("2024-03-15", ParsedDate(date(2024, 3, 15), "2024")),
        ("2024-03-15 14:30:00", ParsedDate(date(2024, 3, 15), "2024")),
        ("15 maart 2024", ParsedDate(date(2024, 3, 15), "2024")),
        ("1 okt. 2023", ParsedDate(date(2023, 10, 1), "2023")),
        ("maart 2024", ParsedDate(None, "2024-03")),
        ("2024-03", ParsedDate(None, "2024-03")),
        ("2024", ParsedDate(None, "2024")),
        (datetime(2024, 3, 15, 9, 0), ParsedDate(date(2024, 3, 15), "2024")),
        (45366, ParsedDate(date(2024, 3, 15), "2024")),  # an Excel serial date
        ("", ParsedDate(None, None)),
    ],
)
def test_parse_date(value: object, expected: ParsedDate) -> None:
    assert fields.parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [("31-02-2024", "bestaat niet"), ("gisteren", "niet te lezen"), ("13/13/2024", "bestaat")],
)
def test_parse_date_errors(value: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        fields.parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4", 4.0), ("3,5", 3.5), ("3.5", 3.5), (" 1 ", 1.0), (5, 5.0), ("", None), (None, None)],
)
def test_parse_rating(value: object, expected: float | None) -> None:
    assert fields.parse_rating(value) == expected


@pytest.mark.parametrize(
    ("value", "message"), [("0", "niet tussen"), ("6", "niet tussen"), ("hoog", "geen getal")]
)
def test_parse_rating_errors(value: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        fields.parse_rating(value)
