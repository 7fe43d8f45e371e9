"""The review app's safety model (docs/review-app.md):

- it binds 127.0.0.1 unless told otherwise; any other address needs an access token in
  ``$CLAIMCHECK_SERVE_TOKEN`` (the server refuses to start without one), entered once on a
  login page and kept in an HttpOnly, SameSite=Strict cookie;
- a request naming a host other than the bound one (DNS rebinding) is refused;
- every write is a POST carrying the server's CSRF token (random per start, compared in
  constant time) and, when the browser sends them, an ``Origin`` of the app itself and no
  cross-site ``Sec-Fetch-Site``;
- every response carries a strict Content-Security-Policy (scripts and styles only from the
  app's own files, no inline script, no framing, forms only to the app) and ``nosniff``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_VARIABLE = "CLAIMCHECK_SERVE_TOKEN"
SESSION_COOKIE = "claimcheck_session"
MIN_TOKEN_LENGTH = 16

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    # not "no-referrer": with it browsers send "Origin: null" on the app's own form posts
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cache-control": "no-store",
}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass
class Guard:
    """The secrets of one running server."""

    access_token: str | None
    """Required from every browser when set (always set for a non-loopback bind)."""
    hosts: frozenset[str]
    """Host names the app answers to (without port); empty: any (a non-loopback bind, where
    the access token is what keeps others out)."""
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def session_value(self) -> str:
        """What the session cookie holds: a digest of the token (never the token itself)."""
        assert self.access_token is not None
        return hashlib.sha256(("claimcheck-session:" + self.access_token).encode()).hexdigest()

    def token_matches(self, given: str) -> bool:
        return self.access_token is not None and hmac.compare_digest(
            given.encode("utf-8", "surrogatepass"), self.access_token.encode("utf-8", "surrogatepass")
        )

    def signed_in(self, cookies: dict[str, str]) -> bool:
        if self.access_token is None:
            return True
        return hmac.compare_digest(cookies.get(SESSION_COOKIE, "").encode(), self.session_value().encode())

    def csrf_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.csrf.encode())

    def host_allowed(self, host_header: str) -> bool:
        if not self.hosts:
            return True
        host = host_header.rsplit(":", 1)[0] if not host_header.endswith("]") else host_header
        return host.strip("[]").lower() in self.hosts

    def same_origin(self, origin: str | None, fetch_site: str | None, host_header: str) -> bool:
        """Whether a write comes from the app's own pages (as far as the browser tells)."""
        if fetch_site is not None and fetch_site not in ("same-origin", "none"):
            return False
        if origin is None:
            return True
        return origin in (f"http://{host_header}", f"https://{host_header}")


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)
