"""The DuckDB store: one file, one writer, many readers (cursors) in the writing process.

Upserts are keyed by article id and content hash: an article stored with the same hash is left
alone, one whose text changed has all its records replaced. Each `upsert` call is one
transaction, so a run killed mid-batch loses only that batch, and the next run (which skips what
is stored) resumes without duplicates. Event clusters are recomputed, in the same transaction,
for the cluster keys the batch touched.
"""

from __future__ import annotations

import hashlib
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import duckdb
import pyarrow as pa

from veille.records import COUNTED_CERTAINTIES, Article, CodedArticle, Event
from veille.store.clusters import DEFAULT_WINDOW_DAYS, ReportedEvent, assign_clusters, cluster_key
from veille.store.periods import period_bounds
from veille.store.schema import MIGRATIONS

# Tables holding an article's records; a replaced article loses its rows in all of them.
CHILD_TABLES = ("events", "quotes", "casualties", "spans")

# Conflict / cooperation quad of each PLOVER type (PLOVER manual, "Quad category").
QUADS: dict[str, tuple[int, str]] = {
    **{t: (1, "verbal cooperation") for t in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE")},
    **{t: (2, "material cooperation") for t in ("COOPERATE", "AID", "RETREAT")},
    **{t: (3, "verbal conflict") for t in ("REQUEST", "ACCUSE", "REJECT", "THREATEN")},
    **{t: (4, "material conflict") for t in ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")},
}

# (cluster key, day) of events added or removed by a batch.
Touched = list[tuple[str, date | None]]

_ARROW_TYPES = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(), "DOUBLE": pa.float64(),
    "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"), "VARCHAR[]": pa.list_(pa.string()),
}


