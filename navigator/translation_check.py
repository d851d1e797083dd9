"""Check the translation files in `knowledge/_i18n/` against the entries (`navigator validate`).

Errors make a translation unusable or point nowhere: a broken file, an unknown entry id, a missing field,
empty or placeholder text. Warnings are normal work in progress, shown German meanwhile: a current entry
without a translation, and a stale one (the German title or summary changed since it was translated;
the message gives the new `source_hash` to set once the text is updated). A translation that drops a
number of the German text (an amount, a date, a percentage) is a warning too: numbers stay exact.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from navigator.errors import Problem
from navigator.knowledge import Entry
from navigator.translations import FOLDER, LANGUAGES, NUMBER, read_language, source_hash, usable


@dataclass(slots=True)
class TranslationReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _numbers(text: str) -> set[str]:
    # "1.000" and "1000" are the same amount; a translation may group digits its own way.
    return {n.replace(".", "").replace(",", "") for n in NUMBER.findall(text)}


def check_translations(knowledge_dir: Path, entries: Iterable[Entry], today: dt.date) -> TranslationReport:
    """Every problem of every translation file, with file, line and field."""
    report = TranslationReport()
    by_id = {e.id: e for e in entries}
    current = [e for e in by_id.values() if e.status(today) != "ended"]
    folder = knowledge_dir / FOLDER
    if not folder.is_dir():
        return report
    for extra in sorted(folder.glob("*.yaml")):
        if extra.stem not in LANGUAGES:
            shown = f"{FOLDER}/{extra.name}"
            report.errors.append(Problem(shown, 1, "", f"unknown language; files: {', '.join(LANGUAGES)}"))
    for lang in LANGUAGES:
        path = folder / f"{lang}.yaml"
        shown = f"{FOLDER}/{lang}.yaml"
        if not path.is_file():
            report.warnings.append(Problem(shown, 1, "", "missing: German is shown in this language"))
            continue
        found, problems = read_language(path, shown)
        report.errors += problems
        for entry_id, t in found.items():
            entry = by_id.get(entry_id)
            if entry is None:
                report.errors.append(Problem(shown, t.line, entry_id, "unknown entry id"))
                continue
            if not usable(t):
                report.errors.append(Problem(shown, t.line, entry_id, "empty or placeholder title/summary"))
            elif t.summary == entry.summary:
                report.errors.append(Problem(shown, t.line, f"{entry_id}.summary", "is the German text"))
            now = source_hash(entry)
            if t.source_hash != now:
                report.warnings.append(
                    Problem(
                        shown,
                        t.line,
                        f"{entry_id}.source_hash",
                        f"stale: the German title or summary changed; update the text, then set {now}",
                    )
                )
            lost = _numbers(entry.summary) - _numbers(t.summary)
            if lost and t.source_hash == now:  # a stale one translates another German text
                report.warnings.append(
                    Problem(shown, t.line, entry_id, f"numbers of the German text missing: {sorted(lost)}")
                )
        for e in current:
            if e.id not in found:
                report.warnings.append(Problem(shown, 1, e.id, "no translation: German is shown"))
    _check_rule_texts(knowledge_dir, current, report)
    return report


def _check_rule_texts(knowledge_dir: Path, current: list[Entry], report: TranslationReport) -> None:
    """The Förder-Check's rule texts (`_i18n/foerdercheck/<lang>.yaml`, keyed by the German text)."""
    from navigator.foerdercheck import translations as rules

    german = set(rules.german_texts(current))
    inline = {lang: _inline(current, lang) for lang in LANGUAGES}
    present = rules.files(knowledge_dir)
    for lang in LANGUAGES:
        if lang not in present and german - inline[lang]:
            msg = f"missing: {len(german - inline[lang])} rule texts are shown in German"
            report.warnings.append(Problem(f"{rules.FOLDER}/{lang}.yaml", 1, "", msg))
    for lang, path in present.items():
        shown = f"{rules.FOLDER}/{lang}.yaml"
        found, problems = rules.read_texts(path, shown)
        report.errors += problems
        lines = {str(k.value): k.start_mark.line + 1 for k, _ in _keys(path)}
        for text, translated in found.items():
            lost = _numbers(text) - _numbers(translated)
            if lost:
                msg = f"numbers of the German text missing: {sorted(lost)}"
                report.warnings.append(Problem(shown, lines.get(text, 1), text[:40], msg))
        for text in sorted(set(found) - german):
            msg = "German text not found (changed or removed): this translation is unused"
            report.warnings.append(Problem(shown, lines.get(text, 1), text[:40], msg))
        missing = german - set(found) - inline[lang]
        if missing:
            msg = f"{len(missing)} of {len(german)} rule texts have no translation: German is shown"
            report.warnings.append(Problem(shown, 1, "", msg))


def _keys(path: Path) -> list[tuple[Any, Any]]:
    root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return list(root.value) if isinstance(root, yaml.MappingNode) else []


def _inline(entries: list[Entry], lang: str) -> set[str]:
    """German rule texts that the knowledge files translate inline into `lang`."""
    found = set()
    for e in entries:
        if e.eligibility is None:
            continue
        for model in [e.eligibility, *e.eligibility.criteria, *e.eligibility.benefits]:
            for name in ("met", "not_met", "question", "label", "text", "apply"):
                value = getattr(model, name, None)
                if isinstance(value, dict) and lang in value:
                    found.add(value["de"])
    return found
