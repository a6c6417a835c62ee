"""Casualty counts: each construction on sentences written for these tests."""

from __future__ import annotations

import pytest

from veille.extract.casualties import extract_casualties, words_value
from veille.records import Actor, Event


def counts(make_context, text: str) -> list[tuple[str, int, str]]:
    return [(c.kind, c.count, c.qualifier) for c in extract_casualties(make_context(text))]


@pytest.mark.parametrize("text, expected", [
    # count + kind noun, coordinated tolls
    ("L'explosion d'un camion piégé a fait 12 morts et 35 blessés lundi à Mossoul.",
     [("killed", 12, "exact"), ("injured", 35, "exact")]),
    # number words, including compounds
    ("L'embuscade a fait vingt-deux morts parmi les gendarmes.", [("killed", 22, "exact")]),
    ("Le séisme a fait quatre-vingt-dix-sept morts.", [("killed", 97, "exact")]),
    ("Un mort et deux blessés sont à déplorer après l'accident.",
     [("killed", 1, "exact"), ("injured", 2, "exact")]),
    # digits with spaces, dots and non-breaking spaces
    ("La guerre civile a fait plus de 40 000 morts depuis 2012.", [("killed", 40000, "at_least")]),
    ("L'épidémie a fait 2.750 morts dans la région.", [("killed", 2750, "exact")]),
    ("Les inondations ont fait 1\u00a0200 morts.", [("killed", 1200, "exact")]),
    ("Les combats ont jeté sur les routes 1,2 million de déplacés.", [("displaced", 1200000, "exact")]),
    # subject + auxiliary + participle
    ("Au moins six policiers ont été tués dans une embuscade.", [("killed", 6, "at_least")]),
    ("Neuf villageois avaient alors été blessés par balles.", [("injured", 9, "exact")]),
    ("Près de 300 manifestants ont été interpellés samedi soir.", [("arrested", 300, "about")]),
    ("Quinze pêcheurs sont toujours portés disparus en mer.", [("missing", 15, "exact")]),
    ("Plus de 80 passagers ont péri dans le naufrage.", [("killed", 80, "at_least")]),
    ("Onze mineurs ont trouvé la mort dans le coup de grisou.", [("killed", 11, "exact")]),
    ("Deux cents ont été hospitalisés après l'incendie.", [("injured", 200, "exact")]),
    ("Les rebelles ont attaqué un convoi : quatre assaillants, tous tués, étaient armés.",
     [("killed", 4, "exact")]),
    # verb or noun before the count
    ("Le tireur a tué cinq passants avant de se rendre.", [("killed", 5, "exact")]),
    ("Une frappe aérienne a tué trois civils et en a blessé 14 autres.",
     [("killed", 3, "exact"), ("injured", 14, "exact")]),
    ("L'attaque a coûté la vie à sept soldats tchadiens.", [("killed", 7, "exact")]),
    ("Le gouvernement déplore la mort de deux journalistes.", [("killed", 2, "exact")]),
    ("La police a interpellé 48 personnes lors de la manifestation.", [("arrested", 48, "exact")]),
    ("Le bilan de la catastrophe s'élève désormais à 230.", [("killed", 230, "exact")]),
    ("Cet attentat porte à 52 le nombre de casques bleus tués dans le pays.",
     [("killed", 52, "exact")]),
    # vague amounts with ACLED's values
    ("Une dizaine de soldats ont été blessés.", [("injured", 10, "about")]),
    ("Des dizaines de personnes ont été arrêtées.", [("arrested", 12, "at_least")]),
    ("Les combats ont fait des centaines de morts.", [("killed", 100, "at_least")]),
    ("Des milliers d'habitants ont fui leurs villages.", [("displaced", 1000, "at_least")]),
    ("Plus d'une centaine de blessés ont été soignés.", [("injured", 100, "at_least")]),
    # qualifiers
    ("L'attaque a fait environ 40 morts.", [("killed", 40, "about")]),
    ("Les autorités craignent jusqu'à 15 disparus.", [("missing", 15, "at_most")]),
])
def test_constructions(make_context, text, expected):
    assert counts(make_context, text) == expected


