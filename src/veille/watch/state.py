"""What the watcher remembers between polls and restarts, in one small SQLite file.

- items: every feed item or folder article taken (by key: its URL, or source + article id) with
  the hash of its text, so an item is fetched once and the same text under another URL is not
  coded twice;
- sources: failures, back-off and HTTP validators (ETag, Last-Modified) per source;
- files: size and modification time of folder files already read;
- alerts: keys of alerts raised (each is raised once);
- daily_counts: events per spike rule, country and day (the baselines of spike rules).

SQLite (standard library) commits each change atomically, so a watcher killed at any point
restarts without refetching what it stored, and its state never grows a torn line.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date, timedelta
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, source TEXT, content_hash TEXT, article_id TEXT,
                                  status TEXT, attempts INTEGER DEFAULT 0, seen_at REAL);
CREATE INDEX IF NOT EXISTS items_hash ON items (content_hash);
CREATE TABLE IF NOT EXISTS sources (name TEXT PRIMARY KEY, failures INTEGER DEFAULT 0, next_attempt REAL DEFAULT 0,
                                    last_poll REAL DEFAULT 0, etag TEXT, modified TEXT, last_error TEXT);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, size INTEGER, mtime REAL);
CREATE TABLE IF NOT EXISTS alerts (key TEXT PRIMARY KEY, raised_at REAL);
CREATE TABLE IF NOT EXISTS counting_since (rule TEXT PRIMARY KEY, day TEXT);
CREATE TABLE IF NOT EXISTS daily_counts (rule TEXT, country TEXT, day TEXT, count INTEGER,
                                         PRIMARY KEY (rule, country, day));
"""

DONE = "done"           # coded and stored
DUPLICATE = "duplicate"  # same text as an item already stored
FAILED = "failed"        # page could not be fetched nor the feed summary used; retried a few times
MAX_ITEM_ATTEMPTS = 3


class SourceStatus:
    __slots__ = ("name", "failures", "next_attempt", "last_poll", "etag", "modified", "last_error")

    def __init__(self, name: str, failures: int = 0, next_attempt: float = 0.0, last_poll: float = 0.0,
                 etag: str | None = None, modified: str | None = None, last_error: str | None = None):
        self.name, self.failures, self.next_attempt, self.last_poll = name, failures, next_attempt, last_poll
        self.etag, self.modified, self.last_error = etag, modified, last_error


class WatchState:
    """The state file; safe to share between the polling thread and others (one lock)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _one(self, sql: str, params: tuple = ()):
        with self._lock:
            return self._con.execute(sql, params).fetchone()

    def _run(self, sql: str, params: tuple = ()) -> None:
        with self._lock:
            self._con.execute(sql, params)

    # -- items ------------------------------------------------------------------------------------
    def item_status(self, key: str) -> tuple[str, str | None, int] | None:
        """(status, content hash, attempts) of an item taken before, or None."""
        row = self._one("SELECT status, content_hash, attempts FROM items WHERE key = ?", (key,))
        return None if row is None else (row[0], row[1], row[2] or 0)

    def wants(self, key: str, content_hash: str | None = None) -> bool:
        """Whether an item still needs taking (new, changed text, or failed fewer than the limit)."""
        status = self.item_status(key)
        if status is None:
            return True
        state, stored_hash, attempts = status
        if state == FAILED:
            return attempts < MAX_ITEM_ATTEMPTS
        return content_hash is not None and content_hash != stored_hash

    def hash_stored(self, content_hash: str) -> str | None:
        """The key of an item already stored with this text."""
        row = self._one("SELECT key FROM items WHERE content_hash = ? AND status = ? LIMIT 1", (content_hash, DONE))
        return None if row is None else row[0]

    def mark(self, key: str, source: str, status: str, content_hash: str | None = None,
             article_id: str | None = None) -> None:
        self._run("INSERT INTO items (key, source, content_hash, article_id, status, attempts, seen_at)"
                  " VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (key) DO UPDATE SET content_hash = excluded.content_hash,"
                  " article_id = excluded.article_id, status = excluded.status, attempts = items.attempts + 1,"
                  " seen_at = excluded.seen_at", (key, source, content_hash, article_id, status, time.time()))

    def item_count(self) -> int:
        return self._one("SELECT count(*) FROM items WHERE status = ?", (DONE,))[0]

    # -- sources ----------------------------------------------------------------------------------
    def source(self, name: str) -> SourceStatus:
        row = self._one("SELECT name, failures, next_attempt, last_poll, etag, modified, last_error FROM sources"
                        " WHERE name = ?", (name,))
        return SourceStatus(*row) if row else SourceStatus(name)

    def save_source(self, status: SourceStatus) -> None:
        self._run("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (status.name, status.failures, status.next_attempt, status.last_poll, status.etag,
                   status.modified, status.last_error))

    # -- folder files -----------------------------------------------------------------------------
    def file_unchanged(self, path: str, size: int, mtime: float) -> bool:
        row = self._one("SELECT size, mtime FROM files WHERE path = ?", (path,))
        return row is not None and row[0] == size and row[1] == mtime

    def mark_file(self, path: str, size: int, mtime: float) -> None:
        self._run("INSERT OR REPLACE INTO files VALUES (?, ?, ?)", (path, size, mtime))

    # -- alerts -----------------------------------------------------------------------------------
    def claim_alert(self, key: str) -> bool:
        """True the first time a key is claimed (the alert is raised), False ever after."""
        with self._lock:
            cursor = self._con.execute("INSERT OR IGNORE INTO alerts VALUES (?, ?)", (key, time.time()))
            return cursor.rowcount == 1

    def add_counts(self, rule: str, counts: dict[tuple[str, str], int]) -> None:
        with self._lock:
            self._con.execute("BEGIN")
            try:
                self._con.execute("INSERT OR IGNORE INTO counting_since VALUES (?, ?)",
                                  (rule, date.today().isoformat()))
                for (country, day), count in counts.items():
                    self._con.execute(
                        "INSERT INTO daily_counts VALUES (?, ?, ?, ?) ON CONFLICT (rule, country, day)"
                        " DO UPDATE SET count = daily_counts.count + excluded.count", (rule, country, day, count))
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise

    def count_on(self, rule: str, country: str, day: date) -> int:
        row = self._one("SELECT count FROM daily_counts WHERE rule = ? AND country = ? AND day = ?",
                        (rule, country, day.isoformat()))
        return row[0] if row else 0

    def total_between(self, rule: str, country: str, first: date, last: date) -> int:
        row = self._one("SELECT coalesce(sum(count), 0) FROM daily_counts WHERE rule = ? AND country = ?"
                        " AND day >= ? AND day <= ?", (rule, country, first.isoformat(), last.isoformat()))
        return row[0]

    def counting_since(self, rule: str) -> date | None:
        """The day this watcher started counting for a rule (its history is that long)."""
        row = self._one("SELECT day FROM counting_since WHERE rule = ?", (rule,))
        return date.fromisoformat(row[0]) if row and row[0] else None

    def forget_counts_before(self, day: date) -> None:
        self._run("DELETE FROM daily_counts WHERE day < ?", (day.isoformat(),))


def days_before(day: date, count: int) -> tuple[date, date]:
    """The `count` days before `day` (not including it), as (first, last)."""
    return day - timedelta(days=count), day - timedelta(days=1)

