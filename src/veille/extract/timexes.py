"""Scaffold: replaced by the timexes extractor (returns nothing yet)."""

from __future__ import annotations

from veille.extract.context import DocContext


def extract_timexes(ctx: DocContext) -> list:
    return []
