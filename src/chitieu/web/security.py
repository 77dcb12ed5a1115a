"""Who is asking: sessions, CSRF tokens, login rate limiting, API tokens.

The session is a signed cookie (HttpOnly, SameSite=Lax) holding the user id and a
CSRF token; every form and every htmx request that writes must send that token back
(field ``csrf_token`` or header ``X-CSRF-Token``). Failed logins are limited per
address and per user name.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from chitieu.errors import ChitieuError
from chitieu.store.engine import session_scope
from chitieu.store.users import User, get_user, user_for_token

__all__ = [
    "CsrfFailed",
    "LoginLimiter",
    "NotSignedIn",
    "TooManyAttempts",
    "api_user",
    "check_csrf",
    "csrf_token",
    "current_user",
    "load_secret",
    "require_user",
]

_USER_TTL = 5.0  # seconds a loaded user is reused before its roles are read again


class NotSignedIn(ChitieuError):
    exit_code = 5
    http_status = 401

    def __init__(self) -> None:
        super().__init__("Bạn cần đăng nhập để xem trang này.", "You need to sign in.")


class CsrfFailed(ChitieuError):
    exit_code = 5
    http_status = 403

    def __init__(self) -> None:
        super().__init__(
            "Phiên làm việc không hợp lệ hoặc đã hết hạn (mã CSRF sai). Hãy tải lại trang rồi thử lại.",
            "Invalid or expired form token (CSRF). Reload the page and try again.",
        )


class TooManyAttempts(ChitieuError):
    exit_code = 5
    http_status = 429

    def __init__(self, wait: int) -> None:
        super().__init__(
            f"Đăng nhập sai quá nhiều lần. Hãy thử lại sau {wait} giây.",
            f"Too many failed sign-ins. Try again in {wait} seconds.",
        )
        self.wait = wait


def load_secret(data_dir: Path) -> str:
    """The key that signs session cookies: ``data_dir/web-secret.key``, created once."""
    path = data_dir / "web-secret.key"
    if path.is_file():
        text = path.read_text().strip()
        if len(text) >= 32:
            return text
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


class LoginLimiter:
    """At most ``attempts`` failed sign-ins per address and per user name within ``window`` seconds."""

    def __init__(self, attempts: int = 5, window: float = 300.0) -> None:
        self.attempts = attempts
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def check(self, address: str, username: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"ip:{address}", f"user:{username.lower()}"):
                q = self._recent(key, now)
                if len(q) >= self.attempts:
                    raise TooManyAttempts(max(1, int(self.window - (now - q[0])) + 1))

    def failed(self, address: str, username: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in (f"ip:{address}", f"user:{username.lower()}"):
                self._recent(key, now).append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(f"user:{username.lower()}", None)


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def check_csrf(request: Request) -> None:
    """Refuse a write whose form field or header does not carry the session's CSRF token."""
    expected = request.session.get("csrf")
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfFailed()


class UserCache:
    """Users by id, reread after a few seconds (roles and units changed by an administrator)."""

    def __init__(self) -> None:
        self._users: dict[int, tuple[float, User | None]] = {}
        self._used: dict[int, float] = {}  # when each was last asked for
        self._forgotten = 0  # forget() calls: a refresh begun before one is not kept

    def get(self, engine: Engine, user_id: int) -> User | None:
        hit = self._fresh(user_id)
        if hit is not None:
            return hit[1]
        now = time.monotonic()
        with session_scope(engine, actor="web", write=False) as session:
            user = get_user(session, user_id)
        self._users[user_id] = (now, user)
        return user

    def peek(self, user_id: int) -> User | None:
        """The user if known and fresh, without reading the store (``None`` otherwise)."""
        hit = self._fresh(user_id)
        return None if hit is None else hit[1]

    def _fresh(self, user_id: int) -> tuple[float, User | None] | None:
        """The cached entry (read time, user or ``None`` if there is none) if read recently."""
        now = time.monotonic()
        self._used[user_id] = now
        hit = self._users.get(user_id)
        return hit if hit is not None and now - hit[0] < _USER_TTL else None

    def refresh(self, engine: Engine, *, idle: float = 60.0) -> int:
        """Read again, in one query, the users asked for in the last ``idle`` seconds whose entry is
        half its lifetime old (so that requests find them fresh); drop the others. How many were read."""
        now = time.monotonic()
        for uid in [u for u, at in self._used.items() if now - at > idle]:
            self._used.pop(uid, None)
            self._users.pop(uid, None)
        due = [u for u in self._used if now - self._users.get(u, (0.0, None))[0] > _USER_TTL / 2]
        if not due:
            return 0
        forgotten = self._forgotten
        with session_scope(engine, actor="web", write=False) as session:
            found = {u: get_user(session, u) for u in due}
        if self._forgotten == forgotten:
            self._users.update({u: (now, user) for u, user in found.items()})
        return len(found)

    def forget(self, user_id: int | None = None) -> None:
        self._forgotten += 1
        if user_id is None:
            self._users.clear()
        else:
            self._users.pop(user_id, None)


def current_user(request: Request) -> User | None:
    """The signed-in user, or ``None``."""
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    cache: UserCache = request.app.state.users
    user = cache.get(request.app.state.engine, uid)
    if user is None or not user.active:
        request.session.clear()
        return None
    return user


def require_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise NotSignedIn()
    return user


bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="Token API, tạo ở trang Tài khoản: Authorization: Bearer <token>.",
)


def api_user(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)] = None
) -> User:
    """The user of a REST call: ``Authorization: Bearer <token>`` (or the browser session, to read)."""
    auth = request.headers.get("authorization", "")
    if credentials is not None or auth.lower().startswith("bearer"):
        token = credentials.credentials if credentials is not None else ""
        with session_scope(request.app.state.engine, actor="api") as session:
            user = user_for_token(session, token.strip()) if token.strip() else None
        if user is None:
            raise NotSignedIn()
        return user
    if request.method in ("GET", "HEAD"):
        return require_user(request)
    raise NotSignedIn()
