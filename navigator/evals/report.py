"""Eval outputs: the JSON document, a self-contained HTML report with inline SVG plots, a text summary."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2

from navigator.evals import metrics, plots
from navigator.evals.results import RunResult

# The charts show a few metrics per group; the tables next to them have all.
CHART_RETRIEVAL = ("hit@1", "hit@3", "mrr")
CHART_ANSWER = (
    "expected_source_cited",
    "citation_validity",
    "refusal_accuracy",
    "language_match",
    "mentions_recall",
)


def document(result: RunResult, meta: Mapping[str, Any]) -> dict[str, Any]:
    """Everything a run measured, as plain JSON-ready data."""
    groups = result.groups()
    return {
        "meta": dict(meta),
        "headline": headline(groups),
        "groups": groups,
        "ablation": result.ablation(),
        "latency": result.latency() if result.provider else None,
        "tokens": result.tokens() if result.provider else None,
        "cases": [c.as_dict() for c in result.cases],
    }


def headline(groups: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> dict[str, float | None]:
    """The four numbers the README quotes."""

    def value(group: str, metric: str) -> float | None:
        stat = groups.get(group, {}).get(metric)
        return None if stat is None else stat["mean"]

    return {
        "german_hit@3": value("language:de", "hit@3"),
        "other_languages_hit@3": value("language:other", "hit@3"),
        "citation_validity": value("all", "citation_validity"),
        "refusal_accuracy": value("all", "refusal_accuracy"),
    }


def write_json(doc: Mapping[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_html(doc: Mapping[str, Any], path: Path, templates: Path) -> None:
    """Render `report.html.j2` from `templates` with the figures inlined (one file, no assets)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    groups = doc["groups"]
    by = {
        prefix: {g: s for g, s in groups.items() if g == "all" or g.startswith(prefix + ":")}
        for prefix in ("set", "language", "audience")
    }
    answers = [c["answer"] for c in doc["cases"] if c["answer"]]
    figures = {
        "retrieval_by_set": plots.metric_bars(by["set"], CHART_RETRIEVAL, "Retrieval by set"),
        "retrieval_by_language": plots.metric_bars(by["language"], CHART_RETRIEVAL, "Retrieval by language"),
        "answer_by_set": plots.metric_bars(by["set"], CHART_ANSWER, "Answers by set") if answers else "",
        "ablation": plots.metric_bars(
            {v: g["all"] for v, g in doc["ablation"].items() if "all" in g},
            ("hit@1", "hit@3", "mrr"),
            "Ablation: retrieval variants, all cases",
        ),
        "latency": plots.histogram([a["latency_s"] for a in answers], "Answer latency", "seconds per answer"),
    }
    html = env.get_template("report.html.j2").render(
        doc=doc,
        figures=figures,
        retrieval_names=metrics.RETRIEVAL,
        answer_names=metrics.ANSWER + metrics.JUDGE,
        lower_is_better=metrics.LOWER_IS_BETTER,
        failed=[c for c in doc["cases"] if not c["passed"]],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def summary(doc: Mapping[str, Any]) -> str:
    """A short plain-text summary for the terminal."""
    meta = doc["meta"]
    lines = [
        f"{meta['cases']} cases in {len(meta['sets'])} sets, embedder {meta['embedder']}, "
        f"provider {meta['provider'] or '– (retrieval only)'}, date {meta['today']}",
        "headline: " + ", ".join(f"{k} {_fmt(v)}" for k, v in doc["headline"].items()),
    ]
    overall = doc["groups"].get("all", {})
    shown = [m for m in metrics.RETRIEVAL + metrics.ANSWER + metrics.JUDGE if m in overall]
    lines.append("all: " + ", ".join(f"{m} {_fmt(overall[m]['mean'])}" for m in shown))
    if doc["ablation"]:
        lines.append("ablation (hit@3 all / de / other, MRR all):")
        for variant, groups in doc["ablation"].items():

            def mean(group: str, metric: str, groups: Mapping[str, Any] = groups) -> float | None:
                stat = groups.get(group, {}).get(metric)
                return None if stat is None else stat["mean"]

            lines.append(
                f"  {variant:<16} {_fmt(mean('all', 'hit@3'))} / {_fmt(mean('language:de', 'hit@3'))}"
                f" / {_fmt(mean('language:other', 'hit@3'))}   {_fmt(mean('all', 'mrr'))}"
            )
    if doc["latency"] and doc["latency"]["n"]:
        lat = doc["latency"]
        lines.append(f"latency p50 {_fmt(lat['p50_s'])} s, p95 {_fmt(lat['p95_s'])} s")
    failed = sum(1 for c in doc["cases"] if not c["passed"])
    lines.append(f"{failed} of {meta['cases']} cases with failures")
    return "\n".join(lines)
