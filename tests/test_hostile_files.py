"""Hostile files in one batch: each gets a clear reject naming its source and the batch goes on.

Already covered elsewhere, not repeated here: a truncated .jsonl.gz keeps what was read
(test_ingest.py::test_truncated_gzip_keeps_what_was_read), invalid UTF-8 in JSON Lines
(test_ingest.py::test_invalid_utf8_is_replaced_with_a_warning), an oversized page and symlink loops
read alone (test_ingest.py::test_oversized_page_and_symlink_loops_are_rejected_not_hung), entity
expansion in a feed (test_ingest.py::test_entity_expansion_in_a_feed_is_not_expanded), feed links
to file:// and private addresses and redirects to them
(test_watch.py::test_links_to_files_and_private_addresses_are_refused,
test_redirects_are_checked_at_each_hop), a truncated gzip in the backfill
(test_backfill.py::test_truncated_gzip_is_coded_up_to_the_break_and_reported).
This file runs them all together through `veille extract`, with the sizes of the issue."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from veille.cli import main
from veille.ingest import read_inputs
from veille.records import Reject

FRENCH = "Le ministre de l'Intérieur a rencontré mardi à Lyon les représentants des syndicats de police."


def billion_laughs_feed() -> str:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]>'
            '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
            "<description>&l9;</description></item></channel></rss>")


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    good = root / "a_good.jsonl"
    good.write_text(json.dumps({"id": "good1", "text": FRENCH, "published": "2021-04-06"}) + "\n", encoding="utf-8")
    # Truncated gzip, of JSON Lines and of a plain text file.
    lines = "".join(json.dumps({"id": f"n{i}", "text": f"{FRENCH} Numéro {i * 7919}.",
                                "published": "2021-04-06"}) + "\n" for i in range(2000))
    compressed = gzip.compress(lines.encode())
    (root / "b_cut.jsonl.gz").write_bytes(compressed[: len(compressed) // 2])
    (root / "c_cut.txt.gz").write_bytes(gzip.compress(FRENCH.encode() * 50)[:40])
    # Invalid UTF-8 in a text file: replaced, with a warning, and still coded.
    (root / "d_latin1.txt").write_bytes(FRENCH.encode("latin-1"))
    # A billion-laughs feed.
    (root / "e_laughs.xml").write_text(billion_laughs_feed(), encoding="utf-8")
    # An HTML page of 50 MB.
    with (root / "f_huge.html").open("wb") as page:
        page.write(b"<html><body>")
        chunk = b"<p>" + b"bla " * 2_500 + b"</p>\n"
        for _ in range(50 * 2**20 // len(chunk) + 1):
            page.write(chunk)
        page.write(b"</body></html>")
    # A 5 MB article in JSON Lines, over --max-chars.
    (root / "g_5mb.jsonl").write_text(json.dumps({"id": "huge", "text": "mot " * (5 * 2**20 // 4)}) + "\n",
                                       encoding="utf-8")
    # A symlink loop (folder and file) inside the folder.
    (root / "h_loop").symlink_to(root, target_is_directory=True)
    (root / "i_self.txt").symlink_to(root / "i_self.txt")
    # A JSON line that is an array of a million nested lists (a parser stack bomb).
    (root / "j_nested.jsonl").write_text("[" * 1_000_000 + "\n", encoding="utf-8")
    last = root / "z_good.jsonl"
    last.write_text(json.dumps({"id": "good2", "text": FRENCH, "published": "2021-04-06"}) + "\n", encoding="utf-8")
    return root


def test_reader_survives_every_hostile_file(hostile_folder):
    items = list(read_inputs([str(hostile_folder)]))
    rejects = [i for i in items if isinstance(i, Reject)]
    articles = [i for i in items if not isinstance(i, Reject)]
    ids = [a.id for a in articles]
    assert ids[0] == "good1" and ids[-1] == "good2"  # the batch went on to the end
    assert "d_latin1" in ids
    by_file = {Path(r.source).name: r.reason for r in rejects}
    assert "unreadable" in by_file["b_cut.jsonl.gz"]
    assert by_file["c_cut.txt.gz"].startswith("cannot read")
    assert "larger than" in by_file["f_huge.html"]
    assert "--max-chars" in by_file["g_5mb.jsonl"]
    assert by_file["i_self.txt"].startswith("cannot read")
    assert "j_nested.jsonl" in by_file
    laughs = [a for a in articles if (a.origin or "").startswith(str(hostile_folder / "e_laughs.xml"))]
    assert all(len(a.text) < 1000 for a in laughs)
    assert all(r.raw is None or len(r.raw) <= 10_000 for r in rejects)  # a reject never copies megabytes


def test_extract_command_names_each_bad_source_and_codes_the_rest(hostile_folder, tmp_path):
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(hostile_folder), "-o", str(out), "--workers", "1"])
    assert result.exit_code == 3, result.output
    coded_ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert coded_ids[0] == "good1" and coded_ids[-1] == "good2" and "d_latin1" in coded_ids
    rejects = [json.loads(line) for line in (tmp_path / "out.rejects.jsonl").read_text(encoding="utf-8").splitlines()]
    named = {Path(r["source"]).name for r in rejects}
    assert {"b_cut.jsonl.gz", "c_cut.txt.gz", "f_huge.html", "g_5mb.jsonl", "i_self.txt", "j_nested.jsonl"} <= named
    for name in ("f_huge.html", "g_5mb.jsonl"):
        assert name in result.output  # on stderr, `FILE:LINE: reason`
    assert "d_latin1.txt: warning: invalid UTF-8" in result.output


def test_five_megabyte_text_on_stdin_is_rejected_by_max_chars(tmp_path):
    result = CliRunner().invoke(main, ["extract", "-", "--workers", "1"], input="mot " * (5 * 2**20 // 4))
    assert result.exit_code == 3
    assert "<stdin>" in result.output and "--max-chars 200,000" in result.output