def content_hash(article: Article) -> str:
    """What makes two versions of an article the same: its text and its metadata."""
    published = article.published.isoformat() if article.published else None
    payload = json.dumps([article.text, article.title, published, article.url, article.source],
                         ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(slots=True)
class UpsertResult:
    inserted: int = 0
    replaced: int = 0
    unchanged: int = 0

    def add(self, other: "UpsertResult") -> None:
        self.inserted += other.inserted
        self.replaced += other.replaced
        self.unchanged += other.unchanged

    def to_dict(self) -> dict[str, int]:
        return {"inserted": self.inserted, "replaced": self.replaced, "unchanged": self.unchanged}


@dataclass(slots=True)
class EventFilter:
    """Filters shared by the API, the dashboard and the export."""

    country: str | None = None  # actor, recipient or location country
    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    certainty: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    article_id: str | None = None
    cluster_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.country:
            clauses.append("(list_contains(e.actor_codes, ?) OR list_contains(e.recipient_codes, ?)"
                           " OR e.location_country = ?)")
            params += [self.country.upper()] * 3
        if self.actor:
            clauses.append("list_contains(e.actor_codes, ?)")
            params.append(self.actor.upper())
        if self.recipient:
            clauses.append("list_contains(e.recipient_codes, ?)")
            params.append(self.recipient.upper())
        for column, value in (("type", self.type), ("certainty", self.certainty)):
            if value:
                values = [v.strip() for v in value.split(",") if v.strip()]
                clauses.append(f"e.{column} IN ({','.join('?' * len(values))})")
                params += [v.upper() if column == "type" else v.lower() for v in values]
        # An event is in a date range when its period overlaps it (publication day when undated).
        if self.date_from:
            clauses.append("coalesce(e.date_end, e.published) >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("coalesce(e.date_start, e.published) <= ?")
            params.append(self.date_to)
        if self.text:
            clauses.append("(e.evidence ILIKE ? ESCAPE '\\' OR a.title ILIKE ? ESCAPE '\\' OR e.actor_label ILIKE ? ESCAPE '\\'"
                           " OR e.recipient_label ILIKE ? ESCAPE '\\' OR e.location_name ILIKE ? ESCAPE '\\')")
            params += [f"%{_escape_like(self.text)}%"] * 5
        if self.article_id:
            clauses.append("e.article_id = ?")
            params.append(self.article_id)
        if self.cluster_id:
            clauses.append("e.cluster_id = ?")
            params.append(self.cluster_id)
        return (" AND ".join(clauses) or "TRUE"), params


def _escape_like(text: str) -> str:
    # A user's "50%" or "a_b" is literal text, not a pattern (every ILIKE here says ESCAPE '\\').
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class Page:
    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


EVENT_SELECT = """
SELECT e.*, a.title AS article_title, a.source AS article_source, a.url AS article_url,
       c.source_count AS cluster_source_count, c.event_count AS cluster_event_count,
       c.first_report AS cluster_first_report, c.last_report AS cluster_last_report
FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN clusters c ON c.id = e.cluster_id
"""


class DuckDBStore:
    """The Store on a DuckDB file (or ":memory:")."""

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False,
                 cluster_window_days: int = DEFAULT_WINDOW_DAYS):
        self.path = str(path)
        self.read_only = read_only
        self.cluster_window_days = cluster_window_days
        self._con = duckdb.connect(self.path, read_only=read_only)
        self._write_lock = threading.Lock()  # one writer at a time; readers use their own cursors
        if not read_only:
            self._migrate()
        self._arrow_schemas = {t: self._arrow_schema(t) for t in ("articles", *CHILD_TABLES, "clusters")}

    # -- lifecycle -----------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "DuckDBStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def reader(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one request: safe to use while another thread writes."""
        cursor = self._con.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    def _migrate(self) -> None:
        with self._write_lock:
            con = self._con
            con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
                        " description VARCHAR, applied_at TIMESTAMP)")
            applied = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
            for migration in MIGRATIONS:
                if migration.version in applied:
                    continue
                con.execute("BEGIN TRANSACTION")
                try:
                    con.execute(migration.sql)
                    con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                                [migration.version, migration.description, _now()])
                    con.execute("COMMIT")
                except Exception:
                    con.execute("ROLLBACK")
                    raise

    def schema_version(self) -> int:
        with self.reader() as cur:
            return cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]

    def _arrow_schema(self, table: str) -> pa.Schema:
        rows = self._con.execute(f"DESCRIBE {table}").fetchall()
        return pa.schema([(name, _ARROW_TYPES[kind]) for name, kind, *_ in rows])

    # -- writing -------------------------------------------------------------------------
    def stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """Content hash of each of these ids already stored (ingest skips them before coding)."""
        if not ids:
            return {}
        with self.reader() as cur:
            rows = cur.execute("SELECT id, content_hash FROM articles WHERE id IN (SELECT unnest(?))",
                               [list(ids)]).fetchall()
        return dict(rows)

    def upsert(self, items: Iterable[tuple[Article, CodedArticle]]) -> UpsertResult:
        """Store a batch of coded articles in one transaction."""
        result = UpsertResult()
        batch: dict[str, tuple[Article, CodedArticle, str]] = {}
        for article, coded in items:
            batch[article.id] = (article, coded, content_hash(article))  # last version wins
        if not batch:
            return result
        with self._write_lock:
            con = self._con.cursor()
            try:
                con.execute("BEGIN TRANSACTION")
                stored = {row[0]: (row[1], row[2]) for row in con.execute(
                    "SELECT id, content_hash, coder FROM articles WHERE id IN (SELECT unnest(?))",
                    [list(batch)]).fetchall()}
                # Unchanged: same text and metadata, coded by the same coder version. A new coder
                # version (code or resources) replaces the records of a re-coded article.
                fresh = {i: v for i, v in batch.items() if stored.get(i) != (v[2], v[1].coder)}
                result.unchanged = len(batch) - len(fresh)
                replaced = [i for i in fresh if i in stored]
                result.replaced, result.inserted = len(replaced), len(fresh) - len(replaced)
                if fresh:
                    touched = self._delete_articles(con, replaced)
                    rows = _Rows()
                    for article, coded, digest in fresh.values():
                        rows.add(article, coded, digest)
                    for table, table_rows in rows.tables.items():
                        self._insert(con, table, table_rows)
                    touched += [(row["cluster_key"], row["date_start"] or row["published"])
                                for row in rows.tables["events"]]
                    self._recluster(con, touched)
                con.execute("COMMIT")
            except BaseException:
                _rollback(con)
                raise
            finally:
                con.close()
        return result

    def delete_articles(self, ids: Sequence[str]) -> None:
        with self._write_lock:
            con = self._con.cursor()
            try:
                con.execute("BEGIN TRANSACTION")
                self._recluster(con, self._delete_articles(con, list(ids)))
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.close()

    def _delete_articles(self, con: duckdb.DuckDBPyConnection, ids: list[str]) -> Touched:
        """Delete these articles and their records; returns the (cluster key, day) they leave."""
        if not ids:
            return []
        touched = con.execute(
            "SELECT cluster_key, coalesce(date_start, published) FROM events WHERE article_id IN (SELECT unnest(?))",
            [ids]).fetchall()
        for table in CHILD_TABLES:
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
        con.execute("DELETE FROM articles WHERE id IN (SELECT unnest(?))", [ids])
        return touched

    def _insert(self, con: duckdb.DuckDBPyConnection, table: str, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        schema = self._arrow_schemas[table]
        columns = {name: [row.get(name) for row in rows] for name in schema.names}
        arrow = pa.table(columns, schema=schema)
        view = f"_veille_batch_{table}"
        con.register(view, arrow)
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
        finally:
            con.unregister(view)

    def _recluster(self, con: duckdb.DuckDBPyConnection, touched: Touched) -> None:
        """Recompute the clusters that events added or removed on these (key, day) can change.

        Per key, only the days around the touched ones are re-read: the clusters overlapping
        [first touched day - window, last touched day + window] and their events. Clusters further
        away are separated from these by more than the window, so they cannot change; the cost
        of a batch does not grow with the months already stored.
        """
        if not touched:
            return
        window = timedelta(days=self.cluster_window_days)
        spans: dict[str, list[date | None]] = {}
        undated: set[str] = set()
        for key, day in touched:
            if day is None:
                undated.add(key)
                continue
            span = spans.setdefault(key, [day, day])
            span[0], span[1] = min(span[0], day), max(span[1], day)
        ranges = pa.table({
            "cluster_key": list(spans), "lo": [v[0] - window for v in spans.values()],
            "hi": [v[1] + window for v in spans.values()]},
            schema=pa.schema([("cluster_key", pa.string()), ("lo", pa.date32()), ("hi", pa.date32())]))
        con.register("_veille_ranges", ranges)
        try:
            # Stretch each key's range over the clusters it overlaps; those clusters are redone.
            stale = con.execute("""
                SELECT c.id, c.cluster_key, c.date_first, c.date_last FROM clusters c
                JOIN _veille_ranges r ON c.cluster_key = r.cluster_key
                 AND c.date_last >= r.lo AND c.date_first <= r.hi""").fetchall()
        finally:
            con.unregister("_veille_ranges")
        for _, key, first, last in stale:
            span = spans[key]
            span[0], span[1] = min(span[0], first), max(span[1], last)
        stale_ids = [row[0] for row in stale]
        if undated:
            stale_ids += [row[0] for row in con.execute(
                "SELECT id FROM clusters WHERE date_first IS NULL AND cluster_key IN (SELECT unnest(?))",
                [sorted(undated)]).fetchall()]
        bounds = pa.table({"cluster_key": list(spans), "lo": [v[0] for v in spans.values()],
                           "hi": [v[1] for v in spans.values()]},
                          schema=pa.schema([("cluster_key", pa.string()), ("lo", pa.date32()), ("hi", pa.date32())]))
        con.register("_veille_bounds", bounds)
        try:
            rows = con.execute("""
                SELECT e.id, e.article_id, e.cluster_key, e.date_start, e.published FROM events e
                JOIN _veille_bounds b ON e.cluster_key = b.cluster_key
                 AND coalesce(e.date_start, e.published) BETWEEN b.lo AND b.hi""").fetchall()
        finally:
            con.unregister("_veille_bounds")
        if undated:
            rows += con.execute("""
                SELECT id, article_id, cluster_key, date_start, published FROM events
                WHERE coalesce(date_start, published) IS NULL AND cluster_key IN (SELECT unnest(?))""",
                                [sorted(undated)]).fetchall()
        if stale_ids:
            con.execute("DELETE FROM clusters WHERE id IN (SELECT unnest(?))", [stale_ids])
        events = [ReportedEvent(id=r[0], article_id=r[1], cluster_key=r[2], day=r[3] or r[4], published=r[4])
                  for r in rows]
        clusters = assign_clusters(events, self.cluster_window_days)
        if not clusters:
            return
        cluster_rows, event_ids, cluster_ids = [], [], []
        for cluster in clusters:
            type_, actors, recipients, country = cluster.cluster_key.split("|")
            cluster_rows.append({
                "id": cluster.id, "cluster_key": cluster.cluster_key, "type": type_,
                "actor_codes": actors.split(",") if actors else [],
                "recipient_codes": recipients.split(",") if recipients else [],
                "country": country or None, "place": None,
                "date_first": cluster.date_first, "date_last": cluster.date_last,
                "first_report": cluster.first_report, "last_report": cluster.last_report,
                "source_count": cluster.source_count, "event_count": len(cluster.event_ids)})
            event_ids += cluster.event_ids
            cluster_ids += [cluster.id] * len(cluster.event_ids)
        self._insert(con, "clusters", cluster_rows)
        con.register("_veille_cluster_map", pa.table({"id": event_ids, "cluster_id": cluster_ids}))
        try:
            con.execute("UPDATE events SET cluster_id = m.cluster_id FROM _veille_cluster_map m"
                        " WHERE events.id = m.id AND events.cluster_id IS DISTINCT FROM m.cluster_id")
            con.execute("UPDATE clusters SET place = p.place FROM (SELECT m.cluster_id, mode(e.location_name) AS place"
                        " FROM _veille_cluster_map m JOIN events e ON e.id = m.id GROUP BY m.cluster_id) p"
                        " WHERE clusters.id = p.cluster_id")
        finally:
            con.unregister("_veille_cluster_map")

    # -- reading -------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        with self.reader() as cur:
            return {table: cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                    for table in ("articles", "events", "quotes", "casualties", "spans", "clusters")}

    def events(self, filters: EventFilter | None = None, limit: int = 50, offset: int = 0,
               order: str = "date") -> Page:
        where, params = (filters or EventFilter()).where()
        order_by = {"date": "coalesce(e.date_start, e.published) DESC NULLS LAST, e.id",
                    "article": "e.article_id, e.idx"}[order]
        with self.reader() as cur:
            total = cur.execute(f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id"
                                f" WHERE {where}", params).fetchone()[0]
            rows = _dicts(cur.execute(f"{EVENT_SELECT} WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?",
                                      [*params, limit, offset]))
        return Page(total, limit, offset, [event_dict(r) for r in rows])

    def iter_events(self, filters: EventFilter | None = None, chunk: int = 5000) -> Iterator[dict[str, Any]]:
        """Every matching event, for the export (in pages so memory stays flat)."""
        offset = 0
        while True:
            page = self.events(filters, limit=chunk, offset=offset, order="article")
            yield from page.items
            offset += chunk
            if offset >= page.total:
                return

    def event(self, event_id: str) -> dict[str, Any] | None:
        with self.reader() as cur:
            rows = _dicts(cur.execute(f"{EVENT_SELECT} WHERE e.id = ?", [event_id]))
        if not rows:
            return None
        event = event_dict(rows[0])
        if event["cluster"]:
            page = self.events(EventFilter(cluster_id=event["cluster"]["id"]), limit=100)
            event["cluster"]["events"] = [
                {k: e[k] for k in ("id", "article_id", "article_title", "published", "date", "evidence")}
                for e in page.items]
        return event

    def quotes(self, speaker: str | None = None, text: str | None = None, code: str | None = None,
               article_id: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        clauses, params = [], []
        if speaker:
            clauses.append("q.speaker_name ILIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(speaker)}%")
        if text:
            clauses.append("q.text ILIKE ? ESCAPE '\\'")
            params.append(f"%{_escape_like(text)}%")
        if code:
            clauses.append("q.speaker_code = ?")
            params.append(code.upper())
        if article_id:
            clauses.append("q.article_id = ?")
            params.append(article_id)
        return self._newest_first("quotes", "q", clauses, params, limit, offset, quote_dict)

    def casualties(self, country: str | None = None, kind: str | None = None,
                   date_from: date | None = None, date_to: date | None = None,
                   article_id: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        clauses, params = [], []
        for column, value in (("country", country and country.upper()), ("kind", kind),
                              ("article_id", article_id)):
            if value:
                clauses.append(f"k.{column} = ?")
                params.append(value)
        if date_from:
            clauses.append("k.published >= ?")
            params.append(date_from)
        if date_to:
            clauses.append("k.published <= ?")
            params.append(date_to)
        return self._newest_first("casualties", "k", clauses, params, limit, offset, casualty_dict)

    def _newest_first(self, table: str, alias: str, clauses: list[str], params: list[Any], limit: int,
                      offset: int, convert: Callable[[dict[str, Any]], dict[str, Any]]) -> Page:
        """One page of a per-article table's rows (newest first) with their article's title;
        `clauses` refer to the table by `alias`."""
        where = " AND ".join(clauses) or "TRUE"
        with self.reader() as cur:
            total = cur.execute(f"SELECT count(*) FROM {table} {alias} WHERE {where}", params).fetchone()[0]
            rows = _dicts(cur.execute(
                f"SELECT {alias}.*, a.title AS article_title FROM {table} {alias}"
                f" JOIN articles a ON a.id = {alias}.article_id"
                f" WHERE {where} ORDER BY {alias}.published DESC NULLS LAST, {alias}.id LIMIT ? OFFSET ?",
                [*params, limit, offset]))
        return Page(total, limit, offset, [convert(r) for r in rows])

    def article(self, article_id: str) -> dict[str, Any] | None:
        """The article with its text and every extracted span, each linked to its record."""
        with self.reader() as cur:
            rows = _dicts(cur.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
            if not rows:
                return None
            article = rows[0]
            spans = _dicts(cur.execute("SELECT * FROM spans WHERE article_id = ? ORDER BY start_char, idx",
                                       [article_id]))
        events = self.events(EventFilter(article_id=article_id), limit=10_000, order="article").items
        quotes = self.quotes(article_id=article_id, limit=10_000).items
        casualties = self.casualties(article_id=article_id, limit=10_000).items
        all_spans: list[dict[str, Any]] = []
        for kind, records in (("event", events), ("quote", quotes), ("casualty", casualties)):
            for record in records:
                if record.get("start") is not None and record.get("end") is not None \
                        and record["end"] > record["start"]:
                    all_spans.append({"kind": kind, "record_id": record["id"], "start": record["start"],
                                      "end": record["end"], "label": _span_label(kind, record)})
        for span in spans:
            all_spans.append({"kind": span["kind"], "record_id": span["id"], "start": span["start_char"],
                              "end": span["end_char"], "label": span["label"] or span["value"] or span["kind"]})
        all_spans.sort(key=lambda s: (s["start"], -s["end"]))
        return {
            "id": article["id"], "title": article["title"], "published": _iso(article["published"]),
            "url": article["url"], "source": article["source"], "language": article["language"],
            "dateline": article["dateline"], "text": article["text"], "coder": article["coder"],
            "content_hash": article["content_hash"], "ingested_at": _iso(article["ingested_at"]),
            "events": events, "quotes": quotes, "casualties": casualties,
            "timexes": [_span_record(s) for s in spans if s["kind"] == "timex"],
            "places": [_span_record(s) for s in spans if s["kind"] == "place"],
            "entities": [_span_record(s) for s in spans if s["kind"] == "entity"],
            "spans": all_spans,
        }

    def articles(self, text: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        where, params = "TRUE", []
        if text:
            where, params = "(title ILIKE ? ESCAPE '\\' OR text ILIKE ? ESCAPE '\\')", [f"%{_escape_like(text)}%"] * 2
        with self.reader() as cur:
            total = cur.execute(f"SELECT count(*) FROM articles WHERE {where}", params).fetchone()[0]
            rows = _dicts(cur.execute(
                f"SELECT id, title, published, source, url,"
                f" (SELECT count(*) FROM events e WHERE e.article_id = articles.id) AS events"
                f" FROM articles WHERE {where} ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
                [*params, limit, offset]))
        for row in rows:
            row["published"] = _iso(row["published"])
        return Page(total, limit, offset, rows)

    def actors(self, limit: int = 200, offset: int = 0) -> Page:
        """Actor codes with how often they act, receive, speak and count casualties."""
        sql = """
        WITH acts AS (SELECT unnest(actor_codes) AS code FROM events),
             recs AS (SELECT unnest(recipient_codes) AS code FROM events),
             codes AS (SELECT code, 1 AS a, 0 AS r, 0 AS q FROM acts
                       UNION ALL SELECT code, 0, 1, 0 FROM recs
                       UNION ALL SELECT speaker_code, 0, 0, 1 FROM quotes WHERE speaker_code IS NOT NULL)
        SELECT code, sum(a)::INTEGER AS as_actor, sum(r)::INTEGER AS as_recipient, sum(q)::INTEGER AS quotes
        FROM codes WHERE code IS NOT NULL GROUP BY code
        """
        with self.reader() as cur:
            total = cur.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
            rows = _dicts(cur.execute(f"{sql} ORDER BY as_actor + as_recipient + quotes DESC, code"
                                      f" LIMIT ? OFFSET ?", [limit, offset]))
        return Page(total, limit, offset, rows)

    def actor(self, code: str) -> dict[str, Any]:
        code = code.upper()
        with self.reader() as cur:
            dyads = _dicts(cur.execute("""
                SELECT a AS actor, r AS recipient, type, count(*)::INTEGER AS events
                FROM (SELECT unnest(CASE WHEN len(actor_codes) = 0 THEN [NULL] ELSE actor_codes END) AS a,
                             unnest(CASE WHEN len(recipient_codes) = 0 THEN [NULL] ELSE recipient_codes END) AS r,
                             type FROM events
                      WHERE list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?))
                WHERE a = ? OR r = ?
                GROUP BY ALL ORDER BY events DESC, actor, recipient, type""", [code] * 4))
            sides = cur.execute(
                "SELECT actor_json, recipient_json FROM events WHERE list_contains(actor_codes, ?)"
                " OR list_contains(recipient_codes, ?) LIMIT 2000", [code, code]).fetchall()
        names: dict[str, int] = {}
        for actor_json, recipient_json in sides:
            for actor in json.loads(actor_json or "[]") + json.loads(recipient_json or "[]"):
                if actor.get("code") == code and (actor.get("name") or actor.get("text")):
                    name = actor.get("name") or actor["text"]
                    names[name] = names.get(name, 0) + 1
        events = self.events(EventFilter(country=code), limit=50)
        return {"code": code, "names": sorted(names, key=lambda n: -names[n])[:10], "dyads": dyads, "events": events.to_dict(),
                "quotes": self.quotes(code=code, limit=50).to_dict(),
                "casualties": self.casualties(country=code, limit=50).to_dict()}

    def timeline(self, filters: EventFilter | None = None, interval: str = "day") -> list[dict[str, Any]]:
        """Events per day or week, split into the four PLOVER quads (cooperation vs conflict)."""
        trunc = {"day": "day", "week": "week", "month": "month"}[interval]
        filters = filters or EventFilter()
        if filters.date_from is None:
            # Background dates ("depuis 1943", "en 2014") would stretch the chart over decades:
            # without a date filter, start a month before the first report.
            with self.reader() as cur:
                first = cur.execute("SELECT min(published) FROM articles").fetchone()[0]
            if first is not None:
                filters = replace(filters, date_from=first - timedelta(days=31))
        where, params = _counted(filters).where()
        quad_case = " ".join(f"WHEN '{t}' THEN {q}" for t, (q, _) in QUADS.items())
        with self.reader() as cur:
            rows = cur.execute(f"""
                SELECT date_trunc('{trunc}', coalesce(e.date_start, e.published)) AS period,
                       CASE e.type {quad_case} END AS quad, count(*)::INTEGER
                FROM events e JOIN articles a ON a.id = e.article_id
                WHERE {where} AND coalesce(e.date_start, e.published) IS NOT NULL
                GROUP BY ALL ORDER BY period""", params).fetchall()
        periods: dict[str, dict[str, Any]] = {}
        names = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
        for period, quad, count in rows:
            key = _iso(period)
            entry = periods.setdefault(key, {"period": key, "cooperation": 0, "conflict": 0,
                                             **{n: 0 for n in names.values()}})
            if quad in names:
                entry[names[quad]] += count
                entry["cooperation" if quad <= 2 else "conflict"] += count
        return list(periods.values())

    def clusters(self, type: str | None = None, min_sources: int = 1, limit: int = 50,
                 offset: int = 0) -> Page:
        clauses, params = ["source_count >= ?"], [min_sources]
        if type:
            clauses.append("type = ?")
            params.append(type.upper())
        where = " AND ".join(clauses)
        with self.reader() as cur:
            total = cur.execute(f"SELECT count(*) FROM clusters WHERE {where}", params).fetchone()[0]
            rows = _dicts(cur.execute(f"SELECT * FROM clusters WHERE {where}"
                                      f" ORDER BY source_count DESC, last_report DESC NULLS LAST, id"
                                      f" LIMIT ? OFFSET ?", [*params, limit, offset]))
        for row in rows:
            for name in ("date_first", "date_last", "first_report", "last_report"):
                row[name] = _iso(row[name])
        return Page(total, limit, offset, rows)

    def map_points(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events per located place (events with only a country are placed by the caller)."""
        where, params = _counted(filters or EventFilter()).where()
        with self.reader() as cur:
            rows = _dicts(cur.execute(f"""
                SELECT e.location_name AS name, e.location_country AS country,
                       round(e.lat, 3) AS lat, round(e.lon, 3) AS lon,
                       count(*)::INTEGER AS events,
                       count(*) FILTER (WHERE e.type IN ('PROTEST','SANCTION','MOBILIZE','COERCE','ASSAULT',
                                                         'REQUEST','ACCUSE','REJECT','THREATEN'))::INTEGER AS conflict
                FROM events e JOIN articles a ON a.id = e.article_id
                WHERE {where} AND (e.lat IS NOT NULL OR e.location_country IS NOT NULL)
                GROUP BY ALL ORDER BY events DESC""", params))
        return rows


def _counted(filters: EventFilter) -> EventFilter:
    """Charts count events that happened (asserted, reported, alleged) unless asked otherwise:
    a denied, hypothetical or future event is no conflict or cooperation on the timeline."""
    if filters.certainty:
        return filters
    return replace(filters, certainty=",".join(COUNTED_CERTAINTIES))


# -- rows ----------------------------------------------------------------------------------
class _Rows:
    """The rows one batch of coded articles adds to each table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {t: [] for t in ("articles", *CHILD_TABLES)}

    def add(self, article: Article, coded: CodedArticle, digest: str) -> None:
        published = article.published or coded.published
        self.tables["articles"].append({
            "id": article.id, "content_hash": digest, "title": article.title or coded.title,
            "published": published, "url": article.url or coded.url, "source": article.source or coded.source,
            "language": article.language, "dateline": article.dateline or coded.dateline,
            "body_start": article.body_start, "text": article.text, "coder": coded.coder,
            "ingested_at": _now()})
        for i, event in enumerate(coded.events):
            self.tables["events"].append(_event_row(article.id, i, published, event))
        for i, quote in enumerate(coded.quotes):
            speaker = quote.speaker
            self.tables["quotes"].append({
                "id": f"{article.id}:q{i}", "article_id": article.id, "idx": i, "published": published,
                "text": quote.text, "start_char": quote.start, "end_char": quote.end, "cue": quote.cue,
                "speaker_name": speaker.name if speaker else None,
                "speaker_code": speaker.code if speaker else None,
                "speaker_sector": speaker.sector if speaker else None})
        for i, casualty in enumerate(coded.casualties):
            if _storable_count(casualty.count) is None:
                continue  # "10^400 morts" read from hostile text: no column holds it, no event has it
            self.tables["casualties"].append({
                "id": f"{article.id}:k{i}", "article_id": article.id, "idx": i, "published": published,
                "count": casualty.count, "qualifier": casualty.qualifier, "kind": casualty.kind,
                "victims": casualty.victims, "country": casualty.country, "date": casualty.date,
                "evidence": casualty.evidence, "start_char": casualty.start, "end_char": casualty.end})
        spans = self.tables["spans"]
        for i, timex in enumerate(coded.timexes):
            spans.append({"id": f"{article.id}:t{i}", "article_id": article.id, "kind": "timex", "idx": i,
                          "text": timex.text, "start_char": timex.start, "end_char": timex.end,
                          "label": timex.type, "value": timex.value})
        for i, place in enumerate(coded.places):
            spans.append({"id": f"{article.id}:p{i}", "article_id": article.id, "kind": "place", "idx": i,
                          "text": place.text, "start_char": place.start, "end_char": place.end,
                          "label": place.name, "country": place.country, "lat": place.lat, "lon": place.lon})
        for i, entity in enumerate(coded.entities):
            spans.append({"id": f"{article.id}:n{i}", "article_id": article.id, "kind": "entity", "idx": i,
                          "text": entity.text, "start_char": entity.start, "end_char": entity.end,
                          "label": entity.label, "code": entity.code, "value": entity.sector})


def _rollback(con) -> None:
    """Roll back, unless the failure already ended the transaction (a COMMIT that could not write
    its log on a full disk): a second error would hide the one that says what went wrong."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


# Counts are INTEGER columns; a count past it (the extractor read "10^400 morts") would make the
# whole batch's insert fail with an OverflowError, so it is left out instead.
MAX_STORED_COUNT = 2**31 - 1


def _storable_count(count: int | None) -> int | None:
    return count if count is None or 0 <= count <= MAX_STORED_COUNT else None


def _event_row(article_id: str, i: int, published: date | None, event: Event) -> dict[str, Any]:
    first, last = period_bounds(event.date)
    actor_codes = [a.code for a in event.actor if a.code]
    recipient_codes = [a.code for a in event.recipient if a.code]
    location = event.location
    country = location.country if location else None
    return {
        "id": f"{article_id}:e{i}", "article_id": article_id, "idx": i, "published": published,
        "type": event.type, "mode": event.mode, "certainty": event.certainty, "date": event.date,
        "date_start": first, "date_end": last, "date_text": event.date_text,
        "actor_codes": actor_codes, "recipient_codes": recipient_codes,
        "actor_sectors": [a.sector for a in event.actor if a.sector],
        "recipient_sectors": [a.sector for a in event.recipient if a.sector],
        "actor_json": json.dumps([a.to_dict() for a in event.actor], ensure_ascii=False),
        "recipient_json": json.dumps([a.to_dict() for a in event.recipient], ensure_ascii=False),
        "actor_label": "; ".join(a.name or a.text or "" for a in event.actor),
        "recipient_label": "; ".join(a.name or a.text or "" for a in event.recipient),
        "location_name": location.name if location else None, "location_country": country,
        "lat": location.lat if location else None, "lon": location.lon if location else None,
        "geonameid": location.geonameid if location else None,
        "evidence": event.evidence, "start_char": event.start, "end_char": event.end, "rule": event.rule,
        "cameo": event.cameo, "intensity": event.intensity,
        "dead": _storable_count(event.dead), "injured": _storable_count(event.injured),
        "arrested": _storable_count(event.arrested),
        "cluster_key": cluster_key(event.type, actor_codes, recipient_codes, country),
        "cluster_id": None,
    }


def event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """An events row (joined with its article and cluster) as the API's event object."""
    location = None
    if row["location_name"] or row["location_country"]:
        location = {"name": row["location_name"], "country": row["location_country"], "lat": row["lat"],
                    "lon": row["lon"], "geonameid": row["geonameid"]}
    quad = QUADS.get(row["type"])
    cluster = None
    if row.get("cluster_id"):
        cluster = {"id": row["cluster_id"], "source_count": row.get("cluster_source_count"),
                   "event_count": row.get("cluster_event_count"),
                   "first_report": _iso(row.get("cluster_first_report")),
                   "last_report": _iso(row.get("cluster_last_report"))}
    return {
        "id": row["id"], "article_id": row["article_id"], "article_title": row.get("article_title"),
        "source": row.get("article_source"), "url": row.get("article_url"),
        "published": _iso(row["published"]), "type": row["type"], "mode": row["mode"],
        "quad": quad[0] if quad else None, "quad_name": quad[1] if quad else None,
        "actor": json.loads(row["actor_json"] or "[]"), "recipient": json.loads(row["recipient_json"] or "[]"),
        "certainty": row["certainty"], "date": row["date"], "date_text": row["date_text"],
        "location": location, "evidence": row["evidence"], "start": row["start_char"], "end": row["end_char"],
        "rule": row["rule"], "cameo": row["cameo"], "intensity": row["intensity"],
        "dead": row["dead"], "injured": row["injured"], "arrested": row["arrested"], "cluster": cluster,
    }


def quote_dict(row: dict[str, Any]) -> dict[str, Any]:
    speaker = None
    if row["speaker_name"] or row["speaker_code"]:
        speaker = {"name": row["speaker_name"], "code": row["speaker_code"], "sector": row["speaker_sector"]}
    return {"id": row["id"], "article_id": row["article_id"], "article_title": row.get("article_title"),
            "published": _iso(row["published"]), "text": row["text"], "start": row["start_char"],
            "end": row["end_char"], "cue": row["cue"], "speaker": speaker}


def casualty_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row["id"], "article_id": row["article_id"], "article_title": row.get("article_title"),
            "published": _iso(row["published"]), "count": row["count"], "qualifier": row["qualifier"],
            "kind": row["kind"], "victims": row["victims"], "country": row["country"], "date": row["date"],
            "evidence": row["evidence"], "start": row["start_char"], "end": row["end_char"]}


def _span_record(span: dict[str, Any]) -> dict[str, Any]:
    return {"id": span["id"], "text": span["text"], "start": span["start_char"], "end": span["end_char"],
            "label": span["label"], "value": span["value"], "code": span["code"], "country": span["country"],
            "lat": span["lat"], "lon": span["lon"]}


def _span_label(kind: str, record: dict[str, Any]) -> str:
    if kind == "event":
        return f"{record['type']} ({record['certainty']})"
    if kind == "quote":
        return f"citation: {record['speaker']['name']}" if record.get("speaker") else "citation"
    return f"{record['kind']}: {record['count']}"


def _dicts(result: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in result.description]
    return [dict(zip(names, row)) for row in result.fetchall()]


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
