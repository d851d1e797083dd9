"""The navigator's exceptions, in one tree.

    NavigatorError              base; never raised itself
    ├── ConfigError             a developer's or operator's mistake (bad setting, unknown provider id)
    ├── KnowledgeError          one or more broken knowledge files; carries every Problem found
    ├── RetrievalError          the vector store cannot answer (e.g. Chroma server down)
    └── LLMUnavailableError     a chat provider failed, timed out or returned garbage
        └── ModelBusyError      the model is busy and would not answer within the budget (not a fault)

Messages are for developers and maintainers (English); German text for users lives in templates.
"""

from __future__ import annotations

from dataclasses import dataclass


class NavigatorError(Exception):
    """Base class of every error the navigator raises on purpose."""


class ConfigError(NavigatorError):
    """A setting or argument is wrong; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem in a knowledge file."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class KnowledgeError(NavigatorError):
    """Knowledge files failed validation; `problems` lists all of them, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in knowledge files:\n{lines}")


class RetrievalError(NavigatorError):
    """The index cannot be searched right now (store unreachable or missing)."""


class LLMUnavailableError(NavigatorError):
    """A chat provider could not produce a usable answer."""

    def __init__(self, provider: str, hint: str) -> None:
        self.provider = provider
        self.hint = hint
        super().__init__(f"LLM provider {provider!r} unavailable: {hint}")


class ModelBusyError(LLMUnavailableError):
    """The model is generating for others and this answer would come too late: answer without it now.

    Not a failure of the provider, so it must not count against its circuit breaker.
    """
