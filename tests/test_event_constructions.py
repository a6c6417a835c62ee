"""Event constructions of issue 6 that lose events when read word by word: speech acts coded by
what is said, agentless passives, event nouns whose actor or victim sits far from them, movement
told as aid or deployment, and certainty of past infinitives. Sentences written for these tests."""

from __future__ import annotations

import pytest

from event_helpers import COUNTED, codes, events_of, find


# -- speech acts read from their content -------------------------------------------------------
def test_indirect_speech_blaming_another_state_is_accuse(coder):
    events = events_of(coder, "Le président sénégalais a estimé mardi que l'agression "
                              "rwandaise était inacceptable.")
    e = find(events, "ACCUSE", {"SEN"}, {"RWA"})
    assert e is not None and e.certainty in COUNTED


def test_responsible_for_deaths_in_a_quotation_is_accuse(coder):
    text = ("« Le Hezbollah est responsable de la mort de ces civils », a assuré jeudi "
            "le Premier ministre israélien.")
    e = find(events_of(coder, text), "ACCUSE", {"ISR"}, {"LBN"})
    assert e is not None and e.certainty in COUNTED


def test_right_to_defend_itself_is_support(coder):
    text = "Le chancelier allemand a jugé lundi que l'Ukraine avait le droit de se défendre."
    e = find(events_of(coder, text), "SUPPORT", {"DEU"}, {"UKR"})
    assert e is not None and e.certainty in COUNTED


def test_right_split_by_quotation_marks_is_support(coder):
    text = "Le président américain a estimé que la Pologne avait le « droit » de « se défendre »."
    assert find(events_of(coder, text), "SUPPORT", {"USA"}, {"POL"}) is not None


def test_must_stop_is_request_even_without_addressee(coder):
    text = "« Les combats doivent cesser immédiatement », a déclaré mercredi le secrétaire général de l'ONU."
    e = find(events_of(coder, text), "REQUEST", {"UN"})
    assert e is not None and e.certainty in COUNTED


def test_negated_cue_gives_no_accusation(coder):
    text = "Le ministre nigérien a affirmé que l'opération française n'était pas illégale."
    assert find(events_of(coder, text), "ACCUSE", {"NER"}) is None


def test_cue_without_recipient_gives_no_accusation(coder):
    text = "Le ministre malien a estimé que la situation était inacceptable."
    assert not [e for e in events_of(coder, text) if e.rule == "fr.accuse.content"]


def test_a_state_does_not_accuse_its_own_army_by_content(coder):
    text = "« L'armée israélienne répondra à toute violation de la frontière », a déclaré le gouvernement israélien."
    assert find(events_of(coder, text), "ACCUSE", {"ISR"}, {"ISR"}) is None


def test_organised_crime_is_no_accusation(coder):
    text = ("« Le Niger doit faire face au terrorisme et au crime organisé », a déclaré "
            "le président tchadien.")
    assert find(events_of(coder, text), "ACCUSE", {"TCD"}, {"NER"}) is None


def test_speaker_of_no_office_makes_no_event(coder):
    text = ("« La Russie a commis un crime de guerre », explique Jean Dupont, un historien "
            "français spécialiste de la région.")
    assert find(events_of(coder, text), "ACCUSE", {"FRA"}, {"RUS"}) is None


def test_demonstrative_event_noun_blames_the_author_of_the_act(coder):
    text = ("Une frappe américaine a tué un général iranien à Bagdad vendredi. "
            "« Cet assassinat risque de sérieusement aggraver la situation », a mis en garde "
            "le président russe Vladimir Poutine.")
    e = find(events_of(coder, text, "2020-01-03"), "ACCUSE", {"RUS"}, {"USA"})
    assert e is not None


# -- agentless passives -------------------------------------------------------------------------
def test_arrest_without_agent_is_the_police_of_the_sentence(coder):
    text = ("Plusieurs manifestants ont été arrêtés lundi à Dakar lorsque la police sénégalaise "
            "est intervenue pour disperser le rassemblement.")
    e = find(events_of(coder, text), "COERCE", {"SEN"})
    assert e is not None and e.actor[0].sector == "COP"


def test_killing_without_agent_is_the_armed_group_of_the_sentence(coder):
    text = ("Deux soldats nigériens ont été tués mardi près de la frontière, où les jihadistes "
            "de Boko Haram multiplient les incursions.")
    e = find(events_of(coder, text), "ASSAULT", {"NGA", "NER", "IMG"}, {"NER"})
    assert e is not None
    assert all(a.sector == "REB" or a.code == "IMG" for a in e.actor)


