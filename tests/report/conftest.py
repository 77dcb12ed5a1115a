"""Stores with a report imported, shared by the briefing's tests (importing is the slow part)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "bao-cao-tinh-an-lac-2023.txt"
SEED = REPO.parent / "shared" / "seed" / "000_d11ddce65c755f57.txt"


@dataclass(frozen=True)
class Imported:
    engine: Engine
    plan: str
    unit: str
    year: int


_SOURCES = {
    # name: (file, unit, plan, results year)
    "example": (EXAMPLE, "Tỉnh An Lạc", "Nghị quyết năm 2024", 2023),
    "seed": (SEED, "Tỉnh Trà Vinh", "Nghị quyết năm 2020", 2019),
}


@pytest.fixture(scope="session", params=sorted(_SOURCES))
def imported(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """A SQLite store holding one imported report (the sample is skipped where it is absent)."""
    from chitieu.store import open_store
    from chitieu.store.importer import import_file

    path, unit, plan, year = _SOURCES[request.param]
    if not path.exists():
        pytest.skip(f"{path} not present")
    db = tmp_path_factory.mktemp(f"report-{request.param}") / "store.db"
    engine = open_store(f"sqlite:///{db}")
    import_file(engine, path, unit_name=unit, plan_title=plan)
    return Imported(engine, plan, unit, year)


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    """The project's example report (results 2023, targets 2024) in a SQLite store."""
    from chitieu.store import open_store
    from chitieu.store.importer import import_file

    path, unit, plan, year = _SOURCES["example"]
    db = tmp_path_factory.mktemp("report-example-only") / "store.db"
    engine = open_store(f"sqlite:///{db}")
    import_file(engine, path, unit_name=unit, plan_title=plan)
    return Imported(engine, plan, unit, year)


def docx_text(data: bytes) -> tuple[list[str], list[list[str]]]:
    """The paragraphs of a .docx and the rows (cell texts) of its tables."""
    import docx

    doc = docx.Document(io.BytesIO(data))
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    return [p.text for p in doc.paragraphs], rows


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed: run scripts/install-report-tools.sh")
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    # drop the page numbers WeasyPrint puts at the top of each page after the first
    return re.sub(r"\f[ \n]*\d+[ ]*\n", "\n", out.stdout.decode("utf-8"))
