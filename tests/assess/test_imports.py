"""The assessment modules form no import cycle: phrasing depends on the rules, not the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import chitieu.assess

_PACKAGE = Path(chitieu.assess.__file__).parent


def _imports(module: str) -> set[str]:
    return _imports_in((_PACKAGE / f"{module}.py").read_text(encoding="utf-8")) - {module}


def _imports_in(source: str) -> set[str]:
    """Every ``chitieu.assess.*`` module ``source`` imports, at module level or inside functions."""
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n.split(".")[2] for n in names if n.startswith("chitieu.assess.") and n.count(".") >= 2}
    return found


def _graph() -> dict[str, set[str]]:
    mods = [p.stem for p in _PACKAGE.glob("*.py") if p.stem != "__init__"]
    return {m: _imports(m) & set(mods) for m in mods}


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        m = todo.pop()
        if m == goal:
            return True
        if m not in seen:
            seen.add(m)
            todo.extend(graph.get(m, ()))
    return False


@pytest.mark.parametrize("module", ["core", "phrasing", "verdict", "trajectory"])
def test_imports_no_module_of_assess_reaches_itself(module: str) -> None:
    graph = _graph()
    assert module in graph
    assert not _reaches(graph, module, module)


@pytest.mark.parametrize(
    ("low", "high"), [("core", "phrasing"), ("core", "verdict"), ("trajectory", "phrasing")]
)
def test_imports_rules_never_import_their_phrasing(low: str, high: str) -> None:
    graph = _graph()
    assert not _reaches(graph, low, high)
    assert _reaches(graph, high, low)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f():\n    from chitieu.assess.phrasing import sentence\n", {"phrasing"}),
        ("from chitieu.assess import core\n", {"core"}),
        ("import chitieu.assess.verdict as v\n", {"verdict"}),
        ("from chitieu.domain import Target\n", set()),
    ],
)
def test_imports_the_check_sees_hidden_imports(source: str, expected: set[str]) -> None:
    assert _imports_in(source) == expected