def test_killing_with_no_attacker_named_gives_no_event(coder):
    events = events_of(coder, "Un soldat burkinabè a été tué lundi dans le nord du pays.")
    assert not [e for e in events if e.type == "ASSAULT"]


def test_act_after_a_passive_takes_its_surface_subject(coder):
    text = "Un ancien soldat afghan a été condamné pour avoir tué trois soldats australiens."
    e = find(events_of(coder, text), "ASSAULT", {"AFG"}, {"AUS"})
    assert e is not None and e.certainty in COUNTED


# -- event nouns with their actor or victim far away --------------------------------------------
def test_death_at_the_hands_of_the_police_across_an_apposition(coder):
    text = ("Des milliers de personnes ont manifesté, choquées par la mort de Jean Martin, un "
            "lycéen, aux mains de la police à Lyon, en France.")
    e = find(events_of(coder, text), "ASSAULT", {"FRA"})
    assert e is not None and e.actor[0].sector == "COP"


def test_aid_sent_alongside_others_goes_to_where_it_is_delivered(coder):
    text = ("Un cyclone a frappé Madagascar dimanche. Le Japon a annoncé l'envoi d'une équipe "
            "de secouristes pour travailler aux côtés des secours français.")
    events = events_of(coder, text)
    aid = find(events, "AID", {"JPN"})
    assert aid is not None
    assert "FRA" not in codes(aid.recipient)


# -- movement told as aid or deployment ---------------------------------------------------------
def test_ship_leaving_for_a_country_with_aid_nearby_is_aid(coder):
    text = ("Madagascar a demandé une aide d'urgence après le cyclone. Samedi, un navire de la "
            "marine française est parti pour Madagascar depuis la Réunion.")
    e = find(events_of(coder, text), "AID", {"FRA"}, {"MDG"})
    assert e is not None


def test_ship_leaving_without_aid_context_is_no_aid(coder):
    text = "Samedi, un navire de la marine française est parti pour Djibouti depuis Toulon."
    assert find(events_of(coder, text), "AID", {"FRA"}) is None


def test_troops_arriving_in_a_city_is_mobilize(coder):
    e = find(events_of(coder, "Des soldats tchadiens sont arrivés lundi à Niamey."), "MOBILIZE", {"TCD"})
    assert e is not None and e.certainty in COUNTED


# -- certainty ----------------------------------------------------------------------------------
def test_past_infinitive_after_pour_is_a_cause_not_a_purpose(coder):
    text = "Un ancien soldat afghan a été condamné pour avoir tué cinq soldats français."
    e = find(events_of(coder, text), "ASSAULT", {"AFG"}, {"FRA"})
    assert e is not None and e.certainty != "future"


def test_purpose_infinitive_stays_future(coder):
    text = "L'armée malienne a lancé une opération pour libérer les otages."
    e = find(events_of(coder, text), "RETREAT", {"MLI"})
    assert e is None or e.certainty == "future"


def test_arrest_with_no_one_named_is_the_police_of_the_place(coder):
    text = "Le journaliste algérien Karim Tabbou a été arrêté lundi à Alger après avoir couvert une manifestation."
    e = find(events_of(coder, text), "COERCE", {"DZA"})
    assert e is not None and e.actor[0].sector == "COP" and e.certainty in COUNTED


def test_arrest_in_a_round_up_of_countries_gets_no_guessed_police(coder):
    text = ("Le virus progresse en Chine, au Japon et en Inde. Un pasteur a été arrêté lundi "
            "pour avoir organisé un culte.")
    assert not [e for e in events_of(coder, text) if e.type == "COERCE" and e.actor
                and e.actor[0].sector == "COP" and not e.actor[0].text]


def test_bare_participle_with_its_agent_is_passive(coder):
    text = ("Le maréchal libyen Khalifa Haftar, dont les forces reculent et soutenu par l'Egypte "
            "et la Russie, a proposé une trêve.")
    events = events_of(coder, text)
    assert find(events, "SUPPORT", {"EGY", "RUS"}) is not None
    assert find(events, "SUPPORT", {"LBY"}, {"EGY", "RUS"}) is None


