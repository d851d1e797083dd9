"""What the system, not the model, states about an offer.

Its status sentence, and the check that a model's answer does not contradict it (an ended programme
affirmed as open, a year past its end, an amount or date that is not in the entry).
"""

from navigator.status.contradiction import Contradiction, find_contradiction
from navigator.status.facts import StatusFact, status_fact, status_facts

__all__ = ["Contradiction", "StatusFact", "find_contradiction", "status_fact", "status_facts"]
