"""Alembic migration scripts of the store (run through :mod:`chitieu.store.migrate`)."""
