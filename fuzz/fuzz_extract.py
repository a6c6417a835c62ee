"""Coverage-guided fuzzing of the coding entry point (`Coder.code_articles`, what `veille extract`
runs per article) with atheris. Not part of CI: run it by hand for a few minutes.

    .venv/bin/pip install atheris
    OMP_NUM_THREADS=1 .venv/bin/python fuzz/fuzz_extract.py -max_total_time=300 -max_len=4096 fuzz/corpus

Each input is decoded as UTF-8 (with replacement, as ingest does) and coded as a French article;
the harness fails on any exception and on any record whose offsets fall outside the text or whose
`text[start:end]` differs from the record's text. A crash leaves `crash-*` files: turn each into a
regression test in tests/test_hostile_text.py.
"""

from __future__ import annotations

import sys
from datetime import date

import atheris

with atheris.instrument_imports(include=["veille"]):
    # The extractors are imported lazily by the Coder: import them here so they are instrumented.
    import veille.extract.casualties  # noqa: F401
    import veille.extract.events  # noqa: F401
    import veille.extract.mentions  # noqa: F401
    import veille.extract.places  # noqa: F401
    import veille.extract.quotes  # noqa: F401
    import veille.extract.timexes  # noqa: F401
    from veille import Coder
    from veille.records import Article

CODER: Coder | None = None


def check_offsets(text: str, coded) -> None:
    """The invariant every extractor keeps: spans lie inside the text and quote it exactly."""
    for record in [*coded.timexes, *coded.places, *coded.entities, *coded.quotes]:
        assert 0 <= record.start <= record.end <= len(text), (record, len(text))
        assert text[record.start:record.end] == record.text, record
    for record in [*coded.events, *coded.casualties]:
        assert 0 <= record.start <= record.end <= len(text), (record, len(text))
        assert text[record.start:record.end] == record.evidence, record


def test_one_input(data: bytes) -> None:
    global CODER
    if CODER is None:
        CODER = Coder(workers=1)
    text = data.decode("utf-8", errors="replace").replace("\x00", " ")
    if not text.strip():
        return
    article = Article(id="fuzz", text=text, published=date(2021, 4, 6), language="fr")
    for coded in CODER.code_articles([article]):
        coded.to_dict()
        check_offsets(text, coded)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
