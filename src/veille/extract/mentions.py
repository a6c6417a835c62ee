"""Scaffold: replaced by the mentions extractor (returns nothing yet)."""

from __future__ import annotations

from veille.extract.context import DocContext


def extract_mentions(ctx: DocContext) -> list:
    return []
