"""Code a gold file with the Python API and score it with ../shared/eval/score.py.

    .venv/bin/python scripts/eval_dev.py [GOLD.jsonl ...] [--out DIR]

Without arguments: every ../shared/eval/dev/*.jsonl. Prints score.py's report per file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="*", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "dev")
    args = ap.parse_args()
    golds = args.gold or sorted((SHARED / "eval" / "dev").glob("*.jsonl"))
    if not golds:
        print(f"no gold files (looked in {SHARED / 'eval' / 'dev'})", file=sys.stderr)
        return 1
    from veille import Coder
    from veille.ingest import make_article

    coder = Coder()
    args.out.mkdir(parents=True, exist_ok=True)
    for gold in golds:
        rows = [json.loads(line) for line in gold.open(encoding="utf-8") if line.strip()]
        articles = [make_article(id=r["id"], text=r["text"], title=r.get("title", ""),
                                 published=r.get("published")) for r in rows]
        out = args.out / gold.name
        with out.open("w", encoding="utf-8") as f:
            for coded in coder.code_articles(articles):
                f.write(json.dumps(coded.to_dict(), ensure_ascii=False) + "\n")
        report = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(out)],
                                capture_output=True, text=True)
        print(f"== {gold.name} (system output: {out})")
        print(report.stdout.strip() or report.stderr.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
