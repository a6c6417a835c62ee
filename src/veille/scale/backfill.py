"""Backfill: code large archives partition by partition, on Dask or in this process, into Parquet.

The dataset written under OUT:

    OUT/articles/part-<partition>.parquet    one row per coded article, with the full record
                                              (`article_json`: the input Article, text included;
                                              `coded_json`: the CodedArticle) for `veille load`
    OUT/events/part-<partition>.parquet      one row per event (flat columns + list columns)
    OUT/quotes/part-<partition>.parquet
    OUT/casualties/part-<partition>.parquet
    OUT/rejects/part-<partition>.jsonl       inputs that could not be coded, with the reason
    OUT/_partitions/<partition>.json         written last: the partition is finished

A partition is a range of lines of one JSON Lines file (or a group of other files from a folder);
its id is derived from the file's absolute path and the line range, so a re-run plans the same
partitions and skips those whose `_partitions/<id>.json` exists. Every file is written under a
temporary name and renamed, so a killed run leaves whole parts or nothing; a part left without
its marker is rewritten (same name, no duplicate) by the next run.

DuckDB reads the dataset directly:

    SELECT type, count(*) FROM 'OUT/events/*.parquet' GROUP BY type;
    SELECT e.*, a.title FROM 'OUT/events/*.parquet' e JOIN 'OUT/articles/*.parquet' a ON a.id = e.article_id;

This module imports neither Dask nor pyarrow at import time (the CLI stays quick to start); the
coding itself is `veille.coder.Coder.code_articles`, one Coder per worker process.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from veille.records import Article, CodedArticle, Reject

log = logging.getLogger("veille.scale")

TABLES = ("articles", "events", "quotes", "casualties")
DEFAULT_PARTITION_SIZE = 500
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
MARKER_DIR = "_partitions"
REJECT_DIR = "rejects"
# A reject keeps at most this much of the raw input (as `veille extract` does).
MAX_RAW_IN_REJECT = 10_000


# -- planning -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class FileSlice:
    """Lines first_line..last_line (1-based, inclusive) of one file; whole file when first_line is None."""

    path: str
    first_line: int | None = None
    last_line: int | None = None
    # Byte offset (in the decompressed stream) where first_line starts: the worker seeks there.
    offset: int = 0


@dataclass(frozen=True, slots=True)
class PartitionSpec:
    id: str
    slices: tuple[FileSlice, ...]

    def describe(self) -> str:
        first = self.slices[0]
        if first.first_line is None:
            return f"{first.path} (+{len(self.slices) - 1} files)" if len(self.slices) > 1 else first.path
        return f"{first.path}:{first.first_line}-{first.last_line}"


def _digest(text: str, length: int = 10) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:length]


def _slug(path: str) -> str:
    name = Path(path).name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)[:40] or "input"


def _is_jsonl(path: Path) -> bool:
    name = path.name.lower()
    name = name[:-3] if name.endswith(".gz") else name
    return Path(name).suffix in JSONL_SUFFIXES


def _open(path: str):
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


def _line_starts(path: str) -> Iterator[tuple[int, int]]:
    """(line number, byte offset in the decompressed stream) of every line, then (0, end offset)."""
    offset = 0
    with _open(path) as stream:
        for number, line in enumerate(stream, start=1):
            yield number, offset
            offset += len(line)
    yield 0, offset


def _offset_after(path: str, line_offset: int) -> int:
    """Offset just past the line that starts at line_offset (the last good line of a broken file)."""
    with _open(path) as stream:
        stream.seek(line_offset)
        return line_offset + len(stream.readline())


def _starts_with_array(path: str) -> bool:
    try:
        with _open(path) as stream:
            return stream.read(4096).lstrip()[:1] == b"["
    except (EOFError, OSError, zlib.error):
        return False


def _walk(root: Path) -> Iterator[Path]:
    """Files of a folder in a stable order (sorted, hidden files and folders left out)."""
    for current, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(current) / name


def plan_partitions(inputs: Sequence[str], partition_size: int = DEFAULT_PARTITION_SIZE
                    ) -> tuple[list[PartitionSpec], list[Reject]]:
    """Partitions of the inputs (same inputs → same ids), and inputs that do not exist."""
    if partition_size < 1:
        raise ValueError("partition size must be at least 1")
    specs: list[PartitionSpec] = []
    missing: list[Reject] = []
    others: list[str] = []  # non-JSONL files (text, HTML, feeds, JSON arrays): grouped by count

    def add_jsonl(path: str) -> None:
        key = os.path.abspath(path)
        chunk: list[tuple[int, int]] = []

        def flush() -> None:
            first, offset = chunk[0]
            last = chunk[-1][0]
            pid = f"{_slug(path)}-{_digest(key)}-{first:09d}-{last:09d}"
            specs.append(PartitionSpec(pid, (FileSlice(path, first, last, offset),)))
            chunk.clear()

        lines, readable_bytes = 0, 0
        try:
            for number, offset in _line_starts(path):
                if number == 0:
                    break
                lines, readable_bytes = number, offset
                chunk.append((number, offset))
                if len(chunk) == partition_size:
                    flush()
            corrupt = False
        except (EOFError, OSError, zlib.error):
            corrupt = True  # a truncated or corrupt gzip: what comes before is coded as usual
        if chunk:
            flush()
        if corrupt:
            # One more partition starting where reading failed: its worker reports the reject
            # ("unreadable from here on") with the line number, as `veille extract` does.
            broken = lines + 1
            resume_at = readable_bytes if not lines else _offset_after(path, readable_bytes)
            specs.append(PartitionSpec(f"{_slug(path)}-{_digest(key)}-{broken:09d}-{broken:09d}",
                                       (FileSlice(path, broken, broken, resume_at),)))
        elif not lines:
            log.warning("%s: warning: no lines", path)

    def add_file(path: Path) -> None:
        name = str(path)
        if _is_jsonl(path) and not _starts_with_array(name):
            add_jsonl(name)
        else:
            others.append(name)

    for name in inputs:
        path = Path(name)
        if path.is_dir():
            for file in _walk(path):
                add_file(file)
        elif path.is_file():
            add_file(path)
        else:
            missing.append(Reject(source=name, line=None, reason="no such file or directory"))
    for start in range(0, len(others), partition_size):
        group = others[start:start + partition_size]
        pid = f"files-{_digest(chr(0).join(os.path.abspath(p) for p in group), 16)}"
        specs.append(PartitionSpec(pid, tuple(FileSlice(p) for p in group)))
    return specs, missing


def finished_partitions(out: Path) -> set[str]:
    markers = out / MARKER_DIR
    return {p.stem for p in markers.glob("*.json")} if markers.is_dir() else set()


# -- reading one partition ----------------------------------------------------------------------
def _reject(source: str, line: int | None, reason: str, raw: str | None = None, id: object = None) -> Reject:
    return Reject(source=source, line=line, reason=reason, id=None if id is None else str(id),
                  raw=None if raw is None else raw[:MAX_RAW_IN_REJECT])


def _read_slice(reader, piece: FileSlice) -> Iterator[Article | Reject]:
    """The articles of lines first..last, with the file's own line numbers in every message."""
    where = piece.path
    number = piece.first_line or 1
    try:
        with _open(where) as stream:
            stream.seek(piece.offset)
            for number in range(piece.first_line or 1, (piece.last_line or 0) + 1):
                raw_bytes = stream.readline()
                if not raw_bytes:
                    break
                if not raw_bytes.strip():
                    continue
                try:
                    raw = raw_bytes.decode("utf-8").strip()
                except UnicodeDecodeError as exc:
                    log.warning("%s:%d: warning: invalid UTF-8 at byte %d, replaced with U+FFFD",
                                where, number, exc.start)
                    raw = raw_bytes.decode("utf-8", errors="replace").strip()
                if b"\x00" in raw_bytes:
                    yield _reject(where, number, "binary data (NUL bytes), not a JSON line", raw)
                    continue
                try:
                    record = json.loads(raw)
                except json.JSONDecodeError as exc:
                    yield _reject(where, number, f"invalid JSON: {exc.msg} (column {exc.colno})", raw)
                    continue
                if not isinstance(record, dict):
                    yield _reject(where, number, f"expected a JSON object, got {type(record).__name__}", raw)
                    continue
                record["_raw"] = raw
                yield reader.article(where, number, record)
    except FileNotFoundError:
        yield _reject(where, None, "no such file")
    except (EOFError, OSError, zlib.error) as exc:
        yield _reject(where, number, f"unreadable from here on: {exc}")


