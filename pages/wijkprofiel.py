"""Wijkprofiel: alle cijfers van één wijk of buurt naast de gemeente, Nederland en eerdere jaren."""

from urgentie.views import wijkprofiel

wijkprofiel.render()
