"""Coverage report for the knowledge base: where entries are missing and what needs care.

`render_report(entries, today)` returns Markdown (German, for maintainers) with six parts:

1. offices per audience x region (counts, ❌ where there is none),
2. entries per topic x region,
3. entries whose `reviewed` date is older than twelve months,
4. programmes, offices and trainings past `valid_until` and past events, each with its successors,
5. current entries without any contact data (only a URL),
6. a summary line with the number of entries per kind.

Tables 1 and 2 count only entries that have not ended on `today`. `navigator knowledge report` prints the
report; `make coverage` writes it to `knowledge/COVERAGE.md`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from navigator import vocab
from navigator.knowledge import Entry
from navigator.text import german_date

MISSING = "❌"


def render_report(entries: list[Entry], today: dt.date, unsourced: Sequence[object] = ()) -> str:
    """Render the coverage report as Markdown.

    Args:
        entries: Validated knowledge entries, current and ended.
        today: The day that decides what has ended and what is stale.
        unsourced: Values no source states (see `navigator.knowledge.provenance`).

    Returns:
        The report as Markdown, ending with a newline.
    """
    current = [e for e in entries if e.status(today) != "ended"]
    offices = [e for e in current if e.kind == "office" and e.on_site]
    titles = {e.id: e.title for e in entries}
    parts = [
        f"# Abdeckung der Wissensbasis (Stand {_german(today)})",
        "",
        "## 1. Beratungsstellen nach Zielgruppe und Region",
        "",
        f"Laufende Beratungsstellen (`office`) je Zielgruppe und Region; {MISSING} = keine Stelle. "
        "Nicht gezählt: Einträge mit `on_site: false` (keine Stelle in der Region bestätigt).",
        "",
        *_matrix("Zielgruppe", vocab.AUDIENCES, offices, lambda e: e.audiences),
        "",
        "## 2. Einträge nach Thema und Region",
        "",
        f"Alle laufenden Einträge (jede Art) je Thema und Region; {MISSING} = kein Eintrag.",
        "",
        *_matrix("Thema", vocab.TOPICS, current, lambda e: e.topics),
        "",
        "## 3. Prüfung älter als 12 Monate",
        "",
        *_stale(entries, today),
        "",
        "## 4. Beendete Angebote und vergangene Veranstaltungen",
        "",
        *_ended(entries, today, titles),
        "",
        "## 5. Laufende Einträge ohne Kontaktdaten (nur URL)",
        "",
        *_without_contact(current),
        "",
        "## 6. Angaben ohne Beleg",
        "",
        *(
            [f"- {u}" for u in unsourced]
            or [
                "Keine: jede Telefonnummer, E-Mail-Adresse, Adresse, Öffnungszeit, jeder Betrag und jedes "
                "Datum steht in einer Quelle (`knowledge/_provenance.yaml`, `../shared/facts`)."
            ]
        ),
        "",
        "## 7. Zusammenfassung",
        "",
        _summary(entries, len(entries) - len(current)),
    ]
    return "\n".join(parts) + "\n"


def _matrix(
    label: str,
    rows: dict[str, str],
    entries: list[Entry],
    values: Callable[[Entry], list[str]],
) -> list[str]:
    """Build a Markdown table that counts entries per row value (audience or topic) and region.

    Args:
        label: Header of the first column.
        rows: Vocabulary of the row values, code to German label.
        entries: The entries to count.
        values: Picks the row values (audiences or topics) of one entry.

    Returns:
        The table lines, followed by a line that counts the empty cells.
    """
    lines = [
        f"| {label} | " + " | ".join(vocab.REGIONS.values()) + " |",
        "|---" * (len(vocab.REGIONS) + 1) + "|",
    ]
    gaps = 0
    for code, name in rows.items():
        cells = []
        for region in vocab.REGIONS:
            count = sum(1 for e in entries if code in values(e) and region in e.regions)
            gaps += count == 0
            cells.append(str(count) if count else MISSING)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", f"Lücken: {gaps} von {len(rows) * len(vocab.REGIONS)} Feldern."]
    return lines


def _stale(entries: Iterable[Entry], today: dt.date) -> list[str]:
    """List entries last reviewed more than twelve months before `today`, oldest first."""
    cutoff = _one_year_before(today)
    stale = sorted((e for e in entries if e.reviewed < cutoff), key=lambda e: (e.reviewed, e.id))
    if not stale:
        return ["Keine."]
    return [f"- {_name(e)} – zuletzt geprüft am {_german(e.reviewed)}" for e in stale]


def _ended(entries: Iterable[Entry], today: dt.date, titles: dict[str, str]) -> list[str]:
    """List ended entries, newest end first, each with its successors (or a warning if none)."""
    ended = [(end, e) for e in entries if e.status(today) == "ended" and (end := e.end_date()) is not None]
    if not ended:
        return ["Keine."]
    lines = []
    for end, e in sorted(ended, key=lambda pair: (pair[0], pair[1].id), reverse=True):
        verb = "vergangen am" if e.kind == "event" else "beendet am"
        successors = ", ".join(f"{titles.get(s, s)} (`{s}`)" for s in e.successors)
        recommended = ", ".join(f"{titles.get(s, s)} (`{s}`)" for s in e.recommended)
        offices = ", ".join(f"{titles.get(s, s)} (`{s}`)" for s in e.offices)
        if successors:
            pointer = f"Nachfolger: {successors}"
        elif recommended:  # a recommendation is not a successor: say so
            pointer = f"kein amtlicher Nachfolger; empfohlen: {recommended}"
        elif offices:  # past events point to the office that announces the next one
            pointer = f"Weiter bei: {offices}"
        else:
            pointer = "Nachfolger: ⚠️ keiner eingetragen"
        lines.append(f"- {_name(e)} – {verb} {_german(end)}; {pointer}")
    return lines


def _without_contact(entries: Iterable[Entry]) -> list[str]:
    """List entries whose contact block is empty, so the card shows only the URL."""
    bare = sorted((e for e in entries if not any(e.contact.model_dump().values())), key=lambda e: e.id)
    if not bare:
        return ["Keine."]
    return [f"- {_name(e)} – nur {e.url}" for e in bare]


def _summary(entries: list[Entry], ended: int) -> str:
    """One line with the number of entries per kind and how many of them have ended."""
    counts = ", ".join(
        f"{sum(1 for e in entries if e.kind == kind)} × {label}" for kind, label in vocab.KINDS.items()
    )
    return f"**{len(entries)} Einträge:** {counts}; davon {ended} beendet oder vergangen."


def _name(entry: Entry) -> str:
    """Title, id and kind label of an entry for list lines."""
    return f"{entry.title} (`{entry.id}`, {vocab.KINDS[entry.kind]})"


def _one_year_before(day: dt.date) -> dt.date:
    """The same calendar day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _german(day: dt.date) -> str:
    """A date in German notation, e.g. 26.11.2026."""
    return german_date(day) or ""
