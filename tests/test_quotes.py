"""Quotes and their speakers: one test per construction, on sentences written for the tests."""

from __future__ import annotations

import pytest

from veille.extract.quotes import extract_quotes, find_quote_spans, lexicon_of


@pytest.fixture
def quotes_of(make_context):
    """quotes_of(text, title="") -> the Quote records, earlier stages run as the Coder runs them."""
    from veille.extract.mentions import extract_mentions
    from veille.extract.timexes import extract_timexes

    def run(text: str, title: str = ""):
        ctx = make_context(text, title=title)
        ctx.timexes = extract_timexes(ctx)
        ctx.mentions = extract_mentions(ctx)
        return ctx, extract_quotes(ctx)

    return run


def speaker(quote) -> str | None:
    return quote.speaker.name if quote.speaker else None


def only(quotes, needle: str):
    found = [q for q in quotes if needle in q.text]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


# -- marks ------------------------------------------------------------------------------------

@pytest.mark.parametrize("open_mark, close_mark", [
    ("« ", " »"),          # French marks with spaces inside
    ("«", "»"),            # without spaces
    ("«\u00a0", "\u00a0»"),  # with no-break spaces
    ("“", "”"),
    ('"', '"'),
    ("‹ ", " ›"),
])
def test_every_kind_of_mark_gives_the_inner_text_and_its_offsets(quotes_of, open_mark, close_mark):
    words = "Nous ne céderons pas aux menaces"
    text = f"{open_mark}{words}{close_mark}, a déclaré le ministre belge Paul Lambert."
    ctx, quotes = quotes_of(text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text == words
    assert text[q.start:q.end] == words
    assert "Lambert" in speaker(q)
    assert q.cue == "a déclaré"


def test_straight_quotes_glued_to_the_sentences_around_them(quotes_of):
    text = ('Le maire de Lyon, Marc Durand, a visité le quartier sinistré.Les habitants sont "très '
            'inquiets pour leur avenir", a-t-il ajouté.Un autre élu, Jean Morel, a réclamé "une aide '
            'rapide de l\'Etat".La préfecture a annoncé une réunion.')
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["très inquiets pour leur avenir", "une aide rapide de l'Etat"]
    assert speaker(quotes[0]) == "Marc Durand"
    assert speaker(quotes[1]) == "Jean Morel"


def test_a_closing_mark_glued_to_the_next_sentence_and_an_opening_glued_to_the_last(quotes_of):
    text = ('La ministre Claire Martin a répondu aux critiques."Nous avons agi vite et nous '
            'continuerons", a-t-elle dit.Elle a ensuite quitté la salle.')
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["Nous avons agi vite et nous continuerons"]
    assert speaker(quotes[0]) == "Claire Martin"


def test_a_stray_mark_does_not_shift_the_pairing_of_the_rest(quotes_of):
    text = ('Un titre de presse évoquait "la crise.\n'
            'Le sénateur Hugo Blanc a estimé que le texte était "un recul sans précédent pour les '
            'libertés".')
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["un recul sans précédent pour les libertés"]
    assert speaker(quotes[0]) == "Hugo Blanc"


# -- spans ------------------------------------------------------------------------------------

def test_a_quote_of_several_sentences_is_one_quote(quotes_of):
    text = ('« La situation est grave. Nous devons agir maintenant. Demain il sera trop tard », '
            'a averti la présidente de l\'ONG, Sophie Leroy.')
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].text.startswith("La situation est grave.")
    assert quotes[0].text.endswith("trop tard")
    assert speaker(quotes[0]) == "Sophie Leroy"


def test_a_quote_split_by_an_incise_is_two_quotes_with_one_speaker(quotes_of):
    text = ('Le général Pierre Dumont a visité la base. « Nous restons vigilants », a-t-il assuré, '
            '« et nous sommes prêts à réagir à toute provocation ».')
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == ["Nous restons vigilants",
                                        "et nous sommes prêts à réagir à toute provocation"]
    assert [speaker(q) for q in quotes] == ["Pierre Dumont", "Pierre Dumont"]
    assert quotes[0].cue == "a-t-il assuré"


