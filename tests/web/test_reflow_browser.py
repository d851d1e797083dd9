"""No page scrolls sideways on a 320 px screen (WCAG 1.4.10 Reflow), in German and in Arabic.

Over the real knowledge base: every page, every offer's detail page, a real chat answer, the widget
with an answer, and a real Förder-Check result with its offices opened.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

import ingest
from navigator.api.app import create_app
from navigator.knowledge import load_entries
from navigator.settings import REPO_ROOT
from tests.conftest import make_settings
from tests.helpers import running_app
from tests.web.test_browser import ask

pytestmark = pytest.mark.browser
WIDTH = 320
COMPANY = {
    "applicant": "company",
    "employment_status": "employed",
    "company_size": "37",
    "structural_change": "false",
    "funded_82_last_two_years": "false",
}


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    settings = make_settings(tmp_path_factory.mktemp("reflow"), knowledge_dir=REPO_ROOT / "knowledge")
    ingest.run(settings)
    ids = sorted(item.entry.id for item in load_entries(settings.knowledge_dir))
    with running_app(create_app(settings)) as url:
        yield url, ids


@pytest.fixture(params=["de", "ar"])
def phone(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str]]:
    context = browser.new_context(viewport={"width": WIDTH, "height": 640}, locale="de-DE")
    yield context.new_page(), request.param
    context.close()


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return int(page.evaluate("document.documentElement.scrollWidth")) - WIDTH


def check_result(page: Page, url: str, lang: str) -> None:
    page.goto(f"{url}/foerder-check?lang={lang}")
    page.locator('label[for="topic-weiterbildung"]').click()
    page.locator('button[value="start"]').click()
    for _ in range(12):
        if not page.locator('form.check-step input[name="q"]').count():
            break
        field = page.locator('form.check-step input[name="q"]').input_value()
        if field not in COMPANY:
            page.locator('button[value="skip"]').click()
        elif page.locator("#answer").count():
            page.locator("#answer").fill(COMPANY[field])
            page.locator('button[value="answer"]').click()
        else:
            page.locator(f'label[for="a-{COMPANY[field]}"]').click()
            page.locator('button[value="answer"]').click()
    page.locator(".check-result").first.wait_for()
    for summary in page.locator(".check-offices summary").all():
        summary.click()


def test_no_page_scrolls_sideways_at_320_px(phone, real_site):
    page, lang = phone
    url, ids = real_site
    wide: dict[str, int] = {}

    def visit(path: str) -> None:
        page.goto(f"{url}{path}{'&' if '?' in path else '?'}lang={lang}")

    def measure(name: str) -> None:
        if overflow(page) > 0:
            wide[name] = overflow(page)

    for path in [
        "/",
        "/angebote",
        "/angebote?q=Bildungscheck",
        "/datenschutz",
        "/impressum",
        "/barrierefreiheit",
    ]:
        visit(path)
        measure(path)
    for entry_id in ids:
        visit(f"/angebote/{entry_id}")
        measure(entry_id)
    visit("/")
    ask(page, "Welche Förderung gibt es für die Weiterbildung von Beschäftigten in kleinen Unternehmen?")
    measure("answer")
    visit("/widget")
    ask(page, "Wer berät zur Anerkennung ausländischer Berufsabschlüsse?", mode="widget")
    measure("widget answer")
    check_result(page, url, lang)
    assert page.locator(".check-office").count() > 0
    measure("Förder-Check result")
    assert wide == {}, f"wider than {WIDTH} px ({lang}): {wide}"
