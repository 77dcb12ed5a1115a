"""Fixtures for the reader tests: the sample report in every format, built once per session."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reader_samples as samples
from reader_helpers import fact_keys, facts_of, read_all


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("readers")


@pytest.fixture(scope="session")
def clean_txt(sample_dir: Path) -> Path:
    path = sample_dir / "report.txt"
    path.write_text("\n".join(samples.report_lines()) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def clean_facts(clean_txt: Path) -> Counter[tuple[object, ...]]:
    keys = fact_keys(facts_of(read_all(clean_txt)))
    assert sum(keys.values()) >= 10  # the sample gives facts at all
    return keys


@pytest.fixture(scope="session")
def scan_pdf(sample_dir: Path) -> Path:
    if not samples.FONT.exists():
        pytest.skip("DejaVu font missing (fonts-dejavu-core)")
    return samples.write_scan_pdf(sample_dir / "scan.pdf", [samples.report_lines()], dpi=300)
