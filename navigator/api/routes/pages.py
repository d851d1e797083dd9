"""What every HTML page shares: the UI language, the templates and the context they all get (`_page`).

The routes live in modules named for what they serve: `chat_page` (the chat, its no-JS form post and
the widget), `catalogue` (the offer list and detail pages), `news` (`/neu`), `legal` (privacy,
imprint, accessibility), `check` (the Förder-Check form), `keep` and `request`.

All pages are server-rendered Jinja2 templates from `web/templates`; scripts and styles are static files
under `/static` (no inline script or style), so a strict `script-src 'self'` CSP works. The UI language
comes from `?lang=` (remembered in a `lang` cookie), the cookie, or Accept-Language (see `web/i18n.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from navigator import __version__, translations, vocab
from navigator.api.deps import SettingsDep
from navigator.errors import NavigatorError
from navigator.knowledge import Entry, text_in
from navigator.knowledge.provenance import Evidences, contact_warnings, load_evidences
from navigator.settings import Settings
from navigator.status import DateNote, date_note
from navigator.web import render
from navigator.web.content import EntryText
from navigator.web.i18n import UI_LANGUAGES, Texts, choose_language, load_translations

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


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
