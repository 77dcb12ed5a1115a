"""What every part of the REST API shares: the signed-in user, ids, periods, pages, error statuses.

A page answers ``{items, total, limit, offset, links}``: ``links`` holds the URL of
this page and of the next and previous ones (``null`` at either end). An id is a
positive integer the store can hold (at most 2⁶³−1); one outside that range names
nothing: in a path it is 404, in a filter it matches nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from chitieu.domain import Period
from chitieu.errors import NotFound, ValidationError
from chitieu.store.users import User
from chitieu.web.problems import error_responses
from chitieu.web.security import api_user

__all__ = [
    "MAX_ID",
    "PERIOD_PATTERN",
    "ApiUser",
    "BodyId",
    "Limit",
    "Offset",
    "Page",
    "PeriodQuery",
    "PeriodText",
    "not_found",
    "operation_id",
    "page",
    "parse_period",
    "responses",
    "valid",
]

T = TypeVar("T")
MAX_ID = 2**63 - 1  # the largest integer SQLite (and a PostgreSQL bigint) holds
# 2024, 2024-M03, 2024-Q1, 2024-H1, 2024-9T, 2024-LK10, in the years 1900-2200
PERIOD_PATTERN = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)(-((M|LK)(0?[1-9]|1[0-2])|Q[1-4]|[HS][12]|9[TM]))?$"
PERIOD_HELP = (
    "Kỳ báo cáo: 2024 (năm), 2024-Q1 (quý), 2024-H1 (6 tháng), 2024-M03 (tháng), 2024-9T (9 tháng), "
    "2024-LK10 (lũy kế 10 tháng)."
)

Limit = Annotated[int, Query(ge=1, le=500, description="Số mục mỗi trang (tối đa 500).")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Bỏ qua bấy nhiêu mục đầu.")]
ApiUser = Annotated[User, Depends(api_user)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
PeriodText = Annotated[str, Field(pattern=PERIOD_PATTERN, max_length=10, description=PERIOD_HELP)]
PeriodQuery = Annotated[
    str, Query(pattern=PERIOD_PATTERN, max_length=10, description=PERIOD_HELP, examples=["2022"])
]


def operation_id(route: APIRoute) -> str:
    """The OpenAPI ``operationId`` of a route: its function's name (``list_targets``, ``accept_fact`` …)."""
    return route.name


def valid(*ids: int | None) -> bool:
    """Whether every id given could be in the store (else it names nothing)."""
    return all(i is None or -MAX_ID - 1 <= i <= MAX_ID for i in ids)


def not_found(what: str, what_en: str, number: int) -> NotFound:
    return NotFound(f"Không có {what} số {number}.", f"No {what_en} {number}.")


def parse_period(text: str) -> Period:
    try:
        return Period.parse(text)
    except ValueError as err:
        raise ValidationError(
            f"Kỳ báo cáo không hợp lệ: “{text}” (ví dụ 2024, 2024-Q1, 2024-M03; năm 1900–2200).",
            f"Invalid period {text!r}.",
        ) from err


class PageLinks(BaseModel):
    self: str = Field(description="Trang này.")
    next: str | None = Field(description="Trang sau (null: đây là trang cuối).")
    prev: str | None = Field(description="Trang trước (null: đây là trang đầu).")


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T]
    total: int = Field(description="Số mục của cả danh sách (mọi trang).")
    limit: int
    offset: int
    links: PageLinks


def page(request: Request, items: Sequence[T], total: int, limit: int, offset: int) -> Page[T]:
    """The page of ``items`` (already cut) with the links of the pages around it."""
    url = request.url

    def at(start: int) -> str:
        moved = url.include_query_params(limit=limit, offset=start)
        return f"{moved.path}?{moved.query}"

    nxt = at(offset + limit) if offset + limit < total else None
    prev = at(max(0, offset - limit)) if offset > 0 else None
    return Page[T](items=list(items), total=total, limit=limit, offset=offset,
                   links=PageLinks(self=at(offset), next=nxt, prev=prev))  # fmt: skip


def responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """The problem responses of an operation (401 always: every operation needs a token)."""
    return error_responses(*sorted({401, *statuses}))