def test_tout_comme_names_a_co_speaker_not_a_recipient(coder):
    text = ("La Ligue arabe a salué l'initiative égyptienne, tout comme le chef de la diplomatie "
            "française Jean-Yves Le Drian.")
    events = events_of(coder, text)
    assert find(events, "SUPPORT", {"ARL"}, {"FRA"}) is None


def test_passive_agent_is_not_the_recipient_of_an_attack(coder):
    text = ("Les meurtres surviennent dans un pays régulièrement frappé par les groupes jihadistes, "
            "dont l'Etat islamique au Grand Sahara.")
    for e in events_of(coder, text):
        if e.type == "ASSAULT":
            assert not codes(e.actor) & codes(e.recipient)


def test_conviction_with_no_court_named_is_the_judiciary_of_the_place(coder):
    text = "Le journaliste algérien Khaled Drareni a été condamné lundi à Alger à trois ans de prison."
    e = find(events_of(coder, text), "SANCTION", {"DZA"})
    assert e is not None and e.actor[0].sector == "JUD"


def test_participle_of_a_verb_with_etre_is_not_passive(coder):
    text = "Des manifestants algériens venus soutenir le président tunisien ont défilé à Tunis."
    e = find(events_of(coder, text), "SUPPORT", {"DZA"}, {"TUN"})
    assert e is not None


def test_present_participle_on_a_verb_shares_its_subject(coder):
    text = ("Le pape François a prévenu samedi, dans un message, appelant les dirigeants "
            "américains à la retenue.")
    assert find(events_of(coder, text), "REQUEST", {"VAT"}) is not None


def test_adjective_hung_as_adverb_takes_the_subject(coder):
    text = "Jeudi, la Turquie s'est déclarée favorable à un cessez-le-feu parrainé par les Nations unies."
    assert find(events_of(coder, text), "SUPPORT", {"TUR"}) is not None


def test_incise_after_a_quotation_takes_the_quotation_speaker(coder):
    text = ("Les forces du maréchal Haftar doivent se retirer. « Tout recours aux mines "
            "antipersonnel est inadmissible », a aussi dénoncé jeudi Human Rights Watch.")
    assert find(events_of(coder, text), "ACCUSE", {"HRW"}) is not None


def test_two_named_people_of_one_party_are_actor_and_recipient(coder):
    text = "Fin mars, le député israélien Gabi Ashkenazi soutient le député israélien Benny Gantz."
    e = find(events_of(coder, text), "SUPPORT", {"ISR"}, {"ISR"})
    assert e is not None and e.recipient


def test_qui_misparsed_as_coordination_refers_to_the_noun_before(coder):
    text = ("Les déclarations de M. Poutine ont aussi été condamnées par la Pologne qui a appelé "
            "Moscou à renoncer à ses plans.")
    e = find(events_of(coder, text), "REQUEST", {"POL", "RUS"}, {"RUS"})
    assert e is not None and codes(e.actor) == {"POL"}


def test_decree_acts_for_its_signer(coder):
    text = "Lundi soir, le président afghan Ashraf Ghani a signé un décret ordonnant la libération des prisonniers talibans."
    e = find(events_of(coder, text, "2020-08-14"), "RETREAT", {"AFG"})
    assert e is not None and e.actor[0].sector == "PRE"


def test_demonstrative_event_noun_dates_the_event_it_repeats(coder):
    text = ("Des jihadistes ont attaqué un poste de l'armée malienne. Cette attaque, survenue "
            "lundi près de Gao, a fait dix morts.")
    assaults = [e for e in events_of(coder, text, "2020-06-11") if e.type == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0].date == "2020-06-08"


def test_de_son_cote_is_no_partner(coder):
    text = "La Turquie accuse de son côté Paris de soutenir le maréchal Haftar."
    assert find(events_of(coder, text), "ACCUSE", {"TUR"}, {"FRA"}) is not None


def test_agent_unknown_to_the_dictionary_is_no_unknown_attacker(coder):
    text = ("Le ministre français est visé par une plainte déposée par des femmes de jihadistes "
            "détenues en Syrie.")
    assert not [e for e in events_of(coder, text) if e.type == "ASSAULT"]


def test_troops_deployed_with_no_agent_are_their_states_deployment(coder):
    e = find(events_of(coder, "Des soldats tchadiens ont été déployés au Niger."), "MOBILIZE", {"TCD"})
    assert e is not None and e.actor[0].sector == "MIL"


