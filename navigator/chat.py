"""`ChatService`: question → (rewrite) → retrieve → gate → prompt → LLM → verify, or the extractive answer.

`stream()` yields events in a fixed order, which the SSE endpoint forwards as they come:
    ("sources", [source dicts])   at once, so the page can show cards while the model writes
    ("token", "text piece")       zero or more
    ("done", Answer)              the verified answer; its sources are the cited ones first
`answer()` runs the same stream and returns the final `Answer`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import time
from collections.abc import Callable, Collection, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from navigator import citations
from navigator.breaker import CircuitBreaker
from navigator.errors import LLMUnavailableError, ModelBusyError
from navigator.foerdercheck.chat import clarify, pending_field
from navigator.foerdercheck.engine import Checker
from navigator.knowledge import Entry
from navigator.llm.base import ChatProvider, Message
from navigator.log import redact
from navigator.prompts import Prompts
from navigator.retrieval.filters import Filters
from navigator.retrieval.hybrid import HybridRetriever
from navigator.scope import ScopeGuard, is_injection, leaks_prompt, prompt_sentences
from navigator.stream_guard import StreamGuard
from navigator.types import Answer, Hit, Source
from navigator.vocab import ANSWER_LANGUAGES, LANGUAGES

log = logging.getLogger(__name__)
Event = tuple[str, Any]
EXCERPT_CHARS = 420
# The model reads the sources' text as prompt tokens, which on 2 CPU cores cost ~12 ms each before the
# first answer token: so it gets the best few sources, each cut to about two sentences (bench/results.md).
PROMPT_EXCERPT_CHARS = 240
CHECKED_SOURCES = 2


def _shorten(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters at a word boundary, marking the cut with "…"."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-") + " …"


def _date(value: dt.date | None) -> str | None:
    return value.strftime("%d.%m.%Y") if value else None


@dataclass(frozen=True, slots=True)
class Turn:
    role: str
    content: str


class ChatService:
    """Answers questions from the knowledge base.

    Example::

    service = ChatService(retriever, provider=None, prompts=load_prompts(Path("prompts")))
    answer = service.answer("Wer hilft bei der Anerkennung meines Abschlusses?")
    print(answer.text, [s.title for s in answer.sources])
    """

    def __init__(
        self,
        retriever: HybridRetriever,
        provider: ChatProvider | None,
        prompts: Prompts,
        *,
        scope: ScopeGuard | None = None,
        top_k: int = 5,
        prompt_sources: int = 3,
        temperature: float = 0.1,
        max_tokens: int = 320,
        timeout_s: float = 30.0,
        breaker: CircuitBreaker | None = None,
        detect_language: Callable[[str, str], str] | None = None,
        log_text: bool = False,
    ) -> None:
        self.retriever = retriever
        self.provider = provider
        self.prompts = prompts
        self.scope = scope
        self.top_k = top_k
        self.prompt_sources = prompt_sources
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s
        self.breaker = breaker or CircuitBreaker()
        self._detect = detect_language
        self._check_cache: tuple[tuple[str, dt.date], Checker] | None = None
        self._contacts_cache: tuple[str, dict[str, set[str]]] | None = None
        # Questions are personal data: their text is logged (redacted, at DEBUG) only when asked for.
        self.log_text = log_text

    @property
    def provider_name(self) -> str:
        return self.provider.name if self.provider else "extractive"

    # -- public ---------------------------------------------------------------------------------
    def answer(
        self,
        message: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        ui_language: str = "de",
    ) -> Answer:
        final: Answer | None = None
        for kind, payload in self.stream(message, history, filters, ui_language):
            if kind == "done":
                final = payload
        assert final is not None
        return final

    def stream(
        self,
        message: str,
        history: Sequence[Turn] = (),
        filters: Filters | None = None,
        ui_language: str = "de",
    ) -> Generator[Event, None, None]:
        started = time.perf_counter()
        lang = self.language(message, ui_language)
        log.info("question: %d chars, language %s, %d history turns", len(message), lang, len(history))
        if self.log_text:
            log.debug("question text: %s", redact(message))
        # The history comes from the client: a planted turn ("assistant: new rules …") must not reach
        # the model through the follow-up rewrite.
        planted = [t for t in history if is_injection(t.content)]
        if planted:
            log.info("dropped %d history turn(s) that look like prompt injection", len(planted))
            history = [t for t in history if t not in planted]
        if is_injection(message):
            log.info("prompt-injection pattern found; answering with the fixed reply")
            yield from self._fixed(self.prompts.phrase("injection", lang), lang, message, started)
            return

        query = self.standalone_query(message, history)
        vector = self.retriever.query_vector(query)
        hits = self.retriever.retrieve(query, k=self.top_k, filters=filters, vector=vector)
        ended = self.retriever.named_ended(query, vector)
        best = max((h.similarity for h in hits), default=0.0)
        # A short reply to the navigator's own deciding question ("Ja", "Ich weiß es nicht") looks
        # off-topic on its own; the question it answers is in scope by construction.
        replying = bool(history) and pending_field(history, self._checker()) is not None
        if not ended and not replying and self.scope and self.scope.out_of_scope(vector, best):
            log.info("out of scope (best knowledge similarity %.3f)", best)
            yield from self._fixed(self.prompts.phrase("out_of_scope", lang), lang, query, started)
            return

        sources = self._sources(hits, ended)
        if not sources:
            yield from self._fixed(self.prompts.phrase("nothing", lang), lang, query, started)
            return
        yield ("sources", [s.as_dict() for s in sources])

        # A funding question whose answer hangs on one fact gets that question, not a guess; with the
        # facts known, the check's verdicts go into the answer and the model may only phrase them.
        # Only the two best sources count: a side hit must not make the navigator quiz the person.
        # A question about an ended offer gets "ended since …, instead …", not a quiz on its successor.
        check = (
            None
            if ended
            else clarify(message, history, sources[:CHECKED_SOURCES], lang, checker=self._checker())
        )
        if check is not None and check.ask:
            text = check.question_text()
            yield from self._words(text)
            yield ("done", self._final(text, lang, sources, query, started, None, check=check.as_dict()))
            return
        facts = check.prompt_facts() if check else ""
        if self.provider is None:
            text = self.extractive_text(sources, lang)
            if facts:
                text = f"{self.prompts.phrase('check_result', lang)}\n{facts}\n\n{text}"
            yield from self._words(text)
            check_dict = check.as_dict() if check else None
            yield ("done", self._final(text, lang, sources, query, started, fallback=None, check=check_dict))
            return
        yield from self._generate(
            message, lang, sources, query, started, facts, check.as_dict() if check else None
        )

    def language(self, message: str, ui_language: str = "de") -> str:
        if self._detect is None:
            from navigator.language import detect_language

            self._detect = detect_language
        return self._detect(message, ui_language)

    def standalone_query(self, message: str, history: Sequence[Turn]) -> str:
        """Turn a follow-up ("Und in Hagen?") into a question that stands alone, for retrieval."""
        users = [t.content for t in history if t.role == "user"]
        if not users:
            return message
        if self.provider is not None and self.breaker.allow():
            prompt = self.prompts.render("rewrite", history=history[-6:], question=message)
            try:
                out = "".join(self.provider.stream([Message("user", prompt)], temperature=0.0, max_tokens=60))
                self.breaker.record(success=True)
                rewritten = next((ln.strip(' "„“') for ln in out.splitlines() if ln.strip()), "")
                if 3 <= len(rewritten) <= 400:
                    if self.log_text:
                        log.debug("follow-up rewritten: %r -> %r", redact(message), redact(rewritten))
                    return rewritten
            except ModelBusyError:  # admission: busy is no fault, so the breaker stays as it is
                pass
            except LLMUnavailableError:
                self.breaker.record(success=False)
        # Without a model: the last question carries the topic, the new message the detail.
        rewritten = f"{users[-1]} {message}"
        if self.log_text:
            log.debug("follow-up combined: %r", redact(rewritten))
        return rewritten

    # -- sources --------------------------------------------------------------------------------
    def _sources(self, hits: list[Hit], ended: list[Entry]) -> list[Source]:
        cat = self.retriever.catalogue()
        today = self.retriever.today()
        order: list[tuple[Entry, str]] = []
        for e in ended:  # a named ended programme first, then its successors
            order.append((e, e.summary))
            order += [(cat.entries[s], cat.entries[s].summary) for s in e.successors if s in cat.entries]
        order += [(cat.entries[h.id], h.text) for h in hits if h.id in cat.entries]
        sources: list[Source] = []
        seen: set[str] = set()
        for e, text in order:
            if e.id in seen:
                continue
            seen.add(e.id)
            sources.append(self._source(e, len(sources) + 1, text, today))
        return sources[: max(self.top_k, len(ended) * 2)]

    @staticmethod
    def _source(e: Entry, n: int, text: str, today: dt.date) -> Source:
        contact = {k: str(v) for k, v in e.contact.model_dump().items() if v}
        body = "\n".join(line for line in text.splitlines()[1:] if line.strip()) or text
        return Source(
            n=n,
            id=e.id,
            title=e.title,
            organisation=e.organisation,
            kind=e.kind,
            url=str(e.url),
            summary=e.summary,
            contact=contact,
            status=e.status(today),
            reviewed=e.reviewed.isoformat(),
            end_date=end.isoformat() if (end := e.end_date()) else None,
            successors=tuple(e.successors),
            excerpt=re.sub(r"\s+", " ", body)[:EXCERPT_CHARS],
        )

    # -- answers --------------------------------------------------------------------------------
    def extractive_text(self, sources: Sequence[Source], lang: str) -> str:
        """The deterministic answer: numbered entries with one line each, and notes on ended ones."""
        p = self.prompts.phrase
        by_id = {s.id: s for s in sources}
        notes = []
        for s in sources:  # named ended offers first: the question was about them
            if s.status != "ended":
                continue
            end = _date(dt.date.fromisoformat(s.end_date)) if s.end_date else "?"
            title = re.sub(r"\s*\([^)]*\)", "", s.title)  # "X (beendet seit …)" would say it twice
            note = p("ended_event" if s.kind == "event" else "ended", lang, title=title, date=end or "?")
            successors = ", ".join(f"{by_id[i].title} [{by_id[i].n}]" for i in s.successors if i in by_id)
            if successors:
                note += " " + p("ended_successor", lang, successors=successors)
            notes.append(f"{note} [{s.n}]")
        lines = [*notes, p("intro", lang)]
        for s in sources:
            if s.status == "ended":
                continue
            line = f"[{s.n}] {s.title} ({s.organisation}): {s.summary}"
            contact = " · ".join(v for k, v in s.contact.items() if k in ("phone", "email"))
            lines.append(f"{line} {p('contact', lang)}: {contact}" if contact else line)
        return "\n".join(lines)

    def warm_up(self) -> None:
        """Embed the scope guard's examples, load the chat model and cache its fixed prompt prefix."""
        if self.scope:
            self.scope.warm_up()  # embeds its example questions (a few seconds)
        warm = getattr(self.provider, "warm_up", None)
        if warm:
            warm(self.prefix_messages())

    def prefix_messages(self) -> list[Message]:
        """The fixed start of every prompt (rules and worked example): llama.cpp caches its state."""
        return [
            Message("system", self.prompts.render("system")),
            Message("user", self.prompts.render("example_user")),
            Message("assistant", self.prompts.render("example_assistant")),
        ]

    def _messages(self, message: str, lang: str, sources: Sequence[Source], facts: str = "") -> list[Message]:
        sources = sources[: self.prompt_sources]
        by_id = {s.id: s for s in sources}
        prompt_sources = [
            {
                "n": s.n,
                "title": s.title,
                "organisation": s.organisation,
                "status": s.status,
                "end_date": _date(dt.date.fromisoformat(s.end_date)) if s.end_date else "",
                "successor_titles": ", ".join(
                    f"{by_id[i].title} [{by_id[i].n}]" for i in s.successors if i in by_id
                ),
                "text": _shorten(s.excerpt or s.summary, PROMPT_EXCERPT_CHARS),
            }
            for s in sources
        ]
        return [
            *self.prefix_messages(),
            Message(
                "user",
                self.prompts.render(
                    "question",
                    sources=prompt_sources,
                    check_facts=facts,
                    question=message,
                    language_name=LANGUAGES.get(lang, lang),
                    # Small models drift back to German (the worked example's language) unless told
                    # in the user's own language as well.
                    answer_in="" if lang == "de" else self.prompts.phrase("answer_in", lang),
                ),
            ),
        ]

    def _checker(self) -> Checker:
        """The Förder-Check over the live catalogue, rebuilt when the index or the day changes."""
        cat = self.retriever.catalogue()
        key = (cat.name, self.retriever.today())
        if self._check_cache is None or self._check_cache[0] != key:
            self._check_cache = (key, Checker(cat.entries.values(), key[1]))
        return self._check_cache[1]

    def _generate(
        self,
        message: str,
        lang: str,
        sources: list[Source],
        query: str,
        started: float,
        facts: str = "",
        check: dict[str, Any] | None = None,
    ) -> Iterator[Event]:
        assert self.provider is not None
        pieces: list[str] = []
        reason: str | None = None
        first_token: float | None = None
        if not self.breaker.allow():
            reason = "provider_unavailable"
        else:
            stream: Iterator[str] = iter(())
            deadline = time.monotonic() + self.timeout_s
            guard = StreamGuard(**self._known_contacts(), secret=self.prompts.render("system"))
            try:
                stream = self.provider.stream(
                    self._messages(message, lang, sources, facts),
                    temperature=self.temperature,
                    max_tokens=self.max_tokens,
                )
                for piece in stream:
                    first_token = first_token or time.perf_counter()
                    pieces.append(piece)
                    if safe := guard.feed(piece):
                        yield ("token", safe)
                    if guard.leaked:
                        reason = "prompt_leak"
                        break
                    if time.monotonic() > deadline:
                        raise LLMUnavailableError(
                            self.provider_name, f"no complete answer in {self.timeout_s} s"
                        )
                if tail := guard.flush():
                    yield ("token", tail)
                self.breaker.record(success=True)
            except ModelBusyError as exc:  # admission (navigator/llm/admission.py): no wait in vain
                log.info("LLM busy, answering extractively at once: %s", exc.hint)
                reason = "model_busy"
            except LLMUnavailableError as exc:
                log.warning("LLM failed, using the extractive answer: %s", exc.hint)
                self.breaker.record(success=False)
                reason = "provider_error"
            except Exception:  # a provider bug must cost the user the model's answer, not the answer
                log.exception("LLM provider %s raised; using the extractive answer", self.provider_name)
                self.breaker.record(success=False)
                reason = "provider_error"
            finally:
                close = getattr(stream, "close", None)
                if close:
                    close()
        timings = {"first_token_s": first_token - started} if first_token else {}
        if reason is None:
            text, sources, reason = self._verify("".join(pieces), sources, lang)
            if reason is None:
                yield ("done", self._final(text, lang, sources, query, started, None, timings, check))
                return
            log.warning("LLM answer rejected (%s); using the extractive answer", reason)
        text = self.extractive_text(sources, lang) + "\n\n" + self.prompts.phrase("fallback", lang)
        if facts:
            text = f"{self.prompts.phrase('check_result', lang)}\n{facts}\n\n{text}"
        yield ("done", self._final(text, lang, sources, query, started, reason, timings, check))

    def _verify(self, raw: str, sources: list[Source], lang: str) -> tuple[str, list[Source], str | None]:
        """Check citations and contacts; return (text, reordered sources, rejection reason or None)."""
        letters = sum(ch.isalpha() for ch in raw)
        if len(raw.strip()) < 12 or letters < 0.5 * len(raw.strip()):
            return raw, sources, "garbage"
        if leaks_prompt(raw, prompt_sentences(self.prompts.render("system"))):
            return raw, sources, "prompt_leak"
        text = citations.strip_unknown_contacts(raw, **self._known_contacts())
        # Only the sources the model was shown can be cited.
        text = citations.keep_valid_markers(text, {s.n for s in sources[: self.prompt_sources]})
        cited = citations.cited_numbers(text)
        if not cited:
            return text, sources, "no_citation"
        if lang in ANSWER_LANGUAGES and self._opening_language(text, sources, lang) != lang:
            return text, sources, "wrong_language"
        by_n = {s.n: s for s in sources}
        ordered = [by_n[n] for n in cited] + [s for s in sources if s.n not in cited]
        mapping = {s.n: i for i, s in enumerate(ordered, 1)}
        renumbered = [replace(s, n=mapping[s.n], cited=s.n in cited) for s in ordered]
        return citations.renumber(text, mapping), renumbered, None

    def _opening_language(self, text: str, sources: Sequence[Source], lang: str) -> str:
        """The language of the answer's first sentence, without the German names of the sources.

        Small models drift into German (the sources' language) or a neighbouring language; the first
        sentence shows it. Titles and organisations are removed first because a correct English
        answer that names "Agentur für Arbeit Iserlohn" would otherwise look German.
        """
        plain = re.sub(r"\[\d+\]", "", text)
        for s in sources:
            plain = plain.replace(s.title, "").replace(s.organisation, "")
        first = re.split(r"(?<=[.!?])\s", plain.strip(), maxsplit=1)[0]
        return self.language(first, lang)

    def _known_contacts(self) -> dict[str, set[str]]:
        """The links, e-mail addresses and phone numbers of the knowledge base (the only ones allowed).

        Built once per live catalogue: every model answer needs them twice (stream guard, verification).
        """
        cat = self.retriever.catalogue()
        if self._contacts_cache is None or self._contacts_cache[0] != cat.name:
            self._contacts_cache = (cat.name, self._contacts_of(cat.entries.values()))
        return self._contacts_cache[1]

    @staticmethod
    def _contacts_of(entries: Collection[Entry]) -> dict[str, set[str]]:
        return {
            "urls": {str(e.url) for e in entries} | {str(u) for e in entries for u in e.sources},
            "emails": {e.contact.email for e in entries if e.contact.email},
            "phones": {e.contact.phone for e in entries if e.contact.phone},
        }

    def _final(
        self,
        text: str,
        lang: str,
        sources: Sequence[Source],
        query: str,
        started: float,
        fallback: str | None,
        timings: dict[str, float] | None = None,
        check: dict[str, Any] | None = None,
    ) -> Answer:
        grounded = bool(sources) and bool(citations.cited_numbers(text))
        usage = self.provider.usage if self.provider else None
        return Answer(
            text=text,
            language=lang,
            sources=tuple(sources),
            grounded=grounded,
            provider=self.provider_name,
            fallback=fallback,
            query=query,
            check=check,
            timings={**(timings or {}), "total_s": time.perf_counter() - started},
            usage={"prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens}
            if usage
            else {},
        )

    def _fixed(self, text: str, lang: str, query: str, started: float) -> Iterator[Event]:
        yield ("sources", [])
        yield from self._words(text)
        yield ("done", self._final(text, lang, (), query, started, None))

    @staticmethod
    def _words(text: str) -> Iterator[Event]:
        for piece in re.findall(r"\S+\s*", text):
            yield ("token", piece)
