"""The legal pages: privacy (`/datenschutz`), imprint (`/impressum`) and accessibility statement.

Each is stated from the running configuration (`navigator.web.legal`), never from a made-up operator.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from navigator.api.deps import SettingsDep
from navigator.api.routes.pages import UiDep, _page
from navigator.web.legal import model_kind, operator, question_processing

router = APIRouter(include_in_schema=False)


@router.get("/datenschutz", response_class=HTMLResponse)
def privacy(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """What the navigator stores and what it does not, stated from the running configuration."""
    return _page(
        request,
        settings,
        ui,
        "privacy.html",
        page="privacy",
        model_kind=model_kind(settings),
        operator=operator(settings),
        processing=question_processing(settings),
    )


@router.get("/impressum", response_class=HTMLResponse)
def imprint(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The legal notice (Impressum) of the operator from `NAVIGATOR_OPERATOR_*`."""
    return _page(request, settings, ui, "imprint.html", page="legal", operator=operator(settings))


@router.get("/barrierefreiheit", response_class=HTMLResponse)
def accessibility(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The accessibility statement (Erklärung zur Barrierefreiheit) with the feedback contact."""
    return _page(request, settings, ui, "accessibility.html", page="legal", operator=operator(settings))