@pytest.mark.parametrize("text", [
    "Un homme de 45 ans a été retrouvé chez lui.",                      # age
    "Le 12 mars 2019, la ville a été bombardée.",                        # date
    "L'accord prévoit l'échange de 3.000 détenus contre 500 otages.",   # prisoner figures
    "Le pays a débloqué 20 millions d'euros pour les blessés.",          # money
    "L'attentat a fait 40 victimes.",                                    # kind unclear
    "Si l'armée attaque, des milliers de civils seront tués.",          # hypothetical
    "Un précédent bilan faisait état de 18 morts.",                      # superseded toll
    "Le maire a signé deux arrêtés interdisant la baignade.",           # municipal orders
    "Plusieurs personnes ont été arrêtées.",                            # no quantity
    "La mort d'un jeune homme a provoqué des émeutes.",                 # a single death, no count
    "Un kamikaze a tué douze fidèles dans une mosquée.",                # the killer is not a victim
    "Quelque 300 proches des soldats morts ont défilé.",                # the dead are not the 300
    "La France a enregistré un nouveau record de décès.",               # no count of the dead
    "Les ravisseurs ont menacé de tuer dix otages.",                     # a threat, no toll
    "Le gouvernement a arrêté un plan de relance.",                      # "arrêter" a plan
    "Le parc a perdu 40 éléphants, morts de soif.",                      # animals
    "Une mort brutale a choqué le village.",                             # a death, no count
])
def test_not_casualties(make_context, text):
    kinds = counts(make_context, text)
    # The kamikaze sentence still has its twelve victims; nothing else may be coded.
    assert kinds == ([("killed", 12, "exact")] if "kamikaze" in text else [])


def test_subset_of_a_toll_is_not_a_new_count(make_context):
    text = ("L'attaque a fait 31 morts. Cinq des 31 victimes étaient des enfants.")
    assert counts(make_context, text) == [("killed", 31, "exact")]


def test_victimes_take_the_kind_of_the_toll_before(make_context):
    text = ("Le naufrage a fait neuf morts parmi les touristes. Le Japon compte trois victimes "
            "et l'Italie deux victimes supplémentaires.")
    assert counts(make_context, text) == [("killed", 9, "exact"), ("killed", 3, "exact"),
                                          ("killed", 2, "exact")]


def test_repeated_toll_is_one_record_unless_another_group(make_context):
    text = ("Sept soldats ont été tués mardi. Selon l'hôpital, sept morts et 20 blessés ont été "
            "recensés. Sept autres soldats ont été tués mercredi.")
    assert counts(make_context, text) == [("killed", 7, "exact"), ("injured", 20, "exact"),
                                          ("killed", 7, "exact")]


def test_two_sources_with_different_tolls_are_both_coded(make_context):
    text = ("Selon le gouverneur, l'attentat a fait 9 morts et 30 blessés. Un médecin a recensé "
            "9 tués et 26 blessés.")
    assert counts(make_context, text) == [("killed", 9, "exact"), ("injured", 30, "exact"),
                                          ("injured", 26, "exact")]


def test_record_fields_and_evidence(make_context):
    text = "Dans le nord du pays, au moins quatre soldats ukrainiens ont été tués jeudi."
    ctx = make_context(text)
    [casualty] = extract_casualties(ctx)
    assert casualty.evidence == text[casualty.start:casualty.end]
    assert casualty.evidence == "au moins quatre soldats ukrainiens ont été tués"
    assert casualty.victims == "soldats ukrainiens"
    assert casualty.to_dict()["qualifier"] == "at_least"


def test_count_is_written_on_the_assault_event_of_its_sentence(make_context):
    text = "Une frappe russe a tué trois civils à Kharkiv. La police a arrêté 12 manifestants."
    ctx = make_context(text)
    assault = Event(type="ASSAULT", mode=None, actor=[Actor("RUS", "MIL", "russe")], recipient=[],
                    certainty="asserted", date=None, date_text=None, location=None,
                    evidence=text[:46], start=0, end=46, rule="test")
    coerce = Event(type="COERCE", mode=None, actor=[Actor(None, "COP", "La police")], recipient=[],
                   certainty="asserted", date=None, date_text=None, location=None,
                   evidence=text[47:], start=47, end=len(text), rule="test")
    ctx.events = [assault, coerce]
    extract_casualties(ctx)
    assert (assault.dead, assault.injured, assault.arrested) == (3, None, None)
    assert coerce.arrested == 12


