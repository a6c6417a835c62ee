"""`veille backfill` and `veille load`: partitions, Parquet parts, resuming after a kill, loading.

The main test runs a real 2-worker Dask LocalCluster in a subprocess, kills it once some
partitions are finished, and re-runs it: every article must then be written exactly once.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from veille.scale.backfill import finished_partitions, plan_partitions

SENTENCES = [
    "Le ministre malien de la Défense a annoncé mardi que douze soldats avaient été tués près de Gao.",
    "Des milliers de manifestants se sont rassemblés samedi à Dakar contre la hausse des prix du pain.",
    "Le président français a reçu lundi à Paris son homologue ivoirien pour parler de sécurité régionale.",
    "La Russie a menacé mercredi de riposter si l'Otan renforçait encore sa présence militaire en Pologne.",
    "Le gouvernement tunisien a promis jeudi une aide de plusieurs millions de dinars aux agriculteurs.",
    "Le Premier ministre belge s'est entretenu vendredi au téléphone avec le chancelier allemand.",
]


def write_inputs(folder: Path, count: int) -> tuple[list[Path], set[str]]:
    """Two inputs (plain and gzipped JSON Lines) with one bad line each; the expected ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids: set[str] = set()
    plain, zipped = [], []
    for i in range(count):
        record = {"id": f"d{i:04d}", "text": f"{SENTENCES[i % len(SENTENCES)]} Dépêche numéro {i}.",
                  "title": f"Dépêche {i}", "published": f"2021-04-{1 + i % 28:02d}"}
        (plain if i % 2 else zipped).append(json.dumps(record, ensure_ascii=False))
        ids.add(record["id"])
    plain.insert(3, "{pas du JSON")
    zipped.append(json.dumps({"id": "sans-texte", "title": "rien"}))
    first = folder / "a.jsonl"
    first.write_text("\n".join(plain) + "\n", encoding="utf-8")
    second = folder / "b.jsonl.gz"
    with gzip.open(second, "wt", encoding="utf-8") as out:
        out.write("\n".join(zipped) + "\n")
    return [first, second], ids


def backfill_command(inputs: list[Path], out: Path, *extra: str) -> list[str]:
    code = "import sys; from veille.scale.commands import backfill; backfill(sys.argv[1:])"
    return [sys.executable, "-c", code, *map(str, inputs), "--out", str(out), *extra]


def article_ids(out: Path) -> list[str]:
    return [row[0] for row in duckdb.sql(f"SELECT id FROM '{out}/articles/*.parquet' ORDER BY id").fetchall()]


def test_plan_is_deterministic_and_follows_line_ranges(tmp_path):
    inputs, _ = write_inputs(tmp_path / "in", 23)
    specs, missing = plan_partitions([str(p) for p in inputs] + [str(tmp_path / "absent.jsonl")], 5)
    again, _ = plan_partitions([str(tmp_path / "in")], 5)  # the folder: same files, same partitions
    assert [s.id for s in specs] == [s.id for s in again]
    assert len({s.id for s in specs}) == len(specs)
    assert [m.reason for m in missing] == ["no such file or directory"]
    first_file = [s.slices[0] for s in specs if s.slices[0].path.endswith("a.jsonl")]
    assert [(p.first_line, p.last_line) for p in first_file] == [(1, 5), (6, 10), (11, 12)]
    assert specs[0].id.startswith("a-") and specs[0].id.endswith("000000001-000000005")
    exact, _ = plan_partitions([str(inputs[0])], 4)  # 12 lines: three full partitions, no fourth
    assert [(s.slices[0].first_line, s.slices[0].last_line) for s in exact] == [(1, 4), (5, 8), (9, 12)]


