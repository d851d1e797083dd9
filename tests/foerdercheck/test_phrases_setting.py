"""The Förder-Check's fixed texts come from the file the settings name (NAVIGATOR_FOERDERCHECK_PHRASES)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from navigator.errors import ConfigError
from navigator.foerdercheck import phrases
from navigator.foerdercheck.questions import build_question
from navigator.settings import REPO_ROOT, Settings, get_settings

OWN_TEXTS = """\
de:
  "yes": "Jawohl"
  "no": "Keineswegs"
  questions:
    is_craft: "Sind Sie ein Handwerksbetrieb (eigene Fassung)?"
en:
  "yes": "Indeed"
"""


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The process-wide settings read again from the environment, and forgotten afterwards."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_by_default_the_packaged_phrase_file_is_read() -> None:
    path = Settings().foerdercheck_phrases
    assert path == REPO_ROOT / "navigator" / "foerdercheck" / "phrases.yaml"
    assert path.is_file()


def test_a_relative_path_is_resolved_against_the_repository_root() -> None:
    assert (
        Settings(foerdercheck_phrases=Path("site/fc.yaml")).foerdercheck_phrases == REPO_ROOT / "site/fc.yaml"
    )


def test_a_configured_phrase_file_is_used_by_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    own = tmp_path / "fc.yaml"
    own.write_text(OWN_TEXTS, encoding="utf-8")
    monkeypatch.setenv("NAVIGATOR_FOERDERCHECK_PHRASES", str(own))

    assert phrases.languages() == ("de", "en")
    assert phrases.phrase("yes", "en") == "Indeed"
    assert phrases.phrase("yes", "tr") == "Jawohl"  # German is the fallback
    question = build_question("is_craft", "de")
    assert question.text == "Sind Sie ein Handwerksbetrieb (eigene Fassung)?"
    assert [o.label for o in question.options] == ["Jawohl", "Keineswegs"]


def test_the_packaged_texts_are_back_when_the_setting_is_gone(fresh_settings: None) -> None:
    assert phrases.phrase("yes", "en") == "Yes"
    assert "tr" in phrases.languages()


def test_a_missing_configured_file_is_a_clear_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    missing = tmp_path / "nowhere.yaml"
    monkeypatch.setenv("NAVIGATOR_FOERDERCHECK_PHRASES", str(missing))
    with pytest.raises(ConfigError, match=r"nowhere\.yaml: cannot read the phrase file"):
        phrases.phrase("yes", "de")
