"""Translations of entries (knowledge/_i18n/<lang>.yaml): loading, staleness and `navigator validate`."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from navigator import translations
from navigator.cli import app
from navigator.knowledge import load_entries
from navigator.settings import get_settings
from navigator.translation_check import check_translations
from navigator.translations import source_hash
from tests.conftest import FIXTURE_KB, TODAY

REAL_KB = Path(__file__).parent.parent / "knowledge"


@pytest.fixture
def kb_entries(kb):
    """The fixture corpus's entries, in a copy without its translations (each test writes its own)."""
    shutil.rmtree(kb / "_i18n")
    return {item.entry.id: item.entry for item in load_entries(kb)}


def write(kb: Path, lang: str, text: str) -> Path:
    path = kb / "_i18n" / f"{lang}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def item(entry_id: str, digest: str, title: str = "Title", summary: str = "A summary in English.") -> str:
    return f"{entry_id}:\n  title: {title}\n  summary: {summary}\n  source_hash: {digest}\n  translated: 2026-12-07\n"


def check(kb, entries):
    return check_translations(kb, entries.values(), TODAY)


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_a_current_translation_is_used_and_a_changed_german_text_makes_it_stale(kb, kb_entries):
    e = kb_entries["inqa-coaching"]
    write(kb, "en", item("inqa-coaching", source_hash(e), "INQA coaching", "Funded coaching for SMEs."))
    local = translations.load(kb).localise(e, "en")
    assert (local.translated, local.summary, local.full_title) == (
        True,
        "Funded coaching for SMEs.",
        "INQA-Coaching (INQA coaching)",
    )
    changed = e.model_copy(update={"summary": "Gefördertes Coaching, jetzt mit neuem Text."})
    stale = translations.load(kb).localise(changed, "en")
    assert (stale.translated, stale.stale, stale.summary) == (False, True, changed.summary)
    assert stale.german_only and stale.summary_lang == "de"


def test_german_pages_never_use_a_translation(kb, kb_entries):
    e = kb_entries["inqa-coaching"]
    write(kb, "en", item("inqa-coaching", source_hash(e)))
    local = translations.load(kb).localise(e, "de")
    assert not local.translated and not local.german_only and local.summary == e.summary


def test_validate_names_file_line_and_field_of_every_problem(kb, kb_entries):
    e = kb_entries["inqa-coaching"]
    write(
        kb,
        "en",
        item("inqa-coaching", source_hash(e))
        + item("no-such-entry", "abc")
        + item("bildungsgutschein", "000000000000")
        + item("berufssprachkurse", source_hash(kb_entries["berufssprachkurse"]), summary="TODO")
        + "jobday-2025:\n  title: Job day\n  summary: A job fair.\n  translated: someday\n",
    )
    report = check(kb, kb_entries)
    errors = messages(report.errors)
    assert "_i18n/en.yaml:6: no-such-entry: unknown entry id" in errors
    assert "_i18n/en.yaml:16: berufssprachkurse: empty or placeholder title/summary" in errors
    assert "_i18n/en.yaml:21: jobday-2025.source_hash: required field is missing" in errors
    stale = [w for w in messages(report.warnings) if "stale" in w]
    now = source_hash(kb_entries["bildungsgutschein"])
    assert stale == [
        f"_i18n/en.yaml:11: bildungsgutschein.source_hash: stale: the German title or summary changed; "
        f"update the text, then set {now}"
    ]


def test_validate_warns_about_missing_languages_and_entries_but_not_ended_ones(kb, kb_entries):
    write(kb, "en", item("inqa-coaching", source_hash(kb_entries["inqa-coaching"])))
    warnings = messages(check(kb, kb_entries).warnings)
    assert "_i18n/ar.yaml:1: missing: German is shown in this language" in warnings
    assert "_i18n/en.yaml:1: bildungsscheck-2-0: no translation: German is shown" in warnings
    assert not any("inqa-coaching" in w for w in warnings)
    assert not any("potentialberatung" in w for w in warnings)  # ended on 31.12.2023


def test_validate_flags_german_text_dropped_numbers_and_unknown_files(kb, kb_entries):
    e = kb_entries["bildungsscheck-2-0"]  # "Zuschuss von 50 Prozent …"
    write(kb, "en", item(e.id, source_hash(e), summary="A grant towards further training."))
    write(kb, "tr", item(e.id, source_hash(e), summary=e.summary))
    write(kb, "fr", "")
    report = check(kb, kb_entries)
    assert "_i18n/en.yaml:1: bildungsscheck-2-0: numbers of the German text missing: ['50']" in messages(
        report.warnings
    )
    assert "_i18n/tr.yaml:1: bildungsscheck-2-0.summary: is the German text" in messages(report.errors)
    assert any(p.path == "_i18n/fr.yaml" and "unknown language" in p.message for p in report.errors)


def test_a_broken_file_is_an_error_and_shows_german(kb, kb_entries):
    write(kb, "en", "inqa-coaching: [unclosed\n")
    report = check(kb, kb_entries)
    assert report.errors[0].path == "_i18n/en.yaml" and "YAML syntax error" in report.errors[0].message
    assert not translations.load(kb).localise(kb_entries["inqa-coaching"], "en").translated


@pytest.fixture
def cli_env(kb, tmp_path, monkeypatch):
    monkeypatch.setenv("NAVIGATOR_KNOWLEDGE_DIR", str(kb))
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NAVIGATOR_TODAY", TODAY.isoformat())
    get_settings.cache_clear()
    yield kb
    get_settings.cache_clear()


def test_navigator_validate_lists_warnings_and_fails_on_errors(cli_env, kb_entries):
    runner = CliRunner()
    write(cli_env, "en", item("bildungsgutschein", "000000000000"))
    ok = runner.invoke(app, ["validate"])
    assert ok.exit_code == 0
    assert "warning: _i18n/en.yaml:1: bildungsgutschein.source_hash: stale" in ok.output
    write(cli_env, "ar", item("no-such-entry", "abc"))
    broken = runner.invoke(app, ["validate"])
    assert broken.exit_code == 1
    assert "error: _i18n/ar.yaml:1: no-such-entry: unknown entry id" in broken.output


def test_the_shipped_translations_have_no_errors_and_cover_every_current_entry():
    entries = [item.entry for item in load_entries(REAL_KB)]
    report = check_translations(REAL_KB, entries, dt.date(2026, 12, 7))
    assert messages(report.errors) == []
    entry_files = [p for p in report.warnings if "foerdercheck" not in p.path]
    assert [p for p in entry_files if "no translation" in p.message or p.message.startswith("missing")] == []
    # English rule texts of the Förder-Check are complete (inline or in _i18n/foerdercheck/en.yaml).
    english = [p for p in report.warnings if p.path.endswith("foerdercheck/en.yaml")]
    assert not [p for p in english if "no translation" in p.message or p.message.startswith("missing")]


def test_the_fixture_corpus_has_one_current_and_one_stale_translation():
    tr = translations.load(FIXTURE_KB)
    entries = {item.entry.id: item.entry for item in load_entries(FIXTURE_KB)}
    assert tr.localise(entries["bildungsscheck-2-0"], "ar").translated
    assert tr.localise(entries["bildungsgutschein"], "ar").stale
