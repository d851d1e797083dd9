"""The coverage report shows gaps, stale reviews, ended offers with successors and bare entries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from navigator.coverage import MISSING, render_report
from navigator.knowledge import Entry

TODAY = dt.date(2026, 11, 26)


def make(entry_id: str, **fields: Any) -> Entry:
    values: dict[str, Any] = {
        "id": entry_id,
        "kind": "office",
        "title": f"Titel {entry_id}",
        "organisation": "Organisation",
        "summary": "Eine kurze Zusammenfassung.",
        "audiences": ["kmu"],
        "topics": ["beratung"],
        "regions": ["hagen"],
        "url": "https://example.org/",
        "contact": {"phone": "02331 0"},
        "sources": ["https://example.org/quelle"],
        "reviewed": TODAY,
    }
    values.update(fields)
    return Entry.model_validate(values)


def section(report: str, number: int) -> str:
    start = report.index(f"## {number}.")
    end = report.find(f"## {number + 1}.", start)
    return report[start:] if end == -1 else report[start:end]


def row(report: str, label: str, number: int = 1) -> str:
    return next(line for line in section(report, number).splitlines() if line.startswith(f"| {label} |"))


def test_office_matrix_marks_gaps_per_region():
    report = render_report([make("ags-hagen")], TODAY)
    assert row(report, "Unternehmen (KMU)") == f"| Unternehmen (KMU) | 1 | {MISSING} | {MISSING} |"
    assert row(report, "Arbeitsuchende") == f"| Arbeitsuchende | {MISSING} | {MISSING} | {MISSING} |"
    assert row(report, "Beratung", 2) == f"| Beratung | 1 | {MISSING} | {MISSING} |"


def test_matrix_counts_only_current_offices_and_expands_alle():
    entries = [
        make("kreisweit", regions=["alle"]),
        make("geschlossen", valid_until=dt.date(2021, 12, 31)),
        make("programm", kind="programme", regions=["alle"]),
    ]
    report = render_report(entries, TODAY)
    assert row(report, "Unternehmen (KMU)") == "| Unternehmen (KMU) | 1 | 1 | 1 |"
    assert row(report, "Beratung", 2) == "| Beratung | 2 | 2 | 2 |"


def test_stale_entry_is_listed_and_fresh_one_is_not():
    entries = [make("alt", reviewed=dt.date(2025, 11, 25)), make("frisch", reviewed=dt.date(2025, 11, 26))]
    stale = section(render_report(entries, TODAY), 3)
    assert "`alt`" in stale
    assert "25.11.2025" in stale
    assert "`frisch`" not in stale


def test_ended_programme_shows_end_date_and_successor_title():
    entries = [
        make(
            "bildungsscheck-alt",
            kind="programme",
            valid_until=dt.date(2024, 6, 30),
            successors=["bildungsscheck-2-0"],
        ),
        make("bildungsscheck-2-0", kind="programme", title="Bildungsscheck NRW 2.0"),
        make("ohne-nachfolger", valid_until=dt.date(2023, 7, 25)),
    ]
    ended = section(render_report(entries, TODAY), 4)
    line = next(x for x in ended.splitlines() if "`bildungsscheck-alt`" in x)
    assert "Förderprogramm" in line
    assert "30.06.2024" in line
    assert "Bildungsscheck NRW 2.0 (`bildungsscheck-2-0`)" in line
    assert "keiner eingetragen" in next(x for x in ended.splitlines() if "`ohne-nachfolger`" in x)
    assert not any(x.startswith("- Bildungsscheck NRW 2.0") for x in ended.splitlines())


def test_past_event_is_listed_as_past():
    event = make("jobday-2025", kind="event", starts=dt.date(2025, 7, 9))
    ended = section(render_report([event], TODAY), 4)
    assert "vergangen am 09.07.2025" in ended


def test_entries_without_contact_and_summary():
    entries = [make("mit-telefon"), make("nur-url", contact={}, kind="training")]
    report = render_report(entries, TODAY)
    bare = section(report, 5)
    assert "`nur-url`" in bare
    assert "https://example.org/" in bare
    assert "`mit-telefon`" not in bare
    assert "**2 Einträge:** 1 × Beratungsstelle, 0 × Förderprogramm, 1 × Weiterbildung" in report
    assert report.endswith("davon 0 beendet oder vergangen.\n")


def test_empty_knowledge_base_renders():
    report = render_report([], TODAY)
    assert "Lücken: 24 von 24 Feldern." in report
    assert section(report, 3).count("Keine.") == 1


def test_offices_that_are_not_on_site_are_not_counted():
    report = render_report([make("netzwerk-nrw", on_site=False), make("vor-ort")], TODAY)
    assert row(report, "Unternehmen (KMU)") == f"| Unternehmen (KMU) | 1 | {MISSING} | {MISSING} |"


def test_a_recommendation_is_not_printed_as_a_successor():
    ended = make(
        "alt",
        kind="programme",
        valid_until=dt.date(2023, 12, 31),
        recommended=["neu"],
        offices=["stelle"],
    )
    line = next(
        x for x in section(render_report([ended, make("neu")], TODAY), 4).splitlines() if "`alt`" in x
    )
    assert "kein amtlicher Nachfolger; empfohlen: Titel neu (`neu`)" in line and "Nachfolger:" not in line
