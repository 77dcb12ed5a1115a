"""Errors of the REST API as problem details (RFC 9457, ``application/problem+json``).

Every error under ``/api/`` answers a :class:`Problem`: ``type`` (``about:blank``: the
status says it all), ``title`` (the HTTP status phrase), ``status``, ``detail`` (the
message for the user, in Vietnamese), ``instance`` (the path asked for), and the
members of chitieu: ``code`` (the kind of error), ``detail_en`` (the message in
English) and, for invalid input (422), ``errors``: where and what. A 405 carries
``Allow``, listing every method of the path (from :func:`route_table`, made once). :class:`BodyLimit` refuses a request body
over the limit with 413 before it is read whole
(an upload has the upload limit). :func:`problem_openapi` makes the
OpenAPI document say so: every error status of an operation is a problem.
"""

from __future__ import annotations

import http
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping, Sequence
from typing import Annotated, Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Route, compile_path

__all__ = [
    "BodyLimit",
    "FieldError",
    "Problem",
    "allowed_methods",
    "error_responses",
    "problem",
    "problem_openapi",
]

MEDIA_TYPE = "application/problem+json"
Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]

# what each error status of an operation means, for the OpenAPI document
_MEANING = {
    400: "Nội dung gửi lên không đọc được (JSON hoặc multipart sai cú pháp).",
    401: "Chưa đăng nhập: thiếu token (Authorization: Bearer …) hoặc token không hợp lệ.",
    403: "Tài khoản không có quyền thực hiện thao tác này.",
    404: "Không có mục này.",
    409: "Xung đột: kỳ báo cáo đã khóa sổ, hoặc trạng thái hiện tại không cho phép thao tác này.",
    413: "Dữ liệu gửi lên quá lớn.",
    415: "Định dạng tệp không được hỗ trợ.",
    422: "Dữ liệu gửi lên không hợp lệ hoặc thiếu.",
}


class FieldError(BaseModel):
    """One invalid field of a request."""

    field: str = Field(description="Đường dẫn của trường, ví dụ body.value hoặc query.limit.")
    line: Annotated[
        int | None, Field(description="Tệp nhập: dòng của CSV, hoặc thứ tự bản ghi JSON (từ 1).")
    ] = None
    message: str


class Problem(BaseModel):
    """An error, as problem details (RFC 9457)."""

    type: str = Field("about:blank", description="about:blank: the status says what happened.")
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str = Field(description="Thông báo cho người dùng (tiếng Việt).")
    instance: str = Field(description="The path of the request.")
    code: str = Field(description="The kind of error, e.g. ValidationError, AccessDenied, HTTPException.")
    detail_en: str = Field(description="The message in English.")
    errors: list[FieldError] | None = Field(None, description="For 422: each invalid field.")

    model_config = {
        "json_schema_extra": {
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "Không có tài liệu số 999.",
                    "instance": "/api/v1/documents/999/facts",
                    "code": "ValidationError",
                    "detail_en": "No document 999.",
                }
            ]
        }
    }


def problem(
    request: Request,
    status: int,
    detail: str,
    detail_en: str,
    code: str,
    *,
    errors: Sequence[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The problem-details response of an error of ``request``."""
    try:
        title = http.HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body = Problem(
        type="about:blank", title=title, status=status, detail=detail, instance=request.url.path, code=code,
        detail_en=detail_en,
        errors=list(errors) if errors is not None else None,
    )  # fmt: skip
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status, headers=headers, media_type=MEDIA_TYPE
    )


RouteTable = list[tuple[re.Pattern[str], frozenset[str]]]


def route_table(routes: Iterable[tuple[str, BaseRoute]]) -> RouteTable:
    """The path pattern and methods of each ``(prefix, route)`` that has methods."""
    table: RouteTable = []
    for prefix, route in routes:
        if isinstance(route, Route) and route.methods:
            table.append((compile_path(prefix + route.path)[0], frozenset(route.methods)))
    return table


def allowed_methods(table: RouteTable, path: str) -> list[str]:
    """Every method the routes of ``path`` answer (for ``Allow``), sorted."""
    return sorted({m for pattern, methods in table if pattern.match(path) for m in methods})


class BodyLimit:
    """Refuses (413) a request body under ``prefix`` longer than ``limit`` bytes, declared or streamed."""

    def __init__(
        self, app: ASGI, *, limit: int, prefix: str = "/api/", wider: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.prefix = prefix
        self.wider = wider or {}  # paths with a limit of their own (an upload)

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        limit = self.wider.get(scope["path"], self.limit)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            response = problem(Request(scope), 413, *_too_large(limit), "HTTPException")
            await response(scope, receive, send)
            return
        seen = 0

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise HTTPException(413, _too_large(limit)[1])
            return message

        await self.app(scope, counted, send)


def _too_large(limit: int) -> tuple[str, str]:
    from chitieu.text.numbers import format_number

    return (
        f"Dữ liệu gửi lên quá lớn (giới hạn {format_number(limit / 1e6, 1)} MB).",
        f"Request body too large (limit {limit / 1e6:.1f} MB).",
    )


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of an operation that may answer ``statuses`` (each a problem)."""
    return {
        s: {"model": Problem, "description": _MEANING.get(s, http.HTTPStatus(s).phrase)} for s in statuses
    }


def problem_openapi(app: FastAPI, prefix: str = "/api/") -> Callable[[], dict[str, Any]]:
    """An ``app.openapi`` whose error responses under ``prefix`` are ``application/problem+json`` problems."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        ref = {"$ref": "#/components/schemas/Problem"}
        for path, item in schema.get("paths", {}).items():
            if not path.startswith(prefix):
                continue
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {MEDIA_TYPE: {"schema": ref}}
                        if status == "422":
                            response["description"] = _MEANING[422]
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        own = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in own.pop("$defs", {}).items():
            schemas.setdefault(name, sub)
        schemas.setdefault("Problem", own)
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        app.openapi_schema = schema
        return schema

    return openapi
