"""Read profile facts from chat text with plain patterns: conservative, so a fact is never guessed.

"Wir sind 30 Leute" gives `company_size=30` and `applicant=company`; "ich bin arbeitslos" gives
`employment_status=unemployed`. Anything the patterns do not clearly say stays unknown; the check
then asks for it. German first, English too, and yes/no and numbers in all answer languages for
replies to a question the navigator asked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final

from navigator.foerdercheck.profile import RANGES, Value, enum_values, field_type

NUMBER = r"(\d{1,3}(?:[.,\s]\d{3})+|\d+)"
STAFF = (
    r"(?:leute|mitarbeiter(?:innen)?|mitarbeitende[n]?|besch[äa]ftigte[n]?|angestellte[n]?|personen|"
    r"k[öo]pfe|employees|staff|people|workers)"
)
MK_TOWNS = (
    "märkischen kreis|märkischer kreis|maerkischer kreis|iserlohn|lüdenscheid|luedenscheid|menden|hemer|"
    "plettenberg|altena|meinerzhagen|halver|kierspe|schalksmühle|werdohl|neuenrade|balve|herscheid|nachrodt"
)
EN_TOWNS = "ennepe-ruhr|witten|hattingen|schwelm|gevelsberg|ennepetal|sprockhövel|herdecke|breckerfeld"
NRW_PLACES = (
    "nrw|nordrhein-westfalen|north rhine-westphalia|dortmund|bochum|essen|köln|düsseldorf|wuppertal|"
    "münster|bielefeld|duisburg|gelsenkirchen|siegen|arnsberg|soest|unna"
)
YES: Final = frozenset(
    {"ja", "jap", "jo", "genau", "richtig", "stimmt", "yes", "yeah", "yep", "evet", "так", "да", "نعم", "ja."}
)
NO: Final = frozenset({"nein", "nö", "ne", "no", "nope", "hayır", "hayir", "ні", "нет", "لا"})


def _num(text: str) -> int:
    return int(re.sub(r"[.,\s]", "", text))


def _income(match: re.Match[str]) -> int | None:
    if re.search(r"brutto|gross|gehalt|salary", match.string):
        return None
    value = _num(match.group(1))
    return value if value >= 1000 else None


def _found(pattern: str, text: str) -> re.Match[str] | None:
    return re.search(pattern, text, re.IGNORECASE)


# (pattern, field, value); the first matching rule per field wins, so order matters.
Rule = tuple[str, str, Value | Callable[[re.Match[str]], Value | None]]
RULES: Final[list[Rule]] = [
    # Company size and who asks.
    (
        rf"\b(?:wir sind|we are|sind|haben|mit|of|team von|team of)\s+(?:etwa |ca\.? |rund |"
        rf"about )?{NUMBER}\s+{STAFF}",
        "company_size",
        lambda m: _num(m.group(1)),
    ),
    (rf"\b{NUMBER}\s+{STAFF}\b", "company_size", lambda m: _num(m.group(1))),
    (
        r"\b(?:unser(?:e[nmrs]?)?|our)\s+(?:betrieb|firma|unternehmen|leute|mitarbeiter\w*|"
        r"besch[äa]ftigte\w*|"
        r"angestellte\w*|team|belegschaft|azubis|company|staff|employees|business)\b",
        "applicant",
        "company",
    ),
    (
        r"\bals (?:betrieb|firma|unternehmen|arbeitgeber(?:in)?)\b|\bas an? (?:employer|company)\b|"
        r"\bich bin arbeitgeber",
        "applicant",
        "company",
    ),
    # Trainees of a company are its employees.
    (
        r"\b(?:unser(?:e[nmrs]?)?|our)\s+(?:leute|mitarbeiter\w*|besch[äa]ftigte\w*|"
        r"angestellte\w*|staff|employees)\b",
        "employment_status",
        "employed",
    ),
    (
        r"\bsolo[- ]?selbst(?:st)?[äa]ndig|\bohne angestellte\b|\bsolo[- ]self[- ]employed\b",
        "solo_self_employed",
        True,
    ),
    (
        r"\barbeitslos\b|\barbeitsuchend\b|\bohne (?:arbeit|job)\b|\bunemployed\b|\bjobless\b",
        "employment_status",
        "unemployed",
    ),
    (
        r"\bselbst(?:st)?[äa]ndig\b|\bfreiberuflich\b|\bself[- ]employed\b|\bfreelancer?\b",
        "employment_status",
        "self_employed",
    ),
    (
        r"\bich bin (?:\w+ )?(?:angestellt|beschäftigt)\b|\bals angestellte?r?\b|"
        r"\bi am employed\b|\bi work (?:as|for)\b",
        "employment_status",
        "employed",
    ),
    (r"\bin (?:der )?ausbildung\b|\bazubi\b|\bi'?m an apprentice\b", "employment_status", "in_training"),
    # Benefits received.
    (r"\b(?:arbeitslosengeld(?! ?(?:ii|2))|alg ?(?:i|1)\b)", "receives_alg1", True),
    (
        r"\bb[üu]rgergeld\b|\bgrundsicherung|\bhartz|\balg ?(?:ii|2)\b|\barbeitslosengeld ?(?:ii|2)\b",
        "receives_buergergeld",
        True,
    ),
    # Income: a number next to "Einkommen"/"income" (taxable income, not gross pay: "verdiene" and
    # "brutto" are not taken, since the limits are on the taxable income).
    (rf"(?:einkommen|income)\D{{0,40}}?{NUMBER}\s*(?:€|euro|eur)?", "taxable_income", _income),
    (
        rf"{NUMBER}\s*(?:€|euro|eur)\s*(?:zu versteuerndes |taxable )?(?:jahreseinkommen|einkommen|income)",
        "taxable_income",
        _income,
    ),
    (
        r"\bgemeinsam veranlagt|\bzusammenveranlagung|\bjointly assessed|\bjoint (?:tax )?assessment",
        "joint_assessment",
        True,
    ),
    (r"\balleinstehend\b|\bledig\b|\bsingle\b", "joint_assessment", False),
    # Age.
    (
        r"\bich bin (\d{2}) jahre|\b(\d{2}) jahre alt\b|\b(\d{2})-?j[äa]hrig|\bi am (\d{2})\b|"
        r"\b(\d{2}) years old\b|\baged (\d{2})\b",
        "age",
        lambda m: int(next(g for g in m.groups() if g)),
    ),
    (
        r"\b(?:jahrgang|geboren(?: im jahr)?|born in)\s+((?:19|20)\d{2})\b",
        "birth_year",
        lambda m: int(m.group(1)),
    ),
    # Qualifications, plans, course.
    (
        r"\bausl[äa]ndische[nmrs]? (?:berufs|studien)?abschl|\bim ausland (?:gemacht|erworben|"
        r"studiert|gelernt)|"
        r"\babschluss aus (?:dem ausland|der|syrien|der türkei|der ukraine)|\bforeign (?:degree|"
        r"qualification)|"
        r"\bqualification from abroad|\banerkennung meine[rs]",
        "foreign_qualification",
        True,
    ),
    (
        r"\bohne (?:berufs)?abschluss\b|\bkeine (?:abgeschlossene )?ausbildung\b|"
        r"\bno vocational qualification",
        "has_vocational_qualification",
        False,
    ),
    (
        r"\b(?:ausbildung|lehre) abgeschlossen\b|\bmit berufsabschluss\b|\bgesell(?:e|in)\b|\bfacharbeiter",
        "has_vocational_qualification",
        True,
    ),
    (
        r"\bgr[üu]nden\b|\bgr[üu]ndung\b|\bselbst(?:st)?[äa]ndig machen\b|\bexistenzgr[üu]nd|"
        r"\bstart a business\b|"
        r"\bstart my own business\b",
        "founding_planned",
        True,
    ),
    (
        r"\b(?:kurs|weiterbildung|lehrgang|course)\b[^.?!]{0,30}\b(?:noch nicht|not yet)\b",
        "course_started",
        False,
    ),
    (
        r"\b(?:kurs|weiterbildung|lehrgang)\b[^.?!]{0,30}\b(?:hat|ist) (?:schon|"
        r"bereits) (?:begonnen|angefangen|gestartet)",
        "course_started",
        True,
    ),
    (r"\bstrukturwandel\b|\btransformation\b|\barbeitspl[äa]tze fallen weg\b", "structural_change", True),
    (r"\bhandwerksbetrieb|\bhandwerk\b|\bmeisterbetrieb\b|\bcraft business\b", "is_craft", True),
    # Where: the region from "in/aus <place>", the residence only from "wohne/lebe/aus ... <place>".
    (r"\b(?:in|aus|bei|from)\s+hagen\b", "region", "hagen"),
    (rf"\b(?:in|aus|bei|from|im)\s+(?:dem\s+)?(?:{MK_TOWNS})\b", "region", "maerkischer-kreis"),
    (rf"\b(?:in|aus|bei|from|im)\s+(?:dem\s+)?(?:{EN_TOWNS}|wetter)\b", "region", "ennepe-ruhr-kreis"),
    (
        rf"\b(?:wohne|wohnen|lebe|leben|wohnhaft|live|living|komme|komm)\b[^.?!]{{0,25}}?"
        rf"\b(?:hagen|{MK_TOWNS}|{EN_TOWNS}|{NRW_PLACES})\b",
        "residence_nrw",
        True,
    ),
]


def extract(text: str, today: dt.date | None = None) -> dict[str, Value]:
    """Facts stated in `text`; fields the text does not clearly state are left out."""
    found: dict[str, Value] = {}
    low = text.casefold()
    for pattern, name, value in RULES:
        if name in found:
            continue
        match = _found(pattern, low)
        if match is None:
            continue
        got = value(match) if callable(value) else value
        if got is None:
            continue
        if isinstance(got, int) and not isinstance(got, bool):
            low_b, high_b = RANGES.get(name, (0, 10**9))
            if not low_b <= got <= high_b:
                continue
        found[name] = got
    if (
        found.get("company_size") is not None
        and "applicant" not in found
        and "employment_status" not in found
    ):
        found["applicant"] = "company"
    if "applicant" not in found and re.search(r"\b(?:ich|mein\w*|mir|mich)\b|\b(?:i|my|me)\b", low):
        found["applicant"] = "person"
    born = found.get("birth_year")
    if today and isinstance(born, int) and born > today.year:
        del found["birth_year"]
    return found


def parse_reply(name: str, text: str) -> Value | None:
    """Read a short reply to the question for field `name` ("ja", "30", "für meinen Betrieb")."""
    low = text.casefold().strip()
    words = re.findall(r"[\w']+", low)
    kind = field_type(name)
    if kind == "bool":
        if words and words[0] in YES:
            return True
        if words and words[0] in NO:
            return False
        return None
    if kind == "int":
        match = re.search(NUMBER, low)
        if not match:
            return None
        value = _num(match.group(1))
        low_b, high_b = RANGES.get(name, (0, 10**9))
        return value if low_b <= value <= high_b else None
    if name == "applicant":
        if re.search(
            r"betrieb|firma|unternehmen|arbeitgeber|company|employer|business|işletme|підприєм|"
            r"предприят|شركة",
            low,
        ):
            return "company"
        if re.search(r"\bselbst\b|\bmich\b|\bmir\b|myself|\bme\b|kendim|себе|لنفسي", low):
            return "person"
        return None
    return next((v for v in enum_values(name) if v.replace("_", " ") in low or v in low), None)
