"""Eval outputs: the JSON document, a self-contained HTML report with inline SVG plots, a text summary.

The document has one part per split (dev, test) with the same figures, so the report can show them
side by side, and a provider table that merges this run with the providers stored in the baseline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from navigator.evals import metrics, plain, plots
from navigator.evals.results import RunResult

# The charts show a few metrics per group; the tables next to them have all.
CHART_RETRIEVAL = ("hit@1", "hit@3", "mrr")
CHART_ANSWER = (
    "expected_source_cited",
    "citation_validity",
    "refusal_accuracy",
    "language_match",
    "status_faithfulness",
)
Tables = dict[str, dict[str, dict[str, dict[str, Any]]]]  # split -> group -> metric -> stat


def split_part(result: RunResult, note: str | None = None) -> dict[str, Any]:
    """Everything one split of a run measured."""
    groups = result.groups()
    ablation = result.ablation() if result.cases else {}
    return {
        "cases": len(result.cases),
        "sets": sorted({r.case.set for r in result.cases}),
        "note": note,
        "headline": headline(groups, ablation),
        "groups": groups,
        "ablation": ablation,
        "latency": result.latency() if result.provider else None,
        "tokens": result.tokens() if result.provider else None,
        "providers": result.provider_table(),
    }


def document(
    result: RunResult,
    meta: Mapping[str, Any],
    splits: Mapping[str, str | None],
    stored: Mapping[str, Tables] | None = None,
) -> dict[str, Any]:
    """Everything a run measured, as plain JSON-ready data.

    Args:
        result: The run.
        meta: Run facts (date, embedder, provider, duration, ...).
        splits: The splits of the run, each with a note (why it has no cases) or None.
        stored: The provider table of the baseline (provider -> split -> groups); this run's provider
            replaces its stored rows for the splits it ran.
    """
    parts = {split: split_part(result.of_split(split), note) for split, note in splits.items()}
    providers: dict[str, Tables] = {p: dict(t) for p, t in (stored or {}).items()}
    if result.provider:
        mine = providers.setdefault(result.provider, {})
        mine.update({s: p["providers"] for s, p in parts.items() if p["cases"]})
    return {
        "meta": dict(meta),
        "splits": parts,
        "providers": providers,
        "cases": [c.as_dict() for c in result.cases],
    }


def _value(groups: Mapping[str, Mapping[str, Any]], group: str, metric: str) -> float | None:
    stat = groups.get(group, {}).get(metric)
    return None if stat is None else stat["mean"]


def headline(
    groups: Mapping[str, Mapping[str, Mapping[str, Any]]], ablation: Mapping[str, Any] | None = None
) -> dict[str, float | None]:
    """The numbers the README quotes, per split; the plain baseline's hit@3 beside the navigator's."""
    return {
        "hit@3": _value(groups, "all", "hit@3"),
        "plain_baseline_hit@3": _value((ablation or {}).get(plain.NAME, {}), "all", "hit@3"),
        "german_hit@3": _value(groups, "language:de", "hit@3"),
        "other_languages_hit@3": _value(groups, "language:other", "hit@3"),
        "citation_validity": _value(groups, "all", "citation_validity"),
        "refusal_accuracy": _value(groups, "all", "refusal_accuracy"),
    }


def write_json(doc: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _order(groups: Sequence[str]) -> list[str]:
    return sorted(dict.fromkeys(groups), key=lambda g: (g != "all", g))


def side_by_side(
    parts: Mapping[str, Mapping[str, Any]], prefixes: Sequence[str]
) -> list[tuple[str, str, Any]]:
    """(group, split, stats) rows: each group once per split, the splits next to each other."""
    names = _order([g for p in parts.values() for g in p["groups"]])
    return [
        (g, split, part["groups"][g])
        for g in names
        if g == "all" or g.split(":")[0] in prefixes
        for split, part in parts.items()
        if g in part["groups"]
    ]


def provider_rows(doc: Mapping[str, Any]) -> Iterator[tuple[str, str, str, Any, bool]]:
    """(provider, split, group, stats, from this run) rows of the provider table."""
    current = doc["meta"].get("provider")
    for provider in sorted(doc["providers"], key=lambda p: (p != current, p)):
        tables = doc["providers"][provider]
        for group in _order([g for t in tables.values() for g in t]):
            for split, table in sorted(tables.items()):
                if group in table:
                    yield provider, split, group, table[group], provider == current


def _figures(doc: Mapping[str, Any]) -> dict[str, str]:
    parts = doc["splits"]

    def by(prefix: str) -> dict[str, Any]:
        return {
            f"{split} {g}": s
            for g, split, s in side_by_side(parts, (prefix,))
            if g == "all" or g.startswith(prefix + ":")
        }

    answers = [c["answer"] for c in doc["cases"] if c["answer"]]
    ablation = {
        f"{split} {v}": g["all"] for split, p in parts.items() for v, g in p["ablation"].items() if "all" in g
    }
    return {
        "retrieval_by_set": plots.metric_bars(by("set"), CHART_RETRIEVAL, "Retrieval by set"),
        "retrieval_by_language": plots.metric_bars(by("language"), CHART_RETRIEVAL, "Retrieval by language"),
        "answer_by_set": plots.metric_bars(by("set"), CHART_ANSWER, "Answers by set") if answers else "",
        "ablation": plots.metric_bars(ablation, ("hit@1", "hit@3", "mrr"), "Ablation: retrieval variants"),
        "latency": plots.histogram([a["latency_s"] for a in answers], "Answer latency", "seconds per answer"),
    }


def write_html(doc: Mapping[str, Any], path: Path, templates: Path) -> None:
    """Render `report.html.j2` from `templates` with the figures inlined (one file, no assets)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    parts = doc["splits"]
    html = env.get_template("report.html.j2").render(
        doc=doc,
        figures=_figures(doc),
        rows={p: side_by_side(parts, (p,)) for p in ("set", "language", "audience")},
        ablation=[(v, split, groups) for split, p in parts.items() for v, groups in p["ablation"].items()],
        providers=list(provider_rows(doc)),
        retrieval_names=metrics.RETRIEVAL + metrics.CHECK,
        answer_names=metrics.ANSWER + metrics.JUDGE,
        provider_names=metrics.PROVIDER_TABLE + metrics.TIMINGS,
        lower_is_better=metrics.LOWER_IS_BETTER,
        # Test cases are reported in numbers only: whoever reads a failed test case tunes on it.
        failed=[c for c in doc["cases"] if not c["passed"] and c["split"] != "test"],
        failed_test=sum(1 for c in doc["cases"] if not c["passed"] and c["split"] == "test"),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def summary(doc: Mapping[str, Any]) -> str:
    """A short plain-text summary for the terminal: each split, then the provider table."""
    meta = doc["meta"]
    lines = [
        f"{meta['cases']} cases, embedder {meta['embedder']}, "
        f"provider {meta['provider'] or '– (retrieval only)'}, date {meta['today']}",
    ]
    for split, part in doc["splits"].items():
        lines += [f"== {split}: {part['cases']} cases in {len(part['sets'])} sets"]
        if not part["cases"]:
            lines.append(f"  {part['note'] or 'no cases'}")
            continue
        lines += _split_summary(part)
    if doc["providers"]:
        lines.append(
            "providers (expected cited / citation valid / status stated / contradicts / language / "
            "names situation / first token p50 s / answer p50 s, all cases):"
        )
        for provider, split, group, stats, _ in provider_rows(doc):
            if group == "all":
                values = " / ".join(
                    _fmt(stats.get(m, {}).get("mean")) for m in metrics.PROVIDER_TABLE + metrics.TIMINGS
                )
                lines.append(f"  {provider:<10} {split:<4} {values}")
    failed = sum(1 for c in doc["cases"] if not c["passed"])
    lines.append(f"{failed} of {meta['cases']} cases with failures")
    return "\n".join(lines)


def _split_summary(part: Mapping[str, Any]) -> list[str]:
    lines = ["  headline: " + ", ".join(f"{k} {_fmt(v)}" for k, v in part["headline"].items())]
    overall = part["groups"].get("all", {})
    shown = [m for m in metrics.RETRIEVAL + metrics.CHECK + metrics.ANSWER + metrics.JUDGE if m in overall]
    lines.append("  all: " + ", ".join(f"{m} {_fmt(overall[m]['mean'])}" for m in shown))
    if part["ablation"]:
        lines.append("  ablation (hit@3 all / de / other, MRR all):")
        for variant, groups in part["ablation"].items():
            hit3 = " / ".join(
                _fmt(_value(groups, g, "hit@3")) for g in ("all", "language:de", "language:other")
            )
            lines.append(f"    {variant:<20} {hit3}   {_fmt(_value(groups, 'all', 'mrr'))}")
    if part["latency"] and part["latency"]["n"]:
        lat = part["latency"]
        lines.append(f"  latency p50 {_fmt(lat['p50_s'])} s, p95 {_fmt(lat['p95_s'])} s")
    return lines
