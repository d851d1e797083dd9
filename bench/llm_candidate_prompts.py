"""The prompts and questions `bench/llm_candidates.py` puts to each packaged chat model.

The sources are short made-up excerpts in the style of the knowledge base (test inputs, not published).
"""

from __future__ import annotations

from dataclasses import dataclass

from navigator.llm.base import Message

SYSTEM = (
    "Du bist der Digitalnavigator, ein Lotse für Weiterbildung, Beratung und Förderung in der "
    "Märkischen Region (Hagen, Märkischer Kreis, südlicher Ennepe-Ruhr-Kreis). "
    "Antworte nur mit Informationen aus den nummerierten Quellen. Belege jede Aussage mit der "
    "Nummer der Quelle in eckigen Klammern, zum Beispiel [1] oder [2]. "
    "Steht die Antwort nicht in den Quellen, sage das und nenne keine Zahlen, Adressen oder Fristen. "
    "Antworte in der Sprache der Frage, kurz (höchstens vier Sätze) und in einfacher Sprache."
)

EXAMPLE_USER = (
    "Quellen:\n"
    "[1] STARTERCENTER NRW: Die STARTERCENTER der Kammern beraten Gründerinnen und Gründer kostenlos "
    "zu Businessplan, Finanzierung und Förderprogrammen.\n"
    "[2] Gründungsstipendium NRW: Das Land zahlt Gründerinnen und Gründern innovativer Vorhaben ein Jahr "
    "lang 1.200 Euro im Monat.\n"
    "[3] SIHK zu Hagen: Die Kammer bietet Seminare für Existenzgründer an.\n\n"
    "Frage: Ich will ein Café gründen. Wer hilft mir?"
)
EXAMPLE_ANSWER = (
    "Die STARTERCENTER der Kammern beraten Sie kostenlos zu Businessplan, Finanzierung und "
    "Förderung [1]. Die SIHK zu Hagen bietet außerdem Seminare für Gründer an [3]."
)
PREFIX = [Message("system", SYSTEM), Message("user", EXAMPLE_USER), Message("assistant", EXAMPLE_ANSWER)]

S_BILDUNGSSCHECK = (
    "Bildungsscheck NRW 2.0: Seit 1. Februar 2026 zahlt das Land 50 % der Kosten einer beruflichen "
    "Weiterbildung, höchstens 500 Euro. Voraussetzung: Wohnsitz in NRW und ein zu versteuerndes "
    "Jahreseinkommen von höchstens 50.000 Euro."
)
S_BS_ANTRAG = (
    "Bildungsscheck 2.0, Antrag: Nur online im ESF-Portal. Registrieren Sie sich spätestens am Tag vor "
    "Kursbeginn. Nach dem Kurs laden Sie Rechnung, Teilnahmebestätigung und Steuerbescheid hoch."
)
S_BILDUNGSGUTSCHEIN = (
    "Bildungsgutschein (§ 81 SGB III): Agentur für Arbeit oder Jobcenter übernehmen die Kosten einer "
    "Weiterbildung, wenn sie nötig ist, um Arbeitslosigkeit zu beenden, oder wenn ein Berufsabschluss "
    "fehlt. Kurs und Träger müssen zugelassen sein."
)
S_WB_GELD = (
    "Weiterbildungsgeld und Weiterbildungsprämie: Wer eine Umschulung mit Berufsabschluss macht, erhält "
    "150 Euro im Monat Weiterbildungsgeld. Für die bestandene Zwischenprüfung gibt es 1.000 Euro, für die "
    "Abschlussprüfung 1.500 Euro."
)
S_JOBCENTER = (
    "Jobcenter Hagen: Zuständig für Menschen in Hagen, die Grundsicherung bekommen. Es fördert Aus- und "
    "Weiterbildung, auch mit Bildungsgutschein, und übernimmt Fahrt- und Lehrgangskosten."
)
S_82 = (
    "Weiterbildungsförderung Beschäftigter (§ 82 SGB III): Die Weiterbildung dauert mehr als 120 Stunden. "
    "Betriebe unter 50 Beschäftigten zahlen in der Regel nichts zu den Lehrgangskosten, Betriebe mit 50 "
    "bis unter 500 Beschäftigten zahlen 50 %."
)
S_QG = (
    "Qualifizierungsgeld (§ 82a SGB III): Für Beschäftigte, deren Arbeit sich durch den Strukturwandel "
    "ändert. Die Agentur zahlt 60 % des wegfallenden Nettoentgelts, mit Kind 67 %. Der Arbeitgeber zahlt "
    "die Weiterbildung; nötig ist eine Betriebsvereinbarung oder ein Tarifvertrag."
)
S_IQ = (
    "IQ Anerkennungsberatung: Kostenlose Beratung für Menschen mit ausländischem Berufsabschluss, "
    "unabhängig von Staatsangehörigkeit und Aufenthaltsstatus. Die Beratenden helfen, Unterlagen "
    "zusammenzustellen und den Antrag auf Anerkennung auszufüllen."
)
S_FOSA = (
    "IHK FOSA: Die zentrale Stelle der IHKs prüft ausländische Abschlüsse in IHK-Berufen. Die SIHK zu "
    "Hagen bietet dazu eine Erstberatung an."
)
S_AGENTUR = (
    "Agentur für Arbeit Hagen: Berufsberatung im Erwerbsleben hilft Beschäftigten bei Fragen zu "
    "Weiterbildung und beruflicher Veränderung."
)


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    question: str
    sources: tuple[str, ...]
    in_scope: bool = True


CASES = [
    Case(
        "bs-betrag",
        "de",
        "Wie viel Geld bekomme ich mit dem Bildungsscheck?",
        (S_BILDUNGSSCHECK, S_BS_ANTRAG, S_BILDUNGSGUTSCHEIN, S_WB_GELD),
    ),
    Case(
        "bs-antrag",
        "de",
        "Wo beantrage ich den Bildungsscheck und bis wann?",
        (S_BS_ANTRAG, S_BILDUNGSSCHECK, S_FOSA),
    ),
    Case(
        "umschulung",
        "de",
        "Ich bin arbeitslos und wohne in Hagen. Wer bezahlt meine Umschulung?",
        (S_BILDUNGSGUTSCHEIN, S_JOBCENTER, S_WB_GELD, S_BILDUNGSSCHECK),
    ),
    Case(
        "p82-betrieb",
        "de",
        "Unser Betrieb hat 30 Mitarbeiter. Müssen wir bei der Weiterbildung nach § 82 etwas zahlen?",
        (S_82, S_QG, S_AGENTUR),
    ),
    Case(
        "anerkennung",
        "de",
        "Wer hilft mir bei der Anerkennung meines ausländischen Abschlusses?",
        (S_IQ, S_FOSA, S_AGENTUR),
    ),
    Case(
        "bus",
        "de",
        "Was kostet ein Busticket von Hagen nach Iserlohn?",
        (S_JOBCENTER, S_AGENTUR, S_BILDUNGSSCHECK),
        in_scope=False,
    ),
    Case(
        "en-retraining",
        "en",
        "I am unemployed in Hagen. Do I get any money during a retraining course?",
        (S_WB_GELD, S_BILDUNGSGUTSCHEIN, S_JOBCENTER),
    ),
    Case(
        "en-qualigeld",
        "en",
        "How does the Qualifizierungsgeld work for employees?",
        (S_QG, S_82, S_AGENTUR, S_IQ),
    ),
]