def test_a_partial_quote_inside_a_sentence_takes_the_subject_of_the_speech_verb(quotes_of):
    text = ('Le président colombien Ivan Duque a affirmé mardi que son gouvernement « ne cédera '
            'jamais au chantage des groupes armés ».')
    _, quotes = quotes_of(text)
    assert quotes[0].text == "ne cédera jamais au chantage des groupes armés"
    assert speaker(quotes[0]) == "Ivan Duque"
    assert quotes[0].cue == "a affirmé"


def test_a_quote_that_runs_over_two_paragraphs(quotes_of):
    text = ('La directrice de l\'hôpital, Anne Girard, a décrit la nuit. « Les blessés arrivaient '
            'sans cesse et nous manquions de tout.\n'
            '« Les équipes ont tenu jusqu\'au matin, sans une plainte », a-t-elle raconté.')
    _, quotes = quotes_of(text)
    assert [q.text for q in quotes] == [
        "Les blessés arrivaient sans cesse et nous manquions de tout.",
        "Les équipes ont tenu jusqu'au matin, sans une plainte"]
    assert all(speaker(q) == "Anne Girard" for q in quotes)


def test_titles_of_works_scare_quotes_and_intertitles_are_not_quotes(quotes_of):
    text = ('Le réalisateur a présenté son film "Les Oubliés de la plaine" à Cannes. Ses critiques '
            'parlent d\'un "chef-d\'oeuvre". - "Un triomphe" - La salle a applaudi longuement.')
    _, quotes = quotes_of(text)
    assert quotes == []


# -- speakers ---------------------------------------------------------------------------------

def test_an_incise_pronoun_goes_to_the_last_speaker_of_that_gender(quotes_of):
    text = ('La chancelière allemande Angela Merkel a rencontré le président français Emmanuel '
            'Macron à Berlin. « Nous avons trouvé un terrain d\'entente sur le budget », '
            'a-t-elle déclaré. « Les discussions continueront dès demain », a-t-il ajouté.')
    _, quotes = quotes_of(text)
    assert speaker(only(quotes, "terrain d'entente")) == "Angela Merkel"
    assert speaker(only(quotes, "discussions continueront")) == "Emmanuel Macron"


def test_a_title_goes_to_the_person_given_that_title_earlier(quotes_of):
    text = ('Le porte-parole du gouvernement malien, Amadou Koné, a démenti les rumeurs. '
            'Le ministre de la Défense, Ali Traoré, était absent. « Aucune négociation n\'est en '
            'cours avec les groupes armés », a insisté le porte-parole.')
    _, quotes = quotes_of(text)
    assert speaker(quotes[0]) == "Amadou Koné"


def test_mister_surname_gives_the_full_name(quotes_of):
    text = ('Le Premier ministre tchèque Andrej Babis a reçu son homologue slovaque. « Nos deux '
            'pays partagent les mêmes priorités », a souligné M. Babis.')
    _, quotes = quotes_of(text)
    assert speaker(quotes[0]) == "Andrej Babis"


def test_an_organisation_speaks_for_itself_and_through_a_spokesperson(quotes_of):
    text = ('« Les manoeuvres se déroulent comme prévu », a indiqué l\'armée. « Nous suivons la '
            'situation de très près », a précisé un porte-parole de l\'Otan.')
    _, quotes = quotes_of(text)
    assert speaker(only(quotes, "manoeuvres")) == "armée"
    assert speaker(only(quotes, "suivons")) == "Otan"


def test_according_to_names_the_speaker(quotes_of):
    text = ('Les frappes ont visé « des positions tenues par les rebelles », selon le porte-parole '
            'de l\'armée, Karim Haddad. Selon lui, l\'opération « va se poursuivre plusieurs jours ».')
    _, quotes = quotes_of(text)
    assert speaker(only(quotes, "positions tenues")) == "Karim Haddad"
    assert speaker(only(quotes, "plusieurs jours")) == "Karim Haddad"
    assert only(quotes, "positions tenues").cue == "selon"


def test_a_colon_after_the_speaker(quotes_of):
    text = ('La maire de la ville, Julie Moreau, a lancé un avertissement : « Personne ne sera '
            'autorisé à rentrer avant lundi ».')
    _, quotes = quotes_of(text)
    assert speaker(quotes[0]) == "Julie Moreau"


