"""Crashes and full disks: kill -9 an ingest into DuckDB, the server during an ingest through it,
and a backfill, at random points and repeatedly; after a restart every article is stored exactly
once. A full disk and a read-only database give a clear error and leave the store as it was.

(test_backfill.py::test_backfill_on_two_workers_killed_midway_and_resumed already kills a Dask
backfill once; here the local engine is killed repeatedly.)"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from veille.store import open_store
from veille.store.examples import coded_pair, event, quote

CLI = [sys.executable, "-m", "veille.cli"]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "VEILLE_TOKEN": "crash-test-token"}
KILLS = 3
TEXT = "Le groupe armé a accusé mardi le gouvernement de fraude. « C'est faux », a répondu le ministre n°{i}."


def write_coded(path: Path, n: int) -> list[str]:
    """`veille ingest --coded` input: coded articles carrying their text (no spaCy needed)."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = TEXT.format(i=i)
            article, coded = coded_pair(f"c{i:05d}", text, "2024-03-10", events=[
                event(text, "Le groupe armé a accusé mardi le gouvernement de fraude", "ACCUSE",
                      [("TGO", "REB", "Le groupe armé")], [("TGO", "GOV", "le gouvernement")], day="2024-03-05")],
                quotes=[quote(text, "C'est faux", "le ministre", "TGO")])
            out.write(json.dumps({**coded.to_dict(), "text": article.text}, ensure_ascii=False) + "\n")
            ids.append(article.id)
    return ids


def assert_stored_once(db: Path, ids: list[str]) -> None:
    with open_store(db, read_only=True) as store:
        counts = store.counts()
        assert counts["articles"] == len(ids)
        assert counts["events"] == len(ids) and counts["quotes"] == len(ids)
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        stored = [row[0] for row in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    assert stored == sorted(ids)  # each exactly once, none missing


def kill_after(process: subprocess.Popen, ready, rng: random.Random, longest: float) -> bool:
    """SIGKILL the process group once `ready()` and a random further delay; False if it finished."""
    deadline = time.monotonic() + 120
    while not ready() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, longest))
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return True


