"""What an eval run produces: per-case results and their aggregation.

Results are aggregated per group (set, language, audience), per split and per provider.

`Runner` (runner.py) fills these, scoring.py scores the answers; `report.py` renders them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from navigator.evals import metrics
from navigator.evals.cases import Case
from navigator.retrieval.hybrid import HybridRetriever

Stat = dict[str, float | int | None]  # {"mean": value or None, "n": cases it applies to}
Groups = dict[str, dict[str, Stat]]
# Groups of the ablation table: every case, German questions, and all other languages together.
ABLATION_GROUPS = ("all", "language:de", "language:other")


@dataclass(frozen=True, slots=True)
class Variant:
    """One retrieval configuration of the ablation, e.g. "minilm/bm25"."""

    name: str
    retriever: HybridRetriever
    methods: tuple[str, ...]


@dataclass(slots=True)
class CaseResult:
    case: Case
    query: str
    retrieved: list[str]
    metrics: dict[str, float | None]
    ablation: dict[str, dict[str, float | None]]
    answer: dict[str, Any] | None = None
    failures: list[str] = field(default_factory=list)
    # The Förder-Check's deciding question: the field it asked for (or None) and the fields the
    # message already settled; None when it asked nothing and the message settles nothing (or, in a
    # retrieval-only run, when the message settles nothing: only then is the question asked for).
    deciding: dict[str, Any] | None = None

    @property
    def passed(self) -> bool:
        return not self.failures

    def as_dict(self) -> dict[str, Any]:
        c = self.case
        return {
            "id": c.id,
            "split": c.split,
            "set": c.set,
            "question": c.question,
            "history": [t.model_dump() for t in c.history],
            "language": c.language,
            "audience": c.audience,
            "region": c.region,
            "note": c.note,
            "expect": c.expect.model_dump(mode="json"),
            "query": self.query,
            "retrieved": self.retrieved,
            "metrics": self.metrics,
            "ablation": self.ablation,
            "answer": self.answer,
            "deciding": self.deciding,
            "failures": self.failures,
            "passed": self.passed,
        }


def groups_of(case: Case) -> list[str]:
    """The groups a case counts in: all, its set, its language (and "other" if not German), audience."""
    out = ["all", f"set:{case.set}", f"language:{case.language}"]
    if case.language != "de":
        out.append("language:other")
    if case.audience:
        out.append(f"audience:{case.audience}")
    return out


def _members(results: Iterable[CaseResult], only: Sequence[str] | None) -> dict[str, list[CaseResult]]:
    members: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        for g in groups_of(r.case):
            # An entry ending in ":" selects every group with that prefix ("language:").
            if only is None or any(g == o or (o.endswith(":") and g.startswith(o)) for o in only):
                members[g].append(r)
    return {g: members[g] for g in sorted(members, key=lambda g: (g != "all", g))}


def aggregate(
    results: Iterable[CaseResult],
    values: Callable[[CaseResult], dict[str, float | None]],
    names: Sequence[str],
    only: Sequence[str] | None = None,
) -> Groups:
    """Mean and count of each metric per group (only the groups in `only`, if given)."""
    out: Groups = {}
    for group, members in _members(results, only).items():
        stats: dict[str, Stat] = {}
        for name in names:
            value, n = metrics.mean(values(r).get(name) for r in members)
            if n:
                stats[name] = {"mean": value, "n": n}
        out[group] = stats
    return out


def _timings(results: Sequence[CaseResult]) -> dict[str, Stat]:
    answers = [r.answer for r in results if r.answer and not r.answer["refused"]]
    first = [float(a["first_token_s"]) for a in answers if a.get("first_token_s") is not None]
    total = [float(a["latency_s"]) for a in answers]
    return {
        "first_token_p50_s": {"mean": metrics.percentile(first, 50), "n": len(first)},
        "answer_p50_s": {"mean": metrics.percentile(total, 50), "n": len(total)},
    }


@dataclass(slots=True)
class RunResult:
    cases: list[CaseResult]
    main_variant: str
    variants: list[str]
    provider: str | None  # None: retrieval only

    def of_split(self, split: str) -> RunResult:
        """The same run restricted to the cases of one split."""
        kept = [r for r in self.cases if r.case.split == split]
        return RunResult(kept, self.main_variant, self.variants, self.provider)

    def groups(self) -> Groups:
        names: tuple[str, ...] = metrics.RETRIEVAL + metrics.CHECK
        names += metrics.ANSWER + metrics.JUDGE if self.provider else ()
        return aggregate(self.cases, lambda r: r.metrics, names)

    def ablation(self) -> dict[str, Groups]:
        def of(variant: str) -> Callable[[CaseResult], dict[str, float | None]]:
            return lambda r: r.ablation.get(variant, {})

        return {v: aggregate(self.cases, of(v), metrics.RETRIEVAL, ABLATION_GROUPS) for v in self.variants}

    def provider_table(self) -> Groups:
        """This run's row of the provider table: all cases and each question language."""
        if not self.provider:
            return {}
        table = aggregate(self.cases, lambda r: r.metrics, metrics.PROVIDER_TABLE, ("all", "language:"))
        for group, members in _members(self.cases, ("all", "language:")).items():
            table[group].update({k: v for k, v in _timings(members).items() if v["n"]})
        return table

    def latency(self) -> dict[str, float | int | None]:
        answers = [r.answer for r in self.cases if r.answer]
        total = [float(a["latency_s"]) for a in answers]
        first = [float(a["first_token_s"]) for a in answers if a.get("first_token_s") is not None]
        return {
            "n": len(total),
            "p50_s": metrics.percentile(total, 50),
            "p95_s": metrics.percentile(total, 95),
            "first_token_p50_s": metrics.percentile(first, 50),
            "first_token_p95_s": metrics.percentile(first, 95),
        }

    def tokens(self) -> dict[str, float | int | None]:
        answers = [r.answer for r in self.cases if r.answer and r.answer.get("prompt_tokens")]
        prompt = [int(a["prompt_tokens"]) for a in answers]
        completion = [int(a["completion_tokens"]) for a in answers]
        return {
            "answers_with_usage": len(answers),
            "prompt_total": sum(prompt),
            "completion_total": sum(completion),
            "prompt_mean": metrics.mean(prompt)[0],
            "completion_mean": metrics.mean(completion)[0],
        }
