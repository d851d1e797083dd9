"""GET /healthz: index size, models and provider in use, and whether the store answers."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from navigator import __version__
from navigator.errors import NavigatorError

router = APIRouter(tags=["health"])


@router.get("/healthz", responses={503: {"description": "The index cannot be read (Chroma down)"}})
def healthz(request: Request) -> JSONResponse:
    """Report status; 503 when the index cannot be read (e.g. Chroma server down)."""
    settings = request.app.state.settings
    services = request.app.state.services
    body: dict[str, Any] = {
        "version": __version__,
        "embedder": settings.embedder,
        "chroma": settings.chroma_url or "embedded",
        "llm": services.llm_info(),
        # Which worker process answered: several run side by side (`navigator serve --workers N`).
        "worker": os.getpid(),
    }
    try:
        catalogue = services.retriever().catalogue()
        body["index"] = {
            "collection": catalogue.name,
            "entries": len(catalogue.entries),
            "chunks": len(catalogue.chunk_ids),
        }
        body["status"] = "ok"
        return JSONResponse(body)
    except NavigatorError as exc:
        body["status"] = "unavailable"
        body["detail"] = str(exc)
        return JSONResponse(body, status_code=503)
