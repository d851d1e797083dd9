"""The step-by-step web form of the Förder-Check, without JavaScript and without storing anything.

Every step is a POST of the whole state: the answers so far travel in hidden inputs, in the order
they were given (`p.<field>=<value>`, `skip=<field>` for "I don't know"), plus the topic, the field
just asked (`q`) with its answer (`a`), and the button pressed (`action`). POST keeps the answers out
of URLs and so out of access logs and browser history; the server keeps no session.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal, cast

from navigator import vocab
from navigator.foerdercheck.profile import Profile, ProfileError, Value, parse_text
from navigator.foerdercheck.questions import build_question

# "settle" answers an open point on the result page and shows the result again.
Action = Literal["start", "answer", "skip", "back", "results", "continue", "settle"]
ACTIONS: Final = ("start", "answer", "skip", "back", "results", "continue", "settle")
# Topics offered on the first step; each narrows the check to programmes of that topic.
FORM_TOPICS: Final = ("weiterbildung", "gruendung", "anerkennung", "ausbildung", "digitalisierung")
MAX_ITEMS: Final = 64  # more form fields than any real run of the form has


@dataclass(frozen=True, slots=True)
class Answer:
    """One step of the history: a field and its value, or None if the person did not know."""

    field: str
    value: Value | None


@dataclass(frozen=True, slots=True)
class FormState:
    """What the posted form says: the history of answers, the topic, and what to do next."""

    history: tuple[Answer, ...] = ()
    topic: str = ""
    action: Action = "start"
    asked: str = ""
    error: bool = False

    @classmethod
    def parse(cls, pairs: Iterable[tuple[str, str]]) -> FormState:
        """Read the posted fields; tampered hidden values are dropped, a bad new answer sets `error`."""
        history: list[Answer] = []
        topic, asked, raw = "", "", ""
        action: Action = "start"
        for i, (key, value) in enumerate(pairs):
            if i >= MAX_ITEMS:
                break
            if key.startswith("p.") and key[2:] in vocab.ELIGIBILITY_FIELDS:
                try:
                    history.append(Answer(key[2:], parse_text(key[2:], value)))
                except ProfileError:
                    continue
            elif key == "skip" and value in vocab.ELIGIBILITY_FIELDS:
                history.append(Answer(value, None))
            elif key == "topic" and value in FORM_TOPICS:
                topic = value
            elif key == "action" and value in ACTIONS:
                action = cast(Action, value)
            elif key == "q" and value in vocab.ELIGIBILITY_FIELDS:
                asked = value
            elif key == "a":
                raw = value
        state = cls(_latest(history), topic, action, asked)
        return state.apply(raw)

    def apply(self, raw: str) -> FormState:
        """Take the button's effect: record the answer or the skip, or go one step back."""
        if self.action == "back":
            return replace(self, history=self.history[:-1])
        if not self.asked or self.action not in ("answer", "skip", "settle"):
            return self
        if self.action == "skip":
            return replace(self, history=_latest([*self.history, Answer(self.asked, None)]))
        try:
            value = parse_text(self.asked, raw) if raw.strip() else None
        except ProfileError:
            value = None
        if value is None:
            return replace(self, error=True)
        return replace(self, history=_latest([*self.history, Answer(self.asked, value)]))

    @property
    def profile(self) -> Profile:
        return Profile({a.field: a.value for a in self.history if a.value is not None})

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(a.field for a in self.history if a.value is None)

    @property
    def topics(self) -> tuple[str, ...]:
        return (self.topic,) if self.topic else ()

    def hidden(self) -> list[tuple[str, str]]:
        """The hidden inputs that carry this state into the next step."""
        fields: list[tuple[str, str]] = [("topic", self.topic)] if self.topic else []
        for a in self.history:
            if a.value is None:
                fields.append(("skip", a.field))
            else:
                text = str(a.value).lower() if isinstance(a.value, bool) else str(a.value)
                fields.append((f"p.{a.field}", text))
        return fields

    def answers(self, lang: str) -> list[tuple[str, str | None]]:
        """(question, answer label) for each step so far; None for "don't know"."""
        shown = []
        asker = self.profile.get("applicant")
        for a in self.history:
            question = build_question(a.field, lang, asker=str(asker) if asker else None)
            label: str | None = None
            if a.value is not None:
                value = str(a.value).lower() if isinstance(a.value, bool) else str(a.value)
                label = next((o.label for o in question.options if o.value == value), value)
            shown.append((question.text, label))
        return shown


def _latest(history: Sequence[Answer]) -> tuple[Answer, ...]:
    """Keep one step per field (the latest), in the order of the latest answers."""
    last = {a.field: i for i, a in enumerate(history)}
    return tuple(a for i, a in enumerate(history) if last[a.field] == i)
