"""POST /api/check, the /foerder-check form (server-side, no JavaScript) and `navigator check`."""

from __future__ import annotations

import re
from html import unescape

import pytest
from typer.testing import CliRunner

from navigator.cli import app as cli

P82 = "weiterbildung-beschaeftigte-82-sgb-iii"


def test_check_returns_results_reasons_sources_offices_and_next_question(client):
    response = client.post("/api/check", json={"applicant": "company", "employment_status": "employed"})
    assert response.status_code == 200
    body = response.json()
    results = {r["programme"]["id"]: r for r in body["results"]}
    p82 = results[P82]
    assert p82["outcome"] == "answer_missing"
    assert p82["programme"]["url"].startswith("https://")
    assert all(c["source"]["url"].startswith("http") for c in p82["criteria"])
    assert {c["status"] for c in p82["criteria"]} >= {"met", "unknown"}
    assert p82["offices"] and any(o["contact"].get("phone") for o in p82["offices"])
    assert results["bildungsscheck-2-0"]["outcome"] == "does_not_fit"
    assert results["bildungsscheck-2-0"]["alternatives"][0]["id"] == P82
    question = body["next_question"]
    assert set(question) >= {"field", "text", "type", "options"}
    assert question["field"] in {c for r in body["results"] for c in (q["field"] for q in r["questions"])}


@pytest.mark.parametrize(("size", "share"), [(30, "kein Eigenanteil"), (200, "50 %"), (800, "75 %")])
def test_check_lists_the_benefits_of_this_company_size(client, size, share):
    body = client.post(
        "/api/check",
        json={
            "applicant": "company",
            "company_size": size,
            "employment_status": "employed",
            "funded_82_last_two_years": False,
            "programmes": [P82],
        },
    ).json()
    [p82] = body["results"]
    assert p82["outcome"] == "fits_if"
    course = [b["text"] for b in p82["benefits"] if "Lehrgangskosten" in b["text"]]
    assert len(course) == 1 and share in course[0]


def test_check_answers_in_the_requested_language(client):
    body = client.post(
        "/api/check", json={"applicant": "company", "language": "en", "programmes": ["bildungsscheck-2-0"]}
    ).json()
    assert body["language"] == "en"
    assert body["results"][0]["label"] == "Does not fit"
    assert body["results"][0]["criteria"][0]["text"].startswith("There is no longer")


def test_check_with_ended_programme_names_the_successor(client):
    body = client.post("/api/check", json={"programmes": ["bildungsscheck-alt"]}).json()
    [ended] = body["results"]
    assert ended["outcome"] == "ended"
    assert ended["note"] == "Beendet seit 30.06.2024. Stattdessen: Bildungsscheck NRW 2.0."
    assert [s["id"] for s in ended["successors"]] == ["bildungsscheck-2-0"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"mitarbeiter": 30}, "mitarbeiter"),
        ({"company_size": "30"}, "company_size"),
        ({"company_size": -1}, "company_size"),
        ({"residence_nrw": "ja"}, "residence_nrw"),
        ({"applicant": "verein"}, "applicant"),
        ({"language": "fr"}, "language"),
        ({"topics": ["kochen"]}, "topics"),
    ],
)
def test_unknown_fields_and_wrong_types_are_422_with_the_field(client, body, field):
    response = client.post("/api/check", json=body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(field in [str(x) for x in d["loc"]] for d in detail), detail


@pytest.mark.parametrize("pid", ["gibt-es-nicht", "sihk-hagen"])  # nothing, or an office
def test_unknown_programme_is_404_with_the_id(client, pid):
    response = client.post("/api/check", json={"programmes": [pid]})
    assert response.status_code == 404 and pid in response.json()["detail"]


def test_check_is_in_the_openapi_schema_with_every_profile_field(client):
    schema = client.get("/openapi.json").json()
    ref = schema["paths"]["/api/check"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "$ref"
    ]
    props = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]
    assert {"applicant", "company_size", "taxable_income", "language", "programmes"} <= set(props)


# -- the form, server-side -----------------------------------------------------------------------


def question_of(html: str) -> str:
    return re.search(r'name="q" value="([a-z_0-9]+)"', html).group(1)


def test_form_starts_with_the_topic_and_asks_one_question_per_step(client):
    start = client.get("/foerder-check")
    assert start.status_code == 200 and 'name="topic"' in start.text
    step = client.post("/foerder-check?lang=de", data={"topic": "weiterbildung", "action": "start"})
    assert question_of(step.text) == "applicant"
    assert "Fragen Sie für sich selbst oder für einen Betrieb?" in unescape(step.text)
    step = client.post(
        "/foerder-check?lang=de",
        data={"topic": "weiterbildung", "q": "applicant", "a": "company", "action": "answer"},
    )
    assert '<input type="hidden" name="p.applicant" value="company">' in step.text
    assert question_of(step.text) != "applicant"


def test_form_keeps_answers_in_hidden_fields_and_goes_back(client):
    data = {
        "topic": "weiterbildung",
        "p.applicant": "company",
        "p.employment_status": "employed",
        "action": "back",
    }
    step = client.post("/foerder-check?lang=de", data=data)
    assert 'name="p.applicant"' in step.text and 'name="p.employment_status"' not in step.text
    skipped = client.post("/foerder-check?lang=de", data={**data, "action": "skip", "q": "company_size"})
    assert '<input type="hidden" name="skip" value="company_size">' in skipped.text
    assert question_of(skipped.text) != "company_size"


