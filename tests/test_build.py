"""The build hook compiles the C accelerators (restorer, linker), or says why not and lets the build go on."""

from __future__ import annotations

import importlib.util
import shutil
import sysconfig
from array import array
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chitieu_hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of just what the hook compiles."""
    folder = tmp_path / "src" / "chitieu" / "restore"
    folder.mkdir(parents=True)
    for name in _SOURCES:
        shutil.copy(ROOT / "src" / "chitieu" / "restore" / name, folder / name)
    return tmp_path


_SOURCES = ("_native.c", "_native.h", "_memo.h", "_tables.h", "_decode.c", "_lines.c", "_ranked.c")


def test_build_native_compiles_an_importable_module(tree: Path) -> None:
    compiler = str(sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler})")
    built = _hook().build_native(tree)
    assert built is not None
    assert built.name == "_native" + str(sysconfig.get_config_var("EXT_SUFFIX"))
    spec = importlib.util.spec_from_file_location("_native", built)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert all(
        callable(getattr(module, f))
        for f in ("decode", "walk", "index", "line_items", "line_counts", "assemble", "ranked")
    )
    assert not list(built.parent.glob("*.tmp"))


@pytest.mark.parametrize("compiler", ["/nonexistent/cc", "false"])
def test_build_native_without_a_working_compiler_says_so_and_goes_on(
    tree: Path, compiler: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CC", compiler)
    assert _hook().build_native(tree) is None
    assert "không biên dịch được bộ tăng tốc C" in capsys.readouterr().err
    assert sorted(p.name for p in (tree / "src" / "chitieu" / "restore").iterdir()) == sorted(_SOURCES)


def test_build_scoring_compiles_the_linkers_module(tmp_path: Path) -> None:
    compiler = str(sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler})")
    folder = tmp_path / "src" / "chitieu" / "catalogue"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "src" / "chitieu" / "catalogue" / "_scoring.c", folder / "_scoring.c")
    built = _hook().build_scoring(tmp_path)
    assert built is not None and built.name == "_scoring" + str(sysconfig.get_config_var("EXT_SUFFIX"))
    spec = importlib.util.spec_from_file_location("_scoring", built)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    postings = array("i", [0, 1]).tobytes()  # names 0 and 1 hold the one word, of weight 2
    assert module.best(((postings, 2.0),), (), (0.5, 0.25), 1, 2.0) == (0, 2.0, 1.0)
    assert sorted(p.name for p in folder.iterdir()) == ["_scoring.c", built.name]


def test_build_scoring_without_a_working_compiler_says_so_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "src" / "chitieu" / "catalogue"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "src" / "chitieu" / "catalogue" / "_scoring.c", folder / "_scoring.c")
    monkeypatch.setenv("CC", "false")
    assert _hook().build_scoring(tmp_path) is None
    assert "không biên dịch được bộ tăng tốc C" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["_scoring.c"]
