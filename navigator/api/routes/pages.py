"""The HTML pages: the chat (`/`), the offer catalogue (`/angebote`), detail pages, privacy and the widget.

All pages are server-rendered Jinja2 templates from `web/templates`; scripts and styles are static files
under `/static` (no inline script or style), so a strict `script-src 'self'` CSP works. The UI language
comes from `?lang=` (remembered in a `lang` cookie), the cookie, or Accept-Language (see `web/i18n.py`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from navigator import __version__, translations, vocab
from navigator.answer import Turn
from navigator.api.deps import ChatServiceDep, RetrieverDep, SettingsDep
from navigator.errors import NavigatorError
from navigator.handoff.offices import contact_card
from navigator.knowledge import Entry, text_in
from navigator.knowledge.news import whats_new
from navigator.knowledge.provenance import Evidences, contact_warnings, load_evidences
from navigator.knowledge.status import DateNote, date_note
from navigator.retrieval.filters import Filters
from navigator.settings import Settings
from navigator.web import legal, render
from navigator.web.content import EntryText
from navigator.web.i18n import UI_LANGUAGES, Texts, choose_language, load_translations
from navigator.web.offers import OfferQuery, find_offers, offered_languages, suggest

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600
# The audience chips on the chat page ("Ich bin …") and the vocabulary value each one filters by.
AUDIENCE_CHIPS = ("kmu", "arbeitsuchende", "beschaeftigte", "wiedereinstieg", "migration", "jugendliche")
STARTERS = {"kmu": ("kmu_1", "kmu_2", "kmu_3"), "people": ("people_1", "people_2", "people_3")}


@lru_cache(maxsize=4)
def _templates(folder: Path) -> Jinja2Templates:
    templates = Jinja2Templates(directory=folder)
    templates.env.filters.update(
        markdown=render.markdown, tel=render.tel_href, date=render.format_date, text_in=text_in
    )
    templates.env.globals.update(version=__version__, vocab=vocab)
    return templates


@dataclass(frozen=True, slots=True)
class Ui:
    """The language of one request and whether `?lang=` chose it (then it is remembered in a cookie)."""

    texts: Texts
    from_query: bool

    @property
    def lang(self) -> str:
        return self.texts.lang


def get_ui(request: Request, settings: SettingsDep) -> Ui:
    query = request.query_params.get("lang")
    lang = choose_language(
        query=query,
        cookie=request.cookies.get(COOKIE),
        accept_language=request.headers.get("accept-language"),
    )
    texts = load_translations(settings.web_dir / "i18n")[lang]
    return Ui(texts, from_query=query == lang)


UiDep = Annotated[Ui, Depends(get_ui)]


def _lang_links(request: Request) -> list[dict[str, str]]:
    # A page answering a form post switches language on the page the form came from.
    path = request.url.path if request.method == "GET" else "/"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return [{"code": code, "href": f"{path}?{urlencode([*params, ('lang', code)])}"} for code in UI_LANGUAGES]


def _status(
    texts: Texts, kind: str, status: str, end: dt.date | None, start: dt.date | None
) -> dict[str, str]:
    """Badge text for an ended, past or upcoming offer ({} for a current one)."""
    if status == "ended":
        short, long_key, day = ("past", "past_on", end) if kind == "event" else ("ended", "ended_on", end)
    elif status == "upcoming":
        short, long_key, day = "upcoming", "upcoming_on", start
    else:
        return {}
    label = texts.t(f"card.{short}")
    detail = texts.t(f"card.{long_key}", date=render.format_date(day)) if day else label
    return {"class": status, "label": label, "detail": detail}


def _entry_status(texts: Texts, e: Entry, today: dt.date) -> dict[str, str]:
    start = e.valid_from if e.kind != "event" else None
    return _status(texts, e.kind, e.status(today), e.end_date(), start)


def _source_status(texts: Texts, source: dict[str, Any]) -> dict[str, str]:
    end = dt.date.fromisoformat(source["end_date"]) if source.get("end_date") else None
    return _status(texts, source["kind"], source["status"], end, None)


@lru_cache(maxsize=2)
def _evidences(facts_dir: Path, knowledge_dir: Path) -> Evidences:
    return load_evidences(facts_dir, knowledge_dir)


def _catalogue_entries(request: Request) -> dict[str, Entry]:
    """The live entries for date notes ({} while the index is empty: cards then show no note)."""
    try:
        return request.app.state.services.retriever().catalogue().entries  # type: ignore[no-any-return]
    except NavigatorError:
        return {}


def _freshness(request: Request, settings: Settings, lang: str) -> dict[str, Any]:
    """Template helpers: date-aware text of an entry or source card, and notes on old contact data."""
    today = settings.current_date()
    entries: dict[str, Entry] | None = None

    def live() -> dict[str, Entry]:
        nonlocal entries
        if entries is None:
            entries = _catalogue_entries(request)
        return entries

    def note(e: Entry) -> DateNote:
        return date_note(e, today, live(), lang)

    def source_note(s: dict[str, Any]) -> DateNote | None:
        e = live().get(str(s.get("id", "")))
        return note(e) if e is not None else None

    def old(e: Entry) -> dict[str, str]:
        if not settings.facts_dir.is_dir():
            return {}
        return contact_warnings(e, _evidences(settings.facts_dir, settings.knowledge_dir))

    def source_old(s: dict[str, Any]) -> dict[str, str]:
        e = live().get(str(s.get("id", "")))
        return old(e) if e is not None else {}

    return {
        "date_note": note,
        "source_date_note": source_note,
        "old_contact": old,
        "source_old_contact": source_old,
    }


def _page(
    request: Request,
    settings: Settings,
    ui: Ui,
    template: str,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    texts = ui.texts
    common = {
        "t": texts.t,
        "texts": texts,
        "lang": ui.lang,
        "dir": texts.dir,
        "languages": [
            {**link, "name": load_translations(settings.web_dir / "i18n")[link["code"]].name}
            for link in _lang_links(request)
        ],
        "feedback_enabled": settings.feedback_enabled,
        "today": settings.current_date(),
        "max_message_chars": settings.max_message_chars,
        "entry_status": lambda e: _entry_status(texts, e, settings.current_date()),
        "source_status": lambda s: _source_status(texts, s),
        "render_answer": lambda text, anchor: render.answer_html(text, anchor, texts.t("chat.cite", n="{n}")),
        **render.german_markup(ui.lang),
        "entry_text": EntryText(
            translations.load(settings.knowledge_dir), ui.lang, texts.t("card.german_only")
        ),
        **_freshness(request, settings, ui.lang),
    }
    response = _templates(settings.web_dir / "templates").TemplateResponse(
        request, template, {**common, **context}, status_code=status_code
    )
    if ui.from_query:
        response.set_cookie(COOKIE, ui.lang, max_age=COOKIE_MAX_AGE, samesite="lax", httponly=True)
    return response


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


# Under /api/ so the per-client rate limit of the API covers it too (see navigator/api/security.py).
FORM_ACTION = "/api/chat/form"


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


@router.get("/angebote", response_class=HTMLResponse)
def catalogue(request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep) -> HTMLResponse:
    """Every offer, filterable by audience, topic, region and kind, and searchable (no JavaScript needed).

    A search that finds nothing shows the results for the closest spelling ("Meinten Sie …").
    """
    query = OfferQuery.from_params(request.query_params)
    offers = find_offers(retriever, query)
    suggestion = suggest(retriever, query.q) if query.q and not offers else None
    if suggestion:
        offers = find_offers(retriever, replace(query, q=suggestion))
    entries = retriever.catalogue().entries
    languages = offered_languages(list(entries.values()))
    return _page(
        request,
        settings,
        ui,
        "catalogue.html",
        page="catalogue",
        query=query,
        offers=offers,
        total=len(entries),
        offered_languages=languages,
        suggestion=suggestion,
        # Detail links carry the filters, so "Zurück" on the detail page returns to this list.
        back_query=_query_suffix(query.params()),
    )


def _query_suffix(params: str) -> str:
    return f"?{params}" if params else ""


@router.get("/angebote/{entry_id}", response_class=HTMLResponse)
def offer(
    entry_id: str, request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep
) -> HTMLResponse:
    """One offer with all its fields, sources and review date; a 404 page for unknown ids."""
    entries = retriever.catalogue().entries
    entry = entries.get(entry_id)
    if entry is None:
        return _page(request, settings, ui, "not_found.html", page="catalogue", status_code=404)
    related = {i: entries[i] for i in [*entry.successors, *entry.offices] if i in entries}
    advice_cards = {i: contact_card(entries[i]) for i in entry.offices if i in entries}
    back = _query_suffix(OfferQuery.from_params(request.query_params).params())
    return _page(
        request,
        settings,
        ui,
        "entry.html",
        page="catalogue",
        entry=entry,
        related=related,
        advice_cards=advice_cards,
        back_query=back,
    )


@router.get("/neu", response_class=HTMLResponse)
def news(request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep) -> HTMLResponse:
    """What started, changed or ended in the last 90 days, and what ends soon (from the entries' dates)."""
    items = whats_new(retriever.catalogue().entries.values(), settings.current_date())
    return _page(request, settings, ui, "news.html", page="news", items=items)


@router.get("/datenschutz", response_class=HTMLResponse)
def privacy(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """What the navigator stores and what it does not, stated from the running configuration."""
    return _page(
        request,
        settings,
        ui,
        "privacy.html",
        page="privacy",
        model_kind=legal.model_kind(settings),
        operator=legal.operator(settings),
        processing=legal.question_processing(settings),
    )


@router.get("/impressum", response_class=HTMLResponse)
def imprint(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The legal notice (Impressum) of the operator from `NAVIGATOR_OPERATOR_*`."""
    return _page(request, settings, ui, "imprint.html", page="legal", operator=legal.operator(settings))


@router.get("/barrierefreiheit", response_class=HTMLResponse)
def accessibility(request: Request, settings: SettingsDep, ui: UiDep) -> HTMLResponse:
    """The accessibility statement (Erklärung zur Barrierefreiheit) with the feedback contact."""
    return _page(request, settings, ui, "accessibility.html", page="legal", operator=legal.operator(settings))


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