def test_form_rejects_an_empty_or_bad_answer_and_asks_again(client):
    step = client.post(
        "/foerder-check?lang=de",
        data={"q": "company_size", "a": "viele", "action": "answer", "p.applicant": "company"},
    )
    assert step.status_code == 422
    assert 'role="alert"' in step.text and question_of(step.text) == "company_size"


def test_form_results_group_programmes_and_link_catalogue_and_contacts(client):
    data = {
        "topic": "weiterbildung",
        "p.applicant": "company",
        "p.company_size": "30",
        "p.employment_status": "employed",
        "p.funded_82_last_two_years": "false",
        "action": "results",
    }
    page = unescape(client.post("/foerder-check?lang=de", data=data).text)
    assert "Ihr Ergebnis" in page
    assert f'href="/angebote/{P82}"' in page
    assert "In der Regel kein Eigenanteil des Betriebs" in page
    assert "Arbeitgeber-Service der Agentur für Arbeit Hagen" in page and 'href="tel:' in page
    assert page.index('id="g-fits"') < page.index(f'id="p-{P82}"') < page.index("Passt nicht")
    assert "Geprüft am 26.11.2026" in page and "Stand " in page


def test_form_results_for_an_iserlohn_company_lead_with_82_and_the_iserlohn_office(client):
    data = {
        "topic": "weiterbildung",
        "p.applicant": "company",
        "p.company_size": "30",
        "p.employment_status": "employed",
        "p.funded_82_last_two_years": "false",
        "p.region": "maerkischer-kreis",
        "action": "results",
    }
    page = unescape(client.post("/foerder-check?lang=de", data=data).text)
    first = re.search(r'<article class="check-result[^"]*" id="p-([^"]+)"', page)
    assert first and first.group(1) == P82
    card = page[first.start() : page.index("</article>", first.start())]
    assert "Arbeitgeber-Service der Agentur für Arbeit Iserlohn" in card and 'href="tel:' in card
    offices = card[card.index("Ansprechpartner") : card.index("check-why")]
    assert "Arbeitgeber-Service der Agentur für Arbeit Hagen" not in offices
    # Employee offers are not among the company's results; they are folded away and labelled.
    assert "Für Ihre Beschäftigten" in page
    assert page.index("Für Ihre Beschäftigten") > page.index("Für andere Fälle")


def test_an_open_point_is_answerable_on_the_result_page(client):
    data = {"topic": "weiterbildung", "p.applicant": "company", "p.company_size": "30", "action": "results"}
    page = unescape(client.post("/foerder-check?lang=de", data=data).text)
    settle = re.search(r'<form class="check-settle".*?</form>', page, re.S)
    assert (
        settle
        and 'value="settle"' in settle.group(0)
        and 'name="p.company_size" value="30"' in settle.group(0)
    )
    field = re.search(r'name="q" value="([^"]+)"', settle.group(0)).group(1)
    answered = client.post(
        "/foerder-check?lang=de",
        data={
            **data,
            "action": "settle",
            "q": field,
            "a": "true" if field != "employment_status" else "employed",
        },
    )
    assert answered.status_code == 200 and "Ihr Ergebnis" in answered.text


def test_form_in_arabic_is_rtl_with_arabic_questions(client):
    step = client.post("/foerder-check?lang=ar", data={"action": "start"})
    html = unescape(step.text)
    assert '<html lang="ar" dir="rtl">' in html
    assert "هل تسأل لنفسك أم لشركة؟" in html and "لشركة" in html


def test_form_has_no_inline_script_and_no_answers_in_urls(client):
    step = client.post("/foerder-check?lang=de", data={"p.applicant": "person", "p.taxable_income": "41234"})
    assert not re.search(r"<script(?![^>]*\bsrc=)", step.text)  # scripts only as files (the CSP)
    assert re.findall(r'action="([^"]+)"', step.text) == ["/foerder-check?lang=de"]
    assert 'method="post"' in step.text


# -- the command line ----------------------------------------------------------------------------


def test_cli_check_prints_verdicts_and_json(tmp_path, monkeypatch, check_settings):
    monkeypatch.setenv("NAVIGATOR_KNOWLEDGE_DIR", str(check_settings.knowledge_dir))
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(check_settings.data_dir))  # its index
    monkeypatch.setenv("NAVIGATOR_EMBEDDER", "hash")
    monkeypatch.setenv("NAVIGATOR_TODAY", "2026-11-26")
    from navigator.settings import get_settings

    get_settings.cache_clear()
    profile = tmp_path / "betrieb.yaml"
    profile.write_text(
        "applicant: company\ncompany_size: 30\nprogrammes: [bildungsscheck-2-0]\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["check", "--profile", str(profile)])
    assert result.exit_code == 0, result.output
    assert "PASST NICHT: Bildungsscheck NRW 2.0 (bildungsscheck-2-0)" in result.output
    assert f"stattdessen: {P82}" in result.output
    as_json = CliRunner().invoke(cli, ["check", "--profile", str(profile), "--json", "--lang", "en"])
    assert '"label": "Does not fit"' in as_json.output
    profile.write_text("mitarbeiter: 30\n", encoding="utf-8")
    bad = CliRunner().invoke(cli, ["check", "--profile", str(profile)])
    assert bad.exit_code == 1 and "mitarbeiter" in bad.output
    get_settings.cache_clear()
