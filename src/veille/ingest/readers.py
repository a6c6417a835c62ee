"""Readers for each input format; each yields Articles and Rejects and never raises on bad input.

A reject names its file and line (`Reject.location()` → "FILE:LINE") and keeps the raw input,
so it can be fixed and fed again. Warnings (no publication date, invalid UTF-8 replaced) go to
the `veille.ingest` logger, which the CLI prints on standard error.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
import zlib
from datetime import date
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Sequence

from veille.ingest.article import InputError, make_article, parse_published
from veille.records import Article, Reject

log = logging.getLogger("veille.ingest")

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
# Raw input kept in a reject, enough to see what went wrong without copying megabytes.
MAX_RAW_IN_REJECT = 10_000
DEFAULT_MAX_CHARS = 200_000
# Pages and feeds larger than this are refused before parsing: extraction time grows with size,
# and a news page is well under a megabyte.
MAX_MARKUP_BYTES = 10 * 1024 * 1024
# A JSON line holding a maximal article (200k characters, escaped) is a few MiB; a longer line is
# rejected while it is read, so one enormous line (e.g. inside a small gzip) never sits in memory.
MAX_LINE_BYTES = 16 * 1024 * 1024

Item = Article | Reject
# json.loads recurses per nesting level: "[[[[…" a million deep raises RecursionError, not JSONDecodeError.
NESTED_TOO_DEEP = "invalid JSON: nested too deeply"


def _decode(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        log.warning("%s: warning: invalid UTF-8 at byte %d, replaced with U+FFFD", where, exc.start)
        return data.decode("utf-8", errors="replace")


def _is_binary(head: bytes) -> bool:
    return b"\x00" in head


def _reject(source: str, line: int | None, reason: str, raw: object = None, id: object = None) -> Reject:
    text = raw if isinstance(raw, str) else (None if raw is None else repr(raw))
    return Reject(source=source, line=line, reason=reason,
                  id=None if id is None else str(id),
                  raw=None if text is None else text[:MAX_RAW_IN_REJECT])


class Reader:
    """Shared settings of one `read_inputs` call."""

    def __init__(self, published: date | None, max_chars: int | None):
        self.published = published
        self.max_chars = max_chars

    def article(self, where: str, line: int | None, fields: dict, metadata_published: object = None) -> Item:
        try:
            published = fields.get("published")
            if published in (None, ""):
                published = self.published or metadata_published
            article = make_article(
                id=fields.get("id"), text=fields.get("text"), title=fields.get("title") or "",
                published=published, url=fields.get("url"), source=fields.get("source"),
                language=fields.get("language"), max_chars=self.max_chars,
            )
        except InputError as exc:
            return _reject(where, line, str(exc), raw=fields.get("_raw"), id=fields.get("id"))
        article.origin = f"{where}:{line}" if line is not None else where
        if article.published is None:
            log.warning("%s: warning: article %s has no publication date: relative dates stay unresolved "
                        "(give `published` or --published)", article.origin, article.id)
        return article

    # -- formats ------------------------------------------------------------------------------
    def jsonl(self, stream: BinaryIO, where: str) -> Iterator[Item]:
        line_no = 0
        try:
            for line_no, raw_bytes in enumerate(_bounded_lines(stream, MAX_LINE_BYTES), start=1):
                if raw_bytes is None:
                    yield _reject(where, line_no, f"line longer than {MAX_LINE_BYTES:,} bytes, not read")
                    continue
                if not raw_bytes.strip():
                    continue
                raw = _decode(raw_bytes, f"{where}:{line_no}").strip()
                if _is_binary(raw_bytes):
                    yield _reject(where, line_no, "binary data (NUL bytes), not a JSON line", raw=raw)
                    continue
                try:
                    record = json.loads(raw)
                except json.JSONDecodeError as exc:
                    yield _reject(where, line_no, f"invalid JSON: {exc.msg} (column {exc.colno})", raw=raw)
                    continue
                except RecursionError:
                    yield _reject(where, line_no, NESTED_TOO_DEEP, raw=raw)
                    continue
                if not isinstance(record, dict):
                    yield _reject(where, line_no, f"expected a JSON object, got {type(record).__name__}", raw=raw)
                    continue
                record["_raw"] = raw
                yield self.article(where, line_no, record)
        except (EOFError, OSError, zlib.error) as exc:
            # A truncated or corrupt gzip member: what was read is kept, the rest is reported.
            yield _reject(where, line_no + 1, f"unreadable from here on: {exc}")

    def json_array(self, data: bytes, where: str) -> Iterator[Item]:
        try:
            records = json.loads(_decode(data, where))
        except json.JSONDecodeError as exc:
            yield _reject(where, exc.lineno, f"invalid JSON: {exc.msg}")
            return
        except RecursionError:
            yield _reject(where, None, NESTED_TOO_DEEP)
            return
        if not isinstance(records, list):
            records = [records]
        for i, record in enumerate(records, start=1):
            if not isinstance(record, dict):
                yield _reject(where, i, f"item {i}: expected a JSON object, got {type(record).__name__}", raw=record)
                continue
            yield self.article(where, i, record)

    def plain_text(self, data: bytes, where: str, id: str) -> Iterator[Item]:
        if _is_binary(data[:8192]):
            yield _reject(where, None, "binary file (NUL bytes), not text")
            return
        yield self.article(where, None, {"id": id, "text": _decode(data, where), "_raw": None})

    def html(self, data: bytes, where: str, id: str) -> Iterator[Item]:
        import trafilatura

        page = _decode(data, where)
        try:
            doc = trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)
        except Exception as exc:  # noqa: BLE001 - trafilatura raises many types on broken pages
            yield _reject(where, None, f"HTML extraction failed: {exc}")
            return
        text = getattr(doc, "text", None) if doc is not None else None
        if not text:
            yield _reject(where, None, "no article text found in the HTML page")
            return
        meta_date = getattr(doc, "date", None)
        yield self.article(where, None, {
            "id": id, "text": text, "title": getattr(doc, "title", None) or "",
            "url": getattr(doc, "url", None), "source": getattr(doc, "sitename", None), "_raw": None,
        }, metadata_published=_lenient_date(meta_date))

    def feed(self, data: bytes, where: str) -> Iterator[Item]:
        import feedparser

        parsed = feedparser.parse(data)
        if not parsed.entries:
            reason = f"not a readable RSS/Atom feed: {parsed.get('bozo_exception')}" if parsed.get("bozo") \
                else "feed has no items"
            yield _reject(where, None, reason)
            return
        for i, entry in enumerate(parsed.entries, start=1):
            body = ""
            if entry.get("content"):
                body = " ".join(c.get("value", "") for c in entry["content"])
            body = body or entry.get("summary", "") or entry.get("description", "")
            text = _html_to_text(body)
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            meta_date = date(*stamp[:3]) if stamp else None
            yield self.article(where, i, {
                "id": entry.get("id") or entry.get("link"), "text": text, "title": entry.get("title", ""),
                "url": entry.get("link"), "source": parsed.feed.get("title"), "_raw": None,
            }, metadata_published=meta_date)

    # -- dispatch -----------------------------------------------------------------------------
    def stdin(self) -> Iterator[Item]:
        data = sys.stdin.buffer.read()
        if data.lstrip()[:1] == b"{":
            yield from self.jsonl(io.BytesIO(data), "<stdin>")
        else:
            yield from self.plain_text(data, "<stdin>", "stdin")

    def path(self, path: Path, id_base: Path | None = None) -> Iterator[Item]:
        where = str(path)
        name = path.name.lower()
        gz = name.endswith(".gz")
        suffix = Path(name[:-3] if gz else name).suffix
        id = str(path.relative_to(id_base).with_suffix("")) if id_base else path.stem
        try:
            if suffix in JSONL_SUFFIXES:
                opener = gzip.open if gz else open
                with opener(path, "rb") as stream:
                    try:
                        head = stream.read(8192)
                    except (EOFError, zlib.error, OSError):
                        head = b""  # a corrupt gzip: the line reader keeps what can be read
                    stream.seek(0)
                    if _is_binary(head):
                        yield _reject(where, None, "binary file (NUL bytes), not JSON Lines")
                        return
                    if head.lstrip()[:1] == b"[":
                        yield from self.json_array(stream.read(), where)
                    else:
                        yield from self.jsonl(stream, where)
                return
            if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES:
                yield _reject(where, None, f"unsupported file type {suffix or '(none)'!r}: expected "
                              ".jsonl, .jsonl.gz, .json, .txt, .html, .rss, .atom or .xml")
                return
            data = gzip.decompress(path.read_bytes()) if gz else path.read_bytes()
        except FileNotFoundError:
            yield _reject(where, None, "no such file")
            return
        except (OSError, EOFError, zlib.error) as exc:
            yield _reject(where, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}")
            return
        if suffix not in TEXT_SUFFIXES and len(data) > MAX_MARKUP_BYTES:
            yield _reject(where, None, f"file of {len(data) / 2**20:.1f} MiB is larger than the "
                          f"{MAX_MARKUP_BYTES // 2**20} MiB read for a page or a feed")
            return
        if suffix in TEXT_SUFFIXES:
            yield from self.plain_text(data, where, id)
        elif suffix in HTML_SUFFIXES:
            yield from self.html(data, where, id)
        else:
            yield from self.feed(data, where)

    def folder(self, root: Path) -> Iterator[Item]:
        # Links to folders are not followed, so a link loop cannot make the walk endless.
        for current, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                yield from self.path(Path(current) / name, id_base=root)


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The lines of `stream`, each read at most `limit` bytes at a time; None for a longer line,
    whose rest is skipped in bounded chunks."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = stream.readline(limit)
        yield None


def _lenient_date(value: object) -> date | None:
    """Metadata dates are best effort: an unparsable one is treated as absent."""
    try:
        return parse_published(value)
    except InputError:
        return None


def _html_to_text(fragment: str) -> str:
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        return lxml.html.fromstring(fragment).text_content().strip()
    except Exception:  # noqa: BLE001 - an unparsable fragment is kept as it is
        return fragment.strip()


def read_inputs(inputs: Sequence[str] | Iterable[str], published: date | None = None,
                max_chars: int | None = DEFAULT_MAX_CHARS) -> Iterator[Item]:
    """Articles and Rejects from files, folders and `-` (standard input), in input order."""
    reader = Reader(published, max_chars)
    for name in inputs:
        if name == "-":
            yield from reader.stdin()
            continue
        path = Path(name)
        if path.is_dir():
            yield from reader.folder(path)
        elif path.exists() or path.is_symlink():
            yield from reader.path(path)
        else:
            yield _reject(name, None, "no such file or directory")
