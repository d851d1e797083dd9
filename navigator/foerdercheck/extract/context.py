"""The words around a statement that make it not the asker's present fact.

A wrong fact is worse than a question: "nicht arbeitslos", "war arbeitslos", "will mich selbstständig
machen", "meine Tochter ist 17 Jahre alt" state nothing about the asker now. The readers of a match
(`readers.py`) look for these words in the clause before it (`head`) or in its sentence (`lead`).
"""

from __future__ import annotations

import re

# Words just before a statement that negate it or move it out of the present: "nicht arbeitslos",
# "war arbeitslos", "werde arbeitslos", "я не безробітний", "لست عاطلا عن العمل".
NOT_NOW = (
    r"\b(?:nicht|kein\w*|nie|niemals|war|waren|gewesen|werde|wird|werden|droh\w*|bald|"
    r"not|never|no|was|were|had|will|won't|"
    r"не|ні|був|була|был|была|буду|стану|"
    r"لست|لسنا|غير|لا|لم|لن|كنت|كان)\b"
)
# Before "selbstständig": a plan is not a status ("ich möchte gern selbstständig arbeiten").
PLAN = (
    r"\b(?:will|möchte|möchten|wollen|plane|planen|würde|würden|gern|gerne|"
    r"want|plan|planning|going|become|would)\b"
)
# Training verbs: "zwei Mitarbeiter weiterbilden" names whom to train, not how big the company is.
TRAIN = (
    r"(?:weiterbild|fortbild|qualifizier|umschul|schulen\b|schulung|train|"
    r"sollen\b[^.?!;]{0,40}?\bmachen\b)"  # "zwei Gesellen sollen den Schweißfachmann machen"
)
# Someone other than the asker: "meine Tochter hat ihre Ausbildung abgeschlossen".
OTHERS = (
    r"\b(?:sohn|söhne|tochter|töchter|kind\w*|mutter|vater|eltern|mann|frau|partner\w*|bruder|"
    r"schwester|oma|opa|enkel\w*|son|daughter|child\w*|wife|husband|mother|father)\b"
)
# ... or the company, near an age: "unser Betrieb ist 12 Jahre alt".
OTHERS_OR_COMPANY = rf"{OTHERS}|\b(?:betrieb\w*|firma|unternehmen\w*|geschäft|laden|company|business)\b"
# A finished apprenticeship is not stated if the sentence makes it a condition, a plan, a
# requirement, a negation or generic ("wenn ich meine Ausbildung abgeschlossen habe", "muss man
# die Ausbildung abgeschlossen haben").
NOT_DONE = (
    r"\b(?:nicht|kein\w*|noch|bald|wenn|sobald|falls|bevor|bis|nie|wird|werde|werden|will|"
    r"möchte|muss|müssen|soll|sollte|ob|dass|man|brauch\w*|benötig\w*|voraussetz\w*|abgebrochen|"
    r"ohne|not|if|when|once|must|need\w*|without|soon)\b"
)
FIRST_PERSON = r"\b(?:ich|hab|habe|i|i've|my)\b"
# "I", "me", "my" in every answer language: with no company named, the asker asks for themselves.
FIRST_PERSON_ANY = (
    r"\b(?:ich|mein\w*|mir|mich|i|my|me|ben|benim|bana|beni|я|мені|мене|мій|моя|моє|мої|мне|меня|мой)\b|"
    r"\b\w+[iıuü]yorum\b|(?<!\w)و?(?:أنا|انا)(?!\w)"
)
# A business given up since says nothing about the one asked about.
GONE = (
    r"\b(?:damals|aufgegeben|geschlossen|insolven\w*|pleite|abgemeldet|verkauft|aufgelöst|closed|"
    r"sold|gave up|shut down)\b"
)
# Nor does a condition, or an earlier business ("ich hatte vor 10 Jahren eine Firma gegründet").
NOT_THIS_BUSINESS = r"\b(?:wenn|falls|ob|man|if|whether|hatte|hatten)\b"


def head(match: re.Match[str], words: int) -> str:
    """The last `words` words before the match, within its clause."""
    clause = re.split(r"[.,;:!?]", match.string[: match.start()])[-1]
    return " ".join(clause.split()[-words:])


def lead(match: re.Match[str]) -> str:
    """Its sentence up to the end of the match: conditions and subjects come before in German."""
    start = max(match.string.rfind(c, 0, match.start()) for c in ".!?;") + 1
    return match.string[start : match.end()]
