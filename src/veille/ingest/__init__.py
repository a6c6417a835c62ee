"""Ingest: files, folders, feeds and standard input → `Article` records (or `Reject`s with a reason).

    for item in read_inputs(["dispatches.jsonl.gz", "pages/", "-"], published=None):
        if isinstance(item, Reject): ...

Formats by file name: `.jsonl`/`.ndjson`/`.json` (JSON Lines, optionally `.gz`), `.txt`,
`.html`/`.htm` (trafilatura), `.rss`/`.atom`/`.xml` (feedparser); folders are walked
recursively; `-` is standard input (JSON Lines when it starts with `{`, else one plain text).
Nothing is dropped silently: whatever cannot become an article is yielded as a `Reject`.
"""

from __future__ import annotations

from veille.ingest.article import make_article
from veille.ingest.readers import read_inputs

__all__ = ["make_article", "read_inputs"]
