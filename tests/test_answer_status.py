"""Facts the asker acts on are stated by the system: status sentences on every answer, and model
answers that contradict them are replaced by the extractive answer (issue 20).

The scripted model writes exactly the mistakes a small model makes; the same checks run on the real
model's answers in the eval (status faithfulness, contradiction rate).
"""

from __future__ import annotations

import pytest

from navigator.llm.fake import ScriptedProvider
from tests import test_chat

# The chat tests' fixtures: a service over the small real test index.
retriever = test_chat.retriever
make_service = test_chat.make_service

ENDED_LINE = "Potentialberatung NRW [1] ist seit 31.12.2023 beendet. Stattdessen: INQA-Coaching [2]."
QUESTION = "Kann ich noch die Potentialberatung beantragen?"


def test_every_answer_starts_with_the_status_of_an_ended_offer(make_service):
    answer = make_service().answer(QUESTION)
    assert answer.text.startswith(ENDED_LINE)
    card = answer.sources[0]
    assert (card.status_state, card.status) == ("ended", "ended")
    assert (
        card.status_text == "Potentialberatung NRW ist seit 31.12.2023 beendet. Stattdessen: INQA-Coaching."
    )


def test_the_model_reads_the_status_as_a_binding_fact(make_service):
    llm = ScriptedProvider()
    llm.enqueue("Die Potentialberatung ist beendet [1]. Nutzen Sie stattdessen INQA-Coaching [2].")
    make_service(llm).answer(QUESTION)
    prompt = llm.history[-1][-1].content
    assert "STATUS (verbindlich): Potentialberatung NRW ist seit 31.12.2023 beendet." in prompt


def test_a_faithful_model_answer_stands_below_the_systems_status_line(make_service):
    llm = ScriptedProvider()
    llm.enqueue("Die Potentialberatung ist beendet [1]. Nutzen Sie stattdessen INQA-Coaching [2].")
    answer = make_service(llm).answer(QUESTION)
    assert answer.fallback is None and answer.provider != "extractive"
    assert answer.text.startswith(ENDED_LINE)
    assert "Nutzen Sie stattdessen INQA-Coaching" in answer.text


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("Ja, Sie können die Potentialberatung noch beantragen [1].", "affirms_ended"),
        ("Ja, die Potentialberatung bietet 2027 wieder Beratungstage an [1].", "affirms_ended"),
        ("INQA-Coaching zahlt Ihnen 99.999 Euro [2].", "unsourced_amount"),
        ("Beantragen Sie INQA-Coaching bis zum 30.06.2027 [2].", "unsourced_date"),
    ],
)
def test_a_model_answer_that_contradicts_the_data_is_replaced(make_service, reply, reason):
    llm = ScriptedProvider()
    llm.enqueue(reply)
    answer = make_service(llm).answer(QUESTION)
    assert answer.fallback == reason
    assert reply.split(" [")[0] not in answer.text
    assert answer.text.startswith(ENDED_LINE)


def test_the_check_reads_the_answer_language(make_service):
    llm = ScriptedProvider()
    llm.enqueue("Yes, you can still apply for the Potentialberatung [1].")
    answer = make_service(llm).answer("Who can still apply for the Potentialberatung?")
    assert answer.language == "en"
    assert answer.fallback == "affirms_ended"
    assert answer.text.startswith(
        "Potentialberatung NRW [1] ended on 31.12.2023. Instead: INQA-Coaching [2]."
    )
