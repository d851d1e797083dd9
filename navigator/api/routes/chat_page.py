"""The chat as HTML: the landing page (`/`), its form post without JavaScript, and the widget.

The widget (`/widget`) is the same chat in compact form, loaded into an iframe by `widget.js` on other
sites; the page answering a form post is the landing page with the answer in it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, Response

from navigator import vocab
from navigator.answer import Turn
from navigator.api.deps import ChatServiceDep, SettingsDep
from navigator.api.routes.pages import UiDep, _page
from navigator.retrieval.filters import Filters

router = APIRouter(include_in_schema=False)

# The audience chips on the chat page ("Ich bin …") and the vocabulary value each one filters by.
AUDIENCE_CHIPS = ("kmu", "arbeitsuchende", "beschaeftigte", "wiedereinstieg", "migration", "jugendliche")
STARTERS = {"kmu": ("kmu_1", "kmu_2", "kmu_3"), "people": ("people_1", "people_2", "people_3")}
# Under /api/ so the per-client rate limit of the API covers it too (see navigator/api/security.py).
FORM_ACTION = "/api/chat/form"


def _chat_context(**extra: Any) -> dict[str, Any]:
    return {
        "audience_chips": AUDIENCE_CHIPS,
        "regions": list(vocab.REGIONS),
        "starters": STARTERS,
        "form_action": FORM_ACTION,
        **extra,
    }


@router.get("/", response_class=HTMLResponse)
def index(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The landing page with the chat."""
    return _page(request, settings, ui, "index.html", page="chat", **_chat_context())


@router.post(FORM_ACTION, response_class=HTMLResponse)
async def index_answer(
    request: Request, settings: SettingsDep, ui: UiDep, service: ChatServiceDep
) -> HTMLResponse:
    """The chat without JavaScript: the form posts here and the answer comes back as a page."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    message = " ".join((form.get("starter") or form.get("message") or [""])[0].split())
    audience = [a for a in form.get("audience", []) if a in vocab.AUDIENCES]
    region = [r for r in form.get("region", []) if r in vocab.REGIONS]
    history = _form_history(form, settings.max_history_turns)
    context = _chat_context(
        question=message, chosen_audience=audience, chosen_region=region, history_so_far=history
    )
    if not message or len(message) > settings.max_message_chars:
        error = ui.texts.t("chat.empty" if not message else "chat.error_long")
        return _page(
            request, settings, ui, "index.html", page="chat", status_code=422, error=error, **context
        )
    filters = Filters(audiences=tuple(audience), regions=tuple(region))
    turns = [Turn(h["role"], h["content"]) for h in history]
    answer = await run_in_threadpool(service.answer, message, turns, filters, ui.lang)
    return _page(request, settings, ui, "index.html", page="chat", answer=answer.as_dict(), **context)


def _form_history(form: dict[str, list[str]], limit: int) -> list[dict[str, str]]:
    """The conversation so far from the hidden `hr`/`hc` fields of a Förder-Check question's form."""
    pairs = zip(form.get("hr", []), form.get("hc", []), strict=False)
    turns = [{"role": r, "content": c[:2000]} for r, c in pairs if r in ("user", "assistant")]
    return turns[-limit:]


@router.get("/widget", response_class=HTMLResponse)
def widget(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The chat in compact form, loaded into an iframe by `widget.js` on other sites."""
    return _page(request, settings, ui, "widget.html", page="widget", **_chat_context())


@router.get("/widget.js")
def widget_script(settings: SettingsDep) -> Response:
    """The embed script: `<script src="https://navigator.example/widget.js" defer></script>`."""
    return FileResponse(
        settings.web_dir / "static" / "js" / "widget.js",
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )
