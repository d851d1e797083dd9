"""The request tests run over the real knowledge files (as the hand-off tests do)."""

from tests.handoff.conftest import KNOWLEDGE, handoff_settings

__all__ = ["KNOWLEDGE", "handoff_settings"]
