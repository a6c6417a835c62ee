"""Click command `watch` (registered on `veille.cli:main` by the CLI)."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path

import click


def default_alerts_path(db: str) -> Path:
    """Where alerts go unless SOURCES.yaml or --alerts-out says otherwise: beside the database,
    where the server (which knows the database path) finds them for the dashboard."""
    return Path(f"{db}.alerts.jsonl")


@click.command("watch")
@click.argument("sources", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", envvar="VEILLE_DB", default="veille.duckdb", show_default=True,
              help="DuckDB file (env VEILLE_DB); a `veille serve` announced beside it is posted to instead.")
@click.option("--server", default=None, help="URL of a running `veille serve` to post to (token: VEILLE_TOKEN).")
@click.option("--once", is_flag=True, help="Poll every source once, then exit (for cron).")
@click.option("--alerts-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON Lines file for alerts (default: `alerts_out` in SOURCES, else DB.alerts.jsonl).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="State file (default: `state` in SOURCES, else SOURCES.state.sqlite beside it).")
@click.option("-v", "--verbose", is_flag=True, help="Log every poll.")
def watch(sources: Path, db: str, server: str | None, once: bool, alerts_out: Path | None,
          state_path: Path | None, verbose: bool) -> None:
    """Poll the RSS/Atom feeds and folders of SOURCES (YAML), code and store new items, raise alerts.

    Each item is fetched once (by URL and content hash, remembered in the state file across
    restarts). A failing source is logged and retried with exponential back-off.
    """
    from veille.cli import setup_logging
    from veille.serve.commands import sink_for
    from veille.watch.config import ConfigError, load_sources
    from veille.watch.watcher import Watcher

    setup_logging()
    logging.getLogger("veille.watch").setLevel(logging.INFO if verbose or not once else logging.WARNING)
    try:
        config = load_sources(sources)
        if state_path is not None:
            config.state_path = state_path
        if alerts_out is None and config.alerts_out is None:
            alerts_out = default_alerts_path(db)
        sink = sink_for(db, server)
        watcher = Watcher(config, sink=sink.upsert, alerts_out=alerts_out)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        if once:
            report = watcher.run_once()
            for alert in report.alerts:
                click.echo(f"alert {alert.rule}: {alert.country or ''} {alert.title or ''}".rstrip(), err=True)
            click.echo(f"watch: {report.summary()}", err=True)
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        click.echo(f"watch: {len(config.sources)} sources → {sink.where}; Ctrl-C to stop", err=True)
        watcher.run_forever(stop)
    finally:
        watcher.close()
        sink.close()
