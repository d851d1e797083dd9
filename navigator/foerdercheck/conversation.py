"""The Förder-Check as a chat conversation: one question a turn, then a short result.

The chat asks at most `MAX_QUESTIONS` deciding questions, one per turn, each answerable by buttons
(the `Question` carries its options and a plain line on its term). When nothing is left to ask, the
reply is one short sentence per fitting programme with its status and the responsible office's
contact, never the raw list of verdicts; the full result is one click away on the result page, whose
form the answer carries (`result_form`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Protocol

from navigator.foerdercheck import phrases
from navigator.foerdercheck.profile import Profile
from navigator.foerdercheck.results import CheckResult, OfficeRef

MAX_QUESTIONS: Final = 5
MAX_PROGRAMMES: Final = 4
# Fields that never concern this kind of asker: a person is not asked about "your company".
NOT_FOR: Final[dict[str, frozenset[str]]] = {
    "person": frozenset({"company_size", "is_craft", "structural_change"}),
    "company": frozenset(
        {
            "taxable_income",
            "joint_assessment",
            "receives_buergergeld",
            "receives_alg1",
            "birth_year",
            "prior_funding_this_year",
            "foreign_qualification",
            "alg1_remaining_days",
            "founding_planned",
            "solo_self_employed",
        }
    ),
}


class Turn(Protocol):
    @property
    def role(self) -> str: ...

    @property
    def content(self) -> str: ...


def asked_fields(history: Sequence[Turn], question_fields: dict[str, str]) -> list[str]:
    """The fields the navigator asked about in its earlier turns, in order."""
    asked = []
    for turn in history:
        if turn.role != "assistant":
            continue
        said = turn.content.casefold()
        found = next((name for text, name in question_fields.items() if text in said), None)
        if found:
            asked.append(found)
    return asked


def _sentence(text: str) -> str:
    text = text.strip()
    return text if re.search(r"[.!?؟…]$", text) else f"{text}."


def _contact(office: OfficeRef) -> str:
    phone = office.contact.get("phone", "")
    # "0800 4 5555 00 (kostenfreie Servicenummer, …)": the number, not the fine print.
    phone = phone.split("(")[0].strip()
    return f", {phone}" if phone else (f", {office.contact['email']}" if office.contact.get("email") else "")


def summary_text(results: Iterable[CheckResult], lang: str, numbers: Mapping[str, int] | None = None) -> str:
    """One sentence per fitting programme (best first), with status and whom to ask.

    `numbers` are the source cards' numbers: a programme among them is cited ("Bildungsgutschein [2]").
    """
    lines: list[str] = []
    for r in results:
        if len(lines) == MAX_PROGRAMMES:
            break
        n = (numbers or {}).get(r.programme.id)
        title = f"{r.programme.title} [{n}]" if n else r.programme.title
        office = r.offices[0] if r.offices else None
        who = office.title if office else r.organisation
        contact = _contact(office) if office else ""
        if r.outcome == "fits":
            lines.append(phrases.phrase("chat_fits", lang, title=title, office=who, contact=contact))
        elif r.outcome == "fits_if":
            condition = _sentence(r.conditions[0]) if r.conditions else ""
            lines.append(
                phrases.phrase(
                    "chat_fits_if",
                    lang,
                    title=title,
                    condition=condition,
                    office=who,
                    contact=contact,
                ).replace(" .", ".")
            )
        elif r.outcome == "answer_missing":
            lines.append(phrases.phrase("chat_open", lang, title=title, office=who, contact=contact))
        elif r.outcome == "ended" and r.note:
            lines.append(f"{title}: {r.note}")
    return "\n".join(f"- {line}" for line in lines) if lines else phrases.phrase("chat_none", lang)


def result_form(profile: Profile, skipped: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The hidden fields that open the full result page (`POST /foerder-check`) for this profile."""
    fields = [(f"p.{k}", v) for k, v in profile.as_texts().items()]
    fields += [("skip", name) for name in skipped if name not in profile]
    return [*fields, ("action", "results")]
