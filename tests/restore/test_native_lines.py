"""The C loops over a line's tokens (_lines.c), the C ranking of readings (_ranked.c) and
the decoder's memo of look-ups (_memo.h) give exactly what the Python code gives."""

from __future__ import annotations

import importlib.util
import random
import shutil
import sysconfig
from pathlib import Path
from types import ModuleType

import pytest
from tests.restore.test_native import _model

from chitieu.restore import Restorer
from chitieu.restore import decode as decode_module
from chitieu.restore import restorer as restorer_module
from chitieu.restore.decode import Candidate, Item, _decode_python, native_tables
from chitieu.restore.detect import learn_class, line_words, word_classes, words_stats
from chitieu.restore.noise import damage
from chitieu.restore.restorer import HINT_MARKED, MAX_READINGS, PRUNE_MARGIN, _is_heading
from chitieu.restore.tokens import WORD
from chitieu.text.normalize import strip_marks

pytestmark = pytest.mark.skipif(not restorer_module.NATIVE, reason="C accelerator not built")

if restorer_module.NATIVE:
    from chitieu.restore import _native

DATA = Path(__file__).resolve().parents[1] / "data"
TEXTS = [
    DATA.parent.parent / "examples" / "bao-cao-tinh-an-lac-2023.txt",
    *sorted((DATA / "restore-holdout").glob("*-2024.txt")),
    *sorted((DATA / "structure").glob("*.txt"))[:2],
]
# lines that take every turn of Restorer._line_items and _modes
LINES = [
    "",
    "   ",
    "-- * --",
    "Ke hoach phat trien kinh te - xa hoi nam 2024 cua tinh",
    "Kế hoạch phát triển kinh tế - xã hội năm 2024 của tỉnh",
    "KE HOACH PHAT TRIEN KINH TE XA HOI",
    "II. Muc tieu tong quat",
    "a) Tang truong GRDP dat 7,5%",
    "b- chi tieu",
    "(a) von dau tu",
    "1. Tong so 1.234,5 ty dong, tang 12/2020 so voi 3.4.5",
    "Dat 10ha va 2,5km duong, H5N1, UBND tinh, TTg",
    "vi€t nam c@ 16 x@ va ¢ac ﬁ",
    "Ha Noi & Hai Phong",
    "ma_so 12 cua xa",
    "Tỉ lệ hộ nghèo giảm còn 3,2 %; thu nhap binh quan 60 trieu",
    "Iy do la ngUli dan sUn xuat",
    "Nam 2024: 15 xa dat chuan, 3 huyen; ١٢ muc",
    "DAT 15/19 CHI TIEU, 4 CHI TIEU KHONG DAT",
    "x",
    "Ông Nguyễn Văn A, Chủ tịch UBND",
]


def _maybe_marker(line: str) -> bool:
    """The first word is not a number and ".", ")" or "-" follows it (what C leaves to Python)."""
    first = WORD.search(line)
    return (
        first is not None
        and not first.group().isdigit()
        and line[first.end() : first.end() + 1] in (".", ")", "-")
    )


def _texts() -> list[tuple[str, list[str]]]:
    out = []
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        for name, variant in (
            ("clean", text),
            ("stripped", strip_marks(text)),
            ("damaged", damage(text, seed=len(text))),
        ):
            out.append((f"{path.name} {name}", variant.split("\n")))
    return out


@pytest.fixture(scope="module")
def shared() -> Restorer:
    return Restorer.shared()


