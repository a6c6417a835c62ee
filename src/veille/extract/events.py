"""The native French PLOVER event coder (GUIDELINES §1).

Parse only where it pays: one vectorised pass compares every token's lemma and lower-case form
with the trigger words of `triggers.yaml`; sentences with no trigger get no further analysis.
For each trigger token the coder
  1. checks the trigger's constraints (a dependent word, a word in its clause, a reflexive
     clitic, an excluded idiom such as "à l'aide de" or "arrêter de"),
  2. reads actor and recipient from the dependency parse: subject, object, obliques (à, contre,
     avec, envers, de, entre), passive agents ("tués par"), the subject of the light verb that
     governs an event noun ("mener une attaque"), nationality adjectives ("raid américain"),
     subjects inherited from the governing verb (infinitives, coordinated verbs, incises after a
     quotation, object control "accuser X de"), coordinations and enumerations, relative and
     personal pronouns (mentions.resolve_pronoun), "nous" inside a quotation (its speaker); where
     the parse misplaces the recipient, the first coded phrase of the trigger's right subtree,
     then the nearest other party of the sentence;
  3. sets the certainty (extract/certainty.py), the date (timexes.date_for), the place
     (places.place_for), the CAMEO code and intensity;
and keeps one record per distinct (type, actor, recipient, date): a repeated mention adds at most
the recipient the first one lacked.

An act embedded under an accusation ("Kiev accuse Moscou de masser des troupes") is coded too,
performed by the accused and marked alleged; so is an act ascribed with "imputer … à X".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from veille.extract.certainty import CertaintyCues, certainty_cues, certainty_of
from veille.extract.context import DocContext, Mention, text_around
from veille.extract.event_rules import Trigger, TriggerIndex, trigger_index
from veille.records import Actor, Event, Location

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents that open another clause: an argument phrase stops there.
CLAUSE_DEPS = frozenset({"acl:relcl", "acl", "ccomp", "advcl", "parataxis", "csubj", "xcomp",
                         "punct", "dep", "vocative", "discourse"})
# Prepositions that make a modifier a place or a time, not a part of the actor's name.
LOCATIVE_CASES = frozenset({"en", "dans", "sur", "vers", "depuis", "près", "à", "au", "aux", "lors",
                            "pendant", "durant", "après", "avant", "jusqu'"})
SUBJECT_DEPS = ("nsubj", "nsubj:pass", "expl:subj")
OBJECT_DEPS = ("obj", "iobj")
# Verbs whose infinitive complement is performed by their object ("accuser X de", "appeler X à").
OBJECT_CONTROL = frozenset({"accuser", "appeler", "exhorter", "inviter", "ordonner", "demander",
                            "enjoindre", "presser", "pousser", "autoriser", "empêcher", "soupçonner",
                            "reprocher", "aider", "encourager", "sommer", "imputer", "interdire"})
PERSONAL_PRONOUNS = frozenset({"il", "elle", "ils", "elles", "lui", "eux", "celui-ci", "celle-ci",
                               "ceux-ci", "celles-ci", "ce dernier", "cette dernière"})
RELATIVE_PRONOUNS = frozenset({"qui", "que", "qu'", "lequel", "laquelle", "lesquels", "lesquelles",
                               "dont", "auquel", "duquel"})
# Types whose recipient is often absent: no guessing from the rest of the clause.
OPTIONAL_RECIPIENT = frozenset({"MOBILIZE", "PROTEST"})
# Physical acts happen somewhere: with no place in their clause they take the place of the
# sentence before ("une attaque a frappé Gao. Elle a tué…"), else the story's place. Statements
# (accusations, calls, support) are left unplaced, as annotators leave them.
PLACED_ACTS = frozenset({"ASSAULT", "PROTEST", "COERCE", "AID"})
# Speech acts have no place of their own: "En Syrie, le régime a dénoncé …" names where the
# speaker is, not where an accusation, a demand, a refusal or a promise "happened".
UNPLACED_ACTS = frozenset({"ACCUSE", "REQUEST", "REJECT", "AGREE", "CONCEDE"})
# A nationality adjective on an act of force names that country's armed forces ("raid
# américain", "violations russes").
ARMED_ACTS = frozenset({"ASSAULT", "MOBILIZE"})
JIHADIST_ADJECTIVES = frozenset({"jihadiste", "jihadistes", "djihadiste", "djihadistes", "terroriste",
                                 "terroristes"})
# Acts only a state performs: a passive with no agent ("ont été arrêtés") takes the state force
# the sentence names.
AUTHORITY_ACTS = frozenset({"COERCE", "RETREAT"})
AUTHORITY_SECTORS = frozenset({"COP", "MIL", "GOV", "JUD", "PRE", "SPY"})
# Verbs that ascribe an act to someone ("imputer l'attaque à X"): X is the act's author.
IMPUTING_VERBS = frozenset({"imputer", "attribuer", "reprocher"})
# Words between a subject and its verb: "X n'a pas encore …", "X s'est …".
VERB_GROUP_WORDS = frozenset({"ne", "n'", "n’", "pas", "se", "s'", "s’", "y", "en", "lui", "leur",
                              "l'", "la", "le", "les", "déjà", "encore", "aussi", "également",
                              "toutefois", "pourtant", "ainsi", "jamais", "plus", "bien"})
COMMON_PREPOSITIONS = frozenset({"à", "au", "aux", "de", "d'", "d’", "du", "des", "en", "par", "pour",
                                 "avec", "contre", "sur", "dans"})
AREA_WORDS = frozenset({"nord", "sud", "est", "ouest", "centre", "nord-est", "nord-ouest", "sud-est",
                        "sud-ouest", "région", "province", "frontière", "capitale", "périphérie"})
# "repousser une attaque", "subir un assaut": the subject is the target of the attack.
TARGET_VERBS = frozenset({"repousser", "subir", "essuyer", "déjouer", "contrer"})
FIRST_PERSON = frozenset({"je", "j'", "nous", "on"})
QUOTE_CHARS = frozenset({'"', "»", "“", "”", "«"})


@dataclass(slots=True)
class Args:
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)


@dataclass(slots=True)
class Boundaries:
    """The functions of the other extractors this one uses, looked up once per article so that a
    module still being written (a scaffold without them) degrades to the local fallbacks."""

    actors_in: Callable[..., list[Actor]] | None
    resolve_pronoun: Callable[..., Any] | None
    actor_of: Callable[[Mention], Actor] | None
    date_for: Callable[..., tuple[str | None, str | None]] | None
    place_for: Callable[..., Location | None] | None
    story_place: Callable[[DocContext], Location | None] | None


def _boundaries() -> Boundaries:
    from veille.extract import mentions, places, timexes

    return Boundaries(
        actors_in=getattr(mentions, "actors_in", None),
        resolve_pronoun=getattr(mentions, "resolve_pronoun", None),
        actor_of=getattr(mentions, "actor_of", None),
        date_for=getattr(timexes, "date_for", None),
        place_for=getattr(places, "place_for", None),
        story_place=getattr(places, "story_place", None),
    )


class ArticleCoder:
    """Everything the events of one article share: the trigger index, the cues, the mentions by
    token, and the arguments already computed per trigger token (for embedded acts)."""

    def __init__(self, ctx: DocContext, index: TriggerIndex, cues: CertaintyCues, bounds: Boundaries):
        self.ctx = ctx
        self.doc = ctx.doc
        self.index = index
        self.cues = cues
        self.bounds = bounds
        self.mentions_at: dict[int, list[Mention]] = {}
        from spacy.attrs import IDX

        # Character offset → token index, read as one array (iterating Tokens is slow).
        self._token_starts = {start: i for i, start in enumerate(self.doc.to_array([IDX]).ravel().tolist())}
        # Every token a mention covers points to it: a parse that cuts "Boko | Haram" still
        # finds the name from either half.
        self.mentions_over: dict[int, list[Mention]] = {}
        for m in ctx.mentions:
            tok = self._token_at(m.start)
            if tok is None:
                continue
            self.mentions_at.setdefault(tok, []).append(m)
            j = tok
            while j < len(self.doc) and self.doc[j].idx < m.end:
                self.mentions_over.setdefault(j, []).append(m)
                j += 1
        self.args_memo: dict[int, Args] = {}
        self.matched: dict[int, Trigger] = {}

    # -- mentions ------------------------------------------------------------------------
    def _token_at(self, char: int) -> int | None:
        i = self._token_starts.get(char)
        if i is not None:
            return i
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None and len(span) else None

    def _actor(self, m: Mention) -> Actor:
        if self.bounds.actor_of is not None:
            return self.bounds.actor_of(m)
        return Actor(code=m.code, sector=m.sector, text=m.text, name=m.name)

    def actors_of_tokens(self, toks: Iterable[int], start: int, end: int) -> list[Actor]:
        """Coded actors of a phrase given by its kept tokens and character span."""
        if self.bounds.actors_in is not None:
            found = [a for a in self.bounds.actors_in(self.ctx, start, end) if a.code]
            if found:
                return found
        out: list[Actor] = []
        seen: set[tuple[str | None, str | None]] = set()
        for i in sorted(toks):
            for m in self.mentions_over.get(i, ()):
                if m.label == "PRON" or not m.code:
                    continue
                key = (m.code, m.sector)
                if key not in seen:
                    seen.add(key)
                    out.append(self._actor(m))
        return out

    def resolve_pronoun(self, tok: "Token") -> list[Actor]:
        for m in self.mentions_at.get(tok.i, ()):  # mentions may already carry the resolution
            if m.label == "PRON" and m.code:
                return [self._actor(m)]
        gender = {"Masc": "m", "Fem": "f"}.get((tok.morph.get("Gender") or [""])[0])
        number = {"Sing": "sg", "Plur": "pl"}.get((tok.morph.get("Number") or [""])[0])
        if self.bounds.resolve_pronoun is not None:
            m = self.bounds.resolve_pronoun(self.ctx, tok.idx, gender, number)
            if m is not None and getattr(m, "code", None):
                return [self._actor(m)]
            return []
        # Fallback while mentions.py lacks resolve_pronoun: the last coded named actor before it.
        for m in reversed(self.ctx.mentions):
            if m.end <= tok.idx and m.code and m.label in ("PER", "ORG", "GPE", "LOC"):
                if number == "pl" and m.number == "sg":
                    continue
                return [self._actor(m)]
        return []

    def demonym_actor(self, tok: "Token", sector: str | None = None) -> list[Actor]:
        """"raid américain", "violations russes": a nationality adjective names its country."""
        lookup = getattr(self.ctx.actors, "lookup", None)
        if lookup is None or tok.pos_ not in ("ADJ", "PROPN", "NOUN"):
            return []
        entry = lookup(tok.text)
        if entry is None or entry.kind != "demonym" or not entry.code:
            return []
        return [Actor(code=entry.code, sector=sector, text=tok.text, name=entry.name)]

    # -- phrases ---------------------------------------------------------------------------
    def phrase_actors(self, head: "Token") -> list[Actor]:
        """The actors a noun phrase names (its head, appositions, coordination, "de" modifiers),
        leaving out relative clauses and place/time modifiers."""
        low = head.lower_
        if low in PERSONAL_PRONOUNS or low in RELATIVE_PRONOUNS or low in FIRST_PERSON or (
                head.pos_ == "PRON" and not self.mentions_at.get(head.i)):
            if low in RELATIVE_PRONOUNS:
                return self.antecedent_actors(head)
            if low in FIRST_PERSON:
                return self.speaker_actors(head)
            if low in ("se", "s'", "en", "y", "le", "la", "les", "l'"):
                return []
            return self.resolve_pronoun(head)
        kept: list[int] = []
        stack = [head]
        while stack:
            t = stack.pop()
            kept.append(t.i)
            for c in t.children:
                if c.dep_ in CLAUSE_DEPS:
                    continue
                if c.dep_ in ("nmod", "obl", "obl:mod") and any(
                        g.dep_ == "case" and g.lower_ in LOCATIVE_CASES for g in c.children):
                    continue
                stack.append(c)
        start = min(self.doc[i].idx for i in kept)
        last = self.doc[max(kept)]
        found = self.actors_of_tokens(kept, start, last.idx + len(last.text))
        if found:
            found = found + self.enumerated_after(self.doc[max(kept)], found)
        if not found and head.pos_ == "NOUN":
            # "deux marins ukrainiens": a common noun the dictionary lacks, with a nationality.
            found = [a for c in head.children if c.dep_ in ("amod", "nmod") for a in self.demonym_actor(c)]
        return found

    def antecedent_actors(self, rel: "Token") -> list[Actor]:
        """"qui"/"lequel" → the noun the relative clause modifies."""
        clause = rel.head
        # "avec lequel il s'est entretenu": the pronoun may hang under the clause's verb or
        # under a noun of it; two steps up at most.
        for _ in range(2):
            if clause.dep_ == "acl:relcl":
                antecedent = clause.head
                trig = self.matched.get(antecedent.i)
                if trig is not None and antecedent.pos_ == "NOUN":
                    # "des attaques qui ont tué …": the attack's author, not the attack.
                    return self.arguments(antecedent, trig).actors
                return self.phrase_actors(antecedent)
            if clause.head is clause:
                break
            clause = clause.head
        return []

    def speaker_actors(self, tok: "Token") -> list[Actor]:
        """"nous"/"je" inside a quotation → its speaker."""
        for q in self.ctx.quotes:
            if q.start <= tok.idx < q.end and q.speaker is not None and q.speaker.code:
                return [Actor(code=q.speaker.code, sector=q.speaker.sector, text=q.speaker.name,
                              name=q.speaker.name)]
        return []

    def incise_actors(self, verb: "Token") -> list[Actor]:
        """Speech verbs after a quotation ("…", a dénoncé MSF): the subject follows the verb,
        or the quotation's speaker is the actor."""
        for q in self.ctx.quotes:
            if q.end <= verb.idx and verb.idx - q.end < 40 and q.speaker is not None and q.speaker.code:
                return [Actor(code=q.speaker.code, sector=q.speaker.sector, text=q.speaker.name,
                              name=q.speaker.name)]
        prev = [t for t in self.doc[max(verb.sent.start, verb.i - 4):verb.i] if t.dep_ != "aux:tense"
                and not t.dep_.startswith("aux") and t.lower_ not in ("a", "ont")]
        if prev and (prev[-1].text in QUOTE_CHARS or prev[-1].text == ","):
            for c in verb.rights:
                if c.pos_ in ("PROPN", "NOUN") and c.dep_ in ("nsubj", "obj", "obl:mod", "appos", "nmod"):
                    found = self.phrase_actors(c)
                    if found:
                        return found
        return []

    # -- roles -----------------------------------------------------------------------------
    @staticmethod
    def is_passive(tok: "Token") -> bool:
        # The tagger sometimes labels an active subject nsubj:pass; only a passive auxiliary
        # (or a passive participle modifying a noun) makes the clause passive.
        if ArticleCoder.is_reflexive(tok):  # "s'étaient mis d'accord": être of a reflexive
            return False
        if any(c.dep_ == "aux:pass" for c in tok.children):
            return True
        # "Soleimani, tué dans un raid": a past participle modifying a noun is passive.
        if not (tok.dep_ == "acl" and tok.pos_ == "VERB" and "Part" in tok.morph.get("VerbForm", [])
                and "Past" in tok.morph.get("Tense", [])):
            return False
        # "ont de leur côté réclamé": an "avoir" just before makes it a stranded active participle.
        return not any(t.lemma_ == "avoir" for t in tok.doc[max(tok.sent.start, tok.i - 5):tok.i])

    def obliques(self, tok: "Token", preps: set[str]) -> list["Token"]:
        """Nominal dependents (children and grandchildren through a noun) introduced by a
        preposition of `preps`. For an event noun, also those of a participle on the noun it
        qualifies ("des messages de solidarité adressés à l'Ukraine par …") and the phrase right
        after it ("un entretien téléphonique avec X", however the parser attached it)."""
        out = []
        frontier = [(c, 0) for c in tok.children]
        if tok.pos_ == "NOUN":
            participles = [c for c in tok.children if c.dep_ == "acl" and c.pos_ == "VERB"]
            if tok.dep_ == "nmod" and tok.head.pos_ == "NOUN":
                participles += [c for c in tok.head.children if c.dep_ == "acl" and c.pos_ == "VERB"]
            frontier.extend((g, 0) for p in participles for g in p.children)
            # The phrase right after the noun, or a little further for "entre X et Y".
            sent_end = tok.sent.end
            nxt = tok.right_edge.i + 1
            window = range(nxt, min(nxt + 1, sent_end)) if "entre" not in preps else range(tok.i + 1, min(tok.i + 12, sent_end))
            for j in window:
                word = tok.doc[j]
                if word.lower_ in preps and word.head.i > j and word.head.pos_ in ("NOUN", "PROPN"):
                    target = word.head
                    if target not in out:
                        out.append(target)
                        out.extend(cc for cc in target.children if cc.dep_ == "conj")
                    break
                if (word.pos_ == "VERB" and word.dep_ not in ("amod", "acl")) or word.text in (";", ":"):
                    break
        while frontier:
            c, depth = frontier.pop(0)
            if c.dep_ in CLAUSE_DEPS and c.dep_ != "xcomp":
                continue
            cases = {g.lower_ for g in c.children if g.dep_ in ("case", "mark", "fixed")}
            if c.dep_ in ("obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj") and cases & preps:
                out.append(c)
                # "entre X et Y": the coordination hangs under X.
                out.extend(cc for cc in c.children if cc.dep_ == "conj")
            elif depth < 1 and c.pos_ in ("NOUN", "PROPN", "ADV") and c.dep_ not in ("nsubj", "nsubj:pass"):
                frontier.extend((g, depth + 1) for g in c.children)
        return out

    def light_verb(self, noun: "Token") -> "Token | None":
        """The verb that performs an event noun: "mener une attaque", "faire part de sa
        préoccupation", "se joindre à une manifestation", "revendiqué l'attentat"."""
        head = noun.head
        if head is noun:
            return None
        if noun.dep_ in ("obj", "obl:arg", "nsubj:pass", "obl", "obl:mod") and head.pos_ in ("VERB", "AUX") \
                and head.lemma_.lower() in self.index.light_verbs:
            # "procéder à une attaque" performs it; "a pris la parole … en combat contre X",
            # "lors d'une attaque" only situates the verb.
            cases = {c.lower_ for c in noun.children if c.dep_ == "case"}
            if noun.dep_ in ("obl", "obl:mod") and cases and not cases & {"à", "au", "aux"}:
                return None
            return head
        # "fait part de sa préoccupation": the noun hangs under the object "part".
        if head.dep_ == "obj" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in self.index.light_verbs:
            return head.head
        return None

    def subject_of(self, verb: "Token", depth: int = 0) -> list[Actor]:
        """The actor that performs `verb`: its own subject, else the one it inherits."""
        passive = self.is_passive(verb)
        has_subject = False
        for c in verb.children:
            if c.dep_ in ("nsubj", "expl:subj") or (c.dep_ == "nsubj:pass" and not passive):
                found = self.phrase_actors(c)
                if found:
                    return self.enumerated_before(c) + found
                if c.pos_ in ("NOUN", "PROPN"):
                    has_subject = True
        if has_subject:  # a subject the actor dictionary does not know: no guessing
            return []
        if passive:
            for c in self.obliques(verb, {"par"}):
                found = self.phrase_actors(c)
                if found:
                    return found
            return []
        if depth > 3:
            return []
        left = self.adjacent_left_actor(verb) or self.stranded_participle_subject(verb)
        if left:
            return left
        head = verb.head
        if head is verb:
            return self.incise_actors(verb)
        if verb.dep_ != "acl" and "Pres" in verb.morph.get("Tense", []) and "Part" in verb.morph.get("VerbForm", []):
            # A gerund or adverbial participle ("tout en concédant", "promettant de …") shares
            # the subject of the clause it hangs on, however the parser attached it (a
            # participle on a noun, "un décret ordonnant …", does not).
            anc = head
            for _ in range(4):
                if anc.pos_ in ("VERB", "AUX") and anc is not verb:
                    return self.subject_of(anc, depth + 1)
                if anc.head is anc:
                    break
                anc = anc.head
        dep = verb.dep_
        if dep == "xcomp" and head.pos_ in ("VERB", "ADJ", "AUX"):
            head_lemma = head.lemma_.lower()
            trig = self.matched.get(head.i)
            if head_lemma in OBJECT_CONTROL or (trig is not None and trig.control == "object"):
                if trig is not None:
                    objs = self.arguments(head, trig).recipients
                else:
                    objs = self.object_of(head) or self.fallback_recipients(head, [])
                if objs:
                    return objs
            return self.subject_of(head, depth + 1)
        if dep in ("conj", "advcl") and head.pos_ in ("VERB", "AUX", "ADJ"):
            return self.subject_of(head, depth + 1)
        if dep == "acl:relcl":
            return self.phrase_actors(head) if not any(
                c.dep_ in ("nsubj", "obj") for c in verb.children) else []
        if dep == "acl" and head.pos_ in ("NOUN", "PROPN") and "Part" in verb.morph.get("VerbForm", []):
            # "une femme, tombée sous les balles", "des manifestants réclamant …": an active
            # participle on a noun is that noun's act.
            found = self.phrase_actors(head)
            if found:
                return found
        found = self.incise_actors(verb)
        return found

    def enumerated_before(self, subj: "Token") -> list[Actor]:
        """"Les États-Unis, la Grande-Bretagne et l'UE ont …": when the parser attaches only the
        last items to the subject, the names listed before it, comma by comma, belong to it."""
        out: list[Actor] = []
        j = subj.left_edge.i - 1
        sent_start = subj.sent.start
        while j > sent_start and self.doc[j].text == ",":
            end = self.doc[j - 1].idx + len(self.doc[j - 1].text)
            hit = next((m for m in self.ctx.mentions if m.end == end and m.code and m.label != "PRON"), None)
            if hit is None:
                break
            k = self._token_at(hit.start)
            if k is None:
                break
            if self.after_locative(k):
                break  # "A Dakar, l'opposition a …": a fronted place, not a listed actor
            out.insert(0, self._actor(hit))
            j = k - 1
            while j >= sent_start and self.doc[j].pos_ == "DET":
                j -= 1
        return out

    def stranded_participle_subject(self, verb: "Token") -> list[Actor]:
        """"Des organisations ont de leur côté réclamé …": the parser makes "ont" the main verb and
        strands the participle; the subject of that auxiliary is the participle's."""
        if "Part" not in verb.morph.get("VerbForm", []) or any(c.dep_.startswith("aux") for c in verb.children):
            return []
        for j in range(verb.i - 1, max(verb.sent.start, verb.i - 8) - 1, -1):
            t = self.doc[j]
            if t.lemma_ in ("avoir", "être") and t.pos_ in ("VERB", "AUX"):
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubj:pass"):
                        return self.phrase_actors(c)
                return []
        return []

    def enumerated_after(self, last: "Token", found: list[Actor]) -> list[Actor]:
        """"par les États-Unis, la Grande-Bretagne et l'UE": names listed after the phrase, comma
        by comma, closed by "et"/"ou" (without the closing conjunction it is an apposition)."""
        extra: list[Actor] = []
        j = last.i + 1
        end = last.sent.end
        closed = False
        while j < end and self.doc[j].lower_ in (",", "et", "ou") and not closed:
            closed = self.doc[j].lower_ in ("et", "ou")
            j += 1
            while j < end and self.doc[j].pos_ == "DET":
                j += 1
            hit = next((m for m in self.mentions_at.get(j, ()) if m.code and m.label not in ("PRON", "LOC")), None)
            if hit is None:
                return []
            extra.append(self._actor(hit))
            while j < end and self.doc[j].idx < hit.end:
                j += 1
        if not closed:
            return []
        known = {(a.code, a.text) for a in found}
        return [a for a in extra if (a.code, a.text) not in known]

    def adjacent_left_actor(self, verb: "Token") -> list[Actor]:
        """The parser sometimes cuts "Washington | a condamné" into two sentences: a coded name
        ending right before the verb group (auxiliaries, clitics, negation) is its subject."""
        i = verb.i - 1
        while i >= 0 and (self.doc[i].pos_ == "AUX" or self.doc[i].lower_ in VERB_GROUP_WORDS):
            i -= 1
        if i < 0 or i == verb.i - 1 and verb.pos_ != "VERB":
            return []
        end = self.doc[i].idx + len(self.doc[i].text)
        for m in self.ctx.mentions:
            if m.end == end and m.code and m.label not in ("PRON", "LOC"):
                return [self._actor(m)]
        return []

    def object_of(self, verb: "Token") -> list[Actor]:
        passive = self.is_passive(verb)
        deps = ("nsubj:pass", "nsubj") if passive else OBJECT_DEPS
        for c in verb.children:
            if c.dep_ in deps:
                found = self.phrase_actors(c)
                if found:
                    return found
        if passive and verb.dep_ == "acl":
            return self.phrase_actors(verb.head)
        return []

    def role(self, tok: "Token", role: str, trig: Trigger) -> list[Actor]:
        noun = tok.pos_ in ("NOUN", "PROPN")
        if role in ("subj", "psubj", "subj_of_head"):
            if noun and role == "subj":
                return self.role(tok, "light", trig)
            if role != "subj":
                for c in tok.children:
                    if c.dep_ in SUBJECT_DEPS:
                        found = self.phrase_actors(c)
                        if found:
                            return found
                if tok.head is not tok and tok.dep_ in ("xcomp", "acl", "amod", "conj", "advcl"):
                    return self.subject_of(tok.head)
                return []
            return self.subject_of(tok)
        if role == "obj":
            if noun:
                return self.role(tok, "obl:de", trig)
            return self.object_of(tok)
        if role == "agent":
            if noun:
                # "l'attentat, perpétré par un kamikaze": obliques() reaches the participle.
                targets = self.obliques(tok, {"par"})
            elif self.is_passive(tok):
                targets = self.obliques(tok, {"par"})
            else:
                return []
            for o in targets:
                found = self.phrase_actors(o)
                if found:
                    return found
            return []
        if role == "light":
            lv = self.light_verb(tok)
            if lv is not None:
                return self.subject_of(lv)
            # "Washington a imputé cette attaque au groupe EI": the act's author is the accused.
            head = tok.head
            if tok.dep_ == "obj" and head.lemma_.lower() in IMPUTING_VERBS:
                out: list[Actor] = []
                for o in self.obliques(head, {"à", "au", "aux"}):
                    out.extend(self.phrase_actors(o))
                if out:
                    return out
            # "l'attaque … revendiquée par les talibans": the noun is the passive subject.
            if tok.dep_ == "nsubj:pass" and tok.head.lemma_.lower() in self.index.light_verbs:
                for o in self.obliques(tok.head, {"par"}):
                    found = self.phrase_actors(o)
                    if found:
                        return found
            return []
        if role == "armed_de":
            # "une attaque d'Ansarul Islam": an armed group after "de" is the author ("l'attaque
            # d'un poste de l'armée" names the target, and is left to the recipient roles).
            out = []
            for o in self.obliques(tok, {"de", "d'", "du", "des", "d’"}):
                found = self.phrase_actors(o)
                if found and all(a.sector in ("REB", "UAF") or a.code == "IMG" for a in found):
                    out.extend(found)
            return out
        if role == "head_de":
            # "la mort de George Floyd aux mains de la police": the victim is the head's "de X".
            head = tok.head
            if head is tok or head.pos_ != "NOUN":
                return []
            out = []
            for o in self.obliques(head, {"de", "d'", "du", "des", "d’"}):
                if o is not tok and not tok.is_ancestor(o):
                    out.extend(self.phrase_actors(o))
            return out
        if role == "iobj":  # "lui a rendu visite", "leur a livré des armes"
            for c in tok.children:
                if c.dep_ == "iobj":
                    found = self.phrase_actors(c)
                    if found:
                        return found
            return []
        if role == "clause":
            # "lors d'un entretien téléphonique avec X": the subject of the clause the noun
            # modifies performs it.
            t = tok
            for _ in range(3):
                if t.dep_ in ("nsubj", "nsubj:pass", "obj", "ROOT") or t.head is t:
                    return []
                t = t.head
                if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and t.dep_ in ("ROOT", "xcomp")):
                    if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
                        return self.phrase_actors(t.head)  # "une femme, tombée sous les balles"
                    return self.subject_of(t)
            return []
        if role == "adj":
            sector = "MIL" if trig.type in ARMED_ACTS else None
            found = [a for c in tok.children if c.dep_ in ("amod", "nmod") and c.i > tok.i
                     for a in self.demonym_actor(c, sector)]
            if not found and trig.type in ARMED_ACTS:
                # "une attaque jihadiste": the unnamed group, coded as the mentions layer codes the
                # word (so that "l'attaque jihadiste a tué …" stays one event).
                for c in tok.children:
                    if c.dep_ == "amod" and c.i > tok.i and c.lower_ in JIHADIST_ADJECTIVES:
                        found = [a for a in self.actors_of_tokens([c.i], c.idx, c.idx + len(c.text))
                                 if a.code][:1] or [Actor(code="IMG", sector="REB", text=c.text)]
                        break
            return found
        if role == "clause_obj":
            # "tué dans un raid américain": the raid's target is the one killed.
            head = tok.head
            if tok.dep_ in ("obl", "obl:mod", "obl:arg") and head.pos_ == "VERB" and head.i in self.matched:
                return self.object_of(head)
            return []
        if role.startswith("obl:"):
            preps = {role[4:]}
            if role == "obl:de":
                preps = {"de", "d'", "du", "des", "d’"}
            elif role == "obl:à":
                preps = {"à", "au", "aux"}
            out: list[Actor] = []
            targets = self.obliques(tok, preps)
            if not targets and noun and "entre" in preps and tok.dep_.startswith("nsubj"):
                # "des affrontements ont éclaté entre X et Y": the parties hang on the verb.
                targets = self.obliques(tok.head, preps)
            for o in targets:
                if o.i < tok.i and o.right_edge.i + 1 < len(self.doc) and self.doc[o.right_edge.i + 1].text == ",":
                    continue  # "Au Mali, les FAMa ont attaqué …": a fronted frame, not a party
                out.extend(self.phrase_actors(o))
            return out
        return []

    def arguments(self, tok: "Token", trig: Trigger) -> Args:
        memo = self.args_memo.get(tok.i)
        if memo is not None:
            return memo
        args = Args()
        self.args_memo[tok.i] = args  # guards against cycles through inherited subjects
        for role in trig.actor_roles:
            found = self.role(tok, role, trig)
            if found:
                args.actors = found
                break
        if not args.actors and trig.type in AUTHORITY_ACTS and tok.pos_ == "VERB" and self.is_passive(tok):
            args.actors = self.authority_in_sentence(tok)
        for role in trig.recipient_roles:
            found = self.role(tok, role, trig)
            if found:
                if trig.symmetric and role.startswith("obl:avec"):
                    args.actors = args.actors + found
                else:
                    args.recipients = found
                break
        if trig.type == "ASSAULT" and tok.dep_ == "obj" and tok.head.lemma_.lower() in TARGET_VERBS:
            target = self.subject_of(tok.head)
            if target:
                args.recipients = target
        if not args.recipients and trig.recipient_roles and trig.type not in OPTIONAL_RECIPIENT:
            args.recipients = self.fallback_recipients(tok, args.actors) or self.sentence_party(tok, args.actors)
        return args

    def authority_in_sentence(self, tok: "Token") -> list[Actor]:
        """"plusieurs personnes ont été arrêtées lorsque la police est intervenue": an arrest or a
        release with no agent is the act of the state force the sentence names."""
        best: tuple[int, Mention] | None = None
        sent = tok.sent
        for i in range(sent.start, sent.end):
            for m in self.mentions_at.get(i, ()):
                # A bare country name ("originaires du Mali") is not the force that acted.
                if m.code and m.sector in AUTHORITY_SECTORS and m.label not in ("PRON", "GPE", "LOC"):
                    dist = abs(i - tok.i)
                    if best is None or dist < best[0]:
                        best = (dist, m)
        return [self._actor(best[1])] if best is not None else []

    @staticmethod
    def without_places(head: "Token") -> list[int]:
        """The token indices of `head`'s subtree minus its place modifiers ("un convoi dans le
        nord du Burkina Faso" → "un convoi")."""
        kept: list[int] = []
        stack = [head]
        while stack:
            t = stack.pop()
            kept.append(t.i)
            for c in t.children:
                if c is not head and c.dep_ in ("nmod", "obl", "obl:mod") and any(
                        g.dep_ == "case" and g.lower_ in LOCATIVE_CASES - {"à", "au", "aux"} for g in c.children):
                    continue
                stack.append(c)
        return kept

    def after_locative(self, i: int) -> bool:
        """The token at `i` follows a preposition of place ("au Mali", "A Dakar", "en Irak")."""
        j = i - 1
        start = self.doc[i].sent.start
        while j >= start and self.doc[j].pos_ == "DET":
            j -= 1
        if j >= start and self.doc[j].lower_ in ("de", "du", "des", "d'", "d’") and j > start:
            return self.doc[j - 1].lower_ in AREA_WORDS  # "dans le nord du Mali"
        return j >= start and (self.doc[j].lower_ in LOCATIVE_CASES or self.doc[j].text == "A")

    def sentence_party(self, tok: "Token", actors: list[Actor]) -> list[Actor]:
        """Last resort for a type that takes a recipient: the nearest other coded party of the
        sentence ("la Chine, qu'il accuse de …"), never the actor itself."""
        if tok.pos_ != "VERB":
            return []
        # Same country, other role is another party (the government and the rebels of one country).
        taken = {(a.code, a.sector) for a in actors} | {(a.code, None) for a in actors}
        names = {a.name or a.text for a in actors}
        sent = tok.sent
        best: tuple[int, Mention] | None = None
        for i in range(sent.start, sent.end):
            for m in self.mentions_at.get(i, ()):
                if not m.code or (m.code, m.sector) in taken or m.label in ("PRON", "LOC") \
                        or (m.name or m.text) in names:
                    continue
                root = self.doc[i]
                if root.head.lemma_.lower() in self.cues.report_verbs and root.head.i != tok.i:
                    continue  # "…, a assuré le gouvernement": the source, not a party to the act
                if m.label == "GPE" and self.after_locative(i):
                    continue  # "Au Mali, …": where, not whom
                dist = abs(i - tok.i)
                if best is None or dist < best[0]:
                    best = (dist, m)
        return [self._actor(best[1])] if best is not None else []

    def fallback_recipients(self, trig_tok: "Token", actors: list[Actor]) -> list[Actor]:
        """When no role gives the recipient (a misplaced object, "a accusé la semaine dernière
        Moscou", or a target named inside the complement, "a dénoncé une agression américaine"):
        the first coded phrase right of the trigger in its subtree, other than the actor."""
        taken = {(a.code, a.name or a.text) for a in actors}
        sent_end = trig_tok.sent.end
        for c in trig_tok.rights:
            # An event noun's own adjectives name its author ("violations russes"), not its target.
            if c.dep_ in ("punct", "nsubj", "nsubj:pass", "parataxis", "amod") or c.i >= sent_end:
                continue
            if c.pos_ == "VERB" and c.lemma_.lower() in self.cues.report_verbs:
                continue  # "…, a affirmé l'ONU": an incise names the source, not the target
            cases = {g.lower_ for g in c.children if g.dep_ == "case"}
            if cases & LOCATIVE_CASES and (c.pos_ == "PROPN" or not cases & {"à", "au", "aux"}):
                continue  # "dans le nord du Burkina Faso", "à Gao": where, not whom
            kept = self.without_places(c)
            start = self.doc[min(kept)].idx
            last = self.doc[max(kept)]
            found = self.actors_of_tokens(kept, start, last.idx + len(last.text)) or [
                a for i in kept if self.doc[i].pos_ == "ADJ" for a in self.demonym_actor(self.doc[i])]
            found = [a for a in found if (a.code, a.name or a.text) not in taken]
            if found:
                return found[:3]
        # An incise ("…", a dénoncé X): the target is named inside the quotation.
        if trig_tok.pos_ == "VERB":
            for q in self.ctx.quotes:
                if q.end <= trig_tok.idx and trig_tok.idx - q.end < 12:
                    found = [a for a in (self.bounds.actors_in(self.ctx, q.start, q.end)
                                         if self.bounds.actors_in else []) if (a.code, a.name or a.text) not in taken]
                    if found:
                        return found[:3]
        return []

    # -- triggers --------------------------------------------------------------------------
    def has_dependent(self, tok: "Token", words: frozenset[str]) -> bool:
        noun = tok.pos_ in ("NOUN", "PROPN")
        for c in tok.children:
            if noun and c.dep_ in ("case", "det"):
                # "aux demandes": the noun's own common preposition says nothing; a rarer one is
                # the construction itself ("sous les balles de").
                if c.dep_ == "case" and c.lower_ in words and c.lower_ not in COMMON_PREPOSITIONS:
                    return True
                continue
            if c.lemma_.lower() in words or c.lower_ in words:
                return True
            for g in c.children:
                if g.lemma_.lower() in words or g.lower_ in words:
                    return True
        # "relever leur niveau d'alerte", "une grève de la faim": look a few words right too.
        for t in tok.doc[tok.i + 1:min(tok.i + 5, tok.sent.end)]:
            if t.lemma_.lower() in words or t.lower_ in words:
                return True
        # A noun's governing verb ("accord signé", "sanctions imposées").
        if tok.pos_ in ("NOUN", "PROPN", "ADJ") and tok.head is not tok:
            h = tok.head
            if h.lemma_.lower() in words or h.lower_ in words:
                return True
        return False

    @staticmethod
    def in_excluded_phrase(tok: "Token", phrases: tuple[str, ...]) -> bool:
        """"à l'aide d'un véhicule" is a preposition, not aid."""
        window = text_around(tok, 12, 6).lower().replace("’", "'")
        return any(p in window for p in phrases)

    @staticmethod
    def is_reflexive(tok: "Token") -> bool:
        return any(c.lower_ in ("se", "s'", "s’", "me", "m'", "nous", "vous", "te", "t'")
                   and c.dep_ in ("expl:comp", "expl:pv", "obj", "expl", "iobj", "expl:pass")
                   for c in tok.children)

    def match(self, tok: "Token") -> Trigger | None:
        cands = self.index.candidates(tok.lemma_.lower(), tok.lower_)
        if not cands:
            return None
        if tok.dep_.startswith("aux") or tok.pos_ in ("ADP", "DET", "PRON", "CCONJ", "SCONJ"):
            return None
        reflexive = None
        for trig in cands:
            if trig.reflexive:
                if reflexive is None:
                    reflexive = self.is_reflexive(tok)
                if not reflexive:
                    continue
            if trig.with_words and not self.has_dependent(tok, trig.with_words):
                continue
            if trig.exclude and self.in_excluded_phrase(tok, trig.exclude):
                continue
            if trig.within and not any(t.lemma_.lower() in trig.within for t in tok.subtree):
                continue
            if trig.pos == "verb" and tok.pos_ not in ("VERB", "ADJ", "NOUN") and tok.lemma_.lower() not in trig.words:
                continue
            return trig
        return None


