"""`StreamGuard`: the streamed tokens get the same checks as the final answer, before anyone sees them.

The final answer is verified as a whole (`ChatService._verify`), but the tokens stream to the page
while the model writes. Without this guard a model talked into it could show a foreign link or the
system prompt in the stream even though the final answer drops it. The guard releases text word by
word, but never half a link or half a phone number (it cuts only at a space that does not follow a
digit), strips links, e-mail addresses and phone numbers that are not in the knowledge base
(`citations.strip_unknown_contacts`), holds back a sentence while it reads like the start of a
system-prompt sentence, and releases nothing more once one is repeated.

Example::

    guard = StreamGuard(urls=kb_urls, emails=kb_emails, phones=kb_phones, secret=system_prompt)
    for piece in model_stream:
        if safe := guard.feed(piece):
            send(safe)
        if guard.leaked:
            break
    send(guard.flush())
"""

from __future__ import annotations

import re
from collections.abc import Collection

from navigator import citations
from navigator.scope import leaks_prompt, prompt_sentences, squash

_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?:;]\s|\n")
# A space after one of these may sit inside a phone number ("02331 / 207-0"): do not cut there.
_NUMBER_CHARS = frozenset("0123456789/-()+")
_SUSPICIOUS_CHARS = 16  # a sentence this long that is part of a prompt sentence is held back


class StreamGuard:
    """Filters a token stream; see the module docstring."""

    def __init__(
        self,
        *,
        urls: Collection[str],
        emails: Collection[str],
        phones: Collection[str],
        secret: str,
    ) -> None:
        self.urls, self.emails, self.phones = urls, emails, phones
        self.sentences = prompt_sentences(secret)
        self.leaked = False
        self._text = ""
        self._held = ""

    def feed(self, piece: str) -> str:
        """Take the next piece; return what is safe to show now (may be "")."""
        if self.leaked:
            return ""
        self._text += piece
        self._held += piece
        if leaks_prompt(self._text, self.sentences):
            self.leaked = True
            self._held = ""
            return ""
        if self._reads_like_prompt():
            return ""
        cut = 0
        for m in _SPACE.finditer(self._held):
            if m.start() > 0 and self._held[m.start() - 1] not in _NUMBER_CHARS:
                cut = m.end()
        ready, self._held = self._held[:cut], self._held[cut:]
        return self._clean(ready) if ready else ""

    def _reads_like_prompt(self) -> bool:
        starts = [m.end() for m in _SENTENCE_END.finditer(self._text)]
        current = squash(self._text[starts[-1] if starts else 0 :])
        return len(current) >= _SUSPICIOUS_CHARS and any(current in s for s in self.sentences)

    def flush(self) -> str:
        """The rest, once the model has finished."""
        ready, self._held = self._held, ""
        return "" if self.leaked else self._clean(ready)

    def _clean(self, text: str) -> str:
        # strip_unknown_contacts trims the ends; keep them, so the pieces join with their spaces.
        core = text.strip()
        if not core:
            return text
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        cleaned = citations.strip_unknown_contacts(
            core, urls=self.urls, emails=self.emails, phones=self.phones
        )
        return lead + cleaned + trail if cleaned else lead
