"""Field types shared by the knowledge schema: controlled vocabularies, slugs and translatable texts."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from navigator import vocab

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _in(vocabulary: dict[str, Any] | tuple[str, ...], name: str) -> Any:
    allowed = tuple(vocabulary)

    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {name} {value!r}; allowed: {', '.join(allowed)}")
        return value

    return AfterValidator(check)


def _expand_regions(value: Any) -> Any:
    if isinstance(value, list) and vocab.ALL_REGIONS in value:
        return list(vocab.REGIONS)
    return value


def _check_text(value: Any) -> Any:
    """Texts are German strings or {lang: text} maps that include German."""
    if isinstance(value, dict):
        if "de" not in value:
            raise ValueError("translated text must include 'de'")
        unknown = set(value) - set(vocab.ANSWER_LANGUAGES)
        if unknown:
            raise ValueError(f"unknown language(s) {sorted(unknown)} in translated text")
    return value


Kind = Annotated[str, _in(vocab.KINDS, "kind")]
Audience = Annotated[str, _in(vocab.AUDIENCES, "audience")]
Topic = Annotated[str, _in(vocab.TOPICS, "topic")]
Region = Annotated[str, _in(vocab.REGIONS, "region")]
Language = Annotated[str, _in(vocab.LANGUAGES, "language")]
Scope = Annotated[str, _in(vocab.SCOPES, "scope")]
Text = Annotated[str | dict[str, str], BeforeValidator(_check_text)]
Slug = Annotated[str, Field(pattern=SLUG.pattern)]


def text_in(value: str | dict[str, str], lang: str) -> str:
    """Pick the text for `lang`, falling back to German."""
    if isinstance(value, str):
        return value
    return value.get(lang) or value["de"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
