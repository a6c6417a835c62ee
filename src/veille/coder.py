"""The Python API: one object that loads the pipeline once and codes articles.

    from veille import Coder
    coder = Coder()
    coded = coder.code_text("Kiev accuse Moscou de masser des troupes.", published="2021-04-06")
    for coded in coder.code_articles(articles): ...

`code_articles` is the function the CLI, the store and the Dask backfill all map over articles.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from veille import __version__
from veille.extract.context import DocContext
from veille.records import Article, CodedArticle, Entity
from veille.resources import load_resources

# Longest text coded (a wire dispatch is ~3,000 characters; spaCy's own limit is 1,000,000 and
# its memory grows with the text). Longer ones fail with a clear error; ingest rejects them first.
MAX_CHARS = 200_000


# Longest the extractors may spend on one article (a normal dispatch takes ~50 ms). Past it the
# article fails with ArticleTimedOut and the batch goes on: hostile or pathological text (a
# quadratic rule on a 200,000-character article) must not stall a batch for hours.
DEFAULT_TIME_LIMIT = 60.0


class ArticleTooLong(ValueError):
    pass


class ArticleTimedOut(TimeoutError):
    pass


def _timed_out(seconds: float) -> ArticleTimedOut:
    return ArticleTimedOut(f"extraction took longer than {seconds:g} s (a runaway rule on this text?)")


@contextmanager
def _time_limit(seconds: float | None):
    """Raise ArticleTimedOut in the block after `seconds`.

    On the main thread a SIGALRM timer raises it. Signals reach only the main thread, so in a
    worker thread (a Dask worker, a web server's executor) a watchdog timer raises it in the
    thread asynchronously instead; like the signal, that interrupts Python code (every extractor),
    not one long call into C.
    """
    if not seconds:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def expire(signum, frame):
            raise _timed_out(seconds)

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return
    with _watchdog(seconds):
        yield


@contextmanager
def _watchdog(seconds: float):
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:  # never fire once the block has left: the exception would land elsewhere
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(target),
                                                           ctypes.py_object(ArticleTimedOut))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        try:
            yield
        finally:
            timer.cancel()
            with lock:
                state["done"] = True
    except ArticleTimedOut as exc:
        # An asynchronous exception carries no message: give it one.
        if state["fired"] and not exc.args:
            raise _timed_out(seconds) from None
        raise


_TOO_LONG = object()  # stands for the Doc of an article too long to parse


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass
class CoderOptions:
    workers: int = 1
    batch_size: int = 16
    actors_paths: Sequence[Path] = ()
    places_paths: Sequence[Path] = ()


def _stages() -> list[tuple[str, Callable[[DocContext], list]]]:
    # Imported here so that `import veille` stays light (no spaCy until coding starts).
    from veille.extract.casualties import extract_casualties
    from veille.extract.events import extract_events
    from veille.extract.mentions import extract_mentions
    from veille.extract.places import extract_places
    from veille.extract.quotes import extract_quotes
    from veille.extract.story_recipients import complete_recipients
    from veille.extract.timexes import extract_timexes

    return [
        ("timexes", extract_timexes),
        ("mentions", extract_mentions),
        ("places", extract_places),
        ("quotes", extract_quotes),
        ("events", extract_events),
        ("events", complete_recipients),
        ("casualties", extract_casualties),
    ]


def coder_version() -> str:
    return f"veille {__version__} (resources {load_resources().digest})"


def entities_of(ctx: DocContext) -> list[Entity]:
    """Named mentions (not pronouns or agent phrases) as the output's `entities`."""
    return [
        Entity(text=m.text, label=m.label, start=m.start, end=m.end, code=m.code, sector=m.sector)
        for m in ctx.mentions
        if m.label in ("PER", "ORG", "LOC", "GPE", "MISC")
    ]


class Coder:
    """Loads spaCy, the resources, the actor dictionary and the gazetteer once; codes articles."""

    def __init__(self, workers: int = 1, batch_size: int = 16,
                 actors_paths: Sequence[Path] = (), places_paths: Sequence[Path] = (),
                 actors=None, gazetteer=None, time_limit: float | None = DEFAULT_TIME_LIMIT):
        from veille.nlp import load_pipeline
        from veille.resolve.actors import load_actor_lookup
        from veille.resolve.places import load_gazetteer

        self.options = CoderOptions(workers, batch_size, actors_paths, places_paths)
        self.resources = load_resources()
        self.nlp = load_pipeline()
        self.actors = actors if actors is not None else load_actor_lookup(actors_paths)
        self.gazetteer = gazetteer if gazetteer is not None else load_gazetteer(places_paths)
        self.stages = _stages()
        self.version = coder_version()
        self.time_limit = time_limit

    # -- public API -----------------------------------------------------------------------
    def code_text(self, text: str, published: str | date | None = None, id: str = "text",
                  title: str = "") -> CodedArticle:
        from veille.ingest import make_article

        article = make_article(id=id, text=text, title=title, published=published)
        return next(self.code_articles([article]))

    def code_articles(self, articles: Iterable[Article],
                      on_error: Callable[[Article, Exception], None] | None = None) -> Iterator[CodedArticle]:
        """Code articles in input order; non-French ones pass through uncoded.

        With `on_error`, an article whose coding fails is handed to it and the batch goes on;
        without, the exception propagates.
        """
        for article, doc in self._parse(articles):
            try:
                coded = self.code_doc(article, doc)
            except Exception as exc:  # noqa: BLE001 - one bad article must not end a batch
                if on_error is None:
                    raise
                on_error(article, exc)
                continue
            yield coded

    def code_doc(self, article: Article, doc) -> CodedArticle:
        coded = CodedArticle(id=article.id, published=article.published, language=article.language,
                             title=article.title, coder=self.version, url=article.url,
                             source=article.source, dateline=article.dateline)
        if doc is None:
            return coded
        if doc is _TOO_LONG:
            raise ArticleTooLong(f"text of {len(article.text):,} characters is longer than the "
                                 f"{MAX_CHARS:,} veille codes")
        ctx = DocContext(article=article, doc=doc, resources=self.resources,
                         actors=self.actors, gazetteer=self.gazetteer)
        with _time_limit(self.time_limit):
            for name, stage in self.stages:
                setattr(ctx, name, stage(ctx))
        coded.events, coded.quotes, coded.casualties = ctx.events, ctx.quotes, ctx.casualties
        coded.timexes, coded.places, coded.entities = ctx.timexes, ctx.places, entities_of(ctx)
        return coded

    # -- parsing --------------------------------------------------------------------------
    def _parse(self, articles: Iterable[Article]) -> Iterator[tuple[Article, object]]:
        """(article, Doc) pairs in input order; Doc is None for articles not in French."""
        pending: list[Article] = []

        def parsed(article: Article) -> bool:
            return article.language == "fr" and bool(article.text.strip()) and len(article.text) <= MAX_CHARS

        def texts() -> Iterator[str]:
            for article in articles:
                pending.append(article)
                if parsed(article):
                    yield article.text

        def unparsed(article: Article):
            return _TOO_LONG if len(article.text) > MAX_CHARS else None

        docs = self.nlp.pipe(texts(), batch_size=self.options.batch_size,
                             n_process=self.options.workers)
        for doc in docs:
            # Flush the unparsed articles that came before this Doc's article.
            while pending and not parsed(pending[0]):
                article = pending.pop(0)
                yield article, unparsed(article)
            yield pending.pop(0), doc
        while pending:
            article = pending.pop(0)
            yield article, unparsed(article)
