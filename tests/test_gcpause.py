"""Pausing the garbage collector: off inside, as it was after, also after an error."""

from __future__ import annotations

import gc

import pytest

from chitieu.gcpause import paused_gc


@pytest.mark.parametrize("enabled", [True, False])
def test_paused_gc_pauses_collection_and_restores_it(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert gc.isenabled() == enabled
        with pytest.raises(ValueError), paused_gc():
            raise ValueError("a failure inside")
        assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()
