"""Exchange with other systems: the bulk-entry template in, Open SDG, DHIS2 and SDMX out and in.

The names are imported on first use (:func:`__getattr__`), so that ``chitieu`` commands
which need none of them (and ``import-data``'s registration) do not pay for SQLAlchemy
and openpyxl at start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chitieu.exchange.exports import dhis2, export_rows, opensdg, sdmx_csv
    from chitieu.exchange.imports import import_file
    from chitieu.exchange.template import COLUMNS, load_template, write_template

__all__ = [
    "COLUMNS", "dhis2", "export_rows", "import_file", "load_template", "opensdg", "sdmx_csv", "write_template",
]  # fmt: skip
_LAZY = {
    "COLUMNS": "chitieu.exchange.template",
    "load_template": "chitieu.exchange.template",
    "write_template": "chitieu.exchange.template",
    "dhis2": "chitieu.exchange.exports",
    "export_rows": "chitieu.exchange.exports",
    "opensdg": "chitieu.exchange.exports",
    "sdmx_csv": "chitieu.exchange.exports",
    "import_file": "chitieu.exchange.imports",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'chitieu.exchange' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)
