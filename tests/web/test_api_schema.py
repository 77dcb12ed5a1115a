"""The whole REST API against its own OpenAPI document, with schemathesis (in-process, no network).

Every operation of ``/api/v1`` gets a bounded number of generated requests (fixed:
``derandomize``), valid ones and invalid ones, sent as an administrator with a bearer
token to the app on a copy of the test world (SQLite in tmp). Each response must not
be a server error, must have a status the document declares for the operation, the
declared content type and headers, and a body that the declared schema accepts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode, checks
from sqlalchemy import Engine

from chitieu.store import make_engine
from chitieu.store import users as accounts
from chitieu.store.engine import session_scope

EXAMPLES = 25  # per operation and mode
KNOWN_IDS = range(1, 4)  # the test world's units, plans, indicators, documents, facts ... have small ids
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


def _known_ids(case: Any, data: st.DataObject) -> None:
    """Often swap a generated id for a small one, which the test world holds (else nearly all are 404)."""
    for part in (case.path_parameters, case.query, case.body):
        if not isinstance(part, dict):
            continue
        for name, value in part.items():
            if name.endswith("_id") and isinstance(value, int) and not isinstance(value, bool):
                part[name] = data.draw(st.sampled_from([value, *KNOWN_IDS]), label=name)


def _operations() -> list[tuple[str, str]]:
    """Every ``(method, path)`` the OpenAPI document declares (it does not depend on the data)."""
    from chitieu.web import create_app

    app = create_app(make_engine("sqlite://"), secret_key="k" * 48, upload_dir=Path("/nonexistent"))
    paths: dict[str, dict[str, Any]] = app.openapi()["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in item]


@pytest.fixture
def api_token(world_engine: Engine) -> str:
    """A bearer token of the administrator of the test world."""
    with session_scope(world_engine, actor="test") as s:
        admin = accounts.find_user(s, "quantri")
        assert admin is not None
        return accounts.create_token(s, admin.id, "schemathesis")


@pytest.fixture
def api_schema(world_engine: Engine, tmp_path: Path) -> Any:
    from chitieu.web import create_app

    app = create_app(world_engine, secret_key="k" * 48, upload_dir=tmp_path / "uploads")
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_schema_conformance(
    api_schema: Any, api_token: str, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]
    auth = {"Authorization": f"Bearer {api_token}"}

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, data: st.DataObject) -> None:
        if mode.is_positive:
            _known_ids(case, data)
        case.call_and_validate(headers=auth, checks=CHECKS)

    run()
