"""Rule texts of the Förder-Check in other languages, from knowledge/_i18n/foerdercheck/<lang>.yaml."""

from __future__ import annotations

import shutil

from navigator.foerdercheck.translations import with_translations
from navigator.knowledge import load_entries
from navigator.translation_check import check_translations
from tests.conftest import TODAY


def test_the_api_gives_reasons_from_the_translation_files(client):
    # "Sie wohnen in NRW." has no inline English; en.yaml translates it.
    body = client.post(
        "/api/check",
        json={
            "applicant": "person",
            "residence_nrw": True,
            "language": "en",
            "programmes": ["bildungsscheck-2-0"],
        },
    ).json()
    texts = [c["text"] for c in body["results"][0]["criteria"]]
    assert "You live in NRW." in texts and "Sie wohnen in NRW." not in texts


def _kb_with(kb, lang: str, text: str):
    shutil.rmtree(kb / "_i18n")
    folder = kb / "_i18n" / "foerdercheck"
    folder.mkdir(parents=True)
    (folder / f"{lang}.yaml").write_text(text, encoding="utf-8")
    return [item.entry for item in load_entries(kb)]


def test_a_changed_german_text_falls_back_to_german_and_validate_names_the_unused_key(kb):
    entries = _kb_with(
        kb,
        "tr",
        '"Sie fragen als Einzelperson.": "Kendiniz için soruyorsunuz."\n"Ein alter Text.": "Eski bir metin."\n',
    )
    [scheck] = [e for e in with_translations(entries, kb) if e.id == "bildungsscheck-2-0"]
    applicant = scheck.eligibility.criteria[0]
    assert applicant.met == {"de": "Sie fragen als Einzelperson.", "tr": "Kendiniz için soruyorsunuz."}
    assert isinstance(applicant.not_met, str)  # no translation: stays German
    report = check_translations(kb, entries, TODAY)
    unused = [str(p) for p in report.warnings if "unused" in p.message]
    assert unused == [
        "_i18n/foerdercheck/tr.yaml:2: Ein alter Text.: "
        "German text not found (changed or removed): this translation is unused"
    ]
    assert any(
        p.path.endswith("tr.yaml") and "rule texts have no translation" in p.message for p in report.warnings
    )


def test_an_empty_or_copied_translation_is_an_error(kb):
    entries = _kb_with(
        kb, "ar", '"Sie fragen als Einzelperson.": ""\n"Sie wohnen in NRW.": "Sie wohnen in NRW."\n'
    )
    errors = [str(p) for p in check_translations(kb, entries, TODAY).errors]
    assert errors == [
        "_i18n/foerdercheck/ar.yaml:1: Sie fragen als Einzelperson.: empty or untranslated",
        "_i18n/foerdercheck/ar.yaml:2: Sie wohnen in NRW.: empty or untranslated",
    ]


def test_the_api_gives_programme_summaries_and_reasons_in_arabic(client):
    body = client.post(
        "/api/check",
        json={
            "applicant": "person",
            "residence_nrw": True,
            "language": "ar",
            "programmes": ["bildungsscheck-2-0"],
        },
    ).json()
    [result] = body["results"]
    assert result["summary"].startswith("منحة بنسبة 50%")
    assert "أنت تسكن في NRW." in [c["text"] for c in result["criteria"]]
    german = client.post("/api/check", json={"programmes": ["bildungsscheck-2-0"]}).json()
    assert german["results"][0]["summary"].startswith("Zuschuss von 50 %")
