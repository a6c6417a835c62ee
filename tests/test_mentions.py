"""Actor mentions on sentences written for the tests: names, titles, agents, metonyms, links."""

from __future__ import annotations

import pytest

from veille.extract.mentions import actors_in, extract_mentions, mentions_in, resolve_pronoun
from veille.resolve.actors import ActorEntry, InMemoryActorLookup


@pytest.fixture
def coded(make_context):
    def run(text: str, published: str = "2021-04-06", actors=None):
        ctx = make_context(text, published=published)
        if actors is not None:
            ctx.actors = actors
        ctx.mentions = extract_mentions(ctx)
        return ctx

    return run


def find(ctx, text):
    found = [m for m in ctx.mentions if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in ctx.mentions]}"
    return found[0]


def test_sorted_by_start_with_sentences(coded):
    ctx = coded("Moscou dément. Kiev accuse le Kremlin de mentir.")
    starts = [m.start for m in ctx.mentions]
    assert starts == sorted(starts)
    sents = list(ctx.doc.sents)
    kiev = find(ctx, "Kiev")
    assert find(ctx, "Moscou").sent == 0
    assert sents[kiev.sent].start_char <= kiev.start < sents[kiev.sent].end_char


def test_capitals_and_seats_are_metonyms(coded):
    ctx = coded("Kiev accuse Moscou et la Maison Blanche reste prudente, tout comme le Pentagone.")
    assert find(ctx, "Kiev").code == "UKR"
    assert find(ctx, "Moscou").code == "RUS"
    assert find(ctx, "Maison Blanche").code == "USA"
    assert (find(ctx, "Pentagone").code, find(ctx, "Pentagone").sector) == ("USA", "MIL")


def test_agent_with_demonym(coded):
    ctx = coded("Deux soldats ukrainiens ont été blessés lors d'un échange de tirs.")
    m = find(ctx, "soldats ukrainiens")
    assert (m.code, m.sector, m.label, m.number) == ("UKR", "MIL", "AGENT", "pl")


def test_minister_with_demonym_inside_the_title(coded):
    ctx = coded("Le ministre russe des Affaires étrangères Sergueï Lavrov a reçu son homologue.")
    outer = ctx.mentions[0]
    assert (outer.code, outer.sector, outer.name) == ("RUS", "GOV", "Sergueï Lavrov")
    assert find(ctx, "Sergueï Lavrov").code == "RUS"


def test_title_with_complement_and_name_then_short_title(coded):
    ctx = coded("Le porte-parole du Kremlin, Dmitri Peskov, a démenti ces informations. "
                "Le porte-parole a ensuite refusé de commenter.")
    first = ctx.mentions[0]
    assert (first.code, first.name) == ("RUS", "Dmitri Peskov")
    later = [m for m in ctx.mentions if m.text == "porte-parole"]
    assert later and later[-1].name == "Dmitri Peskov" and later[-1].code == "RUS"


def test_surname_and_civility_resolve_to_full_name(coded):
    ctx = coded("Le chef de l'Alliance, Jens Stoltenberg, s'est rendu à Varsovie. "
                "M. Stoltenberg a rencontré des responsables polonais.")
    short = find(ctx, "M. Stoltenberg")
    assert short.name == "Jens Stoltenberg" and short.gender == "m"
    assert short.code == "NATO"


def test_female_civility(coded):
    ctx = coded("Aminata Diallo, une militante sénégalaise, a été libérée. Mme Diallo a remercié ses avocats.")
    assert find(ctx, "Mme Diallo").gender == "f"
    assert find(ctx, "Mme Diallo").name == "Aminata Diallo"


def test_police_takes_the_country_of_the_story(coded):
    ctx = coded("Des heurts ont éclaté à Bamako, la capitale du Mali. La police a dispersé la foule.")
    m = find(ctx, "police")
    assert (m.code, m.sector) == ("MLI", "COP")


def test_backed_separatists_belong_where_they_fight(coded):
    ctx = coded("En Ukraine, les séparatistes soutenus par la Russie ont bombardé un village.")
    m = [m for m in ctx.mentions if m.label == "AGENT"][0]
    assert (m.code, m.sector) == ("UKR", "REB")


def test_office_holder_depends_on_the_date(coded):
    text = "Le président américain a appelé au calme."
    assert find(coded(text, published="2020-06-01"), "président américain").name == "Donald Trump"
    assert find(coded(text, published="2022-06-01"), "président américain").name == "Joe Biden"


def test_head_of_organisation(coded):
    ctx = coded("Le secrétaire général de l'ONU, Antonio Guterres, a appelé à la retenue.")
    outer = ctx.mentions[0]
    assert (outer.code, outer.sector, outer.name) == ("UN", None, "Antonio Guterres")


def test_actors_in_coordination(coded):
    text = "Les Etats-Unis, la Grande-Bretagne et l'UE ont condamné l'attaque."
    ctx = coded(text)
    end = text.index(" ont")
    assert [a.code for a in actors_in(ctx, 0, end)] == ["USA", "GBR", "EU"]