def test_ingest_killed_repeatedly_then_resumed_stores_each_article_once(tmp_path):
    ids = write_coded(tmp_path / "coded.jsonl", 3000)
    db = tmp_path / "store.duckdb"
    rng = random.Random(9)
    args = [*CLI, "ingest", str(tmp_path / "coded.jsonl"), "--coded", "--db", str(db), "--batch-size", "50"]
    for _ in range(KILLS):
        process = subprocess.Popen(args, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        kill_after(process, lambda: db.exists(), rng, 1.5)
        with open_store(db, read_only=True) as store:  # after each kill the file opens and is consistent
            counts = store.counts()
            assert counts["articles"] == counts["events"] == counts["quotes"]
    final = subprocess.run(args, env=ENV, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert_stored_once(db, ids)
    again = subprocess.run(args, env=ENV, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "3000 unchanged" in again.stdout + again.stderr
    assert_stored_once(db, ids)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen([*CLI, "serve", "--db", str(db), "--port", str(port)], env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"server did not start: {process.stderr.read().decode()[-2000:]}")


def test_server_killed_during_ingest_then_restarted_stores_each_article_once(tmp_path):
    ids = write_coded(tmp_path / "coded.jsonl", 2000)
    db = tmp_path / "served.duckdb"
    rng = random.Random(11)
    ingest = [*CLI, "ingest", str(tmp_path / "coded.jsonl"), "--coded", "--db", str(db), "--batch-size", "40"]
    for _ in range(KILLS):
        port = free_port()
        server = start_server(db, port)
        client = subprocess.Popen(ingest, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            kill_after(server, lambda: True, rng, 2.0)
        finally:
            client.wait(timeout=120)
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
    # A restarted server (the announcement of the killed one is stale: its pid is gone).
    server = start_server(db, free_port())
    try:
        final = subprocess.run(ingest, env=ENV, capture_output=True, text=True, timeout=300)
        assert final.returncode == 0, final.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert_stored_once(db, ids)


def test_backfill_killed_repeatedly_then_resumed_codes_each_article_once(tmp_path):
    import duckdb

    inputs = tmp_path / "in.jsonl"
    n = 60
    inputs.write_text("".join(json.dumps({"id": f"b{i:03d}", "text": TEXT.format(i=i), "published": "2024-03-10"})
                              + "\n" for i in range(n)), encoding="utf-8")
    out = tmp_path / "out"
    args = [*CLI, "backfill", str(inputs), "--out", str(out), "--engine", "local", "--partition-size", "4", "--quiet"]
    rng = random.Random(5)
    for _ in range(2):
        process = subprocess.Popen(args, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        kill_after(process, lambda: any(out.glob("articles/*.parquet")), rng, 1.0)
    final = subprocess.run(args, env=ENV, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    rows = duckdb.sql(f"SELECT id FROM '{out}/articles/*.parquet'").fetchall()
    assert sorted(r[0] for r in rows) == [f"b{i:03d}" for i in range(n)]  # each exactly once


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB filesystem: a tmpfs when we may mount one (root), else a file-size limit (RLIMIT_FSIZE)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() == 0 and shutil.which("mount"):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
        if done.returncode == 0:
            yield mount, None
            subprocess.run(["umount", "-l", str(mount)], check=False)
            return

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 2**20, 3 * 2**20))

    yield mount, limit


def test_disk_full_gives_a_clear_error_and_an_uncorrupted_store(tmp_path, tiny_disk):
    mount, limit = tiny_disk
    small = write_coded(tmp_path / "small.jsonl", 50)
    big = tmp_path / "big.jsonl"
    write_coded(big, 4000)
    db = mount / "store.duckdb"
    first = subprocess.run([*CLI, "ingest", str(tmp_path / "small.jsonl"), "--coded", "--db", str(db)],
                           env=ENV, capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert first.returncode == 0, first.stderr
    full = subprocess.run([*CLI, "ingest", str(big), "--coded", "--db", str(db), "--batch-size", "4000"],
                          env=ENV, capture_output=True, text=True, timeout=300, preexec_fn=limit)
    assert full.returncode != 0
    assert "Traceback" not in full.stderr, full.stderr[-3000:]
    message = full.stderr.lower()
    assert str(db) in full.stderr and ("space" in message or "too large" in message or "disk" in message), full.stderr
    # The store still opens (from a copy: the full disk has no room for DuckDB's recovery) with
    # the first ingest intact, and the failed batch entirely absent.
    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    if Path(f"{db}.wal").exists():
        shutil.copy(f"{db}.wal", f"{copy}.wal")
    with open_store(copy, read_only=False) as store:
        counts = store.counts()
    assert counts["articles"] in (len(small), len(small) + 4000)
    assert counts["articles"] == counts["events"] == counts["quotes"]


def test_read_only_database_gives_a_clear_error(tmp_path):
    """A database on a read-only filesystem (root: a tmpfs remounted read-only; others: file modes)."""
    ids = write_coded(tmp_path / "coded.jsonl", 20)
    folder = tmp_path / "ro"
    folder.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)], capture_output=True).returncode == 0
    db = folder / "store.duckdb"
    try:
        done = subprocess.run([*CLI, "ingest", str(tmp_path / "coded.jsonl"), "--coded", "--db", str(db)],
                              env=ENV, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        else:
            os.chmod(db, 0o444)
            os.chmod(folder, 0o555)
        more = tmp_path / "more.jsonl"
        write_coded(more, 30)
        failed = subprocess.run([*CLI, "ingest", str(more), "--coded", "--db", str(db)], env=ENV,
                                capture_output=True, text=True, timeout=120)
        assert failed.returncode != 0
        assert "Traceback" not in failed.stderr, failed.stderr[-3000:]
        message = failed.stderr.lower()
        assert str(db) in failed.stderr and ("read-only" in message or "permission" in message), failed.stderr
        assert_stored_once(db, ids)
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:
            os.chmod(folder, 0o755)
            os.chmod(db, 0o644)
