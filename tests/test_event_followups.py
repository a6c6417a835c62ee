"""Follow-ups of the event coder (issue 6): verbs spaCy leaves unlemmatised, lower-form lookup,
`with` as a complement constraint, exclusions on word boundaries, false positives seen on real
dispatches and repeated actors. Sentences written for these tests."""

from __future__ import annotations

import pytest

from veille.extract.event_rules import exclude_pattern, infinitive_guesses, unlemmatised_forms

from event_helpers import codes, events_of


def of_type(events, type_: str):
    return [e for e in events if e.type == type_]


# -- 1. lemma fallback -----------------------------------------------------------------------
def test_infinitive_guesses_for_present_forms():
    assert infinitive_guesses("demande") == ("demander",)
    assert infinitive_guesses("réclament") == ("réclamer",)
    assert infinitive_guesses("dit") == ()
    assert unlemmatised_forms("bombarder") == ("bombarde", "bombardent")
    assert unlemmatised_forms("faire") == ()


def test_unlemmatised_demand_verb_codes_request_and_frames_embedded_act(coder):
    events = events_of(coder, "Le Tchad demande au Cameroun de retirer ses soldats de la frontière.")
    req = of_type(events, "REQUEST")
    assert req and codes(req[0].actor) == {"TCD"} and "CMR" in codes(req[0].recipient)
    # The withdrawal is only asked for: not an asserted act.
    retreats = of_type(events, "RETREAT")
    assert retreats and all(e.certainty == "hypothetical" for e in retreats)


def test_unlemmatised_present_plural_is_found(coder):
    events = events_of(coder, "Les syndicats guinéens réclament la libération de leurs dirigeants.")
    assert any(codes(e.actor) == {"GIN"} for e in of_type(events, "REQUEST"))


# -- 3. `with` reads complements, not subjects or auxiliaries ---------------------------------
def test_recalling_an_ambassador_is_still_a_sanction(coder):
    events = events_of(coder, "Le Maroc a rappelé son ambassadeur en Algérie.")
    e = of_type(events, "SANCTION")
    assert e and codes(e[0].actor) == {"MAR"}


def test_court_as_subject_still_convicts(coder):
    events = events_of(coder, "La cour d'assises de Bamako a condamné trois jihadistes à dix ans de prison.")
    assert of_type(events, "SANCTION")


def test_se_dire_choque_reads_the_governing_verb(coder):
    events = events_of(coder, "Le ministre burkinabè des Affaires étrangères s'est dit choqué par "
                              "les propos du président ivoirien.")
    e = of_type(events, "ACCUSE")
    assert e and e[0].rule == "fr.accuse.se_dire_choque"


# -- 4. exclusions on word boundaries -----------------------------------------------------------
def test_exclude_pattern_anchors_words():
    pat = exclude_pattern(["assist* à", "la demande", "*latéralement"])
    assert pat.search("nous assistons à une hausse")
    assert not pat.search("désassistons à")
    assert pat.search("à la demande de")
    assert not pat.search("à la demanderesse")
    assert pat.search("opposé unilatéralement")


def test_helping_is_still_aid(coder):
    events = events_of(coder, "Le Maroc a aidé le Sénégal à rapatrier ses ressortissants.")
    assert of_type(events, "AID")


# -- 5. false positives seen on real dispatches ---------------------------------------------
def test_tribute_to_killed_soldiers_is_no_assault_by_the_speaker(coder):
    events = events_of(coder, "Le président nigérien a rendu hommage aux soldats tués dans l'attaque de Tillabéri.")
    assert of_type(events, "SUPPORT")
    assert not any("NER" in codes(e.actor) and e.rule == "fr.assault.tuer" for e in events)


def test_clashes_between_protesters_and_police_name_both(coder):
    events = events_of(coder, "Des heurts entre manifestants et forces de l'ordre ont éclaté à Conakry.")
    e = of_type(events, "PROTEST")
    assert e and len(e[0].actor) == 2


def test_call_launched_by_a_state_is_its_request(coder):
    events = events_of(coder, "Un appel à la trêve lancé par l'Egypte a été entendu à Tripoli.")
    e = of_type(events, "REQUEST")
    assert e and codes(e[0].actor) == {"EGY"}


def test_armed_group_destroying_is_still_assault(coder):
    events = events_of(coder, "Les jihadistes ont détruit une école près de Gao, au Mali.")
    assert of_type(events, "ASSAULT")


# -- 6. no repeated actor in one event ------------------------------------------------------
def test_actor_lists_do_not_repeat(coder):
    events = events_of(coder, "Les deux pays ont évoqué l'accord militaire signé en novembre 2019 "
                              "entre Tripoli et Ankara.")
    assert events
    for e in events:
        for parties in (e.actor, e.recipient):
            keys = [(a.code, a.sector, a.text) for a in parties]
            assert len(keys) == len(set(keys)), keys


# -- 7. recipients and certainty scope ------------------------------------------------------------
def test_recipient_is_not_named_inside_the_actors_own_phrase(coder):
    # "président Ouattara" belongs to the actor's phrase; the complement names no party.
    events = events_of(coder, "Le parti du président Ouattara a condamné jeudi les violences survenues dans l'ouest.")
    acc = of_type(events, "ACCUSE")
    assert acc and codes(acc[0].actor) == {"CIV"}
    assert not any(r.sector == "PRE" for e in acc for r in e.recipient)


def test_recipient_named_in_the_complement_is_kept(coder):
    events = events_of(coder, "Le parti du président Ouattara a condamné jeudi le gouvernement malien.")
    acc = of_type(events, "ACCUSE")
    assert acc and "MLI" in codes(acc[0].recipient)


def test_passive_with_agent_makes_the_subject_the_recipient(coder):
    events = events_of(coder, "Le porte-parole du gouvernement sénégalais a été limogé par son ministre vendredi.")
    san = of_type(events, "SANCTION")
    assert san and codes(san[0].actor) == {"SEN"} and codes(san[0].recipient) == {"SEN"}


def test_active_same_role_recipient_is_still_a_misread(coder):
    # No agent: the sentence names one party only, no self-recipient is invented.
    events = events_of(coder, "Le gouvernement sénégalais a limogé vendredi le chef de la police.")
    assert all(not (codes(e.recipient) & codes(e.actor) and e.recipient[0].sector == e.actor[0].sector)
               for e in of_type(events, "SANCTION"))


def test_standing_by_a_country_names_the_backed_party(coder):
    events = events_of(coder, "Le ministre a redit la solidarité de l'Allemagne, qui se tient aux côtés du Niger.")
    sup = of_type(events, "SUPPORT")
    assert sup and any("NER" in codes(e.recipient) for e in sup)
    events = events_of(coder, "Le Tchad se range aux côtés du Niger dans cette crise.")
    sup = of_type(events, "SUPPORT")
    assert sup and codes(sup[0].actor) == {"TCD"} and codes(sup[0].recipient) == {"NER"}


def test_fighting_alongside_is_still_no_recipient(coder):
    events = events_of(coder, "Les soldats tchadiens ont attaqué les rebelles aux côtés de l'armée nigérienne.")
    assert not any(e.type == "SUPPORT" for e in events)
    assert not any("NER" in codes(e.recipient) for e in of_type(events, "ASSAULT"))


def test_refused_call_took_place(coder):
    events = events_of(coder, "Les rebelles ont poursuivi les combats, rejetant un appel au cessez-le-feu "
                              "lancé par le Kenya.")
    req = [e for e in of_type(events, "REQUEST") if "KEN" in codes(e.actor)]
    assert req and req[0].certainty == "asserted"


def test_denied_call_is_still_denied(coder):
    events = events_of(coder, "Le Kenya a démenti avoir lancé un appel au cessez-le-feu.")
    req = of_type(events, "REQUEST")
    assert req and req[0].certainty == "denied"


def test_refusing_to_withdraw_is_still_denied(coder):
    events = events_of(coder, "L'armée rwandaise refuse de se retirer de la frontière congolaise.")
    assert all(e.certainty == "denied" for e in of_type(events, "RETREAT"))


def test_condition_in_a_quotation_does_not_reach_the_relative_clause(coder):
    events = events_of(coder, "« Si l'armée avance, nous résisterons », a averti le chef du groupe, "
                              "dont les combattants ont tué six soldats burkinabè en 2019.")
    kills = [e for e in of_type(events, "ASSAULT") if "BFA" in codes(e.recipient)]
    assert kills and kills[0].certainty == "asserted"


def test_a_feared_attack_does_not_absorb_one_that_happened(coder):
    events = events_of(coder, "« Si les shebab attaquent, la ville tombera », a dit le ministre somalien. "
                              "Les shebab ont attaqué une base de l'armée somalienne mardi.")
    certainties = {e.certainty for e in of_type(events, "ASSAULT")}
    assert "asserted" in certainties


def test_condition_still_governs_its_main_clause(coder):
    events = events_of(coder, "Si le Maroc ferme la frontière, l'Algérie rappellera son ambassadeur à Rabat.")
    assert all(e.certainty != "asserted" for e in events)


def test_announced_future_act_on_the_noun_is_future(coder):
    events = events_of(coder, "La démission prochaine du président gabonais a été annoncée par la télévision publique.")
    ret = of_type(events, "RETREAT")
    assert ret and all(e.certainty == "future" for e in ret)
    # The television announces the resignation; the president resigns.
    assert all(a.sector != "JRN" for e in ret for a in e.actor)