def test_actors_in_deduplicates_and_ignores_nothing_codable(coded):
    text = "Moscou et Moscou encore. Il pleut."
    ctx = coded(text)
    assert [a.code for a in actors_in(ctx, 0, text.index("."))] == ["RUS"]
    assert actors_in(ctx, text.index("Il"), len(text)) == []


def test_mentions_in_gives_outermost(coded):
    text = "Le porte-parole du Kremlin, Dmitri Peskov, a démenti."
    ctx = coded(text)
    outer = mentions_in(ctx, 0, len(text))
    assert len(outer) == 1 and outer[0].name == "Dmitri Peskov"


def test_organisation_acronym_and_group(coded):
    ctx = coded("Les talibans ont attaqué un poste de l'armée afghane, selon l'Otan.")
    taliban = find(ctx, "talibans")
    assert (taliban.code, taliban.sector, taliban.label) == ("AFG", "REB", "ORG")
    army = find(ctx, "armée afghane")
    assert (army.code, army.sector) == ("AFG", "MIL")
    assert find(ctx, "Otan").code == "NATO"


def test_lower_case_word_is_not_a_country(coded):
    ctx = coded("La réunion a été reportée à la demande de Maurice Lenoir.")
    assert all(m.code != "REU" for m in ctx.mentions)
    assert all(m.code != "MUS" for m in ctx.mentions)


def test_resolve_pronoun_prefers_person_subject(coded):
    text = ("La chancelière allemande Angela Merkel a rencontré les ministres à Berlin. "
            "Elle a ensuite quitté la réunion.")
    ctx = coded(text, published="2019-03-01")
    m = resolve_pronoun(ctx, text.index("Elle"), "f", "sg")
    assert m is not None and m.name == "Angela Merkel"


def test_resolve_pronoun_plural(coded):
    text = "Les rebelles ont pris la ville. Ils ont ensuite exigé des négociations."
    ctx = coded(text)
    m = resolve_pronoun(ctx, text.index("Ils"), "m", "pl")
    assert m is not None and m.sector == "REB"


def test_with_fake_lookup(coded):
    fake = InMemoryActorLookup({"Zorglub": ActorEntry("XKX", "REB", "Zorglub", "organisation")})
    ctx = coded("Le Zorglub a revendiqué l'attaque.", actors=fake)
    assert find(ctx, "Zorglub").code == "XKX"


def test_country_inside_an_organisation_name_is_not_the_country(coded):
    ctx = coded("Le reportage a été diffusé par France 3 et la Gendarmerie royale du Canada a enquêté.")
    assert not [m for m in ctx.mentions if m.label == "GPE" and m.text == "France"]
    grc = [m for m in ctx.mentions if m.text.startswith("Gendarmerie")]
    assert grc and (grc[0].code, grc[0].sector) == ("CAN", "COP")


def test_head_of_an_unknown_body_is_not_the_head_of_state(coded):
    ctx = coded("La présidente de la Fondation a protesté devant le Sénat français.")
    m = find(ctx, "présidente")
    assert m.sector is None and m.name is None


def test_lower_case_common_nouns_are_not_names(coded):
    ctx = coded("Les partis ont formé une alliance. Le suspect a été jugé mardi.")
    assert all(m.code != "NATO" for m in ctx.mentions)
    assert all(m.sector != "JUD" for m in ctx.mentions)


def test_title_taken_for_a_name_by_the_ner(coded):
    ctx = coded("Le président de la République a reçu le Premier ministre israélien Menahem Begin.",
                published="1978-09-17")
    pm = [m for m in ctx.mentions if m.name == "Menahem Begin" and m.label == "AGENT"]
    assert pm and (pm[0].code, pm[0].sector) == ("ISR", "PRE")
    assert not [m for m in ctx.mentions if m.label == "PER" and "République" in m.text]


def test_apposition_codes_a_person(coded):
    ctx = coded("Les assaillants ont tué Awa Keita, employée française d'une ONG.")
    awa = find(ctx, "Awa Keita")
    assert (awa.code, awa.sector) == ("FRA", "CVL")


def test_short_name_with_particle(coded):
    ctx = coded("Le président syrien Bachar al-Assad a démenti. M. Assad a ajouté qu'il restait.",
                published="2019-01-01")
    assert find(ctx, "M. Assad").name == "Bachar al-Assad"


def test_same_office_links_a_later_title(coded):
    ctx = coded("Le président Emmanuel Macron s'est rendu à Bagdad. Le chef de l'Etat a rencontré "
                "les autorités irakiennes.", published="2020-09-02")
    head = find(ctx, "chef de l'Etat")
    assert (head.name, head.code) == ("Emmanuel Macron", "FRA")


