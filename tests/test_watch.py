"""`veille watch`: local feeds and a local HTTP server on 127.0.0.1, never the internet.

Most tests code with a small stand-in coder (fast, and independent of the extractors' progress);
one runs the real pipeline end to end through `veille watch --once --db`.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import Counter
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from veille.records import Actor, Article, Casualty, CodedArticle, Event, Location
from veille.watch import ConfigError, Watcher, load_rules, load_sources, read_alerts
from veille.watch.config import FetchPolicy
from veille.watch.fetch import RefusedURL, check_url

ASSAULT_PAGE = """<html><head><title>Attaque meurtrière au Mali</title></head><body><article>
<h1>Attaque meurtrière au Mali</h1>
<p>Au moins douze soldats maliens ont été tués mardi dans l'attaque d'un camp militaire près de Mopti,
dans le centre du Mali, a annoncé l'armée dans un communiqué publié dans la soirée.</p>
<p>Les assaillants, arrivés à moto, ont incendié plusieurs véhicules avant de se replier vers la frontière,
selon des sources locales qui décrivent une opération longue de plusieurs heures.</p>
</article></body></html>"""

MEETING_PAGE = """<html><head><title>Rencontre à Dakar</title></head><body><article>
<h1>Rencontre à Dakar</h1>
<p>Le président sénégalais a reçu lundi à Dakar son homologue ghanéen pour parler du commerce régional
et de la sécurité dans la sous-région, a indiqué la présidence dans un communiqué.</p>
<p>Les deux dirigeants ont annoncé la création d'une commission mixte qui se réunira avant la fin de
l'année pour préparer de nouveaux accords.</p>
</article></body></html>"""

ALERTS = """
groups:
  NATO_MEMBERS: [FRA, POL, USA, NATO]
rules:
  - id: mali-deadly-assault
    severity: high
    event: {type: ASSAULT, country: MLI, min_dead: 5}
  - id: russia-threatens-nato
    event: {type: THREATEN, actor: RUS, recipient: "@NATO_MEMBERS"}
  - id: protest-spike
    spike: {type: PROTEST, factor: 2, baseline_days: 30, min_count: 3, min_history_days: 0}
