"""The demo gemeente Voorbeeldstad: fictional, generated, and clearly labelled as a demo.

A first-time user sees a complete gemeente without any set-up: about 70 buurten in 10 wijken on
open water in the Markermeer, three years of every catalogue indicator with concentrations to
find, and some 400 conversation notes in which the perspectives agree in some wijken and
disagree in others. Everything is generated deterministically from one seed by the modules of
this package (``story`` declares the design; ``geometry``, ``figures`` and ``notes`` follow it;
``build`` pushes the figures through the real import pipeline).
"""

from __future__ import annotations

from urgentie.demo.build import DEMO_CODE, build_demo, ensure_demo, generate
from urgentie.demo.figures import DEMO_NAME, YEARS
from urgentie.demo.notes import NOTES_FILE, demo_notes

__all__ = [
    "DEMO_CODE",
    "DEMO_NAME",
    "NOTES_FILE",
    "YEARS",
    "build_demo",
    "demo_notes",
    "ensure_demo",
    "generate",
]
