"""Issue 22: the Förder-Check conversation in the chat without JavaScript (forms carry the history)."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlencode

from tests.foerdercheck.test_conversation import RAW_LIST

COMPANY = (
    "Wir sind ein Betrieb mit 30 Beschäftigten in Iserlohn. "
    "Gibt es Zuschüsse, wenn wir unsere Beschäftigten weiterbilden?"
)
JOBSEEKER = "Welche Förderung gibt es für eine Umschulung, wenn ich arbeitslos bin?"


def hidden_history(page: str) -> list[tuple[str, str]]:
    form = re.search(r'<form class="check-turn".*?</form>', page, re.S)
    assert form, "the question comes with a form"
    roles = re.findall(r'name="hr" value="([^"]*)"', form.group(0))
    contents = re.findall(r'name="hc" value="([^"]*)"', form.group(0))
    return list(zip(roles, contents, strict=True))


def walk(client, message: str, choose) -> str:
    data: list[tuple[str, str]] = [("message", message)]
    for _ in range(8):
        body = urlencode(data)
        form = {"content-type": "application/x-www-form-urlencoded"}
        page = unescape(client.post("/api/chat/form?lang=de", content=body, headers=form).text)
        answer = re.search(r'<div class="answer">(.*?)</div>', page, re.S).group(1)
        assert not RAW_LIST.search(re.sub(r"<[^>]+>", "", answer)), answer
        if '<form class="check-turn"' not in page:
            return page
        history = hidden_history(page)
        assert history[-2] == ("user", history[-2][1]) and history[-1][0] == "assistant"
        buttons = re.findall(
            r'<button[^>]*name="message" value="([^"]*)"', page.split('<form class="check-turn"')[1]
        )
        number = 'name="message" type="number"' in page
        reply = choose(buttons, number)
        data = [*(pair for h in history for pair in (("hr", h[0]), ("hc", h[1]))), ("message", reply)]
    raise AssertionError("the conversation never ended")


def test_a_company_answers_by_buttons_without_javascript_and_gets_the_short_result(client):
    page = walk(client, COMPANY, lambda buttons, number: "Nein" if "Nein" in buttons else buttons[0])
    assert '<form class="check-turn-result" method="post" action="/foerder-check?lang=de">' in page
    assert 'name="p.company_size" value="30"' in page and 'name="p.region" value="maerkischer-kreis"' in page
    answer = re.search(r'<div class="answer">(.*?)</div>', page, re.S).group(1)
    assert "§ 82 SGB III" in answer and "Iserlohn" in answer


def test_a_jobseeker_is_never_asked_about_a_company(client):
    seen: list[str] = []

    def choose(buttons, number):
        seen.extend(buttons)
        return "30000" if number else ("Nein" if "Nein" in buttons else buttons[0])

    page = walk(client, JOBSEEKER, choose)
    assert "Betrieb" not in " ".join(seen)
    assert "check-turn-result" in page and 'name="p.region" value="hagen"' in page
    answer = re.search(r'<div class="answer">(.*?)</div>', page, re.S).group(1)
    assert "Bildungsgutschein" in answer and "Agentur für Arbeit Hagen" in answer