def test_partner_alongside_is_not_the_last_resort_recipient(coder):
    events = events_of(coder, "Des mercenaires tchadiens combattent aux côtés des soldats russes en Libye.")
    assert not any("RUS" in codes(e.recipient) for e in of_type(events, "ASSAULT"))


def test_demanded_infinitive_coordinated_with_the_demand_is_not_done(coder):
    events = events_of(coder, "Le président nigérien a appelé à l'unité nationale, et à soutenir les forces armées nigériennes.")
    sup = of_type(events, "SUPPORT")
    assert sup and all(e.certainty == "hypothetical" for e in sup)
    # A coordinated finite act is done.
    events = events_of(coder, "Le président nigérien a rencontré les chefs militaires et a soutenu leur plan.")
    assert any(e.certainty == "asserted" for e in of_type(events, "SUPPORT"))


# -- certainty on real dispatches (E2) ---------------------------------------------------------
def test_negative_pronoun_object_denies_the_act(coder):
    events = events_of(coder, "Le Kremlin a assuré que la Russie ne menaçait personne.")
    threats = of_type(events, "THREATEN")
    assert threats and all(e.certainty == "denied" for e in threats)


def test_a_person_is_no_negative_pronoun(coder):
    events = events_of(coder, "La police sénégalaise a arrêté une personne à Dakar.")
    arrests = of_type(events, "COERCE")
    assert arrests and arrests[0].certainty == "asserted"


def test_not_denying_still_asserts_the_act(coder):
    events = events_of(coder, "La Russie n'a pas nié avoir massé des troupes à la frontière ukrainienne.")
    mob = of_type(events, "MOBILIZE")
    assert mob and mob[0].certainty in ("asserted", "reported")


def test_question_asks_about_the_act(coder):
    events = events_of(coder, "L'armée malienne a-t-elle bombardé des civils à Kidal ?")
    assault = of_type(events, "ASSAULT")
    assert assault and assault[0].certainty == "hypothetical"


def test_relative_clause_in_a_question_states_a_fact(coder):
    events = events_of(coder, "Le président peut-il renoncer aux milliards qu'il réclame au Congrès américain ?")
    req = of_type(events, "REQUEST")
    assert req and req[0].certainty == "asserted"


def test_quoted_question_is_not_the_dispatch_asking(coder):
    events = events_of(coder, "\"Pourquoi l'armée malienne a-t-elle bombardé Kidal ?\", a demandé le ministre nigérien.")
    assert all(e.certainty != "hypothetical" for e in of_type(events, "ASSAULT"))


def test_called_for_resignation_has_not_happened(coder):
    events = events_of(coder, "L'opposition malienne a lancé un appel à la démission du Premier ministre.")
    assert not [e for e in of_type(events, "RETREAT") if e.certainty in ("asserted", "reported")]


def test_endangering_is_no_threat_but_threatening_to_act_is(coder):
    endanger = events_of(coder, "Les journalistes marocains sont accusés de menacer la sécurité nationale.")
    threat = events_of(coder, "Le président turc a menacé la Grèce de représailles militaires.")
    assert not of_type(endanger, "THREATEN")
    assert of_type(threat, "THREATEN")


def test_planned_demonstration_is_future_and_held_one_asserted(coder):
    planned = events_of(coder, "Une manifestation contre le gouvernement sénégalais est d'ailleurs prévue samedi à Dakar.")
    expected = events_of(coder, "Une manifestation contre le gouvernement sénégalais devrait avoir lieu samedi à Dakar.")
    held = events_of(coder, "Une manifestation contre le gouvernement sénégalais a eu lieu samedi à Dakar.")
    assert of_type(planned, "PROTEST") and all(e.certainty == "future" for e in of_type(planned, "PROTEST"))
    assert of_type(expected, "PROTEST") and all(e.certainty in ("future", "hypothetical")
                                                 for e in of_type(expected, "PROTEST"))
    assert of_type(held, "PROTEST") and of_type(held, "PROTEST")[0].certainty == "asserted"


def test_second_completive_is_not_the_purpose_of_the_first(coder):
    events = events_of(coder, "Le général israélien a déclaré qu'il entrait en politique pour apaiser la société "
                              "et qu'il refusait de se joindre au Likoud de M. Netanyahu.")
    rejects = of_type(events, "REJECT")
    assert rejects and rejects[0].certainty in ("asserted", "reported")


def test_personal_help_in_a_quotation_is_no_aid(coder):
    events = events_of(coder, "\"Les Tutsi, je les ai aidés dans mes affaires\", a déclaré l'homme d'affaires rwandais.")
    assert not of_type(events, "AID")
