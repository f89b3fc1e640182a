"""`python -m urgentie sleutelfiguren …`: figures, privacy export, withdrawal, public refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from urgentie.cli import main
from urgentie.store import db
from urgentie.store.key_people import KeyPeopleStore


def test_demo_list_export_withdraw(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sleutelfiguren", "demo"]) == 0
    assert "14 verzonnen sleutelfiguren" in capsys.readouterr().out
    assert main(["sleutelfiguren", "list", "--gemeente", "GM9999"]) == 0
    out = capsys.readouterr().out
    assert "Sleutelfiguren in GM9999: 14" in out
    assert "Domeinen die op één persoon rusten: 17" in out
    assert "WK999902 Sociaal functioneren: buurtbemiddelaar Oude Haven" in out
    assert "Steun die binnen een jaar eindigt: 4" in out
    assert "Herzien: nr 10 (voorzitter bewonersvereniging Centrum)" in out

    for fmt in ("csv", "xlsx", "html"):
        target = data_dir / f"privacy.{fmt}"
        args = ["sleutelfiguren", "export", "--gemeente", "GM9999", "--formaat", fmt]
        assert main([*args, "--uit", str(target)]) == 0
        assert target.stat().st_size > 0
    html = (data_dir / "privacy.html").read_text(encoding="utf-8")
    assert "Wat wordt opgeslagen" in html and "Logboek" in html and "Grondslag" in html
    assert "Herzien op" in html and "URGENTIE_ANALYST_ACCESS=lokaal" in html
    csv = (data_dir / "privacy.csv").read_text(encoding="utf-8-sig")
    assert "Export voor de privacyfunctionaris" in csv  # the CLI's own export is logged

    assert main(["sleutelfiguren", "intrekken", "3", "--gemeente", "GM9999"]) == 0
    store = KeyPeopleStore(db.open_engine())
    assert store.count("GM9999") == 13
    assert main(["sleutelfiguren", "intrekken", "3", "--gemeente", "GM9999"]) == 2
    assert "bestaat niet" in capsys.readouterr().err


def test_public_mode_refuses_the_register(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sleutelfiguren", "demo"]) == 0
    monkeypatch.setenv("URGENTIE_MODE", "public")
    target = data_dir / "privacy.html"
    args = ["sleutelfiguren", "export", "--gemeente", "GM9999", "--uit", str(target)]
    assert main(args) == 2
    assert "Sleutelfiguren nooit" in capsys.readouterr().err
    assert not target.exists()
    assert main(["sleutelfiguren", "list", "--gemeente", "GM9999"]) == 2