# -- relative clauses, clause-scoped dates, fights framing a clause ----------------------------
def test_relative_clause_interrupted_by_adverbials_takes_its_antecedent_and_date(coder):
    text = ("Le tribunal a libéré un ancien policier tchadien qui, en 2016 dans la région du lac, "
            "avait tué quatre soldats nigériens et en avait blessé six autres.")
    e = find(events_of(coder, text, "2021-03-02"), "ASSAULT", {"TCD"}, {"NER"})
    assert e is not None and e.certainty in COUNTED
    assert e.date == "2016"


def test_subject_relative_takes_its_antecedent(coder):
    text = "Les talibans, qui ont attaqué un poste de l'armée afghane lundi, se sont retirés."
    e = find(events_of(coder, text), "ASSAULT", {"AFG"}, {"AFG"})
    assert e is not None and any(a.sector == "REB" for a in e.actor)
    assert e.date == "2021-04-05"


def test_object_relative_light_verb_performs_the_event_noun(coder):
    text = "L'offensive que les jihadistes ont menée contre l'armée malienne a fait douze morts."
    e = find(events_of(coder, text), "ASSAULT", {"MLI"}, {"MLI"})
    assert e is not None
    assert any(a.sector == "REB" for a in e.actor) and any(r.sector == "MIL" for r in e.recipient)


def test_relative_clause_date_does_not_date_the_main_clause(coder):
    text = ("Le président sénégalais, qui avait rencontré le président ivoirien en janvier, "
            "a dénoncé mardi l'attaque.")
    events = events_of(coder, text, "2021-04-07")
    consult = find(events, "CONSULT", {"SEN"}, {"CIV"})
    assert consult is not None and consult.date == "2021-01"
    accuse = find(events, "ACCUSE", {"SEN"})
    assert accuse is not None and accuse.date == "2021-04-06"


def test_relative_clause_date_is_not_the_date_of_an_undated_main_clause(coder):
    text = ("Le ministre malien des Affaires étrangères a dénoncé l'attaque. Le président sénégalais, "
            "qui avait rencontré le président ivoirien en janvier, a condamné l'attaque.")
    accuse = [e for e in events_of(coder, text, "2021-04-07") if e.type == "ACCUSE" and codes(e.actor) & {"SEN"}]
    assert accuse and all(e.date != "2021-01" for e in accuse)


def test_fight_framing_a_clause_is_its_armed_subject_against_the_complement(coder):
    text = "Les rebelles du M23 ont pris la ville en 2012 après de violents combats contre l'armée congolaise."
    e = find(events_of(coder, text), "ASSAULT", {"COD"}, {"COD"})
    assert e is not None and any(a.sector == "REB" for a in e.actor)
    assert any(r.sector == "MIL" for r in e.recipient)


def test_attack_framing_a_clause_is_not_the_subject_s(coder):
    # "riposter après une attaque": the subject answers an attack, it did not make it.
    text = "L'armée française a riposté après une attaque contre une base au Niger."
    assert find(events_of(coder, text), "ASSAULT", {"FRA"}, {"NER"}) is None


def test_fight_framing_a_clause_with_an_unarmed_subject_codes_nothing(coder):
    text = "Le président malien est rentré à Bamako après des combats contre les jihadistes."
    assert find(events_of(coder, text), "ASSAULT", {"MLI"}) is None


def test_fight_opposing_two_parties(coder):
    text = "Des combats opposant les talibans aux forces afghanes ont fait dix morts."
    e = find(events_of(coder, text), "ASSAULT", {"AFG"}, {"AFG"})
    assert e is not None
    assert any(a.sector == "REB" for a in e.actor) and any(r.sector == "MIL" for r in e.recipient)


def test_object_relative_pronoun_is_the_recipient(coder):
    text = "Le président malien a reçu le chef de la Minusma, qu'il accuse de partialité."
    e = find(events_of(coder, text), "ACCUSE", {"MLI"}, {"UN"})
    assert e is not None and e.certainty in COUNTED


def test_act_under_a_participle_is_the_qualified_noun_s(coder):
    text = "Un jihadiste malien, condamné en 2019 pour avoir attaqué une patrouille française, a été libéré."
    e = find(events_of(coder, text, "2021-03-02"), "ASSAULT", {"MLI"}, {"FRA"})
    assert e is not None and any(a.sector == "REB" for a in e.actor)
    # the act came before the conviction: neither 2019 nor the day of the news
    assert e.date is None


