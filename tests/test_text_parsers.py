"""Every text parser takes any text: no exception, the same output for the same input, its contract kept.

The parsers read what people type (questions, replies, form fields, headers); the fuzzing strings come
from tests/naughty.py (control characters, bidi overrides, zero-width characters, very long words,
markup, numbers at the edges). A new parser joins with one entry in `PARSERS`: the gazetteer and the
lexicon (navigator/understand/) are meant to be added here when they land.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, seed, settings

from navigator import citations, vocab
from navigator.foerdercheck.extract import extract, parse_reply
from navigator.foerdercheck.form import FORM_TOPICS, FormState
from navigator.foerdercheck.profile import RANGES, enum_values, field_type
from navigator.language import SUPPORTED_LANGUAGES, detect_language
from navigator.web.i18n import UI_LANGUAGES, choose_language
from navigator.web.offers import MAX_QUERY_CHARS, OfferQuery
from tests.conftest import TODAY
from tests.naughty import CORPUS, NAUGHTY_TEXT

EXAMPLES = 60
UNSURE = "??"  # the default language a detector returns when it cannot tell
KNOWN = {"urls": {"https://www.example.de/a"}, "emails": {"a@b.de"}, "phones": {"0800 123456"}}


def fits_field(name: str, value: object) -> bool:
    """Whether `value` is a possible value of the Förder-Check field `name`."""
    kind = field_type(name)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        low, high = RANGES.get(name, (0, 10**9))
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    return value in enum_values(name)


def verify_citations(text: str) -> tuple[list[int], str, str]:
    """The citation checks a model answer goes through, as the chat service runs them."""
    kept = citations.keep_valid_markers(text, {1, 2, 3})
    return citations.cited_numbers(kept), kept, citations.strip_unknown_contacts(text, **KNOWN)


def form_state(text: str) -> FormState:
    fields = ("topic", "action", "q", "a", "p.company_size", "p.applicant", "skip")
    return FormState.parse([(name, text) for name in fields])


@dataclass(frozen=True)
class TextParser:
    name: str
    parse: Callable[[str], object]
    keeps_contract: Callable[[str, object], bool]


PARSERS = [
    TextParser(
        "language detection",
        lambda text: detect_language(text, UNSURE),
        lambda _, lang: lang in (*SUPPORTED_LANGUAGES, UNSURE),
    ),
    TextParser(
        "Förder-Check extraction",
        lambda text: extract(text, TODAY),
        lambda _, found: all(fits_field(k, v) for k, v in found.items()),  # type: ignore[attr-defined]
    ),
    TextParser(
        "Förder-Check replies",
        lambda text: {name: parse_reply(name, text) for name in vocab.ELIGIBILITY_FIELDS},
        lambda _, got: all(v is None or fits_field(k, v) for k, v in got.items()),  # type: ignore[attr-defined]
    ),
    TextParser(
        "citation verification",
        verify_citations,
        lambda _, out: (
            set(out[0]) <= {1, 2, 3}  # type: ignore[index]
            and all(e.lower() in KNOWN["emails"] for e in citations.EMAIL.findall(out[2]))
        ),  # type: ignore[index]
    ),
    TextParser(
        "UI language (query, cookie, Accept-Language)",
        lambda text: choose_language(query=text, cookie=text, accept_language=text),
        lambda _, lang: lang in UI_LANGUAGES,
    ),
    TextParser(
        "catalogue query",
        lambda text: OfferQuery.from_params(
            dict.fromkeys(("q", "audience", "topic", "region", "kind"), text)
        ),
        lambda _, q: (
            len(q.q) <= MAX_QUERY_CHARS  # type: ignore[attr-defined]
            and q.region in ("", *vocab.REGIONS)
        ),  # type: ignore[attr-defined]
    ),
    TextParser(
        "Förder-Check form",
        form_state,
        lambda _, state: (
            state.topic in ("", *FORM_TOPICS)  # type: ignore[attr-defined]
            and all(a.value is None or fits_field(a.field, a.value) for a in state.history)
        ),  # type: ignore[attr-defined]
    ),
]


def check(parser: TextParser, text: str) -> None:
    first = parser.parse(text)
    assert parser.parse(text) == first, "not deterministic"
    assert parser.keeps_contract(text, first), first


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@seed(20261207)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=NAUGHTY_TEXT)
def test_any_text_parses_deterministically_within_the_contract(parser, text):
    check(parser, text)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_every_naughty_string_parses_within_the_contract(parser):
    for text in CORPUS:
        check(parser, text)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
def test_very_long_words_take_linear_not_quadratic_time(parser):
    """A regex tried again at every letter of a long word took seconds (a cheap denial of service)."""
    for text in ("a" * 50_000, "1" * 50_000, "ab@" * 20_000, "1.000" * 10_000):
        started = time.perf_counter()
        parser.parse(text)
        # Linear: ~0.1 s on a busy 2-core machine; the quadratic versions took about a minute.
        assert time.perf_counter() - started < 3.0, text[:10]


def test_the_contracts_can_fail():
    """The checks above would notice a parser that breaks its contract."""
    assert not fits_field("company_size", -1) and not fits_field("applicant", "robot")
    assert not fits_field("is_craft", 1) and fits_field("is_craft", True)
    assert not PARSERS[3].keeps_contract("", ([4], "", "x@evil.example"))
