"""The OpenAPI document states the limits that are configured, not only those fixed in the models.

`max_message_chars` and `max_history_turns` are settings, checked in the routes; without this the
schema would promise that any message length is fine, and clients (and schemathesis) would learn
the limit only from a 422.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from navigator.settings import Settings


def document_limits(app: FastAPI, settings: Settings) -> None:
    """Make `app.openapi()` add the configured limits to the request schemas that have these fields."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            add_limits(build(), settings)
        assert app.openapi_schema is not None
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise it


def add_limits(schema: dict[str, Any], settings: Settings) -> None:
    """Set maxLength/maxItems in place, never loosening a stricter limit already in a model."""
    components = schema.get("components", {}).get("schemas", {})
    limits = [
        ("ChatRequest", "message", "maxLength", settings.max_message_chars),
        ("ChatRequest", "history", "maxItems", settings.max_history_turns),
        ("FeedbackBody", "question", "maxLength", settings.max_message_chars),
    ]
    for model, field, keyword, value in limits:
        prop = components.get(model, {}).get("properties", {}).get(field)
        if prop is not None:
            prop[keyword] = min(value, prop.get(keyword, value))
