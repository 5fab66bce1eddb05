"""A register on disk: a folder with ``manifest.json`` and one folder per part holding the six tables
as Parquet (docs/register-format.md).

Writing is all or nothing: parts go into a hidden sibling folder that is renamed into place only
after the manifest is written, so a reader never sees half a register.
"""

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import polars as pl

from .format import FORMAT, TABLES, conform

MANIFEST = "manifest.json"


class RegisterError(Exception):
    """A register that cannot be read: a missing or malformed manifest or table."""


@dataclass(frozen=True)
class Part:
    name: str
    municipality: str
    households: int
    persons: int


@dataclass(frozen=True)
class Register:
    path: Path
    manifest: dict
    parts: tuple

    @property
    def reference_date(self):
        value = self.manifest.get("reference_date")
        return date.fromisoformat(value) if value else None

    @property
    def households(self):
        return sum(p.households for p in self.parts)

    @property
    def municipalities(self):
        return sorted({p.municipality for p in self.parts})

    def parts_of(self, municipality=None):
        return [p for p in self.parts if municipality is None or p.municipality == municipality]

    def read(self, part, tables=TABLES, columns=None):
        """{table: DataFrame} of one part; ``columns`` optionally maps a table to the columns to read."""
        folder = self.path / part.name
        result = {}
        for table in tables:
            wanted = (columns or {}).get(table)
            try:
                result[table] = pl.read_parquet(folder / f"{table}.parquet", columns=wanted)
            except (OSError, pl.exceptions.PolarsError) as exc:
                raise RegisterError(f"{folder / (table + '.parquet')}: cannot read: {exc}") from None
        return result

    def scan(self, table, municipality=None):
        """One LazyFrame over ``table`` of every part (of ``municipality``)."""
        files = [str(self.path / p.name / f"{table}.parquet") for p in self.parts_of(municipality)]
        return pl.scan_parquet(files) if files else None


def open_register(path):
    """The register in folder ``path``; :class:`RegisterError` if it is not one."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegisterError(f"{path}: not a register (no {MANIFEST}); make one with "
                            "'meedoen register generate' or 'meedoen register import'") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RegisterError(f"{path / MANIFEST}: cannot read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RegisterError(f"{path / MANIFEST}: format is not {FORMAT!r}")
    try:
        parts = tuple(Part(p["name"], p["municipality"], int(p["households"]), int(p["persons"]))
                      for p in manifest["parts"])
    except (KeyError, TypeError, ValueError) as exc:
        raise RegisterError(f"{path / MANIFEST}: 'parts' is malformed ({exc})") from None
    missing = [f"{p.name}/{t}.parquet" for p in parts for t in TABLES if not (path / p.name / f"{t}.parquet").is_file()]
    if missing:
        raise RegisterError(f"{path}: missing tables: {', '.join(missing[:5])}")
    return Register(path, manifest, parts)


class RegisterWriter:
    """Writes a register part by part into a temporary folder; :meth:`commit` puts it in place.

    Use as a context manager: leaving the block with an exception removes everything written::

        with RegisterWriter(dest, source="synthetic", reference_date=day) as w:
            w.add_part("GM0637", tables)
    """

    def __init__(self, dest, *, source, reference_date=None, overwrite=False, **info):
        self.dest = Path(dest)
        if self.dest.exists() and not overwrite:
            raise RegisterError(f"{self.dest}: already exists (use --overwrite to replace it)")
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=f".{self.dest.name}.", dir=self.dest.parent))
        self.overwrite = overwrite
        self.manifest = {"format": FORMAT, "source": source,
                         "reference_date": reference_date.isoformat() if reference_date else None,
                         "created": datetime.now(timezone.utc).isoformat(timespec="seconds"), **info, "parts": []}
        self.digest = hashlib.sha256()
        self.committed = False

    def add_part(self, municipality, tables):
        """Write one part: ``tables`` maps each of the six table names to a frame (missing: empty)."""
        name = f"part-{len(self.manifest['parts']):05d}"
        folder = self.tmp / name
        folder.mkdir()
        for table in TABLES:
            frame = conform(table, tables.get(table, pl.DataFrame()))
            file = folder / f"{table}.parquet"
            frame.write_parquet(file, statistics=True)
            self.digest.update(file.read_bytes())
        self.manifest["parts"].append({
            "name": name, "municipality": municipality,
            "households": tables["households"].height, "persons": tables["persons"].height,
        })
        return name

    def commit(self):
        self.manifest["sha256"] = self.digest.hexdigest()
        (self.tmp / MANIFEST).write_text(json.dumps(self.manifest, indent=2) + "\n", encoding="utf-8")
        old = None
        if self.dest.exists():
            old = self.dest.with_name(f".{self.dest.name}.old-{os.getpid()}")
            os.replace(self.dest, old)
        os.replace(self.tmp, self.dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        self.committed = True
        return open_register(self.dest)

    def abort(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is not None or not self.committed:
            self.abort()
        return False
