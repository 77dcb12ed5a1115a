"""The whole REST API against its own OpenAPI document, with schemathesis (in-process, no network).

Every operation of ``/api/v1`` gets a bounded number of generated requests (fixed:
``derandomize``), valid ones and invalid ones, sent with a bearer token to the app on
a copy of the test world (SQLite in tmp): as an administrator, and valid ones again as
an updater (cập nhật) of one province, who is refused much (403). The examples the
document gives are sent too. Each response must not be a server error, must have a
status the document declares for the operation, the declared content type and
headers, and a body that the declared schema accepts. Every method a path does not
declare is 405 with ``Allow`` naming exactly the declared ones.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks
from sqlalchemy import Engine

from chitieu.store import make_engine
from chitieu.store import users as accounts
from chitieu.store.engine import session_scope

EXAMPLES = 25  # per operation, mode and user
KNOWN_IDS = range(1, 4)  # the test world's units, plans, indicators, documents, facts ... have small ids
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
# (user, what is generated): the updater only sends valid requests (invalid ones fail before any permission)
RUNS = [("quantri", "positive"), ("quantri", "negative"), ("quantri", "examples"), ("capnhat", "positive")]


def _spec() -> dict[str, Any]:
    """The OpenAPI document (it does not depend on the data)."""
    from chitieu.web import create_app

    app = create_app(make_engine("sqlite://"), secret_key="k" * 48, upload_dir=Path("/nonexistent"))
    spec: dict[str, Any] = app.openapi()
    return spec


SPEC = _spec()
OPERATIONS = [(method.upper(), path) for path, item in SPEC["paths"].items() for method in item]
WITH_EXAMPLES = {
    (method.upper(), path)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
    if "examples" in str(op.get("requestBody", "")) or any("examples" in p for p in op.get("parameters", []))
}


def _known_ids(case: Any, data: st.DataObject) -> None:
    """Often swap a generated id for a small one, which the test world holds (else nearly all are 404)."""
    for part in (case.path_parameters, case.query, case.body):
        if not isinstance(part, dict):
            continue
        for name, value in part.items():
            if name.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
                part[name] = data.draw(st.sampled_from([value, *KNOWN_IDS]), label=name)


def _token(engine: Engine, username: str) -> str:
    with session_scope(engine, actor="test") as s:
        user = accounts.find_user(s, username)
        assert user is not None
        return accounts.create_token(s, user.id, "schemathesis")


@pytest.fixture(scope="module")
def fuzzed_engine(
    tmp_path_factory: pytest.TempPathFactory, _world_template: tuple[Path, Any]
) -> Iterator[Engine]:
    """One copy of the test world for the whole run (what one operation writes, the next ones see)."""
    path = tmp_path_factory.mktemp("schema") / "world.db"
    shutil.copyfile(_world_template[0], path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def api_schema(fuzzed_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from chitieu.web import create_app

    app = create_app(fuzzed_engine, secret_key="k" * 48, upload_dir=tmp_path_factory.mktemp("uploads"))
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


def _cases(schema: Any, operation: Any, kind: str) -> st.SearchStrategy[Any]:
    if kind == "examples":
        return st.one_of(schema.get_strategies_from_examples(operation))
    mode = GenerationMode.POSITIVE if kind == "positive" else GenerationMode.NEGATIVE
    cases: st.SearchStrategy[Any] = operation.as_strategy(generation_mode=mode)
    return cases


@pytest.mark.parametrize(
    ("method", "path", "username", "kind"),
    [(*op, *run) for op in OPERATIONS for run in RUNS if run[1] != "examples" or op in WITH_EXAMPLES],
)
def test_api_schema_conformance(
    api_schema: Any, fuzzed_engine: Engine, method: str, path: str, username: str, kind: str
) -> None:
    operation = api_schema[path][method]
    auth = {"Authorization": f"Bearer {_token(fuzzed_engine, username)}"}

    @given(case=_cases(api_schema, operation, kind), data=st.data())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, data: st.DataObject) -> None:
        if kind == "positive":
            _known_ids(case, data)
        case.call_and_validate(headers=auth, checks=CHECKS)

    run()


def test_api_schema_examples_are_accepted(client: TestClient, bearer: Any) -> None:
    """The example of each request body is a request that works (as an administrator, on the test world)."""
    auth = bearer("quan_tri")
    for method, path in sorted(WITH_EXAMPLES):
        body = SPEC["paths"][path][method.lower()].get("requestBody")
        if body is None:
            continue
        url = path.replace("{document_id}", "1")
        if (
            "application/json" not in body["content"]
        ):  # a file as the body (text/csv): its examples, each sent
            for media_type, content in body["content"].items():
                for example in content["examples"].values():
                    r = client.request(method, url, headers={**auth, "Content-Type": media_type},
                                       content=example["value"].encode())  # fmt: skip
                    assert r.status_code in (200, 201), (method, path, r.text)
            continue
        ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        example = SPEC["components"]["schemas"][ref]["examples"][0]
        r = client.request(method, url, headers=auth, json=example)
        assert r.status_code in (200, 201), (method, path, r.text)


@pytest.mark.parametrize(("path", "item"), list(SPEC["paths"].items()))
def test_api_schema_undeclared_methods_are_405(
    client: TestClient, bearer: Any, path: str, item: dict[str, Any]
) -> None:
    declared = sorted(m.upper() for m in item)
    url = re.sub(r"\{[a-z_]+\}", "1", path)
    for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - set(declared)):
        r = client.request(method, url, headers=bearer("quan_tri"))
        assert r.status_code == 405, (method, url)
        assert r.headers["allow"] == ", ".join(declared) and r.json()["status"] == 405