def test_an_anonymous_speaker_gives_no_speaker(quotes_of):
    text = ('Des milliers de personnes ont manifesté dimanche. « Nous voulons simplement vivre en '
            'paix », a confié un manifestant à l\'AFP.')
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].speaker is None


def test_a_quote_with_no_speaker_at_all(quotes_of):
    text = 'Sur la banderole, on pouvait lire « Rendez-nous nos écoles et nos hôpitaux ».'
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    assert quotes[0].speaker is None


def test_a_quote_standing_alone_continues_the_previous_speaker(quotes_of):
    text = ('« Le pays traverse une crise grave », a déclaré le président tunisien Kais Saied. '
            '« Chacun devra faire des efforts. »')
    _, quotes = quotes_of(text)
    assert [speaker(q) for q in quotes] == ["Kais Saied", "Kais Saied"]


def test_an_inverted_subject_after_an_audience(quotes_of):
    text = ('« Les secours sont arrivés trop tard », a déclaré à l\'AFP Fatou Diallo, une habitante '
            'du quartier.')
    _, quotes = quotes_of(text)
    assert speaker(quotes[0]) == "Fatou Diallo"


# -- resources --------------------------------------------------------------------------------

def test_the_lexicon_is_compiled_once_per_resource_set(make_context):
    ctx = make_context("Rien.")
    assert lexicon_of(ctx) is lexicon_of(make_context("Encore rien."))
    lex = lexicon_of(ctx)
    assert "déclarer" in lex.single_verbs
    assert lex.participles["ajouté"] == "ajouter"


def test_spans_never_overlap_and_lie_inside_their_marks(make_context):
    text = ('Il a dit "oui" puis « non », et “ peut-être ” enfin "toujours pas".\n"Un paragraphe '
            'sans fin\n"Et la suite".')
    lex = lexicon_of(make_context("Rien."))
    spans = find_quote_spans(text, lex)
    for a, b in zip(spans, spans[1:]):
        assert a.close < b.open
    for s in spans:
        assert s.open < s.start <= s.end <= s.close
        assert text[s.start:s.end] == text[s.start:s.end].strip()


def test_an_incise_with_a_verb_not_in_the_lexicon(quotes_of):
    text = ('Le maire de Brest, Yves Le Goff, a visité la digue. « Nous reconstruirons tout », '
            'a-t-il tonné. « Il faudra du temps », soupire-t-il. « Ce sera long », a tempêté le '
            'syndicaliste Marc Petit.')
    _, quotes = quotes_of(text)
    assert [speaker(q) for q in quotes] == ["Yves Le Goff", "Yves Le Goff", "Marc Petit"]
    assert quotes[0].cue == "a-t-il tonné"
    assert quotes[1].cue == "soupire-t-il"


def test_an_impersonal_on_gives_no_speaker(quotes_of):
    text = ('Le ministre Paul Girard a quitté Paris. « C\'est exclu à ce stade », a-t-on indiqué '
            'dans son entourage.')
    _, quotes = quotes_of(text)
    assert quotes[0].speaker is None


def test_a_source_opening_the_sentence(quotes_of):
    text = 'Pour la ministre Elisabeth Borne, « la réforme est juste et nécessaire ».'
    _, quotes = quotes_of(text)
    assert speaker(quotes[0]) == "Elisabeth Borne"


def test_a_partial_quote_that_starts_with_the_verb_of_the_subject_before_it(quotes_of):
    text = ('Dans son avis publié lundi, l\'Agence européenne du médicament « recommande la '
            'poursuite de la vaccination dans tous les pays ».')
    _, quotes = quotes_of(text)
    assert "Agence européenne du médicament" in speaker(quotes[0])


def test_the_last_one_named_speaks_through_ce_dernier(quotes_of):
    text = ('Le juge a entendu Marc Lévy puis son associé Paul Roche. « Je n\'ai rien signé », '
            'a assuré ce dernier.')
    _, quotes = quotes_of(text)
    assert speaker(quotes[0]) == "Paul Roche"


# -- speakers of real wire copy: clauses, appositions, organisations, continuations -----------

