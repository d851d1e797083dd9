"""Eval sets: valid files load; every mistake is reported with its file and case id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from navigator.errors import ConfigError
from navigator.evals.cases import EvalSetError, load_sets, load_split_sets, set_files, split_files
from navigator.evals.config import EvalConfig
from navigator.knowledge import load_entries
from tests.conftest import FIXTURE_KB, TODAY

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def entries():
    return {item.entry.id: item.entry for item in load_entries(FIXTURE_KB)}


def write(folder: Path, name: str, body: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(body, encoding="utf-8")
    return path


GOOD = """\
cases:
  - id: umschulung
    question: Wer bezahlt meine Umschulung?
    language: de
    audience: arbeitsuchende
    region: hagen
    expect: {sources_any: [bildungsgutschein], mentions: [Bildungsgutschein]}
  - id: potentialberatung-noch
    history:
      - {role: user, content: "Wir sind ein kleiner Betrieb."}
      - {role: assistant, content: "Wie kann ich helfen?"}
    question: Gibt es die Potentialberatung noch?
    language: de
    expect: {ended: [potentialberatung], sources_any: [inqa-coaching], language: en}
"""


def test_a_valid_set_loads_with_its_set_name_and_defaults(tmp_path, entries):
    cases = load_sets([write(tmp_path, "demo", GOOD)], entries, TODAY)
    assert [c.id for c in cases] == ["umschulung", "potentialberatung-noch"]
    assert {c.set for c in cases} == {"demo"}
    assert cases[0].answer_language == "de"
    assert cases[1].answer_language == "en"
    assert cases[1].history[0].role == "user"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("[bildungsgutschein]", None),
        ("[nope]", "demo.yaml: case umschulung: expect.sources_any: unknown entry id 'nope'"),
    ],
)
def test_an_unknown_expected_id_names_file_case_and_field(tmp_path, entries, change, message):
    path = write(tmp_path, "demo", GOOD.replace("sources_any: [bildungsgutschein]", f"sources_any: {change}"))
    if message is None:
        load_sets([path], entries, TODAY)
        return
    with pytest.raises(EvalSetError) as err:
        load_sets([path], entries, TODAY, root=tmp_path)
    assert message in str(err.value)


def test_an_expected_ended_entry_must_be_ended_on_the_eval_date(tmp_path, entries):
    path = write(tmp_path, "demo", GOOD)
    with pytest.raises(EvalSetError, match="'potentialberatung' is current on 2020-01-01, not ended"):
        load_sets([path], entries, dt.date(2020, 1, 1))


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "language: de\n    audience",
            "language: xx\n    audience",
            "case umschulung: language: Value error, unknown language",
        ),
        ("audience: arbeitsuchende", "audience: rentner", "unknown audience 'rentner'"),
        ("region: hagen", "region: dortmund", "unknown region 'dortmund'"),
        (
            "    question: Wer bezahlt",
            "    frage: x\n    question: Wer bezahlt",
            "case umschulung: frage: Extra inputs",
        ),
        ("id: umschulung", "id: Umschulung 1", "is not a lower-case slug"),
        (
            "expect: {sources_any: [bildungsgutschein], mentions: [Bildungsgutschein]}",
            "expect: {}",
            "case umschulung: expect: expects nothing",
        ),
        (
            "expect: {sources_any: [bildungsgutschein], mentions: [Bildungsgutschein]}",
            "expect: {sources_any: [bildungsgutschein], refuse: true}",
            "cannot also expect sources",
        ),
        ("role: user", "role: system", "case potentialberatung-noch: history.0.role"),
        (
            "language: de\n    audience",
            "language: fa\n    audience",
            "case umschulung: the navigator does not answer in 'fa': give expect.language",
        ),
        (
            "mentions: [Bildungsgutschein]}",
            "mentions: [Bildungsgutschein], settled: [wohnort]}",
            "case umschulung: expect.settled.0: unknown Förder-Check field 'wohnort'",
        ),
    ],
)
def test_schema_mistakes_are_reported_per_case(tmp_path, entries, old, new, message):
    path = write(tmp_path, "demo", GOOD.replace(old, new, 1))
    with pytest.raises(EvalSetError) as err:
        load_sets([path], entries, TODAY, root=tmp_path)
    assert message.replace("Value error, ", "") in str(err.value)
    assert str(err.value).count("demo.yaml: case") == 1


def test_all_problems_are_collected_across_files(tmp_path, entries):
    a = write(tmp_path, "a", GOOD.replace("[bildungsgutschein]", "[nope]"))
    b = write(tmp_path, "b", GOOD.replace("[inqa-coaching]", "[gone]"))
    c = write(tmp_path, "c", "just: text\n")
    with pytest.raises(EvalSetError) as err:
        load_sets([a, b, c], entries, TODAY, root=tmp_path)
    text = str(err.value)
    assert "a.yaml: case umschulung: expect.sources_any: unknown entry id 'nope'" in text
    assert "b.yaml: case umschulung: duplicate id (also in a.yaml)" in text
    assert "b.yaml: case potentialberatung-noch: expect.sources_any: unknown entry id 'gone'" in text
    assert "c.yaml: case -: the file must be a mapping with a list under 'cases'" in text


def test_set_files_accepts_only_configured_sets(tmp_path):
    write(tmp_path, "demo", GOOD)
    assert set_files(tmp_path, ["demo"]) == [tmp_path / "demo.yaml"]
    with pytest.raises(ConfigError, match="unknown eval set 'other'; known: demo"):
        set_files(tmp_path, ["demo"], ["other"])
    with pytest.raises(ConfigError, match=r"eval set file missing: .*gone.yaml"):
        set_files(tmp_path, ["demo", "gone"])


def test_questions_in_the_regions_migrant_languages_name_their_answer_language(tmp_path, entries):
    body = GOOD.replace(
        "language: de\n    audience", "language: ro\n    note: written by a Romanian speaker\n    audience", 1
    )
    body = body.replace("mentions: [Bildungsgutschein]}", "mentions: [Bildungsgutschein], language: de}", 1)
    case = load_sets([write(tmp_path, "demo", body)], entries, TODAY)[0]
    assert (case.language, case.answer_language, case.note) == ("ro", "de", "written by a Romanian speaker")


def test_the_test_split_is_every_file_in_the_test_folder(tmp_path, entries):
    write(tmp_path, "demo", GOOD)
    assert split_files(tmp_path, ["demo"]) == {"dev": [tmp_path / "demo.yaml"], "test": []}
    (tmp_path / "test").mkdir()
    blind = GOOD.replace("id: umschulung", "id: blind-umschulung").replace(
        "id: potentialberatung-noch", "id: blind-pb"
    )
    write(tmp_path / "test", "b-people", blind)
    write(tmp_path / "test", "a-companies", blind.replace("id: blind-", "id: co-"))
    files = split_files(tmp_path, ["demo"])
    assert [f.name for f in files["test"]] == ["a-companies.yaml", "b-people.yaml"]
    assert split_files(tmp_path, ["demo"], ["b-people"]) == {
        "dev": [],
        "test": [tmp_path / "test" / "b-people.yaml"],
    }
    assert set(split_files(tmp_path, ["demo"], splits=("test",))) == {"test"}
    with pytest.raises(ConfigError, match="unknown eval set 'other'; known: demo, a-companies, b-people"):
        split_files(tmp_path, ["demo"], ["other"])
    cases = load_split_sets(files, entries, TODAY)
    assert {(c.split, c.set) for c in cases} == {
        ("dev", "demo"),
        ("test", "a-companies"),
        ("test", "b-people"),
    }


def test_an_id_may_not_be_in_both_splits(tmp_path, entries):
    write(tmp_path, "demo", GOOD)
    (tmp_path / "test").mkdir()
    write(tmp_path / "test", "blind", GOOD)
    with pytest.raises(EvalSetError, match="duplicate id \\(also in the dev split\\)"):
        load_split_sets(split_files(tmp_path, ["demo"]), entries, TODAY)


def test_the_real_eval_sets_load_against_the_real_knowledge_base():
    """The committed sets are valid and as large and varied as the evaluation issue asks."""
    config = EvalConfig.load(REPO / "evals" / "config.yaml")
    entries = {item.entry.id: item.entry for item in load_entries(REPO / "knowledge")}
    # Both splits: a test file that does not fit the schema fails here, not in the middle of an eval.
    cases = load_split_sets(split_files(REPO / "evals", config.sets), entries, config.today)
    cases = [c for c in cases if c.split == "dev"]
    assert len(cases) >= 150
    assert len([c for c in cases if c.language != "de"]) >= 30
    assert {c.language for c in cases} >= {"de", "en", "tr", "ar", "uk", "ru"}
    assert len([c for c in cases if c.history]) >= 15
    assert len([c for c in cases if c.expect.refuse]) >= 15
    assert len([c for c in cases if c.expect.injection]) >= 15
    assert len([c for c in cases if c.expect.ended]) >= 10
    assert len([c for c in cases if c.set == "knowledge"]) == 20
    audiences = {c.audience for c in cases}
    assert audiences >= {
        "kmu",
        "arbeitsuchende",
        "beschaeftigte",
        "wiedereinstieg",
        "jugendliche",
        "gruendung",
        "migration",
    }
