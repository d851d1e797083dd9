"""The Förder-Check in the chat: ask the one deciding question instead of guessing, or state the verdict.

`clarify()` looks at the programmes among the retrieved sources. It asks only when all of this holds:
the person asks about their own case ("ich", "wir", "my company"), the message itself asks about money
or eligibility (not how to apply, what a programme is, or whether it must be paid back), and the outcome
of the programme the question is about (named, else the best-ranked one) or its amount (like the § 82
SGB III shares by company size) hangs on a fact that message and history do not give. Then it returns
that one question, in the user's language. Otherwise, and when the facts are known, it returns the
check's results, so the answer can state them: the model may phrase them, never decide them.

Example (what the answer pipeline's clarify stage does with it)::

    result = clarify(message, history, sources, lang, checker=checker)
    if result and result.question:
        reply = result.question_text()        # ask, don't answer yet
    elif result:
        facts = result.prompt_facts()         # verdicts for the prompt; the model must not change them

The parts: `asking` (what the message asks), `history` (the facts of the conversation), `deciding`
(the programme asked about, the fields that decide it), `result` (`ClarifyResult`) and `clarify`.
"""

from navigator.foerdercheck.chat.asking import history_question
from navigator.foerdercheck.chat.clarify import clarify
from navigator.foerdercheck.chat.history import Turn, pending_field, read_profile
from navigator.foerdercheck.chat.result import ClarifyResult

__all__ = ["ClarifyResult", "Turn", "clarify", "history_question", "pending_field", "read_profile"]
