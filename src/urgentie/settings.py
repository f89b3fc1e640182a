"""The one declared list of settings.

Every setting is read from an environment variable, has a default that works on a fresh clone,
and is documented in ``docs/instellingen.md`` (a test checks that). Nothing else in the project
reads ``os.environ`` for configuration: call :func:`get` instead.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path)


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "ja", "yes", "on"}


def _choice(env: str, *allowed: str) -> Callable[[str], str]:
    """A parser that accepts only ``allowed`` values: a typo must not silently change who sees
    what (``URGENTIE_MODE=publiek`` would otherwise give the analyst pages)."""

    def parse(value: str) -> str:
        choice = value.strip().lower()
        if choice not in allowed:
            from urgentie.errors import UserError

            raise UserError(
                f"{env}={value!r} is geen geldige waarde; kies uit: {', '.join(allowed)}."
            )
        return choice

    return parse


@dataclass(frozen=True)
class Setting:
    """One configuration value: its environment variable, default and meaning."""

    env: str
    default: str
    parse: Callable[[str], Any]
    doc: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "URGENTIE_DATA_DIR",
        "data",
        _path,
        "Map met de lokale gegevens: gebieden (GeoParquet), grenzen, database en demo. "
        "Relatief aan de projectmap.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        str,
        "SQLAlchemy-URL van de database voor gesprekken en stemmen. Leeg: SQLite-bestand "
        "`urgentie.sqlite` in de datamap. Voor PostgreSQL: `postgresql+psycopg://…`.",
    ),
    Setting(
        "URGENTIE_MODE",
        "analyst",
        _choice("URGENTIE_MODE", "analyst", "public"),
        "`analyst` (alle pagina's) of `public` (alleen de bewonerspagina's en Stem; de "
        "database weigert gesprekteksten en herleidbare kolommen, zie `docs/toegang.md`).",
    ),
    Setting(
        "URGENTIE_HTTP_TIMEOUT",
        "30",
        float,
        "Time-out in seconden per verzoek aan CBS en PDOK.",
    ),
    Setting(
        "URGENTIE_HTTP_RETRIES",
        "3",
        int,
        "Aantal pogingen (met oplopende wachttijd: 1, 2, 4 … s) als CBS of "
        "PDOK niet of fout antwoordt; minimaal 1.",
    ),
    Setting(
        "URGENTIE_POSTCODE_LIVE",
        "true",
        _bool,
        "Mijn wijk vraagt een postcode die niet in het geïmporteerde CBS-bestand 'postcode en "
        "huisnummer' staat live na bij de PDOK Locatieserver. `false`: nooit, dan blijft alles op "
        "deze computer (alleen het CBS-bestand en de meest voorkomende postcode per buurt).",
    ),
    Setting(
        "URGENTIE_MAX_UPLOAD_MB",
        "50",
        float,
        "Grootste bestand (MB) dat een import aanneemt.",
    ),
    Setting(
        "URGENTIE_MAX_ROWS",
        "50000",
        int,
        "Grootste aantal rijen dat één import van gesprekken aanneemt.",
    ),
    Setting(
        "URGENTIE_CIJFERS_MAX_LEEFTIJD",
        "3",
        int,
        "Hoeveel jaar ouder dan het gekozen jaar een cijfer mag zijn. CBS publiceert de "
        "Kerncijfers van een jaar in delen (eerst alleen bevolking, inkomen en uitkeringen een of "
        "twee jaar later); een ontbrekend cijfer wordt aangevuld met het nieuwste oudere cijfer "
        "van hetzelfde, ongewijzigde gebied, met het jaar erbij ('cijfers van 2022'). 0: alleen "
        "cijfers van het gekozen jaar.",
    ),
    Setting(
        "URGENTIE_MIN_INDICATOREN_DOMEIN",
        "2",
        int,
        "Minimaal aantal indicatoren met een cijfer voordat een gebied een domeinscore krijgt; "
        "anders 'onvoldoende cijfers'.",
    ),
    Setting(
        "URGENTIE_MIN_DOMEINEN_SAMENGESTELD",
        "5",
        int,
        "Minimaal aantal domeinen met een score voordat een gebied een samengestelde urgentie "
        "krijgt; anders 'onvoldoende cijfers'. De Kaart opent dan op de best gedekte laag.",
    ),
    Setting(
        "URGENTIE_KEEP_ORIGINAL_TEXT",
        "false",
        _bool,
        "Bewaar ook de oorspronkelijke (niet-gepseudonimiseerde) tekst van gesprekken. "
        "Standaard uit.",
    ),
    Setting(
        "URGENTIE_PUBLIC_URL",
        "",
        lambda v: v.strip().rstrip("/"),
        "Adres waarop deelnemers van een sessie de app met hun telefoon bereiken, bijvoorbeeld "
        "`https://urgentie.gemeente.nl` (de QR-code op de pagina Sessie wijst ernaar). Leeg: het "
        "adres uit de browser van de begeleider, en bij `localhost` het netwerkadres van deze "
        "computer.",
    ),
    Setting(
        "URGENTIE_ANALYST_ACCESS",
        "lokaal",
        _choice("URGENTIE_ANALYST_ACCESS", "lokaal", "netwerk"),
        "Wie zonder inloggen de analistenpagina's ziet: `lokaal` (alleen de computer waarop de "
        "app draait; telefoons in een sessie krijgen alleen Mijn wijk en Stem) of `netwerk` "
        "(iedereen die de server bereikt). Met `[auth]` in de secrets is altijd inloggen nodig.",
    ),
    Setting(
        "URGENTIE_DEMO",
        "auto",
        _choice("URGENTIE_DEMO", "auto", "off"),
        "`auto`: maak de demogemeente Voorbeeldstad aan als er nog geen gegevens zijn; "
        "`off`: nooit.",
    ),
)

_BY_ENV = {s.env: s for s in SETTINGS}


def get(env: str) -> Any:
    """Return the parsed value of setting ``env``, from the environment or its default."""
    setting = _BY_ENV[env]
    raw = os.environ.get(env)
    if raw is None or raw.strip() == "":
        raw = setting.default
    return setting.parse(raw)


def data_dir() -> Path:
    """The data directory, created on first use."""
    path: Path = get("URGENTIE_DATA_DIR")
    path.mkdir(parents=True, exist_ok=True)
    return path


def problems() -> list[str]:
    """A Dutch message for every setting whose value cannot be used (empty when all are fine).

    The app checks all of them before it shows any page: a typo must stop it with an error
    page, never leave a page reachable that the setting was meant to close.
    """
    from urgentie.errors import UserError

    found = []
    for setting in SETTINGS:
        try:
            get(setting.env)
        except UserError as exc:
            found.append(str(exc))
        except (TypeError, ValueError):
            value = os.environ.get(setting.env, "")
            found.append(f"{setting.env}={value!r} is geen geldige waarde ({setting.doc})")
    return found
