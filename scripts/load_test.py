"""Load test: 50 concurrent readers on /api/events while 2,000 dispatches are ingested through the
same server. Reports the readers' latency (p50/p99), their errors (must be 0) and that the ingest
completed with every article stored. Local only: the server binds 127.0.0.1 and the client talks
to nothing else.

    .venv/bin/python scripts/load_test.py [--corpus ../shared/data/afp_fr_news.jsonl.gz]
                                          [--articles 2000] [--readers 50] [--timeout 1800]

The dispatches are written to a temporary folder (with the database) and removed afterwards.
Exit status 0 when there was no error and the ingest stored every article, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "afp_fr_news.jsonl.gz"
TOKEN = "load-test-token"
# What a dashboard asks for: the first page, a filtered page, a text search, a later page.
QUERIES = ("/api/events?limit=50", "/api/events?type=ASSAULT&limit=50", "/api/events?country=FRA&limit=20",
           "/api/events?text=ministre&limit=20", "/api/events?offset=100&limit=50",
           "/api/events?certainty=asserted&date_from=2019-01-01&limit=50")


def pick_articles(corpus: Path, count: int, out: Path) -> int:
    written = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for line in source:
            row = json.loads(line)
            if not (row.get("text") or "").strip():
                continue
            sink.write(json.dumps({"id": row["id"], "text": row["text"], "title": row.get("title", ""),
                                   "published": row.get("published")}, ensure_ascii=False) + "\n")
            written += 1
            if written == count:
                break
    return written


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"load test: the server did not answer at {url}")


async def reader(client: httpx.AsyncClient, base: str, stop: asyncio.Event, latencies: list[float],
                 errors: list[str], rng: random.Random) -> None:
    while not stop.is_set():
        path = rng.choice(QUERIES)
        started = time.perf_counter()
        try:
            response = await client.get(base + path)
            if response.status_code != 200:
                errors.append(f"{path}: HTTP {response.status_code}")
            else:
                response.json()
        except (httpx.HTTPError, ValueError) as exc:
            errors.append(f"{path}: {type(exc).__name__}: {exc}")
        latencies.append(time.perf_counter() - started)


async def read_while(ingest: subprocess.Popen, base: str, readers: int, timeout: float
                     ) -> tuple[list[float], list[str], float]:
    stop = asyncio.Event()
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=readers, max_keepalive_connections=readers)
    started = time.monotonic()
    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
        tasks = [asyncio.create_task(reader(client, base, stop, latencies, errors, random.Random(i)))
                 for i in range(readers)]
        while ingest.poll() is None and time.monotonic() - started < timeout:
            await asyncio.sleep(0.5)
        stop.set()
        await asyncio.gather(*tasks)
    return latencies, errors, time.monotonic() - started


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--timeout", type=float, default=1800, help="Longest the ingest may take (s)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"load test: corpus {args.corpus} not found", file=sys.stderr)
        return 1
    env = {**os.environ, "OMP_NUM_THREADS": "1", "VEILLE_TOKEN": TOKEN}
    veille = [sys.executable, "-m", "veille.cli"]
    with tempfile.TemporaryDirectory(prefix="veille-load-") as tmp:
        inputs, db = Path(tmp) / "dispatches.jsonl", Path(tmp) / "load.duckdb"
        count = pick_articles(args.corpus, args.articles, inputs)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([*veille, "serve", "--db", str(db), "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        try:
            wait_for(base + "/api/health", 60)
            ingest_started = time.monotonic()
            ingest = subprocess.Popen([*veille, "ingest", str(inputs), "--db", str(db), "--workers", "1"],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            latencies, errors, read_seconds = asyncio.run(read_while(ingest, base, args.readers, args.timeout))
            if ingest.poll() is None:
                ingest.kill()
            out, err = ingest.communicate()
            ingest_seconds = time.monotonic() - ingest_started
            stored = httpx.get(base + "/api/health", timeout=10).json()["counts"]
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    completed = ingest.returncode in (0, 3) and stored["articles"] == count
    print(f"load test: {args.readers} readers on /api/events during an ingest of {count} dispatches")
    print(f"  ingest: exit {ingest.returncode} in {ingest_seconds:.0f} s ({count / ingest_seconds:.1f} articles/s); "
          f"stored {stored['articles']} articles, {stored['events']} events -> "
          f"{'completed' if completed else 'NOT COMPLETED'}")
    if latencies:
        print(f"  reads: {len(latencies)} in {read_seconds:.0f} s ({len(latencies) / read_seconds:.0f}/s); latency "
              f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms, mean {statistics.fmean(latencies) * 1000:.0f} ms")
    print(f"  errors: {len(errors)}")
    for error in errors[:10]:
        print(f"    {error}")
    if not completed:
        print(err[-2000:], file=sys.stderr)
    return 0 if completed and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