def _clause_head(tok: "Token") -> "Token":
    """The verb whose clause states an event noun ("des messages de solidarité adressés à …"),
    or the noun itself when it stands alone."""
    t = tok
    for _ in range(3):
        if t.pos_ in ("VERB", "AUX") or t.head is t:
            return t
        t = t.head
    return tok


def _evidence_span(doc, tok: "Token", anchor: "Token") -> tuple[int, int]:
    """The clause of `anchor` within the sentence; for an over-long clause, from the anchor to
    the trigger."""
    sent = tok.sent
    left = anchor.left_edge.i
    right = anchor.right_edge.i
    left = max(left, sent.start)
    right = min(right, sent.end - 1)
    if doc[right].idx + len(doc[right].text) - doc[left].idx > 300:
        points = [tok.i, anchor.i]
        left, right = max(min(points), sent.start), min(max(points), sent.end - 1)
    while right > left and doc[right].is_punct and doc[right].text not in QUOTE_CHARS | {")"}:
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _codes(actors: list[Actor]) -> frozenset[str]:
    return frozenset(a.code for a in actors if a.code)


def _repeats(kept: Event, type_: str, mode: str | None, actors: list[Actor], recipients: list[Actor],
             date: str | None) -> bool:
    """A repeated mention of an event already kept ("l'attentat" … "cet attentat"): same type and
    actors, recipients it adds nothing to (or a kept event that had none), and no different date
    (another day is another event)."""
    if kept.type != type_ or _codes(kept.actor) != _codes(actors):
        return False
    if kept.mode and mode and kept.mode != mode:  # a release is not a resignation
        return False
    mine, theirs = _codes(recipients), _codes(kept.recipient)
    if theirs and not mine <= theirs:
        return False
    return date is None or kept.date is None or kept.date == date


