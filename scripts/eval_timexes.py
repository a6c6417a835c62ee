"""Fast loop for the temporal tagger: code the French TimeBank dev half with the timexes stage only
and list misses, spurious expressions and wrong values next to the score.py figures.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/eval_timexes.py [GOLD.jsonl] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "dev" / "ftib_dates.jsonl"
SCORED = ("DATE", "TIME")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", type=Path, default=GOLD)
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    args = ap.parse_args()
    from veille.extract.context import DocContext
    from veille.extract.timexes import extract_timexes
    from veille.nlp import load_pipeline
    from veille.records import Article
    from veille.resources import load_resources

    nlp, resources = load_pipeline(), load_resources()
    rows = [json.loads(line) for line in args.gold.open(encoding="utf-8") if line.strip()]
    tp = n_sys = n_gold = value_ok = 0
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        article = Article(id=row["id"], text=row["text"], published=published)
        system = [t for t in extract_timexes(DocContext(article=article, doc=doc, resources=resources))
                  if t.type in SCORED]
        gold = [t for t in row.get("timexes", []) if t["type"] in SCORED]
        n_sys, n_gold = n_sys + len(system), n_gold + len(gold)
        free = list(range(len(system)))
        for g in gold:
            hit = next((i for i in free if system[i].start < g["end"] and g["start"] < system[i].end), None)
            if hit is None:
                if args.errors:
                    print(f"MISS  {row['id']} {row['published']} {g['text']!r} {g['value']}")
                continue
            free.remove(hit)
            s = system[hit]
            tp += 1
            if str(s.value) == str(g["value"]):
                value_ok += 1
            elif args.errors:
                print(f"VALUE {row['id']} {row['published']} {g['text']!r} gold={g['value']} "
                      f"sys={s.text!r} {s.value}")
        if args.errors:
            for i in free:
                s = system[i]
                print(f"SPUR  {row['id']} {row['published']} {s.text!r} {s.type} {s.value}")
    p = value_ok / n_sys if n_sys else 0.0
    r = value_ok / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    print(f"spans tp={tp} system={n_sys} gold={n_gold}  value: P={p:.3f} R={r:.3f} F1={f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
