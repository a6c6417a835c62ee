"""The NLP stage: one spaCy pipeline per process, with veille's entity rules."""

from veille.nlp.pipeline import MODEL_NAME, load_pipeline, parse_batch

__all__ = ["MODEL_NAME", "load_pipeline", "parse_batch"]
