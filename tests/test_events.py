"""The French PLOVER event coder: each construction of issue 6 on sentences written for these
tests, the golden files of tests/golden/events/ (one per PLOVER type), and semantic checks of the
trigger lexicon against the PLOVER codebook and the CAMEO crosswalk."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from veille.records import CERTAINTIES, EVENT_TYPES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "events"
ONTOLOGY = ROOT.parent / "shared" / "ontology"


@pytest.fixture(scope="module")
def coder():
    from veille import Coder

    return Coder()


def codes(actors) -> set[str]:
    return {a.code for a in actors if a.code}


def events_of(coder, text: str, published: str = "2021-04-06"):
    return coder.code_text(text, published=published).events


def find(events, type_: str, actor: set[str], recipient: set[str] = frozenset()):
    for e in events:
        if e.type == type_ and codes(e.actor) & actor and (not recipient or codes(e.recipient) & recipient):
            return e
    return None


# -- constructions --------------------------------------------------------------------------------
def test_reported_act_gives_accusation_and_alleged_act(coder):
    events = events_of(coder, "Kiev accuse Moscou de masser des troupes à la frontière.")
    accuse = find(events, "ACCUSE", {"UKR"}, {"RUS"})
    mobilize = find(events, "MOBILIZE", {"RUS"})
    assert accuse is not None and accuse.certainty == "asserted"
    assert mobilize is not None and mobilize.certainty == "alleged"


def test_subject_and_object(coder):
    e = find(events_of(coder, "La Chine a menacé Taïwan de représailles militaires."), "THREATEN", {"CHN"}, {"TWN"})
    assert e is not None and e.certainty == "asserted"


def test_oblique_avec_and_phone_mode(coder):
    e = find(events_of(coder, "Emmanuel Macron s'est entretenu mardi par téléphone avec Vladimir Poutine."),
             "CONSULT", {"FRA"}, {"RUS"})
    assert e is not None and e.mode == "phone"


def test_oblique_contre_on_event_noun(coder):
    e = find(events_of(coder, "L'Union européenne a imposé de nouvelles sanctions contre la Russie."),
             "SANCTION", {"EU"}, {"RUS"})
    assert e is not None


def test_passive_agent(coder):
    e = find(events_of(coder, "Deux journalistes ont été arrêtés par la police turque."), "COERCE", {"TUR"})
    assert e is not None and e.mode == "arrest"


def test_coordinated_subject_gives_several_actors(coder):
    events = events_of(coder, "Les États-Unis, la Grande-Bretagne et l'Union européenne ont condamné l'annexion.")
    e = find(events, "ACCUSE", {"USA", "GBR", "EU"})
    assert e is not None and codes(e.actor) == {"USA", "GBR", "EU"}


def test_gerund_shares_the_clause_subject(coder):
    text = "Sergueï Lavrov a quitté la réunion, tout en reconnaissant des divergences avec Washington."
    assert find(events_of(coder, text), "CONCEDE", {"RUS"}) is not None


def test_agentless_arrest_is_the_act_of_the_force_named(coder):
    text = "Plusieurs opposants ont été arrêtés lundi à Minsk lorsque la police biélorusse est intervenue."
    e = find(events_of(coder, text), "COERCE", {"BLR"})
    assert e is not None and e.mode == "arrest"


def test_enumerated_agents_after_a_participle(coder):
    text = "Kiev a reçu des messages de solidarité adressés par les États-Unis, la Grande-Bretagne et l'Union européenne."
    e = find(events_of(coder, text), "SUPPORT", {"USA"})
    assert e is not None and codes(e.actor) == {"USA", "GBR", "EU"}


def test_parties_of_clashes_with_entre(coder):
    text = "De violents affrontements ont éclaté dans la nuit entre l'armée malienne et les rebelles touareg."
    e = find(events_of(coder, text), "ASSAULT", {"MLI"})
    assert e is not None and e.mode == "firearms"


def test_domestic_parties_are_distinct_actors(coder):
    events = events_of(coder, "Les talibans ont refusé de libérer les soldats afghans détenus.")
    reject = find(events, "REJECT", {"AFG"}, {"AFG"})
    release = find(events, "RETREAT", {"AFG"})
    assert reject is not None and {a.sector for a in reject.actor} == {"REB"}
    assert release is not None and release.certainty == "denied"


def test_apposition_names_the_actor(coder):
    e = find(events_of(coder, "Le secrétaire général de l'ONU, Antonio Guterres, a dénoncé l'attaque."), "ACCUSE", {"UN"})
    assert e is not None


def test_nominalisation_with_de(coder):
    text = "L'appel téléphonique du président Emmanuel Macron à Vladimir Poutine a duré une heure."
    e = find(events_of(coder, text), "CONSULT", {"FRA"})
    assert e is not None and e.mode == "phone" and e.rule == "fr.consult.entretien_telephonique"


def test_light_verb_construction(coder):
    e = find(events_of(coder, "Les talibans ont mené une attaque contre l'armée afghane."), "ASSAULT", {"AFG"}, {"AFG"})
    assert e is not None


def test_pronoun_subject_is_resolved(coder):
    text = "Joe Biden est arrivé lundi à Londres. Il a rencontré Boris Johnson."
    e = find(events_of(coder, text, "2021-06-07"), "CONSULT", {"USA"}, {"GBR"})
    assert e is not None


def test_first_person_in_quotation_is_the_speaker(coder):
    events = events_of(coder, "\"Nous condamnons fermement cette agression\", a déclaré Emmanuel Macron.")
    assert find(events, "ACCUSE", {"FRA"}) is not None


# -- certainty --------------------------------------------------------------------------------
@pytest.mark.parametrize("text,type_,actor,certainty", [
    ("La Russie n'a pas attaqué l'Ukraine, a affirmé le Kremlin.", "ASSAULT", "RUS", "denied"),
    ("Moscou a démenti avoir bombardé des civils.", "ASSAULT", "RUS", "denied"),
    ("Le Kremlin n'a pas nié avoir déployé des troupes près de la frontière.", "MOBILIZE", "RUS", "asserted"),
    ("La Chine prendrait des sanctions contre le Japon si Tokyo envoyait des navires.", "SANCTION", "CHN", "hypothetical"),
    ("La Chine prendrait des sanctions contre le Japon si Tokyo envoyait des navires.", "MOBILIZE", "JPN", "hypothetical"),
    ("Emmanuel Macron va se rendre en Algérie.", "CONSULT", "FRA", "future"),
    ("Joe Biden rencontrera Vladimir Poutine à Genève en juin.", "CONSULT", "USA", "future"),
    ("Selon Kiev, l'armée russe a bombardé Kharkiv.", "ASSAULT", "RUS", "reported"),
    ("L'armée malienne aurait tué des dizaines de civils, selon l'ONU.", "ASSAULT", "MLI", "alleged"),
])
def test_certainty(coder, text, type_, actor, certainty):
    e = find(events_of(coder, text), type_, {actor})
    assert e is not None, [(x.type, codes(x.actor)) for x in events_of(coder, text)]
    assert e.certainty == certainty


@pytest.mark.parametrize("text,type_,actor,certainty", [
    # A demanded act has not happened; a refused one is denied.
    ("Les manifestants réclament la démission du président ivoirien Alassane Ouattara.", "RETREAT", "CIV", "hypothetical"),
    ("Le gouvernement afghan refuse de libérer les prisonniers talibans.", "RETREAT", "AFG", "denied"),
    # "si" + passé composé states a fact to contrast with, not a condition.
    ("Si la Russie a libéré deux marins ukrainiens, elle détient encore vingt pêcheurs.", "RETREAT", "RUS", "asserted"),
    # A purpose carried out by the act itself is no intention.
    ("Des centaines de personnes ont manifesté à Dakar pour réclamer la libération de l'opposant Ousmane Sonko.",
     "REQUEST", "SEN", "asserted"),
    ("Le Mali a annoncé des négociations pour libérer les otages français.", "RETREAT", "MLI", "future"),
    # An act ascribed to someone is an allegation, performed by the accused.
    ("Washington a imputé cette attaque au groupe Etat islamique.", "ASSAULT", "IMG", "alleged"),
])
def test_certainty_of_embedded_acts(coder, text, type_, actor, certainty):
    e = find(events_of(coder, text), type_, {actor})
    assert e is not None, [(x.type, codes(x.actor), x.certainty) for x in events_of(coder, text)]
    assert e.certainty == certainty


def test_warning_is_a_threat_only_with_a_sanction(coder):
    threat = "La Chine a prévenu qu'elle prendrait des mesures contre le Japon."
    warning = "La Chine a prévenu que la croissance ralentirait cette année."
    assert find(events_of(coder, threat), "THREATEN", {"CHN"}) is not None
    assert find(events_of(coder, warning), "THREATEN", {"CHN"}) is None


@pytest.mark.parametrize("text", [
    "Il faut arrêter de faire peur à la Russie.",            # arrêter de = stop doing
    "Des élus se réclamant de la France insoumise ont voté.",  # se réclamer de = claim affiliation
    "La Russie s'attaque enfin à la corruption.",            # s'attaquer à = tackle
])
def test_idioms_are_not_events(coder, text):
    types = {e.type for e in events_of(coder, text)}
    assert not types & {"COERCE", "REQUEST", "ASSAULT"}


def test_every_event_has_a_certainty_evidence_and_rule(coder, resources):
    from veille.extract.event_rules import trigger_index

    ids = {t.id for t in trigger_index(resources).triggers}
    text = ("Kiev accuse Moscou de masser des troupes à la frontière. L'Union européenne a imposé de "
            "nouvelles sanctions contre la Russie. La Pologne a expulsé trois diplomates russes.")
    events = events_of(coder, text)
    assert len(events) >= 3
    for e in events:
        assert e.certainty in CERTAINTIES
        assert text[e.start:e.end] == e.evidence and e.evidence
        assert e.rule in ids
        assert e.cameo and e.intensity is not None


def test_description_is_not_an_event(coder):
    assert events_of(coder, "La Russie est le plus grand pays du monde.") == []


def test_repeated_mention_is_one_event(coder):
    text = "La Russie a attaqué l'Ukraine jeudi. Cette attaque de la Russie contre l'Ukraine a choqué l'Europe."
    assaults = [e for e in events_of(coder, text) if e.type == "ASSAULT"]
    assert len(assaults) == 1


def test_fixed_preposition_is_not_a_trigger(coder):
    events = events_of(coder, "Les talibans ont commis l'attentat à l'aide d'un camion piégé.")
    assert not [e for e in events if e.type == "AID"]


def test_sentence_without_trigger_costs_no_analysis(make_context):
    from veille.extract.events import extract_events

    ctx = make_context("Le temps était beau à Paris ce dimanche.")
    assert extract_events(ctx) == []


# -- golden files: one per PLOVER type -----------------------------------------------------------
def golden_cases() -> list:
    cases = []
    for path in sorted(GOLDEN.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                cases.append(pytest.param(json.loads(line), id=f"{path.stem}:{n}"))
    return cases


def test_one_golden_file_per_type():
    assert {p.stem.upper() for p in GOLDEN.glob("*.jsonl")} == set(EVENT_TYPES)


@pytest.mark.parametrize("case", golden_cases())
def test_golden(coder, case):
    events = events_of(coder, case["text"], case["published"])
    for exp in case["expect"]:
        e = find(events, exp["type"], set(exp["actor"]), set(exp["recipient"]))
        got = [(x.type, sorted(codes(x.actor)), sorted(codes(x.recipient)), x.certainty) for x in events]
        assert e is not None, got
        if exp.get("certainty"):
            assert e.certainty == exp["certainty"], got


# -- the lexicon ---------------------------------------------------------------------------------
def crosswalk() -> dict[str, tuple[set[str], set[str]]]:
    """CAMEO code → (PLOVER types, modes) from CAMEO2PLOVER-2021."""
    table: dict[str, tuple[set[str], set[str]]] = {}
    for line in (ONTOLOGY / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,\s*([a-z_-]*))?", line)
        if m:
            types, modes = table.setdefault(m.group(1), (set(), set()))
            types.add(m.group(2))
            if m.group(3):
                modes.add(m.group(3))
    return table


def plover_modes() -> dict[str, set[str]]:
    modes: dict[str, set[str]] = {}
    with (ONTOLOGY / "PLOVER_codebook.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["mode"]:
                modes.setdefault(row["event"], set()).add(row["mode"])
    return modes


needs_ontology = pytest.mark.skipif(not ONTOLOGY.exists(), reason="shared/ontology not available")


def test_trigger_words_have_one_type(resources):
    """The same word under the same constraints may not code two types."""
    seen: dict[tuple, str] = {}
    for t in resources.data("triggers")["triggers"]:
        for w in t["words"]:
            key = (w.lower(), t.get("pos", "verb"), tuple(sorted(t.get("with", ()))), bool(t.get("reflexive")),
                   tuple(t.get("exclude", ())))
            assert seen.setdefault(key, t["type"]) == t["type"], f"{w} codes {seen[key]} and {t['type']}"


def test_trigger_ids_are_unique_and_types_known(resources):
    data = resources.data("triggers")
    ids = [t["id"] for t in data["triggers"]]
    assert len(ids) == len(set(ids))
    assert set(data["types"]) == set(EVENT_TYPES)
    for t in data["triggers"]:
        assert t["type"] in EVENT_TYPES, t["id"]
        assert t["id"].startswith(f"fr.{t['type'].lower()}."), t["id"]


@needs_ontology
def test_cameo_codes_and_modes_are_plover(resources):
    table = crosswalk()
    modes = plover_modes()
    data = resources.data("triggers")
    for name, info in data["types"].items():
        assert name in table[info["cameo"]][0]
    for t in data["triggers"]:
        assert t["cameo"] in table, f"{t['id']}: unknown CAMEO code {t['cameo']}"
        assert t["type"] in table[t["cameo"]][0], f"{t['id']}: CAMEO {t['cameo']} is not {t['type']}"
        mode = t.get("mode")
        allowed = modes.get(t["type"], set()) | table[t["cameo"]][1]
        assert mode is None or mode in allowed, f"{t['id']}: mode {mode}"


def test_roles_are_known(resources):
    simple = {"subj", "psubj", "subj_of_head", "obj", "agent", "light", "adj", "clause", "clause_obj", "iobj", "head_de"}
    for t in resources.data("triggers")["triggers"]:
        for role in list(t.get("actor", ())) + list(t.get("recipient", ())):
            assert role in simple or role.startswith("obl:"), f"{t['id']}: role {role}"


def test_certainty_cues_load(resources):
    cues = resources.data("certainty")
    assert "nier" in cues["denial_verbs"] and "accuser" in cues["allegation_verbs"]
    assert "selon" in cues["report_preps"]
