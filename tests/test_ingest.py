"""Ingest: every input format, datelines, language, publication dates, and rejects with reasons."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from veille.ingest import make_article, read_inputs
from veille.ingest.article import InputError, find_dateline
from veille.records import Article, Reject

FRENCH = "Le ministre des Affaires étrangères a rencontré mardi son homologue pour discuter du conflit."


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
                    encoding="utf-8")
    return path


def split(items):
    items = list(items)
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Reject)]


def test_jsonl_fields_are_read(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "a1", "text": FRENCH, "title": "Rencontre", "published": "2021-04-06",
         "url": "https://example.org/a1", "source": "Agence test"},
    ])
    (article,), rejects = split(read_inputs([str(path)]))
    assert not rejects
    assert (article.id, article.title, article.published, article.url, article.source) == \
        ("a1", "Rencontre", date(2021, 4, 6), "https://example.org/a1", "Agence test")
    assert article.text == FRENCH and article.language == "fr"
    assert article.origin == f"{path}:1"


def test_jsonl_gz_and_json_array(tmp_path):
    gz = tmp_path / "in.jsonl.gz"
    gz.write_bytes(gzip.compress((json.dumps({"id": "g", "text": FRENCH}) + "\n").encode()))
    array = tmp_path / "in.json"
    array.write_text(json.dumps([{"id": "j1", "text": FRENCH}, {"id": "j2", "text": FRENCH}]), encoding="utf-8")
    articles, rejects = split(read_inputs([str(gz), str(array)], published=date(2020, 1, 1)))
    assert [a.id for a in articles] == ["g", "j1", "j2"] and not rejects
    assert all(a.published == date(2020, 1, 1) for a in articles)


def test_published_precedence_input_then_option(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "own", "text": FRENCH, "published": "2019-03-01"}, {"id": "none", "text": FRENCH}])
    articles, _ = split(read_inputs([str(path)], published=date(2021, 4, 6)))
    assert [a.published for a in articles] == [date(2019, 3, 1), date(2021, 4, 6)]


def test_missing_published_warns_and_stays_none(tmp_path, caplog):
    path = write_jsonl(tmp_path / "in.jsonl", [{"id": "x", "text": FRENCH}])
    (article,), _ = split(read_inputs([str(path)]))
    assert article.published is None
    assert f"{path}:1" in caplog.text and "no publication date" in caplog.text


def test_bad_lines_become_rejects_with_file_and_line(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", [
        {"id": "ok", "text": FRENCH}, "{not json", {"id": "no-text"}, {"id": "blank", "text": "  \n "},
        "[1, 2]", {"id": "date", "text": FRENCH, "published": "06/04/2021"}, {"id": 5, "text": 7},
    ])
    articles, rejects = split(read_inputs([str(path)]))
    assert [a.id for a in articles] == ["ok"]
    reasons = {r.line: r.reason for r in rejects}
    assert reasons[2].startswith("invalid JSON")
    assert reasons[3] == "missing field 'text'"
    assert reasons[4] == "empty text"
    assert "expected a JSON object" in reasons[5]
    assert "invalid published date" in reasons[6]
    assert "must be a string" in reasons[7]
    assert rejects[0].location() == f"{path}:2" and rejects[0].raw == "{not json"


def test_overlong_line_is_rejected_and_the_next_lines_are_read(tmp_path, monkeypatch):
    from veille.ingest import readers

    monkeypatch.setattr(readers, "MAX_LINE_BYTES", 400)
    huge = {"id": "huge", "text": FRENCH * 40}
    path = tmp_path / "in.jsonl.gz"
    rows = [{"id": "a", "text": FRENCH}, huge, {"id": "b", "text": FRENCH}]
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    articles, rejects = split(read_inputs([str(path)]))
    assert [a.id for a in articles] == ["a", "b"]
    assert [(r.line, r.reason) for r in rejects] == [(2, "line longer than 400 bytes, not read")]


def test_missing_file_binary_file_and_unknown_type(tmp_path):
    binary = tmp_path / "noise.jsonl"
    binary.write_bytes(bytes(range(256)) * 10)
    other = tmp_path / "notes.pdf"
    other.write_bytes(b"%PDF-1.4")
    _, rejects = split(read_inputs([str(tmp_path / "absent.jsonl"), str(binary), str(other)]))
    assert [r.reason.split(" ")[0] for r in rejects] == ["no", "binary", "unsupported"]


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    lines = "".join(json.dumps({"id": f"n{i}", "text": f"{FRENCH} Numéro {i * 7919}."}) + "\n" for i in range(2000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(lines.encode())[:15000])
    articles, rejects = split(read_inputs([str(path)]))
    assert articles and len(rejects) == 1
    assert rejects[0].line == len(articles) + 1 and "unreadable" in rejects[0].reason


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path, caplog):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(json.dumps({"id": "l", "text": "Le ministre a parlé à la presse du conflit en cours."})
                     .encode().replace(b"\\u00e9", b"\xe9") + b"\n")
    (article,), _ = split(read_inputs([str(path)]))
    assert "\ufffd" in article.text and "invalid UTF-8" in caplog.text


def test_text_and_html_files_and_folders(tmp_path):
    folder = tmp_path / "dossier"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "sub" / "b.html").write_text(
        "<html><head><title>Sommet à Bruxelles</title><meta name='date' content='2021-04-06'></head>"
        f"<body><article><h1>Sommet à Bruxelles</h1><p>{FRENCH} {FRENCH}</p><p>{FRENCH}</p></article></body></html>",
        encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")
    articles, rejects = split(read_inputs([str(folder)]))
    assert not rejects
    assert [a.id for a in articles] == ["a", "sub/b"]
    assert "rencontré mardi" in articles[1].text
    assert articles[1].published == date(2021, 4, 6)


def test_rss_feed_items(tmp_path):
    feed = tmp_path / "flux.rss"
    feed.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Flux test</title>
<item><title>Un</title><link>https://example.org/1</link><guid>item-1</guid>
<pubDate>Tue, 06 Apr 2021 10:00:00 GMT</pubDate><description>{FRENCH}</description></item>
<item><title>Deux</title><link>https://example.org/2</link>
<description>&lt;p&gt;{FRENCH}&lt;/p&gt;</description></item>
</channel></rss>""", encoding="utf-8")
    articles, rejects = split(read_inputs([str(feed)]))
    assert not rejects
    assert [(a.id, a.published, a.source) for a in articles] == [
        ("item-1", date(2021, 4, 6), "Flux test"), ("https://example.org/2", None, "Flux test")]
    assert articles[1].text == FRENCH  # HTML of the description stripped


