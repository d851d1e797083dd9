"""The Förder-Check form in the real browser (Debian's Chromium), with JavaScript switched off.

The app runs on loopback over the real knowledge base; each test answers the questions the form asks
from a "true" profile, as a person would, and checks the results page.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from navigator.api.app import create_app
from navigator.settings import REPO_ROOT, Settings
from tests.conftest import make_settings
from tests.helpers import running_app

pytestmark = pytest.mark.browser
P82 = "weiterbildung-beschaeftigte-82-sgb-iii"
INCOME = 41234  # distinctive, so a leak into logs or files would be found


@pytest.fixture(scope="module")
def check_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    import ingest

    settings = make_settings(
        tmp_path_factory.mktemp("check-site"), knowledge_dir=REPO_ROOT / "knowledge", warm_up=False
    )
    ingest.run(settings)
    with running_app(create_app(settings)) as url:
        yield url, settings


@pytest.fixture
def no_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    yield context.new_page()
    context.close()


def answer_until_results(page: Page, truth: dict[str, str], limit: int = 12) -> list[str]:
    """Answer each asked question from `truth` (or press "don't know"); return the fields asked."""
    asked: list[str] = []
    while page.locator('form.check-step input[name="q"]').count() and len(asked) < limit:
        field = page.locator('form.check-step input[name="q"]').input_value()
        asked.append(field)
        if field not in truth:
            page.locator('button[value="skip"]').click()
        elif page.locator("#answer").count():
            page.locator("#answer").fill(truth[field])
            page.locator('button[value="answer"]').click()
        else:
            page.locator(f'label[for="a-{truth[field]}"]').click()
            page.locator('button[value="answer"]').click()
    return asked


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


def serious(result) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def files_in(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_company_gets_82_share_for_its_size_without_javascript(no_js: Page, check_site, caplog):
    url, settings = check_site
    before = files_in(settings.data_dir)
    caplog.set_level(logging.DEBUG)
    no_js.goto(f"{url}/foerder-check")
    expect(no_js.locator("h1")).to_have_text("Förder-Check")
    no_js.locator('label[for="topic-weiterbildung"]').click()
    no_js.locator('button[value="start"]').click()
    truth = {
        "applicant": "company",
        "employment_status": "employed",
        "company_size": "37",
        "structural_change": "false",
        "funded_82_last_two_years": "false",
    }
    asked = answer_until_results(no_js, truth)
    assert asked[0] == "applicant" and len(asked) <= 9, asked  # the town included
    expect(no_js.locator("h1")).to_have_text("Ihr Ergebnis")
    card = no_js.locator(f"#p-{P82}")
    expect(card.locator(".outcome-badge")).to_have_text("Passt, wenn …")
    expect(card).to_contain_text("In der Regel kein Eigenanteil des Betriebs an den Lehrgangskosten")
    expect(card).not_to_contain_text("75 % der Lehrgangskosten")
    assert card.locator(f'a[href="/angebote/{P82}"]').count() >= 1
    expect(card.locator(".check-office").first).to_be_visible()  # contacts in view, not folded away
    assert card.locator('.check-office a[href^="tel:"]').count() >= 1
    folded = no_js.locator(".check-folded", has_text="Passt nicht")
    folded.locator("summary").click()  # <details> opens without JavaScript
    line = folded.locator("li", has_text="Bildungsscheck NRW 2.0: ")
    expect(line).to_contain_text("Weiterbildungsförderung Beschäftigter")
    # Nothing entered is stored or logged, and no answer travels in a URL.
    assert no_js.url.endswith("/foerder-check?lang=de")  # (the port may contain "37")
    assert files_in(settings.data_dir) == before
    assert not [
        r for r in caplog.records if "structural_change=" in r.getMessage() or " 37 " in r.getMessage()
    ]


def test_arabic_person_checks_bildungsscheck_right_to_left(no_js: Page, check_site, caplog):
    url, _ = check_site
    caplog.set_level(logging.DEBUG)
    no_js.goto(f"{url}/foerder-check?lang=ar")
    expect(no_js.locator("html")).to_have_attribute("dir", "rtl")
    expect(no_js.locator("html")).to_have_attribute("lang", "ar")
    expect(no_js.locator("legend")).to_have_text("لأي غرض تبحث عن دعم؟")
    no_js.locator('button[value="start"]').click()
    expect(no_js.locator("legend")).to_have_text("هل تسأل لنفسك أم لشركة؟")
    truth = {
        "applicant": "person",
        "residence_nrw": "true",
        "taxable_income": str(INCOME),
        "course_started": "false",
        "prior_funding_this_year": "false",
        "employment_status": "employed",
    }
    asked = answer_until_results(no_js, truth, limit=30)
    assert {"applicant", "residence_nrw", "taxable_income"} <= set(asked)
    expect(no_js.locator("html")).to_have_attribute("dir", "rtl")
    expect(no_js.locator("h1")).to_have_text("نتيجتك")
    card = no_js.locator("#p-bildungsscheck-2-0")
    expect(card.locator(".outcome-badge")).to_have_text("مناسب")
    expect(card).to_contain_text("500")  # the benefit (German text from the knowledge file)
    assert str(INCOME) not in no_js.url
    assert not [r for r in caplog.records if str(INCOME) in r.getMessage()]


def test_dont_know_and_back_work_without_javascript(no_js: Page, check_site):
    url, _ = check_site
    no_js.goto(f"{url}/foerder-check?lang=en")
    no_js.locator('button[value="start"]').click()
    first = no_js.locator('input[name="q"]').input_value()
    no_js.locator('button[value="skip"]').click()
    assert no_js.locator('input[name="q"]').input_value() != first
    expect(no_js.locator(".check-answers")).to_contain_text("don’t know")
    no_js.locator('button[value="back"]').click()
    assert no_js.locator('input[name="q"]').input_value() == first
    no_js.locator('button[value="results"]').click()
    expect(no_js.locator("h1")).to_have_text("Your result")


@pytest.mark.parametrize("lang", ["de", "ar"])
def test_axe_finds_no_serious_violations_in_the_check(page: Page, check_site, lang):
    url, _ = check_site
    page.goto(f"{url}/foerder-check?lang={lang}")
    assert serious(Axe().run(page, options=AXE_OPTIONS)) == []
    page.locator('button[value="start"]').click()
    page.locator('button[value="results"]').click()
    page.locator(".check-result").first.wait_for()
    result = Axe().run(page, options=AXE_OPTIONS)
    assert serious(result) == [], result.generate_report()
