"""Read profile facts from chat text with plain patterns: conservative, so a fact is never guessed.

"Wir sind 30 Leute" gives `company_size=30` and `applicant=company`; "ich bin arbeitslos" gives
`employment_status=unemployed`. Anything the patterns do not clearly say stays unknown; the check
then asks for it. A wrong fact is worse than a question, so statements that are negated, past,
planned or about someone else ("nicht arbeitslos", "will mich selbstständig machen", "meine
Tochter ist 17 Jahre alt") are not read. German first, English too, the asker's unemployment in
all answer languages, and yes/no and numbers in all answer languages for replies to a question the
navigator asked.

The parts: `words` (numbers, durations, yes/no; lists in `words.yaml`), `context` (the words that
block a statement), `readers` (a match's value), `patterns` (the rules), `places` and `pay`
(region, residence, gross pay), `facts` (`extract`) and `reply` (`parse_reply`).
"""

from navigator.foerdercheck.extract.facts import extract
from navigator.foerdercheck.extract.reply import parse_reply

__all__ = ["extract", "parse_reply"]
