"""The web app: a Vietnamese dashboard, data entry, review of extracted facts and a REST API.

``create_app(engine)`` builds the FastAPI application; ``make_app()`` is the factory
``chitieu serve`` runs (the configured store).
"""

from __future__ import annotations

from fastapi import FastAPI

from chitieu.web.app import create_app

__all__ = ["create_app", "make_app"]


def make_app() -> FastAPI:
    return create_app()
