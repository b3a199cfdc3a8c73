"""Banmian (版面): a Chinese newspaper page layout engine."""

__version__ = "0.1.0"
