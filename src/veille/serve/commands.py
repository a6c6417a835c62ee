"""Click commands `ingest`, `serve` and `export` (registered on `veille.cli:main` by the CLI).

One process owns the DuckDB file. `veille serve` announces itself beside the database
(`<db>.server.json`); `veille ingest` and `veille export` then talk to it over HTTP instead of
opening the file (or to `--server URL`).
"""

from __future__ import annotations

import gzip
import io
import ipaddress
import json
import os
import secrets
import signal
import sys
from collections import deque
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import click

from veille.cli_options import EXIT_REJECTED
from veille.records import Article, CodedArticle, Reject

DEFAULT_BATCH = 128
# uvicorn closes an idle keep-alive connection after 5 s by default; while an ingest's upsert holds
# the server busy, that timer can fire just as a reader's next request arrives on the connection,
# which the reader sees as a reset (ReadError). A longer timeout leaves no such window under load.
KEEP_ALIVE_SECONDS = 75


# -- destinations of coded articles -----------------------------------------------------------
class StoreSink:
    """Writes straight into the database file (no server running)."""

    def __init__(self, db: str):
        self.store = _open_or_explain(db)
        self.where = db

    def stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        return self.store.stored_hashes(ids)

    def upsert(self, items: list[tuple[Article, CodedArticle]]) -> dict[str, int]:
        return self.store.upsert(items).to_dict()

    def counts(self) -> dict[str, int]:
        return self.store.counts()

    def close(self) -> None:
        self.store.close()


class ServerSink:
    """Posts coded articles to the server that owns the database."""

    def __init__(self, url: str, token: str | None):
        import httpx

        if not token:
            raise click.UsageError("a server owns the database: set VEILLE_TOKEN to the server's token")
        self.where = url
        self.client = httpx.Client(base_url=url.rstrip("/"), timeout=120.0,
                                   headers={"Authorization": f"Bearer {token}"})

    def stored_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        response = self.client.post("/api/articles/hashes", json={"ids": list(ids)})
        response.raise_for_status()
        return response.json()["hashes"]

    def upsert(self, items: list[tuple[Article, CodedArticle]]) -> dict[str, int]:
        from veille.serve.transfer import article_payload

        response = self.client.post("/api/articles", json=article_payload(items))
        if response.status_code == 413 and len(items) > 1:
            # Over the server's body limit: send the batch in two halves (each its own transaction).
            half = len(items) // 2
            totals = self.upsert(items[:half])
            for key, value in self.upsert(items[half:]).items():
                totals[key] += value
            return totals
        if response.status_code != 200:
            raise click.ClickException(f"{self.where}: {response.status_code} {response.text[:300]}")
        return {k: response.json()[k] for k in ("inserted", "replaced", "unchanged")}

    def counts(self) -> dict[str, int]:
        return self.client.get("/api/health").json()["counts"]

    def close(self) -> None:
        self.client.close()


def _open_or_explain(db: str, read_only: bool = False):
    import duckdb

    from veille.store import open_store

    try:
        return open_store(db, read_only=read_only)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise click.ClickException(
                f"{db} is held by another process (a `veille serve`?); pass --server URL to go through it") from None
        raise


def sink_for(db: str, server: str | None):
    """Where coded articles go: the server given or announced beside --db, else the DuckDB file."""
    from veille.serve.transfer import running_server

    if server:
        return ServerSink(server, os.environ.get("VEILLE_TOKEN"))
    announced = running_server(db)
    if announced:
        return ServerSink(announced["url"], os.environ.get("VEILLE_TOKEN") or announced.get("token"))
    return StoreSink(db)


