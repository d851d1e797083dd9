"""Read profile facts from chat text with plain patterns: conservative, so a fact is never guessed.

"Wir sind 30 Leute" gives `company_size=30` and `applicant=company`; "ich bin arbeitslos" gives
`employment_status=unemployed`. Anything the patterns do not clearly say stays unknown; the check
then asks for it. A wrong fact is worse than a question, so statements that are negated, past,
planned or about someone else ("nicht arbeitslos", "will mich selbstständig machen", "meine
Tochter ist 17 Jahre alt") are not read. German first, English too, the asker's unemployment in
all answer languages, and yes/no and numbers in all answer languages for replies to a question the
navigator asked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Final

from navigator.foerdercheck.profile import RANGES, Value, enum_values, field_type
from navigator.foerdercheck.where_and_pay import NUMBER, WORDS, gross_income, places
from navigator.understand.matching import compile_phrases, fold

STAFF = (
    r"(?:leute|mitarbeiter(?:innen)?|mitarbeitende[n]?|besch[äa]ftigte[n]?|angestellte[n]?|personen|"
    r"k[öo]pfe|employees|staff|people|workers)"
)

YES: Final = frozenset(str(w) for w in WORDS["yes_words"])
NO: Final = frozenset(str(w) for w in WORDS["no_words"])
FOUNDING: Final = compile_phrases(str(w) for w in WORDS["founding"])

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
STAFF_NOUN = (
    r"(?:mitarbeiter(?:in(?:nen)?|n)?|mitarbeitende[n]?|besch[äa]ftigte[nr]?|angestellte[nr]?|"
    r"kolleg(?:e|en|in|innen)|gesell(?:e|en|in|innen)|employees?|staff|workers?)"
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
NUMBER_WORDS: Final[dict[str, int]] = {str(k): int(v) for k, v in WORDS["number_words"].items()}
HALVES: Final[dict[str, float]] = {str(k): float(v) for k, v in WORDS["halves"].items()}
VAGUE: Final = tuple(str(w) for w in WORDS["vague"])
AMOUNT = (
    r"(\d+(?:[.,]\d+)?|"
    + "|".join(sorted((re.escape(w) for w in (*HALVES, *VAGUE, *NUMBER_WORDS)), key=len, reverse=True))
    + ")"
)
DURATION = rf"{AMOUNT}\s+(jahr(?:e|en|es)?|monat(?:e|en)?|wochen?|tag(?:e|en)?|years?|months?|weeks?|days?)\b"
FOUNDED = r"(?:gegründet|eröffnet|selbst(?:st)?[äa]ndig gemacht|gewerbe angemeldet|founded|opened|set up)"


def _num(text: str) -> int:
    digits = re.sub(r"[.,\s]", "", text)
    # Beyond every range checked (int() refuses more than 4,300 digits; none of our counts has 19).
    return int(digits) if len(digits) <= 18 else 10**18


def _income(match: re.Match[str]) -> int | None:
    if re.search(r"brutto|gross|gehalt|salary", match.string):
        return None
    value = _num(match.group(1))
    return value if value >= 1000 else None


def _head(match: re.Match[str], words: int) -> str:
    """The last `words` words before the match, within its clause."""
    clause = re.split(r"[.,;:!?]", match.string[: match.start()])[-1]
    return " ".join(clause.split()[-words:])


def _lead(match: re.Match[str]) -> str:
    """Its sentence up to the end of the match: conditions and subjects come before in German."""
    start = max(match.string.rfind(c, 0, match.start()) for c in ".!?;") + 1
    return match.string[start : match.end()]


def _now(
    value: Value, blockers: str = NOT_NOW, after: str | None = None
) -> Callable[[re.Match[str]], Value | None]:
    """`value`, unless the three words before the match block it, or `after` follows it.

    Turkish negates after the word: "işsiz değilim".
    """

    def read(match: re.Match[str]) -> Value | None:
        if re.search(blockers, _head(match, 3)):
            return None
        if after and re.match(after, match.string[match.end() :]):
            return None
        return value

    return read


def _size(match: re.Match[str]) -> int | None:
    """The company's size from "12 Mitarbeiter", unless they are the ones to train.

    In "wir wollen 2 Mitarbeiter weiterbilden" the number says how many take part, not how big the
    company is.
    """
    rest = re.split(r"[.,;:!?]", match.string[match.end() :])[0]
    if re.search(TRAIN, rest) or re.search(PLAN, _head(match, 2)):
        return None
    return _num(match.group(1))


def _person_age(match: re.Match[str]) -> int | None:
    """The asker's age, not a child's or a company's ("eine 12-jährige Tochter")."""
    after = " ".join(match.string[match.end() :].split()[:2])
    if re.search(OTHERS_OR_COMPANY, _head(match, 6)) or re.search(OTHERS_OR_COMPANY, after):
        return None
    return int(next(g for g in match.groups() if g))


