"""Scaffold: replaced by the places extractor (returns nothing yet)."""

from __future__ import annotations

from veille.extract.context import DocContext


def extract_places(ctx: DocContext) -> list:
    return []
