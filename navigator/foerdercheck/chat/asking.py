"""What a chat message asks: about money or eligibility, for the asker's own case, or a side question.

The clarify step (`clarify.py`) asks the deciding question only when the message asks what the asker
(or their company) may get; a question the sources answer the same for everyone (how to apply, what
a programme is, whether it must be paid back) is answered at once. Patterns in all answer languages,
checked on the case-folded text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from navigator.foerdercheck.chat.history import Turn

# Words that make a message a question about money or eligibility (checked on the case-folded text).
FUNDING: Final = re.compile(
    r"zusch[uü]ss|f[öo]rder|gef[öo]rdert|geld|kosten|bezahl|zahlt|finanzier|stipendium|baf[öo]g|"
    r"anspruch|bekomm|beantrag|voraussetzung|berechtigt|gutschein|\bscheck|"
    r"grant|fund|subsid|pay|cost|scholarship|eligib|allowance|voucher|"
    r"destek|hibe|ödenek|burs|finans|ücret|"
    r"підтрим|грант|фінанс|оплат|кошт|стипенд|допомог|"
    r"поддерж|финанс|стоимост|пособ|"
    r"دعم|منح|تمويل|تكاليف|يدفع|مساعدة"
)
# A question about how much is paid: only a fact that changes the amount is worth asking then.
AMOUNT: Final = re.compile(
    r"wie ?viel\b|wie hoch|\bh(?:ö|oe)he\b|zuzahl|eigenanteil|how much|amount|ne kadar|ka[çc] (?:para|euro)|"
    r"скільки|сколько|размер|розмір|\bكم\b"
)
# … unless it asks whether one gets it at all.
ELIGIBLE: Final = re.compile(
    r"anspruch|berechtigt|voraussetzung|\b(?:kann|darf|könnte) ich|\b(?:können|dürfen) wir|in frage|"
    r"\b(?:bekomme|kriege|erhalte) ich|\b(?:bekommen|kriegen|erhalten) wir|"
    r"eligib|qualify|\bcan (?:i|we)\b|\bdo (?:i|we) get|alabilir miyim|hak\w* var|"
    r"чи можу|чи можемо|маю право|чи отримаю|могу ли|можем ли|имею право|получу ли|هل يحق|هل يمكنني"
)
# "Gibt es Unterstützung?" asks for money too when the sources are programmes.
HELP: Final = re.compile(r"unterstützung")
# Small and medium-sized companies have fewer than 250 employees (EU definition).
SME: Final = re.compile(
    r"\bkmu\b|\bkleine[nmrs]? (?:und mittlere[nmrs]? )?(?:firma|firmen|unternehmen|betrieb\w*)|"
    r"mittelständ|\bsmes?\b|small (?:business|company|firm)|küçük işletme|малого бізнесу|малого бизнеса"
)
# Questions the sources answer the same for everyone: how to apply, what something is, whether it
# still exists, whether it must be paid back. Asking about the person first would only delay that.
SIDE_QUESTION: Final = re.compile(
    r"\bwie (?:\w+ ){0,3}(?:beantrag|bewerb|melde ich|anmeld)|beantrag\w* wie\b|\bwo (?:\w+ ){0,3}beantrag|"
    r"\bwie (?:läuft|funktioniert|geht)\b|\bwas (?:ist|sind|bedeutet)\b|"
    r"\bgibt es (?:\w+ ){0,4}noch\b|\bnoch (?:aktuell|gültig|möglich)|zurückzahl|zurückgezahlt|"
    r"how (?:do|can|would) (?:i|we) apply|where (?:do|can) (?:i|we) apply|application process|"
    r"\bwhat (?:is|are)\b|still (?:exist|available|running|open)|pay (?:it )?back|repay|"
    r"nasıl başvur|nereye başvur|nedir|h[âa]l[âa] (?:var|geçerli)|geri öde|"
    r"як (?:\w+ ){0,2}подати|куди (?:\w+ ){0,2}подати|що таке|досі (?:існує|діє)|ще існує|повертати|"
    r"как (?:\w+ ){0,2}подать|куда (?:\w+ ){0,2}подать|что такое|"
    r"вс[её] ещ[её]|ещ[её] (?:существует|действует)|возвращать|вернуть|"
    r"كيف (?:\w+ ){0,2}(?:أقدم|اقدم|أتقدم|نقدم)|ما هو|ما هي|لا يزال|ما زال|إرجاع|أسدد"
)
# The asker speaks of themselves (or of "one" in their place): ich/wir, I/we, ben/biz, я/ми/мы, أنا/نحن,
# and first-person verbs where the pronoun is usually dropped (Turkish, Ukrainian, Russian, Arabic).
OWN_CASE: Final = re.compile(
    r"\b(?:ich|mich|mir|mein\w*|wir|uns|unser\w*|man|hab|habe)\b|"
    r"\b(?:i|i'm|i've|me|my|myself|we|we're|us|our)\b|"
    r"\b(?:ben|benim|bana|beni|biz|bizim|bize|bizi)\b|\w+(?:yorum|yoruz)\b|\bm[ıiuü]y[ıiuü](?:m|z)\b|"
    r"\b(?:я|мене|мені|мій|моя|моє|мої|ми|нас|нам|наш\w*|хочу|можу|маю|хочемо|можемо)\b|"
    r"\b(?:меня|мне|мой|моё|мои|мы|хотим|могу|можем)\b|"
    r"\b(?:أنا|انا|نحن|لي|لدي|عندي|أريد|اريد|نريد|أحتاج|احتاج|يمكنني|أستطيع)\b"
)


def history_question(history: Sequence[Turn]) -> str:
    """The person's first message of this conversation that asked something (what the check is about)."""
    return next((t.content for t in history if t.role == "user" and FUNDING.search(t.content.casefold())), "")


def question_part(message: str) -> str:
    """The sentences that ask (case-folded): "Ich bekomme Bürgergeld. Wer ist zuständig?" asks who.

    A message without a question mark (a search-style query) counts as a whole.
    """
    sentences = re.split(r"(?<=[.!?؟])\s+", message.casefold())
    asking = [s for s in sentences if "?" in s or "؟" in s]
    return " ".join(asking or sentences)


def asks_about_own_funding(asked: str, said: str) -> bool:
    """Whether the question asks what the asker (or their company) may get.

    "Gibt es ein Stipendium für Gründer?" wants an overview, "bildungsgutschein beantragen wie?" the
    procedure: the sources answer both the same for everyone.
    """
    money = FUNDING.search(asked) or AMOUNT.search(asked) or HELP.search(asked)
    return bool(money) and not SIDE_QUESTION.search(asked) and bool(OWN_CASE.search(said))
