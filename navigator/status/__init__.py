"""What the system, not the model, states about an offer.

Its status sentence (in answers, and as `date_note` on the cards), and the check that a model's answer
does not contradict it (an ended programme affirmed as open, a year past its end, an amount or date
that is not in the entry).
"""

from navigator.status.contradiction import Contradiction, find_contradiction
from navigator.status.facts import DateNote, StatusFact, date_note, status_fact, status_facts

__all__ = [
    "Contradiction",
    "DateNote",
    "StatusFact",
    "date_note",
    "find_contradiction",
    "status_fact",
    "status_facts",
]
