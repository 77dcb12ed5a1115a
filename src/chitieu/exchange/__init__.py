"""Exchange with other systems: the bulk-entry template in, Open SDG, DHIS2 and SDMX out."""

from __future__ import annotations

from chitieu.exchange.exports import dhis2, export_rows, opensdg, sdmx_csv
from chitieu.exchange.template import COLUMNS, load_template, write_template

__all__ = ["COLUMNS", "dhis2", "export_rows", "load_template", "opensdg", "sdmx_csv", "write_template"]
