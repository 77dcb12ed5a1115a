"""The model cache: written on first load, mapped on later ones, rebuilt or bypassed when it cannot serve."""

from __future__ import annotations

from pathlib import Path

import pytest

from chitieu.errors import ModelMissing
from chitieu.restore import Restorer
from chitieu.restore.cache import CACHE_MAGIC, cache_dir, cache_path, load_model
from chitieu.restore.decode import context_indexes
from chitieu.restore.model import LanguageModel, NGrams, read_model_file

VOCAB = ["<s>", "<p>", "<n>", "<unk>", "kế", "hoạch", "năm", "ke"]


def _model(bonus: float = 0.0) -> LanguageModel:
    return LanguageModel(
        VOCAB,
        [-9.0, -3.0, -4.0, -12.0, -5.0 - bonus, -5.5, -6.0, -7.0],
        NGrams.from_scores({(4 << 15) | 5: -0.25, (5 << 15) | 6: -1.0, (7 << 15) | 5: -2.0}),
        NGrams.from_scores({(0 << 30) | (4 << 15) | 5: -0.125, (4 << 30) | (5 << 15) | 6: -0.5}),
        {"syllables": 4, "seen": 4},
    )


def _same(a: LanguageModel, b: LanguageModel) -> None:
    assert a.vocab == b.vocab
    assert list(a.unigram) == list(b.unigram)
    assert dict(a.bigrams.items()) == dict(b.bigrams.items())
    assert dict(a.trigrams.items()) == dict(b.trigrams.items())
    assert a.meta == b.meta
    for ctx in (0, 1, 4, 5, 7, (4 << 15) | 5, (5 << 15) | 6, 99):
        assert a.bigrams.after(ctx) == b.bigrams.after(ctx)
        assert a.trigrams.after(ctx) == b.trigrams.after(ctx)


@pytest.fixture
def model_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHITIEU_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "m.bin"
    _model().save(path)
    return path


def _cache_file(model_file: Path) -> Path:
    return cache_path(read_model_file(model_file)[0])


def test_load_model_writes_cache_then_maps_it(model_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _cache_file(model_file)
    assert not target.exists()
    first = load_model(model_file)
    assert target.is_file() and target.read_bytes().startswith(CACHE_MAGIC)
    _same(first, LanguageModel.load(model_file))
    written = target.stat().st_mtime_ns

    def no_decoding(*args: object) -> LanguageModel:
        raise AssertionError("the model was decoded although its cache is valid")

    monkeypatch.setattr(LanguageModel, "from_body", no_decoding)
    second = load_model(model_file)
    assert isinstance(second.unigram, memoryview)
    assert isinstance(second.trigrams.words, memoryview)
    _same(second, LanguageModel.parse_body(read_model_file(model_file)[1]))
    assert target.stat().st_mtime_ns == written
    # the decoder's context indexes come with the mapping, as the model would build them
    mapped = [bytes(memoryview(ix).cast("B")) for ix in context_indexes(second)]
    fresh = LanguageModel.parse_body(read_model_file(model_file)[1])
    assert mapped == [bytes(memoryview(ix).cast("B")) for ix in context_indexes(fresh)]
    assert isinstance(context_indexes(second)[1], memoryview)
    third = load_model(model_file)  # the same process maps the file once, each load its own model
    assert isinstance(third.trigrams.words, memoryview) and isinstance(second.trigrams.words, memoryview)
    assert third.trigrams.words.obj is second.trigrams.words.obj
    assert third is not second and third.trigrams is not second.trigrams


@pytest.mark.parametrize("damage", ["empty", "truncated", "flipped", "other-model", "garbage"])
def test_load_model_rebuilds_damaged_cache(model_file: Path, damage: str) -> None:
    load_model(model_file)
    target = _cache_file(model_file)
    raw = target.read_bytes()
    if damage == "empty":
        target.write_bytes(b"")
    elif damage == "truncated":
        target.write_bytes(raw[: len(raw) - 9])
    elif damage == "flipped":
        target.write_bytes(raw[:-5] + bytes([raw[-5] ^ 0x40]) + raw[-4:])
    elif damage == "other-model":  # a valid cache file of another model under this name
        other = model_file.with_name("other.bin")
        _model(bonus=1.0).save(other)
        load_model(other)
        target.write_bytes(_cache_file(other).read_bytes())
    else:
        target.write_bytes(b"not a cache file" * 10)
    back = load_model(model_file)
    _same(back, LanguageModel.load(model_file))
    assert isinstance(back.unigram, memoryview)  # mapped from the rebuilt file
    assert target.read_bytes() == raw


@pytest.mark.parametrize("where", ["under-a-file", "is-a-file"])
def test_load_model_without_writable_cache_stays_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    folder = blocker / "cache" if where == "under-a-file" else blocker
    monkeypatch.setenv("CHITIEU_CACHE_DIR", str(folder))
    path = tmp_path / "m.bin"
    _model().save(path)
    back = load_model(path)
    assert not isinstance(back.unigram, memoryview)
    _same(back, LanguageModel.load(path))
    assert blocker.read_text() == "a file where the cache folder should be"


def test_load_model_new_model_gets_new_cache_and_old_is_removed(model_file: Path) -> None:
    load_model(model_file)
    old = _cache_file(model_file)
    _model(bonus=2.0).save(model_file)
    back = load_model(model_file)
    new = _cache_file(model_file)
    assert new != old and new.is_file() and not old.exists()
    assert back.unigram[4] == pytest.approx(-7.0)


@pytest.mark.parametrize("use_cache", [True, False])
def test_load_model_damaged_model_raises_even_with_cache(model_file: Path, use_cache: bool) -> None:
    load_model(model_file)
    raw = model_file.read_bytes()
    model_file.write_bytes(raw[:-3] + bytes([raw[-3] ^ 0xFF]) + raw[-2:])
    with pytest.raises(ModelMissing, match="train-restorer"):
        load_model(model_file, use_cache=use_cache)


def test_load_model_without_cache_writes_nothing(model_file: Path) -> None:
    back = load_model(model_file, use_cache=False)
    _same(back, LanguageModel.load(model_file))
    assert not _cache_file(model_file).parent.exists()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CHITIEU_CACHE_DIR": "/srv/c", "XDG_CACHE_HOME": "/x"}, Path("/srv/c")),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/chitieu")),
        ({"XDG_CACHE_HOME": "relative/x"}, Path("/home/u/.cache/chitieu")),
        ({}, Path("/home/u/.cache/chitieu")),
    ],
)
def test_cache_dir_follows_environment(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: Path
) -> None:
    for name in ("CHITIEU_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", "/home/u")
    assert cache_dir() == expected


def test_restorer_from_cache_restores_as_in_memory() -> None:
    lines = [
        "Ke hoach nam 2024 cua tinh, UBND tinh da giao chi tieu.",
        "TY LE HO NGHEO giam con 2,5%; so xa dat chuan nong thon moi la 45 xa.",
        "Nguoi dan dugc hu@ng chinh sach, ty 18 bao phu BHYT dat 92%.",
    ]
    cached = Restorer.load()
    memory = Restorer.load(use_cache=False)
    assert isinstance(cached.lm.unigram, memoryview)
    assert cached.restore_lines(lines) == memory.restore_lines(lines)
    assert cached.restore_lines(lines)[0].startswith("Kế hoạch năm 2024")
