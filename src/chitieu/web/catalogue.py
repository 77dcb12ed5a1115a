"""Chỉ tiêu riêng: a province adds its own catalogue entry from a form on the catalogue page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from chitieu.errors import ValidationError
from chitieu.web.deps import writing
from chitieu.web.render import flash
from chitieu.web.security import check_csrf, require_user

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.post("/chi-tieu/danh-muc", dependencies=[Depends(check_csrf)])
def add_entry(
    request: Request,
    code: Annotated[str, Form(max_length=32)],
    name: Annotated[str, Form(max_length=500)],
    domain: Annotated[str, Form(max_length=64)],
    units: Annotated[str, Form(max_length=200)],
    direction: Annotated[str, Form(max_length=8)] = "up",
    aggregation: Annotated[str, Form(max_length=8)] = "sum",
    aliases: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Add one entry (checked like a line of ``chitieu catalogue load``); back to the catalogue."""
    from chitieu.catalogue.entries import form_entry
    from chitieu.store.catalogue import catalogue_entries, load_entries

    user = require_user(request)
    user.require("plan.manage")
    fields = {"code": code, "name": name, "domain": domain, "units": units, "direction": direction,
              "aggregation": aggregation, "aliases": aliases.replace("\n", "|")}  # fmt: skip
    try:
        with writing(request, user) as session:
            entry = form_entry(fields, existing=tuple(catalogue_entries(session)))
            load_entries(session, [entry])
    except ValidationError as err:
        flash(request, err.message, "error")
        return RedirectResponse("/chi-tieu#them-chi-tieu", status_code=303)
    flash(request, f"Đã thêm chỉ tiêu {entry.code} {entry.name}.")
    return RedirectResponse(f"/chi-tieu?q={entry.code}", status_code=303)
