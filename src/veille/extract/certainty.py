"""Certainty of an event (GUIDELINES §1): asserted, reported, alleged, denied, hypothetical or future,
read from the trigger's own clause (negation, conditional, future tense, "si", "en cas de") and from
the verbs that govern it ("accuse X de …" → alleged, "dément avoir …" → denied, "va …" → future,
"a annoncé que …" / "selon …" → reported). The cues live in `certainty.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from veille.extract.context import text_around
from veille.extract.event_rules import DigestKey, verb_lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

    from veille.resources import Resources

# Dependencies through which a governing verb frames the event below it.
EMBEDDING_DEPS = frozenset({"xcomp", "ccomp", "csubj", "obj", "obl:arg", "advcl"})
# Modal/aspect verbs that never change certainty on their own ("a pu", "commencé à").
NEUTRAL_GOVERNORS = frozenset({"pouvoir", "commencer", "continuer", "finir", "venir", "parvenir", "réussir"})


@dataclass(frozen=True, slots=True)
class CertaintyCues:
    negators: frozenset[str]
    denial_verbs: frozenset[str]
    allegation_verbs: frozenset[str]
    allegation_words: frozenset[str]
    future_verbs: frozenset[str]
    future_words: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_phrases: tuple[str, ...]
    report_verbs: frozenset[str]
    report_preps: frozenset[str]
    demand_verbs: frozenset[str]
    refusal_verbs: frozenset[str]
    enacting_verbs: frozenset[str]
    # Speech acts read from a statement's content (events.content_events).
    content_speech_verbs: frozenset[str] = frozenset()
    content_acts: tuple[tuple[str, "re.Pattern[str]"], ...] = ()
    # Proposals and calls a refusal answers: refused, they were still made.
    proposal_nouns: frozenset[str] = frozenset()


# Words of a content cue may be split by quotation marks: le « droit » de « se défendre ».
_GAP = r"[\s\"«»“”]+"


@lru_cache(maxsize=4)
def _cues_for(key: DigestKey) -> CertaintyCues:
    data = key.resources.data("certainty")
    return CertaintyCues(
        negators=frozenset(data["negators"]),
        denial_verbs=frozenset(data["denial_verbs"]),
        allegation_verbs=frozenset(data["allegation_verbs"]),
        allegation_words=frozenset(data["allegation_words"]),
        future_verbs=frozenset(data["future_verbs"]),
        future_words=frozenset(data["future_words"]),
        hypothetical_marks=frozenset(data["hypothetical_marks"]),
        hypothetical_phrases=tuple(p.lower() for p in data["hypothetical_phrases"]),
        report_verbs=frozenset(data["report_verbs"]),
        report_preps=frozenset(data["report_preps"]),
        demand_verbs=frozenset(data.get("demand_verbs", ())),
        refusal_verbs=frozenset(data.get("refusal_verbs", ())),
        enacting_verbs=frozenset(data.get("enacting_verbs", ())),
        proposal_nouns=frozenset(data.get("proposal_nouns", ())),
        content_speech_verbs=frozenset(data.get("content_speech_verbs", ())),
        content_acts=tuple(
            (type_, re.compile(r"(?<![\w-])(?:" + "|".join(p.replace(" ", _GAP) for p in patterns)
                               + r")(?![\w-])"))
            for type_, patterns in (data.get("content_acts") or {}).items() if patterns),
    )


def certainty_cues(resources: "Resources") -> CertaintyCues:
    return _cues_for(DigestKey(resources))


NEGATIVE_PRONOUNS = frozenset({"personne", "rien"})


def is_negated(tok: "Token", cues: CertaintyCues) -> bool:
    """"n'a pas attaqué", "ne rencontrera jamais": a negator adverb on the verb (or its
    auxiliary) together with "ne"; "aucun" on the object also negates ("n'a fait aucune victime")."""
    has_ne = False
    has_negator = False
    for child in tok.children:
        low = child.lower_
        if low in ("ne", "n'", "n’"):
            has_ne = True
        elif child.dep_ in ("advmod", "det", "advmod:neg") and low in cues.negators:
            has_negator = True
        elif child.dep_ in ("obj", "nsubj", "nsubj:pass") and any(
                g.lower_ in ("aucun", "aucune", "nul", "nulle") for g in child.children):
            has_negator = True
        elif child.dep_ in ("obj", "nsubj", "nsubj:pass", "obl:arg") and child.lower_ in NEGATIVE_PRONOUNS \
                and not any(g.dep_ == "det" for g in child.children):
            # "Moscou ne menaçait personne", "personne n'a attaqué": a negative pronoun argument
            # (not "une personne").
            has_negator = True
    return has_ne and has_negator


def _mood(tok: "Token") -> tuple[str, str]:
    """(mood, tense) of a verb's finite part: its own or its auxiliary's."""
    # The finite part: the tense auxiliary, else the passive one ("seraient appelés"), else the verb.
    auxes = [c for c in tok.children if c.dep_.startswith("aux") and c.morph.get("Mood")]
    auxes.sort(key=lambda c: c.dep_ != "aux:tense")
    finite = auxes[0] if auxes else tok
    mood = (finite.morph.get("Mood") or [""])[0]
    tense = (finite.morph.get("Tense") or [""])[0]
    if mood != "Cnd" and finite.pos_ in ("VERB", "AUX") and looks_conditional(finite):
        mood = "Cnd"
    return mood, tense


IRREGULAR_CONDITIONALS = frozenset({
    "serait", "seraient", "aurait", "auraient", "pourrait", "pourraient", "devrait", "devraient",
    "ferait", "feraient", "irait", "iraient", "voudrait", "voudraient", "faudrait", "viendrait",
    "viendraient", "tiendrait", "tiendraient", "enverrait", "enverraient", "verrait", "verraient",
    "saurait", "sauraient"})


def looks_conditional(tok: "Token") -> bool:
    """The tagger reads some conditionals ("offrirait") as imperfects: infinitive + -ait."""
    form = tok.lower_
    if form in IRREGULAR_CONDITIONALS:
        return True
    if not (form.endswith("rait") or form.endswith("raient")):
        return False
    lemma = tok.lemma_.lower()
    stem = form[:-3] if form.endswith("ait") else form[:-5]
    return stem in (lemma, lemma[:-1])


def _has_compound_aux(tok: "Token") -> bool:
    return any(c.dep_ == "aux:tense" for c in tok.children)


def _own_clause_cue(tok: "Token", cues: CertaintyCues) -> str | None:
    """Certainty from the clause of `tok` itself (no governor)."""
    if is_negated(tok, cues):
        return "denied"
    mood, tense = _mood(tok)
    if mood == "Cnd":
        # Journalistic conditional "aurait tué" reports a claim; "prendrait" is a condition.
        return "alleged" if _has_compound_aux(tok) else "hypothetical"
    if tense == "Fut":
        return "future"
    if tok.pos_ in ("VERB", "AUX") and conditional_clause(tok, cues):
        return "hypothetical"
    for child in tok.children:
        if child.lower_ in cues.allegation_words:
            return "alleged"
        if tok.pos_ == "NOUN" and child.lower_ in cues.future_words:
            return "future"
    if tok.pos_ == "NOUN":
        # "en cas de déploiement": the noun is the condition.
        before = text_around(tok, 16, 0)[:-len(tok.text) or None]
        before = before[max(0, len(before) - (tok.idx - tok.sent.start_char)):].lower()
        if "en cas d" in before or "au cas où" in before:
            return "hypothetical"
        head = tok.head
        if head is not tok and head.lower_ in cues.future_words:
            return "future"
        if head is not tok and head.pos_ == "AUX" and head.head.lower_ in cues.future_words:
            return "future"  # "une manifestation … est prévue", the parser hanging it on "est"
    return None


_QUOTE_MARKS = frozenset({"«", "»", "“", "”", '"'})
_RELATIVES = frozenset({"qui", "dont", "lequel", "laquelle", "lesquels", "lesquelles", "où"})


def conditional_clause(verb: "Token", cues: CertaintyCues) -> bool:
    """"si Tokyo envoyait des navires": a "si" opening the verb's clause, read on the words left
    of the verb (the parser often hangs "si" elsewhere)."""
    if any(c.dep_ == "aux:tense" and "Pres" in c.morph.get("Tense", []) for c in verb.children):
        # "Si les autorités ont déjà relâché …, elles rechignent …": a passé composé after "si"
        # states a fact to contrast with, not a condition.
        return False
    sent_start = verb.sent.start
    for j in range(verb.i - 1, max(sent_start, verb.i - 10) - 1, -1):
        t = verb.doc[j]
        if t.text in (",", ";", ":", ".", "!", "?") or t.pos_ == "VERB" or t.text in _QUOTE_MARKS:
            return False
        if t.lower_ in _RELATIVES and t.pos_ == "PRON":
            return False  # "si le groupe qui a tué dix soldats revient": the relative states a fact
        if t.lower_ in cues.hypothetical_marks and t.pos_ in ("SCONJ", "ADP", "CCONJ"):
            return True
    return False


def is_purpose(tok: "Token") -> bool:
    """"pour appeler …", "afin de libérer …"; not a past infinitive, which gives a cause ("pour
    avoir fait déporter …", "pour s'être retourné contre …")."""
    if "Inf" not in tok.morph.get("VerbForm", []) or not any(
            c.dep_ == "mark" and c.lower_ in ("pour", "afin") for c in tok.children):
        return False
    return not any(c.dep_.startswith("aux") and c.lemma_ in ("avoir", "être") and c.i < tok.i
                   for c in tok.children)


def _reported_by_incise(anchor: "Token", cues: CertaintyCues) -> bool:
    """"Les FAMa ont attaqué un village, a affirmé l'ONU": a speech verb after a comma, which the
    parser hangs on the act as a conjunct or parataxis, attributes the act to a source."""
    for c in anchor.children:
        if c.i > anchor.i and c.dep_ in ("conj", "parataxis") and verb_lemma(c) in cues.report_verbs:
            first = c.left_edge
            if first.i > 0 and anchor.doc[first.i - 1].text in (",", "»", '"'):
                return True
            if first.text in (",", "»", '"'):
                return True
    return False


def _bare_infinitive_subject(anchor: "Token") -> bool:
    """"Capturer ou tuer X était la priorité": an infinitive that is the subject of its clause
    (or coordinated with one) names an act, it does not report one."""
    tok = anchor
    if "Inf" not in tok.morph.get("VerbForm"):
        return False
    if tok.dep_ == "conj":
        tok = tok.head
    return tok.dep_.startswith("csubj") and "Inf" in tok.morph.get("VerbForm")


def is_question(anchor: "Token") -> bool:
    """"L'armée va-t-elle attaquer Gao ?", a title asking whether: a sentence that ends with a
    question mark (outside quotation marks) asks about the act, it does not report it."""
    tok = anchor
    for _ in range(8):
        if tok.dep_ in ("acl:relcl", "acl"):
            return False  # "Peut-il renoncer aux milliards qu'il réclame ?": the relative states a fact
        if tok.head is tok:
            break
        tok = tok.head
    sent = anchor.sent
    inside = False  # a question inside a quotation is the speaker's, read with its attribution
    for t in anchor.doc[sent.start:anchor.i]:
        if t.text in ("«", "“"):
            inside = True
        elif t.text in ("»", "”"):
            inside = False
        elif t.text == '"':
            inside = not inside
    doc = anchor.doc
    if inside or (sent.end < len(doc) and doc[sent.end].text in _QUOTE_MARKS) \
            or (sent.start > 0 and doc[sent.start - 1].text in ("«", "“")):
        return False  # the parser cut the quotation marks off the question
    j = sent.end - 1
    while j > sent.start and (anchor.doc[j].is_space or anchor.doc[j].text in _QUOTE_MARKS):
        if anchor.doc[j].text in _QUOTE_MARKS:
            return False  # the question is a quotation; its attribution is read elsewhere
        j -= 1
    return anchor.doc[j].text == "?"


def certainty_of(anchor: "Token", cues: CertaintyCues) -> str:
    """Certainty of the event whose clause is headed by `anchor` (the trigger verb, the light verb
    of an event noun, or the noun itself)."""
    own = _own_clause_cue(anchor, cues)
    if own is not None:
        return own
    if _bare_infinitive_subject(anchor):
        return "hypothetical"
    if is_question(anchor):
        return "hypothetical"
    if anchor.pos_ == "NOUN" and anchor.dep_ in ("nsubj", "nsubj:pass") and anchor.head is not anchor \
            and anchor.head.pos_ in ("VERB", "AUX"):
        # "une manifestation devrait avoir lieu samedi", "si l'offensive était lancée": an event
        # noun subject of its clause is as certain as the clause (only its doubts are read: "la
        # manifestation n'a pas dégénéré" still took place).
        framed = certainty_of(anchor.head, cues)
        if framed in ("future", "hypothetical"):
            return framed
    reported = False
    tok = anchor
    # Climb the chain of governing verbs within the sentence.
    for _ in range(6):
        if is_purpose(tok) and verb_lemma(tok.head) not in cues.enacting_verbs:
            return "future"  # "pour appeler …", "afin de libérer …": an aim, not yet done
        head = tok.head
        if head is tok or tok.dep_ == "ROOT":
            break
        if tok.dep_ not in EMBEDDING_DEPS and not (tok.dep_ == "conj" and tok.pos_ == "VERB"):
            break
        if head.sent.start != tok.sent.start:  # glued sentences ("l'AFP.Le …") parsed as one
            break
        if tok.dep_ == "conj":  # coordinated verbs share their frame
            if "Inf" in tok.morph.get("VerbForm", []) and "Inf" not in head.morph.get("VerbForm", []) \
                    and verb_lemma(head) in cues.demand_verbs \
                    and any(c.dep_ == "mark" and c.lower_ in ("à", "de", "d'") for c in tok.children):
                # "a appelé à l'unité, et à soutenir l'armée": an infinitive the parser coordinated
                # with the demand verb is what is demanded.
                return "hypothetical"
            if "Inf" in head.morph.get("VerbForm", []) and "Inf" not in tok.morph.get("VerbForm", []) \
                    and any(c.dep_ == "mark" and c.lower_ in ("que", "qu'", "qu’") for c in tok.children):
                # "a déclaré qu'il entrait en politique pour panser les plaies et qu'il refusait
                # de …": a second completive the parser hung on the infinitive of the first one's
                # purpose; it shares the frame of the finite verb above, not that purpose.
                while "Inf" in head.morph.get("VerbForm", []) and head.head is not head:
                    head = head.head
            tok = head
            continue
        if tok.dep_ == "advcl":
            # An adverbial clause is framed by its own "si", not by its governor's negation.
            if conditional_clause(tok, cues):
                return "hypothetical"
            break
        lemma = verb_lemma(head)
        negated = is_negated(head, cues)
        if lemma in cues.denial_verbs:
            return "asserted" if negated else "denied"
        if negated and lemma not in NEUTRAL_GOVERNORS:
            return "denied"
        if lemma in cues.allegation_verbs:
            return "alleged"
        if lemma in cues.refusal_verbs and tok.dep_ in ("xcomp", "obj", "obl:arg"):
            if tok.pos_ == "NOUN" and (tok.lemma_.lower() in cues.proposal_nouns
                                       or tok.lower_ in cues.proposal_nouns):
                # "rejetant un appel à la trêve lancé par l'Egypte": the call was made; only
                # the refusal is new (a REJECT of its own).
                break
            return "denied"
        if lemma in cues.demand_verbs and tok.dep_ in ("xcomp", "obj", "ccomp"):
            return "hypothetical"
        if lemma in cues.future_verbs and (tok.dep_ == "xcomp" or (tok.dep_ == "obj" and tok.pos_ == "NOUN")):
            return "future"
        mood, tense = _mood(head)
        if mood == "Cnd" and not _has_compound_aux(head) and lemma not in cues.report_verbs:
            return "hypothetical"
        if tense == "Fut" and lemma not in cues.report_verbs:
            return "future"
        if tok.pos_ == "VERB" and conditional_clause(tok, cues):
            return "hypothetical"
        if lemma in cues.report_verbs:
            reported = True
        tok = head
    if reported or _reported_by_incise(anchor, cues):
        return "reported"
    sent = anchor.sent
    for t in sent:
        if t.lower_ in cues.report_preps and t.dep_ == "case":
            return "reported"
        if t.lower_ == "après" and t.i > 0 and t.nbor(-1).lower_ in ("d'", "d’"):
            return "reported"
    return "asserted"
