"""A targeted event whose clause names no recipient takes the actor the story is about."""

from __future__ import annotations

from event_helpers import codes, events_of, find

from veille.extract.context import Mention
from veille.extract.story_recipients import story_actor
from veille.records import Actor, Event

# A story about Niger: the state is named five times, the opposition and the army once each.
NIGER_STORY = (
    "Le gouvernement nigérien a prolongé lundi l'état d'urgence dans la région de Tillabéri. "
    "Le Premier ministre nigérien a défendu la mesure devant les députés nigériens, "
    "et le ministre nigérien de l'Intérieur a promis des renforts. "
    "Des milliers de personnes ont manifesté samedi à Niamey. "
    "L'opposition a appelé mardi à l'ouverture d'un dialogue national. "
    "Des hommes armés ont attaqué jeudi un poste militaire près de la frontière."
)


def test_protest_without_target_is_aimed_at_the_story_actor(coder):
    events = events_of(coder, NIGER_STORY)
    protest = find(events, "PROTEST", {"NER"})
    assert protest is not None
    assert codes(protest.recipient) == {"NER"}
    assert all(r.inferred for r in protest.recipient)
    # The sector the story gives the state most often, not the protesters' own.
    assert protest.recipient[0].sector in {"GOV", "PRE"}


def test_request_without_addressee_is_aimed_at_the_story_actor(coder):
    events = events_of(coder, NIGER_STORY)
    request = find(events, "REQUEST", {"NER"})
    assert request is not None and codes(request.recipient) == {"NER"}
    assert request.recipient[0].inferred
    # The inferred actor is named by words of the article.
    assert request.recipient[0].text in NIGER_STORY


def test_violence_without_victims_side_keeps_an_empty_recipient(coder):
    events = events_of(coder, NIGER_STORY)
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert assaults
    assert not any(r.inferred for e in assaults for r in e.recipient)


def test_a_named_recipient_is_kept_and_not_marked(coder):
    text = ("Le Mali a rappelé son ambassadeur en France. Le ministre malien des Affaires étrangères "
            "a accusé mercredi la France d'ingérence. Le gouvernement malien a reçu des délégués.")
    accuse = find(events_of(coder, text), "ACCUSE", {"MLI"})
    assert accuse is not None and codes(accuse.recipient) == {"FRA"}
    assert not any(r.inferred for r in accuse.recipient)


def test_an_article_naming_no_actor_leaves_recipients_empty(coder):
    events = events_of(coder, "Des centaines de personnes ont manifesté dimanche devant la gare.")
    assert all(not e.recipient for e in events)


def test_inferred_is_written_out_only_when_true():
    assert "inferred" not in Actor(code="FRA", sector="GOV", text="Paris").to_dict()
    inferred = Actor(code="FRA", sector="GOV", text="Paris", inferred=True)
    assert inferred.to_dict()["inferred"] is True
    event = Event(type="PROTEST", mode=None, actor=[Actor(code="FRA", sector="CVL", text="des Français")],
                  recipient=[inferred], certainty="asserted", date=None, date_text=None, location=None,
                  evidence="", start=0, end=0, rule="r")
    assert Event.from_dict(event.to_dict()).recipient[0].inferred


def _mention(code: str, start: int, label: str = "GPE") -> Mention:
    return Mention(text=code, start=start, end=start + 3, label=label, code=code)


def test_story_actor_is_the_most_mentioned_code_first_named_on_a_tie():
    assert story_actor([_mention("FRA", 0), _mention("MLI", 10), _mention("MLI", 20)])[0] == "MLI"
    assert story_actor([_mention("FRA", 0), _mention("MLI", 10)])[0] == "FRA"
    # Pronouns do not count: their resolution is already a guess.
    assert story_actor([_mention("FRA", 0), _mention("MLI", 10, "PRON"), _mention("MLI", 20, "PRON")])[0] == "FRA"
    assert story_actor([_mention("MLI", 0, "PRON")]) is None


def test_an_article_with_inferred_recipients_meets_the_output_contract(coder):
    from test_hostile_text import contract_validator

    coded = coder.code_text(NIGER_STORY, published="2021-04-06").to_dict()
    assert any(r.get("inferred") for e in coded["events"] for r in e["recipient"])
    errors = [e.message for e in contract_validator().iter_errors(coded)]
    assert errors == []