def test_broken_feed_is_rejected(tmp_path):
    feed = tmp_path / "casse.xml"
    feed.write_text("<rss><channel><item>", encoding="utf-8")
    _, (reject,) = split(read_inputs([str(feed)]))
    assert reject.source == str(feed)


@pytest.mark.parametrize("text, place", [
    ("PARIS (AFP) - Le gouvernement a annoncé", "Paris"),
    ("BRUXELLES: L'Otan a appelé", "Bruxelles"),
    ("Bamako (AFP) – Des hommes armés ont attaqué", "Bamako"),
    ("ABIDJAN, 3 mars (AFP) - Le président a", "Abidjan"),
])
def test_dateline_is_recognised(text, place):
    found, end = find_dateline(text)
    assert found == place
    assert text[end:].startswith(("Le", "L'", "Des"))


@pytest.mark.parametrize("text", [
    "Selon lui: la situation reste tendue.",
    "Le ministre - qui parlait à Paris - a annoncé",
])
def test_ordinary_sentences_are_not_datelines(text):
    assert find_dateline(text) == (None, 0)


def test_language_is_detected_and_given_language_is_kept():
    english = make_article(id="e", text="The minister met his counterpart on Tuesday to discuss the war in the east.")
    assert english.language == "en"
    assert make_article(id="f", text=FRENCH).language == "fr"
    assert make_article(id="g", text=FRENCH, language="FR").language == "fr"


def test_make_article_errors():
    with pytest.raises(InputError, match="empty text"):
        make_article(id="x", text="")
    with pytest.raises(InputError, match="longer than --max-chars"):
        make_article(id="x", text="mot " * 100, max_chars=50)
    assert make_article(text=FRENCH).id.startswith("sha1-")  # a stable id when none is given


def test_oversized_page_and_symlink_loops_are_rejected_not_hung(tmp_path):
    from veille.ingest.readers import MAX_MARKUP_BYTES

    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "huge.html").write_bytes(b"<html><body><p>" + b"a" * (MAX_MARKUP_BYTES + 1) + b"</p></body></html>")
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a directory loop
    (folder / "self.txt").symlink_to(folder / "self.txt")  # a file that points at itself
    (folder / "ok.txt").write_text(FRENCH, encoding="utf-8")
    articles, rejects = split(read_inputs([str(folder)]))
    assert [a.id for a in articles] == ["ok"]
    reasons = {Path(r.source).name: r.reason for r in rejects}
    assert "larger than" in reasons["huge.html"]
    assert reasons["self.txt"].startswith("cannot read")


def test_entity_expansion_in_a_feed_is_not_expanded(tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    feed = tmp_path / "lol.xml"
    feed.write_text(f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{laughs}]>'
                    f'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
                    f'<description>&l9;</description></item></channel></rss>', encoding="utf-8")
    items = list(read_inputs([str(feed)]))
    assert all(len(getattr(i, "text", "")) < 1000 for i in items)
