"""The web app: a Vietnamese dashboard, data entry, review of extracted facts and a REST API.

``create_app(engine)`` builds the FastAPI application; ``make_app()`` is the factory
``chitieu serve`` runs (the configured store).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from chitieu.web.app import create_app

__all__ = ["create_app", "make_app"]


def make_app() -> FastAPI:
    """The app of ``chitieu serve``: its workers share ``data_dir/web-writes`` (see :mod:`chitieu.web.writes`)."""
    from chitieu.settings import get_settings
    from chitieu.web.app import create_app

    return create_app(writes_file=get_settings().data_dir / "web-writes")


def __getattr__(name: str) -> Any:
    # FastAPI is imported when the app is asked for, not by every `chitieu` command
    if name == "create_app":
        from chitieu.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
