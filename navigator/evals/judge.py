"""Optional LLM-as-judge: faithfulness and answer relevance, rated 1–5 by a second chat provider.

Runs only when `settings.eval_judge` names a provider: a judge is slow and itself fallible, so the
default eval relies on the deterministic metrics alone.
"""

from __future__ import annotations

import logging

from navigator.errors import LLMUnavailableError
from navigator.evals import metrics
from navigator.llm.base import ChatProvider, Message
from navigator.prompts import Prompts
from navigator.types import Answer

log = logging.getLogger(__name__)


class Judge:
    """Rates an answer with the prompts `judge_faithfulness` and `judge_relevance`.

    Example::

        judge = Judge(get_provider(settings.model_copy(update={"llm": "openai"})), prompts)
        judge.rate("Wer hilft bei der Anerkennung?", answer)  # {"faithfulness": 1.0, ...}
    """

    def __init__(self, provider: ChatProvider, prompts: Prompts) -> None:
        self.provider = provider
        self.prompts = prompts

    def rate(self, question: str, answer: Answer) -> dict[str, float | None]:
        """Scores in 0..1 (None when the judge failed or gave no rating)."""
        sources = "\n".join(f"[{s.n}] {s.title}: {s.excerpt or s.summary}" for s in answer.sources)
        return {
            "faithfulness": self._ask(
                "judge_faithfulness", question=question, answer=answer.text, sources=sources
            ),
            "answer_relevance": self._ask("judge_relevance", question=question, answer=answer.text),
        }

    def _ask(self, template: str, **values: str) -> float | None:
        prompt = self.prompts.render(template, **values)
        try:
            reply = "".join(self.provider.stream([Message("user", prompt)], temperature=0.0, max_tokens=8))
        except LLMUnavailableError as exc:
            log.warning("judge %s failed: %s", self.provider.name, exc.hint)
            return None
        score = metrics.judge_score(reply)
        if score is None:
            log.warning("judge %s gave no 1-5 rating for %s", self.provider.name, template)
        return score
