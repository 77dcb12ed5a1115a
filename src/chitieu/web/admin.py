"""Signing in and out, the user's own account (API tokens), and Quản trị: users, roles, units."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chitieu.errors import ValidationError
from chitieu.store import browse, repo
from chitieu.store import users as accounts
from chitieu.web.deps import reading, writing
from chitieu.web.render import flash, render
from chitieu.web.security import (
    LoginLimiter,
    TooManyAttempts,
    check_csrf,
    csrf_token,
    current_user,
    require_user,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only local paths: never send a user on to another site after signing in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/dang-nhap", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> Response:
    if current_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next), "user": None})


@router.post("/dang-nhap", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    limiter: LoginLimiter = request.app.state.limiter
    address = request.client.host if request.client else "?"
    try:
        limiter.check(address, username)
    except TooManyAttempts as err:
        ctx = {"next": _safe_next(next), "error": str(err), "username": username, "user": None}
        response = render(request, "login.html", ctx, status=429)
        response.headers["Retry-After"] = str(err.wait)
        return response
    with reading(request) as session:
        user = accounts.authenticate(session, username, password)
    if user is None:
        limiter.failed(address, username)
        ctx = {
            "next": _safe_next(next),
            "error": "Tên đăng nhập hoặc mật khẩu không đúng.",
            "username": username,
            "user": None,
        }
        return render(request, "login.html", ctx, status=401)
    limiter.succeeded(username)
    request.session.clear()
    request.session["uid"] = user.id
    csrf_token(request)  # a fresh token for the new session
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/dang-xuat", dependencies=[Depends(check_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/dang-nhap", status_code=303)


@router.get("/tai-khoan", response_class=HTMLResponse)
def account(request: Request) -> Response:
    user = require_user(request)
    with reading(request) as session:
        units = {u.id: u for u in browse.units(session)}
    token = request.session.pop("new_token", None)
    return render(request, "account.html", {"user": user, "units": units, "token": token})


@router.post("/tai-khoan/token", dependencies=[Depends(check_csrf)])
def new_token(request: Request, name: Annotated[str, Form(max_length=128)] = "") -> Response:
    user = require_user(request)
    with writing(request, user) as session:
        token = accounts.create_token(session, user.id, name or "web")
    request.session["new_token"] = token
    return RedirectResponse("/tai-khoan", status_code=303)


@router.get("/quan-tri", response_class=HTMLResponse)
def admin_page(request: Request) -> Response:
    user = require_user(request)
    user.require("user.manage")
    with reading(request) as session:
        people = accounts.list_users(session)
        units = browse.units(session)
        locks = accounts.list_locks(session)
    ctx = {"user": user, "people": people, "units": units, "unit_names": {u.id: u.name for u in units},
           "roles": accounts.ROLE_LABELS, "locks": locks}  # fmt: skip
    return render(request, "admin.html", ctx)


def _unit_ids(values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values if v]
    except ValueError as err:
        raise ValidationError("Danh sách đơn vị không hợp lệ.", "Invalid unit list.") from err


@router.post("/quan-tri/nguoi-dung", dependencies=[Depends(check_csrf)])
def add_user(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    role: Annotated[str, Form()],
    full_name: Annotated[str, Form(max_length=255)] = "",
    units: Annotated[list[str] | None, Form()] = None,
) -> Response:
    user = require_user(request)
    user.require("user.manage")
    with writing(request, user) as session:
        created = accounts.create_user(
            session, username, password, role, full_name=full_name, unit_ids=_unit_ids(units or [])
        )
    flash(request, f"Đã tạo tài khoản {created.username}.")
    return RedirectResponse("/quan-tri", status_code=303)


@router.post("/quan-tri/nguoi-dung/{user_id}", dependencies=[Depends(check_csrf)])
def change_user(
    request: Request,
    user_id: int,
    role: Annotated[str, Form()],
    active: Annotated[str, Form()] = "0",
    password: Annotated[str, Form(max_length=256)] = "",
    units: Annotated[list[str] | None, Form()] = None,
) -> Response:
    user = require_user(request)
    user.require("user.manage")
    if user_id == user.id and (role != "quan_tri" or active != "1"):
        raise ValidationError(
            "Không thể tự bỏ quyền quản trị hay khóa tài khoản của chính mình.", "Cannot demote yourself."
        )
    with writing(request, user) as session:
        changed = accounts.update_user(
            session,
            user_id,
            role=role,
            active=active == "1",
            unit_ids=_unit_ids(units or []),
            password=password or None,
        )
    request.app.state.users.forget(user_id)
    flash(request, f"Đã cập nhật tài khoản {changed.username}.")
    return RedirectResponse("/quan-tri", status_code=303)


@router.post("/quan-tri/don-vi", dependencies=[Depends(check_csrf)])
def add_unit(
    request: Request,
    name: Annotated[str, Form(min_length=2, max_length=255)],
    level: Annotated[str, Form(max_length=32)] = "",
    parent_id: Annotated[str, Form()] = "",
) -> Response:
    user = require_user(request)
    user.require("unit.manage")
    with writing(request, user) as session:
        parent = browse.get_unit(session, int(parent_id)) if parent_id.isdigit() else None
        if repo.find_unit(session, name) is not None:
            raise ValidationError(f"Đơn vị “{name}” đã có.", f"Unit {name!r} exists.")
        unit = repo.add_unit(session, name, level=level or None, parent=parent)
    request.app.state.users.forget()
    flash(request, f"Đã thêm đơn vị {unit.name}.")
    return RedirectResponse("/quan-tri", status_code=303)