def read_partition(spec: PartitionSpec, published: date | None, max_chars: int | None) -> Iterator[Article | Reject]:
    from veille.ingest.readers import Reader

    reader = Reader(published, max_chars)
    for piece in spec.slices:
        if piece.first_line is None:
            yield from reader.path(Path(piece.path))
        else:
            yield from _read_slice(reader, piece)


# -- coding one partition (runs on a worker) ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class BackfillOptions:
    published: date | None = None
    max_chars: int | None = 200_000
    batch_size: int = 16


@dataclass(slots=True)
class PartitionResult:
    id: str
    articles: int = 0
    events: int = 0
    quotes: int = 0
    casualties: int = 0
    rejects: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    worker_pid: int = 0
    peak_mb: float = 0.0  # the worker process's peak resident memory so far
    # CPU time of reading, coding and writing (model loading excluded): articles per CPU second
    # is the throughput of one dedicated core, whatever else the machine was doing.
    cpu_seconds: float = 0.0


_CODER_LOCK = threading.Lock()


@lru_cache(maxsize=2)
def _coder_of_process(pid: int, batch_size: int):
    """One Coder per worker process (keyed by pid so that a forked child loads its own)."""
    from veille.coder import Coder

    return Coder(workers=1, batch_size=batch_size)


def process_coder(batch_size: int = 16):
    # The lock keeps two task threads of one worker from loading spaCy twice.
    with _CODER_LOCK:
        return _coder_of_process(os.getpid(), batch_size)


