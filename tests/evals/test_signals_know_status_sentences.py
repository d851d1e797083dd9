"""The eval's status signals recognise every status sentence the system itself states, in every language.

Status faithfulness reads the answer for a phrase of the status; if the system's own sentence
("Предложение … завершено 31.12.2023") is not among the signal phrases, a faithful answer is scored
as unfaithful and the metric measures the phrase list, not the answer.
"""

from __future__ import annotations

import pytest

from navigator.evals import signals
from navigator.status import lexicon

KINDS = {
    "ended": "ended",
    "ended_event": "ended",
    "ending": "ending",
    "ending_one": "ending",
    "ending_today": "ending",
    "upcoming": "upcoming",
    "upcoming_event": "upcoming",
}
VALUES = {"title": "Beispielprogramm", "date": "31.12.2026", "days": "24", "titles": "X", "office": "Y"}


@pytest.mark.parametrize("lang", lexicon.languages())
@pytest.mark.parametrize("key", sorted(KINDS))
def test_the_signals_recognise_the_systems_status_sentence(lang: str, key: str):
    sentence = lexicon.sentences(lang)[key].format(**VALUES)
    assert signals.states_status(sentence, KINDS[key]), f"{lang} {key}: {sentence}"


def test_an_open_offer_is_not_read_as_ended():
    for lang in lexicon.languages():
        sentence = lexicon.sentences(lang)["open"].format(reviewed="26.11.2026", **VALUES)
        assert not signals.states_status(sentence, "ended"), f"{lang}: {sentence}"
