"""The Förder-Check: which funding programmes fit a person or company, and why (rules, no LLM)."""

from navigator.foerdercheck.engine import Checker
from navigator.foerdercheck.profile import Profile, ProfileError
from navigator.foerdercheck.questions import next_question
from navigator.foerdercheck.results import CheckReport, CheckResult, Question

__all__ = ["CheckReport", "CheckResult", "Checker", "Profile", "ProfileError", "Question", "next_question"]
