"""POST /api/chat, POST /api/chat/stream (SSE) and GET /api/search."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from sse_starlette import EventSourceResponse

from navigator.answer import Turn
from navigator.api.deps import ChatServiceDep, RetrieverDep, SettingsDep
from navigator.api.schemas import ChatRequest, ChatResponse, ErrorBody, FilterBody, SearchHit, SearchQuery
from navigator.retrieval.filters import Filters
from navigator.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api", tags=["chat"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Body is not valid JSON"},
    413: {"model": ErrorBody, "description": "Request body too large"},
    422: {"description": "Invalid request (with the reason)"},
    429: {"model": ErrorBody, "description": "Too many requests (see Retry-After)"},
    503: {"model": ErrorBody, "description": "Index or vector store unavailable"},
}


def _filters(body: FilterBody) -> Filters:
    return Filters(tuple(body.audience), tuple(body.region), tuple(body.topic), tuple(body.kind))


def _check_limits(req: ChatRequest, settings: Settings) -> None:
    if len(req.message) > settings.max_message_chars:
        raise HTTPException(422, f"message is longer than {settings.max_message_chars} characters")
    if len(req.history) > settings.max_history_turns:
        raise HTTPException(422, f"history has more than {settings.max_history_turns} turns")


def _turns(req: ChatRequest) -> list[Turn]:
    return [Turn(t.role, t.content) for t in req.history]


@router.post("/chat", response_model=ChatResponse, responses=ERRORS)
def chat(req: ChatRequest, service: ChatServiceDep, settings: SettingsDep) -> dict[str, Any]:
    """Answer a question with numbered sources (the verified answer in one response)."""
    _check_limits(req, settings)
    answer = service.answer(req.message, _turns(req), _filters(req.filters), req.language or "de")
    # The cards are already in the answer's language: the pipeline's localise stage translated them.
    return answer.as_dict()


@router.post("/chat/stream", responses={**ERRORS, 200: {"content": {"text/event-stream": {}}}})
async def chat_stream(
    req: ChatRequest, service: ChatServiceDep, settings: SettingsDep
) -> EventSourceResponse:
    """Server-Sent Events: `sources`, then `token`s, then `done` with the verified answer."""
    _check_limits(req, settings)
    # Chroma down: answer 503 like /api/chat, not 200 followed by an error event.
    await asyncio.to_thread(service.retriever.catalogue)
    queue: asyncio.Queue[tuple[str, Any] | None] = asyncio.Queue(maxsize=256)
    stop = threading.Event()
    loop = asyncio.get_running_loop()

    def produce() -> None:
        # The service is synchronous (llama.cpp); run it in a thread and hand events to the loop.
        events = service.stream(req.message, _turns(req), _filters(req.filters), req.language or "de")
        try:
            for event in events:
                if stop.is_set():
                    break
                asyncio.run_coroutine_threadsafe(queue.put(event), loop).result()
        except Exception as exc:
            log.exception("stream failed")
            asyncio.run_coroutine_threadsafe(queue.put(("error", str(exc))), loop).result()
        finally:
            events.close()  # closes the provider's stream too, which stops generation
            asyncio.run_coroutine_threadsafe(queue.put(None), loop).result()

    async def events() -> AsyncIterator[dict[str, str]]:
        worker = threading.Thread(target=produce, daemon=True, name="chat-stream")
        worker.start()
        try:
            while (item := await queue.get()) is not None:
                kind, payload = item
                if kind == "done":
                    payload = payload.as_dict()
                elif kind == "error":
                    payload = {"detail": "Die Antwort konnte nicht erstellt werden."}
                yield {"event": kind, "data": json.dumps(payload, ensure_ascii=False)}
        finally:
            stop.set()
            while worker.is_alive() and not queue.empty():
                queue.get_nowait()

    return EventSourceResponse(events(), ping=15)


@router.get("/search", response_model=list[SearchHit], responses=ERRORS)
def search(retriever: RetrieverDep, query: Annotated[SearchQuery, Query()]) -> list[dict[str, Any]]:
    """Ranked entries for a query (no LLM); repeat a filter parameter for alternatives."""
    hits = retriever.retrieve(query.q, k=query.k, filters=_filters(query), include_ended=query.include_ended)
    entries = retriever.catalogue().entries
    return [
        {
            "id": h.id,
            "kind": h.kind,
            "title": h.title,
            "organisation": h.organisation,
            "url": h.url,
            "summary": entries[h.id].summary,
            "status": h.status,
            "score": h.score,
            "reviewed": entries[h.id].reviewed.isoformat(),
        }
        for h in hits
    ]
