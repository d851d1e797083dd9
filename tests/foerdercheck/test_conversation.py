"""Issue 22: a Förder-Check turn in the chat is a conversation, one question at a time, then a short result."""

from __future__ import annotations

import re

from navigator.foerdercheck.chat import clarify
from navigator.foerdercheck.conversation import MAX_QUESTIONS
from tests.foerdercheck.test_chat import P82, Turn, sources

# What the raw verdict list looked like in a chat answer: a heading and indented rule lines.
RAW_LIST = re.compile(r"Ergebnis des Förder-Checks|Passt nicht|Angabe fehlt|^\s+- ", re.M)
COMPANY_WORDS = re.compile(r"Betrieb|Beschäftigte|company", re.I)


def walk(checker, message, ids, answer):
    """Answer every question with `answer(question)` (an option's label), as a person clicking does."""
    srcs = sources(checker, *ids)
    history: list[Turn] = []
    said = message
    asked = []
    for _ in range(MAX_QUESTIONS + 2):
        result = clarify(said, history, srcs, "de", checker=checker)
        assert result is not None
        reply = result.question_text() if result.ask else result.summary_text()
        assert not RAW_LIST.search(reply), reply
        history += [Turn("user", said), Turn("assistant", reply)]
        if not result.ask:
            return result, reply, asked
        asked.append(result.question)
        said = answer(result.question)
    raise AssertionError("the conversation never ended")


def label(question, value):
    return next(o.label for o in question.options if o.value == value)


def test_a_personal_starter_never_asks_about_a_company(checker):
    def answer(q):
        if q.type == "int":
            return "30000" if q.field == "taxable_income" else "35"
        if q.field == "region":
            return "Hagen"
        return label(q, str(q.field == "residence_nrw").lower()) if q.type == "bool" else q.options[0].label

    _result, reply, asked = walk(
        checker, "Wer bezahlt meine Weiterbildung?", ["bildungsscheck-2-0", "bildungsgutschein"], answer
    )
    assert asked, "the check asks before it answers"
    assert all(not COMPANY_WORDS.search(q.text) for q in asked), [q.text for q in asked]
    assert len(asked) <= MAX_QUESTIONS
    assert "Bildungsscheck NRW 2.0" in reply
    assert any(q.field == "region" for q in asked) and "Hagen" in reply


def test_unemployed_retraining_question_gets_sentences_not_the_raw_list(checker):
    _result, reply, _asked = walk(
        checker,
        "Welche Förderung gibt es für eine Umschulung, wenn ich arbeitslos bin?",
        ["bildungsgutschein", "aufstiegs-bafoeg"],
        lambda q: label(q, "false") if q.type == "bool" else q.options[0].label,
    )
    assert reply.splitlines()[0].startswith("- Bildungsgutschein")
    assert "Ansprechpartner:" in reply


def test_an_iserlohn_company_walks_through_and_gets_82_with_the_iserlohn_office(checker):
    def answer(q):
        return label(q, "false") if q.type == "bool" else q.options[0].label

    result, reply, _asked = walk(
        checker,
        "Wir sind 30 Leute in Iserlohn und wollen unsere Beschäftigten weiterbilden. Gibt es Zuschüsse?",
        [P82, "qualifizierungsgeld"],
        answer,
    )
    assert result.profile["region"] == "maerkischer-kreis"
    first = reply.splitlines()[0]
    assert first.startswith("- Weiterbildungsförderung Beschäftigter (§ 82 SGB III)")
    assert "Iserlohn" in first and "Hagen" not in first
    assert ("p.region", "maerkischer-kreis") in result.as_dict()["result_form"]


def test_every_question_in_the_chat_comes_with_buttons_or_a_number_field(checker):
    result = clarify(
        "Kann ich den Bildungsscheck NRW bekommen?",
        [],
        sources(checker, "bildungsscheck-2-0"),
        "ar",
        checker=checker,
    )
    assert result.ask
    q = result.as_dict()["question"]
    assert q["type"] == "int" or len(q["options"]) >= 2
    assert q["help"] and q["help"] in result.question_text()
