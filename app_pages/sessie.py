"""Sessie: het verhaal van één wijk op de beamer, en een stemronde met de telefoons van de zaal."""

from app_setup import ensure_app

ensure_app()

from urgentie.views import sessie

sessie.render()
