"""Wijkprofiel: alle cijfers van één wijk of buurt naast de gemeente, Nederland en eerdere jaren."""

from app_setup import ensure_app

ensure_app()

from urgentie.views import wijkprofiel

wijkprofiel.render()
