"""Transport: HTTPS behind a trusted proxy, and the ``Secure`` flag of the session cookie.

Served over HTTPS (``scope["scheme"]`` is ``https``), the session cookie is sent with
``Secure``, so a browser never sends it back over plain HTTP. Behind a reverse proxy
that terminates TLS, the app sees HTTP from the proxy: when the peer is one of
``CHITIEU_TRUSTED_PROXIES`` (addresses or networks, comma-separated, e.g.
``127.0.0.1,10.0.0.0/8``), its ``X-Forwarded-Proto`` gives the scheme and its
``X-Forwarded-For`` the client's address (used by the sign-in rate limit). From any
other peer those headers are ignored: a client cannot claim HTTPS or another address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["ProxyHeaders", "parse_trusted"]

Scope = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted(text: str) -> tuple[frozenset[str], tuple[Network, ...]]:
    """The trusted peers of ``text``: names taken literally, and networks (a lone address is a /32)."""
    names: set[str] = set()
    networks: list[Network] = []
    for item in (x.strip() for x in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            names.add(item)
    return frozenset(names), tuple(networks)


class ProxyHeaders:
    """Takes scheme and client from a trusted proxy's headers; marks the session cookie ``Secure`` on HTTPS."""

    def __init__(self, app: ASGI, *, trusted: str = "", cookie: str = "chitieu_session") -> None:
        self.app = app
        self.names, self.networks = parse_trusted(trusted)
        self.cookie = cookie.encode() + b"="
        self._known: dict[str, bool] = {}  # peers judged (trusted or not), so each is parsed once

    def _trusts(self, host: str) -> bool:
        known = self._known.get(host)
        if known is None:
            if len(self._known) >= 4096:
                self._known.clear()
            known = self._known[host] = self._judge(host)
        return known

    def _judge(self, host: str) -> bool:
        if host in self.names:
            return True
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in n for n in self.networks)

    def _forwarded(self, scope: Scope) -> None:
        client = scope.get("client")
        if not client or not self._trusts(str(client[0])):
            return
        headers = dict(scope.get("headers") or [])
        proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").split(",")[0].strip().lower()
        if proto in ("http", "https"):
            scope["scheme"] = proto if scope["type"] == "http" else {"http": "ws", "https": "wss"}[proto]
        chain = [
            h.strip() for h in headers.get(b"x-forwarded-for", b"").decode("latin-1").split(",") if h.strip()
        ]
        # the nearest address that is not itself a trusted proxy is the client
        for host in reversed(chain):
            if not self._trusts(host):
                scope["client"] = (host, 0)
                break

    async def __call__(
        self, scope: Scope, receive: Callable[[], Awaitable[Any]], send: Callable[[Any], Awaitable[None]]
    ) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        self._forwarded(scope)
        secure = scope.get("scheme") in ("https", "wss")

        async def send_secure(message: Any) -> None:
            if secure and message["type"] == "http.response.start":
                message["headers"] = [
                    (k, v + b"; secure")
                    if k.lower() == b"set-cookie" and v.startswith(self.cookie) and b"secure" not in v.lower()
                    else (k, v)
                    for k, v in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_secure)
