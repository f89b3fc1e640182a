"""Kill the process in the middle of an import: the database must be as if it never started.

A child process imports a small file (and reports the batch as acknowledged), then starts a large
import and is killed with SIGKILL while the large batch is being written. The parent then checks,
on SQLite and on a real PostgreSQL server, that the acknowledged batch is intact, that nothing
of the killed batch is visible, and that the database accepts the next import.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.notes_support import GEMEENTE, csv_text, make_areas
from urgentie.notes import importer
from urgentie.store.notes_db import NotesStore

ROOT = Path(__file__).resolve().parents[1]
BIG_ROWS = 3000

CHILD = """
import sys, time
from pathlib import Path
from urgentie.notes import importer
from urgentie.store.areas import AreaStore
from urgentie.store.notes_db import NotesStore

notes = NotesStore.open()
context = importer.build_context(notes, AreaStore(), "GM9999")
small = importer.commit_import(importer.import_path(Path(sys.argv[1]), context, notes), notes)
print("ACK", small.batch_id, small.accepted, flush=True)
big = importer.import_path(Path(sys.argv[2]), context, notes)
print("PREPARED", big.accepted_count, flush=True)
pause = sys.argv[3] == "pause"

def progress(done, total):
    print("MID", done, total, flush=True)
    if pause:
        time.sleep(600)  # killed here, with the batch half written inside its transaction

importer.commit_import(big, notes, progress=progress)
print("DONE", flush=True)
"""


def _big_csv(path: Path) -> None:
    areas = ["Centrum", "Bloemenbuurt", "Rozenhof", "Tulpenhof", "Noord-Oost"]
    rows = [
        [
            f"{1 + i % 28:02d}-03-2024",
            areas[i % len(areas)],
            ("bewoner", "wijkagent", "beleidsmedewerker")[i % 3],
            "",
            f"Gesprek {i}: overlast en schimmel, het wordt steeds erger in de straat.",
            str(1 + i % 5),
        ]
        for i in range(BIG_ROWS)
    ]
    path.write_text(csv_text(rows), encoding="utf-8")


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line.strip())
        lines.put("EOF")

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], prefix: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line.startswith(prefix):
            return line
        if line == "EOF":
            error = process.stderr.read() if process.stderr else ""
            pytest.fail(f"child ended before {prefix}: {error[-2000:]}")
    pytest.fail(f"no {prefix} from the child within 300 s")


@pytest.mark.parametrize("mode", ["pause", "race"])
def test_killed_import_leaves_the_database_unchanged(
    db_url: str, data_dir: Path, tmp_path: Path, mode: str
) -> None:
    make_areas(data_dir)
    small, big, script = tmp_path / "klein.csv", tmp_path / "groot.csv", tmp_path / "child.py"
    small.write_text(csv_text(), encoding="utf-8")
    _big_csv(big)
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DATABASE_URL": db_url}
    with subprocess.Popen(
        [sys.executable, str(script), str(small), str(big), mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            lines = _lines(process)
            _, ack_batch, ack_count = _wait_for(lines, "ACK", process).split()
            _wait_for(lines, "MID", process)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == -signal.SIGKILL

    notes = NotesStore.open(db_url)
    try:
        batches = notes.batches()
        counts = notes.notes_frame().groupby("batch_id").size().to_dict()
        acknowledged = int(ack_batch)
        assert counts[acknowledged] == int(ack_count) == 3
        if mode == "pause":
            # Killed mid-transaction: nothing of the large batch exists.
            assert [b.id for b in batches] == [acknowledged]
            assert notes.count_notes() == 3
        else:
            # Killed as soon as writing began: all of the large batch or none of it.
            big_batches = [b for b in batches if b.id != acknowledged]
            assert len(big_batches) in (0, 1)
            assert notes.count_notes() in (3, 3 + BIG_ROWS)
            if big_batches:
                assert counts[big_batches[0].id] == BIG_ROWS
        with notes.engine.connect() as conn:
            orphans = conn.exec_driver_sql(
                "SELECT count(*) FROM codes WHERE note_id NOT IN (SELECT id FROM notes)"
            ).scalar()
            batches_without_notes = conn.exec_driver_sql(
                "SELECT count(*) FROM import_batches b WHERE NOT EXISTS "
                "(SELECT 1 FROM notes n WHERE n.batch_id = b.id)"
            ).scalar()
        assert orphans == 0 and batches_without_notes == 0
        if notes.dialect == "sqlite":
            with notes.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        # The database is usable: the next import goes through.
        context = importer.build_context(notes, make_areas(data_dir), GEMEENTE)
        rows = [["15-03-2024", "Centrum", "bewoner", "", "Na de crash", ""]]
        preview = importer.prepare_import(csv_text(rows).encode(), "na.csv", context, notes)
        importer.commit_import(preview, notes)
        assert "Na de crash" in set(notes.notes_frame()["text"])
    finally:
        notes.engine.dispose()
