"""`/neu` ("Was ist neu"): what started, changed or ended lately and what ends soon, as HTML."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from navigator.api.deps import RetrieverDep, SettingsDep
from navigator.api.routes.pages import UiDep, _page
from navigator.knowledge.news import whats_new

router = APIRouter(include_in_schema=False)


@router.get("/neu", response_class=HTMLResponse)
def news(request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep) -> HTMLResponse:
    """What started, changed or ended in the last 90 days, and what ends soon (from the entries' dates)."""
    items = whats_new(retriever.catalogue().entries.values(), settings.current_date())
    return _page(request, settings, ui, "news.html", page="news", items=items)
