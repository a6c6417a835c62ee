"""The `veille` command line.

    veille extract INPUT... [-o OUT.jsonl] [--workers N] [--published YYYY-MM-DD]

Exit status: 0 when every input was coded, 3 when anything was rejected (each reject is printed
on standard error as `FILE:LINE: reason` and written to OUT.rejects.jsonl), 2 for a usage error.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import date
from pathlib import Path
from typing import IO, Iterable, Iterator

import click

from veille import __version__
from veille.cli_options import EXIT_REJECTED, published_date

def setup_logging() -> None:
    logging.basicConfig(stream=sys.stderr, format="%(message)s", level=logging.WARNING, force=True)


def rejects_path_for(out: Path) -> Path:
    """OUT.jsonl → OUT.rejects.jsonl, beside the output."""
    name = out.name[: -len(".jsonl")] if out.name.endswith(".jsonl") else out.name
    return out.with_name(f"{name}.rejects.jsonl")


class RejectLog:
    """Reports rejects on stderr (`FILE:LINE: reason`) and appends them to a JSON Lines file."""

    def __init__(self, path: Path | None, append: bool = False):
        self.path = path
        self.count = 0
        self._file: IO[str] | None = None
        if path is not None and not append and path.exists():
            path.unlink()  # a previous run's rejects would be mistaken for this run's
        self._append = append

    def add(self, reject) -> None:
        self.count += 1
        click.echo(f"{reject.location()}: {reject.reason}", err=True)
        if self.path is None:
            return
        if self._file is None:
            self._file = self.path.open("a", encoding="utf-8")
        self._file.write(json.dumps(reject.to_dict(), ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


class Progress:
    """A one-line counter on a terminal's stderr; silent when stderr is a file or a pipe."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.count = 0
        self.started = time.monotonic()

    def tick(self) -> None:
        self.count += 1
        if self.enabled and (self.count % 10 == 0):
            rate = self.count / max(time.monotonic() - self.started, 1e-9)
            click.echo(f"\rcoded {self.count} articles ({rate:.1f}/s)", err=True, nl=False)

    def done(self) -> None:
        if self.enabled and self.count >= 10:
            click.echo(f"\rcoded {self.count} articles in {time.monotonic() - self.started:.1f} s", err=True)


def done_ids(out: Path) -> set[str]:
    """Ids already written to OUT (for --resume); a torn last line from a crash is cut off."""
    if not out.exists():
        return set()
    ids: set[str] = set()
    good_bytes = 0
    with out.open("rb") as f:
        for line in f:
            try:
                ids.add(json.loads(line)["id"])
            except (ValueError, KeyError, TypeError):
                break
            good_bytes += len(line)
    with out.open("r+b") as f:
        f.truncate(good_bytes)
    return ids


def articles_only(items: Iterable, rejects: RejectLog, skip: set[str]) -> Iterator:
    from veille.records import Reject

    for item in items:
        if isinstance(item, Reject):
            rejects.add(item)
        elif item.id not in skip:
            yield item


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="veille")
def main() -> None:
    """veille: code French news dispatches into PLOVER events, quotes, casualties, dates and places."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write coded articles here (JSON Lines); default: standard output.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Parser processes (default: the machine's cores).")
@click.option("--published", callback=published_date,
              help="Publication date YYYY-MM-DD for inputs that carry none.")
@click.option("--actors", "actors_paths", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra actor dictionary file (YAML, same schema as the shipped one); repeatable.")
@click.option("--places", "places_paths", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra place alias file (YAML, same schema as the shipped one); repeatable.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Where rejected inputs go (default: OUT.rejects.jsonl beside -o).")
@click.option("--resume", is_flag=True, help="Keep the articles already in -o OUT and code only the others.")
@click.option("--max-chars", type=click.IntRange(min=1), default=200_000, show_default=True,
              help="Reject texts longer than this many characters.")
def extract(inputs: tuple[str, ...], output: Path | None, workers: int | None, published: date | None,
            actors_paths: tuple[Path, ...], places_paths: tuple[Path, ...], rejects_path: Path | None,
            resume: bool, max_chars: int) -> None:
    """Code INPUT files, folders or - (standard input) into one JSON object per article.

    Inputs: .jsonl / .jsonl.gz (fields id, text, title, published, url, source), .txt, .html,
    RSS/Atom feeds (.rss, .atom, .xml) and folders of these.
    """
    setup_logging()
    if resume and output is None:
        raise click.UsageError("--resume needs -o OUT")
    from veille.coder import Coder, default_workers
    from veille.ingest import read_inputs
    from veille.records import Reject
    from veille.resources import ResourceError

    if rejects_path is None and output is not None:
        rejects_path = rejects_path_for(output)
    rejects = RejectLog(rejects_path, append=resume)
    skip = done_ids(output) if resume and output is not None else set()
    try:
        coder = Coder(workers=workers or default_workers(), actors_paths=actors_paths, places_paths=places_paths)
    except ResourceError as exc:
        raise click.ClickException(str(exc)) from exc

    def failed(article, exc: Exception) -> None:
        rejects.add(Reject(source=(article.origin or article.id).rsplit(":", 1)[0],
                           line=_line_of(article.origin), id=article.id,
                           reason=f"coding failed: {type(exc).__name__}: {exc}"))

    sink = output.open("a" if resume else "w", encoding="utf-8") if output else sys.stdout
    progress = Progress(enabled=output is not None and sys.stderr.isatty())
    try:
        articles = articles_only(read_inputs(inputs, published=published, max_chars=max_chars), rejects, skip)
        for coded in coder.code_articles(articles, on_error=failed):
            sink.write(json.dumps(coded.to_dict(), ensure_ascii=False) + "\n")
            sink.flush()
            progress.tick()
    finally:
        progress.done()
        rejects.close()
        if output:
            sink.close()
    if rejects.count:
        where = f" (written to {rejects_path})" if rejects_path else ""
        click.echo(f"veille: {rejects.count} input(s) rejected{where}", err=True)
        sys.exit(EXIT_REJECTED)


def _line_of(origin: str | None) -> int | None:
    if origin and ":" in origin:
        tail = origin.rsplit(":", 1)[1]
        return int(tail) if tail.isdigit() else None
    return None


def _register_commands() -> None:
    """The store, server, scale and watch commands; their modules import nothing heavy until run."""
    from veille.scale.commands import backfill, load
    from veille.serve.commands import export, ingest, serve
    from veille.watch.commands import watch

    for command in (ingest, serve, export, backfill, load, watch):
        main.add_command(command)


_register_commands()


if __name__ == "__main__":
    main()
