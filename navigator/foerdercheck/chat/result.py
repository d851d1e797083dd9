"""The outcome of the clarify step: the one question to ask, or the verdicts for the answer.

It renders itself as the chat needs it: the question with its lead-in, the short result, the verdicts
as plain lines for the answer prompt (the model may phrase them, never decide them), and a dict for
the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from navigator.foerdercheck import phrases
from navigator.foerdercheck.conversation import result_form, summary_text
from navigator.foerdercheck.profile import Profile
from navigator.foerdercheck.results import CheckResult, Question


@dataclass(frozen=True, slots=True)
class ClarifyResult:
    """The one question to ask (or None when the facts are known), the profile read, the verdicts."""

    question: Question | None
    profile: Profile
    results: tuple[CheckResult, ...]
    language: str
    # Whether this is the asker's own Förder-Check conversation: the reply is the check's, not the model's.
    conversation: bool = False
    skipped: tuple[str, ...] = ()
    # The programmes for this asker that fit or nearly fit, best first (what the short result names).
    leading: tuple[str, ...] = ()
    # Programme id -> the number of its source card, for citations in the short result.
    numbers: dict[str, int] = field(default_factory=dict)

    @property
    def ask(self) -> bool:
        return self.question is not None

    def question_text(self) -> str:
        """The reply that asks the question, with a short lead-in and the plain line on its term."""
        assert self.question is not None
        text = f"{phrases.phrase('clarify_intro', self.language)} {self.question.text}"
        return f"{text}\n{self.question.help}" if self.question.help else text

    def summary_text(self) -> str:
        """The result in the chat: one short sentence per fitting programme, best first."""
        shown = [r for r in self.results if r.programme.id in self.leading or r.outcome == "ended"]
        return summary_text(shown, self.language, self.numbers)

    def prompt_facts(self) -> str:
        """The verdicts as plain lines for the answer prompt (in the user's language)."""
        lang = self.language
        lines = []
        for r in self.results:
            lines.append(f"- {r.programme.title}: {r.label}")
            lines += [f"  - {c.text}" for c in r.criteria if c.status == "not_met"]
            lines += [
                f"  - {phrases.phrase('open', lang)} {q.text}"
                for q in r.questions
                if r.outcome == "answer_missing"
            ]
            lines += [f"  - {text}" for text in r.conditions]
            if r.outcome in ("fits", "fits_if", "answer_missing"):
                lines += [f"  - {b.label}: {b.text}" for b in r.benefits]
            if r.note:
                lines.append(f"  - {r.note}")
            if r.alternatives and r.outcome == "does_not_fit":
                names = ", ".join(a.title for a in r.alternatives)
                lines.append(f"  - {phrases.phrase('instead', lang)} {names}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.as_dict() if self.question else None,
            "profile": dict(self.profile),
            "results": [r.as_dict() for r in self.results],
            "language": self.language,
            "result_form": result_form(self.profile, self.skipped),
            "more": phrases.phrase("chat_more", self.language),
        }