def test_an_incise_participle_glued_to_the_next_heading(quotes_of):
    text = ('Lors de son procès, Karim Benali a rejeté toutes les accusations."Je suis un '
            'enseignant et pas un agitateur", a-t-il plaidé.- "Ne rien lâcher" -Ses soutiens '
            'manifestent devant le tribunal.')
    ctx, quotes = quotes_of(text)
    q = only(quotes, "enseignant")
    assert "Benali" in speaker(q)
    assert q.cue == "a-t-il plaidé"


def test_an_organisation_given_with_its_acronym_keeps_its_full_name(quotes_of):
    text = ("Dans un texte publié mardi, la Mission d'observation des Nations unies au Soudan "
            '(Minus) a dit "craindre une reprise des combats dans la région". Les casques bleus '
            'sont "prêts à protéger les civils", a précisé la Minus.')
    ctx, quotes = quotes_of(text)
    first = speaker(only(quotes, "reprise"))
    assert first.startswith("Mission d'observation des Nations unies au Soudan") and "(Minus)" in first
    assert speaker(only(quotes, "protéger")) == first


def test_no_speaker_name_crosses_a_glued_full_stop(quotes_of):
    text = ("Le Tribunal pénal international pour l'ex-Yougoslavie (TPIY) l'a inculpé en 1995. "
            '"Il a planifié le siège de la ville pendant des mois", écrit l\'acte d\'accusation du '
            'TPIY.Radovan Karadzic était alors président.')
    ctx, quotes = quotes_of(text)
    name = speaker(only(quotes, "planifié"))
    assert "Karadzic" not in name and "TPIY" in name


def test_a_definite_newspaper_or_ngo_is_the_one_just_named(quotes_of):
    text = ('"La situation est intenable pour les familles", affirme le quotidien El Khabar. '
            '"Aucun responsable ne s\'est rendu sur place depuis une semaine", s\'insurge le quotidien.'
            ' "Nous attendons une réponse depuis des mois", a réagi Sea Watch. "Les rescapés doivent '
            'débarquer au plus vite dans un port sûr", a ajouté l\'ONG.')
    ctx, quotes = quotes_of(text)
    assert "El Khabar" in speaker(only(quotes, "Aucun responsable"))
    assert "Sea Watch" in speaker(only(quotes, "rescapés"))


def test_a_title_with_a_long_complement_gives_the_name_in_apposition(quotes_of):
    text = ('"Cette crise durera des années", a averti le directeur général de l\'Organisation '
            'internationale du travail (OIT), Guy Ryder. La Haut-Commissaire des Nations unies aux '
            'réfugiés, Maria Lopez, a affirmé que "les camps sont saturés dans tout le pays". '
            '"Il y a eu une attaque contre le convoi", a expliqué le porte-parole de l\'état-major, '
            'le colonel Paul Marchand, précisant que "trois soldats ont été blessés".')
    ctx, quotes = quotes_of(text)
    assert "Ryder" in speaker(only(quotes, "crise durera"))
    assert "Lopez" in speaker(only(quotes, "camps"))
    assert "Marchand" in speaker(only(quotes, "attaque contre"))
    assert "Marchand" in speaker(only(quotes, "trois soldats"))


def test_a_relative_qui_speaks_for_the_name_before_it(quotes_of):
    text = ('Un avis que partage le quotidien Liberté, qui se demandait lundi matin, "où sont '
            'passés les responsables du ministère ?", et qui estime que "le silence du '
            'gouvernement est incompréhensible".')
    ctx, quotes = quotes_of(text)
    assert "Liberté" in speaker(only(quotes, "où sont"))
    assert "Liberté" in speaker(only(quotes, "silence"))


