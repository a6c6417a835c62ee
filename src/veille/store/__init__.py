"""The store: coded articles in an embedded database (DuckDB), with event clusters.

    from veille.store import open_store
    with open_store("veille.duckdb") as store:
        store.upsert([(article, coded), ...])   # one transaction; idempotent
        store.events(EventFilter(type="ASSAULT"), limit=50)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from veille.store.duckdb_store import (
    DuckDBStore, EventFilter, Page, UpsertResult, content_hash,
)

DEFAULT_DB = "veille.duckdb"


class Store(Protocol):
    """What ingest, the API and the export need of a store."""

    def stored_hashes(self, ids): ...
    def upsert(self, items) -> UpsertResult: ...
    def counts(self) -> dict[str, int]: ...
    def events(self, filters=None, limit: int = 50, offset: int = 0, order: str = "date") -> Page: ...
    def close(self) -> None: ...


def default_db_path() -> str:
    return os.environ.get("VEILLE_DB") or DEFAULT_DB


def open_store(path: str | Path | None = None, read_only: bool = False, **options) -> DuckDBStore:
    return DuckDBStore(path or default_db_path(), read_only=read_only, **options)


__all__ = ["DEFAULT_DB", "DuckDBStore", "EventFilter", "Page", "Store", "UpsertResult", "content_hash",
           "default_db_path", "open_store"]
