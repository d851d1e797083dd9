"""Controlled vocabularies for knowledge entries, in one place.

Every value a knowledge file may use for `kind`, `audiences`, `topics`, `regions`, `languages` and the
eligibility `field`s is defined here, with its German label. Ingestion rejects anything else, so a typo
in a knowledge file is an error with file and line, not a silently unfindable entry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Final

from pydantic import AfterValidator

KINDS: Final[dict[str, str]] = {
    "office": "Beratungsstelle",
    "programme": "Förderprogramm",
    "training": "Weiterbildung",
    "event": "Veranstaltung",
}

AUDIENCES: Final[dict[str, str]] = {
    "kmu": "Unternehmen (KMU)",
    "beschaeftigte": "Beschäftigte",
    "arbeitsuchende": "Arbeitsuchende",
    "wiedereinstieg": "Wiedereinstieg",
    "migration": "Neu in Deutschland (Migration/Flucht)",
    "jugendliche": "Junge Menschen",
    "gruendung": "Gründung und Selbstständigkeit",
    "bildungsanbieter": "Bildungsanbieter",
}

TOPICS: Final[dict[str, str]] = {
    "weiterbildung": "Weiterbildung",
    "foerderung": "Förderung und Zuschüsse",
    "beratung": "Beratung",
    "digitalisierung": "Digitalisierung",
    "ki": "Künstliche Intelligenz",
    "ausbildung": "Ausbildung",
    "berufsorientierung": "Berufsorientierung",
    "arbeitsuche": "Arbeit und Stellensuche",
    "fachkraefte": "Fachkräfte gewinnen",
    "anerkennung": "Anerkennung ausländischer Abschlüsse",
    "sprache": "Deutsch lernen",
    "integration": "Integration",
    "gruendung": "Gründung",
    "wiedereinstieg": "Wiedereinstieg",
    "gleichstellung": "Frauen und Gleichstellung",
    "arbeitsrecht": "Arbeitsrecht und faire Arbeit",
    "existenzsicherung": "Geld zum Leben (Grundsicherung, Leistungen)",
    "netzwerk": "Netzwerk und Veranstaltungen",
}

REGIONS: Final[dict[str, str]] = {
    "hagen": "Hagen",
    "maerkischer-kreis": "Märkischer Kreis",
    "ennepe-ruhr-kreis": "Ennepe-Ruhr-Kreis",
}
# Shorthand for entries that serve the whole region (NRW and federal programmes).
ALL_REGIONS: Final = "alle"

SCOPES: Final[dict[str, str]] = {
    "regional": "regional",
    "nrw": "Nordrhein-Westfalen",
    "bund": "bundesweit",
    "eu": "EU",
}

LANGUAGES: Final[dict[str, str]] = {
    "de": "Deutsch",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "uk": "Українська",
    "ru": "Русский",
    "pl": "Polski",
    "ro": "Română",
    "bg": "Български",
    "fr": "Français",
    "es": "Español",
    "it": "Italiano",
    "el": "Ελληνικά",
    "fa": "فارسی",
    "ku": "Kurdî",
    "sq": "Shqip",
    "hr": "Hrvatski",
    "sr": "Српски",
    "bs": "Bosanski",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "ps": "پښتو",
    "prs": "دری",
}

# Languages the navigator answers in (and the UI offers); others fall back to German.
ANSWER_LANGUAGES: Final = ("de", "en", "tr", "ar", "uk", "ru")

# Eligibility profile fields for the Förder-Check: name -> (type, German label).
# Types: "bool", "int", or "enum:<a>|<b>|..." for a closed set of values.
ELIGIBILITY_FIELDS: Final[dict[str, tuple[str, str]]] = {
    "applicant": ("enum:person|company", "Wer fragt: Person oder Unternehmen"),
    "company_size": ("int", "Zahl der Beschäftigten im Betrieb"),
    "is_craft": ("bool", "Handwerksbetrieb"),
    "region": ("enum:hagen|maerkischer-kreis|ennepe-ruhr-kreis|other", "Region"),
    "residence_nrw": ("bool", "Wohnsitz in NRW"),
    "employment_status": (
        "enum:employed|unemployed|self_employed|in_training|not_working",
        "Beschäftigungsstatus",
    ),
    "solo_self_employed": ("bool", "Solo-Selbstständig (ohne Angestellte)"),
    "receives_buergergeld": ("bool", "Bezug von Bürgergeld/Grundsicherungsgeld"),
    "receives_alg1": ("bool", "Bezug von Arbeitslosengeld"),
    "age": ("int", "Alter"),
    "birth_year": ("int", "Geburtsjahr"),
    "taxable_income": ("int", "Zu versteuerndes Jahreseinkommen in EUR"),
    # Gross pay bounds the taxable income from above (taxable income <= gross income).
    "gross_income": ("int", "Bruttojahreseinkommen in EUR"),
    "joint_assessment": ("bool", "Gemeinsame steuerliche Veranlagung"),
    "foreign_qualification": ("bool", "Ausländischer Berufsabschluss"),
    "has_vocational_qualification": ("bool", "Abgeschlossene Berufsausbildung"),
    "course_started": ("bool", "Kurs hat schon begonnen"),
    "prior_funding_this_year": ("bool", "In diesem Jahr schon gefördert"),
    "founding_planned": ("bool", "Gründung geplant"),
    "company_age_years": ("int", "Alter des Unternehmens in Jahren"),
    "structural_change": ("bool", "Betrieb im Strukturwandel (Arbeitsplätze fallen weg)"),
    "has_training_place": ("bool", "Ausbildungsplatz vorhanden"),
    # § 82 SGB III: no second funding within two years; § 93 SGB III: at least 150 days of ALG left.
    "funded_82_last_two_years": ("bool", "In den letzten zwei Jahren nach § 82 SGB III gefördert"),
    "alg1_remaining_days": ("int", "Restanspruch auf Arbeitslosengeld in Tagen"),
}

ELIGIBILITY_OPS: Final = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in")


# -- the one validator of these vocabularies --------------------------------------------------------


def unknown(name: str, value: object, allowed: Iterable[str]) -> str:
    """The error text for a value outside a vocabulary: "unknown region 'x'; allowed: hagen, …"."""
    return f"unknown {name} {value!r}; allowed: {', '.join(allowed)}"


def check(name: str, value: object, allowed: Collection[str]) -> str:
    """`value` if it is one of `allowed`, else ValueError with `unknown()`'s text.

    A non-string is rejected before the lookup: an unhashable value ({} from a fuzzer) must be a
    clear error, not a TypeError.
    """
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(unknown(name, value, allowed))
    return value


def validator(allowed: Collection[str], name: str) -> AfterValidator:
    """A pydantic annotation that applies `check`: `Annotated[str, vocab.validator(REGIONS, "region")]`."""
    values = tuple(allowed)
    return AfterValidator(lambda value: check(name, value, values))
