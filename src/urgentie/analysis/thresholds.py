"""Thresholds of the shared-urgency analysis, declared once and documented.

Every voice — beleid, professionals, bewoners and the figures (``cijfers``) — is put on one 1–5
urgency scale (1 = helemaal niet urgent, 3 = neutraal, 5 = zeer urgent). The alignment of an area
and domain compares the voices on that scale. ``docs/gedeelde-urgentie.md`` explains each value;
a test checks that every threshold here is documented there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    """One declared threshold: its name, value and a Dutch explanation."""

    name: str
    value: float
    doc: str


MIN_N = Threshold(
    "MIN_N",
    3,
    "Minimaal aantal verschillende respondenten (gesprekken of stemmers) voordat een stem "
    "meetelt. Met minder is het oordeel van één of twee mensen geen beeld van een groep.",
)
MIN_VOICES = Threshold(
    "MIN_VOICES",
    2,
    "Minimaal aantal stemmen (perspectieven, cijfers meegeteld) met genoeg gegevens om te "
    "kunnen zeggen of de urgentie gedeeld wordt.",
)
URGENT_ABOVE = Threshold(
    "URGENT_ABOVE",
    3.0,
    "Gemiddelde urgentie van de stemmen boven deze waarde (het midden van de schaal 1–5) heet "
    "urgent; op of onder deze waarde niet urgent.",
)
GAP = Threshold(
    "GAP",
    1.5,
    "Verschil tussen de hoogste en laagste stem vanaf waar de urgentie verdeeld heet. Anderhalf "
    "punt op een schaal van 1 tot 5 is het verschil tussen 'neutraal' en 'urgent'.",
)
VOICE_URGENT = Threshold(
    "VOICE_URGENT",
    3.5,
    "Een afzonderlijke stem vanaf deze waarde 'ziet urgentie' (gebruikt in de naam van een kloof).",
)
VOICE_CALM = Threshold(
    "VOICE_CALM",
    2.5,
    "Een afzonderlijke stem tot en met deze waarde 'ziet geen urgentie'.",
)
CODED_WEIGHT = Threshold(
    "CODED_WEIGHT",
    0.5,
    "Gewicht van een gecodeerd gesprek zonder expliciet cijfer, naast 1 voor een expliciete "
    "beoordeling of een stem: de codering is een afleiding, geen oordeel van de persoon zelf.",
)
CONFIDENT_N = Threshold(
    "CONFIDENT_N",
    8,
    "Vanaf dit aantal respondenten, met weinig spreiding, is het vertrouwen in een stem 'hoog'.",
)
CONFIDENT_SD = Threshold(
    "CONFIDENT_SD",
    1.0,
    "Maximale standaardafwijking tussen respondenten voor vertrouwen 'hoog'.",
)
AUTOMATIC_SHARE_MAX = Threshold(
    "AUTOMATIC_SHARE_MAX",
    0.5,
    "Rust een stem voor meer dan dit deel op automatische codes die geen analist bevestigde, "
    "dan is het vertrouwen hoogstens 'laag': de coder mist en misleest formuleringen.",
)
K_ANONYMITY = Threshold(
    "K_ANONYMITY",
    5,
    "Op de bewonerspagina wordt geen aantal onder dit getal getoond (verschillende respondenten), "
    "en er worden zo nodig extra cellen verborgen zodat het niet terug te rekenen is.",
)

MIN_VOTES = Threshold(
    "MIN_VOTES",
    3,
    "In een stemronde krijgt een groep (beleid, professionals, bewoners) pas een gemiddelde op "
    "het scherm vanaf zoveel stemmen; daaronder staat er 'te weinig stemmen', zodat niemand in "
    "de zaal de stem van één of twee mensen kan aflezen.",
)

THRESHOLDS: tuple[Threshold, ...] = (
    MIN_N,
    MIN_VOICES,
    URGENT_ABOVE,
    GAP,
    VOICE_URGENT,
    VOICE_CALM,
    CODED_WEIGHT,
    CONFIDENT_N,
    CONFIDENT_SD,
    AUTOMATIC_SHARE_MAX,
    K_ANONYMITY,
    MIN_VOTES,
)