def test_backfill_on_two_workers_killed_midway_and_resumed(tmp_path):
    inputs, ids = write_inputs(tmp_path / "in", 120)
    out = tmp_path / "out"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    args = backfill_command(inputs, out, "--workers", "2", "--partition-size", "5")
    total = len(plan_partitions([str(p) for p in inputs], 5)[0])

    # First run: killed (with its whole process group: the cluster's workers) once parts exist.
    first = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and first.poll() is None and len(finished_partitions(out)) < 2:
        time.sleep(0.05)
    if first.poll() is None:
        os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=60)
    done_before = len(finished_partitions(out))
    rejects_before = len(list((out / "rejects").glob("part-*.jsonl")))
    assert 1 <= done_before

    # Second run: skips what is finished, codes the rest; every article exactly once.
    second = subprocess.run(args, env=env, capture_output=True, text=True, timeout=400)
    # Exit 3 when this run met one of the two bad lines (the first run may have met both).
    assert second.returncode == (3 if rejects_before < 2 else 0), second.stderr
    assert f"{done_before} already done" in second.stderr
    assert len(finished_partitions(out)) == total
    assert article_ids(out) == sorted(ids)
    rejects = [json.loads(line) for part in (out / "rejects").glob("part-*.jsonl") for line in part.open()]
    assert sorted((r["source"].rsplit("/", 1)[1], r["line"]) for r in rejects) == [("a.jsonl", 4), ("b.jsonl.gz", 61)]

    # The tables are queryable in place, and carry one row per record.
    events = duckdb.sql(f"SELECT count(*), count(DISTINCT article_id || '#' || idx) FROM '{out}/events/*.parquet'"
                        ).fetchall()[0]
    assert events[0] == events[1]
    n_events = duckdb.sql(f"SELECT sum(n_events) FROM '{out}/articles/*.parquet'").fetchall()[0][0]
    assert n_events == events[0]

    # A third run has nothing left to do.
    third = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert third.returncode == 0 and f"{total} already done, 0 coded" in third.stderr

    # `veille load` stores each article once; loading again changes nothing.
    from veille.scale.commands import load
    from veille.store import open_store

    db = tmp_path / "veille.duckdb"
    result = CliRunner().invoke(load, [str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "120 inserted" in result.output
    again = CliRunner().invoke(load, [str(out), "--db", str(db)])
    assert again.exit_code == 0 and "0 inserted, 0 replaced, 120 unchanged" in again.output
    with open_store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == 120 and counts["events"] == n_events
        stored = store.article("d0007")
        assert stored is not None and "Dépêche numéro 7" in json.dumps(stored, ensure_ascii=False)


def test_local_engine_rewrites_a_partition_left_without_marker(tmp_path):
    from veille.scale.backfill import BackfillOptions, run_backfill

    inputs, ids = write_inputs(tmp_path / "in", 12)
    out = tmp_path / "out"
    rejected: list[dict] = []
    first = run_backfill([str(p) for p in inputs], out, engine="local", partition_size=4,
                         options=BackfillOptions(), on_reject=rejected.append, progress=False)
    assert first.articles == 12 and first.rejects == 2 and not first.failed_partitions
    assert {(Path(r["source"]).name, r["line"]) for r in rejected} == {("a.jsonl", 4), ("b.jsonl.gz", 7)}

    # As if killed after writing a partition's parts but before its marker.
    marker = sorted((out / "_partitions").glob("*.json"))[0]
    marker.unlink()
    second = run_backfill([str(p) for p in inputs], out, engine="local", partition_size=4, progress=False)
    assert second.coded_partitions == 1 and second.skipped == first.coded_partitions - 1
    assert article_ids(out) == sorted(ids)


def test_truncated_gzip_is_coded_up_to_the_break_and_reported(tmp_path):
    import random

    from veille.records import Reject
    from veille.scale.backfill import read_partition

    rng = random.Random(8)
    lines = [json.dumps({"id": f"x{i}", "published": "2021-04-06",
                         "text": "Le ministre a parlé mardi à Paris. " + "".join(rng.choice("abcdefghij ") for _ in range(300))})
             for i in range(3000)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(data[: len(data) // 2])
    specs, _ = plan_partitions([str(broken)], 500)
    items = [item for spec in specs for item in read_partition(spec, None, None)]
    articles = [i for i in items if not isinstance(i, Reject)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [a.id for a in articles] == [f"x{i}" for i in range(len(articles))] and len(articles) > 500
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [(len(articles) + 1, "unreadable from here on")]


@pytest.mark.parametrize("engine_args", [["--engine", "local", "--workers", "2", "--scheduler", "tcp://x:1"]])
def test_usage_errors(tmp_path, engine_args):
    from veille.scale.commands import backfill

    result = CliRunner().invoke(backfill, [str(tmp_path), "--out", str(tmp_path / "o"), *engine_args])
    assert result.exit_code == 2