def test_later_bare_title_takes_the_person_and_country(coded):
    ctx = coded("La mort du général iranien Qassem Soleimani a choqué Bagdad. Le général était craint.",
                published="2020-01-03")
    later = [m for m in ctx.mentions if m.text == "général"][-1]
    assert (later.name, later.code, later.sector) == ("Qassem Soleimani", "IRN", "MIL")


def test_group_name_as_adjective(coded):
    ctx = coded("Le porte-parole taliban a démenti toute implication.")
    m = ctx.mentions[0]
    assert (m.text, m.code, m.sector) == ("porte-parole taliban", "AFG", "REB")


def test_states_in_general_are_no_actor(coded):
    ctx = coded("La plupart des États ont appelé au calme.")
    assert actors_in(ctx, 0, len(ctx.text)) == []


def test_demonym_after_an_act_noun_names_the_actor(coded):
    text = "Damas a dénoncé une agression américaine contre son territoire."
    ctx = coded(text)
    m = find(ctx, "américaine")
    assert (m.code, m.sector) == ("USA", "MIL")
    assert not [m for m in coded("Le gaz russe est cher.").mentions if m.code == "RUS"]


def test_head_of_a_body_takes_its_sector_not_the_state_office(coded):
    ctx = coded("Le président de l'Association des camionneurs, Paul Okello, a protesté. "
                "Le président du Parlement a répondu.", published="2020-05-01")
    first = ctx.mentions[0]
    assert (first.sector, first.name) == ("NGO", "Paul Okello")
    parliament = find(ctx, "président du Parlement")
    assert parliament.sector == "LEG" and parliament.name is None


def test_name_after_a_long_title(coded):
    ctx = coded("Le porte-parole du gouverneur de la province, Ali Jan, a parlé.")
    assert ctx.mentions[0].name == "Ali Jan" and ctx.mentions[0].sector == "GOV"


# -- francophone Africa: nationality precedence, shared demonyms, acronyms, affiliations -------------
def test_troops_belong_to_the_state_that_sends_them(coded):
    ctx = coded("Le Tchad a envoyé des troupes au Niger la semaine dernière.", published="2020-06-10")
    assert find(ctx, "troupes").code == "TCD"


def test_soldiers_lost_by_a_state_abroad(coded):
    ctx = coded("La France a perdu treize soldats lundi au Mali.", published="2020-06-10")
    assert (find(ctx, "soldats").code, find(ctx, "soldats").sector) == ("FRA", "MIL")


def test_possessive_troops_are_the_subject_state(coded):
    ctx = coded("La France va retirer ses troupes du Mali.", published="2020-06-10")
    assert ctx.mentions[1].text.startswith("troupes") and ctx.mentions[1].code == "FRA"


def test_soldiers_condemned_by_another_state_stay_where_they_fell(coded):
    ctx = coded("Les Etats-Unis ont condamné l'attaque qui a tué dix soldats au Burkina Faso.",
                published="2020-06-10")
    assert find(ctx, "soldats").code == "BFA"


def test_nearest_nationality_of_an_armed_force(coded):
    ctx = coded("Des assaillants ont attaqué une base de l'armée française à Gao, tuant trois soldats. "
                "Le Mali a décrété un deuil national.", published="2020-06-10")
    assert find(ctx, "soldats").code == "FRA"


def test_a_junta_is_not_taken_by_a_foreign_force_named_before(coded):
    ctx = coded("Au Mali, la junte a promis des élections. La France, présente avec la force Barkhane, "
                "a appelé la junte à rendre le pouvoir aux civils au Mali.", published="2020-09-01")
    assert all(m.code == "MLI" for m in ctx.mentions if m.text == "junte")


def test_shared_demonym_follows_the_article_countries(coded):
    brazza = coded("Le gouvernement congolais a libéré dix opposants au Congo-Brazzaville, à Brazzaville.",
                   published="2020-06-10")
    assert find(brazza, "gouvernement congolais").code == "COG"
    kin = coded("Le gouvernement congolais a condamné les violences à Kinshasa, en RDC.", published="2020-06-10")
    assert find(kin, "gouvernement congolais").code == "COD"


def test_acronym_defined_by_the_article(coded):
    ctx = coded("Les Forces démocratiques syriennes (FDS) ont pris Raqqa. Les FDS ont arrêté cinq hommes.",
                published="2019-06-10")
    assert [(m.code, m.sector) for m in ctx.mentions if m.text == "FDS"] == [("SYR", "REB"), ("SYR", "REB")]


def test_sahel_fds_are_the_national_forces(coded):
    ctx = coded("Au Burkina Faso, les FDS ont repoussé une attaque à Djibo.", published="2020-06-10")
    assert (find(ctx, "FDS").code, find(ctx, "FDS").sector) == ("BFA", "MIL")


def test_junta_acronym_defined_in_the_article(coded):
    ctx = coded("Le Comité national pour le salut du peuple (CNSP) a pris le pouvoir à Bamako. "
                "Le CNSP a promis une transition.", published="2020-08-20")
    assert all((m.code, m.sector) == ("MLI", "MIL") for m in ctx.mentions if m.text == "CNSP")