def test_an_act_named_by_a_reaction_is_not_dated_by_the_reaction(coder):
    text = "Le président malien a dénoncé mardi l'attaque menée par les jihadistes contre un camp militaire."
    events = events_of(coder, text, "2021-04-08")
    accuse = find(events, "ACCUSE", {"MLI"})
    assert accuse is not None and accuse.date == "2021-04-06"
    assault = find(events, "ASSAULT", {"MLI"})
    assert assault is not None and assault.date != "2021-04-06"


def test_an_act_named_by_a_reaction_keeps_its_own_time(coder):
    text = "Le président malien a dénoncé mardi l'attaque menée dimanche par les jihadistes contre un camp militaire."
    assault = find(events_of(coder, text, "2021-04-08"), "ASSAULT", {"MLI"})
    assert assault is not None and assault.date == "2021-04-04"


def test_de_la_part_de_names_the_author_and_the_receiver_is_the_subject(coder):
    text = "Le gouvernement malien a reçu des excuses de la part de la France."
    e = find(events_of(coder, text), "CONCEDE", {"FRA"}, {"MLI"})
    assert e is not None and e.certainty in COUNTED


# -- incises, armed states, aid nouns, calls, agent nouns, agentless releases ------------------
def test_subject_inverted_after_an_incise_verb_is_the_actor(coder):
    text = ("L'armée ne tolérera aucune provocation à la frontière, a mis en garde, jeudi, "
            "le président russe Vladimir Poutine.")
    e = find(events_of(coder, text), "ACCUSE", {"RUS"})
    assert e is not None and any(a.sector == "PRE" for a in e.actor)


def test_inverted_subject_is_not_also_the_recipient(coder):
    text = ("Le Rwanda a envoyé des soldats dans l'est du pays, a accusé mercredi "
            "le ministre congolais de la Communication.")
    events = events_of(coder, text)
    e = find(events, "ACCUSE", {"COD"})
    assert e is not None and "COD" not in codes(e.recipient)
    assert find(events, "ACCUSE", {"RWA"}) is None


def test_participle_after_a_comma_inverts_no_subject(coder):
    text = ("Le tribunal a confirmé la peine du général, rejetant une requête "
            "du gouvernement guinéen.")
    rejects = [e for e in events_of(coder, text) if e.type == "REJECT"]
    assert all(a.sector != "GOV" for e in rejects for a in e.actor)


@pytest.mark.parametrize("text, code", [
    ("Moscou a massé des milliers de militaires près de la frontière.", "RUS"),
    ("Le Tchad a bombardé mardi des positions rebelles dans le nord du pays.", "TCD"),
])
def test_country_or_capital_using_force_is_its_military(coder, text, code):
    events = events_of(coder, text)
    e = next((x for x in events if x.type in ("MOBILIZE", "ASSAULT") and code in codes(x.actor)), None)
    assert e is not None and [a.sector for a in e.actor if a.code == code] == ["MIL"]


def test_country_speaking_keeps_its_government_sector(coder):
    e = find(events_of(coder, "Le Tchad a condamné l'attaque contre le Cameroun."), "ACCUSE", {"TCD"})
    assert e is not None and e.actor[0].sector == "GOV"


def test_aid_noun_takes_its_own_de_complement_as_giver(coder):
    text = ("Les succès du gouvernement de Tripoli ont été rendus possibles par le soutien "
            "militaire d'Ankara.")
    e = find(events_of(coder, text), "AID", {"TUR"})
    assert e is not None and codes(e.actor) == {"TUR"}


def test_aid_noun_takes_its_nationality_adjective_as_giver(coder):
    text = "Grâce à un soutien militaire turc, le gouvernement libyen a repris la base aérienne."
    events = events_of(coder, text)
    assert find(events, "AID", {"TUR"}) is not None
    assert find(events, "AID", {"LBY"}) is None


def test_protest_movement_without_named_protesters_is_civilian(coder):
    text = "Le mouvement de protestation contre la vie chère a gagné lundi plusieurs villes du Sénégal."
    e = find(events_of(coder, text), "PROTEST", {"SEN"})
    assert e is not None and e.actor[0].sector == "CVL"


