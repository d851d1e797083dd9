"""Naughty input for the fuzzing tests: a corpus of strings and hypothesis strategies built on it.

The strings a schema-driven fuzzer does not make: unpaired surrogates (valid JSON escapes, invalid
Unicode), control characters, bidi overrides, zero-width characters, very long words, numbers at the
edges of what JSON parsers and databases hold (-0, 1e309, 2**63), deep nesting, markup.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

CORPUS_FILE = Path(__file__).parent / "data" / "naughty_strings.txt"
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|n|t|r)")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r"}


def _unescape(line: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return _SIMPLE.get(code) or chr(int(code[1:], 16))

    return _ESCAPE.sub(one, line)


def load_corpus() -> list[str]:
    """Every string of the corpus file, plus the empty string and very long words."""
    lines = CORPUS_FILE.read_text(encoding="utf-8").splitlines()
    strings = [_unescape(line) for line in lines if line and not line.startswith("#")]
    return ["", *strings, "Weiterbildungsförderung" * 200, "a" * 20_000, "1" * 5000, "[1]" * 3000]


CORPUS = load_corpus()
# What must never come back unescaped in a page or an answer.
MARKUP = [s for s in CORPUS if "<" in s]

SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
CONTROLS = st.sampled_from([chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]])
INVISIBLES = st.sampled_from(list("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad\u202a\u202b\u202c\u202d\u202e"))
INVISIBLES |= st.sampled_from(list("\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
LONG_WORDS = st.builds(
    lambda word, n: word * n, st.sampled_from(["a", "Bildungs", "ü", "🙂", "1"]), st.integers(200, 3000)
)
# Text as people write it, so that the odd characters land inside real words and numbers.
SAMPLE = (
    "Ich bin 25 Jahre alt arbeitslos Betrieb mit 12 Mitarbeitern Weiterbildung Hagen [1] [2] "
    "0800 123456 https://www.example.de a@b.de Bildungsscheck seit 2019 selbstständig"
)
WORDS = st.sampled_from(SAMPLE.split(" "))
PIECES = st.one_of(
    st.text(max_size=20), SURROGATES, CONTROLS, INVISIBLES, WORDS, WORDS, st.sampled_from(CORPUS), LONG_WORDS
)
# Any string: mostly short mixtures of the pieces above.
NAUGHTY_TEXT = st.lists(PIECES, max_size=8).map(" ".join) | st.sampled_from(CORPUS)
# Any string that is valid Unicode (what survives the API's decoding step, e.g. for parsers).
VALID_TEXT = NAUGHTY_TEXT.filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))


class RawJSON(str):
    """JSON text written as it stands: numbers Python's json would not write (1e309, -0), deep nesting."""


EDGE_NUMBERS = st.sampled_from(
    [RawJSON(n) for n in ("-0", "1e309", "-1e309", "1e-400", "0.0", str(2**63), str(-(2**63) - 1))]
    + [RawJSON(str(2**64)), RawJSON("9007199254740993"), RawJSON("1.5")]
)


def nested(depth: int) -> RawJSON:
    """Arrays and objects `depth` levels deep (deeper than Python's recursion limit, if asked)."""
    opening = "".join("[" if i % 2 else '{"a": ' for i in range(depth))
    closing = "".join("]" if i % 2 else "}" for i in reversed(range(depth)))
    return RawJSON(f'{opening}"Hallo"{closing}')


def to_json(value: Any) -> bytes:
    """JSON text with `RawJSON` as it stands and strings ASCII-escaped (surrogates as \\udXXX)."""

    def write(v: Any) -> str:
        if isinstance(v, RawJSON):
            return str(v)
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(str(k))}: {write(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(write(x) for x in v) + "]"
        if isinstance(v, bytes):  # schemathesis' negative cases hold raw bytes here and there
            v = v.decode("latin-1")
        return json.dumps(v)  # ensure_ascii: every string is ASCII on the wire, surrogates included

    return write(value).encode("ascii")


def naughty_json(value: Any) -> st.SearchStrategy[Any]:
    """`value` with any of its leaves swapped for naughty text, edge numbers or deep nesting."""
    if isinstance(value, dict):
        items = [st.tuples(st.just(k), naughty_json(v)) for k, v in value.items()]
        return st.tuples(*items).map(dict) if items else st.just(value)
    if isinstance(value, list):
        return st.tuples(*(naughty_json(v) for v in value)).map(list) if value else st.just(value)
    leaf = st.just(value)
    if isinstance(value, str):
        return leaf | NAUGHTY_TEXT
    if isinstance(value, bool) or value is None:
        return leaf
    if isinstance(value, int | float):
        return leaf | EDGE_NUMBERS | st.integers(1, 3000).map(nested)
    return leaf


def url_quote(text: str) -> str:
    """Percent-encode any text, surrogates too (as the bytes UTF-8 would give them, which it refuses)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")
