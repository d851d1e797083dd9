"""One catalogue per live collection, one snapshot per request, derived indexes built once."""

from __future__ import annotations

import datetime as dt

import ingest
from navigator.retrieval.catalogue import Snapshot
from navigator.services import Services


def test_a_snapshot_carries_indexes_built_once_per_catalogue(built_settings):
    source = Services(built_settings).catalogue()
    first, second = source.snapshot(), source.snapshot()
    assert first.catalogue is second.catalogue  # one load per live collection, not per request
    assert first.contacts is second.contacts and first.ended_names is second.ended_names
    assert "https://www.iq-nrw.de/" in first.contacts.urls
    assert "potentialberatung" in first.ended_names  # ended by the suite's day
    assert first.rare_title_words["potentialberatung"]


def test_indexes_that_depend_on_the_day_are_built_per_day(built_settings):
    catalogue = Services(built_settings).catalogue().catalogue()
    before = Snapshot(catalogue, dt.date(2023, 6, 1))  # Potentialberatung still ran then
    after = Snapshot(catalogue, dt.date(2026, 11, 26))
    assert "potentialberatung" not in before.ended_names and "potentialberatung" in after.ended_names
    builds = []
    after.derived("probe", lambda s: builds.append(s.today) or len(builds))
    assert after.derived("probe", lambda s: 99) == 1 and builds == [after.today]


def test_ingest_switching_the_index_gives_a_new_catalogue(settings):
    ingest.run(settings)
    source = Services(settings).catalogue()
    old = source.snapshot()
    ingest.run(settings, rebuild=True)
    new = source.snapshot()
    assert new.name != old.name and new.catalogue is not old.catalogue
    assert old.entries.keys() == new.entries.keys()  # the old snapshot stays whole for its request


def test_an_ended_entry_is_found_by_its_translated_title(settings, kb):
    with (kb / "_i18n" / "ru.yaml").open("w", encoding="utf-8") as f:
        f.write(
            "potentialberatung:\n  title: Консультация по потенциалу NRW\n  summary: Бывшая программа.\n"
            "  source_hash: 000000000000\n  translated: 2026-12-07\n"
        )
    ingest.run(settings)
    retriever = Services(settings).retriever()
    found = retriever.named_ended("Можно ли ещё получить консультацию по потенциалу NRW?")
    assert [e.id for e in found] == ["potentialberatung"]
    assert retriever.named_ended("Где получить консультацию по кредиту в NRW?") == []