@pytest.mark.parametrize("text", [
    "L'ONU a appelé au retrait des forces étrangères de Libye.",
    "Bamako a rejeté la demande de retrait des soldats français formulée par l'opposition.",
])
def test_act_asked_for_is_hypothetical(coder, text):
    retreats = [e for e in events_of(coder, text) if e.type == "RETREAT"]
    assert retreats and all(e.certainty == "hypothetical" for e in retreats)


def test_announced_withdrawal_is_not_a_call(coder):
    text = "L'armée française a annoncé le retrait de ses troupes du nord du Mali."
    e = find(events_of(coder, text), "RETREAT", {"FRA"})
    assert e is not None and e.certainty in COUNTED


def test_agent_noun_in_ant_is_no_verb_trigger(coder):
    from veille.extract import events as ev

    doc = coder.nlp("Un consultant de la Banque mondiale est arrivé à Niamey.")
    tok = next(t for t in doc if t.lower_ == "consultant")
    assert tok.pos_ != "NOUN" or ev._agent_noun(tok)


def test_agentless_release_does_not_take_the_victims_as_agent(coder):
    text = "Le jihadiste, qui avait tué deux soldats maliens en 2015, a été libéré samedi."
    assert find(events_of(coder, text), "RETREAT", {"MLI"}) is None


def test_agentless_release_still_takes_the_police_of_the_sentence(coder):
    text = "Plusieurs manifestants ont été libérés mardi après l'intervention de la police guinéenne."
    e = find(events_of(coder, text), "RETREAT", {"GIN"})
    assert e is None or any(a.sector == "COP" for a in e.actor)


# -- agentless judicial acts: the justice of where the proceedings are ------------------------
def test_agentless_indictment_is_the_justice_of_the_place(coder):
    text = "L'ancien ministre camerounais a été inculpé pour détournement de fonds publics à Yaoundé."
    e = find(events_of(coder, text), "ACCUSE", {"CMR"}, {"CMR"})
    assert e is not None and e.certainty in COUNTED
    assert any(a.sector == "JUD" for a in e.actor)


def test_agentless_suspicion_with_a_judicial_word_is_a_charge(coder):
    text = "Le ministre guinéen est soupçonné de corruption à Conakry."
    e = find(events_of(coder, text), "ACCUSE", {"GIN"}, {"GIN"})
    assert e is not None and [a.sector for a in e.actor] == ["JUD"]


def test_agentless_charge_takes_the_court_its_sentence_names(coder):
    text = ("Au Sénégal, l'ancien président tchadien Hissène Habré est accusé de crimes contre "
            "l'humanité, selon le parquet de Dakar.")
    e = find(events_of(coder, text), "ACCUSE", {"SEN"}, {"TCD"})
    assert e is not None and any(a.sector == "JUD" for a in e.actor)


def test_charge_with_a_named_accuser_keeps_it(coder):
    text = "Le président ivoirien a accusé lundi l'opposant de corruption."
    assert not [e for e in events_of(coder, text) if e.type == "ACCUSE"
                and any(a.sector == "JUD" for a in e.actor)]


@pytest.mark.parametrize("text", [
    "Le président tchadien a été accusé de négliger le sud du pays.",
    "L'Allemagne est accusée de ne pas faire assez d'efforts pour les réfugiés.",
    "Au Niger, les soldats nigériens sont accusés d'exactions contre les civils.",
])
def test_reproach_without_judicial_context_is_no_charge(coder, text):
    assert not [e for e in events_of(coder, text) if e.type == "ACCUSE"
                and any(a.sector == "JUD" for a in e.actor)]


# -- infinitives that are aims, and "arrêter de" -------------------------------------------
@pytest.mark.parametrize("text,type_", [
    ("Capturer ou tuer le chef rebelle était la priorité des forces françaises au Mali.", "ASSAULT"),
    ("La priorité de la police sénégalaise est d'arrêter les passeurs.", "COERCE"),
    ("Le plan des États-Unis de bombarder l'Iran a été abandonné.", "ASSAULT"),
])
def test_infinitive_of_an_aim_is_not_an_act(coder, text, type_):
    assert not [e for e in events_of(coder, text) if e.type == type_ and e.certainty in COUNTED]


def test_stop_doing_is_no_arrest(coder):
    text = "Le gouvernement chinois a arrêté en 2001 de la qualifier de maladie mentale."
    assert not [e for e in events_of(coder, text) if e.type == "COERCE"]


