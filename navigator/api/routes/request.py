"""'Anfrage vorbereiten': POST /api/request (JSON) and /anfrage (the page, also without JavaScript).

The request text is built from what the client sends and returned at once: nothing of it is stored,
and nothing of it is logged (not the words, not the town; only that a request was prepared).
"""

from __future__ import annotations

import logging
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from navigator import vocab
from navigator.api.deps import RetrieverDep, SettingsDep
from navigator.api.routes.chat import ERRORS
from navigator.api.routes.pages import UiDep, _page
from navigator.phrases import load_phrases
from navigator.request.builder import RequestFacts, build_request
from navigator.settings import Settings

log = logging.getLogger(__name__)
router = APIRouter(tags=["request"])

Line = Annotated[str, Field(max_length=400)]


class RequestBody(BaseModel):
    """What the page knows of the person's matter; the text is built from this and nothing else."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(default="", max_length=2000, description="The person's own words.")
    language: str = Field(default="de", description="The asker's language (de, en, tr, ar, uk, ru).")
    audience: str | None = Field(default=None, description="Who asks (an audience of the vocabulary).")
    town: str = Field(default="", max_length=80)
    ids: list[Annotated[str, Field(max_length=80)]] = Field(
        default=[], max_length=8, description="Entry ids."
    )
    settled: list[Line] = Field(default=[], max_length=12, description="Förder-Check facts already met.")
    open: list[Line] = Field(default=[], max_length=12, description="What is still open.")

    def facts(self) -> RequestFacts:
        audience = self.audience if self.audience in vocab.AUDIENCES else None
        language = self.language if self.language in vocab.ANSWER_LANGUAGES else "de"
        return RequestFacts(
            question=self.question.strip(),
            language=language,
            audience=audience,
            town=self.town.strip(),
            entry_ids=tuple(self.ids),
            settled=tuple(s.strip() for s in self.settled if s.strip()),
            open=tuple(s.strip() for s in self.open if s.strip()),
        )


def _prepare(body: RequestBody, settings: Settings, retriever: RetrieverDep) -> dict[str, Any]:
    book = load_phrases(settings.prompts_dir / "request.yaml")
    prepared = build_request(body.facts(), retriever.catalogue().entries, book)
    log.info("request prepared: %d entries, language %s", len(body.ids), prepared.language)
    return prepared.as_dict()


@router.post("/api/request", responses={k: v for k, v in ERRORS.items() if k in (400, 413, 422, 429, 503)})
def prepare_request(body: RequestBody, settings: SettingsDep, retriever: RetrieverDep) -> dict[str, Any]:
    """A prepared request: subject, German text, the text in the asker's language, a mailto link."""
    return _prepare(body, settings, retriever)


def _form_body(form: dict[str, list[str]]) -> RequestBody:
    one = {k: (form.get(k) or [""])[0] for k in ("question", "language", "audience", "town")}
    ids = [i for v in form.get("ids", []) for i in v.split(",") if i.strip()]
    return RequestBody(
        question=one["question"],
        language=one["language"] or "de",
        audience=one["audience"] or None,
        town=one["town"],
        ids=[i.strip() for i in ids],
        settled=form.get("settled", []),
        open=form.get("open", []),
    )


@router.get("/anfrage", response_class=HTMLResponse, include_in_schema=False)
def request_form(request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep) -> HTMLResponse:
    """The empty form for the entries in `?ids=` (from a card or the Merkliste)."""
    ids = [i for i in request.query_params.get("ids", "").split(",") if i in retriever.catalogue().entries]
    return _page(request, settings, ui, "request.html", ids=ids, prepared=None, body=None)


@router.post("/anfrage", response_class=HTMLResponse, include_in_schema=False)
async def request_page(
    request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep
) -> HTMLResponse:
    """The form posts here (with or without JavaScript) and gets the page with the prepared request."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    try:
        body = _form_body(form)
    except ValidationError as exc:
        raise HTTPException(422, "; ".join(str(e["msg"]) for e in exc.errors())) from exc
    prepared = _prepare(body, settings, retriever)
    return _page(request, settings, ui, "request.html", ids=body.ids, prepared=prepared, body=body)
