"""The canonical area dataset on disk: GeoParquet per gemeente, year and level, plus a manifest.

Layout under the data directory::

    gebieden/<GM code>/<jaar>/CURRENT            name of the live version (replaced atomically)
    gebieden/<GM code>/<jaar>/<version>/gemeente.parquet, wijk.parquet, buurt.parquet
    gebieden/<GM code>/<jaar>/<version>/<niveau>.kaart.parquet   simplified map geometry
    gebieden/<GM code>/<jaar>/<version>/manifest.json
    grenzen/<jaar>/<niveau>.parquet               boundaries of any gemeente, by code

A save writes a complete new version beside the old one and then swaps ``CURRENT`` with
``os.replace``, which is atomic: a crash or a failing download never leaves a half-written dataset,
and the last good version stays readable until the swap.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from urgentie import settings
from urgentie.canonical import LEVELS, NATIONAL
from urgentie.geometry import map_geometry

CRS = "EPSG:4326"


@dataclass
class SourceRecord:
    """Where one part of a dataset came from."""

    kind: str
    """``api``, ``bestand`` or ``demo``."""
    part: str
    """``cijfers`` (figures), ``grenzen`` (boundaries) or ``beide``."""
    name: str
    """File name, or the service URL."""
    table_id: str = ""
    retrieved_at: str = ""
    modified: str = ""
    """When the publisher last changed the source (StatLine TableInfos ``Modified``)."""
    file_format: str = ""
    """For files: the format read (``KWB-Excel``, ``StatLine-export``, ``GeoPackage`` …)."""


@dataclass
class Manifest:
    """What a stored dataset holds and where it came from."""

    gemeente_code: str
    gemeente_naam: str
    jaar: int
    period: str = ""
    """The period the figures describe, e.g. ``2024`` or ``1 januari 2024``."""
    demo: bool = False
    sources: list[SourceRecord] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    missing_indicators: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    without_geometry: list[str] = field(default_factory=list)
    without_figures: list[str] = field(default_factory=list)
    saved_at: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.gemeente_code, self.jaar)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        data = dict(data)
        data["sources"] = [SourceRecord(**s) for s in data.get("sources", [])]
        return cls(**data)


def now_iso() -> str:
    """Current time in UTC, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class AreaStore:
    """Read and write canonical datasets in one data directory."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else settings.data_dir()

    # --- paths --------------------------------------------------------------------------------
    def _year_dir(self, gemeente: str, jaar: int) -> Path:
        return self.root / "gebieden" / gemeente / str(int(jaar))

    def _current(self, gemeente: str, jaar: int) -> Path | None:
        year_dir = self._year_dir(gemeente, jaar)
        pointer = year_dir / "CURRENT"
        if not pointer.is_file():
            return None
        version = year_dir / pointer.read_text(encoding="utf-8").strip()
        return version if version.is_dir() else None

    # --- listing ------------------------------------------------------------------------------
    def manifests(self) -> list[Manifest]:
        """Every stored dataset's manifest, sorted by gemeente name and year."""
        found = []
        base = self.root / "gebieden"
        if not base.is_dir():
            return []
        for gm_dir in base.iterdir():
            if not gm_dir.is_dir():
                continue
            for year_dir in gm_dir.iterdir():
                if year_dir.is_dir() and year_dir.name.isdigit():
                    try:
                        manifest = self.manifest(gm_dir.name, int(year_dir.name))
                    except (OSError, ValueError, TypeError):
                        # A damaged dataset must not take every page down; it is left out.
                        continue
                    if manifest is not None:
                        found.append(manifest)
        return sorted(found, key=lambda m: (m.gemeente_code == NATIONAL, m.gemeente_naam, m.jaar))

    def manifest(self, gemeente: str, jaar: int) -> Manifest | None:
        """The manifest of one dataset, or None when it is not stored."""
        version = self._current(gemeente, jaar)
        if version is None:
            return None
        return Manifest.from_json(json.loads((version / "manifest.json").read_text("utf-8")))

    def years(self, gemeente: str) -> list[int]:
        """Stored years of one gemeente, ascending."""
        return sorted(m.jaar for m in self.manifests() if m.gemeente_code == gemeente)

    def has_data(self) -> bool:
        return bool(self.manifests())

    # --- reading -------------------------------------------------------------------------------
    def load(self, gemeente: str, jaar: int, niveau: str | None = None) -> gpd.GeoDataFrame:
        """The canonical table of one gemeente and year (all levels, or one level).

        Raises FileNotFoundError with a Dutch message when the dataset is not stored.
        """
        version = self._current(gemeente, jaar)
        if version is None:
            raise FileNotFoundError(f"Geen gegevens voor {gemeente} in {jaar}.")
        return _load_version(version, niveau)

    def stored_years(self, gemeente: str) -> list[int]:
        """Years with a current dataset of one gemeente, ascending (no manifest reads)."""
        base = self.root / "gebieden" / gemeente
        if not base.is_dir():
            return []
        return sorted(
            int(d.name) for d in base.iterdir() if d.name.isdigit() and (d / "CURRENT").is_file()
        )

    def view(
        self, gemeente: str, jaar: int, niveau: str | None = None, *, geometry: bool = True
    ) -> pd.DataFrame:
        """The areas of ``jaar`` with, per indicator, the newest figure at or before ``jaar``.

        See :mod:`urgentie.store.latest`: older figures fill gaps only for unchanged areas and
        within the declared maximum age; every indicator has a ``<key>_peiljaar`` column.
        ``geometry=False`` leaves the full boundaries out (maps and scores need only figures).
        """
        from urgentie.store.latest import latest_figures, max_age

        levels = [niveau] if niveau else list(LEVELS)
        oldest = int(jaar) - max_age()
        years = [y for y in self.stored_years(gemeente) if oldest <= y < int(jaar)]
        parts = []
        for lvl in levels:
            # Boundaries are compared on the map geometry of every year (one simplification for
            # all), so the Kaart and the Wijkprofiel always take the same decision.
            current = self._level(gemeente, jaar, lvl)
            if current is None:
                continue
            older = {}
            for year in years:
                frame = self._level(gemeente, year, lvl)
                if frame is not None:
                    older[year] = frame
            view = latest_figures(current, int(jaar), older, oldest_allowed=oldest)
            view = pd.DataFrame(view.drop(columns="geometry", errors="ignore"))
            if geometry:
                full = self.load(gemeente, jaar, lvl)
                lookup = full.drop_duplicates("code").set_index("code").geometry
                view["geometry"] = view["code"].astype(str).map(lookup)
            parts.append(view)
        if not parts:
            if self._current(gemeente, jaar) is None:
                raise FileNotFoundError(f"Geen gegevens voor {gemeente} in {jaar}.")
            return _empty_geoframe() if geometry else pd.DataFrame({"code": []})
        joined = pd.concat(parts, ignore_index=True)
        return gpd.GeoDataFrame(joined, geometry="geometry", crs=CRS) if geometry else joined

    def _level(self, gemeente: str, jaar: int, niveau: str) -> pd.DataFrame | None:
        """One level of one stored year with its map boundaries (enough to see whether a
        boundary moved, and much lighter than the full ones)."""
        version = self._current(gemeente, jaar)
        if version is None or not (version / f"{niveau}.parquet").is_file():
            return None
        frame = self.load_attributes(gemeente, jaar, niveau)
        shapes = self.load_map_geometry(gemeente, jaar, niveau)
        if len(shapes):
            lookup = shapes.drop_duplicates("code").set_index("code").geometry
            frame = frame.assign(geometry=frame["code"].astype(str).map(lookup))
        return frame

    def load_attributes(self, gemeente: str, jaar: int, niveau: str) -> pd.DataFrame:
        """The canonical table of one level without its geometry.

        Names and figures are all a map, a score or a table needs; skipping the full-detail
        boundaries makes this many times faster for big levels (national buurten).
        """
        version = self._current(gemeente, jaar)
        if version is None:
            raise FileNotFoundError(f"Geen gegevens voor {gemeente} in {jaar}.")
        path = version / f"{niveau}.parquet"
        if not path.is_file():
            return pd.DataFrame({"code": pd.Series(dtype="string")})
        import pyarrow.parquet as pq

        columns = [c for c in pq.read_schema(path).names if c != "geometry"]
        return pd.read_parquet(path, columns=columns)

    def load_map_geometry(self, gemeente: str, jaar: int, niveau: str) -> gpd.GeoDataFrame:
        """Simplified boundaries (code + geometry) for drawing, made once at save time."""
        version = self._current(gemeente, jaar)
        if version is None:
            raise FileNotFoundError(f"Geen gegevens voor {gemeente} in {jaar}.")
        path = version / f"{niveau}.kaart.parquet"
        if not path.is_file():
            return _empty_geoframe()
        return gpd.read_parquet(path)

    # --- writing -------------------------------------------------------------------------------
    def save(self, frame: gpd.GeoDataFrame, manifest: Manifest) -> Path:
        """Store one gemeente-year atomically and return the new version's directory."""
        with self.transaction() as tx:
            tx.stage(frame, manifest)
        return self._current(manifest.gemeente_code, manifest.jaar)  # type: ignore[return-value]

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Stage several datasets, then make them all current together (or none on error)."""
        tx = Transaction(self)
        try:
            yield tx
            tx.prepare()
        except BaseException:
            tx.rollback()
            raise
        tx.commit()

    def delete(self, gemeente: str, jaar: int) -> bool:
        """Remove one stored dataset; True when something was removed."""
        year_dir = self._year_dir(gemeente, jaar)
        if not year_dir.exists():
            return False
        # Rename first (atomic), then remove: a crash half-way leaves a hidden leftover, never
        # a CURRENT pointing into a half-deleted version.
        trash = year_dir.with_name(f".verwijderd-{year_dir.name}-{uuid.uuid4().hex[:8]}")
        year_dir.rename(trash)
        shutil.rmtree(trash, ignore_errors=True)
        _remove_if_empty(year_dir.parent)
        return True

    # --- boundaries library --------------------------------------------------------------------
    def save_boundaries(self, frame: gpd.GeoDataFrame, jaar: int) -> int:
        """Add boundaries (``code``, ``naam``, ``niveau``, geometry) to the library of ``jaar``.

        Existing codes are replaced by the new geometry. Returns the number of boundaries stored.
        """
        with self.transaction() as tx:
            return tx.save_boundaries(frame, jaar)

    def boundaries(self, jaar: int, codes: Iterable[str]) -> gpd.GeoSeries:
        """Geometry for ``codes`` from the library of ``jaar``, indexed by code.

        Codes without a stored boundary are left out.
        """
        return _pick_boundaries(self._boundary_library(jaar).values(), codes)

    def _boundary_path(self, jaar: int, niveau: str) -> Path:
        return self.root / "grenzen" / str(int(jaar)) / f"{niveau}.parquet"

    def _boundary_library(self, jaar: int) -> dict[str, gpd.GeoDataFrame]:
        """The stored boundary library of ``jaar``, one frame per level."""
        target = self.root / "grenzen" / str(int(jaar))
        if not target.is_dir():
            return {}
        return {path.stem: gpd.read_parquet(path) for path in sorted(target.glob("*.parquet"))}


class Transaction:
    """Versions written but not yet current; see :meth:`AreaStore.transaction`.

    Reads through the transaction (:meth:`manifest`, :meth:`load`, :meth:`boundaries`) see what
    was staged in it, so several imports can build on each other and still become current
    together, or not at all.
    """

    def __init__(self, store: AreaStore) -> None:
        self.store = store
        self.staged: list[tuple[Path, Path]] = []
        self._pending: dict[tuple[str, int], Path] = {}
        self._library: dict[tuple[int, str], gpd.GeoDataFrame] = {}
        self._library_files: list[tuple[Path, Path]] = []
        self._pointers: list[tuple[Path, Path, Path]] = []

    def stage(self, frame: gpd.GeoDataFrame, manifest: Manifest) -> None:
        key = (manifest.gemeente_code, int(manifest.jaar))
        year_dir = self.store._year_dir(manifest.gemeente_code, manifest.jaar)
        year_dir.mkdir(parents=True, exist_ok=True)
        version = year_dir / f"v-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        tmp = year_dir / f".tmp-{version.name}"
        tmp.mkdir()
        try:
            _write_version(tmp, frame, manifest)
            tmp.rename(version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            _remove_if_empty(year_dir)
            raise
        previous = self._pending.get(key)
        if previous is not None:
            # Staged twice in one transaction: the later version replaces the earlier one.
            self.staged = [(d, v) for d, v in self.staged if v != previous]
            shutil.rmtree(previous, ignore_errors=True)
        self._pending[key] = version
        self.staged.append((year_dir, version))

    # --- reads that see staged work --------------------------------------------------------
    def manifest(self, gemeente: str, jaar: int) -> Manifest | None:
        """Like :meth:`AreaStore.manifest`, but a version staged here wins."""
        version = self._pending.get((gemeente, int(jaar)))
        if version is None:
            return self.store.manifest(gemeente, jaar)
        return Manifest.from_json(json.loads((version / "manifest.json").read_text("utf-8")))

    def load(self, gemeente: str, jaar: int, niveau: str | None = None) -> gpd.GeoDataFrame:
        """Like :meth:`AreaStore.load`, but a version staged here wins."""
        version = self._pending.get((gemeente, int(jaar)))
        if version is None:
            return self.store.load(gemeente, jaar, niveau)
        return _load_version(version, niveau)

    def boundaries(self, jaar: int, codes: Iterable[str]) -> gpd.GeoSeries:
        """Like :meth:`AreaStore.boundaries`, including boundaries staged here."""
        return _pick_boundaries(self._library_for_year(jaar).values(), codes)

    def _library_for_year(self, jaar: int) -> dict[str, gpd.GeoDataFrame]:
        library = self.store._boundary_library(jaar)
        for (year, niveau), frame in self._library.items():
            if year == int(jaar):
                library[niveau] = frame
        return library

    def save_boundaries(self, frame: gpd.GeoDataFrame, jaar: int) -> int:
        """Stage boundaries for the library of ``jaar``; they are written on commit.

        Existing codes are replaced by the new geometry. Returns the number of boundaries staged.
        """
        stored = 0
        library = self._library_for_year(jaar)
        for niveau, group in frame.groupby("niveau"):
            new = gpd.GeoDataFrame(
                group[["code", "naam", "niveau", "geometry"]], geometry="geometry", crs=CRS
            )
            stored += len(new)
            old = library.get(str(niveau))
            if old is not None:
                new = pd.concat([old[~old["code"].isin(new["code"])], new], ignore_index=True)
            self._library[(int(jaar), str(niveau))] = gpd.GeoDataFrame(
                new, geometry="geometry", crs=CRS
            )
        return stored

    def prepare(self) -> None:
        """Write everything that can fail (boundary files, pointer files) under temporary names.

        After this only renames are left, so :meth:`commit` cannot leave a half-made state.
        """
        for (jaar, niveau), frame in self._library.items():
            path = self.store._boundary_path(jaar, niveau)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
            self._library_files.append((tmp, path))
            frame.to_parquet(tmp, index=False)
        for year_dir, version in self.staged:
            pointer = year_dir / f".CURRENT-{uuid.uuid4().hex[:8]}"
            self._pointers.append((pointer, year_dir, version))
            pointer.write_text(version.name, encoding="utf-8")

    def commit(self) -> None:
        """Make the prepared work current: atomic renames only."""
        for tmp, path in self._library_files:
            tmp.replace(path)
        for pointer, year_dir, version in self._pointers:
            current = year_dir / "CURRENT"
            previous = current.read_text(encoding="utf-8").strip() if current.is_file() else ""
            pointer.replace(current)
            # The version that was live a moment ago stays until the next save: a reader that
            # resolved CURRENT just before the swap can still finish reading it.
            _prune(year_dir, keep={version.name, previous})

    def rollback(self) -> None:
        for tmp, _ in self._library_files:
            tmp.unlink(missing_ok=True)
        for pointer, _, _ in self._pointers:
            pointer.unlink(missing_ok=True)
        for _, version in self.staged:
            shutil.rmtree(version, ignore_errors=True)
            # A year directory made only for this transaction goes too.
            _remove_if_empty(version.parent)
        self._pointers.clear()
        self._library_files.clear()
        self.staged.clear()
        self._pending.clear()
        self._library.clear()


def _prune(year_dir: Path, keep: set[str]) -> None:
    """Remove old versions and leftovers of interrupted saves, keeping the named ones."""
    for child in year_dir.iterdir():
        if child.is_dir() and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    for child in path.iterdir():
        with child.open("rb") as handle:
            os.fsync(handle.fileno())


def _write_version(target: Path, frame: gpd.GeoDataFrame, manifest: Manifest) -> None:
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=frame.crs or CRS).to_crs(CRS)
    manifest.counts = {lvl: int((frame["niveau"] == lvl).sum()) for lvl in LEVELS}
    manifest.saved_at = now_iso()
    for lvl in LEVELS:
        part = frame[frame["niveau"] == lvl].reset_index(drop=True)
        if part.empty:
            continue
        part.to_parquet(target / f"{lvl}.parquet", index=False)
        simplified = map_geometry(part)
        simplified.to_parquet(target / f"{lvl}.kaart.parquet", index=False)
    (target / "manifest.json").write_text(
        json.dumps(manifest.to_json(), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    _fsync_dir(target)


def _remove_if_empty(year_dir: Path) -> None:
    """Remove a year directory (and its gemeente directory) that holds nothing any more."""
    for directory in (year_dir, year_dir.parent):
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()


def _load_version(version: Path, niveau: str | None) -> gpd.GeoDataFrame:
    levels = [niveau] if niveau else list(LEVELS)
    frames = [
        gpd.read_parquet(version / f"{lvl}.parquet")
        for lvl in levels
        if (version / f"{lvl}.parquet").is_file()
    ]
    if not frames:
        return _empty_geoframe()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=CRS)


def _pick_boundaries(frames: Iterable[gpd.GeoDataFrame], codes: Iterable[str]) -> gpd.GeoSeries:
    wanted = set(codes)
    parts = [frame[frame["code"].isin(wanted)] for frame in frames]
    if not parts:
        return gpd.GeoSeries([], crs=CRS, dtype="geometry")
    joined = pd.concat(parts, ignore_index=True).drop_duplicates("code", keep="last")
    return gpd.GeoSeries(joined.geometry.values, index=joined["code"].values, crs=CRS)


def _empty_geoframe() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": pd.Series(dtype="string")}, geometry=[], crs=CRS)