def test_arrest_still_an_arrest(coder):
    text = "La police nigériane a arrêté trois militants à Lagos."
    assert find(events_of(coder, text), "COERCE", {"NGA"}) is not None


# -- measures with no author: the government of where they apply ----------------------------
@pytest.mark.parametrize("text,country", [
    ("Au Sénégal, un couvre-feu a été décrété dans la capitale.", "SEN"),
    ("Au Mali, l'état d'urgence a été instauré mardi.", "MLI"),
    ("Au Kenya, les rassemblements sont interdits depuis plusieurs semaines.", "KEN"),
])
def test_agentless_restriction_is_the_government_of_the_place(coder, text, country):
    e = find(events_of(coder, text), "COERCE", {country}, {country})
    assert e is not None and e.certainty in COUNTED
    assert [a.sector for a in e.actor] == ["GOV"]
    assert any(r.sector == "CVL" for r in e.recipient)


def test_standing_rule_is_no_measure_taken(coder):
    text = "Au Maroc, le vote par procuration est interdit."
    assert not [e for e in events_of(coder, text) if e.type == "COERCE"]


def test_banned_protest_did_not_take_place(coder):
    events = events_of(coder, "Au Cameroun, les manifestations ont été interdites.")
    assert not [e for e in events if e.type == "PROTEST" and e.certainty in COUNTED]
    assert find(events, "COERCE", {"CMR"}) is not None


def test_protest_not_banned_still_took_place(coder):
    text = "Au Cameroun, la manifestation n'avait pas été interdite par la police."
    assert [e for e in events_of(coder, text) if e.type == "PROTEST" and e.certainty in COUNTED]


# -- follow-ups: "de la part de" under the noun's complement, contests, agentive attack nouns -----
def test_on_behalf_of_hung_under_the_nouns_complement(coder):
    text = "Les habitants de Goma dénoncent des représailles contre les civils de la part des rebelles du M23."
    e = find(events_of(coder, text), "ASSAULT", {"COD"})
    assert e is not None
    assert {(a.code, a.sector) for a in e.actor} == {("COD", "REB")}


@pytest.mark.parametrize("text", [
    "Le candidat socialiste affrontera son rival au second tour dimanche.",
    "Le Cameroun affrontera la Côte d'Ivoire samedi à Yaoundé en demi-finale.",
    "Le ministre sénégalais a promis de combattre les inégalités sociales.",
])
def test_affronter_without_armed_party_is_no_assault(coder, text):
    assert not [e for e in events_of(coder, text) if e.type == "ASSAULT"]


@pytest.mark.parametrize("text,country", [
    ("Les soldats nigériens ont combattu les jihadistes près de Diffa.", "NER"),
    ("Les jihadistes ont affronté les soldats burkinabè dans le nord du pays.", "BFA"),
])
def test_affronter_with_an_armed_party_stays_an_assault(coder, text, country):
    events = [e for e in events_of(coder, text) if e.type == "ASSAULT"]
    assert any(country in codes(e.recipient) | codes(e.actor) for e in events)


@pytest.mark.parametrize("text,country", [
    ("L'offensive de l'armée congolaise contre les rebelles du M23 a fait plusieurs morts.", "COD"),
    ("L'assaut des forces spéciales nigériennes a permis de reprendre le village.", "NER"),
    ("Une incursion de l'armée rwandaise a été signalée par des habitants.", "RWA"),
])
def test_offensive_of_the_army_as_subject_is_the_armys(coder, text, country):
    e = find(events_of(coder, text), "ASSAULT", {country})
    assert e is not None
    assert (country, "MIL") in {(a.code, a.sector) for a in e.actor}


def test_attack_on_an_army_post_keeps_the_army_as_target(coder):
    text = "L'attaque d'un poste de l'armée malienne par des jihadistes a fait dix morts."
    events = [e for e in events_of(coder, text) if e.type == "ASSAULT"]
    assert not any(("MLI", "MIL") in {(a.code, a.sector) for a in e.actor} for e in events)


def test_a_state_of_emergency_decreed_with_no_author_is_the_governments_of_the_place(coder):
    events = events_of(coder, "L'état d'urgence a été décrété dimanche à Niamey.", "2020-06-10")
    coerce = [e for e in events if e.type == "COERCE"]
    assert coerce and codes(coerce[0].actor) == {"NER"} and coerce[0].actor[0].sector == "GOV"
