"""Coded articles built by hand (no spaCy), for the store's, API's and export's tests and docs.

`coded_pair` writes an article whose events, quotes and casualties point at the exact characters
of phrases in its text, as the extractors would.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from veille.records import Actor, Article, Casualty, CodedArticle, Entity, Event, Location, Place, Quote, Speaker, Timex


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def event(text: str, evidence: str, type: str, actors: Sequence[tuple[str, str | None, str]],
          recipients: Sequence[tuple[str, str | None, str]] = (), certainty: str = "asserted",
          day: str | None = None, place: tuple[str, str, float | None, float | None] | None = None,
          mode: str | None = None) -> Event:
    start, end = span(text, evidence)
    location = Location(name=place[0], country=place[1], lat=place[2], lon=place[3]) if place else None
    return Event(type=type, mode=mode, actor=[Actor(code=c, sector=s, text=t) for c, s, t in actors],
                 recipient=[Actor(code=c, sector=s, text=t) for c, s, t in recipients], certainty=certainty,
                 date=day, date_text=None, location=location, evidence=evidence, start=start, end=end,
                 rule="test")


def quote(text: str, quoted: str, speaker: str | None, code: str | None = None, cue: str | None = None) -> Quote:
    start, end = span(text, quoted)
    return Quote(text=quoted, start=start, end=end, cue=cue,
                 speaker=Speaker(name=speaker, code=code) if speaker else None)


def casualty(text: str, evidence: str, count: int, kind: str, country: str | None = None) -> Casualty:
    start, end = span(text, evidence)
    return Casualty(count=count, qualifier="exact", kind=kind, victims=None, country=country, date=None,
                    evidence=evidence, start=start, end=end)


def coded_pair(id: str, text: str, published: str, title: str = "", events: Sequence[Event] = (),
               quotes: Sequence[Quote] = (), casualties: Sequence[Casualty] = (),
               timexes: Sequence[Timex] = (), places: Sequence[Place] = (), entities: Sequence[Entity] = (),
               source: str | None = "test") -> tuple[Article, CodedArticle]:
    day = date.fromisoformat(published)
    article = Article(id=id, text=text, title=title or id, published=day, source=source)
    coded = CodedArticle(id=id, published=day, language="fr", title=title or id, coder="veille test",
                         events=list(events), quotes=list(quotes), casualties=list(casualties),
                         timexes=list(timexes), places=list(places), entities=list(entities), source=source)
    return article, coded


def demo_pairs() -> list[tuple[Article, CodedArticle]]:
    """Three short dispatches: two reports of one attack (one cluster) and a phone call."""
    t1 = ("Des rebelles ont attaqué mardi un poste de l'armée près de Gao, tuant quatre soldats. "
          "« Nous ne céderons pas », a déclaré le ministre Amadou Diallo.")
    t2 = "L'attaque d'un poste militaire près de Gao a fait quatre morts, selon l'armée malienne."
    t3 = "Le président français a téléphoné jeudi à son homologue sénégalais pour parler du Sahel."
    gao = ("Gao", "MLI", 16.27, -0.04)
    return [
        coded_pair("d1", t1, "2024-03-05", "Mali : attaque près de Gao", events=[
            event(t1, "Des rebelles ont attaqué mardi un poste de l'armée près de Gao", "ASSAULT",
                  [("MLI", "REB", "Des rebelles")], [("MLI", "MIL", "un poste de l'armée")],
                  day="2024-03-05", place=gao)],
            quotes=[quote(t1, "Nous ne céderons pas", "Amadou Diallo", "MLI", "a déclaré")],
            casualties=[casualty(t1, "tuant quatre soldats", 4, "killed", "MLI")],
            timexes=[Timex(text="mardi", start=t1.index("mardi"), end=t1.index("mardi") + 5, type="DATE",
                           value="2024-03-05")]),
        coded_pair("d2", t2, "2024-03-06", "Mali : quatre soldats tués", events=[
            event(t2, "L'attaque d'un poste militaire près de Gao", "ASSAULT",
                  [("MLI", "REB", "rebelles")], [("MLI", "MIL", "poste militaire")], day="2024-03-05", place=gao)],
            casualties=[casualty(t2, "a fait quatre morts", 4, "killed", "MLI")]),
        coded_pair("d3", t3, "2024-03-08", "France - Sénégal : entretien", events=[
            event(t3, "Le président français a téléphoné jeudi à son homologue sénégalais", "CONSULT",
                  [("FRA", "GOV", "Le président français")], [("SEN", "GOV", "son homologue sénégalais")],
                  day="2024-03-07", mode="phone")]),
    ]
