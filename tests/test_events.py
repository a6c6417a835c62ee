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

from event_helpers import codes, events_of, find

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "events"
ONTOLOGY = ROOT.parent / "shared" / "ontology"


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
    text = "Sergueï Lavrov a quitté la réunion, tout en dénonçant l'attitude de Washington."
    assert find(events_of(coder, text), "ACCUSE", {"RUS"}) is not None


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
                   tuple(t.get("exclude", ())), tuple(sorted(t.get("subject", ()))),
                   tuple(sorted(t.get("within", ()))), tuple(sorted(t.get("context", ()))),
                   tuple(sorted(t.get("before", ()))))
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
    simple = {"subj", "psubj", "subj_of_head", "obj", "agent", "light", "adj", "clause", "clause_obj", "iobj", "head_de",
              "armed_de", "alongside"}
    for t in resources.data("triggers")["triggers"]:
        for role in list(t.get("actor", ())) + list(t.get("recipient", ())):
            assert role in simple or role.startswith("obl:"), f"{t['id']}: role {role}"


def test_certainty_cues_load(resources):
    cues = resources.data("certainty")
    assert "nier" in cues["denial_verbs"] and "accuser" in cues["allegation_verbs"]
    assert "selon" in cues["report_preps"]


# -- places, sectors and constructions added for held-out generalisation --------------------------
def test_attack_without_place_takes_the_story_place(coder):
    text = ("Le Niger a connu une semaine sanglante. A Niamey, le gouvernement a décrété un deuil national. "
            "Des jihadistes ont attaqué un convoi militaire samedi.")
    e = find(events_of(coder, text), "ASSAULT", {"NER"})
    assert e is not None and e.location is not None and e.location.country == "NER"


def test_statement_without_place_stays_unplaced(coder):
    text = "Le Mali a été frappé par une crise. Le gouvernement malien a dénoncé les sanctions de la Cédéao."
    e = find(events_of(coder, text), "ACCUSE", {"MLI"})
    assert e is not None and e.location is None


def test_nationality_adjective_on_an_attack_is_the_military(coder):
    e = find(events_of(coder, "Un chef rebelle a été tué jeudi dans un raid américain en Somalie."),
             "ASSAULT", {"USA"})
    assert e is not None and {a.sector for a in e.actor} == {"MIL"}


def test_pronoun_after_a_seat_of_power_subject(coder):
    text = ("Le président ukrainien Volodymyr Zelensky a parlé à la presse. Le Kremlin n'a pas commenté ces "
            "propos. Il a menacé de riposter contre l'Otan.")
    e = find(events_of(coder, text), "THREATEN", {"RUS"})
    assert e is not None


def test_neutraliser_in_an_army_communique(coder):
    e = find(events_of(coder, "L'armée burkinabè a neutralisé une vingtaine de terroristes mardi dans le nord."),
             "ASSAULT", {"BFA"})
    assert e is not None and e.rule == "fr.assault.neutraliser"


def test_jihadist_attack_is_one_event_with_its_victims(coder):
    events = events_of(coder, "Une attaque jihadiste a tué douze soldats maliens samedi dans le centre du Mali.")
    assaults = [e for e in events if e.type == "ASSAULT"]
    assert len(assaults) == 1 and assaults[0].actor and "MLI" in codes(assaults[0].recipient)


def test_event_noun_object_of_a_same_type_verb_is_not_repeated(coder):
    events = events_of(coder, "Le président sénégalais Macky Sall a convoqué lundi une réunion des ministres.")
    assert len([e for e in events if e.type == "CONSULT"]) == 1


def test_agentless_detention_is_not_the_act_of_a_named_country(coder):
    events = events_of(coder, "Les migrants, originaires du Sénégal et du Mali, ont été placés en détention.")
    assert not [e for e in events if e.type == "COERCE" and codes(e.actor) & {"SEN", "MLI"}]


def test_infinitive_subject_is_not_a_reported_act(coder):
    events = events_of(coder, "Tuer le chef rebelle était la priorité de l'armée tchadienne, a dit le ministre.")
    assert not [e for e in events if e.type == "ASSAULT" and e.certainty in ("asserted", "reported", "alleged")]


def test_an_accusation_has_no_place_of_its_own(coder):
    e = find(events_of(coder, "A Bamako, le gouvernement malien a dénoncé jeudi les sanctions de la Cédéao."),
             "ACCUSE", {"MLI"})
    assert e is not None and e.location is None


def test_fronted_place_is_not_a_listed_actor(coder):
    events = events_of(coder, "A Dakar, l'opposition a organisé samedi une marche contre le gouvernement.")
    e = find(events, "PROTEST", {"SEN"})
    assert e is not None and {a.sector for a in e.actor} == {"OPP"}


def test_unnamed_protesters_are_civilians_of_the_place(coder):
    e = find(events_of(coder, "Des centaines de manifestations contre la junte ont eu lieu samedi à Bamako."),
             "PROTEST", {"MLI"})
    assert e is not None and e.actor[0].sector == "CVL"


def test_shot_by_a_policeman_takes_the_victim_of_the_participle(coder):
    e = find(events_of(coder, "Au Canada, une jeune femme, tombée jeudi sous les balles d'un policier, a été enterrée."),
             "ASSAULT", {"CAN"})
    assert e is not None and {a.sector for a in e.actor} == {"COP"} and {a.sector for a in e.recipient} == {"CVL"}


def test_event_noun_in_an_adverbial_is_not_performed_by_the_main_subject(coder):
    events = events_of(coder, "Le président français a pris la parole au lendemain de la mort de dix soldats, "
                              "en combat contre un groupe de jihadistes.")
    assert not [e for e in events if e.type == "ASSAULT" and {a.sector for a in e.actor} == {"PRE"}]


def test_bare_title_names_the_holder_named_before(coder):
    events = events_of(coder, "Emmanuel Macron est arrivé samedi au Tchad. Le chef de l'Etat, qui dînait avec les "
                              "soldats à N'Djamena, a salué leur courage.", published="2018-12-23")
    e = find(events, "SUPPORT", {"FRA", "TCD"})
    assert e is not None and codes(e.actor) == {"FRA"}


def test_fronted_country_is_neither_recipient_nor_actor(coder):
    e = find(events_of(coder, "Au Mali, les FAMa ont attaqué un village et ont tué dix civils."), "ASSAULT", {"MLI"})
    assert e is not None and {a.sector for a in e.actor} == {"MIL"} and {a.sector for a in e.recipient} == {"CVL"}


def test_incise_source_is_not_the_target_and_makes_it_reported(coder):
    e = find(events_of(coder, "Les FAMa ont attaqué un village peul, a affirmé l'ONU."), "ASSAULT", {"MLI"})
    assert e is not None and "UN" not in codes(e.recipient) and e.certainty == "reported"


def test_sahel_forces_and_groups_are_coded(coder):
    e = find(events_of(coder, "Les VDP ont repoussé une attaque d'Ansarul Islam dans le nord du Burkina Faso."),
             "ASSAULT", {"BFA"})
    assert e is not None and {(a.code, a.sector) for a in e.actor} == {("BFA", "REB")}


def test_support_participle_epithet_is_not_an_event(coder):
    events = events_of(coder, "Les combats opposent l'armée aux séparatistes soutenus par la Russie dans l'est de l'Ukraine.")
    assert not [e for e in events if e.type == "SUPPORT"]