def _qualified(match: re.Match[str]) -> bool | None:
    """True for the asker's own finished apprenticeship, stated as done (see NOT_DONE)."""
    said = _lead(match)
    if re.search(NOT_DONE, said) or re.search(OTHERS, said) or not re.search(FIRST_PERSON, said):
        return None
    return True


def _company_age(match: re.Match[str]) -> int | None:
    """The business's age in completed years, so rules like "lt 1" and "ge 2" stay exact.

    "vor anderthalb Jahren gegründet" is 1, "vor ein paar Monaten" 0, "vor ein paar Jahren" unknown.
    """
    if (
        re.search(GONE, match.string)
        or re.search(NOT_THIS_BUSINESS, _lead(match))
        or re.search(NOT_NOW, _head(match, 3) + " " + match.group(0))
    ):
        return None
    groups = match.groups()
    amount, unit = next((a, u) for a, u in zip(groups[::2], groups[1::2], strict=True) if a)
    per_year = 1 if unit[0] in "jy" else 12 if unit[0] == "m" else 52 if unit[0] == "w" else 365
    if amount in VAGUE:
        return 0 if per_year > 1 else None
    value = HALVES.get(amount) or NUMBER_WORDS.get(amount) or float(amount.replace(",", "."))
    return int(value // per_year)


def _self_employed_since(match: re.Match[str]) -> int | None:
    """The business's age from "seit 4 Jahren selbstständig"; "... selbstständig machen" is a plan."""
    if re.match(r"\w*\s+(?:zu\s+)?(?:machen|werden)\b", match.string[match.end() :]):
        return None
    return _company_age(match)


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
    (rf"\b{NUMBER}\s+{STAFF}\b", "company_size", _size),
    (
        r"\b(?:unser(?:e[nmrs]?)?|our)\s+(?:betrieb|firma|unternehmen|leute|mitarbeiter\w*|"
        r"besch[äa]ftigte\w*|"
        r"angestellte\w*|team|belegschaft|azubis|company|staff|employees|business)\b",
        "applicant",
        "company",
    ),
    (  # "our company/staff" in the other answer languages, before "I" makes the asker a person.
        r"\b(?:şirketimiz|işletmemiz|firmamız|çalışanlarımız|personelimiz)\w*|"
        r"\bнаш(?:а|е|і|и|их|ому|ій|ей|ему)? (?:компані|підприємств|фірм|працівник|співробітник|"
        r"компани|предприяти|фирм|сотрудник|работник|персонал)\w*|"
        r"(?:شركتنا|موظفينا|موظفونا|مؤسستنا|عمالنا)",
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
        r"\bsolo[- ]?selbst(?:st)?[äa]ndig(?!\w*\s+(?:zu\s+)?(?:machen|werden))|\bohne angestellte\b|"
        r"\bsolo[- ]self[- ]employed\b",
        "solo_self_employed",
        _now(True, rf"{NOT_NOW}|{PLAN}"),
    ),
    # Unemployment, in every answer language. Not "arbeitsuchend": people still employed must
    # register as job-seeking three months before their job ends.
    (
        r"\b(?:langzeit)?arbeitslos\b|\bohne (?:arbeit|job)\b(?!\s+zu\b)|\bunemployed\b|\bjobless\b|"
        r"\bout of work\b",
        "employment_status",
        _now("unemployed"),
    ),
    (  # Turkish "işsizim", "işsiz kaldım"; not "işsiz değilim", not "işsizlik" (unemployment).
        r"\b[iı]\u0307?[şs]s[iı]z(?:im|iz|ım|ız)?\b",
        "employment_status",
        _now("unemployed", after=r"\s*(?:de[ğg]il|olaca|kalaca)"),
    ),
    (  # Ukrainian and Russian "безробітний", "безработная", "без роботи"; not "безробіття".
        r"\bбезробітн(?:ий|а|і|им|ою)\b|\bбезработн(?:ый|ая|ые|ым|ой)\b|\bбез (?:роботи|работы)\b",
        "employment_status",
        _now("unemployed"),
    ),
    (  # Arabic "عاطل عن العمل", "أنا عاطل", "بدون عمل"; "عاطل" alone may mean "broken".
        r"عاطل\S*\s+عن\s+(?:ال)?عمل|(?<!\w)و?(?:أنا|انا)\s+عاطل|\b(?:بدون|بلا)\s+عمل\b",
        "employment_status",
        _now("unemployed"),
    ),
    (
        r"\bselbst(?:st)?[äa]ndig\b(?!\s+(?:zu\s+)?(?:machen|werden))|\bfreiberuflich\b|"
        r"\bself[- ]employed\b|\bfreelancer?\b",
        "employment_status",
        _now("self_employed", rf"{NOT_NOW}|{PLAN}"),
    ),
    (
        r"\bich bin (?:\w+ )?(?:angestellt|beschäftigt)\b|\bals angestellte?r?\b|"
        r"\bi am employed\b|\bi work (?:as|for)\b",
        "employment_status",
        "employed",
    ),
    # A company's trainees are in training, whoever asks: "unser Azubi", "ich bin Azubi".
    (
        r"\bich bin (?:(?:jetzt|gerade|noch|zurzeit|derzeit)\s+)?(?:ein |eine )?(?:azubi(?:ne)?|"
        r"auszubildende[r]?|lehrling)\b|"
        r"\bich mache (?:(?:gerade|zurzeit|derzeit|momentan|jetzt)\s+)?(?:eine|meine) (?:\w+ )?ausbildung\b|"
        r"\b(?:unser|mein)(?:e[nmrs]?)? (?:\w+ )?(?:azubi|auszubildende|lehrling)\w*|"
        r"\b(?:im|in meinem) (?:\d\.|ersten|zweiten|dritten|vierten) (?:lehr|ausbildungs)jahr\b|"
        r"\bin (?:der )?ausbildung\b|\bi'?m an apprentice\b|\bi am an apprentice\b",
        "employment_status",
        _now("in_training"),
    ),
    # Staff a company wants to train are employed: "wir wollen zwei Mitarbeiter weiterbilden".
    (
        rf"\b{STAFF_NOUN}\b(?=[^.?!;]{{0,60}}?{TRAIN})",
        "employment_status",
        _now("employed", rf"{NOT_NOW}|\b(?:ohne|ehemalige\w*|neue\w*|künftige\w*|arbeitslose\w*)\b"),
    ),
    # Benefits received.
    # "kein Arbeitslosengeld mehr", "bekam ALG I" are not receiving it now.
    (r"\b(?:arbeitslosengeld(?! ?(?:ii|2))|alg ?(?:i|1)\b)", "receives_alg1", _now(True)),
    (  # "işsizlik parası alıyorum", "отримую допомогу з безробіття", "أحصل على إعانة البطالة"
        r"\b[iı]\u0307?[şs]s[iı]zl[iı]k (?:paras[ıi]|maa[şs][ıi]|[öo]dene[ğg]i) al[ıi]yorum|"
        r"\bотримую (?:допомогу|виплати) (?:з|по) безробітт|\bполучаю пособие по безработице|"
        r"(?:أحصل|احصل|أتلقى|اتلقى) على (?:إعانة|اعانة|تعويض) البطالة",
        "receives_alg1",
        _now(True),
    ),
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
        r"\b(\d{2}) years old\b|\baged (\d{2})\b|"
        # "(ich) bin 22." and "I'm 22, ..." end there: "bin 30 Stunden angestellt" is no age.
        r"\bbin (\d{2})(?=\s*(?:$|[.,;!?)]|und\b))|\bi'?m (\d{2})(?=\s*(?:$|[.,;!?)]|and\b))|"
        r"\b(\d{2}) ya[şs][ıi]nda|\bмені (\d{2}) (?:рік|роки|років)\b|\bмне (\d{2}) (?:год|года|лет)\b|"
        r"عمري (\d{2})",
        "age",
        _person_age,
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
        r"\bmit berufsabschluss\b|\bgesell(?:e|in)\b|\bfacharbeiter",
        "has_vocational_qualification",
        True,
    ),
    # "Hab meine Ausbildung mit 1,3 abgeschlossen", "mit einer abgeschlossenen Ausbildung als ...":
    # only the asker's own, and only as done (see `_qualified`).
    (
        r"\b(?:meine|die|eine|meiner)\s+(?:[\w-]+\s+)?(?:berufs)?(?:ausbildung|lehre|umschulung)\b"
        r"[^.?!;]{0,50}?\babgeschlossen\b|"
        r"\b(?:abgeschlossene[nmrs]?|fertige[nmrs]?)\s+(?:[\w-]+\s+)?(?:berufs)?(?:ausbildung|lehre|umschulung)\b|"
        r"\b(?:gesellen|abschluss|facharbeiter)prüfung\b[^.?!;]{0,40}?\bbestanden\b|"
        r"\bmit (?:der|meiner) (?:berufs)?(?:ausbildung|lehre) fertig\b|"
        r"\b(?:bin|habe|hab) (?:\w+ )?ausgelernt\b|\bausgelernte[rn]?\b|"
        r"\bi(?:'ve| have)? (?:finished|completed) (?:my |an? |the )?(?:[\w-]+ )?"
        r"(?:apprenticeship|vocational training)",
        "has_vocational_qualification",
        _qualified,
    ),
    (
        r"\bgr[üu]nden\b|\bgr[üu]ndung\b|\bselbst(?:st)?[äa]ndig machen\b|\bexistenzgr[üu]nd|"
        r"\bstart a business\b|"
        r"\bstart my own business\b",
        "founding_planned",
        # "nach der Gründung", "seit unserer Gründung": founded already, nothing planned.
        _now(True, r"\b(?:nicht|kein\w*|nie|nach|seit|since|after)\b"),
    ),
    # How old the business is, in completed years (see `_company_age`).
    (rf"\bvor\s+{DURATION}\s+(?:[\w-]+\s+){{0,4}}?{FOUNDED}", "company_age_years", _company_age),
    (rf"\b{FOUNDED}\s+vor\s+{DURATION}", "company_age_years", _company_age),
    (
        rf"\bseit\s+{DURATION}\s+(?:[\w-]+\s+){{0,2}}?(?:solo[- ]?)?selbst(?:st)?[äa]ndig",
        "company_age_years",
        _self_employed_since,
    ),
    (
        rf"\b(?:uns|mich|die firma|den betrieb|das unternehmen|unse\w+ \w+) gibt es (?:schon |jetzt |erst )?"
        rf"seit\s+{DURATION}|\bgibt es (?:uns|mich|unse\w+ \w+|den betrieb|die firma|das unternehmen) "
        rf"(?:schon |jetzt |erst )?seit\s+{DURATION}|\bseit\s+{DURATION}\s+(?:am|auf dem) markt\b",
        "company_age_years",
        _company_age,
    ),
    (
        rf"\b(?:betrieb|firma|unternehmen|geschäft|laden|start-?up|gmbh|company|business)\s+(?:ist|is)\s+"
        rf"(?:jetzt |schon |erst |now |already |only )?{DURATION}\s+(?:alt|old)\b",
        "company_age_years",
        _company_age,
    ),
    (
        rf"\b(?:founded|opened|set up)\s+(?:[\w'-]+\s+){{0,4}}?{DURATION}\s+ago\b|"
        rf"\b(?:self[- ]employed|in business)\s+for\s+{DURATION}",
        "company_age_years",
        _company_age,
    ),
    (
        r"\b(?:gerade|eben|dieses jahr|in diesem jahr|diesen monat|letzten monat|this year|just)\s+"
        r"(?:erst\s+)?(?:gegründet|founded)\b|\bnoch nicht gegründet\b|\bnot (?:yet )?founded\b",
        "company_age_years",
        0,
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
]


