"""GET /merkliste: the entries of a Merkliste or a share link, by id; nothing is stored on the server.

The list itself lives in the browser (localStorage, static/js/keep.js), which hands its ids to this
page. A share link carries only entry ids and filters (region, audience), never a question.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from navigator import vocab
from navigator.api.deps import RetrieverDep, SettingsDep
from navigator.api.routes.pages import UiDep, _page

router = APIRouter(include_in_schema=False)
MAX_KEPT = 50


@router.get("/merkliste", response_class=HTMLResponse)
def watchlist(request: Request, settings: SettingsDep, ui: UiDep, retriever: RetrieverDep) -> HTMLResponse:
    entries = retriever.catalogue().entries
    ids = [i for i in dict.fromkeys(request.query_params.get("ids", "").split(",")) if i in entries][
        :MAX_KEPT
    ]
    params = request.query_params
    filters = [
        (name, value)
        for name, allowed in (("region", vocab.REGIONS), ("audience", vocab.AUDIENCES))
        for value in params.getlist(name)
        if value in allowed
    ]
    share = f"{str(request.base_url).rstrip('/')}/merkliste?{urlencode([('ids', ','.join(ids)), *filters])}"
    return _page(
        request,
        settings,
        ui,
        "keep.html",
        page="keep",
        entries=[entries[i] for i in ids],
        share_url=share,
        back_query="",
    )
