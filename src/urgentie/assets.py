"""Local copies of the browser assets the map needs, so nothing is loaded from a CDN.

Leaflet 1.9.4 comes from the PyPI package ``django-js-lib-leaflet`` (pinned in
requirements.txt). We copy its files into ``static/leaflet/`` at start; Streamlit serves that
folder at ``/app/static/`` (``server.enableStaticServing``). The files are not committed: they are
Leaflet's code, not ours.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from urgentie.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
LEAFLET_DIR = STATIC_DIR / "leaflet"
LEAFLET_URL = "/app/static/leaflet"
"""URL path where Streamlit serves ``static/leaflet``."""

LEAFLET_JS = f"{LEAFLET_URL}/leaflet.js"
LEAFLET_CSS = f"{LEAFLET_URL}/leaflet.css"


def leaflet_package_dir() -> Path:
    """Folder with leaflet.js, leaflet.css and images/ inside the installed package."""
    spec = importlib.util.find_spec("js_lib_leaflet")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "Het pakket django-js-lib-leaflet ontbreekt; installeer requirements.txt."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "js_lib_leaflet"


def install_leaflet(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet into ``target`` when it is missing or outdated; return ``target``."""
    source = leaflet_package_dir()
    marker = target / ".version"
    version = (source / "leaflet.js").stat().st_size
    if marker.is_file() and marker.read_text().strip() == str(version):
        return target
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(source, tmp)
    (tmp / ".version").write_text(str(version))
    shutil.rmtree(target, ignore_errors=True)
    tmp.rename(target)
    return target
