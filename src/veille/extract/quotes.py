"""Scaffold: replaced by the quotes extractor (returns nothing yet)."""

from __future__ import annotations

from veille.extract.context import DocContext


def extract_quotes(ctx: DocContext) -> list:
    return []
