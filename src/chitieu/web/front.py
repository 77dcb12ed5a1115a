"""Kept pages served in front of the app: a signed-in reader's cached page without FastAPI.

The dashboard and the indicator page are kept once rendered, per user, URL and data version
(:func:`chitieu.web.render.keep_page`). Served through the whole stack, a kept page still
cost every middleware, the router, the dependencies and the session's decoding. This
pure-ASGI layer (:class:`KeptPages`), placed in front of the session middleware, answers a
``GET`` from memory when everything the page depends on is known there:

- the session cookie, verified as :class:`starlette.middleware.sessions.SessionMiddleware`
  verifies it (same key, same lifetime), each cookie value once (:class:`SessionCookies`);
- the user, fresh and active in the app's :class:`~chitieu.web.security.UserCache`;
- the data version, read less than :data:`~chitieu.web.deps.VERSION_TTL` ago (the
  background refresh of :mod:`chitieu.web.freshness` keeps it so; a write through any worker
  of the app makes it stale at once, :mod:`chitieu.web.writes`);
- no message waiting to be shown in the session.

Anything else (no page kept, a stale version, a cookie that does not verify, another method)
goes on to the app, which renders or refuses as before. The page is the one the app would
send: the session's CSRF token put back where the rendering had its own (:data:`TOKEN`, once per
session and page, then answered as it is), the same headers (``Vary: Cookie``, as the session
middleware adds when the session is read).
"""

from __future__ import annotations

import binascii
import json
import time
from base64 import b64decode
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar

import itsdangerous
from starlette.requests import cookie_parser

from chitieu.web.deps import version_is_fresh

__all__ = ["TOKEN", "KeptPages", "SessionCookies", "page_key"]

Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]

TOKEN = b"\x00csrf\x00"  # where a kept page had its session's CSRF token (never in HTML)
_COOKIES_KEPT = 4096  # verified cookie values remembered (the oldest half dropped past it)
_BODIES_KEPT = 256  # pages with a session's token in them remembered (likewise)
_K = TypeVar("_K")
_V = TypeVar("_V")


def _keep(kept: dict[_K, _V], key: _K, value: _V, limit: int) -> _V:
    """``kept[key] = value``, the oldest half of ``kept`` dropped first when it holds ``limit``."""
    if len(kept) >= limit:
        for k in list(kept)[: limit // 2]:
            del kept[k]
    kept[key] = value
    return value


def page_key(scope: Scope, uid: object, version: int) -> tuple[Any, ...]:
    """What a kept page is found by: the user, the URL as asked (scheme, host, path, query), whether
    htmx asked for it (a part of the page), and the data version it was rendered at."""
    host = hx = b""
    for name, value in scope.get("headers") or ():
        if name == b"host":
            host = value
        elif name == b"hx-request":
            hx = value
    return (uid, scope.get("scheme", "http"), host, scope.get("path", ""), scope.get("query_string", b""), hx,
            version)  # fmt: skip


class SessionCookies:
    """Session cookies verified as the session middleware does; each value is checked once and its
    content remembered until the cookie expires (``max_age`` after it was signed)."""

    def __init__(self, secret: str, max_age: int, name: str = "chitieu_session") -> None:
        self.signer = itsdangerous.TimestampSigner(str(secret))
        self.max_age = max_age
        self.name = name
        self._known: dict[str, tuple[float, dict[str, Any] | None]] = {}

    def session(self, cookie_header: str) -> dict[str, Any] | None:
        """The session the ``Cookie`` header carries, or ``None`` (none, forged, expired, unreadable)."""
        value = cookie_parser(cookie_header).get(self.name)
        if not value:
            return None
        now = time.time()
        hit = self._known.get(value)
        if hit is None:
            hit = _keep(self._known, value, self._verify(value, now), _COOKIES_KEPT)
        expires, content = hit
        if now >= expires:
            self._known.pop(value, None)
            return None
        return content

    def _verify(self, value: str, now: float) -> tuple[float, dict[str, Any] | None]:
        try:
            data, signed = self.signer.unsign(value.encode(), max_age=self.max_age, return_timestamp=True)
            content = json.loads(b64decode(data))
        except (itsdangerous.BadData, binascii.Error, ValueError, UnicodeError):
            return now + 60.0, None  # refused for a minute, then checked again
        if not isinstance(content, dict):
            return now + 60.0, None
        return signed.timestamp() + self.max_age, content


class KeptPages:
    """Answers a ``GET`` for a kept page of a signed-in user from memory (see the module's text)."""

    def __init__(self, app: ASGI, *, state: Any, cookies: SessionCookies) -> None:
        self.app = app
        self.state = state
        self.cookies = cookies
        self.served = 0  # pages answered here (for tests and benches)
        # each kept page with a session's token put back, by page key and token: answered as it is
        # (with the kept page it was made from, so a page kept anew is made anew)
        self._bodies: dict[tuple[tuple[Any, ...], str], tuple[bytes, bytes]] = {}

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            body = self.page(scope)
            if body is not None:
                self.served += 1
                headers = [
                    (b"content-length", str(len(body)).encode()),
                    (b"content-type", b"text/html; charset=utf-8"),
                    (b"vary", b"Cookie"),
                ]
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    def page(self, scope: Scope) -> bytes | None:
        """The kept page for this request with this session's CSRF token, or ``None`` (the app answers)."""
        pages: dict[Any, bytes] = self.state.pages
        if not pages:
            return None
        cookie = next((v for k, v in scope.get("headers") or () if k == b"cookie"), None)
        if cookie is None:
            return None
        session = self.cookies.session(cookie.decode("latin-1"))
        if session is None or "flash" in session:
            return None
        uid, token = session.get("uid"), session.get("csrf")
        if not isinstance(uid, int) or not isinstance(token, str) or len(token) < 20:
            return None
        if not version_is_fresh(self.state):
            return None
        version = self.state.version[1]
        user = self.state.users.peek(uid)
        if user is None or not user.active:
            return None
        key = page_key(scope, uid, int(version))
        kept = pages.get(key)
        if kept is None:
            return None
        made = self._bodies.get((key, token))
        if made is None or made[0] is not kept:  # not made yet, or from a page kept again since
            made = _keep(
                self._bodies, (key, token), (kept, kept.replace(TOKEN, token.encode())), _BODIES_KEPT
            )
        return made[1]
