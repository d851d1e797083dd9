"""The fact reader's rules: which wording states which profile fact (a data table of patterns).

Each rule is (pattern, field, value): the value is fixed or read from the match by a reader
(`readers.py`), which returns None when the words around the match block it. The first matching
rule per field wins, so order matters. German first, English too, unemployment and benefits in
all answer languages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from navigator.foerdercheck.extract.context import NOT_NOW, PLAN, TRAIN
from navigator.foerdercheck.extract.readers import (
    company_age,
    income,
    now,
    person_age,
    qualified,
    self_employed_since,
    size,
)
from navigator.foerdercheck.extract.words import DURATION, FOUNDED, NUMBER, STAFF, STAFF_NOUN, num
from navigator.foerdercheck.profile import Value

# Countries people name for where a qualification is from (the region's main countries of origin).
_COUNTRIES_EN = (
    "syria|turkey|ukraine|iran|afghanistan|iraq|india|poland|romania|russia|kazakhstan|"
    "eritrea|morocco|tunisia|egypt|pakistan|nigeria|brazil|kosovo|serbia|bosnia|albania|"
    "bulgaria|greece|italy|spain|vietnam|philippines|abroad|my (?:home )?country"
)
_COUNTRIES_DE = (
    "syrien|türkei|turkei|ukraine|iran|afghanistan|irak|indien|polen|rumänien|rumanien|"
    "russland|kasachstan|eritrea|marokko|tunesien|ägypten|agypten|pakistan|nigeria|"
    "brasilien|kosovo|serbien|bosnien|albanien|bulgarien|griechenland|italien|spanien|"
    "vietnam|philippinen|heimat|ausland"
)

# (pattern, field, value); the first matching rule per field wins, so order matters.
Rule = tuple[str, str, Value | Callable[[re.Match[str]], Value | None]]
RULES: Final[list[Rule]] = [
    # Company size and who asks.
    (
        rf"\b(?:wir sind|we are|sind|haben|mit|of|team von|team of)\s+(?:etwa |ca\.? |rund |"
        rf"about )?{NUMBER}\s+{STAFF}",
        "company_size",
        lambda m: num(m.group(1)),
    ),
    (rf"\b{NUMBER}\s+{STAFF}\b", "company_size", size),
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
        now(True, rf"{NOT_NOW}|{PLAN}"),
    ),
    # Unemployment, in every answer language. Not "arbeitsuchend": people still employed must
    # register as job-seeking three months before their job ends.
    (
        r"\b(?:langzeit)?arbeitslos\b|\bohne (?:arbeit|job)\b(?!\s+zu\b)|\bunemployed\b|\bjobless\b|"
        r"\bout of work\b",
        "employment_status",
        now("unemployed"),
    ),
    (  # Turkish "işsizim", "işsiz kaldım"; not "işsiz değilim", not "işsizlik" (unemployment).
        r"\b[iı]\u0307?[şs]s[iı]z(?:im|iz|ım|ız)?\b",
        "employment_status",
        now("unemployed", after=r"\s*(?:de[ğg]il|olaca|kalaca)"),
    ),
    (  # Ukrainian and Russian "безробітний", "безработная", "без роботи"; not "безробіття".
        r"\bбезробітн(?:ий|а|і|им|ою)\b|\bбезработн(?:ый|ая|ые|ым|ой)\b|\bбез (?:роботи|работы)\b",
        "employment_status",
        now("unemployed"),
    ),
    (  # Arabic "عاطل عن العمل", "أنا عاطل", "بدون عمل"; "عاطل" alone may mean "broken".
        r"عاطل\S*\s+عن\s+(?:ال)?عمل|(?<!\w)و?(?:أنا|انا)\s+عاطل|\b(?:بدون|بلا)\s+عمل\b",
        "employment_status",
        now("unemployed"),
    ),
    (
        r"\bselbst(?:st)?[äa]ndig\b(?!\s+(?:zu\s+)?(?:machen|werden))|\bfreiberuflich\b|"
        r"\bself[- ]employed\b|\bfreelancer?\b",
        "employment_status",
        now("self_employed", rf"{NOT_NOW}|{PLAN}"),
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
        now("in_training"),
    ),
    # Staff a company wants to train are employed: "wir wollen zwei Mitarbeiter weiterbilden".
    (
        rf"\b{STAFF_NOUN}\b(?=[^.?!;]{{0,60}}?{TRAIN})",
        "employment_status",
        now("employed", rf"{NOT_NOW}|\b(?:ohne|ehemalige\w*|neue\w*|künftige\w*|arbeitslose\w*)\b"),
    ),
    # Benefits received.
    # "kein Arbeitslosengeld mehr", "bekam ALG I" are not receiving it now.
    (r"\b(?:arbeitslosengeld(?! ?(?:ii|2))|alg ?(?:i|1)\b)", "receives_alg1", now(True)),
    (  # "işsizlik parası alıyorum", "отримую допомогу з безробіття", "أحصل على إعانة البطالة"
        r"\b[iı]\u0307?[şs]s[iı]zl[iı]k (?:paras[ıi]|maa[şs][ıi]|[öo]dene[ğg]i) al[ıi]yorum|"
        r"\bотримую (?:допомогу|виплати) (?:з|по) безробітт|\bполучаю пособие по безработице|"
        r"(?:أحصل|احصل|أتلقى|اتلقى) على (?:إعانة|اعانة|تعويض) البطالة",
        "receives_alg1",
        now(True),
    ),
    (
        r"\bb[üu]rgergeld\b|\bgrundsicherung|\bhartz|\balg ?(?:ii|2)\b|\barbeitslosengeld ?(?:ii|2)\b",
        "receives_buergergeld",
        True,
    ),
    # Income: a number next to "Einkommen"/"income" (taxable income, not gross pay: "verdiene" and
    # "brutto" are not taken, since the limits are on the taxable income).
    (rf"(?:einkommen|income)\D{{0,40}}?{NUMBER}\s*(?:€|euro|eur)?", "taxable_income", income),
    (
        rf"{NUMBER}\s*(?:€|euro|eur)\s*(?:zu versteuerndes |taxable )?(?:jahreseinkommen|einkommen|income)",
        "taxable_income",
        income,
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
        person_age,
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
        r"\bqualification from abroad|\banerkennung meine[rs]|"
        # A qualification named with the country it is from: "master's in engineering from India",
        # "Ausbildung als Elektriker in Syrien gemacht", "my degree recognised".
        rf"\b(?:degree|diploma|master'?s|bachelor'?s|qualification|training|apprenticeship|studies)\b"
        rf"[^.?!]{{0,50}}\bfrom (?:{_COUNTRIES_EN})\b|"
        rf"\b(?:abschluss|diplom|studium|ausbildung|lehre|master|bachelor)\b[^.?!]{{0,50}}"
        rf"\b(?:in|aus) (?:der |dem )?(?:{_COUNTRIES_DE})\b|"
        r"\b(?:my|our) (?:degree|diploma|qualification|certificate)s? (?:to be |be |get )?recogni[sz]ed\b|"
        r"\brecogni[sz]e my (?:degree|diploma|qualification|certificate)",
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
    # only the asker's own, and only as done (see `qualified`).
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
        qualified,
    ),
    (
        r"\bgr[üu]nden\b|\bgr[üu]ndung\b|\bselbst(?:st)?[äa]ndig machen\b|\bexistenzgr[üu]nd|"
        r"\bstart a business\b|"
        r"\bstart my own business\b",
        "founding_planned",
        # "nach der Gründung", "seit unserer Gründung": founded already, nothing planned.
        now(True, r"\b(?:nicht|kein\w*|nie|nach|seit|since|after)\b"),
    ),
    # How old the business is, in completed years (see `company_age`).
    (rf"\bvor\s+{DURATION}\s+(?:[\w-]+\s+){{0,4}}?{FOUNDED}", "company_age_years", company_age),
    (rf"\b{FOUNDED}\s+vor\s+{DURATION}", "company_age_years", company_age),
    (
        rf"\bseit\s+{DURATION}\s+(?:[\w-]+\s+){{0,2}}?(?:solo[- ]?)?selbst(?:st)?[äa]ndig",
        "company_age_years",
        self_employed_since,
    ),
    (
        rf"\b(?:uns|mich|die firma|den betrieb|das unternehmen|unse\w+ \w+) gibt es (?:schon |jetzt |erst )?"
        rf"seit\s+{DURATION}|\bgibt es (?:uns|mich|unse\w+ \w+|den betrieb|die firma|das unternehmen) "
        rf"(?:schon |jetzt |erst )?seit\s+{DURATION}|\bseit\s+{DURATION}\s+(?:am|auf dem) markt\b",
        "company_age_years",
        company_age,
    ),
    (
        rf"\b(?:betrieb|firma|unternehmen|geschäft|laden|start-?up|gmbh|company|business)\s+(?:ist|is)\s+"
        rf"(?:jetzt |schon |erst |now |already |only )?{DURATION}\s+(?:alt|old)\b",
        "company_age_years",
        company_age,
    ),
    (
        rf"\b(?:founded|opened|set up)\s+(?:[\w'-]+\s+){{0,4}}?{DURATION}\s+ago\b|"
        rf"\b(?:self[- ]employed|in business)\s+for\s+{DURATION}",
        "company_age_years",
        company_age,
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
