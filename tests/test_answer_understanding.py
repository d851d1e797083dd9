"""The understand stage reads the question once: its language (and the notice when the navigator answers
in another one) and what it is about, which retrieval then uses."""

from __future__ import annotations

from navigator.language import answer_language
from navigator.services import understand_query
from tests import test_chat

retriever = test_chat.retriever
make_service = test_chat.make_service


def test_a_polish_question_is_answered_in_german_with_a_notice_first(make_service):
    answer = make_service().answer("Gdzie mogę uznać mój dyplom z Polski? Mieszkam w Hagen.")
    assert answer.language == "de"
    first = answer.text.split("\n\n")[0]
    assert "niemiecku" in first.lower() or "german" in first.lower()  # said in Polish and English


def test_a_german_question_gets_no_notice(make_service):
    notice = answer_language("pl").notice
    assert notice
    answer = make_service().answer("Wer hilft bei der Anerkennung meines Abschlusses?")
    assert answer.text.startswith("Diese Angebote passen zu Ihrer Frage:")


def test_the_understanding_reaches_retrieval(make_service, monkeypatch):
    seen = []
    service = make_service(understander=understand_query)
    original = service.retriever.retrieve

    def spy(*args, **kwargs):
        seen.append(kwargs.get("understanding"))
        return original(*args, **kwargs)

    monkeypatch.setattr(service.retriever, "retrieve", spy)
    service.answer("Wir sind ein Betrieb in Lüdenscheid und suchen Zuschüsse für KI-Weiterbildung.")
    u = next(x for x in seen if x is not None)
    assert u.region == "maerkischer-kreis"
    assert "Lüdenscheid" not in u.topic_query
