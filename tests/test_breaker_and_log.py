import logging

from navigator.breaker import CircuitBreaker
from navigator.log import RedactingFilter, redact


def test_breaker_opens_after_threshold_and_half_opens_after_cooldown():
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, cooldown_s=10, clock=lambda: now[0])
    breaker.record(success=False)
    assert breaker.allow()
    breaker.record(success=False)
    assert breaker.state == "open" and not breaker.allow()
    now[0] = 10.0
    assert breaker.state == "half-open" and breaker.allow()
    breaker.record(success=False)  # the trial failed: open again
    assert not breaker.allow()
    now[0] = 25.0
    breaker.record(success=True)
    assert breaker.state == "closed"


def test_redact_removes_personal_data():
    text = (
        "Ich bin Anna (anna.muster@web.de, 0176 12345678), geb. 03.04.1985, IBAN DE89 3704 0044 0532 0130 00."
    )
    out = redact(text)
    for secret in ("anna.muster@web.de", "0176 12345678", "03.04.1985", "DE89 3704"):
        assert secret not in out
    assert "[E-MAIL]" in out and "[TELEFON]" in out and "[DATUM]" in out and "[IBAN]" in out


def test_redacting_filter_applies_to_formatted_records():
    record = logging.LogRecord("x", logging.DEBUG, __file__, 1, "question: %s", ("mail me: a@b.de",), None)
    RedactingFilter().filter(record)
    assert record.getMessage() == "question: mail me: [E-MAIL]"
