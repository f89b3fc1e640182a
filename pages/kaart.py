"""Kaart: waar concentreren de opgaven zich? Kies wat de kaart kleurt, klik op een gebied."""

from app_setup import ensure_app

ensure_app()

from urgentie.views import kaart

kaart.render()