# Speaker constructions: (case, text, words of the quote, a word of the expected speaker).
SPEAKER_CASES = [
    ("the_subject_nearest_the_speech_verb",
     ('La presse est sévère. Pour sa part, le quotidien El Khabar fustige "une gestion '
      'désastreuse de la crise sanitaire" par le gouvernement.'),
     'gestion', 'El Khabar'),
    ("an_apposition_between_commas_before_the_verb",
     ('Dans un tweet, le frère du journaliste, Samir Haddad, s\'est dit "révolté et '
      'choqué par cette décision".'),
     'révolté', 'Haddad'),
    ("a_parenthetical_between_the_incise_verb_and_its_subject",
     ('"Nous resterons mobilisés jusqu\'au départ du gouvernement", a déclaré, vêtu de '
      "blanc, l'imam Mahmoud Diallo, devant la foule."),
     'mobilisés', 'Diallo'),
    ("a_date_between_the_incise_verb_and_the_organisation",
     ('"Le recours aux armes interdites est inadmissible", a aussi dénoncé dès le 3 '
      'juin Human Rights Watch (HRW).'),
     'recours', 'Human Rights Watch'),
    ("the_second_half_of_a_quote_split_by_an_incise",
     ('Mme Rachida Benali vit avec trois enfants. "Le choc psychologique est grand", '
      'murmure cette mère de famille qui vit en appartement, "entre quatre murs depuis '
      'trois mois".'),
     'quatre murs', 'Benali'),
    ("a_relative_of_the_person_speaks_for_that_person",
     ('"Ma fille a besoin de sortir et de voir ses amis", explique Rachid El Amrani, un '
      'comédien de 36 ans. "Avec sa mère, on fait beaucoup d\'efforts chaque jour", '
      'poursuit le jeune père de famille.'),
     'efforts', 'El Amrani'),
    ("a_relative_whose_participle_opens_the_quote",
     ("La Ligue arabe s'est félicitée de cette initiative, tout comme le ministre "
      'français Jean-Yves Le Drian qui a "salué le résultat obtenu aujourd\'hui par les '
      'deux camps".'),
     'salué', 'Le Drian'),
    ("an_unnamed_spokesperson_speaks_for_the_institution_just_named",
     ('Le département d\'Etat a assuré ne pas être impliqué dans cette affaire. "Le '
      'secrétaire d\'Etat s\'exprimera à titre personnel", a dit un porte-parole dans une '
      'mise au point.'),
     'titre personnel', 'département'),
    ("a_short_sentence_with_a_partial_quote_goes_on_with_the_last_speaker",
     ('"Je lui ai dit que j\'étudierai ses propositions avec attention", a déclaré le '
      'président Paul Martin. La réforme "sera soit amendée, soit remplacée".'),
     'amendée', 'Martin'),
    ("the_clause_before_a_colon_wins_over_a_speech_verb_further_back",
     ("Si certains fournisseurs ont préconisé d'augmenter les tarifs, Julie Moreau a "
      'fait un autre choix : "on garde les mêmes prix pour tous nos clients".'),
     'mêmes prix', 'Moreau'),
    ("a_gerund_speaks_with_the_subject_of_its_clause",
     ('La semaine dernière, le sénateur Marc Durand avait défendu sa réforme en lançant '
      ': "ce texte est fait pour les agriculteurs de ce pays".'),
     'agriculteurs', 'Durand'),
    ("a_title_with_a_demonym_goes_to_someone_of_that_country",
     ('Le président français Emmanuel Macron a salué "une décision courageuse et '
      'utile". Le président Abdelaziz Bouteflika a renoncé lundi à un cinquième mandat. '
      'Plus tard, le président algérien a précisé que l\'élection aurait lieu "après une '
      'conférence nationale inclusive".'),
     'conférence', 'Bouteflika'),
    ("a_name_before_an_apposition_that_ends_at_the_verb",
     ("Plus tôt, le général Karim Haddad, chef d'état-major de l'armée nationale, avait "
      'appelé les partis à trouver des "solutions rapides et durables à la crise".'),
     'solutions', 'Haddad'),
    ("a_name_the_ner_took_for_a_place_in_apposition_to_a_title",
     ("Selon le directeur de l'hôpital public de Tarhouna, Abouraoui al-Bouzedi, des "
      'dizaines de corps ont été retrouvés. Les corps "ont été transférés vers Tripoli '
      'par le Croissant rouge", a ajouté le directeur de l\'hôpital.'),
     'transférés', 'Bouzedi'),
    ("a_relative_after_a_title_with_a_place_goes_to_the_title",
     ("Julien Martel, ancien député socialiste de l'Essonne, a présenté sa liste mardi. "
      '"Il faut mener une bataille de conviction", affirme l\'ancien député socialiste '
      'de l\'Essonne qui estime que "ces élections seront totalement différentes".'),
     'élections', 'Martel'),
    ("a_person_named_at_the_end_of_a_long_subject",
     ('Interrogé par la radio, le spécialiste en paiement des caisses Daniel Ferber, '
      'estime que "la moitié des commerçants ne sont pas équipés".'),
     'commerçants', 'Ferber'),
    ("a_definite_description_is_the_person_just_named",
     ('La maire Isabelle Duroc a dénoncé une sanction "totalement disproportionnée". Ce '
      'n\'est pas l\'avis d\'Alexandre, qui travaille dans un bar près de la mairie. "On '
      'doit tous payer pour ce qu\'on a fait", lâche le serveur.'),
     'payer', 'Alexandre'),
    ("a_source_before_a_colon_clause_with_no_speaker",
     ('Selon Anna Hunter, l\'entourage de l\'acteur a alors éclaté de rire : "J\'étais '
      'sans voix et je suis partie en pleurant".'),
     'sans voix', 'Hunter'),
]


