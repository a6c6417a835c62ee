"""Quality gate: the dev gold is coded and scored with the shared scorer; no figure may fall
under its pin in quality_pins.json (trafilatura-style). Needs ../shared; when it is absent the
test is skipped with that reason (pytest -rs prints it)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
PINS = {k: v for k, v in json.loads((Path(__file__).parent / "quality_pins.json").read_text()).items()
        if not k.startswith("_")}


def load_scorer():
    spec = importlib.util.spec_from_file_location("veille_shared_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.gold
@pytest.mark.parametrize("gold_name", sorted(PINS))
def test_dev_scores_stay_above_pins(gold_name, coder):
    gold_path = DEV / gold_name
    if not SCORER.exists() or not gold_path.exists():
        pytest.skip(f"quality gate not run: {gold_path} or {SCORER} not found (../shared is absent)")
    from veille.ingest import make_article

    scorer = load_scorer()
    gold = scorer.load(gold_path)
    articles = [make_article(id=g["id"], text=g["text"], title=g.get("title", ""), published=g.get("published"))
                for g in gold]
    system = [c.to_dict() for c in coder.code_articles(articles)]
    report = scorer.score(gold, json.loads(json.dumps(system)))
    failures = []
    for figure, minimum in PINS[gold_name].items():
        part, name = figure.split(".")
        value = report.get(part, {}).get(name, 0.0)
        if value < minimum:
            failures.append(f"{figure} = {value} < pinned {minimum}")
    assert not failures, f"{gold_name}: " + "; ".join(failures) + f"\nfull report: {report}"
