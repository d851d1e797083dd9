"""`create_app(settings)`: assemble the FastAPI app from routers, middleware and lazily built services."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from navigator import __version__
from navigator.api.decoding import add_input_checks
from navigator.api.openapi import document_limits
from navigator.api.security import add_docs, add_rate_limit, add_security_headers
from navigator.errors import ConfigError, RetrievalError
from navigator.log import configure_logging
from navigator.services import Services
from navigator.settings import Settings, get_settings

log = logging.getLogger(__name__)
UNAVAILABLE = (
    "Der Navigator ist gerade nicht erreichbar (Suchindex). Bitte versuchen Sie es gleich noch einmal."
)


class BodySizeLimit:
    """Answer 413 before reading a body larger than `limit` bytes (by header or by counting)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._reject(send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise _TooLarge(self.limit)
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._reject(send)

    async def _reject(self, send: Send) -> None:
        response = JSONResponse({"detail": f"request body larger than {self.limit} bytes"}, status_code=413)
        await response({"type": "http"}, _empty_receive, send)


class _TooLarge(HTTPException):
    # An HTTPException, because FastAPI turns any other error while reading the body into a 400.
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _add_routes(app: FastAPI, settings: Settings) -> None:
    """Every router, and the static files under /static."""
    from fastapi.staticfiles import StaticFiles

    from navigator.api.routes import (
        catalogue,
        chat,
        chat_page,
        check,
        feedback,
        health,
        keep,
        legal,
        news,
        request,
    )

    app.include_router(chat.router)
    app.include_router(check.router)
    app.include_router(health.router)
    app.include_router(feedback.router)
    app.include_router(request.router)
    app.include_router(keep.router)
    app.include_router(chat_page.router)
    app.include_router(catalogue.router)
    app.include_router(news.router)
    app.include_router(legal.router)
    app.mount("/static", StaticFiles(directory=settings.web_dir / "static"), name="static")


def create_app(settings: Settings | None = None) -> FastAPI:
    """The navigator's web app; `settings` defaults to the environment's."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, json_format=settings.log_json)
    services = Services(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:
            await asyncio.to_thread(services.warm_up)
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Digitalnavigator Märkische Region",
        version=__version__,
        description="Findet passende Beratungsstellen, Förderprogramme, Weiterbildungen und Veranstaltungen.",
        docs_url=None,  # security.add_docs serves /docs with a CSP nonce instead
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.services = services

    _add_routes(app, settings)
    add_docs(app)
    document_limits(app, settings)

    @app.exception_handler(RetrievalError)
    async def _unavailable(_: Request, exc: RetrievalError) -> JSONResponse:
        log.warning("retrieval unavailable: %s", exc)
        return JSONResponse(
            {"detail": UNAVAILABLE},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(ConfigError)
    async def _bad_input(_: Request, exc: ConfigError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    # The last added is the outermost: headers on every answer (413/429 too), CORS before the limits;
    # the Unicode check innermost, so it reads bodies already limited in size and counted per client.
    add_input_checks(app)
    add_rate_limit(app, settings)
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["content-type"],
    )
    add_security_headers(app, settings)
    return app