def code_partition(spec: PartitionSpec, out: str, options: BackfillOptions = BackfillOptions()) -> PartitionResult:
    """Code one partition and write its parts; the marker is written last."""
    from collections import deque

    started = time.perf_counter()
    coder = process_coder(options.batch_size)
    cpu_started = time.process_time()
    rejects: list[Reject] = []
    pending: deque[Article] = deque()
    failed_ids: set[int] = set()

    def articles() -> Iterator[Article]:
        for item in read_partition(spec, options.published, options.max_chars):
            if isinstance(item, Reject):
                rejects.append(item)
            else:
                pending.append(item)
                yield item

    def failed(article: Article, exc: Exception) -> None:
        failed_ids.add(id(article))
        source, _, line = (article.origin or article.id).rpartition(":")
        rejects.append(Reject(source=source if line.isdigit() else (article.origin or article.id),
                              line=int(line) if line.isdigit() else None, id=article.id,
                              reason=f"coding failed: {type(exc).__name__}: {exc}"))

    rows = TableRows()
    for coded in coder.code_articles(articles(), on_error=failed):
        article = pending.popleft()
        while id(article) in failed_ids:  # articles whose coding failed are never yielded
            article = pending.popleft()
        rows.add(article, coded, spec.id)
    write_partition(Path(out), spec.id, rows, rejects)
    return PartitionResult(
        id=spec.id, articles=len(rows.tables["articles"]), events=len(rows.tables["events"]),
        quotes=len(rows.tables["quotes"]), casualties=len(rows.tables["casualties"]),
        rejects=[{k: v for k, v in r.to_dict().items() if k != "raw"} for r in rejects],
        seconds=time.perf_counter() - started, worker_pid=os.getpid(), peak_mb=peak_memory_mb(),
        cpu_seconds=time.process_time() - cpu_started)


def peak_memory_mb() -> float:
    import resource

    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