"""


# -- a stand-in coder: an ASSAULT in Mali when the text says soldiers were killed there ----------
class KeywordCoder:
    def __init__(self) -> None:
        self.coded: list[str] = []

    def code_articles(self, articles, on_error=None):
        for article in articles:
            self.coded.append(article.id)
            events, casualties = [], []
            killed = re.search(r"(\d+|douze) soldats maliens ont été tués", article.text)
            if killed:
                count = 12 if killed.group(1) == "douze" else int(killed.group(1))
                events.append(Event(type="ASSAULT", mode=None, actor=[], recipient=[Actor("MLI", "MIL", "soldats")],
                                    certainty="asserted", date=None, date_text=None,
                                    location=Location("Mopti", "MLI"), evidence=killed.group(0),
                                    start=killed.start(), end=killed.end(), rule="test.assault"))
                casualties.append(Casualty(count=count, qualifier="at_least", kind="killed", victims="soldats",
                                           country="MLI", date=None, evidence=killed.group(0),
                                           start=killed.start(), end=killed.end()))
            yield CodedArticle(id=article.id, published=article.published, language="fr", title=article.title,
                               coder="test", events=events, casualties=casualties, url=article.url,
                               source=article.source)


class Collector:
    """A sink: what the watcher stores."""

    def __init__(self) -> None:
        self.pairs: list[tuple[Article, CodedArticle]] = []

    def __call__(self, pairs) -> dict:
        self.pairs += pairs
        return {"inserted": len(pairs)}

    def ids(self) -> list[str]:
        return [coded.id for _, coded in self.pairs]


# -- a local web server that counts requests ----------------------------------------------------
class CountingHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests[self.path] += 1
        if self.path.startswith("/redirect-to-"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/redirect-to-"):].replace("~", "/"))
            self.end_headers()
            return
        super().do_GET()

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.server.posted.append((self.path, json.loads(self.rfile.read(length))))
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(CountingHandler, directory=str(root)))
    server.requests = Counter()
    server.posted = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.root = root
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


def rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
                   f"<pubDate>Tue, 06 Apr 2021 10:00:00 GMT</pubDate><description>{summary}</description></item>"
                   for title, link, summary in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fil test</title>'
            f"<link>http://example.org/</link><description>test</description>{body}</channel></rss>")


def write_config(tmp_path: Path, sources: list[dict], **settings) -> Path:
    (tmp_path / "alerts.yaml").write_text(ALERTS, encoding="utf-8")
    config = {"interval": 60, "alerts": "alerts.yaml", "alerts_out": "alerts.jsonl", "retry_base": 300,
              "sources": sources, **settings}
    path = tmp_path / "sources.yaml"
    path.write_text(json.dumps(config), encoding="utf-8")  # JSON is YAML
    return path


def make_watcher(path: Path, sink=None, coder=None) -> Watcher:
    return Watcher(load_sources(path), sink=sink or Collector(), coder=coder or KeywordCoder())


# -- tests ----------------------------------------------------------------------------------------
def test_new_feed_item_is_fetched_once_and_raises_its_alert(tmp_path, site):
    (site.root / "reunion.html").write_text(MEETING_PAGE, encoding="utf-8")
    (site.root / "attaque.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    feed = site.root / "feed.xml"
    feed.write_text(rss([("Rencontre à Dakar", f"{site.url}/reunion.html", "Rencontre")]), encoding="utf-8")
    config = write_config(tmp_path, [{"name": "local-http", "feed": f"{site.url}/feed.xml"}], allow_private=True,
                          webhook=f"{site.url}/hook")
    sink = Collector()
    watcher = make_watcher(config, sink)

    first = watcher.run_once()
    assert first.failed == {} and first.new_articles == 1
    assert sink.ids() == [f"{site.url}/reunion.html"]
    article, coded = sink.pairs[0]
    assert "homologue ghanéen" in article.text and article.published == date(2021, 4, 6)
    assert first.alerts == []

    assert watcher.run_once().new_articles == 0  # nothing new: nothing fetched again

    feed.write_text(rss([("Attaque meurtrière au Mali", f"{site.url}/attaque.html", "Attaque"),
                         ("Rencontre à Dakar", f"{site.url}/reunion.html", "Rencontre")]), encoding="utf-8")
    # Last-Modified has one-second resolution: a feed rewritten within the second of the first
    # poll would rightly answer 304 to If-Modified-Since. Date the change as a real one would be.
    later = feed.stat().st_mtime + 2
    os.utime(feed, (later, later))
    third = watcher.run_once()
    assert third.new_articles == 1
    assert sink.ids() == [f"{site.url}/reunion.html", f"{site.url}/attaque.html"]
    assert [a.rule for a in third.alerts] == ["mali-deadly-assault"]
    assert site.requests["/reunion.html"] == 1 and site.requests["/attaque.html"] == 1

    alerts = read_alerts(tmp_path / "alerts.jsonl")
    assert len(alerts) == 1
    assert alerts[0]["rule"] == "mali-deadly-assault" and alerts[0]["country"] == "MLI"
    assert alerts[0]["article_id"] == f"{site.url}/attaque.html" and alerts[0]["event"]["type"] == "ASSAULT"
    assert [(path, body["rule"], body["id"]) for path, body in site.posted] == [
        ("/hook", "mali-deadly-assault", alerts[0]["id"])]
    watcher.close()

    # A restarted watcher (same state file) neither refetches nor re-alerts.
    restarted = make_watcher(config, sink)
    assert restarted.run_once().new_articles == 0
    assert site.requests["/attaque.html"] == 1
    assert len(read_alerts(tmp_path / "alerts.jsonl")) == 1
    restarted.close()


def test_garbage_and_failing_feeds_are_survived_and_backed_off(tmp_path, site):
    (site.root / "attaque.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    (site.root / "good.xml").write_text(rss([("Attaque", f"{site.url}/attaque.html", "x")]), encoding="utf-8")
    (site.root / "garbage.xml").write_bytes(b"\x00\x01<html><body>pas un flux</body")
    (tmp_path / "garbage-local.rss").write_text("{ceci n'est pas du XML", encoding="utf-8")
    config = write_config(tmp_path, [
        {"name": "garbage-http", "feed": f"{site.url}/garbage.xml"},
        {"name": "missing-http", "feed": f"{site.url}/absent.xml"},
        {"name": "garbage-file", "feed": "garbage-local.rss"},
        {"name": "good", "feed": f"{site.url}/good.xml"},
    ], allow_private=True)
    sink = Collector()
    watcher = make_watcher(config, sink)
    report = watcher.run_once()
    assert set(report.failed) == {"garbage-http", "missing-http", "garbage-file"}
    assert "HTTP 404" in report.failed["missing-http"]
    assert report.polled == ["good"] and sink.ids() == [f"{site.url}/attaque.html"]

    again = watcher.run_once()  # the failed sources back off; the good one is polled
    assert set(again.backing_off) == {"garbage-http", "missing-http", "garbage-file"}
    assert site.requests["/garbage.xml"] == 1
    status = watcher.state.source("garbage-http")
    assert status.failures == 1 and status.next_attempt > 0 and status.last_error

    # Back-off doubles at each failure; a success resets it.
    now = watcher.clock()
    watcher.clock = lambda: now + 10_000
    watcher.run_once()
    status = watcher.state.source("garbage-http")
    assert status.failures == 2 and status.next_attempt == pytest.approx(now + 10_000 + 600, abs=1)
    (site.root / "garbage.xml").write_text(rss([]), encoding="utf-8")
    watcher.clock = lambda: now + 20_000
    assert "garbage-http" in watcher.run_once().polled
    assert watcher.state.source("garbage-http").failures == 0
    watcher.close()


def test_links_to_files_and_private_addresses_are_refused(tmp_path, site):
    (site.root / "attaque.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    summary = "Au moins 7 soldats maliens ont été tués dans une embuscade au centre du Mali selon une source militaire."
    feed = tmp_path / "feed.rss"
    feed.write_text(rss([("Fichier", "file:///etc/passwd", "court"),
                         ("Local", f"{site.url}/attaque.html", summary),
                         ("Redirigé", f"{site.url}/redirect-to-~attaque.html", "court")]), encoding="utf-8")
    config = write_config(tmp_path, [{"name": "local-file", "feed": "feed.rss"}])  # allow_private: false
    sink = Collector()
    watcher = make_watcher(config, sink)
    report = watcher.run_once()
    assert site.requests == Counter()  # nothing was fetched from 127.0.0.1
    # The item whose page was refused falls back to its feed summary; the others have too little text.
    assert report.new_articles == 1 and "7 soldats" in sink.pairs[0][0].text
    watcher.close()

    policy = FetchPolicy(allow_private=False)
    for url in ("file:///etc/passwd", "http://127.0.0.1/x", "http://[::1]/x", "http://169.254.169.254/latest",
                "http://10.1.2.3/", "ftp://example.org/x", "gopher://x"):
        with pytest.raises(RefusedURL):
            check_url(url, policy)
    check_url("http://127.0.0.1/x", FetchPolicy(allow_private=True))
    with pytest.raises(RefusedURL):
        check_url("file:///etc/passwd", FetchPolicy(allow_private=True))


def test_redirects_are_checked_at_each_hop(tmp_path, site):
    (site.root / "attaque.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    feed = site.root / "feed.xml"
    # A relative link, resolved against the feed's URL, that redirects to the page.
    feed.write_text(rss([("Redirigé", "/redirect-to-~attaque.html", "court")]), encoding="utf-8")
    config = write_config(tmp_path, [{"name": "http", "feed": f"{site.url}/feed.xml"}], allow_private=True)
    sink = Collector()
    watcher = make_watcher(config, sink)
    assert watcher.run_once().new_articles == 1
    assert site.requests["/attaque.html"] == 1 and "douze soldats" in sink.pairs[0][0].text
    watcher.close()


def test_same_text_under_two_urls_is_coded_once_and_folders_are_watched(tmp_path, site):
    (site.root / "a.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    (site.root / "b.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    (site.root / "feed.xml").write_text(rss([("A", f"{site.url}/a.html", "x"), ("B", f"{site.url}/b.html", "x")]),
                                        encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = write_config(tmp_path, [{"name": "http", "feed": f"{site.url}/feed.xml"},
                                     {"name": "inbox", "folder": "inbox"}], allow_private=True)
    coder = KeywordCoder()
    watcher = make_watcher(config, coder=coder)
    assert watcher.run_once().new_articles == 1

    (inbox / "depeches.jsonl").write_text(json.dumps(
        {"id": "d1", "text": "Le gouvernement a annoncé jeudi un nouveau plan pour l'agriculture.",
         "published": "2021-04-08"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert watcher.run_once().new_articles == 1
    assert watcher.run_once().new_articles == 0
    with (inbox / "depeches.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps({"id": "d2", "text": "Des milliers de personnes ont manifesté samedi à Tunis.",
                              "published": "2021-04-10"}, ensure_ascii=False) + "\n")
    assert watcher.run_once().new_articles == 1
    assert coder.coded[1:] == ["d1", "d2"]
    watcher.close()


def test_background_watch_polls_until_stopped(tmp_path, site):
    from veille.watch.watcher import BackgroundWatch

    (site.root / "attaque.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    (site.root / "feed.xml").write_text(rss([("Attaque", f"{site.url}/attaque.html", "x")]), encoding="utf-8")
    config = write_config(tmp_path, [{"name": "http", "feed": f"{site.url}/feed.xml"}], allow_private=True)
    sink = Collector()
    background = BackgroundWatch(make_watcher(config, sink)).start()
    deadline = time.monotonic() + 30
    while not sink.pairs and time.monotonic() < deadline:
        time.sleep(0.05)
    background.stop(timeout=10)
    assert not background.thread.is_alive()
    assert sink.ids() == [f"{site.url}/attaque.html"]


def coded_with(event: Event, id: str = "x", casualties=()) -> tuple[Article, CodedArticle]:
    article = Article(id=id, text="…", published=date(2021, 4, 6))
    return article, CodedArticle(id=id, published=date(2021, 4, 6), language="fr", title="", coder="t",
                                 events=[event], casualties=list(casualties))


def event(type: str, actor=(), recipient=(), country=None, dead=None, day=None) -> Event:
    return Event(type=type, mode=None, actor=[Actor(c, None, c) for c in actor],
                 recipient=[Actor(c, None, c) for c in recipient], certainty="asserted", date=day, date_text=None,
                 location=Location("lieu", country) if country else None, evidence="", start=0, end=0, rule="t",
                 dead=dead)


def test_alert_rules(tmp_path):
    from veille.watch.alerts import AlertEngine
    from veille.watch.state import WatchState

    (tmp_path / "alerts.yaml").write_text(ALERTS, encoding="utf-8")
    engine = AlertEngine(load_rules(tmp_path / "alerts.yaml"), WatchState(tmp_path / "state.sqlite"))
    raised = engine.evaluate([
        coded_with(event("ASSAULT", country="MLI", dead=3), "few-dead"),
        coded_with(event("ASSAULT", country="NER", dead=30), "elsewhere"),
        coded_with(event("ASSAULT", country="MLI", dead=8), "mali"),
        coded_with(event("ASSAULT", country="MLI"), "mali-casualties",
                   [Casualty(6, "exact", "killed", None, "MLI", None, "", 0, 0)]),
        coded_with(event("THREATEN", actor=["RUS"], recipient=["POL"]), "threat"),
        coded_with(event("THREATEN", actor=["RUS"], recipient=["CHN"]), "not-nato"),
        coded_with(event("THREATEN", actor=["CHN"], recipient=["USA"]), "not-russia"),
    ])
    assert sorted((a.rule, a.article_id) for a in raised) == [
        ("mali-deadly-assault", "mali"), ("mali-deadly-assault", "mali-casualties"),
        ("russia-threatens-nato", "threat")]
    assert engine.evaluate([coded_with(event("ASSAULT", country="MLI", dead=8), "mali")]) == []  # once

    # Spike: 1 protest a day in Senegal for ten days, then 4 in one day (mean 1/3 a day over 30 days).
    for d in range(1, 11):
        assert engine.evaluate([coded_with(event("PROTEST", country="SEN", day=f"2021-03-{d:02d}"), f"p{d}")]) == []
    spike = engine.evaluate([coded_with(event("PROTEST", country="SEN", day="2021-03-20"), f"s{i}") for i in range(4)])
    assert [(a.rule, a.country, a.day, a.count) for a in spike] == [("protest-spike", "SEN", "2021-03-20", 4)]
    assert spike[0].baseline_mean == pytest.approx(10 / 30, abs=1e-3)
    assert engine.evaluate([coded_with(event("PROTEST", country="SEN", day="2021-03-20"), "s5")]) == []


def test_config_errors_name_file_and_line(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("interval: 60\nsources:\n  - name: ok\n    feed: a.rss\n  - name: bad\n    fede: b.rss\n",
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.yaml:\d+: sources/1"):
        load_sources(path)
    rules = tmp_path / "alerts.yaml"
    rules.write_text("rules:\n  - id: r\n    event: {type: ATTACK}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"alerts\.yaml:3: rules/0/event/type"):
        load_rules(rules)
    rules.write_text("rules:\n  - id: r\n    event: {recipient: '@NOPE'}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown group"):
        load_rules(rules)


def test_examples_are_valid():
    root = Path(__file__).resolve().parents[1] / "examples"
    config = load_sources(root / "sources.yaml")
    assert {r.id for r in load_rules(config.alerts_path)} >= {"mali-deadly-assault", "russia-threatens-nato",
                                                            "protest-spike"}


def test_watch_command_codes_and_stores_with_the_real_pipeline(tmp_path, site):
    from click.testing import CliRunner

    from veille.store import open_store
    from veille.watch.commands import watch

    (site.root / "attaque.html").write_text(ASSAULT_PAGE, encoding="utf-8")
    (site.root / "feed.xml").write_text(rss([("Attaque", f"{site.url}/attaque.html", "x")]), encoding="utf-8")
    config = write_config(tmp_path, [{"name": "http", "feed": f"{site.url}/feed.xml"}], allow_private=True)
    db = tmp_path / "veille.duckdb"
    result = CliRunner().invoke(watch, [str(config), "--db", str(db), "--once"])
    assert result.exit_code == 0, result.output
    assert "1 new articles" in result.output
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
        stored = store.article(f"{site.url}/attaque.html")
        assert stored is not None and "douze soldats" in json.dumps(stored, ensure_ascii=False)
    result = CliRunner().invoke(watch, [str(config), "--db", str(db), "--once"])
    assert result.exit_code == 0 and "0 new articles" in result.output
    assert site.requests["/attaque.html"] == 1
