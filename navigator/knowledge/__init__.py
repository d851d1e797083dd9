"""The knowledge base: schema (`model`, `eligibility`), file loading (`loader`) and date-aware status.

The rest of the code imports from here (`from navigator.knowledge import Entry, load_entries`); the
submodules are named for what they do so each stays small.
"""

from navigator.knowledge.eligibility import Benefit, Condition, Criterion, Eligibility, RuleSource
from navigator.knowledge.fields import SLUG, text_in
from navigator.knowledge.loader import (
    FRONT_MATTER,
    LoadedEntry,
    cross_check,
    knowledge_files,
    load_entries,
    parse_file,
)
from navigator.knowledge.model import FAR_FUTURE, Change, Contact, Entry, Responsibility, date_ord

__all__ = [
    "FAR_FUTURE",
    "FRONT_MATTER",
    "SLUG",
    "Benefit",
    "Change",
    "Condition",
    "Contact",
    "Criterion",
    "Eligibility",
    "Entry",
    "LoadedEntry",
    "Responsibility",
    "RuleSource",
    "cross_check",
    "date_ord",
    "knowledge_files",
    "load_entries",
    "parse_file",
    "text_in",
]
