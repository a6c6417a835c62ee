"""The DuckDB store: migrations, idempotent upserts, replacement, resumable batches, clusters,
filters; and `veille ingest` into a file."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from veille.store import EventFilter, open_store
from veille.store.clusters import ReportedEvent, assign_clusters, cluster_key
from veille.store.examples import coded_pair, demo_pairs, event
from veille.store.periods import period_bounds
from veille.store.schema import MIGRATIONS


@pytest.fixture
def store():
    with open_store(":memory:") as opened:
        yield opened


def test_migrations_applied_once(tmp_path):
    path = tmp_path / "v.duckdb"
    with open_store(path) as first:
        assert first.schema_version() == MIGRATIONS[-1].version
    with open_store(path) as again:  # reopening applies nothing twice
        with again.reader() as cur:
            assert cur.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(MIGRATIONS)


def test_reingesting_changes_nothing(store):
    first = store.upsert(demo_pairs())
    counts = store.counts()
    again = store.upsert(demo_pairs())
    assert (first.inserted, again.inserted, again.unchanged, again.replaced) == (3, 0, 3, 0)
    assert store.counts() == counts
    assert counts["events"] == 3 and counts["quotes"] == 1 and counts["casualties"] == 2


def test_changed_text_replaces_old_records(store):
    store.upsert(demo_pairs())
    text = "Les forces de sécurité ont arrêté six manifestants samedi à Bamako."
    changed = coded_pair("d1", text, "2024-03-09", events=[
        event(text, "Les forces de sécurité ont arrêté six manifestants", "COERCE", [("MLI", "COP", "forces")])])
    result = store.upsert([changed])
    assert result.replaced == 1
    records = store.article("d1")
    assert records["text"] == text
    assert [e["type"] for e in records["events"]] == ["COERCE"]
    assert records["quotes"] == [] and records["casualties"] == [] and records["timexes"] == []
    # The attack is now reported by d2 only: its cluster lost a source.
    attack = store.events(EventFilter(type="ASSAULT")).items
    assert len(attack) == 1 and attack[0]["cluster"]["source_count"] == 1


def test_failed_batch_leaves_nothing_and_rerun_resumes(tmp_path, monkeypatch):
    path = tmp_path / "resume.duckdb"
    pairs = demo_pairs()
    with open_store(path) as store:
        store.upsert(pairs[:1])

        def crash(*args, **kwargs):
            raise RuntimeError("killed mid-batch")

        monkeypatch.setattr(store, "_recluster", crash)
        with pytest.raises(RuntimeError):
            store.upsert(pairs[1:])
        monkeypatch.undo()
        assert store.counts()["articles"] == 1  # the failed batch rolled back entirely
    with open_store(path) as store:  # the next run sends everything again
        result = store.upsert(pairs)
        assert (result.inserted, result.unchanged) == (2, 1)
        assert store.counts()["events"] == 3
        with store.reader() as cur:
            assert cur.execute("SELECT count(DISTINCT id) = count(*) FROM events").fetchone()[0]


def test_reports_of_one_event_form_a_cluster(store):
    store.upsert(demo_pairs())
    attack = store.events(EventFilter(type="ASSAULT")).items
    assert {e["cluster"]["id"] for e in attack} == {attack[0]["cluster"]["id"]}
    cluster = attack[0]["cluster"]
    assert cluster["source_count"] == 2
    assert (cluster["first_report"], cluster["last_report"]) == ("2024-03-05", "2024-03-06")
    clusters = store.clusters(min_sources=2).items
    assert len(clusters) == 1 and clusters[0]["place"] == "Gao"
    detail = store.event(attack[0]["id"])
    assert {e["article_id"] for e in detail["cluster"]["events"]} == {"d1", "d2"}


def test_cluster_window_and_keys():
    key = cluster_key("ASSAULT", ["MLI"], ["MLI"], "MLI")
    other = cluster_key("ASSAULT", ["MLI"], ["FRA"], "MLI")
    events = [
        ReportedEvent("a:e0", "a", key, date(2024, 3, 1), date(2024, 3, 1)),
        ReportedEvent("b:e0", "b", key, date(2024, 3, 3), date(2024, 3, 4)),  # within 3 days: chained
        ReportedEvent("c:e0", "c", key, date(2024, 3, 20), date(2024, 3, 20)),  # weeks later: new event
        ReportedEvent("d:e0", "d", other, date(2024, 3, 1), date(2024, 3, 1)),  # other recipient
    ]
    clusters = assign_clusters(events, window_days=3)
    sizes = sorted((c.cluster_key == key, c.source_count) for c in clusters)
    assert sizes == [(False, 1), (True, 1), (True, 2)]
    assert cluster_key("X", ["B", "A", "A"], [], None) == cluster_key("X", ["A", "B"], [None], "")


def test_filters(store):
    store.upsert(demo_pairs())
    assert store.events(EventFilter(country="sen")).total == 1
    assert store.events(EventFilter(actor="FRA", recipient="SEN")).total == 1
    assert store.events(EventFilter(type="ASSAULT,CONSULT")).total == 3
    assert store.events(EventFilter(certainty="asserted")).total == 3
    assert store.events(EventFilter(date_from=date(2024, 3, 6))).total == 1
    assert store.events(EventFilter(date_to=date(2024, 3, 5))).total == 2
    assert store.events(EventFilter(text="téléphoné")).total == 1
    assert store.events(EventFilter(text="100%")).total == 0
    page = store.events(limit=2, offset=2)
    assert page.total == 3 and len(page.items) == 1


def test_article_spans_point_at_their_records(store):
    store.upsert(demo_pairs())
    article = store.article("d1")
    kinds = {s["kind"] for s in article["spans"]}
    assert kinds == {"event", "quote", "casualty", "timex"}
    by_id = {r["id"]: r for r in article["events"] + article["quotes"] + article["casualties"]}
    for span in article["spans"]:
        if span["kind"] in ("event", "quote", "casualty"):
            record = by_id[span["record_id"]]
            assert article["text"][span["start"]:span["end"]] in (record.get("evidence"), record.get("text"))


def test_actor_timeline_and_map(store):
    store.upsert(demo_pairs())
    mali = store.actor("mli")
    assert mali["dyads"] == [{"actor": "MLI", "recipient": "MLI", "type": "ASSAULT", "events": 2}]
    assert mali["quotes"]["items"][0]["speaker"]["name"] == "Amadou Diallo"
    assert mali["casualties"]["total"] == 2
    days = {p["period"]: p for p in store.timeline()}
    assert days["2024-03-05"]["conflict"] == 2 and days["2024-03-07"]["cooperation"] == 1
    weeks = store.timeline(interval="week")
    assert sum(p["conflict"] + p["cooperation"] for p in weeks) == 3
    assert {p["name"] for p in store.map_points()} == {"Gao"}


def test_period_bounds():
    assert period_bounds("2021-04-06") == (date(2021, 4, 6), date(2021, 4, 6))
    assert period_bounds("2021-02") == (date(2021, 2, 1), date(2021, 2, 28))
    assert period_bounds("2021-W13") == (date(2021, 3, 29), date(2021, 4, 4))
    assert period_bounds("2020") == (date(2020, 1, 1), date(2020, 12, 31))
    assert period_bounds("PRESENT_REF") == (None, None) and period_bounds("2021-13") == (None, None)


def _coded_lines(tmp_path):
    path = tmp_path / "coded.jsonl"
    lines = []
    for article, coded in demo_pairs():
        lines.append(json.dumps({**coded.to_dict(), "text": article.text}, ensure_ascii=False))
    lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ingest_command_is_idempotent_and_reports_rejects(tmp_path):
    from veille.serve.commands import ingest_command

    db = tmp_path / "cli.duckdb"
    source = _coded_lines(tmp_path)
    runner = CliRunner()
    first = runner.invoke(ingest_command, [str(source), "--coded", "--db", str(db)])
    assert first.exit_code == 3, first.output  # one line rejected
    assert f"{source}:4:" in first.output
    rejects = (tmp_path / "cli.duckdb.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(rejects[0])["line"] == 4
    with open_store(db) as store:
        counts = store.counts()
    runner.invoke(ingest_command, [str(source), "--coded", "--db", str(db)])
    with open_store(db) as store:
        assert store.counts() == counts and counts["articles"] == 3


def test_ingest_codes_articles_with_the_coder(tmp_path):
    """End to end with spaCy on sentences of our own; asserts storage, not extractor output."""
    from veille.serve.commands import ingest_command

    source = tmp_path / "in.jsonl"
    rows = [{"id": "x1", "text": "Le ministre malien a rencontré lundi à Bamako son homologue nigérien.",
             "published": "2024-03-04", "title": "Rencontre"},
            {"id": "x2", "text": "Des manifestants ont défilé samedi à Dakar contre la hausse des prix.",
             "published": "2024-03-09"}]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    db = tmp_path / "coded.duckdb"
    result = CliRunner().invoke(ingest_command, [str(source), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        article = store.article("x1")
        assert article["title"] == "Rencontre" and article["coder"].startswith("veille")
        assert store.counts()["articles"] == 2
    again = CliRunner().invoke(ingest_command, [str(source), "--db", str(db)])
    assert "2 unchanged" in again.output


def test_timeline_starts_near_the_first_report(store):
    text = "Le pays est en guerre depuis 1990, selon le ministre."
    old = coded_pair("old", text, "2024-03-04", events=[
        event(text, "Le pays est en guerre depuis 1990", "ASSAULT", [("MLI", "REB", "x")], day="1990")])
    store.upsert(demo_pairs() + [old])
    assert all(p["period"] >= "2024-02" for p in store.timeline())
    assert any(p["period"].startswith("1990") for p in store.timeline(EventFilter(date_from=date(1900, 1, 1))))


def test_a_new_coder_version_replaces_records(store):
    store.upsert(demo_pairs())
    recoded = []
    for article, coded in demo_pairs():
        coded.coder = "veille test 2"
        recoded.append((article, coded))
    assert store.upsert(recoded).replaced == 3
    assert store.upsert(recoded).unchanged == 3
    assert store.article("d1")["coder"] == "veille test 2"


def test_charts_count_events_that_happened(store):
    text = "Le ministre a menacé de frapper le pays voisin s'il ne retirait pas ses troupes."
    hypothetical = coded_pair("h", text, "2024-03-05", events=[
        event(text, "Le ministre a menacé de frapper le pays voisin", "ASSAULT", [("MLI", "GOV", "ministre")],
              certainty="hypothetical", day="2024-03-05", place=("Gao", "MLI", 16.27, -0.04))])
    store.upsert(demo_pairs() + [hypothetical])
    assert sum(p["conflict"] for p in store.timeline()) == 2
    assert sum(p["conflict"] for p in store.timeline(EventFilter(certainty="hypothetical"))) == 1
    assert store.map_points()[0]["events"] == 2
    assert store.events().total == 4  # the table lists every event, with its certainty


def test_text_search_is_literal(store):
    text = "Les syndicats ont manifesté contre une hausse de 50% des prix_du_pain."
    store.upsert([coded_pair("lit", text, "2024-03-05", events=[
        event(text, "Les syndicats ont manifesté contre une hausse de 50% des prix_du_pain", "PROTEST",
              [("FRA", "CVL", "syndicats")])])])
    assert store.events(EventFilter(text="50%")).total == 1
    assert store.events(EventFilter(text="5_%")).total == 0
    assert store.events(EventFilter(text="prix_du")).total == 1
    assert store.events(EventFilter(text="prix%pain")).total == 0
    assert store.articles(text="50%").total == 1


def test_a_new_migration_upgrades_an_existing_file(tmp_path, monkeypatch):
    import veille.store.duckdb_store as duckdb_store
    from veille.store.schema import Migration

    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        store.upsert(demo_pairs())
    upgrade = Migration(MIGRATIONS[-1].version + 1, "a note per article", "ALTER TABLE articles ADD COLUMN note VARCHAR;")
    monkeypatch.setattr(duckdb_store, "MIGRATIONS", MIGRATIONS + (upgrade,))
    with open_store(path) as store:
        assert store.schema_version() == upgrade.version
        assert store.counts()["articles"] == 3  # data kept
        with store.reader() as cur:
            assert cur.execute("SELECT count(note) FROM articles").fetchone()[0] == 0


def test_an_inferred_recipient_keeps_its_mark(store):
    text = "Des milliers de Maliens ont manifesté samedi à Bamako."
    protest = event(text, "Des milliers de Maliens ont manifesté", "PROTEST", [("MLI", "CVL", "Maliens")],
                    [("MLI", "GOV", "gouvernement malien")])
    protest.recipient[0].inferred = True
    store.upsert([coded_pair("inf", text, "2024-03-09", events=[protest])])
    stored = store.events(EventFilter(type="PROTEST")).items[0]
    assert stored["recipient"][0]["inferred"] is True
    assert "inferred" not in stored["actor"][0]
