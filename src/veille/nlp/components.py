"""Rule components around the statistical models: entity repairs after the NER, and a sentence
length cap before the parser (both registered as spaCy factories).

1. An organisation or country name glued to the name of its spokesperson ("Otan Jens Stoltenberg",
   "ONU Antonio Guterres") is split into ORG/LOC + PER: the NER learnt such runs as one ORG.
   An unknown upper-case acronym before a full name ("AFP Ashok Subron") is split the same way.
2. Known organisation acronyms the NER misses or labels as persons (Otan, ONU, UE, CEDEAO …) are
   labelled ORG.
The list of names comes from `resources/fr/entity_names.yaml`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from veille.resources import load_resources


def _fold(text: str) -> str:
    return text.lower().replace("’", "'")


class EntityRules:
    def __init__(self, nlp: Language, name: str):
        data = load_resources().data("entity_names")
        # token sequences (lower-cased) → label
        self.known: dict[tuple[str, ...], str] = {}
        for label, names in data.items():
            for name in names:
                tokens = tuple(_fold(t.text) for t in nlp.make_doc(name))
                self.known[tokens] = label
        self.max_len = max((len(k) for k in self.known), default=1)

    def _match_at(self, doc: Doc, i: int, stop: int) -> tuple[int, str] | None:
        """Longest known name starting at token i and ending before `stop`."""
        for n in range(min(self.max_len, stop - i), 0, -1):
            key = tuple(_fold(t.text) for t in doc[i : i + n])
            if key in self.known:
                return n, self.known[key]
        return None

    @staticmethod
    def _acronym_prefix(ent: Span) -> tuple[int, str] | None:
        """An unknown acronym glued to a full name ("AFP Ashok Subron"): the acronym is the
        organisation the person speaks for or to, the rest the person."""
        first = ent[0]
        if len(ent) >= 3 and first.is_alpha and first.is_upper and 2 <= len(first) <= 6 \
                and all(t.is_title for t in ent[1:]):
            return 1, "ORG"
        return None

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            hit = self._match_at(doc, ent.start, ent.end) or self._acronym_prefix(ent)
            rest_start = ent.start + hit[0] if hit else ent.start
            rest = doc[rest_start : ent.end]
            if hit and len(rest) and all(t.is_title or t.text == "-" for t in rest):
                spans.append(Span(doc, ent.start, rest_start, label=hit[1]))
                spans.append(Span(doc, rest_start, ent.end, label="PER"))
            elif hit and not len(rest):
                spans.append(Span(doc, ent.start, ent.end, label=hit[1]))
            else:
                spans.append(ent)
        # Known names the NER left out entirely.
        covered = {i for s in spans for i in range(s.start, s.end)}
        i = 0
        while i < len(doc):
            if i not in covered and (doc[i].is_upper or doc[i].is_title):
                hit = self._match_at(doc, i, len(doc))
                if hit and not any(j in covered for j in range(i, i + hit[0])):
                    spans.append(Span(doc, i, i + hit[0], label=hit[1]))
                    i += hit[0]
                    continue
            i += 1
        doc.ents = filter_spans(spans)
        return doc


@Language.factory("veille_entity_rules")
def make_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(nlp, name)


# A run this long without a full stop is not a sentence but a list, a table or hostile text
# (10,000 quotation marks): the parser's cost grows with sentence length, so such runs are cut.
MAX_SENTENCE_TOKENS = 200
SENTENCE_ENDS = (".", "!", "?", "…", ";")


class SentenceCap:
    """Sentence starts the parser must keep, set before it runs: at a heading or paragraph glued
    to the next sentence with no full stop ("Camp DavidLe président", which the tokenizer splits
    without dropping a character), and every MAX_SENTENCE_TOKENS tokens inside runs with no
    sentence-final punctuation."""

    def __init__(self, nlp: Language):
        import re

        from veille.nlp.pipeline import GLUED_SENTENCE_START

        self.ends = [nlp.vocab.strings.add(p) for p in SENTENCE_ENDS]
        self.glued = re.compile(GLUED_SENTENCE_START)

    def __call__(self, doc: Doc) -> Doc:
        self._glued_starts(doc)
        if len(doc) <= MAX_SENTENCE_TOKENS:
            return doc
        import numpy

        from spacy.attrs import ORTH

        ends = numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), self.ends))
        bounds = numpy.concatenate(([-1], ends, [len(doc)]))
        for left, right in zip(bounds[:-1], bounds[1:]):
            for i in range(int(left) + MAX_SENTENCE_TOKENS, int(right), MAX_SENTENCE_TOKENS):
                doc[i].is_sent_start = True
        return doc


    def _glued_starts(self, doc: Doc) -> None:
        text = doc.text
        for match in self.glued.finditer(text):
            token = doc.char_span(match.start(), match.start() + 1, alignment_mode="expand")
            if token is not None and token.start > 0 and token[0].idx == match.start():
                token[0].is_sent_start = True


@Language.factory("veille_sentence_cap")
def make_sentence_cap(nlp: Language, name: str) -> SentenceCap:
    return SentenceCap(nlp)
