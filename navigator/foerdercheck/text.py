"""Plain-text rendering of a check report, for `navigator check` (maintainers, terminals)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from navigator.foerdercheck.profile import Profile, ProfileError
from navigator.foerdercheck.results import CheckReport, CheckResult

MARKS = {"met": "+", "not_met": "-", "unknown": "?"}


def read_profile(path: Path) -> tuple[Profile, dict[str, Any]]:
    """A profile YAML file: field values at the top level, plus optional `programmes` and `topics`."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ProfileError("(file)", f"{path} must hold a mapping of profile fields")
    options = {k: data.pop(k) for k in ("programmes", "topics", "skip") if k in data}
    return Profile.parse(data), options


def _result(r: CheckResult) -> list[str]:
    lines = [f"{r.label.upper()}: {r.programme.title} ({r.programme.id})"]
    if r.note:
        lines.append(f"    {r.note}")
    for c in r.criteria:
        section = f", {c.source.section}" if c.source.section else ""
        lines.append(f"    {MARKS[c.status]} [{c.strength}] {c.text}  <{c.source.url}{section}>")
    lines += [f"    wenn: {text}" for text in r.conditions]
    lines += [f"    = {b.label}: {b.text}" for b in r.benefits]
    if r.alternatives:
        lines.append("    stattdessen: " + ", ".join(a.id for a in r.alternatives))
    if r.successors:
        lines.append("    Nachfolger: " + ", ".join(s.id for s in r.successors))
    for o in r.offices:
        contact = " · ".join(v for k, v in o.contact.items() if k in ("phone", "email"))
        lines.append(f"    @ {o.title}{' · ' + contact if contact else ''} <{o.url}>")
    return lines


def render_text(report: CheckReport) -> str:
    """The report as indented text: one block per programme, then the next question."""
    lines = [f"Förder-Check {report.today.isoformat()} ({report.language}), {len(report.results)} Programme"]
    if report.derived:
        lines.append("abgeleitet: " + ", ".join(f"{k}={v}" for k, v in report.derived.items()))
    for r in report.results:
        lines += ["", *_result(r)]
    q = report.next_question
    lines += ["", f"Nächste Frage ({q.field}): {q.text}" if q else "Keine offene Frage."]
    return "\n".join(lines) + "\n"
