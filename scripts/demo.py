"""`make demo`: code the bundled sample dispatches into a store and serve the dashboard.

The sample (`sample/dispatches.jsonl`) is fictional text written for veille, marked as such.
It ingests them into `demo.duckdb` and serves the dashboard at http://127.0.0.1:8000 until
Ctrl-C; `--no-serve` stops after a printed summary.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample" / "dispatches.jsonl"


def veille(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("veille")), *args]


def summary(db: str) -> None:
    """What the demo database holds, read through the store (the server is not running yet)."""
    from veille.store import open_store

    store = open_store(db, read_only=True)
    try:
        counts = store.counts()
        types = collections.Counter(e["type"] for e in store.iter_events())
    finally:
        store.close()
    print("demo store " + db + ": " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    if types:
        print("events by type: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--no-serve", action="store_true", help="code, store and summarise only")
    ap.add_argument("--db", default=str(ROOT / "demo.duckdb"))
    ap.add_argument("--port", default="8000")
    args = ap.parse_args()
    # --recode: a demo.duckdb left by an older coder is coded again rather than kept.
    subprocess.run(veille("ingest", str(SAMPLE), "--db", args.db, "--workers", "1", "--recode"), check=True)
    summary(args.db)
    if args.no_serve:
        return 0
    print(f"dashboard: http://127.0.0.1:{args.port}  (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.run(veille("serve", "--db", args.db, "--host", "127.0.0.1", "--port", args.port)).returncode
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
