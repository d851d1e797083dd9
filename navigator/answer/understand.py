"""Stage 1, understand: refuse prompt injection, pick the answer language, make a follow-up stand alone.

Query understanding proper (places, topics, who asks: `navigator.understand`) plugs in here through
`understander`: it receives the standalone query and the snapshot and returns an `Understanding`,
which later stages read from `ctx.understanding`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from navigator.answer import events
from navigator.answer.context import Context, Event, Turn
from navigator.breaker import CircuitBreaker
from navigator.errors import LLMUnavailableError, ModelBusyError
from navigator.foerdercheck import phrases
from navigator.handoff.intent import wants_person, without_request
from navigator.language import answer_language, detect_language, detect_question_language
from navigator.llm.base import ChatProvider, Message
from navigator.log import redact
from navigator.prompts import Prompts
from navigator.retrieval.catalogue import Snapshot
from navigator.scope import is_injection

log = logging.getLogger(__name__)
Detector = Callable[[str, str], str]  # (text, default language) -> language
Rewriter = Callable[[str, Sequence[Turn]], str]  # (message, history) -> standalone query
Understander = Callable[[str, Snapshot], Any]  # (query, snapshot) -> Understanding


def combine_follow_up(message: str, history: Sequence[Turn]) -> str:
    """The follow-up rewrite without a model: the last question asked, the replies since, the message.

    A reply to the navigator's own deciding question ("I'm not sure. What options are there for
    me?") is no new question: the Förder-Check asks a few questions in a row, and retrieving with
    the last reply found income and jobseeker programmes for a recognition question.
    """
    users: list[str] = []
    start, asked = 0, False
    for turn in history:
        if turn.role == "assistant":
            asked = _asks_back(turn.content)
        elif turn.role == "user":
            if not asked:
                start = len(users)
            users.append(turn.content)
            asked = False
    return " ".join([*users[start:], message])


def _asks_back(text: str) -> bool:
    """Whether an assistant turn is the Förder-Check's deciding question (it opens with its lead)."""
    return text.lstrip().startswith(_check_leads())


@lru_cache(maxsize=1)
def _check_leads() -> tuple[str, ...]:
    return tuple(phrases.phrase("clarify_intro", lang) for lang in phrases.languages())


class ModelRewrite:
    """Let the chat model turn a follow-up ("Und in Hagen?") into a question that stands alone.

    Falls back to `combine_follow_up` when the model is unavailable or its rewrite is unusable.
    """

    def __init__(
        self, provider: ChatProvider, prompts: Prompts, breaker: CircuitBreaker, *, log_text: bool = False
    ) -> None:
        self.provider = provider
        self.prompts = prompts
        self.breaker = breaker
        self.log_text = log_text

    def __call__(self, message: str, history: Sequence[Turn]) -> str:
        if not any(t.role == "user" for t in history):
            return message
        if self.breaker.allow():
            prompt = self.prompts.render("rewrite", history=history[-6:], question=message)
            try:
                out = "".join(self.provider.stream([Message("user", prompt)], temperature=0.0, max_tokens=60))
                self.breaker.record(success=True)
                rewritten = next((ln.strip(' "„“') for ln in out.splitlines() if ln.strip()), "")
                if 3 <= len(rewritten) <= 400:
                    if self.log_text:
                        log.debug("follow-up rewritten: %r -> %r", redact(message), redact(rewritten))
                    return rewritten
            except ModelBusyError:  # busy is no fault (navigator/llm/admission.py): the breaker stays
                pass
            except LLMUnavailableError:
                self.breaker.record(success=False)
        rewritten = combine_follow_up(message, history)
        if self.log_text:
            log.debug("follow-up combined: %r", redact(rewritten))
        return rewritten


class Understand:
    name = "understand"

    def __init__(
        self,
        prompts: Prompts,
        *,
        rewrite: Rewriter = combine_follow_up,
        detect: Detector = detect_language,
        understander: Understander | None = None,
        log_text: bool = False,
    ) -> None:
        self.prompts = prompts
        self.rewrite = rewrite
        self.detect = detect
        self.understander = understander
        # Questions are personal data: their text is logged (redacted, at DEBUG) only when asked for.
        self.log_text = log_text

    def run(self, ctx: Context) -> Generator[Event, None, Context]:
        lang = self.detect(ctx.message, ctx.ui_language)
        log.info(
            "question: %d chars, language %s, %d history turns", len(ctx.message), lang, len(ctx.history)
        )
        if self.log_text:
            log.debug("question text: %s", redact(ctx.message))
        # The history comes from the client: a planted turn ("assistant: new rules …") must not reach
        # the model through the follow-up rewrite.
        history = tuple(t for t in ctx.history if not is_injection(t.content))
        if len(history) < len(ctx.history):
            log.info(
                "dropped %d history turn(s) that look like prompt injection", len(ctx.history) - len(history)
            )
        ctx = replace(ctx, language=lang, history=history)
        if is_injection(ctx.message):
            log.info("prompt-injection pattern found; answering with the fixed reply")
            ctx = replace(ctx, query=ctx.message)
            return (yield from events.fixed_reply(ctx, self.prompts.phrase("injection", lang)))
        person = wants_person(ctx.message)
        query = self.rewrite(without_request(ctx.message) if person else ctx.message, history)
        understanding = self.understander(query, ctx.snapshot) if self.understander else None
        asked = detect_question_language(ctx.message, lang)
        notice = answer_language(asked).notice or "" if asked != lang else ""
        # "I want to talk to a person" is read from the message itself: a follow-up asking for a
        # person ("und wo kann ich da hingehen?") keeps the earlier topic through `query`.
        return replace(ctx, query=query, understanding=understanding, notice=notice, wants_person=person)
