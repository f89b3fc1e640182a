from __future__ import annotations

from pathlib import Path

import pytest

from urgentie import settings
from urgentie.errors import UserError

DOC = Path(__file__).resolve().parents[1] / "docs" / "instellingen.md"


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented(setting: settings.Setting) -> None:
    text = DOC.read_text(encoding="utf-8")
    assert f"`{setting.env}`" in text


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("URGENTIE_DATA_DIR", str(tmp_path / "elders"))
    assert settings.data_dir() == tmp_path / "elders"
    assert (tmp_path / "elders").is_dir()


def test_relative_data_dir_is_under_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("URGENTIE_DATA_DIR", raising=False)
    assert settings.get("URGENTIE_DATA_DIR") == settings.PROJECT_ROOT / "data"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("ja", True), ("true", True), ("0", False), ("nee", False)]
)
def test_boolean_settings(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("URGENTIE_KEEP_ORIGINAL_TEXT", raw)
    assert settings.get("URGENTIE_KEEP_ORIGINAL_TEXT") is expected


@pytest.mark.parametrize(
    ("env", "raw", "expected"),
    [
        ("URGENTIE_MODE", "public", "public"),
        ("URGENTIE_MODE", " Analyst ", "analyst"),
        ("URGENTIE_MODE", "publiek", None),
        ("URGENTIE_MODE", "openbaar", None),
        ("URGENTIE_ANALYST_ACCESS", "netwerk", "netwerk"),
        ("URGENTIE_ANALYST_ACCESS", "network", None),
        ("URGENTIE_DEMO", "uit", None),
    ],
)
def test_choices_refuse_typos(
    monkeypatch: pytest.MonkeyPatch, env: str, raw: str, expected: str | None
) -> None:
    monkeypatch.setenv(env, raw)
    if expected is None:
        with pytest.raises(UserError, match=env):
            settings.get(env)
    else:
        assert settings.get(env) == expected
