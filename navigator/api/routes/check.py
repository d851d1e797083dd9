"""The Förder-Check: `POST /api/check` (JSON) and the step-by-step form at `/foerder-check` (HTML).

Both run the same rules engine (`navigator.foerdercheck`) over the live index, as the chat does;
neither stores nor logs what a person enters (only counts are logged).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, create_model

from navigator import translations, vocab
from navigator.api.deps import CheckerDep, SettingsDep
from navigator.api.routes.pages import UiDep, _page
from navigator.foerdercheck import Checker, Profile, ProfileError
from navigator.foerdercheck import phrases as fc_phrases
from navigator.foerdercheck.form import FORM_TOPICS, FormState
from navigator.foerdercheck.profile import RANGES, enum_values, field_type
from navigator.foerdercheck.questions import build_question
from navigator.foerdercheck.ranking import rank, reason
from navigator.foerdercheck.results import OUTCOMES, CheckReport
from navigator.settings import Settings
from navigator.text import german_date

log = logging.getLogger(__name__)
router = APIRouter(tags=["foerdercheck"])

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Body is not valid JSON"},
    404: {"description": "A programme in `programmes` is unknown or has no eligibility rules"},
    413: {"description": "Request body too large"},
    422: {"description": "Unknown profile field or wrong type (with the field and the reason)"},
    429: {"description": "Too many requests (see Retry-After)"},
    503: {"description": "The index is unavailable (empty or Chroma down)"},
}


def _no_text(value: object) -> object:
    # "30" is not a number and true is not 1: the caller learns which field has the wrong type.
    # (30.0 is, as in JSON Schema; 30.5 is not.)
    if isinstance(value, str | bool):
        raise ValueError("must be a whole number (JSON number, not text or true/false)")
    return value


def _profile_field(name: str) -> tuple[Any, Any]:
    kind = field_type(name)
    label = vocab.ELIGIBILITY_FIELDS[name][1]
    if kind == "bool":
        return (Annotated[bool, Strict()] | None, Field(default=None, description=label))
    if kind == "int":
        low, high = RANGES.get(name, (0, 1_000_000_000))
        # Bounds before the validator, or the JSON schema shows "ge" instead of "minimum".
        bounded = Annotated[int, Field(ge=low, le=high), BeforeValidator(_no_text)]
        return (bounded | None, Field(default=None, description=label))
    return (Literal[enum_values(name)] | None, Field(default=None, description=label))


class _CheckOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["de", "en", "tr", "ar", "uk", "ru"] = "de"
    programmes: list[Annotated[str, Field(max_length=100)]] | None = Field(
        default=None, max_length=100, description="Check only these programme ids (ended ones included)"
    )
    topics: list[Literal[tuple(vocab.TOPICS)]] = Field(  # type: ignore[valid-type]
        default=[], max_length=20, description="Check only programmes with one of these topics"
    )
    skip: list[Literal[tuple(vocab.ELIGIBILITY_FIELDS)]] = Field(  # type: ignore[valid-type]
        default=[], max_length=50, description="Fields the person cannot answer: never asked next"
    )


if TYPE_CHECKING:
    CheckRequest = _CheckOptions
else:
    # One optional body field per vocabulary field, so the OpenAPI schema lists the whole profile.
    CheckRequest = create_model(
        "CheckRequest",
        __base__=_CheckOptions,
        **{name: _profile_field(name) for name in vocab.ELIGIBILITY_FIELDS},
    )


def _invalid(exc: ProfileError) -> HTTPException:
    if exc.field == "programmes":  # a well-formed id that names nothing to check
        return HTTPException(404, exc.reason)
    return HTTPException(422, [{"loc": ["body", exc.field], "msg": exc.reason, "type": "value_error"}])


def _localised(report: CheckReport, checker: Checker, settings: Settings) -> CheckReport:
    """The programmes' summaries in the report's language (knowledge/_i18n; German where none is current)."""
    if report.language == "de":
        return report
    tr = translations.load(settings.knowledge_dir)
    results = tuple(
        dataclasses.replace(r, summary=tr.localise(e, report.language).summary)
        if (e := checker.entries.get(r.programme.id))
        else r
        for r in report.results
    )
    return dataclasses.replace(report, results=results)


@router.post("/api/check", responses=ERRORS, response_class=JSONResponse)
def check(body: CheckRequest, checker: CheckerDep, settings: SettingsDep) -> Response:
    """Which programmes fit a (partial) profile, why, whom to contact, and the next question to ask.

    The body holds the known profile fields (see the schema) plus `language`, optionally
    `programmes` and `topics` (to narrow the check) and `skip` (fields the person cannot answer).
    """
    options = set(_CheckOptions.model_fields)
    values = body.model_dump(exclude=options, exclude_none=True)
    try:
        report = checker.check(
            Profile.parse(values),
            lang=body.language,
            programmes=body.programmes,
            topics=body.topics,
            skip=body.skip,
        )
    except ProfileError as exc:
        raise _invalid(exc) from exc
    log.info("check: %d fields given, %d programmes", len(values), len(report.results))
    # Plain values already: json.dumps is several times faster than FastAPI's generic encoder.
    content = json.dumps(_localised(report, checker, settings).as_dict(), ensure_ascii=False)
    return Response(content, media_type="application/json")


# -- the web form ---------------------------------------------------------------------------------


def _form_page(
    request: Request, settings: Settings, ui: Any, checker: Checker, state: FormState, status_code: int = 200
) -> HTMLResponse:
    report = checker.check(state.profile, lang=ui.lang, topics=state.topics, skip=state.skipped)
    question = report.next_question
    if state.error:  # ask the same question again, worded as before
        asked = (q for r in report.results for q in r.questions if q.field == state.asked)
        asker = state.profile.get("applicant")
        question = next(asked, None) or build_question(
            state.asked, ui.lang, asker=str(asker) if asker else None
        )
    counts = {o: sum(r.outcome == o for r in report.results) for o in OUTCOMES}
    common: dict[str, Any] = {
        "page": "foerdercheck",
        "state": state,
        "hidden": state.hidden(),
        "answers": state.answers(ui.lang),
        "counts": counts,
        "action_url": f"/foerder-check?lang={ui.lang}",
        "fc": lambda key, **values: fc_phrases.phrase(key, ui.lang, **values),
    }
    if state.action in ("results", "settle") or question is None:
        ranked = rank(report, checker.entries)
        return _page(
            request,
            settings,
            ui,
            "foerder_check_results.html",
            ranked=ranked,
            reason=reason,
            report=report,
            checked_on=german_date(report.today),
            stand=lambda iso: german_date(dt.date.fromisoformat(iso)) if iso else None,
            **common,
        )
    return _page(
        request,
        settings,
        ui,
        "foerder_check.html",
        status_code=status_code,
        question=question,
        step=len(state.history) + 1,
        **common,
    )


@router.get("/foerder-check", response_class=HTMLResponse, include_in_schema=False)
def form_start(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The first step: what the funding is for (or everything)."""
    return _page(
        request,
        settings,
        ui,
        "foerder_check.html",
        page="foerdercheck",
        topics=FORM_TOPICS,
        action_url=f"/foerder-check?lang={ui.lang}",
    )


@router.post("/foerder-check", response_class=HTMLResponse, include_in_schema=False)
async def form_step(request: Request, settings: SettingsDep, ui: UiDep, checker: CheckerDep) -> HTMLResponse:
    """One step: take the answer, then show the next question or, when nothing is left, the results."""
    body = (await request.body()).decode("utf-8", "replace")
    state = FormState.parse(parse_qsl(body, keep_blank_values=True))
    log.info("foerder-check step: %d answers, action %s", len(state.history), state.action)
    if state.error:
        return _form_page(request, settings, ui, checker, state, status_code=422)
    return _form_page(request, settings, ui, checker, state)
