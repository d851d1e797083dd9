"""Date-aware cards, old-contact notes and the "Was ist neu" page, over a real (hash-embedded) index."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from navigator.api.app import create_app
from tests.conftest import make_settings

ENDING = """---
id: ki-zuschuss
kind: programme
title: KI-Zuschuss für Betriebe
organisation: Land NRW
summary: Zuschuss für erste KI-Projekte in kleinen Betrieben der Region.
audiences: [kmu]
topics: [ki, foerderung]
regions: [alle]
scope: nrw
url: https://example.org/ki-zuschuss
valid_until: 2026-12-31
offices: [kompetenzzentrum-frau-und-beruf]
sources: [https://example.org/ki-zuschuss]
reviewed: 2026-11-26
changes:
  - date: 2026-11-01
    text: Anträge seit November nur noch online.
---
## Worum geht es?
Ein Zuschuss für KI-Projekte.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    import shutil

    import ingest
    from tests.conftest import FIXTURE_KB

    root = tmp_path_factory.mktemp("news")
    kb = root / "knowledge"
    shutil.copytree(FIXTURE_KB, kb)
    (kb / "ki-zuschuss.md").write_text(ENDING, encoding="utf-8")
    settings = make_settings(root / "data", kb, today=dt.date(2026, 12, 7))
    ingest.run(settings)
    with TestClient(create_app(settings)) as c:
        yield c


def test_cards_say_when_an_offer_ends_and_whom_to_ask(client: TestClient):
    page = client.get("/angebote/ki-zuschuss").text
    assert "läuft nur noch bis 31.12.2026 (noch 24 Tage)" in page
    assert "Nachfolge ist noch nicht bekannt – fragen Sie bei Kompetenzzentrum Frau und Beruf" in page
    catalogue = client.get("/angebote?q=KI-Zuschuss").text
    assert "läuft nur noch bis 31.12.2026 (noch 24 Tage)" in catalogue


def test_an_ended_offer_says_since_when_in_one_notice(client: TestClient):
    page = client.get("/angebote/potentialberatung").text
    notices = re.findall(r'<p class="notice notice-(\w+)" role="note">(.*?)</p>', page, re.S)
    assert [kind for kind, _ in notices] == ["ended"]
    assert "ist seit 31.12.2023 beendet" in notices[0][1]


def test_contact_data_from_an_old_source_is_marked(client: TestClient):
    page = client.get("/angebote/agentur-fuer-arbeit-hagen").text
    assert "Angabe von 2021 – bitte vor dem Besuch prüfen" in page  # 0800 4 5555 00: sources 2021 or older


def test_was_ist_neu_lists_what_ends_soon_and_recent_changes(client: TestClient):
    response = client.get("/neu")
    assert response.status_code == 200
    html = response.text
    assert 'data-news="ending"' in html and "KI-Zuschuss für Betriebe" in html
    assert "01.11.2026 (vor 36 Tagen): Anträge seit November nur noch online." in html
    assert html.index('data-news="ending"') < html.index('data-news="changed"')
    assert 'href="/neu"' in client.get("/").text  # linked from the main navigation
    assert "What&#39;s new" in client.get("/neu?lang=en").text  # escaped apostrophe


def test_was_ist_neu_says_so_when_nothing_changed(tmp_path: Path):
    import ingest
    from tests.conftest import FIXTURE_KB

    settings = make_settings(tmp_path / "data", FIXTURE_KB, today=dt.date(2030, 1, 1))
    ingest.run(settings)
    with TestClient(create_app(settings)) as c:
        assert "In den letzten 90 Tagen hat sich nichts geändert." in c.get("/neu").text
