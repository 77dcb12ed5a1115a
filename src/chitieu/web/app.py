"""The FastAPI application: pages, static files, errors mapped once, the REST API.

:func:`create_app` builds it on a store (an engine, migrated). Pages are rendered on
the server with Jinja2; htmx (from npm, served locally) swaps parts of pages; the
charts use Chart.js, also served from the local ``node_modules``. Nothing is loaded
from elsewhere: the app works offline.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from chitieu.errors import ChitieuError
from chitieu.settings import get_settings
from chitieu.web.freshness import lifespan
from chitieu.web.front import KeptPages, SessionCookies
from chitieu.web.jobs import Jobs
from chitieu.web.problems import BodyLimit, FieldError, allowed_methods, problem, problem_openapi, route_table
from chitieu.web.render import render
from chitieu.web.security import LoginLimiter, NotSignedIn, UserCache, load_secret
from chitieu.web.transport import ProxyHeaders
from chitieu.web.writes import WriteSignal

__all__ = ["create_app", "node_modules"]

_HERE = Path(__file__).parent
_VENDOR = {
    "chart.js": ("chart.js", "dist/chart.umd.min.js"),
    "htmx.js": ("htmx.org", "dist/htmx.min.js"),
    "swagger-ui-bundle.js": ("swagger-ui-dist", "swagger-ui-bundle.js"),
    "swagger-ui.css": ("swagger-ui-dist", "swagger-ui.css"),
}
_HTTP_MESSAGES = {
    400: "Nội dung gửi lên không đọc được (không phải JSON hợp lệ).",
    404: "Không tìm thấy trang hoặc mục bạn yêu cầu.",
    405: "Phương thức không được hỗ trợ cho địa chỉ này.",
    413: "Dữ liệu gửi lên quá lớn.",
}
_COOKIE = "chitieu_session"
_SESSION_AGE = 8 * 3600  # seconds a session lasts after signing in
Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


def node_modules() -> Path | None:
    """Where the npm packages are: ``CHITIEU_NODE_MODULES``, ``./node_modules`` or the source tree's."""
    candidates = [os.environ.get("CHITIEU_NODE_MODULES"), str(Path.cwd() / "node_modules")]
    candidates.append(str(_HERE.parents[2] / "node_modules"))
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return None


class SecurityHeaders:
    """Adds conservative headers to every response (a pure ASGI middleware: cheap)."""

    def __init__(self, app: ASGI) -> None:
        self.app = app

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"].startswith("/api/v1/docs")

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if not docs:
                    headers.append(
                        (
                            b"content-security-policy",
                            b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                            b"frame-ancestors 'none'; form-action 'self'",
                        )
                    )
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error_response(
    request: Request,
    status: int,
    message: str,
    message_en: str,
    code: str,
    *,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_json(request):
        return problem(request, status, message, message_en, code, errors=errors, headers=headers)
    if request.headers.get("hx-request"):
        return HTMLResponse(
            f'<p class="alert error" role="alert">{_escape(message)}</p>', status_code=status, headers=headers
        )
    response = render(request, "error.html", {"message": message, "status": status}, status=status)
    response.headers.update(headers or {})
    return response


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ChitieuError)
    async def chitieu_error(request: Request, err: ChitieuError) -> Response:
        if isinstance(err, NotSignedIn) and not _wants_json(request):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            if request.headers.get("hx-request"):
                return Response(status_code=401, headers={"HX-Redirect": "/dang-nhap"})
            return RedirectResponse(f"/dang-nhap?next={_quote(target)}", status_code=303)
        return _error_response(request, err.http_status, str(err), err.message_en, type(err).__name__)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, err: RequestValidationError) -> Response:
        broken = next((e for e in err.errors() if e.get("type") == "json_invalid"), None)
        if broken is not None:  # not JSON at all: a malformed request (400), not an invalid field
            where = broken.get("loc", ("body", 0))[-1]
            return _error_response(
                request,
                400,
                f"Nội dung gửi lên không phải JSON hợp lệ (lỗi ở ký tự thứ {where}).",
                f"The request body is not valid JSON (error at character {where}).",
                "RequestValidationError",
            )
        fields = sorted({str(e.get("loc", ("", ""))[-1]) for e in err.errors()})
        names = ", ".join(fields)
        where = [FieldError(field=".".join(str(x) for x in e.get("loc", ())), message=str(e.get("msg", "")))
                 for e in err.errors()]  # fmt: skip
        return _error_response(
            request,
            422,
            f"Dữ liệu gửi lên không hợp lệ hoặc thiếu (trường: {names}). Hãy kiểm tra và gửi lại.",
            f"Invalid or missing data (fields: {names}).",
            "RequestValidationError",
            errors=where,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> Response:
        message = _HTTP_MESSAGES.get(err.status_code, str(err.detail))
        headers = dict(err.headers or {})
        if err.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(app.state.routes, request.url.path))
        return _error_response(
            request, err.status_code, message, str(err.detail), "HTTPException", headers=headers
        )


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="/")


