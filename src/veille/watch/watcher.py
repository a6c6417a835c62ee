"""The watcher: polls feeds and folders, fetches each new item once, codes, stores, raises alerts.

    watcher = Watcher(load_sources("sources.yaml"), sink=store.upsert)
    watcher.run_once()                  # one pass over every source not backing off
    watcher.run_forever(stop_event)     # until stop_event is set (a thread of `veille serve`)

`sink` receives each batch as a list of (Article, CodedArticle) pairs: the store needs the text
(in the Article) as well as the coded record, so `DuckDBStore.upsert` and the server's
`POST /api/articles` client (`ServerSink.upsert`) are sinks as they are.

An item is marked as taken only after the sink accepted it: a watcher killed between the two
refetches that batch on restart, and the store's idempotent upsert makes that harmless.
A source that fails (network error, HTTP error, garbage instead of a feed) is logged and backs off
exponentially (retry_base x 2^(failures-1), at most retry_max); the other sources go on.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from veille.records import Article, CodedArticle, Reject
from veille.watch.alerts import Alert, AlertEngine, AlertOutput, JsonlAlertOutput, WebhookAlertOutput, load_rules
from veille.watch.config import SourceConfig, WatchConfig
from veille.watch.fetch import FetchError, RefusedURL, check_url, fetch, make_client
from veille.watch.state import DONE, DUPLICATE, FAILED, SourceStatus, WatchState

log = logging.getLogger("veille.watch")

Sink = Callable[[list[tuple[Article, CodedArticle]]], Any]
# Feed summaries shorter than this are not worth coding when the page cannot be had.
MIN_SUMMARY_CHARS = 80
FOLDER_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json", ".txt", ".html", ".htm", ".rss", ".atom", ".xml")


class FeedError(Exception):
    """A feed that cannot be read (not RSS/Atom, unreadable file)."""


@dataclass(slots=True)
class Candidate:
    """An article to code, with what marks it as taken once stored."""

    key: str
    source: str
    article: Article
    content_hash: str


@dataclass(slots=True)
class PollReport:
    polled: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    backing_off: list[str] = field(default_factory=list)
    new_articles: int = 0
    alerts: list[Alert] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.polled)} sources polled, {len(self.failed)} failed, {len(self.backing_off)} backing off,"
                f" {self.new_articles} new articles, {len(self.alerts)} alerts")


def text_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8", "replace")).hexdigest()


def _entry_date(entry: Any) -> date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        return date(*stamp[:3]) if stamp else None
    except (TypeError, ValueError):
        return None


def _entry_summary(entry: Any) -> str:
    from veille.ingest.readers import _html_to_text

    body = ""
    if entry.get("content"):
        body = " ".join(c.get("value", "") for c in entry["content"])
    return _html_to_text(body or entry.get("summary", "") or entry.get("description", ""))


def _page_text(data: bytes, url: str) -> tuple[str, str, date | None]:
    """(text, title, date) of an HTML page, by trafilatura; empty text when none is found."""
    import trafilatura

    from veille.ingest.article import InputError, parse_published

    page = data.decode("utf-8", errors="replace")
    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on broken pages
        log.warning("watch: %s: HTML extraction failed: %s", url, exc)
        return "", "", None
    if doc is None:
        return "", "", None
    try:
        published = parse_published(getattr(doc, "date", None))
    except InputError:
        published = None
    return getattr(doc, "text", None) or "", getattr(doc, "title", None) or "", published


class Watcher:
    def __init__(self, config: WatchConfig, sink: Sink, coder=None, state: WatchState | None = None,
                 alert_outputs: Sequence[AlertOutput] | None = None, alerts_out: Path | None = None,
                 clock: Callable[[], float] = time.time):
        self.config = config
        self.sink = sink
        self._coder = coder
        self._coder_lock = threading.Lock()
        self.clock = clock
        state_path = config.state_path or config.path.with_name(f"{config.path.stem}.state.sqlite")
        self.state = state or WatchState(state_path)
        if alert_outputs is None:
            alert_outputs = []
            out = alerts_out or config.alerts_out
            if out is not None:
                alert_outputs.append(JsonlAlertOutput(out))
            if config.webhook:
                alert_outputs.append(WebhookAlertOutput(config.webhook, timeout=config.policy.timeout))
        rules = load_rules(config.alerts_path) if config.alerts_path else []
        self.alerts = AlertEngine(rules, self.state, alert_outputs)
        self.client = make_client(config.policy)

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def coder(self):
        """The Coder, loaded on first use (spaCy takes seconds to load)."""
        with self._coder_lock:
            if self._coder is None:
                from veille.coder import Coder

                self._coder = Coder(workers=1)
            return self._coder

    def close(self) -> None:
        self.client.close()
        self.state.close()

    def run_forever(self, stop_event: threading.Event) -> None:
        """Poll sources as they fall due until stop_event is set; never raises for a bad poll."""
        while not stop_event.is_set():
            try:
                report = self.run_once(due_only=True)
                if report.polled or report.failed:
                    log.info("watch: %s", report.summary())
            except Exception:  # noqa: BLE001 - a watcher runs for months: log and go on
                log.exception("watch: poll failed")
            stop_event.wait(self.seconds_to_next_poll())

    def seconds_to_next_poll(self) -> float:
        now = self.clock()
        waits = []
        for source in self.config.sources:
            status = self.state.source(source.name)
            due = max(status.last_poll + source.interval, status.next_attempt)
            waits.append(due - now)
        return min(max(min(waits, default=self.config.interval), 1.0), self.config.interval)

    # -- one pass -----------------------------------------------------------------------------
    def run_once(self, due_only: bool = False) -> PollReport:
        """Poll every source (or only those due), then code, store and alert on what is new."""
        report = PollReport()
        candidates: list[Candidate] = []
        files_read: list[tuple[str, int, float]] = []
        hashes_this_pass: set[str] = set()
        for source in self.config.sources:
            status = self.state.source(source.name)
            now = self.clock()
            if status.next_attempt > now:
                report.backing_off.append(source.name)
                continue
            if due_only and now < status.last_poll + source.interval:
                continue
            try:
                source_files: list[tuple[str, int, float]] = []
                found = self._poll(source, status, source_files)
            except Exception as exc:  # noqa: BLE001 - one bad source must not stop the others
                self._failed(source, status, exc)
                report.failed[source.name] = str(exc)
                continue
            status.failures, status.next_attempt, status.last_error = 0, 0.0, None
            status.last_poll = now
            self.state.save_source(status)
            report.polled.append(source.name)
            files_read += source_files
            for candidate in found:  # the same text from two sources in one pass is coded once
                if candidate.content_hash in hashes_this_pass:
                    self.state.mark(candidate.key, candidate.source, DUPLICATE, candidate.content_hash)
                    continue
                hashes_this_pass.add(candidate.content_hash)
                candidates.append(candidate)
        for start in range(0, len(candidates), self.config.batch_size):
            batch = candidates[start:start + self.config.batch_size]
            pairs = self._code(batch)
            if pairs:
                self.sink(pairs)
            coded_ids = {id(article) for article, _ in pairs}
            for candidate in batch:
                if id(candidate.article) in coded_ids:
                    self.state.mark(candidate.key, candidate.source, DONE, candidate.content_hash, candidate.article.id)
                else:
                    self.state.mark(candidate.key, candidate.source, FAILED, candidate.content_hash, candidate.article.id)
            report.new_articles += len(pairs)
            report.alerts += self.alerts.evaluate(pairs)
        for path, size, mtime in files_read:
            self.state.mark_file(path, size, mtime)
        return report

    def _failed(self, source: SourceConfig, status: SourceStatus, exc: Exception) -> None:
        status.failures += 1
        delay = min(self.config.retry_base * 2 ** (status.failures - 1), self.config.retry_max)
        status.next_attempt = self.clock() + delay
        status.last_error = str(exc)[:500]
        self.state.save_source(status)
        log.warning("watch: source %s failed (%d in a row): %s; next try in %.0f s",
                    source.name, status.failures, exc, delay)

    def _code(self, batch: list[Candidate]) -> list[tuple[Article, CodedArticle]]:
        def failed(article: Article, exc: Exception) -> None:
            log.warning("watch: %s: coding failed: %s: %s", article.origin or article.id, type(exc).__name__, exc)

        pairs = []
        # code_articles keeps input order and skips the articles whose coding failed.
        articles = [c.article for c in batch]
        pending = list(articles)
        for coded in self.coder.code_articles(articles, on_error=failed):
            while pending and pending[0].id != coded.id:
                pending.pop(0)
            pairs.append((pending.pop(0), coded))
        return pairs

    # -- sources ------------------------------------------------------------------------------
    def _poll(self, source: SourceConfig, status: SourceStatus, files_read: list[tuple[str, int, float]]
              ) -> list[Candidate]:
        if source.folder is not None:
            return list(self._poll_folder(source, files_read))
        return list(self._poll_feed(source, status))

    def _feed_bytes(self, source: SourceConfig, status: SourceStatus) -> tuple[bytes | None, dict[str, str]]:
        """The feed's bytes (None when an HTTP server says it has not changed: 304) and its
        validators, to be kept only once the feed was read (a garbage answer must be refetched)."""
        if source.is_remote:
            headers = {}
            if status.etag:
                headers["If-None-Match"] = status.etag
            if status.modified:
                headers["If-Modified-Since"] = status.modified
            # The feed URL is the operator's choice, so it is not held to the link policy.
            fetched = fetch(self.client, source.feed, source.policy, check=False, headers=headers)
            if fetched.status == 304:
                return None, {}
            return fetched.content, {"etag": fetched.headers.get("etag"),
                                     "modified": fetched.headers.get("last-modified")}
        try:
            return Path(source.feed).read_bytes(), {}
        except OSError as exc:
            raise FeedError(f"{source.feed}: cannot read: {exc.strerror or exc}") from None

    def _poll_feed(self, source: SourceConfig, status: SourceStatus) -> Iterator[Candidate]:
        import feedparser

        data, validators = self._feed_bytes(source, status)
        if data is None:
            return
        # The feed's URL as base, so that relative item links resolve against it.
        # (With headers given, feedparser wants a content type too; the XML declaration still
        # decides the encoding.)
        base = {"content-location": source.feed, "content-type": "application/xml"} if source.is_remote else None
        parsed = feedparser.parse(data, response_headers=base)
        if not parsed.entries and parsed.get("bozo"):
            raise FeedError(f"{source.feed}: not a readable RSS/Atom feed: {parsed.get('bozo_exception')}")
        if validators:
            status.etag, status.modified = validators.get("etag"), validators.get("modified")
        feed_title = parsed.feed.get("title") or source.name
        for entry in parsed.entries:
            link = (entry.get("link") or "").split("#", 1)[0] or None
            key = link or entry.get("id")
            if not key or not self.state.wants(key):
                continue
            candidate = self._take_entry(source, entry, key, link, feed_title)
            if candidate is not None:
                yield candidate

    def _take_entry(self, source: SourceConfig, entry: Any, key: str, link: str | None,
                    feed_title: str) -> Candidate | None:
        from veille.ingest.article import InputError, make_article

        text, title, page_date = "", entry.get("title", ""), None
        if source.fetch_pages and link:
            try:
                check_url(link, source.policy)
                fetched = fetch(self.client, link, source.policy)
                text, page_title, page_date = _page_text(fetched.content, fetched.url)
                title = title or page_title
                if not text:
                    log.warning("watch: %s: no article text found in the page", link)
            except RefusedURL as exc:
                log.warning("watch: %s: %s", source.name, exc)
            except FetchError as exc:
                log.warning("watch: %s: page not fetched: %s", source.name, exc)
        if not text:
            summary = _entry_summary(entry)
            if len(summary) >= MIN_SUMMARY_CHARS or not (source.fetch_pages and link):
                text = summary
        if not text.strip():
            self.state.mark(key, source.name, FAILED)
            return None
        digest = text_hash(text)
        duplicate_of = self.state.hash_stored(digest)
        if duplicate_of is not None and duplicate_of != key:
            log.info("watch: %s: same text as %s, not coded again", key, duplicate_of)
            self.state.mark(key, source.name, DUPLICATE, digest)
            return None
        published = _entry_date(entry) or page_date or datetime.now(timezone.utc).date()
        try:
            article = make_article(id=entry.get("id") or link, text=text, title=title or "", published=published,
                                   url=link, source=feed_title)
        except InputError as exc:
            log.warning("watch: %s: %s", key, exc)
            self.state.mark(key, source.name, FAILED, digest)
            return None
        article.origin = f"{source.name}:{key}"
        return Candidate(key=key, source=source.name, article=article, content_hash=digest)

    def _poll_folder(self, source: SourceConfig, files_read: list[tuple[str, int, float]]) -> Iterator[Candidate]:
        from veille.ingest import read_inputs

        folder = source.folder
        if not folder.is_dir():
            raise FeedError(f"{folder}: no such folder")
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or any(p.startswith(".") for p in path.relative_to(folder).parts):
                continue
            if not path.name.lower().endswith(FOLDER_SUFFIXES):
                continue
            stat = path.stat()
            if self.state.file_unchanged(str(path), stat.st_size, stat.st_mtime):
                continue
            for item in read_inputs([str(path)], published=source.published):
                if isinstance(item, Reject):
                    log.warning("watch: %s: %s", item.location(), item.reason)
                    continue
                key = f"{source.name}:{item.id}"
                digest = text_hash(item.text)
                if not self.state.wants(key, digest):
                    continue
                duplicate_of = self.state.hash_stored(digest)
                if duplicate_of is not None and duplicate_of != key:
                    self.state.mark(key, source.name, DUPLICATE, digest)
                    continue
                yield Candidate(key=key, source=source.name, article=item, content_hash=digest)
            # Marked as read only once its articles are stored (by run_once).
            files_read.append((str(path), stat.st_size, stat.st_mtime))


class BackgroundWatch:
    """A Watcher polling in a daemon thread (for `veille serve --watch SOURCES.yaml`)."""

    def __init__(self, watcher: Watcher):
        self.watcher = watcher
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=watcher.run_forever, args=(self.stop_event,),
                                       name="veille-watch", daemon=True)

    def start(self) -> "BackgroundWatch":
        self.thread.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        self.stop_event.set()
        self.thread.join(timeout)
        self.watcher.close()


def watch_in_background(sources: str | Path, sink: Sink, alerts_out: Path | None = None) -> BackgroundWatch:
    """Start watching SOURCES.yaml in a thread of this process; `.stop()` it on shutdown."""
    from veille.watch.config import load_sources

    return BackgroundWatch(Watcher(load_sources(sources), sink=sink, alerts_out=alerts_out)).start()
