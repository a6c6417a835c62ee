"""Scaffold: replaced by the casualties extractor (returns nothing yet)."""

from __future__ import annotations

from veille.extract.context import DocContext


def extract_casualties(ctx: DocContext) -> list:
    return []
