"""Scaffold of ingest (being written): make_article only."""

from __future__ import annotations

from datetime import date

from veille.records import Article


def make_article(id: str, text: str, title: str = "", published=None, **meta) -> Article:
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return Article(id=id, text=text, title=title, published=published, **meta)
