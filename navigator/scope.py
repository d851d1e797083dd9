"""Decide whether a question is for the navigator at all, and spot prompt-injection attempts."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from navigator.retrieval.embeddings import Embedder

# Phrases of instruction override, prompt extraction and role play, in German and English (and a few
# in the other answer languages). Matching is on lower-cased text.
_INJECTION = re.compile(
    r"|".join(
        [
            r"ignor\w*\s+(?:\w+\s+){0,4}(?:instruction|anweisung|regel|rule|prompt|vorgabe)",
            r"(?:vergiss|forget|disregard|missachte)\w*\s+(?:\w+\s+){0,4}(?:instruction|anweisung|regel|rule|prompt|vorgabe|everything|alles)",
            r"system\s*-?\s*prompt",
            r"(?:zeig|gib|print|show|reveal|repeat|wiederhol|verrat|output|ausgeb)\w*\s+(?:\w+\s+){0,5}(?:instruction|anweisung|regeln|rules|prompt|konfiguration|configuration)",
            r"(?:du bist|you are)\s+(?:jetzt|nun|ab sofort|now|from now on)\b",
            r"(?:act|pretend|tu so|verhalte dich)\s+(?:\w+\s+){0,3}(?:as|als|wie)\b",
            r"\b(?:jailbreak|dan mode|developer mode|entwicklermodus|godmode)\b",
            r"(?:new|neue)\s+(?:instructions?|anweisungen?|rolle|role)\s*:",
            r"(?:neue|new|zusätzliche|additional|fake)\s+quelle\s*\[?\d*\]?\s*:",
            r"\[\d+\]\s*(?:neue )?quelle\s*:",
            r"(?:игнорируй|ігноруй|talimatları yok say|تجاهل)",
        ]
    ),
    re.IGNORECASE,
)
_BASE64 = re.compile(r"[A-Za-z0-9+/]{24,}={0,2}")


def _decoded_payloads(text: str) -> list[str]:
    out = []
    for m in _BASE64.finditer(text):
        try:
            out.append(base64.b64decode(m.group(0) + "==", validate=False).decode("utf-8", "ignore"))
        except (binascii.Error, ValueError):
            continue
    return out


def is_injection(text: str) -> bool:
    """True for attempts to override instructions, extract the prompt, or smuggle encoded commands."""
    return any(_INJECTION.search(t) for t in [text, *_decoded_payloads(text)])


class ScopeGuard:
    """Flags questions that are much closer to known off-topic questions than to the knowledge base."""

    def __init__(self, embedder: Embedder, examples_file: Path, margin: float = 0.02) -> None:
        self.embedder = embedder
        self.examples: list[str] = yaml.safe_load(examples_file.read_text(encoding="utf-8"))
        self.margin = margin
        self._vectors: np.ndarray[Any, Any] | None = None

    def off_topic_similarity(self, query_vector: np.ndarray[Any, Any]) -> float:
        if self._vectors is None:
            self._vectors = self.embedder.embed_passages(self.examples)
        return float(np.max(self._vectors @ query_vector))

    def out_of_scope(self, query_vector: np.ndarray[Any, Any], best_knowledge_similarity: float) -> bool:
        return self.off_topic_similarity(query_vector) > best_knowledge_similarity + self.margin