@pytest.mark.parametrize("case, text, fragment, speaker_word", SPEAKER_CASES, ids=[c[0] for c in SPEAKER_CASES])
def test_speaker_constructions(quotes_of, case, text, fragment, speaker_word):
    ctx, quotes = quotes_of(text)
    assert speaker_word in speaker(only(quotes, fragment))


def test_this_source_and_this_statement_are_the_last_speaker(quotes_of):
    text = ('"Nous avons appris la nouvelle avec une immense tristesse", a réagi dans un '
            'communiqué le ministre des Affaires étrangères Jean-Marc Leroy. "Une victime '
            'française est à déplorer", selon ce communiqué. Selon la même source, il a été '
            'question "des mesures de soutien aux familles des victimes".')
    ctx, quotes = quotes_of(text)
    assert "Leroy" in speaker(only(quotes, "victime française"))
    assert "Leroy" in speaker(only(quotes, "mesures de soutien"))


def test_a_verb_with_no_subject_leaves_the_speaker_to_a_later_source(quotes_of):
    text = ('La visite a aussi été l\'occasion d\'évoquer "la reprise des projets de '
            'construction" dans le pays, d\'après le gouvernement libyen.')
    ctx, quotes = quotes_of(text)
    assert speaker(only(quotes, "reprise")) is not None
    assert "gouvernement" in speaker(only(quotes, "reprise"))


def test_a_quote_opening_its_sentence_continues_the_speaker(quotes_of):
    text = ('"Les cartels vont tout faire pour bloquer ce texte", prévoit le sénateur Ivan '
            'Moreno. "L\'Etat devra affronter durement ces organisations criminelles" que '
            'représente le trafic. "Nous avons déjà perdu trop de temps." Le débat reprend '
            'mardi au Sénat.')
    ctx, quotes = quotes_of(text)
    assert "Moreno" in speaker(only(quotes, "affronter"))
    assert "Moreno" in speaker(only(quotes, "perdu trop"))


def test_a_verb_the_tagger_took_for_a_noun_or_an_adjective(quotes_of):
    text = ('"La prison ne règle rien", juge aussi Karim Mansouri, un avocat de Rabat. Le '
            'sénateur Ivan Moreno a déposé un texte. Le parlementaire suggère ainsi de "confier '
            'la production aux communautés locales".')
    ctx, quotes = quotes_of(text)
    assert "Mansouri" in speaker(only(quotes, "prison"))
    assert "Moreno" in speaker(only(quotes, "production"))


def test_a_statement_of_an_institution_gives_the_institution_of_the_country(quotes_of):
    text = ('Le président syrien Bachar al-Assad a limogé son Premier ministre jeudi. M. Assad a '
            'signé un décret "nommant un nouveau chef du gouvernement dès ce soir", selon un '
            'communiqué de la présidence.')
    ctx, quotes = quotes_of(text)
    name = speaker(only(quotes, "nommant"))
    assert name is not None and name.startswith("présidence")