@pytest.mark.parametrize(("name", "lines"), _texts(), ids=lambda x: x if isinstance(x, str) else "")
@pytest.mark.parametrize("digit_words", [False, True])
def test_restorer_native_lines_match_python(
    shared: Restorer, name: str, lines: list[str], digit_words: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    native = Restorer(shared.lm).restore_lines(lines, digit_words=digit_words)
    assert len(native) == len(lines)
    monkeypatch.setattr(restorer_module, "NATIVE", False)
    python = Restorer(shared.lm).restore_lines(lines, digit_words=digit_words)
    assert native == python, name


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("mode", [0, 1, 2])
@pytest.mark.parametrize("plain", [True, False])  # with the shortcuts, or without them
def test_native_line_items_match_python(shared: Restorer, line: str, mode: int, plain: bool) -> None:
    restorer = Restorer(shared.lm)
    items: list[Item] = []
    slots = _native.line_items(
        line,
        mode,
        restorer._cache,
        restorer._candidates,
        restorer._punct,
        restorer._number,
        items,
        restorer._plain if plain else None,
        restorer._marker if plain else None,
    )
    expected: list[Item] = []
    want = Restorer(shared.lm)._line_items(line, mode, expected, False)
    if slots is None:
        # only the lines the Python method must read: damaged, "_" or "&", headings, markers
        assert not items
        assert mode == 2 or "_" in line or "&" in line or (not plain and _maybe_marker(line))
    else:
        assert mode != 2
        assert slots == want
        assert items == expected
        # what the line loop cached is what the Python method makes for each word
        fresh = Restorer(shared.lm)
        for (text, key_mode), cands in restorer._cache.items():
            heading = key_mode >= 3  # the cache's key: mode + 3 in a heading
            assert fresh._candidates(text, key_mode - 3 * heading, heading) == cands


@pytest.mark.parametrize("line", LINES)
def test_native_line_counts_match_words_stats(line: str) -> None:
    classes = word_classes()
    got = _native.line_counts(line, classes, learn_class)
    if "_" in line or "&" in line:
        assert got is None
        return
    words = line_words(line)
    stats = words_stats(words, caps=_is_heading(words), classes=word_classes())
    assert got == (stats.words, stats.invalid, stats.plain)
    assert _native.line_counts(line, classes, learn_class) == got  # the second time from the cache


def test_native_line_counts_counts_a_stripped_line() -> None:
    assert _native.line_counts("Ke hoach nam 2024 cua UBND", word_classes(), learn_class) == (4, 0, 4)


@pytest.mark.parametrize("seed", range(8))
def test_native_ranked_matches_python(shared: Restorer, seed: int) -> None:
    rng = random.Random(seed)
    keys = sorted(shared.by_key)
    for _ in range(200):
        groups = [
            (rng.choice([0.0, 0.5, 2.0, 4.0, 6.0, 120.0]), shared.by_key[rng.choice(keys)])
            for _ in range(rng.choice([1, 1, 2, 5, 20]))
        ]
        groups[0] = (rng.choice([0.0, 1.0]), groups[0][1])
        direct = groups[0][1] if rng.random() < 0.5 else None
        exact = rng.choice([None, groups[0][1][-1], rng.choice(shared.by_key[rng.choice(keys)])])
        readings = rng.choice([MAX_READINGS, 3, 60])
        expected = shared._ranked_python(groups, direct, exact, readings)
        got = _native.ranked(
            groups,
            shared.lm.unigram_array,
            -1 if exact is None else exact,
            direct,
            readings,
            PRUNE_MARGIN,
            HINT_MARKED,
            shared.lm.vocab,
            Candidate,
        )
        assert got == expected
        assert all(type(c) is Candidate for c in got)


@pytest.mark.parametrize(("margin", "beam"), [(7.0, 20), (2.0, 3), (1e9, 10_000)])
@pytest.mark.parametrize("seed", range(30))
def test_native_decode_with_shared_candidate_lists_matches_python(
    seed: int, margin: float, beam: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the restorer gives every occurrence of a word the same list: what the memo keys on
    monkeypatch.setattr(decode_module, "MARGIN", margin)
    monkeypatch.setattr(decode_module, "BEAM", beam)
    rng = random.Random(seed)
    lm = _model(rng)
    pool = [
        [
            Candidate(rng.randrange(4, 16), rng.choice([0.0, 0.5, 1.0]), None)
            for _ in range(rng.choice([1, 2, 5]))
        ]
        for _ in range(rng.choice([2, 4, 8]))
    ]
    items = [rng.choice(pool) for _ in range(rng.randint(1, 300))]
    native = _native.decode(items, *native_tables(lm), 0, margin, beam, lm.backoff)
    assert native == _decode_python(lm, items)


@pytest.mark.parametrize(
    ("slots", "choice", "error", "message"),
    [
        ([(0, 99, "x", 0)], [0], ValueError, "outside its line"),
        ([(3, 2, "x", 0)], [0], ValueError, "outside its line"),
        ([(0, 1, "x", 5)], [0], ValueError, "outside its line"),
        ([(0, 1, "x", 0)], [7], ValueError, "outside its candidates"),
        ([(0, 1)], [0], TypeError, "slot"),
    ],
)
def test_native_assemble_rejects_bad_slots(
    slots: list[tuple[int, ...]], choice: list[int], error: type[Exception], message: str
) -> None:
    items: list[Item] = [[Candidate(4, 0.0, "ý")]]
    assert _native.assemble("xa", [(0, 1, "x", 0)], items, [0], lambda w, s: w.upper()) == "ýa"
    with pytest.raises(error, match=message):
        _native.assemble("xa", slots, items, choice, lambda w, s: w)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("groups", "message"),
    [([], "no group"), ([(0.0, [])], "non-empty"), ([(0.0, [10**7])], "outside the vocabulary")],
)
def test_native_ranked_rejects_bad_groups(
    shared: Restorer, groups: list[tuple[float, list[int]]], message: str
) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        _native.ranked(groups, shared.lm.unigram_array, -1, None, 20, 7.0, 1.5, shared.lm.vocab, Candidate)


def test_native_line_items_rejects_candidates_that_are_not_lists(shared: Restorer) -> None:
    restorer = Restorer(shared.lm)
    with pytest.raises(TypeError, match="non-empty list"):
        _native.line_items("ke hoach", 1, {}, lambda *a: (), restorer._punct, restorer._number, [])
    with pytest.raises(TypeError, match="plain"):
        _native.line_items(
            "ke hoach", 1, {}, restorer._candidates, restorer._punct, restorer._number, [], (1,)
        )  # type: ignore[arg-type]


def _small_memo_module(tmp_path: Path) -> ModuleType:
    """The accelerator built with tiny memo limits, by the build hook, in ``tmp_path``."""
    compiler = str(sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler})")
    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("chitieu_hatch_build", root / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    folder = tmp_path / "src" / "chitieu" / "restore"
    folder.mkdir(parents=True)
    for name in ("_native.c", "_native.h", "_memo.h", "_tables.h", "_decode.c", "_lines.c", "_ranked.c"):
        shutil.copy(root / "src" / "chitieu" / "restore" / name, folder / name)
    built = hook.build_native(tmp_path)
    assert built is not None
    spec = importlib.util.spec_from_file_location("_native", built)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_native_decode_forgetting_its_memo_on_a_long_text_matches_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiler = str(sysconfig.get_config_var("CC") or "cc")
    monkeypatch.setenv("CC", f"{compiler} -DMEMO_MAX=40 -DPOOL_MAX=300")
    small = _small_memo_module(tmp_path)
    rng = random.Random(5)
    lm = _model(rng)
    pool = [
        [
            Candidate(rng.randrange(4, 16), rng.choice([0.0, 0.5, 1.0]), None)
            for _ in range(rng.choice([1, 3, 6]))
        ]
        for _ in range(60)
    ]
    items = [rng.choice(pool) for _ in range(3000)]
    expected = _decode_python(lm, items)
    assert small.decode(items, *native_tables(lm), 0, 7.0, 20, lm.backoff) == expected
    assert _native.decode(items, *native_tables(lm), 0, 7.0, 20, lm.backoff) == expected
