"""Request and response bodies of the JSON API (pydantic at the edge only)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema

from navigator import vocab


def _listify(value: object) -> object:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _vocab_list(allowed: dict[str, str], name: str) -> object:
    def check(value: object) -> object:
        values = _listify(value)
        if isinstance(values, list):
            for v in values:
                # A non-string (e.g. {} from a fuzzer) is unhashable: `in` would raise TypeError, a 500.
                if not isinstance(v, str) or v not in allowed:
                    raise ValueError(f"unknown {name} {v!r}; allowed: {', '.join(allowed)}")
        return values

    return BeforeValidator(check)


def _vocab_schema(allowed: dict[str, str]) -> WithJsonSchema:
    # What the validator above accepts, so clients and schemathesis see the real contract: a list of
    # vocabulary values, a single value, or null (= no filter).
    values = list(allowed)
    return WithJsonSchema(
        {"anyOf": [{"type": "array", "items": {"enum": values}}, {"enum": values}, {"type": "null"}]}
    )


class FilterBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audience: Annotated[
        list[str], _vocab_list(vocab.AUDIENCES, "audience"), _vocab_schema(vocab.AUDIENCES)
    ] = []
    region: Annotated[list[str], _vocab_list(vocab.REGIONS, "region"), _vocab_schema(vocab.REGIONS)] = []
    topic: Annotated[list[str], _vocab_list(vocab.TOPICS, "topic"), _vocab_schema(vocab.TOPICS)] = []
    kind: Annotated[list[str], _vocab_list(vocab.KINDS, "kind"), _vocab_schema(vocab.KINDS)] = []


class SearchQuery(FilterBody):
    q: str = Field(min_length=1, max_length=500, description="Search text")
    k: int = Field(default=10, ge=1, le=50)
    include_ended: bool = False


class TurnBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Literal["user", "assistant"]
    content: str = Field(min_length=1, max_length=8000)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: str = Field(
        min_length=1, description="The user's question (limited by settings.max_message_chars)."
    )
    history: list[TurnBody] = Field(default=[], description="Earlier turns, oldest first (client-held).")
    filters: FilterBody = FilterBody()
    language: Literal["de", "en", "tr", "ar", "uk", "ru"] | None = Field(
        default=None, description="UI language; used when the message is too short to detect its language."
    )


class SourceBody(BaseModel):
    n: int
    id: str
    title: str
    organisation: str
    kind: str
    url: str
    summary: str
    contact: dict[str, str]
    status: Literal["current", "ended", "upcoming"]
    reviewed: str
    end_date: str | None
    successors: list[str]
    cited: bool
    title_de: str = Field(default="", description="The German (official) name of the entry.")
    title_translation: str = Field(default="", description="The name explained in the answer's language.")
    translated: bool = Field(
        default=False, description="True if title and summary are in the answer's language, else German."
    )
    lang: str = Field(default="de", description="The language of `summary` and `title_translation`.")
    german_only: bool = Field(
        default=False, description="The answer is not in German but this card is: show 'only in German'."
    )
    languages: list[str] = Field(
        default=[], description="Languages besides German counselling is offered in."
    )


class ChatResponse(BaseModel):
    answer: str
    language: str
    sources: list[SourceBody]
    grounded: bool
    provider: str
    fallback: str | None = Field(
        description="Why the extractive answer was used instead of the model, if it was."
    )
    check: dict[str, Any] | None = Field(
        default=None, description="The Förder-Check behind the answer: the question asked or the verdicts."
    )


class SearchHit(BaseModel):
    id: str
    kind: str
    title: str
    organisation: str
    url: str
    summary: str
    status: str
    score: float
    reviewed: str


class ErrorBody(BaseModel):
    detail: str
