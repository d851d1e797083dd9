"""Date-aware text: "endet am 31.12.2026 (in 24 Tagen)", ended by itself, and whom to ask next."""

from __future__ import annotations

import datetime as dt

from navigator.knowledge.status import date_note, relative_days
from tests.test_coverage import make

TODAY = dt.date(2026, 12, 7)


def programme(**fields: object):
    values: dict[str, object] = {"kind": "programme", "valid_until": dt.date(2026, 12, 31)}
    values.update(fields)
    return make("zuschuss", **values)


def test_an_offer_ending_soon_says_when_relative_to_today():
    note = date_note(programme(successors=["nachfolger"]), TODAY)
    assert note.date_text == "endet am 31.12.2026 (in 24 Tagen)"
    assert note.ending_soon and note.status == "current" and note.successor_text == ""


def test_the_offer_ends_by_itself_once_the_date_has_passed():
    entry = programme(successors=["nachfolger"])
    assert date_note(entry, dt.date(2026, 12, 31)).date_text == "endet am 31.12.2026 (heute)"
    after = date_note(entry, dt.date(2027, 1, 3))
    assert after.status == "ended" and entry.status(dt.date(2027, 1, 1)) == "ended"
    assert after.date_text == "endete am 31.12.2026 (vor 3 Tagen)"


def test_without_a_successor_the_note_names_the_office_that_will_know():
    office = make("regionalagentur", title="Regionalagentur Märkische Region")
    entry = programme(offices=["regionalagentur"])
    note = date_note(entry, TODAY, {"regionalagentur": office, "zuschuss": entry})
    assert (
        note.successor_text == "Nachfolge noch nicht bekannt – fragen Sie Regionalagentur Märkische Region."
    )
    # No office listed: the organisation that runs the offer.
    assert "fragen Sie Organisation" in date_note(programme(), TODAY).successor_text


def test_far_ends_open_ended_offers_and_events_say_no_end_text():
    assert date_note(programme(valid_until=dt.date(2027, 6, 30)), TODAY).successor_text == ""
    assert date_note(make("stelle"), TODAY).date_text == ""
    event = make("messe", kind="event", starts=dt.date(2027, 3, 1))
    assert date_note(event, TODAY).date_text == ""
    past = date_note(make("messe", kind="event", starts=dt.date(2026, 9, 23)), TODAY)
    assert past.date_text == "fand am 23.09.2026 statt (vor 75 Tagen)"


def test_upcoming_offers_and_other_languages():
    upcoming = date_note(programme(valid_from=dt.date(2027, 1, 1), valid_until=None), TODAY)
    assert upcoming.date_text == "beginnt am 01.01.2027 (in 25 Tagen)"
    assert date_note(programme(), TODAY, lang="en").date_text == "ends on 31.12.2026 (in 24 days)"
    assert date_note(programme(), TODAY, lang="xx").date_text.startswith("endet am")
    assert [relative_days(n) for n in (1, -1, -2)] == ["morgen", "gestern", "vor 2 Tagen"]


def test_an_ended_entry_points_to_its_successors_then_to_recommended_offers():
    entry = programme(valid_until=dt.date(2023, 12, 31), successors=["neu"], recommended=["tipp", "neu"])
    assert entry.next_offers() == ["neu", "tipp"]