def test_jihadists_linked_to_a_transnational_group(coded):
    ctx = coded("Des jihadistes liés à Al-Qaïda ont attaqué un village du centre du Mali.", published="2020-06-10")
    assert (find(ctx, "jihadistes liés à Al-Qaïda").code, find(ctx, "jihadistes liés à Al-Qaïda").sector) == ("IMG", "REB")


def test_unnamed_jihadists_belong_to_where_they_act(coded):
    ctx = coded("Des jihadistes ont attaqué mardi un poste dans le nord du Burkina Faso.", published="2020-06-10")
    assert (find(ctx, "jihadistes").code, find(ctx, "jihadistes").sector) == ("BFA", "REB")


def test_fighters_of_a_jihadist_group_keep_the_rebel_sector(coded):
    ctx = coded("Les combattants de l'EI ont attaqué un camp au Niger.", published="2020-06-10")
    assert (find(ctx, "combattants de l'EI").code, find(ctx, "combattants de l'EI").sector) == ("IMG", "REB")


def test_dateline_of_a_regional_hub_is_not_the_story(make_context, coded):
    ctx = coded("ABIDJAN - Des assaillants ont tué dix soldats dans le nord du Burkina Faso mardi.",
                published="2020-06-10")
    assert find(ctx, "soldats").code == "BFA"


def test_surname_inside_a_longer_unknown_name_is_not_the_president(coded):
    ctx = coded("Le général Moussa Keïta a été arrêté à Bamako. Le président Keïta a démissionné.",
                published="2020-08-19")
    assert not any(m.name == "Ibrahim Boubacar Keïta" and m.text == "Keïta" and m.start < 30 for m in ctx.mentions)


def test_african_leaders_by_date(coded):
    ctx = coded("Le président Mahamat Idriss Déby a reçu Félix Tshisekedi à N'Djamena.", published="2022-03-01")
    assert (find(ctx, "Félix Tshisekedi").code, find(ctx, "Félix Tshisekedi").sector) == ("COD", "PRE")
    ctx = coded("M. Déby a reçu l'opposant Succès Masra à N'Djamena.", published="2019-03-01")
    deby = find(ctx, "M. Déby")
    assert (deby.code, deby.sector, deby.name) == ("TCD", "PRE", "Idriss Déby Itno")


def test_long_names_match_whatever_their_inner_capitals(coded):
    ctx = coded("Le Front de Libération du Macina a revendiqué l'attaque.", published="2020-06-10")
    assert ctx.mentions[0].code == "MLI" and ctx.mentions[0].sector == "REB"


def test_one_word_name_inside_a_longer_organisation_name(coded):
    ctx = coded("Le Mouvement de Libération du Soudan a signé l'accord. Le quotidien Libération a publié une enquête.",
                published="2020-10-03")
    lib = [m for m in ctx.mentions if m.text == "Libération"]
    assert len(lib) == 1 and lib[0].start > 60
    assert find(ctx, "Mouvement de Libération du Soudan").code == "SDN"


def test_troops_of_a_named_leader_take_his_side(coded):
    ctx = coded("Les forces du maréchal Khalifa Haftar ont reculé près de Tripoli.", published="2020-06-10")
    assert (find(ctx, "forces").code, find(ctx, "forces").sector) == ("LBY", "REB")


def test_name_run_into_its_place_complement(coded):
    ctx = coded("Khalifa Haftar de Benghazi a parlé mardi.", published="2020-06-10")
    person = [m for m in ctx.mentions if m.label == "PER"][0]
    assert (person.name, person.code, person.sector) == ("Khalifa Haftar", "LBY", "REB")


def test_accused_state_keeps_the_troops_it_is_said_to_mass(coded):
    ctx = coded("L'Ukraine accuse la Russie de masser des milliers de militaires à sa frontière.",
                published="2021-04-06")
    assert find(ctx, "militaires").code != "UKR"


def test_decision_to_send_soldiers(coded):
    ctx = coded("La France a décidé d'envoyer des soldats au Niger.", published="2020-06-10")
    assert find(ctx, "soldats").code == "FRA"


def test_government_troops_stay_military(coded):
    ctx = coded("Les troupes du GNA ont repris Tarhouna.", published="2020-06-10")
    m = ctx.mentions[0]
    assert (m.code, m.sector) == ("LBY", "MIL")


def test_unnamed_gunmen_belong_to_where_they_act_not_to_their_victims(coded):
    ctx = coded("Six humanitaires français ont été tués dimanche au Niger. Paris a dénoncé une attaque. "
                "Les Français travaillaient pour une ONG française. Le président français a réuni un conseil "
                "de défense à Paris. Des hommes armés ont tué les humanitaires.", published="2020-08-12")
    assert find(ctx, "hommes armés").code == "NER"


