"""Throughput of `veille backfill` on Dask with 1 and 2 workers (articles/s, peak memory), and the
sizing that follows: articles per day per core, workers for 1 million articles a day.

    .venv/bin/python scripts/bench_backfill.py [--corpus ../shared/data/afp_fr_news.jsonl.gz]
                                               [--articles 2000] [--workers 1 2] [--partition-size 100]

Each configuration runs in a fresh process on a fresh output folder (so nothing is skipped). Three
rates are reported: `wall` (whole run: cluster start, one spaCy load per worker, coding,
Parquet writing), `steady` (after each worker's first partition, which carries the model
load: what a long backfill sustains) and `per CPU second` (articles over the workers' CPU time,
loading excluded: the rate of one dedicated core, which stays meaningful on a shared machine;
the sizing uses it). Peak memory is the driver's plus each worker's peak RSS.
The input texts are written to a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "afp_fr_news.jsonl.gz"
TARGET_PER_DAY = 1_000_000
# Head-room for the sizing: a cluster sized to exactly the mean rate has no slack for bursts,
# longer texts, retries and slow nodes.
HEADROOM = 1.5


def pick_articles(corpus: Path, count: int, out: Path) -> int:
    written = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for line in source:
            row = json.loads(line)
            if not row.get("text"):
                continue
            sink.write(json.dumps({"id": row["id"], "title": row.get("title", ""), "text": row["text"],
                                   "published": row.get("published")}, ensure_ascii=False) + "\n")
            written += 1
            if written == count:
                break
    return written


def child(inputs: str, out: str, workers: int, partition_size: int) -> None:
    """One backfill run, timed from inside; prints one JSON line."""
    from veille.scale.backfill import peak_memory_mb, run_backfill

    completions: list[tuple[float, int, int, float]] = []  # (time, articles, pid, worker peak MB)
    cpu_seconds: list[float] = []
    started = time.monotonic()

    def finished(result) -> None:
        completions.append((time.monotonic() - started, result.articles, result.worker_pid, result.peak_mb))
        cpu_seconds.append(result.cpu_seconds)

    summary = run_backfill([inputs], Path(out), engine="dask", workers=workers, partition_size=partition_size,
                           on_partition=finished, progress=False)
    wall = time.monotonic() - started
    completions.sort()
    # Steady state: from the moment every worker finished its first partition (model loaded).
    first_of_worker: dict[int, float] = {}
    for at, _, pid, _ in completions:
        first_of_worker.setdefault(pid, at)
    steady_from = max(first_of_worker.values()) if first_of_worker else 0.0
    steady = [(at, n) for at, n, _, _ in completions if at > steady_from]
    steady_rate = sum(n for _, n in steady) / (completions[-1][0] - steady_from) if steady else None
    worker_peaks: dict[int, float] = {}
    for _, _, pid, peak in completions:
        worker_peaks[pid] = max(worker_peaks.get(pid, 0.0), peak)
    print(json.dumps({
        "workers": workers, "articles": summary.articles, "events": summary.events, "wall_seconds": round(wall, 1),
        "wall_rate": round(summary.articles / wall, 2), "steady_rate": round(steady_rate, 2) if steady_rate else None,
        "cpu_rate": round(summary.articles / sum(cpu_seconds), 2) if sum(cpu_seconds) else None,
        "driver_peak_mb": round(peak_memory_mb()), "worker_peak_mb": [round(p) for p in worker_peaks.values()],
        "failed_partitions": summary.failed_partitions}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--partition-size", type=int, default=100)
    parser.add_argument("--child", nargs=4, metavar=("INPUT", "OUT", "WORKERS", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        inputs, out, workers, size = args.child
        child(inputs, out, int(workers), int(size))
        return
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as tmp:
        inputs = Path(tmp) / "dispatches.jsonl"
        count = pick_articles(args.corpus, args.articles, inputs)
        print(f"{count} dispatches from {args.corpus.name}, partitions of {args.partition_size}", flush=True)
        results = []
        for workers in args.workers:
            out = Path(tmp) / f"out-{workers}"
            run = subprocess.run([sys.executable, __file__, "--child", str(inputs), str(out), str(workers),
                                  str(args.partition_size)], env=env, capture_output=True, text=True)
            if run.returncode != 0:
                sys.exit(f"backfill with {workers} workers failed:\n{run.stderr[-3000:]}")
            result = json.loads(run.stdout.strip().splitlines()[-1])
            results.append(result)
            peak_total = result["driver_peak_mb"] + sum(result["worker_peak_mb"])
            print(f"workers={workers}: {result['articles']} articles in {result['wall_seconds']} s"
                  f" → wall {result['wall_rate']} articles/s, steady {result['steady_rate']} articles/s,"
                  f" {result['cpu_rate']} articles per CPU second;"
                  f" peak memory {peak_total} MB (driver {result['driver_peak_mb']} MB,"
                  f" workers {result['worker_peak_mb']} MB)", flush=True)
        one = next((r for r in results if r["workers"] == 1), results[0])
        per_worker = one["cpu_rate"] or (one["steady_rate"] or one["wall_rate"]) / one["workers"]
        per_day = per_worker * 86_400
        needed = TARGET_PER_DAY / per_day
        print(f"sizing: {per_worker:.1f} articles/s per dedicated core = {per_day:,.0f} articles/day per core;"
              f" 1,000,000 articles/day needs {needed:.1f} cores at 100% busy,"
              f" {needed * HEADROOM:.0f} with {HEADROOM}x head-room"
              f" (about {max(1, round(one['worker_peak_mb'][0] / 1024 + 0.49)) if one['worker_peak_mb'] else '?'}"
              " GB of memory per worker)")
        if len(results) > 1:
            two = results[1]
            speedup = (two["steady_rate"] or two["wall_rate"]) / (one["steady_rate"] or one["wall_rate"])
            print(f"scaling: {two['workers']} workers run {speedup:.2f}x as fast as {one['workers']}"
                  f" (on this machine's {os.cpu_count()} cores, shared with other jobs)")


if __name__ == "__main__":
    main()
