"""Scaffold: replaced by the events extractor (returns nothing yet)."""

from __future__ import annotations

from veille.extract.context import DocContext


def extract_events(ctx: DocContext) -> list:
    return []
