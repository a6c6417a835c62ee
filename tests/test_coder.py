"""The Python API: one Coder, texts and iterables of articles, order, pass-through, errors."""

from __future__ import annotations

import pytest

from veille.coder import MAX_CHARS, ArticleTooLong
from veille.ingest import make_article
from veille.records import CodedArticle

FR = "Le Premier ministre a rencontré mardi à Paris les représentants des syndicats."
EN = "The prime minister met union representatives in Paris on Tuesday to discuss the reform."


def test_code_text_returns_a_coded_article(coder):
    coded = coder.code_text(FR, published="2021-04-06", id="x", title="Rencontre")
    assert isinstance(coded, CodedArticle)
    assert (coded.id, coded.title, coded.language, str(coded.published)) == ("x", "Rencontre", "fr", "2021-04-06")
    assert coded.coder == coder.version and coder.version.startswith("veille ")


def test_articles_come_back_in_input_order_with_other_languages_passed_through(coder):
    articles = [make_article(id=f"a{i}", text=t) for i, t in enumerate([FR, EN, FR, EN, EN, FR])]
    coded = list(coder.code_articles(articles))
    assert [c.id for c in coded] == [f"a{i}" for i in range(6)]
    assert [c.language for c in coded] == ["fr", "en", "fr", "en", "en", "fr"]
    assert all(not (c.events or c.timexes or c.entities) for c in coded if c.language == "en")


def test_a_failing_article_goes_to_on_error_and_the_batch_goes_on(coder):
    long_one = make_article(id="long", text="mot " * (MAX_CHARS // 4 + 10))
    articles = [make_article(id="before", text=FR), long_one, make_article(id="after", text=FR)]
    failed = []
    coded = list(coder.code_articles(articles, on_error=lambda a, e: failed.append((a.id, type(e)))))
    assert [c.id for c in coded] == ["before", "after"]
    assert failed == [("long", ArticleTooLong)]
    with pytest.raises(ArticleTooLong):
        list(coder.code_articles([long_one]))


def test_offsets_point_into_the_text(coder):
    coded = coder.code_text(FR + " " + FR, published="2021-04-06")
    text = FR + " " + FR
    for record in [*coded.timexes, *coded.places, *coded.entities, *coded.quotes]:
        assert text[record.start:record.end] == record.text


def test_text_around_reads_the_same_characters_as_the_document_text(nlp):
    from veille.extract.context import text_around

    doc = nlp("L'armée a frappé à l'aide d'un drone, a-t-il dit.Le lendemain, rien.")
    text = doc.text
    for tok in doc:
        assert text_around(tok, 12, 6) == text[max(0, tok.idx - 12):tok.idx + len(tok.text) + 6]
        assert text_around(tok, 0, 0) == tok.text


@pytest.mark.parametrize("text, first_sentence", [
    ("Il a été jugé par le TPIR.Félicien Kabuga était absent.", "Il a été jugé par le TPIR."),
    ("Selon l'ONG.L'enquête continue.", "Selon l'ONG."),
    ("Il l'a dit.- Réactions -Le ministre a répondu.", "Il l'a dit."),
])
def test_glued_sentences_after_acronyms_and_subheadings_are_split(nlp, text, first_sentence):
    doc = nlp(text)
    assert next(iter(doc.sents)).text == first_sentence
    assert doc.text == text  # offsets unchanged


def test_initials_and_compound_names_stay_whole(nlp):
    tokens = [t.text for t in nlp("M.Dupont, Jean-Pierre et les U.S.A. sont là.")]
    assert {"M.Dupont", "Jean-Pierre", "U.S.A."} <= set(tokens)
