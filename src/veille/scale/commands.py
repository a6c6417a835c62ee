"""Click commands `backfill` and `load` (registered on `veille.cli:main` by the CLI).

Dask, pyarrow and DuckDB are imported inside the commands so that `veille extract` starts fast.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from veille.cli_options import EXIT_REJECTED, published_date

EXIT_FAILED = 1


@click.command("backfill")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Dataset folder: OUT/<table>/part-*.parquet, OUT/rejects/, OUT/_partitions/.")
@click.option("--engine", type=click.Choice(["dask", "local"]), default="dask", show_default=True,
              help="dask: a Dask cluster (local processes unless --scheduler); local: this process only.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Address of a running Dask scheduler (tcp://host:8786); OUT must be reachable from its workers.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes of the local cluster (default: the machine's cores).")
@click.option("--partition-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Lines of JSON Lines (or files of other kinds) per partition.")
@click.option("--published", callback=published_date,
              help="Publication date YYYY-MM-DD for inputs that carry none.")
@click.option("--max-chars", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Reject texts longer than this many characters.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def backfill(inputs: tuple[str, ...], out: Path, engine: str, scheduler: str | None, workers: int | None,
             partition_size: int, published: date | None, max_chars: int, quiet: bool) -> None:
    """Code large archives (JSON Lines, .jsonl.gz, folders) into a Parquet dataset, partition by partition.

    Resumable: partitions finished by an earlier run of the same inputs into the same OUT are
    skipped. Rejected inputs are printed as FILE:LINE: reason and written to OUT/rejects/
    (exit status 3). Query the result with DuckDB: SELECT ... FROM 'OUT/events/*.parquet'.
    """
    import logging

    from veille.cli import setup_logging
    from veille.scale.backfill import BackfillOptions, run_backfill

    setup_logging()
    logging.getLogger("veille.scale").setLevel(logging.INFO if not quiet else logging.WARNING)
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if scheduler and workers:
        raise click.UsageError("give --scheduler or --workers, not both")

    def reject(record: dict) -> None:
        where = f"{record['source']}:{record['line']}" if record.get("line") is not None else record["source"]
        click.echo(f"{where}: {record['reason']}", err=True)

    options = BackfillOptions(published=published, max_chars=max_chars)
    summary = run_backfill(list(inputs), out, engine=engine, scheduler=scheduler, workers=workers,
                           partition_size=partition_size, options=options, on_reject=reject,
                           progress=not quiet)
    click.echo(f"backfill → {out}: {summary.partitions} partitions ({summary.skipped} already done,"
               f" {summary.coded_partitions} coded, {len(summary.failed_partitions)} failed),"
               f" {summary.articles} articles, {summary.events} events, {summary.rejects} rejected"
               f" in {summary.seconds:.1f} s", err=True)
    if summary.failed_partitions:
        click.echo("veille: failed partitions (re-run to retry): " + ", ".join(summary.failed_partitions), err=True)
        sys.exit(EXIT_FAILED)
    if summary.rejects:
        click.echo(f"veille: {summary.rejects} input(s) rejected (written to {out / 'rejects'})", err=True)
        sys.exit(EXIT_REJECTED)


@click.command("load")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--db", envvar="VEILLE_DB", default="veille.duckdb", show_default=True,
              help="DuckDB file (env VEILLE_DB).")
@click.option("--server", default=None,
              help="URL of a running `veille serve` to post to (found automatically when it serves --db).")
@click.option("--batch-size", type=click.IntRange(min=1), default=256, show_default=True,
              help="Articles per transaction.")
def load(dataset: Path, db: str, server: str | None, batch_size: int) -> None:
    """Load a backfill DATASET folder into the store (idempotent: reloading changes nothing)."""
    from veille.scale.backfill import finished_partitions, load_dataset

    if not (dataset / "articles").is_dir():
        raise click.UsageError(f"{dataset} is not a backfill dataset (no articles/ folder)")
    from veille.serve.commands import sink_for

    sink = sink_for(db, server)
    try:
        totals = load_dataset(dataset, sink.upsert, batch_size=batch_size)
        counts = sink.counts()
    finally:
        sink.close()
    click.echo(f"load {dataset} → {sink.where}: {totals['read']} read from {len(finished_partitions(dataset))}"
               f" partitions, {totals['inserted']} inserted, {totals['replaced']} replaced,"
               f" {totals['unchanged']} unchanged; store holds {counts.get('articles')} articles,"
               f" {counts.get('events')} events", err=True)


COMMANDS = (backfill, load)

__all__ = ["COMMANDS", "backfill", "load"]