@pytest.mark.parametrize("text", [
    "ABIDJAN - Des assaillants ont tué dix soldats dans le nord de la Côte d'Ivoire mardi.",
    "DAKAR - Des assaillants ont tué dix soldats dans la région de Tillabéri mardi.",
])
def test_area_nouns_place_the_sentence(coded, text):
    ctx = coded(text, published="2020-06-10")
    expected = "CIV" if "Ivoire" in text else "NER"
    assert find(ctx, "soldats").code == expected


def test_security_forces_are_military(coded):
    ctx = coded("Au Niger, les forces de sécurité ont repoussé une attaque à Diffa.", published="2020-06-10")
    m = find(ctx, "forces de sécurité")
    assert (m.code, m.sector) == ("NER", "MIL")


def test_a_state_named_by_its_role_towards_another(coded):
    ctx = coded("Soutenu militairement par l'allié turc, le GNA a repris Tarhouna.", published="2020-06-10")
    assert (find(ctx, "turc").code, find(ctx, "turc").sector) == ("TUR", "GOV")


# -- who is who: full names before acronyms, bodies taken up, spokesmen, possessives -----------------
def test_full_name_before_known_acronym_is_one_mention(coded):
    ctx = coded("Selon un communiqué, la Mission de stabilisation des Nations unies au Congo (Monusco) "
                "a condamné les tueries. Elle a réclamé une enquête.")
    outer = find(ctx, "Mission de stabilisation des Nations unies au Congo (Monusco)")
    assert (outer.code, outer.gender) == ("UN", "f")
    start = ctx.text.index("Mission")
    assert [a.code for a in actors_in(ctx, start, ctx.text.index(" a condamné"))] == ["UN"]
    ctx.quotes = []
    assert resolve_pronoun(ctx, ctx.text.index("Elle"), "f", "sg").code == "UN"


def test_people_named_after_rights_are_no_actor(coded):
    ctx = coded("La haute-commissaire de l'ONU aux droits de l'Homme, Marie Dubois, a parlé. "
                "Une ligue de défense des victimes a protesté.")
    assert not [m for m in ctx.mentions if m.text in ("Homme", "victimes")]
    head = find(ctx, "haute-commissaire de l'ONU aux droits de l'Homme, Marie Dubois")
    assert (head.code, head.name) == ("UN", "Marie Dubois")


def test_the_same_ngo_is_the_one_named_before(coded):
    ctx = coded("L'ONG Human Rights Watch a dénoncé des exécutions au Burkina Faso. "
                "La même ONG a demandé une enquête. Plus tard, l'organisation a publié un rapport.")
    assert not [m for m in ctx.mentions if m.text == "ONG" and m.start < 10]  # the name is the actor
    later = [m for m in ctx.mentions if m.text == "ONG"]
    assert [(m.code, m.sector) for m in later] == [("HRW", "NGO")]
    assert find(ctx, "organisation").code == "HRW"


def test_spokesman_of_a_named_leader_is_not_the_leader(coded):
    ctx = coded("Le porte-parole du président congolais Félix Tshisekedi, Marc Kabila-Mbuyi, a démenti. "
                "Le porte-parole du président Tshisekedi a ensuite accusé les rebelles.",
                published="2021-04-06")
    first = find(ctx, "porte-parole du président congolais Félix Tshisekedi, Marc Kabila-Mbuyi")
    assert (first.code, first.name) == ("COD", "Marc Kabila-Mbuyi")
    second = find(ctx, "porte-parole du président Tshisekedi")
    assert second.name == "Marc Kabila-Mbuyi"


def test_possessed_agent_belongs_to_the_subject_country(coded):
    ctx = coded("Le porte-parole de la diplomatie soudanaise a salué Israël. Le porte-parole "
                "soudanais Ali Osman a été limogé le lendemain par son ministre.", published="2020-08-25")
    assert [m.code for m in ctx.mentions if m.text == "ministre"] == ["SDN"]


def test_civility_and_surname_alone_find_the_office_holder(coded):
    ctx = coded("Nous voulons la vérité, a déclaré M. Conte devant les sénateurs. Le chef du "
                "gouvernement a ensuite appelé son homologue égyptien.", published="2020-06-19")
    conte = find(ctx, "M. Conte")
    assert (conte.code, conte.sector, conte.name) == ("ITA", "PRE", "Giuseppe Conte")
    assert find(ctx, "chef du gouvernement").code == "ITA"


def test_predicate_adjective_is_no_agent(coded):
    ctx = coded("C'est moi qui en suis responsable, a dit le ministre.")
    assert not [m for m in ctx.mentions if m.text == "responsable"]


def test_possessor_is_the_subject_head_not_a_country_in_its_relative(coded):
    ctx = coded("Le porte-parole soudanais Ali Osman, qui avait évoqué des contacts avec Israël, "
                "a été limogé par son ministre.", published="2020-08-25")
    assert [m.code for m in ctx.mentions if m.text == "ministre"] == ["SDN"]


def test_body_named_after_its_leader_keeps_its_sector(coded):
    ctx = coded("L'administration Trump a salué l'accord.", published="2020-09-21")
    body = find(ctx, "administration Trump")
    assert (body.code, body.sector) == ("USA", "GOV")
    assert find(ctx, "Trump").sector == "PRE"


