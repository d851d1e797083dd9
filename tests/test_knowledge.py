"""Knowledge files: every validation rule names file, line and field, and all problems come at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from navigator.errors import KnowledgeError
from navigator.knowledge import load_entries, parse_file
from tests.conftest import FIXTURE_KB

GOOD = (FIXTURE_KB / "inqa-coaching.md").read_text(encoding="utf-8")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


def problems_for(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, "entry", text)
    item, problems = parse_file(path, tmp_path)
    assert item is None
    return [str(p) for p in problems]


def test_fixture_corpus_is_valid():
    entries = load_entries(FIXTURE_KB)
    assert len(entries) == 11
    assert {e.entry.kind for e in entries} == {"office", "programme", "training", "event"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("topics: [beratung,", "topics: [beratungg,"), "entry.md:8: topics.0: unknown topic 'beratungg'"),
        (("audiences: [kmu]", "audiences: [firmen]"), "entry.md:7: audiences.0: unknown audience 'firmen'"),
        (("regions: [alle]", "regions: [dortmund]"), "entry.md:9: regions.0: unknown region 'dortmund'"),
        (
            ("url: https://www.inqa.de/coaching", "url: inqa.de coaching"),
            "entry.md:11: url: Input should be a valid URL",
        ),
        (("reviewed: 2026-11-26", "reviewed: 2026-02-30"), "entry.md:14: reviewed:"),
        (("title: INQA-Coaching\n", ""), "entry.md:2: title: required field is missing"),
        (("kind: programme", "kind: programm"), "entry.md:3: kind: unknown kind 'programm'"),
        (
            ("sources: [https://www.inqa.de/coaching]", "sources: []"),
            "entry.md:13: sources: List should have at least 1 item",
        ),
        (("id: inqa-coaching", "id: INQA Coaching"), "entry.md:2: id: String should match pattern"),
    ],
)
def test_each_rule_reports_file_line_and_field(tmp_path, change, expected):
    found = problems_for(tmp_path, GOOD.replace(*change))
    assert any(p.startswith(expected) for p in found), found


def test_unknown_field_is_rejected(tmp_path):
    found = problems_for(tmp_path, GOOD.replace("scope: bund", "scope: bund\nphone: 0123"))
    assert any("phone: Extra inputs are not permitted" in p for p in found), found


def test_yaml_syntax_error_names_the_line(tmp_path):
    found = problems_for(tmp_path, GOOD.replace("topics: [beratung,", "topics: [beratung,: ]["))
    assert found and found[0].startswith("entry.md:8: YAML syntax error"), found


def test_missing_front_matter(tmp_path):
    assert problems_for(tmp_path, "# Nur Text\n") == [
        "entry.md:1: no YAML front matter: start the file with '---'"
    ]


def test_event_needs_start_and_programme_cannot_use_event_dates(tmp_path):
    assert any(
        "an event needs 'starts'" in p
        for p in problems_for(tmp_path, GOOD.replace("kind: programme", "kind: event"))
    )
    found = problems_for(tmp_path, GOOD.replace("scope: bund", "scope: bund\nstarts: 2026-01-01"))
    assert any("uses valid_from/valid_until" in p for p in found), found


def test_eligibility_rules_are_validated(tmp_path):
    text = (FIXTURE_KB / "bildungsscheck-2-0.md").read_text(encoding="utf-8")
    bad = text.replace("field: residence_nrw", "field: wohnort").replace(
        "op: eq\n      value: person", "op: equals\n      value: person"
    )
    found = problems_for(tmp_path, bad)
    assert any(
        p.startswith("entry.md:")
        and "eligibility.criteria.1.field" in p
        and "unknown eligibility field 'wohnort'" in p
        for p in found
    ), found
    assert any("eligibility.criteria.0.op" in p for p in found), found
    no_source = text.replace('      source: {url: "https://www.bielefeld.de/node/28537"}\n', "", 1)
    assert any(
        "eligibility.criteria.0.source: required field is missing" in p
        for p in problems_for(tmp_path, no_source)
    )


def test_eligibility_value_must_fit_the_field_type(tmp_path):
    text = (FIXTURE_KB / "bildungsscheck-2-0.md").read_text(encoding="utf-8")
    found = problems_for(tmp_path, text.replace("value: true", "value: 12"))
    assert any("takes true/false" in p for p in found), found


def test_all_problems_across_files_are_reported_at_once(tmp_path):
    write(tmp_path, "a", GOOD.replace("kind: programme", "kind: programm"))
    write(tmp_path, "b", GOOD.replace("reviewed: 2026-11-26", "reviewed: gestern"))
    write(tmp_path, "c", GOOD)  # same id as a and b would have; a and b are invalid, so no clash
    write(
        tmp_path,
        "d",
        GOOD.replace("successors: []", "").replace("scope: bund", "scope: bund\nsuccessors: [gibt-es-nicht]"),
    )
    with pytest.raises(KnowledgeError) as err:
        load_entries(tmp_path)
    text = str(err.value)
    assert "a.md:3: kind" in text
    assert "b.md:14: reviewed" in text
    assert "duplicate id 'inqa-coaching'" in text  # c and d share an id
    assert "unknown entry id 'gibt-es-nicht'" in text
    assert len(err.value.problems) == 4


def test_status_follows_the_injected_date():
    entries = {i.entry.id: i.entry for i in load_entries(FIXTURE_KB)}
    assert entries["potentialberatung"].status(dt.date(2023, 12, 31)) == "current"
    assert entries["potentialberatung"].status(dt.date(2024, 1, 1)) == "ended"
    assert entries["jobday-2025"].status(dt.date(2025, 7, 8)) == "current"
    assert entries["jobday-2025"].status(dt.date(2025, 7, 9)) == "ended"
    assert entries["bildungsscheck-2-0"].status(dt.date(2026, 1, 15)) == "upcoming"


def test_readme_and_underscore_files_are_not_entries(tmp_path):
    write(tmp_path, "README", "# not an entry")
    write(tmp_path, "_draft", "nothing")
    write(tmp_path, "inqa-coaching", GOOD)
    assert [e.entry.id for e in load_entries(tmp_path)] == ["inqa-coaching"]


def test_recommended_ids_must_exist_and_changes_need_a_date(tmp_path):
    text = GOOD.replace("reviewed:", "recommended: [gibt-es-nicht]\nreviewed:", 1)
    write(tmp_path, "entry", text)
    with pytest.raises(KnowledgeError) as err:
        load_entries(tmp_path)
    assert "recommended: unknown entry id 'gibt-es-nicht'" in str(err.value)
    broken = GOOD.replace("reviewed:", "changes:\n  - text: ab Juli neu geregelt\nreviewed:", 1)
    assert any("changes.0.date: required field is missing" in p for p in problems_for(tmp_path, broken))