_UNSET = object()


def extract_events(ctx: DocContext) -> list[Event]:
    index = trigger_index(ctx.resources)
    cues = certainty_cues(ctx.resources)
    doc = ctx.doc
    body_start = getattr(ctx.article, "body_start", 0) or 0
    # Cheap pass: one dict lookup per token; sentences with no trigger get no further analysis.
    hits = [doc[i] for i in index.hit_positions(doc)]
    hits = [t for t in hits if t.idx >= body_start]
    if not hits:
        return []
    coder = ArticleCoder(ctx, index, cues, _boundaries())
    for tok in hits:
        trig = coder.match(tok)
        if trig is not None:
            coder.matched[tok.i] = trig
    events: list[Event] = []
    story: Location | None | object = _UNSET  # the story's place, computed at most once
    for i, trig in coder.matched.items():
        tok = doc[i]
        if trig.type == "REJECT" and any(c.dep_ == "obj" and coder.matched.get(c.i) is not None
                                         and coder.matched[c.i].type == "ASSAULT" for c in tok.children):
            continue  # "repousser une attaque" is fighting back, not a refusal
        if trig.type == "SUPPORT" and tok.pos_ == "VERB" and tok.dep_ == "acl" and coder.is_passive(tok):
            continue  # "les séparatistes soutenus par la Russie": an epithet, not a reported act
        governor = coder.matched.get(tok.head.i) if tok.pos_ == "NOUN" and tok.dep_ == "obj" else None
        if governor is not None and governor.type == trig.type:
            continue  # "a convoqué une réunion": the verb's event already states the noun's
        args = coder.arguments(tok, trig)
        actors = args.actors
        if not _codes(actors) and trig.type == "PROTEST" and tok.pos_ in ("NOUN", "PROPN") and (
                tok.dep_.startswith("nsubj") or coder.light_verb(tok) is not None
                or (tok.dep_ == "nmod" and tok.head.dep_.startswith("nsubj")
                    and tok.head.lower_ in ("dizaines", "centaines", "milliers", "série", "vague"))):
            # "des manifestations ont eu lieu à Bamako": unnamed protesters are civilians of
            # where they march (else of the story).
            if story is _UNSET and coder.bounds.story_place is not None:
                story = coder.bounds.story_place(ctx)
            sent = tok.sent
            where = (coder.bounds.place_for(ctx, sent.start_char, sent.end_char)
                     if coder.bounds.place_for is not None else None) or story
            if isinstance(where, Location) and where.country:
                actors = [Actor(code=where.country, sector="CVL", text=tok.text)]
        if not _codes(actors):
            continue
        actor_names = {(a.code, a.name or a.text) for a in actors}
        actor_roles = {(a.code, a.sector) for a in actors if a.sector}
        # A recipient that is the actor again (same name, or same country and role) is a misread.
        recipients = [r for r in args.recipients if (r.code, r.name or r.text) not in actor_names
                      and (r.code, r.sector) not in actor_roles]
        anchor = tok
        if tok.pos_ in ("NOUN", "PROPN"):
            anchor = coder.light_verb(tok) or tok
        certainty = certainty_of(anchor, cues)
        start, end = _evidence_span(doc, tok, _clause_head(anchor))
        date_value, date_text = None, None
        if coder.bounds.date_for is not None:
            date_value, date_text = coder.bounds.date_for(ctx, start, end)
        location = None
        placed = trig.type in PLACED_ACTS
        if coder.bounds.place_for is not None and trig.type not in UNPLACED_ACTS:
            location = coder.bounds.place_for(ctx, start, end, look_back=1 if placed else 0)
        if location is None and placed and coder.bounds.story_place is not None:
            if story is _UNSET:
                story = coder.bounds.story_place(ctx)
            location = story
        if trig.type == "ASSAULT" and not recipients and location is not None and location.country \
                and len(location.country) == 3:
            # Victims the text does not name are people of where the attack happened.
            recipients = [Actor(code=location.country, sector=None, text=location.name, name=location.name)]
        kept = next((e for e in events if _repeats(e, trig.type, trig.mode, actors, recipients, date_value)), None)
        if kept is not None:
            known = _codes(kept.recipient)
            # The repeat may name more of the target ("… contre Kiev" then "… contre l'Ukraine et ses alliés").
            kept.recipient = kept.recipient + [r for r in recipients if r.code not in known]
            continue
        events.append(Event(
            type=trig.type, mode=trig.mode, actor=actors, recipient=recipients, certainty=certainty,
            date=date_value, date_text=date_text, location=location,
            evidence=ctx.text[start:end], start=start, end=end, rule=trig.id,
            cameo=trig.cameo, intensity=trig.intensity,
        ))
    return events
