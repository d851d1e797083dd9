"""Security middleware: response headers (CSP and friends), per-client rate limits, a CSP-safe /docs.

Order in `create_app` (outermost first): `SecurityHeaders` → CORS → body-size limit → `ApiRateLimit` →
routes, so 413 and 429 answers carry the security and CORS headers too, and CORS preflights are never
counted against a client's budget.

The widget: pages under `EMBEDDABLE` may be framed by the configured `cors_origins` (CSP
`frame-ancestors`, and no `X-Frame-Options`, which cannot name origins); every other page may be framed
by the navigator's own origin only.
"""

from __future__ import annotations

import logging
import math
import re
import secrets
import time
from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from navigator.errors import ConfigError
from navigator.settings import Settings

log = logging.getLogger(__name__)

# Pages meant to be shown inside the widget's iframe on allowed sites (and their sub-paths).
EMBEDDABLE = ("/widget",)
# Only the JSON API is rate limited; pages and static files are cheap and cached by browsers.
LIMITED_PREFIX = "/api/"
TOO_MANY = (
    "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie {seconds} Sekunden "
    "und versuchen Sie es dann noch einmal."
)
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?$")
# Swagger UI's page loads its script and styles from this CDN (FastAPI's default).
_DOCS_CDN = "https://cdn.jsdelivr.net"


def content_security_policy(frame_ancestors: Sequence[str]) -> str:
    """The CSP of every page: everything from our own origin, no inline script, no plugins."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors " + " ".join(frame_ancestors),
        ]
    )


def checked_origins(origins: Sequence[str]) -> list[str]:
    """The configured origins, refused if one could smuggle directives into a header.

    Raises:
        ConfigError: An origin is not `scheme://host[:port]` (or `*`).
    """
    for origin in origins:
        if origin != "*" and not _ORIGIN.match(origin):
            raise ConfigError(
                f"NAVIGATOR_CORS_ORIGINS: {origin!r} is not an origin; write it as "
                "'https://www.example.de' (scheme, host, optional port; no path, no trailing slash)"
            )
    return list(origins)


class SecurityHeaders:
    """Adds the security headers to every HTTP response that does not set them itself.

    Example::

        app.add_middleware(SecurityHeaders, frame_origins=["https://www.example.de"], hsts=True)
    """

    def __init__(self, app: ASGIApp, *, frame_origins: Sequence[str] = (), hsts: bool = False) -> None:
        self.app = app
        common = [
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "strict-origin-when-cross-origin"),
            ("permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
        ]
        if hsts:  # only meaningful (and only honoured) when the site is served over HTTPS
            common.append(("strict-transport-security", "max-age=31536000"))
        self.page = [
            *common,
            ("content-security-policy", content_security_policy(["'self'"])),
            ("x-frame-options", "SAMEORIGIN"),
        ]
        self.embeddable = [
            *common,
            ("content-security-policy", content_security_policy(["'self'", *checked_origins(frame_origins)])),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        framed = any(path == p or path.startswith(p + "/") for p in EMBEDDABLE)
        extra = self.embeddable if framed else self.page

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def add_security_headers(app: FastAPI, settings: Settings) -> None:
    """Add `SecurityHeaders`; checks `cors_origins` now, since middleware is built on the first request.

    Raises:
        ConfigError: A configured origin is malformed.
    """
    app.add_middleware(
        SecurityHeaders,
        frame_origins=checked_origins(settings.cors_origins),
        hsts=(settings.public_url or "").startswith("https://"),
    )


class ApiRateLimit:
    """Per-client rate limit on `/api/*`, one budget shared by all API routes; 429 with `Retry-After`.

    The counting is the `limits` library's (moving window, the engine under slowapi). We do not use
    slowapi's own middleware: it finds the route by walking `app.routes`, which FastAPI 0.165 hides
    behind included routers, so it silently exempts every route.

    Example::

        app.add_middleware(ApiRateLimit, limit="30/minute", storage_uri="memory://")
    """

    def __init__(self, app: ASGIApp, *, limit: str, storage_uri: str = "memory://") -> None:
        self.app = app
        self.items = parse_limit(limit)
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(LIMITED_PREFIX):
            await self.app(scope, receive, send)
            return
        # With uvicorn's proxy_headers the client is the forwarded one (see README, "Scaling").
        client = scope.get("client")
        key = client[0] if client else "unknown"
        for item in self.items:
            if not self.limiter.hit(item, "api", key):
                reset_at, _ = self.limiter.get_window_stats(item, "api", key)
                seconds = max(1, math.ceil(reset_at - time.time()))
                log.info("rate limit %s reached on %s; retry in %d s", item, scope["path"], seconds)
                response = JSONResponse(
                    {"detail": TOO_MANY.format(seconds=seconds)},
                    status_code=429,
                    headers={"Retry-After": str(seconds)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def parse_limit(limit: str) -> list[RateLimitItem]:
    """Parse "30/minute" or "5/second;100/hour".

    Raises:
        ConfigError: Not a limit string.
    """
    try:
        return parse_many(limit)
    except ValueError as exc:
        raise ConfigError(
            f"NAVIGATOR_RATE_LIMIT={limit!r} is not a rate limit; write e.g. '30/minute'"
        ) from exc


def add_rate_limit(app: FastAPI, settings: Settings) -> None:
    """Limit each client (by address) to `settings.rate_limit` API requests, if enabled.

    The counters live in `settings.rate_limit_storage`: in memory, per worker process, by default; a
    shared store such as `redis://host:6379` (needs the `redis` package) makes several workers and
    replicas share one budget per client.
    """
    parse_limit(settings.rate_limit)  # a typo fails at start-up even while limiting is off
    if settings.rate_limit_enabled:
        app.add_middleware(ApiRateLimit, limit=settings.rate_limit, storage_uri=settings.rate_limit_storage)


def add_docs(app: FastAPI, path: str = "/docs") -> None:
    """Swagger UI whose inline start-up script carries a per-request nonce, so the strict CSP holds.

    Create the app with `docs_url=None` and `redoc_url=None` (FastAPI's own pages use inline script).
    """

    @app.get(path, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=app.title)
        html = bytes(page.body).decode().replace("<script>", f'<script nonce="{nonce}">')
        csp = "; ".join(
            [
                "default-src 'self'",
                f"script-src 'nonce-{nonce}' {_DOCS_CDN}",
                f"style-src 'self' 'unsafe-inline' {_DOCS_CDN}",  # Swagger UI sets style attributes
                "img-src 'self' data: https://fastapi.tiangolo.com",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'self'",
            ]
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})