def extract(text: str, today: dt.date | None = None) -> dict[str, Value]:
    """Facts stated in `text`; fields the text does not clearly state are left out."""
    found: dict[str, Value] = {}
    low = text.casefold()
    for pattern, name, value in RULES:
        if name in found:
            continue
        # Later mentions count when an earlier one is blocked ("nicht ..., aber jetzt ...").
        for match in re.finditer(pattern, low, re.IGNORECASE):
            got = value(match) if callable(value) else value
            if got is None:
                continue
            if isinstance(got, int) and not isinstance(got, bool):
                low_b, high_b = RANGES.get(name, (0, 10**9))
                if not low_b <= got <= high_b:
                    continue
            found[name] = got
            break
    if (
        found.get("company_size") is not None
        and "applicant" not in found
        and "employment_status" not in found
    ):
        found["applicant"] = "company"
    # Arbeitslosengeld (ALG I) is paid only to people who are unemployed (§ 138 SGB III; up to
    # 15 hours of work a week allowed), so "ich bekomme ALG I" settles the employment status.
    if found.get("receives_alg1") is True and "employment_status" not in found:
        found["employment_status"] = "unemployed"
    for name, value in places(text).items():
        found.setdefault(name, value)
    # Phrase lists match folded text (no diacritics, one form per Arabic-script letter).
    folded = fold(text)
    if "founding_planned" not in found and FOUNDING and FOUNDING.search(folded):
        found["founding_planned"] = True
    gross = gross_income(folded)
    if gross is not None and "taxable_income" not in found:
        found["gross_income"] = gross
    if "applicant" not in found and re.search(FIRST_PERSON_ANY, low):
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