# -- reading inputs ---------------------------------------------------------------------------
def read_coded(paths: Sequence[str]) -> Iterator[tuple[Article, CodedArticle] | Reject]:
    """JSON Lines of already coded articles that carry their `text` (hand-coded gold files, or a
    CodedArticle dict with the article's text added)."""
    from veille.ingest import make_article

    for path in paths:
        opener = gzip.open if path.endswith(".gz") else open
        stream = sys.stdin if path == "-" else opener(path, "rt", encoding="utf-8")
        with (io.nullcontext(stream) if path == "-" else stream) as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    if not isinstance(data.get("text"), str) or not data.get("id"):
                        raise ValueError("a coded line needs 'id' and 'text'")
                    article = make_article(id=str(data["id"]), text=data["text"], title=data.get("title") or "",
                                           published=data.get("published"), url=data.get("url"),
                                           source=data.get("source"))
                    coded = CodedArticle.from_dict(_normalise_coded(data, article))
                except (ValueError, TypeError, KeyError, AttributeError) as error:
                    yield Reject(source=path, line=number, reason=f"not a coded article: {error}")
                    continue
                yield article, coded


def _normalise_coded(data: dict[str, Any], article: Article) -> dict[str, Any]:
    """Fill what hand-coded (gold) records leave out: offsets, rules, speaker objects."""
    text = article.text

    def locate(record: dict[str, Any], field: str) -> None:
        if record.get("start") is None or record.get("end") is None:
            found = text.find(record.get(field) or "\x00") if record.get(field) else -1
            record["start"], record["end"] = (found, found + len(record[field])) if found >= 0 else (0, 0)

    data = dict(data)
    data.setdefault("coder", "hand-coded")
    data.setdefault("language", article.language)
    data["published"] = article.published.isoformat() if article.published else None
    data["events"] = [dict(e) for e in data.get("events") or []]
    for event in data["events"]:
        locate(event, "evidence")
        event.setdefault("rule", "hand-coded")
        event.setdefault("date", None)
        event.setdefault("date_text", None)
        event.setdefault("mode", None)
        event.setdefault("location", None)
        event.setdefault("evidence", "")
    data["quotes"] = [dict(q) for q in data.get("quotes") or []]
    for quote in data["quotes"]:
        locate(quote, "text")
        quote.setdefault("cue", None)
        if isinstance(quote.get("speaker"), str):
            quote["speaker"] = {"name": quote["speaker"], "code": quote.get("speaker_code")}
        quote.setdefault("speaker", None)
    data["casualties"] = [dict(c) for c in data.get("casualties") or []]
    for casualty in data["casualties"]:
        locate(casualty, "evidence")
        for name in ("victims", "country", "date"):
            casualty.setdefault(name, None)
        casualty.setdefault("evidence", "")
    return data


def _report_rejects(rejects: list[Reject], db: str) -> None:
    if not rejects:
        return
    with open(f"{db}.rejects.jsonl", "a", encoding="utf-8") as out:
        for reject in rejects:
            click.echo(f"{reject.location()}: {reject.reason}", err=True)
            out.write(json.dumps(reject.to_dict(), ensure_ascii=False) + "\n")


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- ingest -----------------------------------------------------------------------------------
@click.command("ingest")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", envvar="VEILLE_DB", default="veille.duckdb", show_default=True,
              help="DuckDB file (env VEILLE_DB)")
@click.option("--server", default=None, help="URL of a running `veille serve` to post to (found automatically"
              " when it serves --db)")
@click.option("--coded", is_flag=True, help="INPUTs are JSON Lines of already coded articles that carry their"
              " `text` (e.g. the annotated gold files): store them without coding")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Publication date for inputs that have none")
@click.option("--workers", type=int, default=1, show_default=True, help="Coding processes")
@click.option("--batch-size", type=int, default=DEFAULT_BATCH, show_default=True,
              help="Articles per transaction")
@click.option("--recode", is_flag=True, help="Code articles even when stored with the same text (after a"
              " coder or resources update: records made by another coder version are replaced)")
