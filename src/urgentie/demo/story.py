"""The designed story of Voorbeeldstad, declared in one table.

Every wijk has a role in the story the demo must tell: where problems concentrate (the figures)
and whether the perspectives agree (the notes). Geometry, figures and notes all read this table,
so a wijk that is an *opgave* on the map is also the wijk where the conversations say so, and a
change here changes all three consistently.

Latent parameters are on a z-like scale (about −2 … +2):

- ``deprivation``: drives low income, bijstand, corporatiebezit, low WOZ, low education …
- ``trend``: change of ``deprivation`` per year from 2022 (negative = the wijk improves);
- ``age``: greying (65-plussers, verweduwd, Wmo, sterfte);
- ``family``: young families (kinderen, huishoudens met kinderen, huishoudgrootte);
- ``newness``: share of homes built recently (0 … 1): low gas use, stadsverwarming.

``ratings`` give the mean urgency (1–5) a perspective gives a domain in the first and the last
conversation period; notes interpolate between them, so convergence over time shows. Domains a
perspective does not mention get the wijk's ``base`` rating and are talked about less often.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Ratings = dict[str, dict[str, tuple[float, float]]]

SEED = 20240501
"""One fixed seed: the demo is the same on every machine and every run."""


@dataclass(frozen=True)
class WijkStory:
    """One wijk of Voorbeeldstad: name, place, latent figures and conversation profile."""

    nr: int
    naam: str
    angle: float | None
    """Direction from the city centre in degrees (0 = east, 90 = north); None for the centre."""
    buurten: tuple[str, ...]
    """Buurt names, from the city centre outwards; the first ``n`` are used."""
    streets: tuple[str, ...]
    voorziening: str
    school: str
    winkel: str
    plein: str
    deprivation: float
    trend: float
    age: float
    family: float
    newness: float
    base: float
    ratings: Ratings = field(default_factory=dict)
    improved: frozenset[str] = frozenset()
    """Domains where professionals and residents tell that things got better."""
    special: tuple[str, str, str] | None = None
    """``(position, name, kind)``: the innermost or outermost buurt is a park, an industrial
    estate or a marina, with few inhabitants (and so with secret figures)."""
    mild: bool = False
    """Figures are bad, but the stories are mild (resilience)."""
    pattern: str = ""
    """One Dutch line: the pattern this wijk shows (documentation and tests)."""


WIJKEN: tuple[WijkStory, ...] = (
    WijkStory(
        1,
        "Centrum",
        None,
        (
            "Binnenstad",
            "Marktkwartier",
            "Kerkbuurt",
            "Vestingwal",
            "Stationsbuurt",
            "Bogaardkwartier",
            "Lange Gracht",
            "Nieuwe Markt",
            "Schoolsteeg",
            "Stadswal-Zuid",
            "Begijnhof",
            "Munthof",
        ),
        ("Grote Markt", "Lange Gracht", "Kerkstraat", "Bogaardstraat", "Stationsweg"),
        "buurthuis De Waag",
        "basisschool De Stadsakker",
        "snackbar 't Hoekje",
        "Grote Markt",
        deprivation=0.3,
        trend=0.0,
        age=-0.2,
        family=-1.4,
        newness=0.1,
        base=2.2,
        ratings={
            "beleid": {"veiligheid": (3.6, 3.5), "fysieke_leefomgeving": (3.0, 3.0)},
            "professional": {"veiligheid": (3.4, 3.3), "sociaal_functioneren": (3.2, 3.2)},
            "bewoner": {"wonen": (3.8, 4.1), "veiligheid": (3.6, 3.4)},
        },
        pattern="Gemengd beeld: uitgaansoverlast en dure huren, redelijk gedeeld.",
    ),
    WijkStory(
        2,
        "Oude Haven",
        0.0,
        (
            "Havenkwartier",
            "Kaaikant",
            "Visserseiland",
            "Zeilmakersbuurt",
            "Touwbaan",
            "Dijkzicht",
            "Havenhoofd",
            "Ankerplaats",
        ),
        ("Kaaistraat", "Havenkade", "Zeilmakerstraat", "Touwslagerslaan", "Visserssteeg"),
        "buurthuis De Kaai",
        "basisschool De Vuurtoren",
        "bakkerij Van Dam",
        "Havenplein",
        deprivation=1.6,
        trend=-0.4,
        age=-0.3,
        family=-0.6,
        newness=0.35,
        base=2.1,
        ratings={
            "beleid": {
                "veiligheid": (4.8, 4.0),
                "wonen": (4.3, 3.5),
                "werk_inkomen": (3.8, 3.3),
            },
            "professional": {
                "veiligheid": (2.2, 2.0),
                "wonen": (2.6, 2.4),
                "werk_inkomen": (2.8, 2.5),
            },
            "bewoner": {"veiligheid": (2.6, 2.3), "wonen": (3.0, 3.1)},
        },
        improved=frozenset({"veiligheid", "wonen", "fysieke_leefomgeving", "werk_inkomen"}),
        special=("outer", "Jachthaven", "haven"),
        pattern="Beleid ziet nog urgentie, professionals zeggen dat het al beter gaat.",
    ),
    WijkStory(
        3,
        "Poortwijk",
        40.0,
        (
            "Poortstraatbuurt",
            "Spoorzicht",
            "Smidsbuurt",
            "Ambachtsbuurt",
            "Wevershof",
            "Gasfabriek",
            "Oude Ring",
            "Draaibrug",
        ),
        ("Poortstraat", "Smidsstraat", "Weversweg", "Ambachtsweg", "Spoorlaan"),
        "wijkcentrum De Smidse",
        "basisschool De Wissel",
        "supermarkt De Korenschoof",
        "Smidsplein",
        deprivation=0.5,
        trend=0.02,
        age=0.3,
        family=0.0,
        newness=0.05,
        base=2.3,
        ratings={
            "beleid": {"energietransitie": (4.2, 4.4), "wonen": (3.2, 3.3)},
            "professional": {"energietransitie": (4.0, 4.3), "werk_inkomen": (3.2, 3.3)},
            "bewoner": {"energietransitie": (4.1, 4.2), "fysieke_leefomgeving": (3.2, 3.0)},
        },
        special=("outer", "Bedrijventerrein De Poort", "bedrijven"),
        pattern="Iedereen vindt de energietransitie (energiearmoede) urgent.",
    ),
    WijkStory(
        4,
        "Vlietzoom",
        80.0,
        (
            "Vlietkade",
            "Sluiskwartier",
            "Rietlanden",
            "Zwanenbuurt",
            "Vlietweide",
            "Jaagpad",
            "Kroosvijver",
            "Biezenhoek",
            "Waterlelie",
        ),
        ("Vlietkade", "Sluisweg", "Rietlaan", "Zwanenstraat", "Vlietlaan"),
        "buurthuis Het Sluisje",
        "basisschool De Vlieger",
        "kapsalon Yasmina",
        "Sluisplein",
        deprivation=0.8,
        trend=0.4,
        age=-0.2,
        family=0.5,
        newness=0.1,
        base=2.4,
        ratings={
            "beleid": {
                "werk_inkomen": (1.8, 4.2),
                "opvoeding": (1.8, 4.1),
                "veiligheid": (2.0, 4.0),
            },
            "professional": {
                "werk_inkomen": (3.8, 4.4),
                "opvoeding": (3.9, 4.5),
                "veiligheid": (3.5, 4.1),
                "wonen": (3.3, 4.0),
            },
            "bewoner": {
                "veiligheid": (3.5, 4.4),
                "wonen": (3.4, 4.2),
                "opvoeding": (3.2, 4.0),
            },
        },
        pattern="Gaat achteruit: professionals en bewoners zien het eerst, beleid volgt later.",
    ),
    WijkStory(
        5,
        "Het Veld",
        120.0,
        (
            "Veldzicht",
            "Korenbloembuurt",
            "Klaproosbuurt",
            "Heideveld",
            "Boterbloem",
            "Hooiberg",
            "Esdoornhof",
            "Veldhoven",
            "Akkerwinde",
        ),
        ("Korenbloemlaan", "Klaproosstraat", "Heidelaan", "Boterbloemstraat", "Veldweg"),
        "buurthuis De Klaproos",
        "basisschool Het Veldje",
        "bloemenwinkel Flora",
        "Veldplein",
        deprivation=0.0,
        trend=0.0,
        age=0.5,
        family=0.1,
        newness=0.15,
        base=2.0,
        ratings={
            "beleid": {"veiligheid": (2.0, 2.2), "fysieke_leefomgeving": (2.2, 2.3)},
            "professional": {
                "veiligheid": (2.6, 2.8),
                "fysieke_leefomgeving": (2.6, 2.8),
                "sociaal_functioneren": (2.8, 2.8),
            },
            "bewoner": {
                "veiligheid": (4.4, 4.6),
                "fysieke_leefomgeving": (4.2, 4.4),
                "sociaal_functioneren": (3.4, 3.6),
            },
        },
        pattern="Bewoners slaan alarm over veiligheid en leefomgeving; de cijfers niet.",
    ),
    WijkStory(
        6,
        "Lindenhof",
        160.0,
        (
            "Lindeplein",
            "Kastanjehof",
            "Beukenrode",
            "Wilgenweide",
            "Elzenhorst",
            "Berkenveld",
            "Essenlaan",
            "Hazelaarhof",
            "Populierendreef",
        ),
        ("Lindelaan", "Kastanjelaan", "Beukenstraat", "Wilgenweg", "Elzenstraat"),
        "brede school De Linde",
        "kindcentrum De Boomgaard",
        "speelgoedwinkel Het Hobbelpaard",
        "Lindeplein",
        deprivation=-0.7,
        trend=-0.02,
        age=-1.3,
        family=1.5,
        newness=0.85,
        base=1.7,
        ratings={
            "beleid": {"opvoeding": (2.5, 2.5), "fysieke_leefomgeving": (2.2, 2.2)},
            "professional": {"opvoeding": (2.8, 2.7), "gezondheid": (2.3, 2.3)},
            "bewoner": {"fysieke_leefomgeving": (3.0, 2.7), "opvoeding": (2.6, 2.5)},
        },
        pattern="Nieuwbouwwijk met jonge gezinnen: niet urgent, iedereen is het eens.",
    ),
    WijkStory(
        7,
        "De Brink",
        200.0,
        (
            "Brinkzicht",
            "Dorpskern",
            "Kerkepad",
            "Pastoriehof",
            "Oude Dorp",
            "Schapendrift",
            "Esch",
            "Hoevelaken",
            "Boerenhoek",
        ),
        ("Brinkweg", "Dorpsstraat", "Kerkeweg", "Pastorielaan", "Schapendrift"),
        "dorpshuis De Brink",
        "basisschool De Esch",
        "slagerij Bosman",
        "Dorpsplein",
        deprivation=-0.7,
        trend=0.0,
        age=1.4,
        family=-0.5,
        newness=0.05,
        base=1.7,
        ratings={
            "beleid": {"sociaal_functioneren": (3.0, 3.0), "gezondheid": (2.8, 2.8)},
            "professional": {"sociaal_functioneren": (3.2, 3.2), "gezondheid": (3.0, 3.0)},
            "bewoner": {"sociaal_functioneren": (2.9, 2.9), "fysieke_leefomgeving": (2.5, 2.4)},
        },
        pattern="Vergrijsd dorpshart: eenzaamheid is een gedeelde, matige zorg.",
    ),
    WijkStory(
        8,
        "Zuiderpark",
        240.0,
        (
            "Parkzicht",
            "Villapark",
            "Rozenhof",
            "Vijverhof",
            "Parklaan",
            "Buitenplaats",
            "Eikenhorst",
            "Landgoed Zuid",
        ),
        ("Parklaan", "Vijverweg", "Rozenlaan", "Eikenlaan", "Buitenplaatsweg"),
        "theehuis Het Park",
        "Montessorischool Zuiderpark",
        "delicatessenzaak De Kaaskamer",
        "Vijverplein",
        deprivation=-2.0,
        trend=-0.02,
        age=0.6,
        family=0.4,
        newness=0.1,
        base=1.4,
        ratings={
            "beleid": {"energietransitie": (2.4, 2.2)},
            "professional": {"gezondheid": (1.8, 1.8)},
            "bewoner": {"energietransitie": (1.9, 1.8), "fysieke_leefomgeving": (1.8, 1.8)},
        },
        special=("inner", "Stadspark", "park"),
        pattern="Gaat goed: niemand ziet urgentie, en de cijfers zijn het daarmee eens.",
    ),
    WijkStory(
        9,
        "Molenwijk",
        280.0,
        (
            "Molenhoek",
            "Korenmolen",
            "Zaagmolen",
            "Wiekenbuurt",
            "Molenvliet",
            "Oliemolen",
            "Maalderij",
            "Graanbuurt",
            "Molenweide",
        ),
        ("Molenstraat", "Wiekenlaan", "Korenmolenweg", "Zaagmolenweg", "Maalderijstraat"),
        "buurthuis De Schakel",
        "basisschool De Wieken",
        "supermarkt Molenhof",
        "Molenplein",
        deprivation=2.1,
        trend=0.03,
        age=0.2,
        family=0.5,
        newness=0.05,
        base=3.0,
        ratings={
            "beleid": {
                "werk_inkomen": (4.5, 4.5),
                "opvoeding": (4.3, 4.4),
                "wonen": (4.0, 4.2),
            },
            "professional": {
                "werk_inkomen": (4.6, 4.6),
                "opvoeding": (4.5, 4.5),
                "gezondheid": (4.0, 4.1),
                "veiligheid": (3.8, 3.9),
            },
            "bewoner": {
                "werk_inkomen": (4.3, 4.5),
                "wonen": (4.2, 4.3),
                "veiligheid": (4.0, 4.1),
            },
        },
        pattern="Iedereen is het eens: hier is het urgent (werk en inkomen, opvoeding, wonen).",
    ),
    WijkStory(
        10,
        "De Akkers",
        320.0,
        (
            "Akkerhof",
            "Zaaiveld",
            "Ploegbuurt",
            "Oogstbuurt",
            "Schoverbuurt",
            "Tarweveld",
            "Haverkamp",
            "Gerstehoek",
            "Klaverblad",
        ),
        ("Akkerweg", "Zaaierstraat", "Ploegstraat", "Oogstlaan", "Tarwestraat"),
        "buurthuis De Ploeg",
        "basisschool De Zaaier",
        "groentezaak Öztürk",
        "Akkerplein",
        deprivation=1.9,
        trend=0.0,
        age=-0.4,
        family=0.8,
        newness=0.2,
        base=1.9,
        ratings={
            "beleid": {"werk_inkomen": (3.4, 3.4), "opvoeding": (3.0, 3.0)},
            "professional": {"werk_inkomen": (2.6, 2.6), "opvoeding": (2.4, 2.4)},
            "bewoner": {"werk_inkomen": (2.1, 2.1), "sociaal_functioneren": (1.8, 1.8)},
        },
        mild=True,
        pattern="De cijfers zijn slecht, maar de verhalen mild: veel veerkracht.",
    ),
)


def wijk_code(nr: int) -> str:
    """CBS-style wijk code of Voorbeeldstad: ``WK9999`` + two digits."""
    return f"WK9999{nr:02d}"
