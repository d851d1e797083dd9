"""Query understanding from data: places, abbreviations, German keywords and the asker type."""

from navigator.understand.understand import Understanding, understand

__all__ = ["Understanding", "understand"]