def ingest_command(inputs: tuple[str, ...], db: str, server: str | None, coded: bool, published,
                   workers: int, batch_size: int, recode: bool) -> None:
    """Code INPUT files (JSON Lines, text, HTML, RSS, folders, - for stdin) and store them.

    Articles already stored with the same content are skipped; a changed text replaces the old
    records. Each batch is one transaction: a killed run resumes where it stopped.
    """
    try:
        _ingest(inputs, db, server, coded, published, workers, batch_size, recode)
    except click.ClickException:
        raise
    except (duckdb_error(), OSError) as exc:
        # A full disk, a read-only file or directory: say which store and why, without a traceback;
        # each batch is one transaction, so what was stored before stays whole.
        raise click.ClickException(f"ingest into {db} failed: {exc}") from exc
    except httpx_error() as exc:
        raise click.ClickException(f"lost the server while ingesting into {db}: {exc}"
                                   " (run the same command again: stored articles are skipped)") from exc


def duckdb_error() -> type[Exception]:
    import duckdb

    return duckdb.Error


def httpx_error() -> type[Exception]:
    import httpx

    return httpx.HTTPError


def _ingest(inputs: tuple[str, ...], db: str, server: str | None, coded: bool, published,
            workers: int, batch_size: int, recode: bool) -> None:
    sink = sink_for(db, server)
    totals = {"inserted": 0, "replaced": 0, "unchanged": 0}
    rejects: list[Reject] = []
    read = 0
    try:
        if coded:
            pairs = read_coded(list(inputs))
            for batch in _batches(pairs, batch_size):
                good = [p for p in batch if not isinstance(p, Reject)]
                rejects += [p for p in batch if isinstance(p, Reject)]
                read += len(good)
                _add(totals, sink.upsert(good) if good else {})
        else:
            from veille.ingest import read_inputs

            day = published.date() if published else None
            articles = _split_rejects(read_inputs(list(inputs), published=day), rejects)
            skipped = {"count": 0}
            fresh = articles if recode else _fresh_articles(articles, sink, batch_size, skipped)
            pending: deque[Article] = deque()
            for batch in _batches(_code(fresh, pending, workers, batch_size), batch_size):
                read += len(batch)
                _add(totals, sink.upsert(batch))
            read += skipped["count"]
            totals["unchanged"] += skipped["count"]
        counts = sink.counts()
    finally:
        sink.close()
    _report_rejects(rejects, db)
    click.echo(f"ingest → {sink.where}: {read} read, {totals['inserted']} inserted, {totals['replaced']} replaced,"
               f" {totals['unchanged']} unchanged, {len(rejects)} rejected; store holds "
               f"{counts['articles']} articles, {counts['events']} events", err=True)
    if rejects:
        sys.exit(EXIT_REJECTED)


def _add(totals: dict[str, int], result: dict[str, int]) -> None:
    for key in totals:
        totals[key] += result.get(key, 0)


def _split_rejects(items: Iterable[Article | Reject], rejects: list[Reject]) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            yield item


def _fresh_articles(articles: Iterable[Article], sink, batch_size: int, skipped: dict[str, int]) -> Iterator[Article]:
    """Articles not already stored with the same content (so a resumed run codes only the rest)."""
    from veille.store import content_hash

    for batch in _batches(articles, batch_size):
        stored = sink.stored_hashes([a.id for a in batch])
        for article in batch:
            if stored.get(article.id) == content_hash(article):
                skipped["count"] += 1
            else:
                yield article


def _code(articles: Iterable[Article], pending: deque[Article], workers: int,
          batch_size: int) -> Iterator[tuple[Article, CodedArticle]]:
    import itertools

    from veille import Coder

    articles = iter(articles)
    first = next(articles, None)
    if first is None:  # nothing new: do not load the pipeline at all
        return
    articles = itertools.chain([first], articles)

    def remember(items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            pending.append(article)
            yield article

    coder = Coder(workers=workers, batch_size=min(batch_size, 32))
    # code_articles yields one CodedArticle per article, in input order.
    for coded in coder.code_articles(remember(articles)):
        yield pending.popleft(), coded


# -- serve ------------------------------------------------------------------------------------
@click.command("serve")
@click.option("--db", envvar="VEILLE_DB", default="veille.duckdb", show_default=True,
              help="DuckDB file (env VEILLE_DB)")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--watch", "watch_sources", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Also poll the feeds and folders of this SOURCES.yaml (see `veille watch`) in the server")
