"""Digitalnavigator Märkische Region: a retrieval-augmented guide to regional offices and programmes."""

__version__ = "0.1.0"
