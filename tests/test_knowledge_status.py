"""The cards' status note: the answer's status sentence, ended by itself, and whom to ask next."""

from __future__ import annotations

import datetime as dt

from navigator.status import date_note, status_fact
from navigator.text import relative_days
from tests.test_coverage import make

TODAY = dt.date(2026, 12, 7)


def programme(**fields: object):
    values: dict[str, object] = {"kind": "programme", "valid_until": dt.date(2026, 12, 31)}
    values.update(fields)
    return make("zuschuss", **values)


def test_an_offer_ending_soon_counts_the_days_left():
    note = date_note(programme(successors=["nachfolger"]), TODAY)
    assert note.date_text == "Titel zuschuss läuft nur noch bis 31.12.2026 (noch 24 Tage)."
    assert note.ending_soon and note.status == "current" and note.successor_text == ""


def test_the_offer_ends_by_itself_once_the_date_has_passed():
    entry = programme(successors=["nachfolger"])
    successor = make("nachfolger", kind="programme", title="Neuer Zuschuss (ab 2027)")
    entries = {"zuschuss": entry, "nachfolger": successor}
    assert (
        date_note(entry, dt.date(2026, 12, 31)).date_text
        == "Titel zuschuss läuft nur noch heute (31.12.2026)."
    )
    after = date_note(entry, dt.date(2027, 1, 3), entries)
    assert after.status == "ended" and entry.status(dt.date(2027, 1, 1)) == "ended"
    assert after.date_text == "Titel zuschuss ist seit 31.12.2026 beendet."
    assert after.successor_text == "Stattdessen: Neuer Zuschuss."


def test_without_a_successor_the_note_names_the_office_that_will_know():
    office = make("regionalagentur", title="Regionalagentur Märkische Region")
    entry = programme(offices=["regionalagentur"])
    note = date_note(entry, TODAY, {"regionalagentur": office, "zuschuss": entry})
    assert note.successor_text == (
        "Eine Nachfolge ist noch nicht bekannt – fragen Sie bei Regionalagentur Märkische Region nach."
    )
    # No office listed: the organisation that runs the offer.
    assert "fragen Sie bei Organisation nach" in date_note(programme(), TODAY).successor_text


def test_far_ends_open_ended_offers_and_events():
    far = date_note(programme(valid_until=dt.date(2027, 6, 30)), TODAY)
    assert far.date_text.startswith("Titel zuschuss ist derzeit offen, vorgesehen bis 30.06.2027")
    assert far.successor_text == "" and not far.ending_soon
    assert date_note(make("stelle"), TODAY).date_text == ""
    event = make("messe", kind="event", starts=dt.date(2027, 3, 1))
    assert date_note(event, TODAY).date_text == ""  # an upcoming event shows its own date
    past = date_note(make("messe", kind="event", starts=dt.date(2026, 9, 23)), TODAY)
    assert past.date_text == "Titel messe hat am 23.09.2026 stattgefunden und ist vorbei."
    assert past.successor_text == ""


def test_upcoming_offers_and_other_languages():
    upcoming = date_note(programme(valid_from=dt.date(2027, 1, 1), valid_until=None), TODAY)
    assert upcoming.date_text == "Titel zuschuss startet am 01.01.2027 (in 25 Tagen)."
    english = date_note(programme(), TODAY, lang="en").date_text
    assert english == "Titel zuschuss runs only until 31.12.2026 (24 days left)."
    assert "31.12.2026" in date_note(programme(), TODAY, lang="tr").date_text
    assert "24 gün kaldı" in date_note(programme(), TODAY, lang="tr").date_text
    assert date_note(programme(), TODAY, lang="xx").date_text.startswith("Titel zuschuss läuft nur noch")
    assert [relative_days(n) for n in (0, 1, -1, -2, 3)] == [
        "heute",
        "morgen",
        "gestern",
        "vor 2 Tagen",
        "in 3 Tagen",
    ]


def test_the_card_says_what_the_answer_says():
    office = make("regionalagentur", title="Regionalagentur Märkische Region")
    entry = programme(valid_until=dt.date(2025, 6, 30), offices=["regionalagentur"])
    entries = {"regionalagentur": office, "zuschuss": entry}
    for lang in ("de", "en", "ar"):
        note = date_note(entry, TODAY, entries, lang)
        fact = status_fact(entry, lang, TODAY, {i: e.title for i, e in entries.items()})
        assert f"{note.date_text} {note.successor_text}" == fact.sentence


def test_an_ended_entry_points_to_its_successors_then_to_recommended_offers():
    entry = programme(valid_until=dt.date(2023, 12, 31), successors=["neu"], recommended=["tipp", "neu"])
    assert entry.next_offers() == ["neu", "tipp"]