def serve_command(db: str, host: str, port: int, watch_sources: str | None) -> None:
    """Serve the dashboard and the API; while it runs, the server owns the database."""
    import uvicorn

    from veille.serve.app import create_app
    from veille.serve.settings import Settings
    from veille.serve.transfer import announce_server, withdraw_server

    settings = Settings.from_env()
    store = _open_or_explain(db)
    token = os.environ.get("VEILLE_TOKEN") or secrets.token_urlsafe(32)
    if not _is_loopback(host):
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    alerts_path = Path(f"{db}.alerts.jsonl")  # where `veille watch` writes its alerts by default
    background = None
    if watch_sources:
        from veille.watch.watcher import watch_in_background

        background = watch_in_background(watch_sources, sink=store.upsert, alerts_out=alerts_path)
    announce_server(db, f"http://{url_host}:{port}", token)
    # uvicorn re-raises the SIGTERM it caught once it has shut down; turn it into SystemExit so
    # that the `finally` below withdraws the announcement and closes the database cleanly.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        click.echo(f"veille: http://{url_host}:{port}/ (database {db})", err=True)
        uvicorn.run(create_app(store, settings, token=token, alerts_path=alerts_path), host=host, port=port,
                    workers=1, log_level="warning", timeout_keep_alive=KEEP_ALIVE_SECONDS)
    finally:
        withdraw_server(db)
        if background is not None:
            background.stop()
        store.close()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


# -- export -----------------------------------------------------------------------------------
@click.command("export")
@click.option("--format", "format_", type=click.Choice(["csv", "parquet", "plover", "gdelt"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True)
@click.option("--db", envvar="VEILLE_DB", default="veille.duckdb", show_default=True)
@click.option("--server", default=None, help="Read from a running server instead of the file")
@click.option("--country", default=None)
@click.option("--actor", default=None)
@click.option("--recipient", default=None)
@click.option("--type", "type_", default=None, help="PLOVER type(s), comma-separated")
@click.option("--certainty", default=None, help="certainty value(s), comma-separated")
@click.option("--date-from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--date-to", type=click.DateTime(["%Y-%m-%d"]), default=None)
@click.option("--text", default=None)
def export_command(format_: str, output: str, db: str, server: str | None, country, actor, recipient, type_,
                   certainty, date_from, date_to, text) -> None:
    """Export stored events as CSV, Parquet, PLOVER JSON Lines or GDELT-style TSV."""
    from veille.export import write_events
    from veille.serve.transfer import running_server
    from veille.store import EventFilter

    filters = EventFilter(country=country, actor=actor, recipient=recipient, type=type_, certainty=certainty,
                          date_from=date_from.date() if date_from else None,
                          date_to=date_to.date() if date_to else None, text=text)
    announced = running_server(db)
    url = server or (announced["url"] if announced else None)
    if url:
        count = write_events(_events_from_server(url, filters), format_, output)
    else:
        with _open_or_explain(db, read_only=True) as store:
            count = write_events(store.iter_events(filters), format_, output)
    click.echo(f"export: {count} events → {output} ({format_})", err=True)


def _events_from_server(url: str, filters) -> Iterator[dict[str, Any]]:
    import httpx

    from dataclasses import fields

    params = {f.name: getattr(filters, f.name) for f in fields(filters) if getattr(filters, f.name) is not None}
    params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
    offset, limit = 0, 1000
    with httpx.Client(base_url=url.rstrip("/"), timeout=60.0) as client:
        while True:
            response = client.get("/api/events", params={**params, "limit": limit, "offset": offset})
            response.raise_for_status()
            page = response.json()
            yield from page["items"]
            offset += len(page["items"])  # the server may cap the page below `limit`
            if not page["items"] or offset >= page["total"]:
                return


# The names `veille.cli` registers on its `main` group.
ingest, serve, export = ingest_command, serve_command, export_command
COMMANDS = (ingest_command, serve_command, export_command)

__all__ = ["COMMANDS", "export", "export_command", "ingest", "ingest_command", "read_coded", "serve",
           "serve_command"]
