"""Request and response bodies of the JSON API (pydantic at the edge only)."""

from __future__ import annotations

import dataclasses
import typing
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, create_model

from navigator import vocab
from navigator.types import Source


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
                vocab.check(name, v, allowed)
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


def _body_of(
    cls: type,
    name: str,
    *,
    drop: tuple[str, ...] = (),
    types: dict[str, Any] | None = None,
) -> Any:
    """A response model with the fields of dataclass `cls` (as its `as_dict()` writes them), all required.

    Derived rather than written twice, so a field added to the dataclass shows up in the API schema.
    """
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {
        f.name: ((types or {}).get(f.name, hints[f.name]), ...)
        for f in dataclasses.fields(cls)
        if f.name not in drop
    }
    return create_model(name, **fields)


# A source card as the API sends it: `Source` without the prompt excerpt.
SourceBody = _body_of(
    Source,
    "SourceBody",
    drop=("excerpt",),
    types={
        "status": Literal["current", "ended", "upcoming"],
        "successors": list[str],
        "languages": list[str],
    },
)


class ChatResponse(BaseModel):
    answer: str
    language: str
    sources: list[SourceBody]  # type: ignore[valid-type]
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
