"""What the extractors of one article share: the article, its parsed Doc, the resources, and the
records the earlier extractors produced (timexes → mentions → places → quotes → events →
casualties, in that order; each extractor reads only what comes before it)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from veille.records import Article, Casualty, Event, Place, Quote, Timex

if TYPE_CHECKING:  # spaCy objects stay inside nlp/ and extract/
    from spacy.tokens import Doc

    from veille.resources import Resources


@dataclass(slots=True)
class Mention:
    """A reference to an actor in the text: a name, a title, an agent phrase or a pronoun.

    `name` is the canonical full name when known ("Jens Stoltenberg" for "M. Stoltenberg"),
    `code`/`sector` the actor coding (GUIDELINES §3), `label` one of PER, ORG, GPE, LOC, AGENT
    (a common-noun actor such as "soldats ukrainiens") or PRON.
    """

    text: str
    start: int
    end: int
    label: str
    name: str | None = None
    code: str | None = None
    sector: str | None = None
    gender: str | None = None  # "m", "f" or None when unknown
    number: str | None = None  # "sg", "pl" or None when unknown
    sent: int = -1  # index of the sentence in doc.sents


@dataclass(slots=True)
class DocContext:
    article: Article
    doc: "Doc"
    resources: "Resources"
    # Boundaries (resolve/): actor lookup and gazetteer, real or in-memory fakes in tests.
    actors: Any = None
    gazetteer: Any = None
    timexes: list[Timex] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    # Character bounds of doc.sents, built on first use: spaCy's Token.sent walks the sentences
    # from the start of the Doc, which made per-event lookups quadratic in the article's length.
    _sentence_starts: list[int] = field(default_factory=list)
    _sentence_ends: list[int] = field(default_factory=list)
    # Indexes an extractor derives from the records above, keyed by what they were built from.
    cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text

    def _index_sentences(self) -> None:
        if not self._sentence_starts:
            for sent in self.doc.sents:
                self._sentence_starts.append(sent.start_char)
                self._sentence_ends.append(sent.end_char)

    def sentences(self) -> list[tuple[int, int]]:
        """(start_char, end_char) of every sentence, in order."""
        self._index_sentences()
        return list(zip(self._sentence_starts, self._sentence_ends))

    def sentence_bounds(self, char: int) -> tuple[int, int, int]:
        """(start_char, end_char, index) of the sentence holding character `char`."""
        self._index_sentences()
        if not self._sentence_starts:
            return 0, len(self.article.text), 0
        index = max(0, bisect_right(self._sentence_starts, char) - 1)
        return self._sentence_starts[index], self._sentence_ends[index], index


def text_around(tok: Any, before: int, after: int) -> str:
    """The document's characters from `before` chars ahead of token `tok` to `after` chars past
    its end, read from a few neighbouring tokens: Doc.text rebuilds the whole article's string at
    every call, which made per-trigger checks quadratic in the article's length."""
    doc = tok.doc
    lo = tok.i
    while lo > 0 and tok.idx - doc[lo].idx < before:
        lo -= 1
    hi = tok.i
    while hi + 1 < len(doc) and doc[hi].idx + len(doc[hi].text) < tok.idx + len(tok.text) + after:
        hi += 1
    span = doc[lo:hi + 1]
    offset = tok.idx - span.start_char
    return span.text[max(0, offset - before):offset + len(tok.text) + after]

