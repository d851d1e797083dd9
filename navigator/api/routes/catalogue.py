"""The offer catalogue as HTML: the list at `/angebote` and one detail page per offer.

Both work without JavaScript: the filters are a GET form, and a detail page's "Zurück" link carries
the list's filters back.
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from navigator.api.deps import RetrieverDep, SettingsDep
from navigator.api.routes.pages import UiDep, _page
from navigator.handoff.offices import contact_card
from navigator.web.offers import OfferQuery, find_offers, offered_languages, suggest

router = APIRouter(include_in_schema=False)


def _query_suffix(params: str) -> str:
    return f"?{params}" if params else ""


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
