"""Hostile text through every extractor (the whole Coder): arbitrary Unicode, control characters,
quotation marks by the thousand, markup, huge numbers, impossible dates, right-to-left scripts.

Properties: no crash, no hang (a generous per-article bound that only catches runaway loops;
speed is measured by `make bench`), every offset inside the text, `text[start:end]` equal to the
record's text (or evidence), and every coded article valid against the output contract
(`src/veille/contract.schema.json`)."""

from __future__ import annotations

import json
import time
from datetime import date
from functools import lru_cache
from importlib import resources as package_resources

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille import Coder
from veille.coder import DEFAULT_TIME_LIMIT, ArticleTimedOut
from veille.ingest import make_article
from veille.records import Article, CodedArticle

# Only to catch a hang (a runaway loop or a quadratic blow-up); never a speed measurement.
HANG_SECONDS = 90.0
PUBLISHED = date(2021, 4, 6)


@lru_cache(maxsize=1)
def contract_validator():
    import jsonschema

    schema = json.loads((package_resources.files("veille") / "contract.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def code_french(coder: Coder, text: str) -> CodedArticle:
    """Code `text` as French whatever it looks like, so that every extractor sees it."""
    article = Article(id="hostile", text=text, published=PUBLISHED, language="fr")
    started = time.monotonic()
    failures: list[Exception] = []
    coded = list(coder.code_articles([article], on_error=lambda a, exc: failures.append(exc)))
    elapsed = time.monotonic() - started
    if failures:
        raise failures[0]
    assert elapsed < HANG_SECONDS, f"{elapsed:.0f} s for {len(text):,} characters"
    assert len(coded) == 1
    return coded[0]


def assert_sound(text: str, coded: CodedArticle) -> None:
    """Offsets inside the text, spans quoting it exactly, the output contract respected."""
    for record in [*coded.timexes, *coded.places, *coded.entities, *coded.quotes]:
        assert 0 <= record.start <= record.end <= len(text), record
        assert text[record.start:record.end] == record.text, record
    for record in [*coded.events, *coded.casualties]:
        assert 0 <= record.start <= record.end <= len(text), record
        assert text[record.start:record.end] == record.evidence, record
    payload = coded.to_dict()
    line = json.dumps(payload, ensure_ascii=False)  # what `veille extract` writes must serialise
    errors = sorted(contract_validator().iter_errors(json.loads(line)), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


FRENCH = [
    "Le président a rencontré mardi à Paris le Premier ministre.",
    "« Nous ne céderons pas », a déclaré le porte-parole du gouvernement.",
    "Au moins 12 personnes ont été tuées et 30 blessées dans l'attaque de Kaboul.",
    "L'Otan Jens Stoltenberg a accusé Moscou de masser des troupes le 1er avril 2021.",
    "Selon lui, « l'armée a « volontairement » bombardé » la ville, a-t-il ajouté.",
    "Le 31 février, le 0 janvier et le 45 mars 2021, la police a arrêté 10^400 manifestants.",
]
HOSTILE = [
    "«", "»", "“", "”", '"', "‹", "›", "„", "« « «", "» » »", "'", "’",
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "</p><p>", "&amp;&lt;&#0;",
    "\u202e", "\u200f", "\u200b", "\ufeff", "\u2028", "\u2029", "\r\n", "\t", "\x0b", "\x1b[31m", "\x7f",
    "مرحبا بالعالم", "שלום עולם", "💥", "👩‍👩‍👧", "🇫🇷", "e\u0301\u0301\u0301",
    "1" + "0" * 400, "10^400", "-0", "1e999", "NaN", "99999999999999999999 morts",
    "le 31 février 2021", "le 30/02/2021", "en l'an 99999", "mardi mardi mardi", "hier demain",
    " ", ".", "…", "—", ":", ";", "?!", "(", ")", "[", "]",
]
pieces = st.one_of(st.sampled_from(FRENCH), st.sampled_from(HOSTILE),
                   st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
hostile_texts = st.lists(pieces, min_size=1, max_size=25).map(" ".join).filter(lambda t: t.strip())

# Keep these modest: the coder parses ~20 articles a second.
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@PROPERTY_SETTINGS
@given(text=hostile_texts)
def test_hostile_mixtures_of_french_and_garbage(coder, text):
    assert_sound(text, code_french(coder, text))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_arbitrary_unicode_including_control_characters(coder, text):
    assert_sound(text, code_french(coder, text))


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(depth=st.integers(1, 40), marks=st.sampled_from([("«", "»"), ("“", "”"), ('"', '"'), ("‹", "›")]),
       close=st.booleans())
def test_nested_and_unbalanced_quotation_marks(coder, depth, marks, close):
    opening, closing = marks
    text = ("Le ministre a déclaré " + f"{opening} non " * depth + "a-t-il dit"
            + (f" {closing}" * depth if close else "") + ", selon l'AFP.")
    assert_sound(text, code_french(coder, text))


@pytest.mark.parametrize("mark", ["«", '"'])
def test_ten_thousand_quotation_marks(coder, mark):
    text = "Le ministre a déclaré " + mark * 10_000 + " a-t-il ajouté mardi."
    assert_sound(text, code_french(coder, text))


@pytest.mark.parametrize("text", [
    "‏Le ministre ‎مرحبا‏ a déclaré mardi à Paris : « שלום », a-t-il dit.‎",
    "\u202eLe président a rencontré\u202c mardi le Premier ministre à Bamako.",
    "💥🔥 Au moins 12 morts 🇫🇷 à Paris mardi 😀, a déclaré 👩‍👩‍👧 le président.",
    '<script>alert("x")</script><img src=x onerror=alert(1)> Le président a « condamné » l\'attaque.',
    "Au moins 10^400 personnes ont été tuées, " + "1" + "0" * 400 + " blessés et 1e999 arrêtés.",
    "Le 31 février 2021, le 30/02/2021, le 0 janvier, le 99 mars et en l'an 99999 la police a arrêté 3 personnes.",
    "Le président\x01\x02\x1b[31m a déclaré\u200b\u2028\u2029 mardi\r\n\x0b\x0c que « tout va bien »\x7f.",
])
def test_named_hostile_inputs(coder, text):
    assert_sound(text, code_french(coder, text))


def test_huge_casualty_counts_still_fit_the_contract(coder):
    """A count of 10^400 is kept as an integer or dropped, but the line still serialises."""
    text = "Au moins " + "9" * 400 + " personnes ont été tuées lundi dans l'attaque."
    coded = code_french(coder, text)
    assert_sound(text, coded)


def test_a_large_article_is_coded_or_cut_off_in_bounded_time(coder):
    """~200,000 characters (the CLI's --max-chars) of mixed prose, markup and quotation marks: either
    coded soundly, or failed with ArticleTimedOut through on_error once the Coder's per-article
    time limit is spent; never a stalled batch. (The extractors' event dating is quadratic in the
    text length today, so at this size the limit is what bounds it.)"""
    unit = " ".join(FRENCH[:3] + ["<p>", "« « »", "\u202e", "💥"])
    text = (unit + "\n") * (190_000 // (len(unit) + 1))
    assert 150_000 < len(text) <= 200_000
    coder.time_limit = 15.0
    try:
        articles = [Article(id="big", text=text, published=PUBLISHED, language="fr"),
                    Article(id="after", text=FRENCH[0], published=PUBLISHED, language="fr")]
        failed: list[tuple[str, Exception]] = []
        started = time.monotonic()
        coded = list(coder.code_articles(articles, on_error=lambda a, exc: failed.append((a.id, exc))))
        assert time.monotonic() - started < HANG_SECONDS
    finally:
        coder.time_limit = DEFAULT_TIME_LIMIT
    assert coded[-1].id == "after"  # the batch went on
    if failed:
        assert [(i, type(e)) for i, e in failed] == [("big", ArticleTimedOut)]
    else:
        assert_sound(text, coded[0])


def test_a_runaway_stage_is_cut_off_and_the_batch_goes_on(coder):
    """Without the Coder's time limit this loops for ever."""
    def runaway(ctx):
        while True:
            pass

    stages, coder.stages = coder.stages, [*coder.stages[:2], ("places", runaway), *coder.stages[3:]]
    coder.time_limit = 1.0
    try:
        failed: list[tuple[str, type]] = []
        articles = [Article(id=i, text=FRENCH[1], published=PUBLISHED, language="fr") for i in ("a", "b")]
        coded = list(coder.code_articles(articles, on_error=lambda a, exc: failed.append((a.id, type(exc)))))
    finally:
        coder.stages, coder.time_limit = stages, DEFAULT_TIME_LIMIT
    assert coded == [] and failed == [("a", ArticleTimedOut), ("b", ArticleTimedOut)]
    assert_sound(FRENCH[1], code_french(coder, FRENCH[1]))  # the coder still works afterwards


def test_through_ingest_too(coder):
    """The same hostile text built by ingest (language detection, dateline) never crashes."""
    for text in HOSTILE + FRENCH:
        if not text.strip():
            continue
        article = make_article(id="x", text="PARIS (AFP) - " + text, published="2021-04-06")
        coded = list(coder.code_articles([article]))
        assert_sound(article.text, coded[0])


def test_absurd_counts_from_hostile_text_reach_the_store_and_the_backfill_tables():
    """"10^400 morts" must not fail a whole batch's insert (INTEGER columns, int32 Parquet)."""
    import pyarrow as pa

    from veille.records import Casualty
    from veille.scale.backfill import TableRows, table_schemas
    from veille.store import open_store
    from veille.store.examples import coded_pair, event

    text = "Au moins " + "9" * 400 + " personnes ont été tuées lundi lors d'une attaque des rebelles contre l'armée."
    attack = event(text, text, "ASSAULT", [("MLI", "REB", "rebelles")], [("MLI", "MIL", "l'armée")], day="2024-03-10")
    attack.dead = int("9" * 400)
    casualty = Casualty(count=int("9" * 400), qualifier="at_least", kind="killed", victims="personnes",
                        country=None, date=None, evidence=text, start=0, end=len(text))
    article, coded = coded_pair("absurd", text, "2024-03-10", events=[attack], casualties=[casualty])
    _, fine = coded_pair("fine", "Deux soldats ont été tués.", "2024-03-10")
    with open_store(":memory:") as store:
        store.upsert([(article, coded), (make_article(id="fine", text="Deux soldats ont été tués."), fine)])
        counts = store.counts()
    assert counts["articles"] == 2 and counts["events"] == 1 and counts["casualties"] == 0
    rows = TableRows()
    rows.add(article, coded, "part-0")
    schemas = table_schemas()
    for table, table_rows in rows.tables.items():
        pa.Table.from_pylist(table_rows, schema=schemas[table])  # raised OverflowError before


def test_the_time_limit_also_holds_in_a_worker_thread(coder):
    """Dask workers and web servers code articles off the main thread, where SIGALRM never comes."""
    import threading

    def runaway(ctx):
        while True:
            pass

    stages, coder.stages = coder.stages, [*coder.stages[:2], ("places", runaway), *coder.stages[3:]]
    coder.time_limit = 1.0
    failed: list[tuple[str, str]] = []
    coded: list = []

    def work() -> None:
        articles = [Article(id=i, text=FRENCH[1], published=PUBLISHED, language="fr") for i in ("a", "b")]
        coded.extend(coder.code_articles(articles, on_error=lambda a, exc: failed.append((a.id, str(exc)))))

    try:
        worker = threading.Thread(target=work)
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive()
    finally:
        coder.stages, coder.time_limit = stages, DEFAULT_TIME_LIMIT
    assert coded == [] and [i for i, _ in failed] == ["a", "b"]
    assert all("longer than 1 s" in message for _, message in failed)
    done: list = []
    worker = threading.Thread(target=lambda: done.append(code_french(coder, FRENCH[1])))
    worker.start()
    worker.join(timeout=60)
    assert_sound(FRENCH[1], done[0])  # no stray timeout after a normal article either
