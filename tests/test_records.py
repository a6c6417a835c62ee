"""The records serialise exactly as DESIGN.md's output contract."""

from datetime import date

from veille.records import (Actor, Casualty, CodedArticle, Entity, Event, Location, Place, Quote,
                            Speaker, Timex)

CONTRACT_KEYS = ["id", "published", "language", "title", "coder", "events", "quotes", "casualties",
                 "timexes", "places", "entities"]


def sample() -> CodedArticle:
    event = Event(type="CONSULT", mode="phone",
                  actor=[Actor("NATO", None, "Jens Stoltenberg", "Jens Stoltenberg")],
                  recipient=[Actor("UKR", "PRE", "Volodymyr Zelensky", "Volodymyr Zelensky")],
                  certainty="asserted", date="2021-04-06", date_text="mardi",
                  location=Location("Bruxelles", "BEL", 50.85, 4.35, 2800866),
                  evidence="s'est entretenu mardi", start=0, end=21, rule="fr.consult.entretien")
    return CodedArticle(
        id="a", published=date(2021, 4, 6), language="fr", title="t", coder="veille 0.1.0 (resources x)",
        events=[event],
        quotes=[Quote("Nous restons vigilants", 3, 25, "a déclaré", Speaker("Jens Stoltenberg", "NATO", None))],
        casualties=[Casualty(4, "exact", "killed", "soldats ukrainiens", "UKR", "2021-W13", "quatre soldats", 0, 14)],
        timexes=[Timex("mardi", 130, 135, "DATE", "2021-04-06")],
        places=[Place("Kiev", 0, 4, "Kyiv", "UKR", 50.45, 30.52, 703448)],
        entities=[Entity("Volodymyr Zelensky", "PER", 0, 18, "UKR", "PRE")],
    )


def test_coded_article_keys_follow_the_contract():
    data = sample().to_dict()
    assert list(data)[: len(CONTRACT_KEYS)] == CONTRACT_KEYS
    assert data["published"] == "2021-04-06"
    event = data["events"][0]
    assert event["actor"] == [{"code": "NATO", "sector": None, "text": "Jens Stoltenberg", "name": "Jens Stoltenberg"}]
    assert event["location"] == {"name": "Bruxelles", "country": "BEL", "lat": 50.85, "lon": 4.35, "geonameid": 2800866}
    for key in ("type", "mode", "certainty", "date", "date_text", "evidence", "start", "end", "rule"):
        assert key in event
    assert data["quotes"][0]["speaker"] == {"name": "Jens Stoltenberg", "code": "NATO", "sector": None}
    assert set(data["casualties"][0]) >= {"count", "qualifier", "kind", "victims", "country", "date", "evidence", "start", "end"}
    assert data["timexes"][0] == {"text": "mardi", "start": 130, "end": 135, "type": "DATE", "value": "2021-04-06", "mod": None}


def test_round_trip_through_dict():
    original = sample()
    again = CodedArticle.from_dict(original.to_dict())
    assert again == original
