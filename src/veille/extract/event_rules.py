"""The compiled trigger lexicon of the event coder: `triggers.yaml` turned once per process into a
word → triggers index, so that finding the triggers of an article is one dict lookup per token.

A trigger says which PLOVER type and mode a French word (verb or event noun) codes, under which
constraints (a dependent word for light-verb and fixed constructions, a reflexive clitic), and which
dependency roles give its actor and recipient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from veille.resources import Resources

# Roles used when a trigger does not list its own (see the header of triggers.yaml).
DEFAULT_VERB_ACTOR = ("subj", "agent")
DEFAULT_VERB_RECIPIENT = ("obj", "obl:à", "obl:au", "obl:aux", "obl:contre", "obl:envers", "obl:avec")
DEFAULT_NOUN_ACTOR = ("light", "agent", "adj", "obl:par", "clause")
DEFAULT_NOUN_RECIPIENT = ("obl:contre", "obl:à", "obl:au", "obl:aux", "obl:envers", "obl:avec")


@dataclass(frozen=True, slots=True)
class Trigger:
    id: str
    type: str
    mode: str | None
    cameo: str
    intensity: float
    pos: str  # "verb" or "noun": which default roles apply
    words: tuple[str, ...]
    with_words: frozenset[str]
    reflexive: bool
    actor_roles: tuple[str, ...]
    recipient_roles: tuple[str, ...]
    control: str  # "subject" or "object": who performs an infinitive the trigger governs
    symmetric: bool
    exclude: tuple[str, ...] = ()
    within: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    subject_words: frozenset[str] = frozenset()
    context: frozenset[str] = frozenset()
    exclude_re: Any = None  # the `exclude` phrases compiled (exclude_pattern)

    @property
    def constrained(self) -> bool:
        return bool(self.with_words) or self.reflexive or bool(self.within) or bool(self.before) \
            or bool(self.subject_words) or bool(self.context)


@dataclass(frozen=True, slots=True)
class TriggerIndex:
    by_word: dict[str, tuple[Trigger, ...]]
    light_verbs: frozenset[str]
    triggers: tuple[Trigger, ...]
    # spaCy string ids of every trigger word: the per-article scan compares ids in numpy.
    word_ids: Any = None

    def hit_positions(self, doc) -> list[int]:
        """Indices of the tokens whose lemma or lower-case form is a trigger word."""
        import numpy
        from spacy.attrs import LEMMA, LOWER

        ids = doc.to_array([LEMMA, LOWER])
        if not len(ids):
            return []
        mask = numpy.isin(ids, self.word_ids).any(axis=1)
        return numpy.flatnonzero(mask).tolist()

    def candidates(self, lemma: str, lower: str, verb: bool = False) -> tuple[Trigger, ...]:
        """The triggers of a token, in the order to try them: for a verb the tagger left
        unlemmatised ("demande", "réclament"), those of its guessed infinitive first; then those
        of its lemma; then those of its lower-case form (an ADJ "opposé" whose lemma is "opposer"
        reaches the triggers listed under "opposé" when none of the lemma's matches)."""
        keys: list[str] = []
        if verb and lemma == lower:
            keys.extend(infinitive_guesses(lower))
        keys.append(lemma)
        if lower != lemma:
            keys.append(lower)
        out: list[Trigger] = []
        for key in keys:
            for trig in self.by_word.get(key, ()):
                if trig not in out:
                    out.append(trig)
        return tuple(out)


def infinitive_guesses(form: str) -> tuple[str, ...]:
    """Infinitives of a present-tense form of a first-group verb that spaCy left as its own
    lemma: "demande" → "demander", "réclament" → "réclamer"."""
    if form.endswith("ent") and len(form) > 5:
        return (form[:-3] + "er",)
    if form.endswith("e") and len(form) > 3:
        return (form + "r",)
    return ()


def unguessable(tok) -> bool:
    """An infinitive or a participle ("faire", "dire") is its own lemma: no infinitive to guess."""
    forms = tok.morph.get("VerbForm")
    return "Inf" in forms or tok.lower_.endswith(("er", "ir", "é", "és", "ée", "ées"))


def verb_lemma(tok) -> str:
    """The lemma of `tok`, with the infinitive guessed for a verb spaCy left unlemmatised
    ("demande" → "demander"), for the lookups in verb lists (certainty cues, control verbs)."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX") and lemma == tok.lower_ and not unguessable(tok):
        guesses = infinitive_guesses(lemma)
        if guesses:
            return guesses[0]
    return lemma


def unlemmatised_forms(word: str) -> tuple[str, ...]:
    """The present-tense forms of a first-group infinitive that spaCy may leave as their own
    lemma ("demander" → "demande", "demandent"): scanned so that the fallback can reach them."""
    if word.endswith("er") and len(word) > 4 and " " not in word:
        return (word[:-1], word[:-2] + "ent")
    return ()


# The text an `exclude` phrase is looked for in: the whole tokens from EXCLUDE_BEFORE characters
# before the trigger to EXCLUDE_AFTER characters after it.
EXCLUDE_BEFORE = 16
EXCLUDE_AFTER = 36


def exclude_pattern(phrases) -> "re.Pattern[str] | None":
    """One regex for a trigger's `exclude` phrases, each anchored on word boundaries: a phrase
    matches whole words ("assist* à" does not match inside "désassistance"), and `*` stands for
    the rest of a word ("s'attaqu*" matches "s'attaquer", "s'attaquent")."""
    alternatives = []
    for phrase in phrases:
        body = re.escape(phrase.lower().replace("’", "'")).replace(r"\*", r"\w*")
        left = r"(?<!\w)" if phrase[:1].isalnum() else ""
        right = r"(?!\w)" if phrase[-1:].isalnum() else ""
        alternatives.append(left + body + right)
    return re.compile("|".join(alternatives)) if alternatives else None


def _build(data: dict) -> TriggerIndex:
    types = data["types"]
    triggers: list[Trigger] = []
    for raw in data["triggers"]:
        pos = raw.get("pos", "verb")
        type_info = types[raw["type"]]
        verb = pos == "verb"
        triggers.append(Trigger(
            id=raw["id"],
            type=raw["type"],
            mode=raw.get("mode"),
            cameo=raw.get("cameo", type_info["cameo"]),
            intensity=float(type_info["intensity"]),
            pos=pos,
            words=tuple(w.lower() for w in raw["words"]),
            with_words=frozenset(w.lower() for w in raw.get("with", ())),
            reflexive=bool(raw.get("reflexive", False)),
            actor_roles=tuple(raw.get("actor") or (DEFAULT_VERB_ACTOR if verb else DEFAULT_NOUN_ACTOR)),
            recipient_roles=tuple(raw["recipient"] if "recipient" in raw
                                  else (DEFAULT_VERB_RECIPIENT if verb else DEFAULT_NOUN_RECIPIENT)),
            control=raw.get("control", "subject"),
            symmetric=bool(raw.get("symmetric", False)),
            exclude=tuple(p.lower() for p in raw.get("exclude", ())),
            exclude_re=exclude_pattern(raw.get("exclude", ())),
            within=frozenset(w.lower() for w in raw.get("within", ())),
            before=frozenset(w.lower() for w in raw.get("before", ())),
            subject_words=frozenset(w.lower() for w in raw.get("subject", ())),
            context=frozenset(w.lower() for w in raw.get("context", ())),
        ))
    grouped: dict[str, list[Trigger]] = {}
    for trig in triggers:
        for word in trig.words:
            grouped.setdefault(word, []).append(trig)
    # Constrained triggers ("relever" + "alerte") are tried before the plain ones of the same word.
    by_word = {w: tuple(sorted(ts, key=lambda t: not t.constrained)) for w, ts in grouped.items()}
    import numpy
    from spacy.strings import get_string_id

    scanned = set(by_word)
    for trig in triggers:
        if trig.pos == "verb":
            for word in trig.words:
                scanned.update(unlemmatised_forms(word))
    word_ids = numpy.array(sorted({get_string_id(w) for w in scanned}), dtype="uint64")
    return TriggerIndex(by_word=by_word, light_verbs=frozenset(data.get("light_verbs", ())),
                        triggers=tuple(triggers), word_ids=word_ids)


class DigestKey:
    """Hashes resources by their digest, so a cache keyed on it builds once per resource set."""

    __slots__ = ("resources",)

    def __init__(self, resources: "Resources"):
        self.resources = resources

    def __hash__(self) -> int:
        return hash(self.resources.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DigestKey) and other.resources.digest == self.resources.digest


@lru_cache(maxsize=4)
def _index_for(key: DigestKey) -> TriggerIndex:
    return _build(key.resources.data("triggers"))


def trigger_index(resources: "Resources") -> TriggerIndex:
    """The index of `triggers.yaml`, built once per resources digest."""
    return _index_for(DigestKey(resources))
