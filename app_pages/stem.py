"""Stem: deelnemers van een sessie geven met hun telefoon per thema een urgentie van 1 tot 5."""

from app_setup import ensure_app

ensure_app()

from urgentie.views import stem

stem.render()
