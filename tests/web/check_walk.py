"""Walking the Förder-Check in the browser as a person does (shared by the browser tests of issue 22)."""

from __future__ import annotations

from playwright.sync_api import Page


def reply_in_chat(page: Page, choose, limit: int = 7) -> list[str]:
    """Answer the chat's Förder-Check questions by their buttons (or number field); return the questions."""
    asked: list[str] = []
    for _ in range(limit):
        turn = page.locator(".turn").last
        box = turn.locator(".check-turn")
        if not box.count() or not box.locator("button:enabled").count():
            return asked
        text = turn.locator(".answer").inner_text()
        asked.append(text)
        turns = page.locator(".turn").count()
        labels = [b.strip() for b in box.locator(".button-secondary").all_inner_texts()]
        if box.locator('input[type="number"]').count():
            box.locator('input[type="number"]').fill(choose(text, labels) or "30000")
            box.locator(".button").first.click()
        else:
            box.locator("button", has_text=choose(text, labels)).first.click()
        page.locator(".turn").nth(turns).locator('.answer[aria-busy="false"]').wait_for()
    return asked


def reply_without_js(page: Page, choose, limit: int = 7) -> list[str]:
    """The same without JavaScript: each answer is a button of the posted form."""
    asked: list[str] = []
    for _ in range(limit):
        box = page.locator("form.check-turn")
        if not box.count():
            return asked
        text = page.locator(".answer").first.inner_text()
        asked.append(text)
        labels = [b.strip() for b in box.locator(".button-secondary").all_inner_texts()]
        if box.locator('input[type="number"]').count():
            box.locator('input[type="number"]').fill(choose(text, labels) or "30000")
            box.locator(".button").first.click()
        else:
            box.locator("button", has_text=choose(text, labels)).first.click()
        page.wait_for_load_state()
    return asked


def no_but_nrw(text: str, labels: list[str]) -> str:
    """Yes to living in NRW, no to the rest, else the first option (Hagen, "Für mich selbst", …)."""
    if not labels:
        return "30000"
    yes, no = labels[0], labels[1] if len(labels) > 1 else labels[0]
    if len(labels) == 2 and ("Nordrhein-Westfalen" in text or "شمال الراين" in text):
        return yes
    return no if len(labels) == 2 else labels[0]


def scrolls_sideways(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"))