# -- the Parquet tables ---------------------------------------------------------------------------
@lru_cache(maxsize=1)
def table_schemas() -> dict[str, Any]:
    import pyarrow as pa

    strings = pa.list_(pa.string())
    return {
        "articles": pa.schema([
            ("id", pa.string()), ("partition", pa.string()), ("origin", pa.string()),
            ("published", pa.date32()), ("language", pa.string()), ("title", pa.string()),
            ("url", pa.string()), ("source", pa.string()), ("dateline", pa.string()),
            ("coder", pa.string()), ("chars", pa.int32()), ("n_events", pa.int32()),
            ("n_quotes", pa.int32()), ("n_casualties", pa.int32()),
            ("article_json", pa.string()), ("coded_json", pa.string()),
        ]),
        "events": pa.schema([
            ("article_id", pa.string()), ("idx", pa.int32()), ("published", pa.date32()),
            ("type", pa.string()), ("mode", pa.string()), ("certainty", pa.string()),
            ("date", pa.string()), ("date_text", pa.string()),
            ("actor_codes", strings), ("actor_sectors", strings), ("actor_names", strings),
            ("recipient_codes", strings), ("recipient_sectors", strings), ("recipient_names", strings),
            ("location_name", pa.string()), ("location_country", pa.string()),
            ("lat", pa.float64()), ("lon", pa.float64()), ("geonameid", pa.int64()),
            ("dead", pa.int32()), ("injured", pa.int32()), ("arrested", pa.int32()),
            ("cameo", pa.string()), ("intensity", pa.float64()),
            ("evidence", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("rule", pa.string()),
        ]),
        "quotes": pa.schema([
            ("article_id", pa.string()), ("idx", pa.int32()), ("published", pa.date32()),
            ("text", pa.string()), ("cue", pa.string()), ("speaker_name", pa.string()),
            ("speaker_code", pa.string()), ("speaker_sector", pa.string()),
            ("start", pa.int32()), ("end", pa.int32()),
        ]),
        "casualties": pa.schema([
            ("article_id", pa.string()), ("idx", pa.int32()), ("published", pa.date32()),
            ("count", pa.int64()), ("qualifier", pa.string()), ("kind", pa.string()),
            ("victims", pa.string()), ("country", pa.string()), ("date", pa.string()),
            ("evidence", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
        ]),
    }


class TableRows:
    """The rows of one partition, table by table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def add(self, article: Article, coded: CodedArticle, partition: str) -> None:
        published = coded.published
        self.tables["articles"].append({
            "id": coded.id, "partition": partition, "origin": article.origin, "published": published,
            "language": coded.language, "title": coded.title, "url": coded.url, "source": coded.source,
            "dateline": coded.dateline, "coder": coded.coder, "chars": len(article.text),
            "n_events": len(coded.events), "n_quotes": len(coded.quotes), "n_casualties": len(coded.casualties),
            "article_json": json.dumps(article.to_dict(), ensure_ascii=False),
            "coded_json": json.dumps(coded.to_dict(), ensure_ascii=False),
        })
        for i, event in enumerate(coded.events):
            location = event.location
            self.tables["events"].append({
                "article_id": coded.id, "idx": i, "published": published, "type": event.type,
                "mode": event.mode, "certainty": event.certainty, "date": event.date, "date_text": event.date_text,
                "actor_codes": [a.code for a in event.actor], "actor_sectors": [a.sector for a in event.actor],
                "actor_names": [a.name or a.text for a in event.actor],
                "recipient_codes": [a.code for a in event.recipient],
                "recipient_sectors": [a.sector for a in event.recipient],
                "recipient_names": [a.name or a.text for a in event.recipient],
                "location_name": location.name if location else None,
                "location_country": location.country if location else None,
                "lat": location.lat if location else None, "lon": location.lon if location else None,
                "geonameid": location.geonameid if location else None,
                "dead": _int32_or_none(event.dead), "injured": _int32_or_none(event.injured),
                "arrested": _int32_or_none(event.arrested), "cameo": event.cameo, "intensity": event.intensity,
                "evidence": event.evidence, "start": event.start, "end": event.end, "rule": event.rule,
            })
        for i, quote in enumerate(coded.quotes):
            speaker = quote.speaker
            self.tables["quotes"].append({
                "article_id": coded.id, "idx": i, "published": published, "text": quote.text, "cue": quote.cue,
                "speaker_name": speaker.name if speaker else None, "speaker_code": speaker.code if speaker else None,
                "speaker_sector": speaker.sector if speaker else None, "start": quote.start, "end": quote.end,
            })
        for i, casualty in enumerate(coded.casualties):
            if _int32_or_none(casualty.count) is None:
                continue  # "10^400 morts" from hostile text would fail the whole partition's write
            self.tables["casualties"].append({
                "article_id": coded.id, "idx": i, "published": published, "count": casualty.count,
                "qualifier": casualty.qualifier, "kind": casualty.kind, "victims": casualty.victims,
                "country": casualty.country, "date": casualty.date, "evidence": casualty.evidence,
                "start": casualty.start, "end": casualty.end,
            })


def _int32_or_none(count: int | None) -> int | None:
    """A count that fits the Parquet columns (int32; the store's INTEGER), else None."""
    return count if count is None or 0 <= count <= 2**31 - 1 else None


def _replace_atomically(final: Path, write: Callable[[Path], None]) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    temporary = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    try:
        write(temporary)
        os.replace(temporary, final)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_partition(out: Path, partition: str, rows: TableRows, rejects: list[Reject]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schemas = table_schemas()
    for table in TABLES:
        arrow = pa.Table.from_pylist(rows.tables[table], schema=schemas[table])
        _replace_atomically(out / table / f"part-{partition}.parquet",
                            lambda path, arrow=arrow: pq.write_table(arrow, path, compression="zstd"))
    reject_path = out / REJECT_DIR / f"part-{partition}.jsonl"
    if rejects:
        lines = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in rejects)
        _replace_atomically(reject_path, lambda path: path.write_text(lines, encoding="utf-8"))
    elif reject_path.exists():
        reject_path.unlink()  # left by a killed run of the same partition
    marker = {"id": partition, "articles": len(rows.tables["articles"]), "rejects": len(rejects),
              **{table: len(rows.tables[table]) for table in TABLES[1:]}}
    _replace_atomically(out / MARKER_DIR / f"{partition}.json",
                        lambda path: path.write_text(json.dumps(marker), encoding="utf-8"))


# -- the driver -----------------------------------------------------------------------------------
@dataclass(slots=True)
class BackfillSummary:
    partitions: int = 0
    skipped: int = 0
    coded_partitions: int = 0
    failed_partitions: list[str] = field(default_factory=list)
    articles: int = 0
    events: int = 0
    rejects: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"partitions": self.partitions, "skipped": self.skipped, "coded_partitions": self.coded_partitions,
                "failed_partitions": self.failed_partitions, "articles": self.articles, "events": self.events,
                "rejects": self.rejects, "seconds": round(self.seconds, 2)}


class BackfillProgress:
    """Progress on stderr: one rewritten line on a terminal, one line per partition otherwise."""

    def __init__(self, total: int, skipped: int, stream=None, enabled: bool = True):
        self.total, self.skipped = total, skipped
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.done = 0
        self.articles = 0
        self.started = time.monotonic()

    def update(self, result: PartitionResult | None, name: str) -> None:
        self.done += 1
        if result is not None:
            self.articles += result.articles
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        line = (f"backfill: {self.done + self.skipped}/{self.total} partitions, {self.articles} articles"
                f" ({self.articles / elapsed:.1f}/s)")
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(f"{line} [{name}]\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty and self.done:
            self.stream.write("\n")


def _local_cluster(workers: int):
    from distributed import LocalCluster

    # Workers are separate processes (spaCy holds the GIL); one thread each; no BLAS oversubscription.
    os.environ["OMP_NUM_THREADS"] = "1"
    import dask

    with dask.config.set({"distributed.nanny.pre-spawn-environ.OMP_NUM_THREADS": 1}):
        # No dashboard, and its HTTP server on a free port: 8787 clashes between users of one machine.
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                            silence_logs=logging.ERROR)


def run_backfill(inputs: Sequence[str], out: Path, engine: str = "dask", scheduler: str | None = None,
                 workers: int | None = None, partition_size: int = DEFAULT_PARTITION_SIZE,
                 options: BackfillOptions = BackfillOptions(),
                 on_reject: Callable[[dict[str, Any]], None] | None = None,
                 on_partition: Callable[[PartitionResult], None] | None = None,
                 progress: bool = True) -> BackfillSummary:
    """Plan, skip finished partitions, code the others, and report as partitions finish."""
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    specs, missing = plan_partitions(inputs, partition_size)
    summary = BackfillSummary(partitions=len(specs))
    report = on_reject or (lambda reject: None)
    if missing:
        lines = "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in missing)
        _replace_atomically(out / REJECT_DIR / "part-inputs.jsonl", lambda path: path.write_text(lines, encoding="utf-8"))
        for reject in missing:
            report(reject.to_dict())
        summary.rejects += len(missing)
    finished = finished_partitions(out)
    todo = [s for s in specs if s.id not in finished]
    summary.skipped = len(specs) - len(todo)
    bar = BackfillProgress(len(specs), summary.skipped, enabled=progress)

    def record(result: PartitionResult) -> None:
        summary.coded_partitions += 1
        summary.articles += result.articles
        summary.events += result.events
        summary.rejects += len(result.rejects)
        for reject in result.rejects:
            report(reject)
        if on_partition is not None:
            on_partition(result)
        bar.update(result, result.id)

    def failure(spec: PartitionSpec, exc: BaseException) -> None:
        summary.failed_partitions.append(spec.id)
        log.error("%s: partition %s failed: %s: %s", spec.describe(), spec.id, type(exc).__name__, exc)
        bar.update(None, spec.id)

    try:
        if not todo:
            pass
        elif engine == "local":
            for spec in todo:
                try:
                    record(code_partition(spec, str(out), options))
                except Exception as exc:  # noqa: BLE001 - one broken partition must not end the run
                    failure(spec, exc)
        elif engine == "dask":
            _run_on_dask(todo, out, options, scheduler, workers, record, failure)
        else:
            raise ValueError(f"unknown engine {engine!r} (dask or local)")
    finally:
        bar.close()
    summary.seconds = time.monotonic() - started
    return summary


def _run_on_dask(todo: list[PartitionSpec], out: Path, options: BackfillOptions, scheduler: str | None,
                 workers: int | None, record: Callable[[PartitionResult], None],
                 failure: Callable[[PartitionSpec, BaseException], None]) -> None:
    from distributed import Client, as_completed

    # distributed logs every worker start and stop at INFO; the progress lines say what matters.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = _local_cluster(workers or max(1, (os.cpu_count() or 1)))
        client = Client(cluster)
    try:
        by_key = {}
        futures = []
        for spec in todo:
            # A key per partition: resubmitting a partition (another driver) does not code it twice.
            future = client.submit(code_partition, spec, str(out), options, key=f"veille-backfill-{spec.id}",
                                   pure=False, retries=1)
            by_key[future.key] = spec
            futures.append(future)
        for future in as_completed(futures):
            spec = by_key[future.key]
            try:
                record(future.result())
            except Exception as exc:  # noqa: BLE001 - reported, the others go on
                failure(spec, exc)
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# -- loading a dataset into the store -------------------------------------------------------------
def iter_dataset(out: Path, batch_size: int = 256) -> Iterator[list[tuple[Article, CodedArticle]]]:
    """The (Article, CodedArticle) pairs of a backfill dataset, in batches, part by part."""
    import pyarrow.parquet as pq

    for part in sorted((out / "articles").glob("part-*.parquet")):
        parquet = pq.ParquetFile(part)
        for batch in parquet.iter_batches(batch_size=batch_size, columns=["article_json", "coded_json"]):
            columns = batch.to_pydict()
            yield [(Article.from_dict(json.loads(a)), CodedArticle.from_dict(json.loads(c)))
                   for a, c in zip(columns["article_json"], columns["coded_json"])]


def load_dataset(out: Path, upsert: Callable[[list[tuple[Article, CodedArticle]]], Any],
                 batch_size: int = 256) -> dict[str, int]:
    """Feed a dataset to a store's upsert (idempotent: a second load leaves everything unchanged)."""
    totals = {"read": 0, "inserted": 0, "replaced": 0, "unchanged": 0}
    for batch in iter_dataset(out, batch_size):
        result = upsert(batch)
        counts = result.to_dict() if hasattr(result, "to_dict") else dict(result or {})
        totals["read"] += len(batch)
        for key in ("inserted", "replaced", "unchanged"):
            totals[key] += int(counts.get(key, 0))
    return totals

