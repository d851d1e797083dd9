"""The facts behind /impressum, /datenschutz and /barrierefreiheit, taken from the running settings.

The operator comes from `NAVIGATOR_OPERATOR_*`; unset, the pages say so instead of showing a made-up
address. What happens to a question is read from the configuration actually running (which language
model, which embedder, where the index and the rate-limit counters live), so the privacy statement
cannot claim a model that is not there.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from navigator.settings import Settings


@dataclass(frozen=True, slots=True)
class Operator:
    """Who runs this navigator (the controller under the GDPR); every field may be missing."""

    name: str | None
    address: str | None
    representative: str | None
    email: str | None
    phone: str | None
    dpo: str | None
    supervisory_authority: str | None
    accessibility_contact: str | None

    @property
    def configured(self) -> bool:
        return bool(self.name)

    @property
    def barrier_contact(self) -> str | None:
        """Where to report a barrier: the accessibility contact, else the operator's e-mail."""
        return self.accessibility_contact or self.email


def operator(settings: Settings) -> Operator:
    return Operator(
        name=settings.operator_name,
        address=settings.operator_address,
        representative=settings.operator_representative,
        email=settings.operator_email,
        phone=settings.operator_phone,
        dpo=settings.operator_dpo,
        supervisory_authority=settings.operator_supervisory_authority,
        accessibility_contact=settings.operator_accessibility_contact,
    )


def _host(url: str | None) -> str:
    return (urlsplit(url).hostname or url or "?") if url else "?"


def model_kind(settings: Settings) -> str:
    """The kind of answer writer: "none" (extractive), "local" (on this server) or "hosted" (remote)."""
    if settings.llm in ("extractive", "fake"):
        return "none"
    return "local" if settings.llm == "local" else "hosted"


def question_processing(settings: Settings) -> list[str]:
    """Who processes a question under this configuration, one German sentence per step."""
    kind = model_kind(settings)
    if kind == "none":
        model = (
            "Es ist kein Sprachmodell eingerichtet: Die Antworten werden ohne Sprachmodell aus den "
            "Einträgen des Katalogs zusammengestellt."
        )
    elif kind == "local":
        name = settings.llm_model or "Standardmodell"
        model = (
            f"Ein Sprachmodell ({name}) läuft auf dem Server des Navigators; die Frage verlässt den "
            "Server dafür nicht."
        )
    else:
        model = (
            f"Die Frage, die letzten Gesprächsbeiträge und die passenden Einträge gehen an den "
            f"Sprachmodell-Dienst unter {_host(settings.llm_base_url)}"
            f"{f' (Modell {settings.llm_model})' if settings.llm_model else ''}, der die Antwort schreibt."
        )
    index = (
        f"Der Suchindex liegt auf dem Server {_host(settings.chroma_url)}; an ihn geht der Suchvektor der "
        "Frage, nicht ihr Text."
        if settings.chroma_url
        else "Der Suchindex liegt auf dem Server des Navigators."
    )
    counters = (
        f"Zum Schutz vor Missbrauch zählt ein Zählerspeicher ({_host(settings.rate_limit_storage)}) "
        f"Anfragen je IP-Adresse (Grenze: {settings.rate_limit}); die Zähler verfallen nach dem Zeitfenster."
        if not settings.rate_limit_storage.startswith("memory")
        else "Zum Schutz vor Missbrauch zählt der Server im Arbeitsspeicher Anfragen je IP-Adresse "
        f"(Grenze: {settings.rate_limit}); die Zähler verfallen nach dem Zeitfenster und werden nicht "
        "gespeichert."
    )
    return [
        "Die Frage wird auf dem Server des Navigators in einen Suchvektor umgerechnet "
        f"(Einbettungsmodell „{settings.embedder}“, läuft auf dem Server).",
        index,
        model,
        counters,
    ]