def test_dateline_is_not_read(make_context):
    ctx = make_context("KABOUL (AFP) - Deux policiers ont été blessés.")
    ctx.article.body_start = len("KABOUL (AFP) - ")
    assert [(c.kind, c.count) for c in extract_casualties(ctx)] == [("injured", 2)]


@pytest.mark.parametrize("words, value", [
    ("vingt et un", 21), ("soixante-dix", 70), ("quatre-vingts", 80), ("quatre-vingt-onze", 91),
    ("deux cent mille", 200000), ("trois mille cinq cents", 3500), ("cent vingt", 120),
    ("deux millions", 2000000),
])
def test_number_words(resources, words, value):
    assert words_value(words, resources.data("casualties")["number_words"]) == value


@pytest.mark.parametrize("text, expected", [
    # an aside between the counted people and their kind
    ("Au moins 26 personnes, dont neuf enfants, ont été tuées dans le bombardement.",
     [("killed", 26, "at_least")]),
    # coordinated subjects of one passive verb: one record each
    ("Trois policiers et deux passants ont été blessés.",
     [("injured", 3, "exact"), ("injured", 2, "exact")]),
    # membership: "figure parmi les tués"
    ("Un humanitaire norvégien figure parmi les personnes tuées.", [("killed", 1, "exact")]),
    # long noun phrase with an acronym in brackets
    ("Huit membres des forces de défense et de sécurité (FDS) ont été tués dimanche.",
     [("killed", 8, "exact")]),
    # a verb-first count with a day between the verb and the count
    ("Le forcené a tué mardi quatre personnes.", [("killed", 4, "exact")]),
    # "une mort" is a death, "un mort" a count
    ("Il a connu une mort brutale. L'éboulement a fait un mort.", [("killed", 1, "exact")]),
    # a range keeps its low end, as a minimum
    ("Entre 40 et 60 personnes ont été tuées.", [("killed", 40, "at_least")]),
    # hospitalised patients of an epidemic are not injured
    ("Au total, 3.200 malades du virus sont hospitalisés.", []),
    # a sentence glued to the one before it by scraping
    ("Le poste a été attaqué à l'aube.Quatre gendarmes ont été tués.", [("killed", 4, "exact")]),
    # a decimal comma or point still belongs to its number
    ("Le taux atteint 2,5 blessés pour mille habitants.", []),
    # adverbs between the auxiliary and the participle
    ("Douze militants ont en outre été interpellés.", [("arrested", 12, "exact")]),
    ("Cinq mineurs sont actuellement derrière les barreaux.", [("arrested", 5, "exact")]),
    # "l'un d'eux" counts one
    ("Les assaillants ont ouvert le feu, tuant l'un d'eux.", [("killed", 1, "exact")]),
    ("L'un d'eux a parlé d'un coup de fil mortel pour sa carrière.", []),
    # an aside between dashes; a relative "qui"
    ("Quatre Belges et deux Maliens - leur guide et un chauffeur - ont été tués mardi.",
     [("killed", 4, "exact"), ("killed", 2, "exact")]),
    ("On compte plus de 20 personnes qui ont été blessées.", [("injured", 20, "at_least")]),
    # a massacre of, remains found
    ("Le procès porte sur le massacre de 35 villageois.", [("killed", 35, "exact")]),
    ("Les enquêteurs ont exhumé 14 dépouilles.", [("killed", 14, "exact")]),
])
def test_more_constructions(make_context, text, expected):
    assert counts(make_context, text) == expected


def test_toll_in_the_next_sentence_is_written_on_the_assault(make_context):
    text = "Des hommes armés ont attaqué un village. L'assaut a fait sept morts."
    ctx = make_context(text)
    assault = Event(type="ASSAULT", mode=None, actor=[], recipient=[], certainty="asserted",
                    date=None, date_text=None, location=None, evidence=text[:39], start=0,
                    end=39, rule="test")
    ctx.events = [assault]
    extract_casualties(ctx)
    assert assault.dead == 7


