"""The catalogue's linking index: built from the entries, kept compiled on disk, read back the same."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from chitieu.catalogue import entries as entries_module
from chitieu.catalogue.compiled import KEEP, artefact_path, read_artefact, write_artefact
from chitieu.catalogue.entries import CatalogueEntry, name_key, standard_catalogue
from chitieu.catalogue.index import CatalogueIndex, build_index, catalogue_index
from chitieu.catalogue.link import Linker
from chitieu.settings import get_settings
from chitieu.text.normalize import canonical, fold

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("CHITIEU_CACHE_DIR", str(tmp_path / "cache"))
    get_settings.cache_clear()
    standard_catalogue.cache_clear()
    yield tmp_path / "cache" / "catalogue"
    get_settings.cache_clear()
    standard_catalogue.cache_clear()


def _words() -> list[str]:
    """Every word of our fixture texts the catalogue does not have, and random strings."""
    idf = build_index(standard_catalogue()).idf
    words: set[str] = set()
    for path in sorted(DATA.glob("*/*.txt")):
        words |= set(name_key(path.read_text(encoding="utf-8")).split())
    rng = random.Random(7)
    letters = "aeioubcdghklmnpqrstuvxy"
    noise = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 16))) for _ in range(1500)]
    return sorted(w for w in words if w not in idf and len(w) >= 3 and not w.isdigit()) + noise


def test_index_nearest_agrees_with_rapidfuzz_ratio() -> None:
    index = build_index(standard_catalogue())
    words = _words()
    assert len(words) > 1800
    for word in words:
        hit = process.extractOne(word, index.vocab, scorer=fuzz.ratio, score_cutoff=80.0)
        assert index.nearest(word) == (hit[0] if hit else None), word


@pytest.mark.parametrize(
    ("word", "nearest"),
    [("nghep", "nghiep"), ("ngiep", "nghiep"), ("thuog", "thuong"), ("qqqq", None), ("nghiepxyzxyz", None)],
)
def test_index_nearest_repairs_ocr_words(word: str, nearest: str | None) -> None:
    assert build_index(standard_catalogue()).nearest(word) == nearest


def test_index_dump_and_load_give_the_same_index() -> None:
    index = build_index(standard_catalogue())
    again = CatalogueIndex.load(index.dump())
    assert again == index
    assert list(again.vocab) == list(index.vocab) and list(again.idf) == list(index.idf)


@pytest.mark.parametrize(
    "text",
    [
        "Tỷ lệ hộ nghèo", "Tỷ lệ hộ ngheò", "TỶ LỆ HỘ NGHÈO", "Số xã đạt chuẩn NTM", "Thu NSNN",
        "Tỉ lệ “bao phủ” BHYT – 2019/2020", "Đảng viên (kết nạp) mới", "thuỷ sản, hoà giải",
        "½ m² ﬁ … x", "Tốc độ tăng trưởng kinh tế (GRDP",
    ],
)  # fmt: skip
def test_name_key_is_the_folded_words(text: str) -> None:
    # the key of the folding of the whole text, abbreviations written out
    key = " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(canonical(text))).split())
    assert name_key(text) == name_key(key)
    assert re.fullmatch(r"[0-9a-z% ]*", name_key(text))


def test_name_key_matches_the_folding_on_fixture_lines() -> None:
    lines = [ln for p in sorted(DATA.glob("*/*.txt")) for ln in p.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 500
    for line in lines:
        key = " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(canonical(line))).split())
        assert name_key(line) == name_key(key), line


def test_catalogue_index_is_written_once_then_read(cache_dir: Path) -> None:
    entries = standard_catalogue()
    first = catalogue_index(entries)
    files = sorted(p.name for p in cache_dir.glob("index-*.bin"))
    assert len(files) == 1
    stamp = (cache_dir / files[0]).stat().st_mtime_ns
    again = catalogue_index(entries)
    assert again == first
    assert (cache_dir / files[0]).stat().st_mtime_ns == stamp  # read, not written again


def test_catalogue_index_of_other_entries_is_built_anew(cache_dir: Path) -> None:
    entries = standard_catalogue()
    own = CatalogueEntry("TV-001", "Số hộ nuôi tôm càng xanh", "kinh tế", ("hộ",), standard=False)
    catalogue_index(entries)
    index = catalogue_index([*entries, own])
    assert "cang" in index.idf and len(list(cache_dir.glob("index-*.bin"))) == 2
    assert Linker([*entries, own]).link("Số hộ nuôi tôm càng xanh", "hộ").code == "TV-001"


def test_catalogue_index_damaged_file_is_rebuilt(cache_dir: Path) -> None:
    entries = standard_catalogue()
    good = catalogue_index(entries)
    (path,) = cache_dir.glob("index-*.bin")
    path.write_bytes(b"\x00not an index")
    assert catalogue_index(entries) == good
    assert CatalogueIndex.load(path.read_bytes()) == good  # written over


def test_catalogue_index_unwritable_folder_stays_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("CHITIEU_CACHE_DIR", str(blocker))
    get_settings.cache_clear()
    try:
        assert not write_artefact("index", "0" * 32, b"x")
        assert read_artefact("index", "0" * 32) is None
        assert catalogue_index(standard_catalogue()) == build_index(standard_catalogue())
    finally:
        get_settings.cache_clear()


def test_compiled_cache_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHITIEU_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        assert artefact_path("index", "0" * 32) is None
        catalogue_index(standard_catalogue())
        assert list(tmp_path.iterdir()) == []
    finally:
        get_settings.cache_clear()


def test_standard_catalogue_read_back_equals_the_parsed_csv(cache_dir: Path) -> None:
    parsed = standard_catalogue()  # parsed, and written
    assert len(list(cache_dir.glob("entries-*.bin"))) == 1
    standard_catalogue.cache_clear()
    read = standard_catalogue()  # read back
    assert read == parsed and all(isinstance(e, CatalogueEntry) for e in read)


def test_standard_catalogue_damaged_file_is_parsed_anew(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = standard_catalogue()
    (path,) = cache_dir.glob("entries-*.bin")
    path.write_bytes(b"garbage")
    standard_catalogue.cache_clear()
    calls: list[str] = []
    real = entries_module.parse_entries

    def counting(*args: object, **kwargs: object) -> tuple[CatalogueEntry, ...]:
        calls.append("parse")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(entries_module, "parse_entries", counting)
    assert standard_catalogue() == parsed and calls == ["parse"]


def test_compiled_cache_keeps_the_newest_few(cache_dir: Path) -> None:
    for n in range(KEEP + 3):
        assert write_artefact("index", f"{n:032d}", b"x")
    kept = sorted(p.name for p in cache_dir.glob("index-*.bin"))
    assert len(kept) == KEEP and f"index-{KEEP + 2:032d}.bin" in kept
    assert read_artefact("index", f"{KEEP + 2:032d}") == b"x"


def test_linking_rules_are_written_folded() -> None:
    from chitieu.catalogue.index import RULES

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    words = strings(RULES)
    assert len(words) > 100
    assert [w for w in words if w not in ("", "%") and name_key(w) != w] == []


def test_catalogue_index_is_rebuilt_when_name_key_changes(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entries = standard_catalogue()
    catalogue_index(entries)
    monkeypatch.setitem(entries_module.ABBREVIATIONS, "qqq", "quy hoach")
    catalogue_index(entries)
    assert len(list(cache_dir.glob("index-*.bin"))) == 2  # another digest, another file
