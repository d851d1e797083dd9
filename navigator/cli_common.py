"""What every CLI command shares: the settings (with logging configured) and one way to fail."""

from __future__ import annotations

import typer

from navigator.log import configure_logging
from navigator.settings import Settings, get_settings


def settings() -> Settings:
    settings = get_settings()
    configure_logging(settings.log_level, json_format=settings.log_json)
    return settings


def fail(exc: Exception) -> typer.Exit:
    typer.echo(f"Error: {exc}", err=True)
    return typer.Exit(1)
