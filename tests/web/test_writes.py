"""The write counter the workers of a server share: a write through one is known to the others at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import front_of, login

from chitieu.web.writes import WriteSignal


@pytest.mark.parametrize("bumps", [1, 3])
def test_write_signal_is_shared_through_its_file(tmp_path: Path, bumps: int) -> None:
    one, other = WriteSignal(tmp_path / "web-writes"), WriteSignal(tmp_path / "web-writes")
    private = WriteSignal()
    before = other.value()
    for _ in range(bumps):
        one.bump()
    assert other.value() == before + bumps
    assert private.value() == 0


def test_write_signal_survives_a_restart(tmp_path: Path) -> None:
    WriteSignal(tmp_path / "d" / "web-writes").bump()  # the folder is made if missing
    assert WriteSignal(tmp_path / "d" / "web-writes").value() == 1


@pytest.mark.parametrize("shared", [True, False])
def test_write_through_one_worker_stops_kept_pages_of_another(
    world_engine: Any, tmp_path: Path, world: Any, monkeypatch: pytest.MonkeyPatch, shared: bool
) -> None:
    from chitieu.web import create_app

    monkeypatch.setattr("chitieu.web.deps.VERSION_TTL", 60.0)  # only the signal can make it stale
    files = [tmp_path / "web-writes"] * 2 if shared else [tmp_path / "a", tmp_path / "b"]
    workers = [
        create_app(world_engine, secret_key="k" * 48, upload_dir=tmp_path, writes_file=f) for f in files
    ]
    writer, reader = (TestClient(w, follow_redirects=False) for w in workers)
    url = f"/chi-tieu/{world.indicator}?don_vi={world.inside}"
    login(reader, "quantri")
    token = login(writer, "quantri")
    reader.get(url)
    front = front_of(reader)
    before = front.served
    assert reader.get(url).status_code == 200 and front.served == before + 1
    r = writer.post(f"/ke-hoach/{world.plan}/cong-khai", data={"public": "1", "csrf_token": token})
    assert r.status_code in (200, 303)
    assert reader.get(url).status_code == 200
    # with the file shared, the reader renders the page anew; apart, it serves what it kept
    assert front.served == before + (1 if shared else 2)
