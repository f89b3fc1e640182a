"""Structure rules of the app that a reader of DESIGN.md expects to hold."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from urgentie.views.navigation import PAGES

ROOT = Path(__file__).resolve().parents[1]
PAGE_FILES = sorted((ROOT / "app_pages").glob("*.py"))


@pytest.mark.parametrize("page", PAGE_FILES, ids=lambda p: p.name)
def test_every_page_starts_with_the_app_guard(page: Path) -> None:
    """A deep link as the first request must still run through app.py (see app_setup)."""
    body = [
        n
        for n in ast.parse(page.read_text("utf-8")).body
        if not isinstance(n, ast.Expr) or not isinstance(n.value, ast.Constant)
    ]
    first, second = body[0], body[1]
    assert isinstance(first, ast.ImportFrom) and first.module == "app_setup"
    assert isinstance(second, ast.Expr) and ast.unparse(second) == "ensure_app()"


def test_navigation_lists_exactly_the_page_files() -> None:
    listed = {spec.path for spec in PAGES}
    assert listed == {f"app_pages/{p.name}" for p in PAGE_FILES}


def test_no_streamlit_below_the_view_layer() -> None:
    offenders = []
    for path in (ROOT / "src" / "urgentie").rglob("*.py"):
        if "views" in path.relative_to(ROOT / "src" / "urgentie").parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_there_is_no_pages_folder() -> None:
    """Streamlit serves every file in ``pages/`` by itself until ``st.navigation`` has run (its
    old multipage mode): the pages live in ``app_pages/`` so that can never happen."""
    assert not (ROOT / "pages").exists()


def test_error_details_are_never_shown_to_a_visitor() -> None:
    """Tracebacks show server paths and data: off outside development (issue 9)."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
