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
