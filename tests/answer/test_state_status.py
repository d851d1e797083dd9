"""Where the system's status sentences stand: first, except after the Förder-Check's verdicts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from navigator.answer import status
from navigator.answer.context import Context
from navigator.types import Source

LINES = [
    ("zuz-ki", "ZuZ KI NRW [2] läuft nur noch bis 31.12.2026."),
    ("p82", "§ 82 [1] endet am 31.12.2026."),
]


def context(check: Any) -> Context:
    sources = tuple(
        Source(n, i, i, "", "programme", "https://x.de", "", {}, "open", "2026-11-26")
        for n, i in ((1, "p82"), (2, "zuz-ki"))
    )
    snapshot: Any = SimpleNamespace(today=None)
    return Context("Nein", (), {}, "de", snapshot, 0.0, sources=sources, check=check, text="VERDICTS")


def finish(ctx: Context) -> str:
    gen = status.StateStatus().run(ctx)
    with pytest.raises(StopIteration) as done:
        next(gen)
    return str(done.value.value.text)


@pytest.fixture(autouse=True)
def two_notable_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(status, "notable_lines", lambda ctx: LINES)


def test_every_notable_status_goes_first_in_a_plain_answer() -> None:
    assert finish(context(None)).split("\n\n") == [f"{LINES[0][1]}\n{LINES[1][1]}", "VERDICTS"]


def test_after_the_checks_verdicts_only_their_programmes_status_goes_first() -> None:
    verdicts = SimpleNamespace(ask=False, conversation=True, leading=("p82",))
    assert finish(context(verdicts)).split("\n\n") == [LINES[1][1], "VERDICTS", LINES[0][1]]


def test_nothing_is_added_before_a_deciding_question() -> None:
    asking = SimpleNamespace(ask=True, conversation=True, leading=("p82",))
    assert finish(context(asking)) == "VERDICTS"
