"""The review queue: what ends soon (and what points to it) first, then passed changes, old contacts,
overdue reviews, missing events and broken links."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from navigator.cli import app
from navigator.knowledge.links import LinkResult, save_cache
from navigator.knowledge.provenance import Evidence, Found
from navigator.knowledge.review import BrokenLink, add_months, build_queue, review_interval
from navigator.settings import get_settings
from tests.test_coverage import make

TODAY = dt.date(2026, 12, 7)
runner = CliRunner()


def by_id(*entries):
    return {e.id: e for e in entries}


def test_ending_offers_and_everything_pointing_to_them_come_first():
    entries = by_id(
        make("zentrum", kind="programme", valid_until=dt.date(2026, 12, 31), title="Zukunftszentrum KI"),
        make("alt", kind="programme", valid_until=dt.date(2026, 11, 30), successors=["zentrum"]),
        make("verweis", offices=["zentrum"]),
        make("text", body="Fragen Sie das Zukunftszentrum KI nach einem Termin."),
        make("spaeter", kind="programme", valid_until=dt.date(2027, 6, 30)),
        make("ueberfaellig", reviewed=dt.date(2026, 1, 5)),
    )
    queue = build_queue(entries, TODAY)
    top = [(i.reason, i.entry_id) for i in queue[:4]]
    assert top == [
        ("ending", "alt"),  # ended a week ago: its pointers go stale now
        ("ending", "zentrum"),
        ("points_to_ending", "text"),
        ("points_to_ending", "verweis"),
    ]
    assert "läuft nur noch bis 31.12.2026 (noch 24 Tage)" in queue[1].detail
    assert "Nachfolge ist noch nicht bekannt" in queue[1].detail
    assert ("overdue", "ueberfaellig") in [(i.reason, i.entry_id) for i in queue]
    assert "spaeter" not in [i.entry_id for i in queue if i.reason != "no_event"]


def test_a_passed_change_is_flagged_until_the_entry_is_reviewed_after_it():
    change = [{"date": dt.date(2026, 7, 1), "text": "Bürgergeld heißt Grundsicherungsgeld"}]
    old = make("jobcenter", changes=change, reviewed=dt.date(2026, 6, 1))
    fresh = make("jobcenter2", changes=change, reviewed=dt.date(2026, 11, 26))
    items = [i for i in build_queue(by_id(old, fresh), TODAY) if i.reason == "change_passed"]
    assert [i.entry_id for i in items] == ["jobcenter"]
    assert items[0].detail.startswith("seit 01.07.2026 (vor 159 Tagen): Bürgergeld heißt")


def test_old_contacts_carry_the_year_of_their_source_and_broken_links_come_last():
    entries = by_id(make("agentur"))
    old = [
        Found(
            "agentur",
            "phone",
            "0800 4 5555 00",
            "08004555500",
            "contact.phone",
            Evidence("old", "https://x.example/ (2021)", 2021),
        )
    ]
    broken = [BrokenLink("https://gone.example/", ("agentur",), "HTTP 404")]
    queue = build_queue(entries, TODAY, old, broken)
    reasons = [i.reason for i in queue]
    assert reasons.index("old_contact") < reasons.index("no_event") < reasons.index("broken_link")
    old_item = queue[reasons.index("old_contact")]
    assert "von 2021" in old_item.detail and "https://x.example/" in old_item.detail
    assert queue[-1].detail == "https://gone.example/: HTTP 404"


def test_events_cover_regions_and_audiences():
    event = make("messe", kind="event", starts=dt.date(2027, 3, 1), audiences=["kmu"], regions=["hagen"])
    gaps = {i.title for i in build_queue(by_id(event), TODAY) if i.reason == "no_event"}
    assert "Hagen × Unternehmen (KMU)" not in gaps and "Märkischer Kreis × Unternehmen (KMU)" in gaps


def test_review_intervals():
    assert review_interval(make("stelle")) == 6
    assert review_interval(make("p", kind="programme", valid_until=dt.date(2027, 1, 1))) == 3
    assert review_interval(make("s", review_every=12)) == 12
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


@pytest.fixture
def real_kb(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NAVIGATOR_TODAY", TODAY.isoformat())
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def test_make_review_today_lists_zki_and_bafa_and_their_pointers_at_the_top(real_kb: Path):
    save_cache(
        real_kb,
        [LinkResult("https://gone.example/", 404, entries=["bpw-nrw"], checked="2026-12-07T10:00:00+00:00")],
    )
    result = runner.invoke(app, ["knowledge", "review", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)["items"]
    ending = [i["entry_id"] for i in items if i["reason"] == "ending"]
    assert {"zukunftszentrum-ki-nrw", "bafa-unternehmensberatung"} <= set(ending)
    pointing = [i["entry_id"] for i in items if i["reason"] == "points_to_ending"]
    assert {"potentialberatung", "edih-suedwestfalen"} <= set(pointing)
    first = len(ending) + len(pointing)
    assert all(i["rank"] == 1 for i in items[:first]) and all(i["rank"] > 1 for i in items[first:])
    assert items[-1] == {**items[-1], "reason": "broken_link", "entry_id": "bpw-nrw"}

    text = runner.invoke(app, ["knowledge", "review"]).output
    assert text.splitlines()[4].split()[3] in ("bafa-unternehmensberatung", "zukunftszentrum-ki-nrw")
    page = runner.invoke(app, ["knowledge", "review", "--format", "html"])
    html = (real_kb / "review.html").read_text(encoding="utf-8")
    assert "wrote" in page.output and html.startswith("<!doctype html>") and "zukunftszentrum-ki-nrw" in html
    assert runner.invoke(app, ["knowledge", "review", "--format", "pdf"]).exit_code == 1
