"""`make demo`: code the bundled sample dispatches, store them, and serve the dashboard.

The sample (`sample/dispatches.jsonl`) is fictional text written for veille, marked as such.
With the store and server installed (they are, by `make install`): ingest into `demo.duckdb`
and serve at http://127.0.0.1:8000 until Ctrl-C. `--no-serve` stops after a printed summary.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "dispatches.jsonl"


def veille(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("veille")), *args]


def summary(coded_path: Path) -> None:
    rows = [json.loads(line) for line in coded_path.open(encoding="utf-8")]
    types = collections.Counter(e["type"] for r in rows for e in r["events"])
    print(f"coded {len(rows)} sample dispatches: "
          f"{sum(len(r['events']) for r in rows)} events, {sum(len(r['quotes']) for r in rows)} quotes, "
          f"{sum(len(r['casualties']) for r in rows)} casualty counts, {sum(len(r['timexes']) for r in rows)} "
          f"dates, {sum(len(r['places']) for r in rows)} places")
    if types:
        print("events by type: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))
    for r in rows[:3]:
        for e in r["events"][:2]:
            actors = "+".join(a.get("code") or "?" for a in e["actor"])
            recipients = "+".join(a.get("code") or "?" for a in e["recipient"]) or "-"
            print(f"  {r['id']}: {e['type']} {actors} -> {recipients} ({e['certainty']}, {e['date']}): {e['evidence'][:90]}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-serve", action="store_true", help="code and summarise only")
    ap.add_argument("--db", default=str(ROOT / "demo.duckdb"))
    ap.add_argument("--port", default="8000")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        coded = Path(tmp) / "sample.coded.jsonl"
        subprocess.run(veille("extract", str(SAMPLE), "-o", str(coded), "--workers", "1"), check=True)
        summary(coded)
    if args.no_serve:
        return 0
    subprocess.run(veille("ingest", str(SAMPLE), "--db", args.db, "--workers", "1"), check=True)
    print(f"dashboard: http://127.0.0.1:{args.port}  (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.run(veille("serve", "--db", args.db, "--port", args.port)).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