def test_party_names_and_their_short_forms(coded):
    ctx = coded("A Bamako, le Rassemblement des patriotes maliens a appelé à manifester. Le "
                "Rassemblement a ensuite menacé le pouvoir. La Convention des démocrates sahéliens "
                "a rejeté les résultats.", published="2020-06-05")
    long = [m for m in ctx.mentions if m.text.startswith("Rassemblement des patriotes")]
    short = [m for m in ctx.mentions if m.text == "Rassemblement"]
    assert long and short and long[0].code == short[0].code == "MLI"
    conv = [m for m in ctx.mentions if m.text.startswith("Convention des démocrates")]
    assert conv and (conv[0].code, conv[0].sector) == ("MLI", "PTY")


def test_bare_head_of_state_title_is_the_subject_holder_of_the_sentence_before(coded):
    ctx = coded("Le président français Emmanuel Macron a salué la décision de son homologue "
                "algérien Abdelaziz Bouteflika. Le chef de l'État a également appelé au dialogue.",
                published="2019-03-12")
    title = find(ctx, "chef de l'État")
    assert (title.code, title.name) == ("FRA", "Emmanuel Macron")


def test_domestic_body_of_a_town_takes_the_town_country(coded):
    ctx = coded("Le tribunal de Palerme a condamné le passeur. Le gouverneur de Kano a démenti.",
                published="2020-07-30")
    assert (find(ctx, "tribunal de Palerme").code, find(ctx, "tribunal de Palerme").sector) == ("ITA", "JUD")
    assert find(ctx, "gouverneur de Kano").code == "NGA"


def test_chambers_are_legislatures(coded):
    ctx = coded("Au Maroc, la Chambre des représentants a voté le texte et une commission "
                "parlementaire a entendu le ministre.")
    assert (find(ctx, "Chambre des représentants").code, find(ctx, "Chambre des représentants").sector) == ("MAR", "LEG")
    assert find(ctx, "commission parlementaire").sector == "LEG"


def test_kind_of_body_and_its_unknown_name_are_one_actor(coded):
    ctx = coded("En Algérie, le quotidien Al Fajr Nouveau a dénoncé la censure.", published="2020-09-15")
    paper = [m for m in ctx.mentions if m.text.startswith("quotidien")]
    assert paper and paper[0].sector == "JRN" and paper[0].code == "DZA"
    assert paper[0].text.endswith("Nouveau") and paper[0].name == paper[0].text[len("quotidien "):]


def test_person_before_party_acronym_stays_a_person(coded):
    ctx = coded("A Lyon, le maire Paul Martinot (PS) a soutenu la liste.", published="2020-06-01")
    assert not [m for m in ctx.mentions if m.label == "ORG" and "Martinot" in m.text]


# -- international courts, capitals, agents naming their country, complements, bare titles ----------

@pytest.mark.parametrize("text, court", [
    ("Le tribunal pénal international pour le Rwanda a rejeté la demande de libération.",
     "tribunal pénal international pour le Rwanda"),
    ("Le TPIY a rejeté hier l'appel d'un ancien officier bosniaque.", "TPIY"),
    ("Le Tribunal spécial pour le Liban a reporté son verdict.", "Tribunal spécial pour le Liban"),
])
def test_international_courts_are_un_judiciary_not_the_country_they_judge(coded, text, court):
    m = find(coded(text), court)
    assert (m.code, m.sector) == ("UN", "JUD")


def test_staff_of_an_international_court_keep_its_judiciary_sector(coded):
    ctx = coded("Le procureur du TPIR a réclamé la perpétuité contre l'ancien préfet.")
    m = find(ctx, "procureur du TPIR")
    assert (m.code, m.sector) == ("UN", "JUD")


def test_titles_written_in_capitals_are_agents(coded):
    ctx = coded("A Lisbonne, LA POLICE MUNICIPALE a dispersé les supporters. LE PREMIER MINISTRE "
                "PORTUGAIS a salué son action.", published="2021-05-30")
    police = [m for m in ctx.mentions if m.text.startswith("POLICE")]
    assert police and (police[0].code, police[0].sector) == ("PRT", "COP")
    head = [m for m in ctx.mentions if m.text.startswith("PREMIER MINISTRE")]
    assert head and (head[0].code, head[0].sector) == ("PRT", "PRE")


@pytest.mark.parametrize("text, words, code, sector", [
    ("A Paris, une sénatrice démocrate a dénoncé la décision de Pékin.", "sénatrice démocrate", "USA", "LEG"),
    ("Au Kenya, un député travailliste a demandé des comptes.", "député travailliste", "GBR", "LEG"),
    ("En Iran, les républicains ont dénoncé l'accord.", "républicains", "USA", "PTY"),
    ("Un sénateur républicain brésilien a protesté.", "sénateur républicain brésilien", "BRA", "LEG"),
])
def test_agent_words_of_one_country_name_it(coded, text, words, code, sector):
    m = find(coded(text, published="2021-05-30"), words)
    assert (m.code, m.sector) == (code, sector)


