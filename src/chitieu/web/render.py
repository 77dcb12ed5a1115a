"""Rendering pages: the Jinja2 environment, its filters (Vietnamese numbers, badges) and flash messages."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from chitieu.domain import DOMAINS, Period
from chitieu.errors import ValidationError
from chitieu.extract.periods import KIND_NAMES
from chitieu.model import Fact
from chitieu.store.importer import fact_period as stored_period
from chitieu.text.numbers import format_number, parse_number
from chitieu.web.front import TOKEN, page_key

__all__ = [
    "STATUSES", "STATUS_CLASS", "TRAJECTORY_CLASS", "cached_page", "fast_page", "flash", "form_number", "keep_page", "num",
    "page_once", "render", "templates",
]  # fmt: skip

STATUSES = ("vượt", "đạt", "gần đạt", "không đạt", "chưa có số liệu")
STATUS_CLASS = {
    "vượt": "vuot",
    "đạt": "dat",
    "gần đạt": "gan-dat",
    "không đạt": "khong-dat",
    "chưa có số liệu": "chua-co",
}
TRAJECTORY_CLASS = {
    "đã đạt": "vuot",
    "đúng hướng": "dat",
    "cần nỗ lực": "gan-dat",
    "chệch hướng": "khong-dat",
    "chưa đủ số liệu": "chua-co",
}
STATE_LABELS = {"draft": "Nháp", "submitted": "Đã gửi", "approved": "Đã duyệt"}
ROLE_LABELS_FACT = {
    "actual": "kết quả",
    "target": "chỉ tiêu",
    "attainment": "% đạt",
    "excess": "vượt",
    "change": "thay đổi",
}
OP_TEXT = {"=": "", ">": "trên ", ">=": "từ ", "<": "dưới ", "<=": "không quá ", "between": ""}


def num(x: float | None, decimals: int = 2) -> str:
    """A number the Vietnamese way (``28.157``, ``14,85``), rounded to at most ``decimals``."""
    if x is None:
        return "—"
    r = round(float(x), decimals)
    if r.is_integer():
        return format_number(r, 0)
    return format_number(float(f"{r:.{decimals}f}"))


def figure(op: str, value: float | None, low: float | None, high: float | None, unit: str = "") -> str:
    """``từ 8 - 8,5 %`` style text of a target or fact."""
    text = f"{num(low)} - {num(high)}" if op == "between" else OP_TEXT.get(op, "") + num(value)
    return f"{text} {unit}".strip()


def period_label(p: Period | str) -> str:
    return (Period.parse(p) if isinstance(p, str) else p).label


def fact_period(fact: Fact) -> str:
    """The period of an extracted fact as it will be stored (``quý III/2024``), else its year."""
    p = stored_period(fact)
    return p.label if p is not None else ("" if fact.period is None else str(fact.period))


templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.filters["num"] = num
templates.env.filters["period_label"] = period_label
templates.env.filters["fact_period"] = fact_period
templates.env.globals.update(
    figure=figure,
    STATUS_CLASS=STATUS_CLASS,
    STATUSES=STATUSES,
    TRAJECTORY_CLASS=TRAJECTORY_CLASS,
    STATE_LABELS=STATE_LABELS,
    FACT_ROLES=ROLE_LABELS_FACT,
    FACT_PERIOD_KINDS=KIND_NAMES,
    DOMAINS=DOMAINS,
)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message shown once on the next page."""
    messages = list(request.session.get("flash", []))
    messages.append([kind, message])
    request.session["flash"] = messages[-5:]


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200
) -> HTMLResponse:
    """Render template ``name`` with the signed-in user, the CSRF token and pending messages."""
    from chitieu.web.security import csrf_token, current_user

    ctx: dict[str, Any] = dict(context or {})
    if "user" not in ctx:
        try:
            ctx["user"] = current_user(request)
        except Exception:
            ctx["user"] = None
    ctx["csrf"] = csrf_token(request)
    ctx["messages"] = request.session.pop("flash", []) if "flash" in request.session else []
    ctx["path"] = request.url.path
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def cached_page(request: Request, version: int) -> HTMLResponse | None:
    """The page this user had rendered before at this URL, if the data has not changed since.

    Pages are kept per user, URL and data version, with the CSRF token of the session that
    rendered it taken out (put back as this session's: every session of a user, every
    tab, shares one rendering), and only when no message was waiting to be shown, so a
    cached page is exactly the one that would be rendered again.
    """
    if "flash" in request.session:
        return None
    from chitieu.web.security import csrf_token

    body = request.app.state.pages.get(_page_key(request, version))
    return None if body is None else HTMLResponse(body.replace(_TOKEN, csrf_token(request).encode()))


def fast_page(request: Request) -> HTMLResponse | None:
    """A cached page served without touching the store or a worker thread, when everything
    it depends on is known in memory: a fresh signed-in user and a fresh data version."""
    from chitieu.web.deps import fresh_version

    uid = request.session.get("uid")
    version = fresh_version(request)
    if not isinstance(uid, int) or version is None:
        return None
    user = request.app.state.users.peek(uid)
    if user is None or not user.active:
        return None
    return cached_page(request, version)


def keep_page(request: Request, version: int, response: HTMLResponse) -> HTMLResponse:
    """Remember a rendered page for :func:`cached_page` (bounded; the oldest half is dropped)."""
    pages: dict[Any, bytes] = request.app.state.pages
    if response.status_code == 200 and not response.headers.get("set-cookie"):
        if len(pages) >= PAGE_CACHE_SIZE:
            for k in list(pages)[: PAGE_CACHE_SIZE // 2]:
                del pages[k]
        from chitieu.web.security import csrf_token

        pages[_page_key(request, version)] = bytes(response.body).replace(
            csrf_token(request).encode(), _TOKEN
        )
    return response


def page_once(request: Request, version: int, make: Callable[[], HTMLResponse]) -> HTMLResponse:
    """The cached page (:func:`cached_page`), else ``make()``, kept for the next requests. Requests
    that miss the same page at once (just after a write, every reader) wait for one rendering
    instead of each rendering it, and holding a connection of the store meanwhile."""
    hit = cached_page(request, version)
    if hit is not None:
        return hit
    with _LOCKS[hash(_page_key(request, version)) % len(_LOCKS)]:  # never held while taking another
        hit = cached_page(request, version)
        if hit is not None:
            return hit
        return keep_page(request, version, make())


PAGE_CACHE_SIZE = 2000
_LOCKS = tuple(threading.Lock() for _ in range(64))  # pages rendered one at a time, by hash of the page
_TOKEN = TOKEN


def _page_key(request: Request, version: int) -> tuple[Any, ...]:
    """The key of :func:`chitieu.web.front.page_key`: the pages kept here are the ones served there."""
    return page_key(request.scope, request.session.get("uid"), version)


def form_number(text: str, field: str) -> float | None:
    """A number typed in a form the Vietnamese way ("1.234,5"); blank is None; else a clear error."""
    text = text.strip()
    if not text:
        return None
    value = parse_number(text)
    if value is None:
        raise ValidationError(
            f"Ô “{field}”: “{text}” không phải là số viết theo kiểu Việt Nam (ví dụ 1.234,5).",
            f"{field}: {text!r} is not a number written the Vietnamese way.",
        )
    return value
