"""Server time of the Kaart page, measured with Streamlit's AppTest (for ``urgentie bench``).

AppTest runs the real ``app.py`` in this process, with session state and widgets, without a
browser. Two times per step: the *page body* (from the page's first to its last view call, which
includes building the map element and handing it to Streamlit — the server's work for that
page), and the wall-clock time of ``AppTest.run()`` (the whole script plus AppTest's own
bookkeeping of the returned elements, an upper bound).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from urgentie.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"


@dataclass
class PageTimes:
    """Server times (ms) of the Kaart page function for one dataset; ``*_wall_ms`` are the
    AppTest wall-clock times of the same steps."""

    first_ms: float
    """First view of the dataset: load, scores, classes, map (nothing cached)."""
    rerun_ms: float
    """A rerun caused by a widget beside the map: choosing an area in the search list."""
    map_rebuilt: bool
    """Whether that rerun changed the map component (it should only swap the outline)."""
    first_wall_ms: float = 0.0
    rerun_wall_ms: float = 0.0
    switch_ms: float | None = None
    """Switching to another, not yet loaded gemeente."""
    switch_back_ms: float | None = None
    """Switching back to a gemeente seen before (cached)."""


@contextmanager
def _data_dir(path: Path) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in ("URGENTIE_DATA_DIR", "URGENTIE_DEMO")}
    os.environ["URGENTIE_DATA_DIR"] = str(path)
    os.environ["URGENTIE_DEMO"] = "off"
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def _page_clock(durations: list[float]) -> Iterator[None]:
    """Record how long each run of the Kaart page takes, from its first view call to its last.

    ``app_pages/kaart.py`` starts with :func:`urgentie.views.kaart.controls` and ends with
    :func:`urgentie.views.kaart.attribution`; the page looks both up on every run, so wrapping
    them times the page body without AppTest's own bookkeeping.
    """
    from urgentie.views import kaart

    first, last = kaart.controls, kaart.attribution
    started: list[float] = []

    def start(*args: object, **kwargs: object) -> object:
        started.append(time.perf_counter())
        return first(*args, **kwargs)

    def end(*args: object, **kwargs: object) -> object:
        try:
            return last(*args, **kwargs)
        finally:
            if started:
                durations.append((time.perf_counter() - started.pop()) * 1000)

    kaart.controls, kaart.attribution = start, end
    try:
        yield
    finally:
        kaart.controls, kaart.attribution = first, last


def _timed(at: object, durations: list[float]) -> tuple[float, float]:
    """Run once; (page function ms, AppTest wall ms)."""
    durations.clear()
    start = time.perf_counter()
    at.run()  # type: ignore[attr-defined]
    wall = (time.perf_counter() - start) * 1000
    errors = [e.message for e in at.exception]  # type: ignore[attr-defined]
    if errors:
        raise RuntimeError("De kaartpagina gaf een fout: " + "; ".join(errors))
    return (sum(durations) if durations else wall), wall


def _map_args(at: object) -> dict:
    for element in at.get("component_instance"):  # type: ignore[attr-defined]
        if "st_folium" in element.proto.component_name:
            return json.loads(element.proto.json_args)
    raise RuntimeError("Geen kaart op de pagina.")


def page_times(
    data_dir: Path,
    gemeente: str,
    jaar: int,
    niveau: str,
    *,
    other_gemeente: str | None = None,
) -> PageTimes:
    """Time the Kaart page on ``data_dir``: first view, a non-map rerun, a gemeente switch."""
    from streamlit.testing.v1 import AppTest

    durations: list[float] = []
    with _data_dir(data_dir), _page_clock(durations):
        at = AppTest.from_file(str(APP), default_timeout=600)
        at.session_state["gemeente"] = gemeente
        at.session_state["jaar"] = jaar
        at.session_state["niveau"] = niveau
        first, first_wall = _timed(at, durations)
        before = _map_args(at)
        at.selectbox(key="_w_kaart_gebied").select(_first_code(at))
        rerun, rerun_wall = _timed(at, durations)
        after = _map_args(at)
        rebuilt = (before["script"], before["html"]) != (after["script"], after["html"])
        times = PageTimes(first, rerun, rebuilt, first_wall, rerun_wall)
        if other_gemeente:
            at.selectbox(key="_w_kaart_gemeente").select(other_gemeente)
            times.switch_ms, _ = _timed(at, durations)
            at.selectbox(key="_w_kaart_gemeente").select(gemeente)
            times.switch_back_ms, _ = _timed(at, durations)
        return times


def _first_code(at: object) -> str:
    """A code from the map's own data (the search list shows names, selects codes)."""
    html = _map_args(at)["html"]
    block = html.split('type="application/json"', 1)[1].split(">", 1)[1]
    return json.loads(block.rsplit("</script>", 1)[0])[0]["c"]