def test_the_french_party_in_capitals_is_not_the_american_one(coded):
    ctx = coded("A Nice, plusieurs élus des Républicains ont quitté la majorité.", published="2021-05-30")
    assert not [m for m in ctx.mentions if m.code == "USA"]


def test_demonym_in_the_complement_of_a_body_names_the_country(coded):
    ctx = coded("Washington a annoncé un nouveau plan pour ses bases. Le Pentagone a confirmé. "
                "Le maire de la ville japonaise de Nago a protesté.", published="2021-05-30")
    m = [m for m in ctx.mentions if m.text.startswith("maire de la ville")]
    assert m and m[0].code == "JPN"


def test_a_bare_title_goes_to_the_holder_named_later_in_the_article(coded):
    ctx = coded("Le chef du gouvernement a réclamé lundi des explications au Maroc sur la crise "
                "migratoire. Rabat a répondu mardi. Pedro Sanchez doit s'exprimer devant les députés.",
                published="2021-05-20")
    title = find(ctx, "chef du gouvernement")
    assert (title.name, title.code) == ("Pedro Sanchez", "ESP")


def test_a_court_of_one_country_only_keeps_it_in_a_foreign_story(coded):
    ctx = coded("Le Rwandais arrêté à Asnières sera jugé au Rwanda si la justice le permet. Kigali "
                "réclame son extradition. La chambre de l'instruction a examiné la demande jeudi.",
                published="2020-06-03")
    m = find(ctx, "chambre de l'instruction")
    assert (m.code, m.sector) == ("FRA", "JUD")


# -- story country: areas qualified by a demonym, AFP headlines, regional groups ---------------------
def test_area_with_demonym_places_the_sentence(coded):
    # The authorities of a sentence placed "dans la province canadienne" are Canada's, even in a
    # story about another country.
    text = ("Le Brésil a enregistré mille nouveaux décès, selon le ministère brésilien de la Santé. "
            "Les écoles ont été fermées dans la populeuse province canadienne de l'Ontario, ont annoncé les autorités.")
    assert find(coded(text), "autorités").code == "CAN"


def test_demonym_of_a_complement_is_not_a_place(coded):
    # "le ministre malien" names an actor, not where the sentence happens.
    text = ("Le Brésil a enregistré mille nouveaux décès. "
            "Le ministre malien a reçu les autorités dans la soirée.")
    ctx = coded(text)
    assert find(ctx, "ministre malien").code == "MLI"
    assert find(ctx, "autorités").code == "BRA"  # the story's, not the minister's country


def test_headline_country_for_unnamed_gunmen(make_context):
    # Gunmen with no place in their sentence act in the country the headline opens with, not
    # in the victims' home country that the article places things in most often.
    text = ("Trois ingénieurs italiens ont été tués dimanche dans l'ouest du pays. "
            "Leurs corps doivent être rapatriés en Italie mardi. "
            "Une cellule de crise a été ouverte en Italie. "
            "L'attaque menée par des hommes armés n'a pas été revendiquée.")
    ctx = make_context(text, published="2020-08-10", title="Tchad: trois Italiens tués dans une attaque")
    ctx.mentions = extract_mentions(ctx)
    assert find(ctx, "hommes armés").code == "TCD"
    untitled = make_context(text, published="2020-08-10")
    untitled.mentions = extract_mentions(untitled)
    assert find(untitled, "hommes armés").code == "ITA"


@pytest.mark.parametrize("text,phrase", [
    ("Le pays est frappé par les groupes jihadistes sahéliens depuis 2015.", "groupes jihadistes sahéliens"),
    ("Des jihadistes transfrontaliers ont attaqué le poste.", "jihadistes transfrontaliers"),
])
def test_regional_armed_groups_have_no_single_country(coded, text, phrase):
    m = find(coded("Au Niger, " + text[0].lower() + text[1:]), phrase)
    assert (m.code, m.sector) == ("IMG", "REB")


@pytest.mark.parametrize("text,word", [
    ("Les journalistes ont été libérés devant le tollé général.", "général"),
    ("Les réunions de ce comité militaire ont repris à Genève.", "militaire"),
])
def test_agent_word_used_as_an_adjective_is_no_actor(coded, text, word):
    assert not [m for m in coded(text).mentions if m.text == word]


@pytest.mark.parametrize("text,phrase,sector", [
    ("Selon une source militaire, l'attaque a fait trois morts.", "militaire", "MIL"),
    ("Le général a démissionné.", "général", "MIL"),
    ("Les délégués ont rencontré des membres de la société civile.", "société civile", "CVL"),
])
def test_agent_words_kept_where_they_name_actors(coded, text, phrase, sector):
    found = [m for m in coded(text).mentions if phrase in m.text]
    assert found and found[0].sector == sector