def test_exponents_and_implausible_numbers_are_not_tolls():
    from veille import Coder

    coder = Coder(workers=1)
    coded = coder.code_text("Selon le rapport, 10^400 personnes ont été tuées et "
                            + "1" + "0" * 30 + " blessés ont été soignés.", published="2021-04-06")
    assert all(c.count <= 1_000_000_000 for c in coded.casualties)
    assert not any(c.count == 400 for c in coded.casualties)


def test_every_casualty_pattern_compiles_without_warnings(resources):
    """A phrase in casualties.yaml is a regex fragment whose apostrophes and spaces are widened:
    a phrase that writes its own [’'] set would nest sets and match nothing."""
    import re
    import warnings

    from veille.extract.casualties import _fragment

    data = resources.data("casualties")
    phrases = [v["phrase"] for v in data["vague_amounts"]]
    phrases += [p for forms in data["kind_forms"].values() for p in forms]
    phrases += [p for forms in data["verb_first"].values() for p in forms]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for phrase in phrases:
            re.compile(_fragment(phrase))


def test_a_list_of_tolls_by_country_gives_one_record_per_country(make_context):
    from veille.extract.mentions import extract_mentions

    ctx = make_context("Le virus a fait 5.100 morts en Espagne, suivie de l'Italie (4.825), du Portugal (1.203) "
                       "et de la Grèce (310), selon l'OMS (2020). Le Mali (12) et le Niger (7) ont voté pour.")
    ctx.mentions = extract_mentions(ctx)
    found = [(c.kind, c.count, c.country) for c in extract_casualties(ctx)]
    assert [c[:2] for c in found] == [("killed", 5100), ("killed", 4825), ("killed", 1203), ("killed", 310)]
    assert [c[2] for c in found[1:]] == ["ITA", "PRT", "GRC"]


@pytest.mark.parametrize("text, expected", [
    # a time or place complement between the verb and its count
    ("Les miliciens ont tué de janvier à fin avril au moins 212 villageois.", [("killed", 212, "at_least")]),
    ("L'aviation a tué mardi dans le sud du pays une quarantaine de combattants.", [("killed", 40, "about")]),
    # ... but not one that a coordination or a relative clause ends
    ("Au moins 18 personnes ont été tuées depuis juin et au moins 25 maisons incendiées.",
     [("killed", 18, "at_least")]),
    ("Deux gardes ont été tués dans l'embuscade qui a choqué une région entière.", [("killed", 2, "exact")]),
    # a partitive subject
    ("Au moins 37 des 4.000 détenus de la prison sont morts du virus.", [("killed", 37, "at_least")]),
    ("Deux des cinq otages ont été libérés, les trois autres ont été exécutés.", [("killed", 3, "exact")]),
    # "l'un … l'autre"
    ("Le tireur a abattu un gendarme, blessant légèrement l'autre.", [("injured", 1, "exact")]),
    ("Deux passants ont été touchés : l'un a été tué, l'autre blessé.",
     [("killed", 1, "exact"), ("injured", 1, "exact")]),
    ("Il est l'un des 14 militants arrêtés.", [("arrested", 14, "exact")]),
    # cumulative tolls given by their total
    ("Ces décès portent le total des morts à 3.456 dans le pays.", [("killed", 3456, "exact")]),
    ("Le nombre des décès liés à l'épidémie dépasse désormais les 2.000.", [("killed", 2000, "at_least")]),
    ("Le nombre de morts quotidien reste inférieur à 150.", []),
    # a participle after a comma, and killings named by their manner
    ("Le procès concerne un détenu, torturé à mort en 2012.", [("killed", 1, "exact")]),
    ("Deux gendarmes, grièvement blessés, ont été évacués.", [("injured", 2, "exact")]),
    ("Trois villageois ont été brûlés vifs dans leur maison.", [("killed", 3, "exact")]),
    ("Les deux pays, touchés par la crise, ont signé un accord.", []),
])
def test_complements_partitives_and_totals(make_context, text, expected):
    assert counts(make_context, text) == expected
