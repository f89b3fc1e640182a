"""The demo gemeente Voorbeeldstad (being built)."""

from __future__ import annotations

from urgentie.store.areas import AreaStore


def ensure_demo(store: AreaStore) -> None:
    raise NotImplementedError("demo wordt nog gebouwd")