def test_bodies_of_people_keep_the_body_sector_in_the_plural(coded):
    ctx = coded("Salués par les associations de victimes, les textes ont été publiés.", published="2020-05-07")
    assert find(ctx, "associations de victimes").sector == "NGO"
    ctx = coded("L'association de victimes a salué le texte.", published="2020-05-07")
    assert find(ctx, "association de victimes").sector == "NGO"


def test_president_elect_is_coded_pre(coded):
    ctx = coded("Les manifestants ont dénoncé le président élu américain.", published="2016-11-12")
    m = [m for m in ctx.mentions if m.text.startswith("président élu")]
    assert m and (m[0].code, m[0].sector) == ("USA", "PRE")


def test_un_agency_by_its_adjective(coded):
    ctx = coded("Au Soudan, l'agence onusienne a distribué des vivres aux déplacés.")
    m = find(ctx, "agence onusienne")
    assert m.code == "UN"


def test_indigenous_people_of_the_story_country(coded):
    ctx = coded("Le Canada a présenté ses excuses. Les autochtones ont manifesté à Ottawa contre le gouvernement.")
    m = [m for m in ctx.mentions if m.text.lower().startswith("autochtones")][0]
    assert (m.code, m.sector) == ("CAN", "CVL")


def test_indigenous_leaders_are_one_civilian_actor(coded):
    ctx = coded("Le Canada a présenté ses excuses. Des dirigeants autochtones ont dénoncé le projet de pipeline.")
    assert {(a.code, a.sector) for a in actors_in(ctx, ctx.text.index("Des"), ctx.text.index(" ont"))} == {("CAN", "CVL")}


def test_police_of_where_the_story_happens_not_of_a_country_only_named(coded):
    ctx = coded("Des supporters algériens ont célébré la qualification de l'Algérie à Lyon. "
                "L'Algérie jouera contre le Maroc. Le président algérien a salué les joueurs algériens. "
                "Les forces de l'ordre ont interpellé douze personnes.")
    m = find(ctx, "forces de l'ordre")
    assert (m.code, m.sector) == ("FRA", "COP")


def test_police_of_the_story_when_the_story_country_is_also_a_place(coded):
    ctx = coded("Le Premier ministre canadien a parlé de racisme à Ottawa. Des Canadiens ont défilé en soutien "
                "aux manifestants à Minneapolis et à New York, aux Etats-Unis. Il veut équiper la police de caméras.")
    m = find(ctx, "police")
    assert m.code == "CAN"


def test_nationality_adjective_belongs_to_its_own_noun_phrase(coded):
    ctx = coded("Le président tchadien a parlé. Le chef rebelle accusé suisse a été arrêté.")
    m = [m for m in ctx.mentions if m.label == "AGENT" and m.text.startswith("rebelle")]
    assert m and all(x.code != "CHE" for x in m), [(x.text, x.code) for x in ctx.mentions]


@pytest.mark.parametrize("text,name", [
    ("Le Parquet national antiterroriste (Pnat) a ouvert une enquête sur l'attaque.", "Parquet national antiterroriste"),
    ("Le Parquet national financier a requis une peine de prison contre l'ancien ministre.", "Parquet national financier"),
    ("La Cour de justice de la République a jugé l'ancien ministre de la Santé.", "Cour de justice de la République"),
])
def test_french_judicial_bodies(coded, text, name):
    ctx = coded(text)
    m = find(ctx, name)
    assert (m.code, m.sector) == ("FRA", "JUD")


def test_un_agency_refers_back_to_the_agency_named_before(coded):
    ctx = coded("Le Brésil a critiqué l'Organisation mondiale de la santé (OMS). "
                "Le président brésilien reproche à l'agence onusienne sa gestion de la pandémie.")
    m = find(ctx, "agence onusienne")
    assert m.code == "WHO"


def test_unknown_person_held_abroad_takes_no_country_of_the_place(coded):
    """A person arrested or tried somewhere is not of that country by default: with no nationality
    of his own, he has none; a later short mention keeps that."""
    ctx = coded("Un tribunal de Dakar a condamné lundi Karim B., arrêté l'an dernier à Dakar, "
                "à cinq ans de prison. Karim B. a fait appel.")
    persons = [m for m in ctx.mentions if m.label == "PER"]
    assert persons and all(m.code is None for m in persons)


def test_nationality_noun_or_apposition_codes_an_unknown_person(coded):
    before = coded("L'Américain Jonathan Keller a été arrêté à Kinshasa.")
    assert find(before, "Jonathan Keller").code == "USA"
    appo = coded("Karim B., un médecin tunisien, est jugé depuis mardi à Lyon.")
    assert find(appo, "Karim B.").code == "TUN"


def test_unknown_person_not_held_keeps_the_country_of_the_story(coded):
    ctx = coded("Moussa Keita a pris la parole devant ses partisans à Bamako.")
    assert find(ctx, "Moussa Keita").code == "MLI"