def _install_assets(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    @app.get("/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        entry = _VENDOR.get(name)
        root = node_modules()
        if entry is None or root is None or not (root / entry[0] / entry[1]).is_file():
            return Response(status_code=404)
        return FileResponse(root / entry[0] / entry[1], headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/api/v1/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/v1/openapi.json",
            title="chitieu API",
            swagger_js_url="/vendor/swagger-ui-bundle.js",
            swagger_css_url="/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


def create_app(
    engine: Engine | None = None,
    *,
    secret_key: str | None = None,
    max_upload_bytes: int = 20_000_000,
    max_api_body: int = 1_000_000,
    upload_dir: Path | None = None,
    trusted_proxies: str | None = None,
    writes_file: Path | None = None,
) -> FastAPI:
    """The web application on ``engine`` (default: the configured store, migrated). The workers of one
    server share ``writes_file`` to learn of each other's writes at once (:mod:`chitieu.web.writes`)."""
    from chitieu.web import admin, api, catalogue, compare, documents, entry, maps, pages, portal

    settings = get_settings()
    if engine is None:
        from chitieu.store import open_store

        engine = open_store()
    app = FastAPI(
        title="chitieu API",
        version="1",
        description="Chỉ tiêu, kết quả thực hiện và đánh giá (REST, xác thực bằng token).",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.users = UserCache()
    app.state.limiter = LoginLimiter()
    app.state.jobs = Jobs()
    app.state.cache = {}
    app.state.pages = {}  # rendered pages by session, URL and data version (see render.cached_page)
    app.state.writes = WriteSignal(writes_file)
    app.state.max_upload_bytes = max_upload_bytes
    app.state.upload_dir = upload_dir or settings.data_dir / "uploads"
    secret = secret_key or load_secret(settings.data_dir)
    app.add_middleware(
        SessionMiddleware, secret_key=secret, session_cookie=_COOKIE, max_age=_SESSION_AGE, same_site="lax"
    )
    uploads = (
        "/api/v1/documents",
        "/api/v1/imports/dhis2",
        "/api/v1/imports/opensdg",
        "/api/v1/imports/sdmx",
    )
    app.add_middleware(BodyLimit, limit=max_api_body, wider=dict.fromkeys(uploads, max_upload_bytes))
    # kept pages answered before the body limit, the session middleware and FastAPI run (front.py)
    app.add_middleware(KeptPages, state=app.state, cookies=SessionCookies(secret, _SESSION_AGE, _COOKIE))
    app.add_middleware(SecurityHeaders)
    trusted = settings.trusted_proxies if trusted_proxies is None else trusted_proxies
    app.add_middleware(ProxyHeaders, trusted=trusted, cookie=_COOKIE)
    _install_errors(app)
    _install_assets(app)
    for module in (admin, pages, portal, entry, documents, maps, compare, catalogue):
        app.include_router(module.router)
    app.include_router(api.router, prefix="/api/v1")
    app.state.routes = route_table(
        [("", r) for r in app.router.routes]
        + [("", r) for m in (admin, pages, entry, documents) for r in m.router.routes]
        + [("/api/v1", r) for r in api.router.routes]
    )
    app.openapi = problem_openapi(app)  # type: ignore[method-assign]
    return app
