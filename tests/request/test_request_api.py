"""POST /api/request, the /anfrage page (with and without JavaScript), /merkliste, and the privacy rule."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from tests.conftest import make_settings
from tests.handoff.conftest import KNOWLEDGE

MARKER = "Zebrafinkenzucht-Quarkstrudel-4711"


@pytest.fixture(scope="module")
def client(handoff_settings) -> Iterator[TestClient]:
    with TestClient(create_app(handoff_settings)) as c:
        yield c


def test_api_returns_the_prepared_request(client) -> None:
    r = client.post(
        "/api/request",
        json={
            "question": "Wie komme ich an den Bildungsurlaub?",
            "language": "en",
            "ids": ["bildungsurlaub-nrw"],
        },
    )
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"subject", "text_de", "text", "language", "office", "mailto", "body"}
    assert (
        body["language"] == "en" and "„\u2068Wie komme ich an den Bildungsurlaub?\u2069“" in body["text_de"]
    )
    assert body["text"].startswith("Hello")
    assert parse_qs(urlsplit(body["mailto"]).query)["subject"] == [body["subject"]]


@pytest.mark.parametrize(
    "payload",
    [{"question": "x" * 2001}, {"ids": ["a"] * 9}, {"settled": ["y" * 401]}, {"unknown": 1}],
)
def test_bad_input_is_a_clear_422(client, payload) -> None:
    r = client.post("/api/request", json=payload)
    assert r.status_code == 422 and r.json()["detail"]


def test_the_form_posts_and_gets_the_page_with_the_request(client) -> None:
    r = client.post(
        "/anfrage?lang=de",
        data={"question": "Ich will mich beraten lassen", "ids": "bildungsurlaub-nrw", "town": "Hemer"},
    )
    assert r.status_code == 200
    assert "Ihre Anfrage ist fertig." in r.text and 'href="mailto:' in r.text
    assert "„\u2068Ich will mich beraten lassen\u2069“" in r.text and "Wohnort/Standort: Hemer" in r.text
    assert 'name="question"' in r.text  # the same form, filled, to change and post again


def test_an_answer_without_javascript_offers_the_request_form(client) -> None:
    r = client.post(
        "/api/chat/form?lang=de", data={"message": "Wer hilft bei der Anerkennung meines Abschlusses?"}
    )
    assert r.status_code == 200
    assert 'action="/anfrage?lang=de"' in r.text and 'name="ids" value="' in r.text


def test_the_watchlist_shows_entries_by_id_and_shares_only_ids_and_filters(client) -> None:
    r = client.get("/merkliste?ids=bildungsurlaub-nrw,gibt-es-nicht,avgs&region=hagen&q=geheim")
    assert r.status_code == 200
    assert "/angebote/bildungsurlaub-nrw" in r.text and "/angebote/avgs" in r.text
    share = r.text.split("data-share", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]
    query = parse_qs(urlsplit(share.replace("&amp;", "&")).query)
    assert query == {"ids": ["bildungsurlaub-nrw,avgs"], "region": ["hagen"]}


def test_a_programme_page_shows_where_to_get_advice(client) -> None:
    r = client.get("/angebote/bildungsgutschein")
    assert r.status_code == 200 and "advice-office" in r.text and "0800 4 5555 00" in r.text
    assert "/anfrage?ids=bildungsgutschein" in r.text


def test_no_part_of_a_request_reaches_the_logs_or_the_data_directory(tmp_path, caplog) -> None:
    settings = make_settings(tmp_path / "data", KNOWLEDGE, log_level="DEBUG", log_text=True)
    import ingest

    ingest.run(settings)
    caplog.set_level(logging.DEBUG)
    with TestClient(create_app(settings)) as c:
        words = {"question": f"Meine Frage {MARKER}", "town": f"Ort{MARKER}", "settled": [f"fakt {MARKER}"]}
        assert c.post("/api/request", json={**words, "ids": ["bildungsurlaub-nrw"]}).status_code == 200
        form = {**words, "ids": "bildungsurlaub-nrw", "open": f"offen {MARKER}"}
        assert MARKER in c.post("/anfrage", data=form).text
    assert MARKER not in caplog.text
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path


def test_json_programme_cards_carry_advice_with_contacts(client) -> None:
    body = client.post(
        "/api/chat", json={"message": "Wer bezahlt meine Weiterbildung? Bildungsgutschein"}
    ).json()
    programmes = [s for s in body["sources"] if s["kind"] == "programme"]
    assert programmes and all(s["advice"] for s in programmes)
    office = programmes[0]["advice"][0]
    assert set(office) >= {"id", "title", "url"} and office["id"].startswith(("agentur", "jobcenter"))
