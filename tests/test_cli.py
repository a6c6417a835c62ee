"""`veille extract` end to end: output lines, the bad-input batch, exit codes, resume, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from veille.cli import main

GOOD_1 = "Le président a reçu mardi à Paris son homologue allemand pour parler de l'Europe."
GOOD_2 = "BRUXELLES: Les ministres européens se sont réunis lundi pour discuter des sanctions."


def run(args, input=None):
    return CliRunner().invoke(main, ["extract", "--workers", "1", *args], input=input)


def bad_batch(tmp_path: Path) -> Path:
    rows = [
        json.dumps({"id": "g1", "text": GOOD_1, "published": "2021-04-06"}),
        "{this is not json",
        json.dumps({"id": "no-text", "title": "sans texte"}),
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "huge", "text": "mot " * 300_000}),
        json.dumps({"id": "en", "text": "The ministers met on Monday in Brussels to talk about sanctions against the regime.",
                    "published": "2021-04-06"}),
        json.dumps({"id": "g2", "text": GOOD_2, "published": "2021-04-06"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_bad_input_batch(tmp_path):
    batch = bad_batch(tmp_path)
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_bytes(bytes(range(256)) * 4)
    out = tmp_path / "out.jsonl"
    result = run([str(batch), str(garbage), str(tmp_path / "missing.jsonl"), "-o", str(out)])
    assert result.exit_code == 3, result.output
    coded = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [c["id"] for c in coded] == ["g1", "en", "g2"]
    assert coded[1]["language"] == "en" and coded[1]["events"] == [] and coded[1]["timexes"] == []
    assert coded[2]["dateline"] == "Bruxelles"
    rejects = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["source"].rsplit("/", 1)[-1], r["line"]) for r in rejects] == [
        ("batch.jsonl", 2), ("batch.jsonl", 3), ("batch.jsonl", 4), ("batch.jsonl", 5),
        ("garbage.jsonl", None), ("missing.jsonl", None)]
    assert all(r["reason"] for r in rejects)
    for r in rejects:  # each is reported on stderr as FILE:LINE: reason
        where = f"{r['source']}:{r['line']}" if r["line"] else r["source"]
        assert f"{where}: {r['reason']}" in result.output


def test_clean_batch_exits_zero_and_writes_no_rejects(tmp_path):
    path = tmp_path / "ok.jsonl"
    path.write_text(json.dumps({"id": "g1", "text": GOOD_1, "published": "2021-04-06"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run([str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert list(record)[:6] == ["id", "published", "language", "title", "coder", "events"]
    assert record["coder"].startswith("veille 0.1.0 (resources ")
    assert not (tmp_path / "out.rejects.jsonl").exists()


def test_usage_errors_exit_2(tmp_path):
    assert run([]).exit_code == 2
    assert run(["x.jsonl", "--published", "avril"]).exit_code == 2
    assert run(["x.jsonl", "--workers", "0"]).exit_code == 2


def test_stdin_plain_text_and_published_option():
    result = run(["-", "--published", "2021-04-06"], input=GOOD_1)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[-1])
    assert (record["id"], record["published"]) == ("stdin", "2021-04-06")


def test_stdin_jsonl():
    rows = "\n".join(json.dumps({"id": f"s{i}", "text": GOOD_1}) for i in range(3))
    result = run(["-"], input=rows)
    assert [json.loads(l)["id"] for l in result.stdout.splitlines() if l.startswith("{")] == ["s0", "s1", "s2"]


def test_resume_skips_done_articles_and_cuts_a_torn_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"r{i}", "text": GOOD_1, "published": "2021-04-06"})
                              for i in range(4)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run([str(path), "-o", str(out)]).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    # A crash after two articles, in the middle of writing the third.
    out.write_text("\n".join(lines[:2]) + "\n" + lines[2][:40], encoding="utf-8")
    assert run([str(path), "-o", str(out), "--resume"]).exit_code == 0
    ids = [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["r0", "r1", "r2", "r3"]


def test_console_script_runs_with_two_workers(tmp_path):
    """The installed `veille` command with n_process=2 codes every article once, in order."""
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"id": f"w{i}", "text": GOOD_1 if i % 2 else GOOD_2})
                              for i in range(6)) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    veille = Path(sys.executable).with_name("veille")
    proc = subprocess.run([str(veille), "extract", str(path), "-o", str(out), "--workers", "2",
                           "--published", "2021-04-06"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()] == [f"w{i}" for i in range(6)]