def test_a_short_name_of_an_organisation_named_in_full_before(quotes_of):
    text = ('Des milliers de personnes ont manifesté vendredi à l\'appel du Rassemblement des '
            'forces démocratiques du Niger. Le Rassemblement "exige la démission du gouvernement '
            'avant la fin du mois", dans une déclaration.')
    ctx, quotes = quotes_of(text)
    assert speaker(only(quotes, "démission")).startswith("Rassemblement des forces démocratiques")


def test_a_name_completing_another_noun_is_not_the_speaker(quotes_of):
    text = ('Les parents de Julien Morel ont dit être "trahis par le gouvernement depuis le début".')
    ctx, quotes = quotes_of(text)
    assert "Morel" not in (speaker(only(quotes, "trahis")) or "")


def test_a_relative_with_a_possessive_is_not_the_person_just_named(quotes_of):
    text = ('Arthur Lenoir a disparu depuis deux mois, selon la gendarmerie. "Je veux juste savoir '
            'où est mon fils aujourd\'hui", s\'alarme sa mère.')
    ctx, quotes = quotes_of(text)
    assert "Lenoir" not in (speaker(only(quotes, "mon fils")) or "")



def test_a_title_written_in_capitals_is_still_a_title(quotes_of):
    text = ('Le Portugal a rouvert ses frontières lundi. « Nous accueillerons les touristes dès '
            'juin », a promis LE PREMIER MINISTRE PORTUGAIS.')
    _, quotes = quotes_of(text)
    assert len(quotes) == 1
    spk = quotes[0].speaker
    assert spk is not None and (spk.code, spk.sector) == ("PRT", "PRE")
    assert not spk.name.isupper()


def test_a_head_of_government_title_is_not_the_victim_named_just_before(quotes_of):
    text = ('Le Premier ministre espagnol Pedro Sanchez a reçu jeudi la famille du journaliste. '
            'Le journaliste espagnol Pablo Ortega avait été tué au Mexique en 2019. '
            '« Nous exigerons des comptes jusqu\'au bout », a promis le chef du gouvernement.')
    _, quotes = quotes_of(text)
    assert speaker(only(quotes, "comptes")) == "Pedro Sanchez"


@pytest.mark.parametrize("text, who", [
    ('Les autorités tunisiennes ont promis une « plus grande liberté de circuler pour tous », '
     'comme l\'a lui-même relevé mardi le chef du gouvernement, Elyes Fakhfakh.', "Elyes Fakhfakh"),
    ('Le syndicat a dénoncé « une réforme écrite sans les enseignants », comme le répète '
     'sa secrétaire générale Claire Dumont.', "Claire Dumont"),
])
def test_as_said_by_names_the_inverted_subject_not_the_sentence_subject(quotes_of, text, who):
    _, quotes = quotes_of(text)
    assert len(quotes) == 1 and speaker(quotes[0]) == who


@pytest.mark.parametrize("text, needle, expected", [
    # a pronominal speech verb the tagger reads as a noun after its clitic
    ("« Nous roulerons tous les jours pour elles », s'enthousiasme Mme Nadia Berrada.", "roulerons", "Nadia Berrada"),
    # "faire part" as an incise
    ("« Elle s'est éteinte paisiblement », a fait part son fils Karim Benali.", "éteinte", "Karim Benali"),
    # a definite description by a profession named in apposition earlier
    ("Le musée a été conçu par l'architecte Lina Moretti. « C'est un bâtiment sobre », a commenté l'architecte.",
     "bâtiment sobre", "Lina Moretti"),
    # an opinion verb with a quoted complement
    ("Omar Sall tient une boutique au marché. Ce commerçant pense qu'il faudra « au moins deux ans pour s'en remettre ».",
     "deux ans", "Omar Sall"),
])
def test_more_speech_verbs_and_descriptions(quotes_of, text, needle, expected):
    _, quotes = quotes_of(text)
    assert speaker(only(quotes, needle)) == expected


def test_raising_an_alert_level_is_no_speech_verb(quotes_of):
    text = ("Le ministère de la Défense a annoncé que les forces avaient relevé leur niveau d'alerte à la suite des "
            "« récentes provocations aux frontières du pays ».")
    _, quotes = quotes_of(text)
    assert speaker(only(quotes, "provocations")) == "ministère de la Défense"
