"""Kaart: waar concentreren de opgaven zich? Kies wat de kaart kleurt, klik op een gebied."""

from urgentie.views import kaart

kaart.render()
