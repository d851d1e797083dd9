"""The cached catalogue prompt: one line per current entry, a short question turn, mapped citations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from navigator.answer.catalogue import (
    CitationMapper,
    build_prefix,
    current_entries,
    messages,
    numbering,
    prefix_for,
    whole_sentences,
)
from navigator.answer.retrieve import source_card
from navigator.prompts import load_prompts
from navigator.retrieval.catalogue import Snapshot
from navigator.services import build_retriever
from navigator.types import Source


@pytest.fixture(scope="module")
def snapshot(built_settings) -> Snapshot:
    return build_retriever(built_settings).snapshot()


@pytest.fixture(scope="module")
def prompts(built_settings):
    return load_prompts(built_settings.prompts_dir)


def source(snapshot: Snapshot, entry_id: str, n: int) -> Source:
    e = snapshot.entries[entry_id]
    return source_card(e, n, e.summary, snapshot)


def test_the_prefix_lists_every_current_entry_once_and_no_ended_one(snapshot, prompts):
    prefix = build_prefix(snapshot, prompts)
    system = prefix.messages[0].content
    current = current_entries(snapshot)

    assert sorted(prefix.numbers) == sorted(e.id for e in current)
    for entry in current:
        assert f"\n{prefix.numbers[entry.id]}. " in system
    assert "potentialberatung" not in prefix.numbers  # ended 31.12.2023
    assert "Potentialberatung" not in system


def test_the_prefix_states_dates_not_day_counts(snapshot, prompts):
    """The prefix is cached across days, so it says "bis 31.12.2026", never "noch 35 Tage"."""
    system = build_prefix(snapshot, prompts).messages[0].content
    assert "Tage" not in system and "Tagen" not in system


def test_the_worked_example_cites_real_catalogue_numbers(snapshot, prompts):
    prefix = build_prefix(snapshot, prompts)
    example = prefix.messages[2].content
    assert f"[{prefix.numbers['bildungsgutschein']}]" in example
    assert f"[{prefix.numbers['agentur-fuer-arbeit-hagen']}]" in example


def test_the_digest_changes_with_the_catalogue_and_the_day(snapshot, prompts):
    prefix = build_prefix(snapshot, prompts)
    fewer = dict(snapshot.entries)
    del fewer["berufssprachkurse"]
    other_catalogue = replace(snapshot.catalogue, entries=fewer, _derived={})
    assert build_prefix(Snapshot(other_catalogue, snapshot.today), prompts).digest != prefix.digest
    # The day the Bildungsscheck 2.0 would have ended: its line says so.
    later = Snapshot(snapshot.catalogue, dt.date(2031, 1, 1))
    assert build_prefix(later, prompts).digest != prefix.digest
    assert build_prefix(snapshot, prompts).digest == prefix.digest  # and it is deterministic


def test_the_question_turn_has_only_the_hits_numbers_and_notable_statuses(snapshot, prompts):
    prefix = prefix_for(snapshot, prompts)
    hits = [
        source(snapshot, "potentialberatung", 1),  # ended: outside the prefix, named with its status
        source(snapshot, "inqa-coaching", 2),
        source(snapshot, "bildungsgutschein", 3),
    ]
    prompt = messages(
        prefix, hits, snapshot, prompts, question="Gibt es die Potentialberatung noch?", lang="de"
    )
    turn = prompt[-1].content

    assert prompt[: len(prefix.messages)] == list(prefix.messages)  # the cached prefix, unchanged
    inqa, gutschein = prefix.numbers["inqa-coaching"], prefix.numbers["bildungsgutschein"]
    ended = len(prefix.numbers) + 1
    assert f"[{ended}] Potentialberatung NRW (Potentialberatung NRW ist seit 31.12.2023 beendet." in turn
    assert f"[{inqa}]" in turn and f"[{gutschein}]" in turn
    assert "Bildungsgutschein" not in turn  # a current, open entry is known by its number alone
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", turn)}
    assert cited == {ended, inqa, gutschein}
    assert len(turn) < 400  # a few dozen tokens


def test_the_question_turn_names_a_non_german_answer_language(snapshot, prompts):
    prefix = prefix_for(snapshot, prompts)
    hits = [source(snapshot, "bildungsgutschein", 1)]
    turn = messages(prefix, hits, snapshot, prompts, question="Who pays?", lang="en")[-1].content
    assert turn.endswith(". Answer in English.")


def test_only_retrieved_entries_become_citations(snapshot, prompts):
    prefix = prefix_for(snapshot, prompts)
    hits = [source(snapshot, "inqa-coaching", 1), source(snapshot, "bildungsgutschein", 2)]
    mapping = numbering(prefix, hits)
    inqa, gutschein = prefix.numbers["inqa-coaching"], prefix.numbers["bildungsgutschein"]
    unretrieved = prefix.numbers["berufssprachkurse"]
    mapper = CitationMapper(mapping)

    text = mapper.map(f"Das INQA-Coaching [{inqa}] hilft, ebenso [{unretrieved}] und [{gutschein}].")

    assert text == "Das INQA-Coaching [1] hilft, ebenso und [2]."


@pytest.mark.parametrize(
    "pieces",
    [
        ["Siehe [", "12", "] und [", "7]."],
        ["Siehe [1", "2] und [7", "]."],
        ["Siehe [12] und [7]."],
    ],
)
def test_citations_split_over_tokens_are_mapped(pieces):
    mapper = CitationMapper({12: 1, 7: 2})
    out = "".join(mapper.feed(p) for p in pieces) + mapper.flush()
    assert out == "Siehe [1] und [2]."


def test_a_bracket_that_is_no_citation_passes_through():
    mapper = CitationMapper({12: 1})
    out = "".join(mapper.feed(p) for p in ["Kosten [", "ca. 50 %] [12]"]) + mapper.flush()
    assert out == "Kosten [ca. 50 %] [1]"


def test_a_lead_cut_off_by_the_token_budget_ends_at_its_last_full_sentence():
    assert whole_sentences("Das IQ hilft [2]. Auch die Agentur [1] berät bei") == "Das IQ hilft [2]."
    assert whole_sentences("Fragen Sie die Agentur. [1] Sie hilft") == "Fragen Sie die Agentur. [1]"
    assert whole_sentences("Kein Satzende") == "Kein Satzende"
