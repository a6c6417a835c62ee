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

Constructions that a word-by-word reading loses:
  - speech acts coded by what is said (content_events): a reporting verb's complement or an
    attributed quotation with a cue of certainty.yaml `content_acts` ("X a estimé que le raid
    américain allait déclencher une guerre" → ACCUSE X→USA; "« … doit cesser »" → REQUEST);
  - agentless passives: an arrest or a conviction no one is named for is the act of the police
    or the courts of where it happened; a killing takes the armed group its sentence names (never
    a guess when no attacker is named); forces "déployées" are their own state's deployment;
  - an active verb under a passive one shares its surface subject ("condamné pour avoir tué");
    a bare participle with its agent is passive ("… et soutenu par l'Egypte");
  - a demonstrative event noun ("cette attaque") adds no record but dates and places the event
    it repeats;
  - relative clauses: "qui" makes the antecedent the subject however the parser attached it,
    even across an adverbial between commas ("un soldat qui, en 2012 dans la province de X,
    avait tué …", dated by that adverbial); "que" makes it the object ("l'OMS, qu'il accuse
    de …"); a light verb in an object relative performs the event noun ("l'attaque que les
    jihadistes ont menée contre …");
  - incises invert the subject ("…, a mis en garde, vendredi, le président russe"): the phrase
    after a speech verb with no subject, set off by a comma, is its actor, not its object;
  - a call for an act ("un appel à la démission", "a appelé au retrait") leaves it hypothetical;
  - fights: "des combats opposant X à Y"; a fight framing a clause ("après de violents combats
    contre l'armée") is the clause's armed subject's, against the "contre/avec" complement;
  - an active verb under a participle on a noun is that noun's act ("un jihadiste, condamné
    pour avoir attaqué …");
  - dates are clause-scoped (timexes.date_for): a relative clause's time does not date the
    main clause, and an act named by a reaction ("a dénoncé mardi l'attaque") takes only the
    time its own phrase gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from veille.extract.certainty import CertaintyCues, certainty_cues, certainty_of, is_negated
from veille.extract.context import DocContext, Mention
from veille.extract.event_rules import (EXCLUDE_AFTER, EXCLUDE_BEFORE, Trigger, TriggerIndex, trigger_index,
                                        unguessable, unlemmatised_forms, verb_lemma)
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
# Speech acts whose verb opens an incise with the subject after it ("…, a dénoncé MSF").
INCISE_ACTS = frozenset({"ACCUSE", "THREATEN", "REQUEST", "REJECT", "SUPPORT", "AGREE", "CONCEDE"})
# Nouns of a call: what they ask for ("un appel à la démission", "la demande de retrait") has
# not happened.
CALL_NOUNS = frozenset({"appel", "plaidoyer", "exhortation", "injonction"})
DEMAND_NOUNS = frozenset({"demande", "exigence", "revendication", "ultimatum", "réclamation"})
# Aid nouns whose "de" complement is the giver ("le soutien d'Ankara", "l'aide de la France").
SUPPORT_NOUNS = frozenset({"soutien", "appui", "aide", "assistance"})
# Acts only a state performs: a passive with no agent ("ont été arrêtés") takes the state force
# the sentence names.
AUTHORITY_ACTS = frozenset({"COERCE", "RETREAT"})
AUTHORITY_SECTORS = frozenset({"COP", "MIL", "GOV", "JUD", "PRE", "SPY"})
# Acts of a state whose agent the text leaves unsaid ("le journaliste a été arrêté", "il a été
# condamné à trois ans de prison"): the police or the courts of where it happened.
UNNAMED_STATE_ACTS = {("COERCE", "arrest"): "COP", ("SANCTION", "convict"): "JUD"}
# Charges with no accuser named ("il est inculpé de meurtre", "poursuivi pour corruption", "mis
# en cause dans l'enquête", "soupçonné d'avoir détourné des fonds") are brought by the justice of
# where the proceedings are. Indicting verbs are judicial by themselves; "accusé", "soupçonné",
# "mis en cause" only with a judicial word near ("accusé de ne pas faire assez" is a reproach).
JUDICIAL_VERBS = frozenset({"inculper", "poursuivre", "écrouer"})
CHARGING_VERBS = frozenset({"accuser", "soupçonner", "suspecter", "incriminer", "mettre"})
JUDICIAL_WORDS = frozenset({
    "justice", "judiciaire", "judiciaires", "tribunal", "tribunaux", "procès", "parquet", "procureur",
    "procureure", "juge", "juges", "magistrat", "magistrats", "cour", "enquête", "enquêtes", "enquêteur",
    "enquêteurs", "instruction", "inculpation", "inculper", "inculpé", "inculpée", "inculpés", "inculpées",
    "poursuites", "accusation", "accusations", "plainte", "procédure", "audience", "verdict", "peine",
    "prison", "réclusion", "détention", "interpeller", "arrêter", "arrestation", "écroué", "écrouée",
    "condamner", "condamné", "condamnée", "condamnés", "comparaître",
    "examen", "crime", "crimes", "délit", "délits", "meurtre", "assassinat", "corruption", "détournement",
    "blanchiment", "fraude", "escroquerie", "viol", "terrorisme", "trahison", "espionnage", "homicide",
    "malversation", "malversations", "diffamation", "complicité", "génocide", "inculpation"})
ARMED_SECTORS = frozenset({"MIL", "REB", "UAF"})
# "affronter", "combattre" are fights only with an armed party (or the police) on one side.
ARMED_PARTY_RULES = frozenset({"fr.assault.affronter"})
ARMED_PARTY_VERBS = frozenset({"affronter", "combattre"})
ARMED_PARTIES = frozenset({"MIL", "REB", "UAF", "COP", "SPY"})
# Attack nouns whose "de" complement names the author, a state force included ("l'offensive de
# l'armée"; "l'attaque de l'armée" may name the target and keeps to armed groups).
AGENTIVE_ASSAULT_NOUNS = frozenset({"offensive", "offensives", "contre-offensive", "contre-offensives",
                                    "assaut", "assauts", "incursion", "incursions"})
# Measures of a government on its own people (curfew, state of emergency, ban): with no author
# named, the government of where they apply.
UNNAMED_RESTRICTION_MODES = frozenset({"curfew", "ban"})
UNNAMED_RESTRICTION_IDS = frozenset({"fr.coerce.etat_urgence", "fr.coerce.etat_urgence_nom"})
BANNED_ACTIVITIES = frozenset({"rassemblement", "manifestation", "marche", "réunion", "meeting", "mouvement",
                               "déplacement", "sortie", "circulation", "vol", "concert", "cortège", "sit-in",
                               "grève", "prière", "cérémonie", "fête", "événement", "activité", "pratique",
                               "voyage", "commerce", "vente", "importation", "exportation"})
# Who is named near an agentless charge and cannot be the accuser: the defence.
DEFENCE_WORDS = frozenset({"avocat", "avocate", "avocats", "avocates", "défense"})
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
# Verbs conjugated with "être" whose participle is active ("venus", "arrivés", "descendus").
UNACCUSATIVES = frozenset({"venir", "arriver", "partir", "descendre", "monter", "tomber", "rester", "entrer",
                           "sortir", "mourir", "naître", "décéder", "revenir", "parvenir", "devenir",
                           "retourner", "rentrer", "accourir", "survenir", "intervenir", "repartir"})
# Texts that act for their author ("un message appelant à", "un décret ordonnant").
MESSAGE_NOUNS = frozenset({"message", "communiqué", "lettre", "déclaration", "texte", "tweet", "discours",
                           "décret", "courrier", "résolution", "note", "vidéo", "publication", "post"})
FORMER = frozenset({"anciens", "ancien", "ancienne", "anciennes", "ex", "ex-"})
# "aux côtés de X": X acts with the actor, it is not the act's recipient.
ALONGSIDE = frozenset({"côtés"})
# ... unless the actor stands by X ("se tenir aux côtés de X"): then X is backed.
STAND_VERBS = frozenset({"tenir", "ranger", "rester", "demeurer", "placer"})


# Subjects that are no actors: natural forces and disasters ("la crue a détruit des maisons",
# "les pluies ont tué dix personnes").
NATURAL_FORCES = frozenset({"crue", "inondation", "pluie", "averse", "orage", "séisme", "tremblement",
                            "cyclone", "ouragan", "typhon", "tempête", "tornade", "incendie", "feu",
                            "glissement", "éboulement", "coulée", "avalanche", "sécheresse", "vent",
                            "tsunami", "éruption", "foudre", "canicule", "épidémie", "pandémie", "virus",
                            "intempérie", "submersion", "raz-de-marée", "déluge", "vague"})


def _stranded_avoir(t: "Token", participle: "Token") -> bool:
    """"ont de leur côté réclamé": an "avoir" before a participle, not the auxiliary of another
    verb ("a rendu hommage aux soldats tués": "a" belongs to "rendu", "tués" stays passive)."""
    if t.lemma_ != "avoir":
        return False
    head = t.head
    return head.i in (t.i, participle.i) or head.pos_ not in ("VERB", "AUX") or head.i > participle.i


def _natural_force(tok: "Token") -> bool:
    """The subject is a natural force, or the name it belongs to is ("la crue du fleuve Niger",
    which the parser may cut before "Niger")."""
    if tok.lemma_.lower() in NATURAL_FORCES or tok.lower_ in NATURAL_FORCES:
        return True
    doc = tok.doc
    j = tok.left_edge.i - 1
    start = max(0, j - 4)  # (across a sentence break the parser may have put inside the name)
    while j >= start and doc[j].pos_ in ("DET", "ADP", "NOUN", "ADJ", "PROPN"):
        if doc[j].lemma_.lower() in NATURAL_FORCES or doc[j].lower_ in NATURAL_FORCES:
            return True
        j -= 1
    return False


# Words that make an event noun the time frame of its clause ("après des combats", "lors
# d'affrontements", "au cours de combats", "à l'issue de combats").
FIGHT_FRAMES = frozenset({"après", "lors", "pendant", "durant", "cours", "issue"})
# Fights with two sides (one of them the clause's subject); an attack ("riposter après une
# attaque") is mostly the other side's.
FIGHT_NOUNS = frozenset({"combat", "combats", "affrontement", "affrontements", "accrochage", "accrochages",
                         "heurt", "heurts", "bataille", "batailles", "échange", "échanges", "fusillade"})
# Prepositions no subject takes: a "subject" introduced by one is a misparsed adverbial.
SUBJECT_NEVER_CASES = frozenset({"dans", "en", "sur", "sous", "lors", "pendant", "durant", "après", "avant",
                                 "vers", "depuis", "contre", "avec", "pour", "par", "chez", "près"})


# The forms of "de" that introduce a complement.
DE_CASES = frozenset({"de", "d'", "d’", "du", "des"})


def _introduced_by(tok: "Token", cases) -> bool:
    """`tok` is introduced by a preposition of `cases` ("à Y", "de X", "par la police")."""
    return any(g.dep_ == "case" and g.lower_ in cases for g in tok.children)


def _prepositional(tok: "Token") -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and _introduced_by(tok, SUBJECT_NEVER_CASES)


def _alongside(tok: "Token") -> bool:
    """"aux côtés de X", "à ses côtés" ("de son côté" is only a discourse marker)."""
    return tok.lower_ in ALONGSIDE and _introduced_by(tok, ("aux", "à"))


def _inside_actor_text(text: str, actors: list[Actor]) -> bool:
    """A mention named inside an actor's own phrase ("président X" in "le parti du président X")
    is part of the actor, not another party."""
    low = text.lower()
    return any(len(a.text) > len(text) and low in a.text.lower() for a in actors if a.text)


# The place prepositions that always mark a place inside a recipient's phrase; "à" may also
# name the party itself, so without_places keeps it.
PLACE_CASES_NOT_A = LOCATIVE_CASES - {"à", "au", "aux"}


def _place_modifier(tok: "Token", cases: frozenset[str]) -> bool:
    """A noun or oblique modifier introduced by one of `cases` ("dans le nord du Mali")."""
    return tok.dep_ in ("nmod", "obl", "obl:mod") and _introduced_by(tok, cases)


def _subtree_without(head: "Token", skip) -> list[int]:
    """Token indices of `head`'s subtree, leaving out every child for which `skip` holds (and
    its own subtree)."""
    kept: list[int] = []
    stack = [head]
    while stack:
        t = stack.pop()
        kept.append(t.i)
        stack.extend(c for c in t.children if not skip(c))
    return kept


def _likewise(tok: "Token") -> bool:
    """"…, tout comme X": X does the same, it is neither the target nor part of the phrase."""
    return any(g.dep_ == "case" and g.lower_ == "comme" and g.i > 0 and g.doc[g.i - 1].lower_ == "tout"
               for g in tok.children)
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
        self.judicial_words: int | None = None
        # Verbs of a relative clause interrupted by an adverbial → the index of their "qui".
        self.interrupted: dict[int, int] = {}

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

    def mentioned_in(self, toks: Iterable[int]) -> list[Actor]:
        """The coded named mentions over the tokens `toks` (no pronouns, no places)."""
        out: list[Actor] = []
        seen: set[tuple[str | None, str | None]] = set()
        for i in sorted(toks):
            for m in self.mentions_over.get(i, ()):
                if m.label in ("PRON", "LOC") or not m.code or (m.code, m.sector) in seen:
                    continue
                seen.add((m.code, m.sector))
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
        # "l'initiative, tout comme le chef de la diplomatie": another party, not this phrase.
        kept = _subtree_without(head, lambda c: c.dep_ in CLAUSE_DEPS
                                or _place_modifier(c, LOCATIVE_CASES) or _likewise(c))
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
                return self.antecedent_of(clause)
            if clause.head.i == clause.i:
                break
            clause = clause.head
        # The parser did not make a relative clause of it ("condamnées par la Pologne qui a
        # appelé …" read as a coordination): the noun right before the pronoun.
        noun = self.noun_before(rel.i, rel.sent.start, ("NOUN", "PROPN"))
        if noun is not None and rel.lower_ == "qui":
            while noun.dep_ == "flat:name" and noun.head is not noun:
                noun = noun.head
            return self.phrase_actors(noun)
        return []

    def noun_before(self, i: int, sent_start: int, pos: tuple[str, ...]) -> "Token | None":
        """The word before token i, skipping commas, when it is of one of the parts of speech
        `pos` ("le soldat, qui …": the antecedent a relative pronoun stands for)."""
        j = i - 1
        while j >= sent_start and self.doc[j].text == ",":
            j -= 1
        return self.doc[j] if j >= sent_start and self.doc[j].pos_ in pos else None

    def relative_pronoun(self, verb: "Token") -> "Token | None":
        """The relative pronoun that opens the relative clause of `verb` ("qui", "que", "dont"),
        wherever the parser attached it: the first word after the antecedent, before the verb,
        unless a preposition governs it ("avec qui", "auquel")."""
        head = verb.head
        lo = head.i + 1 if head.i < verb.i else verb.left_edge.i
        for j in range(lo, verb.i):
            t = self.doc[j]
            if t.text == "," or t.pos_ in ("DET", "ADJ", "PROPN") or t.dep_ in ("flat:name", "appos", "nmod"):
                continue
            if t.lower_ in RELATIVE_PRONOUNS and "Rel" in t.morph.get("PronType", ["Rel"]):
                if j > 0 and self.doc[j - 1].pos_ == "ADP":
                    return None
                return t
            if t.lower_ in ("qui", "que", "qu'", "qu’", "dont"):
                return t
            return None
        return None

    def interrupted_relative_subject(self, verb: "Token") -> list[Actor]:
        """"un soldat qui, en 2012 dans la province de X, avait tué …": an adverbial between
        commas after "qui" derails the parser; read the surface: verb group, the adverbial
        between two commas (no verb in it), "qui", and the noun before it."""
        doc = self.doc
        start = verb.sent.start
        j = verb.i - 1
        while j >= start and (doc[j].pos_ == "AUX" or doc[j].lower_ in VERB_GROUP_WORDS):
            j -= 1
        if j < start or doc[j].text != ",":
            return []
        k = j - 1
        while k >= max(start, j - 15) and doc[k].text != ",":
            if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in QUOTE_CHARS:
                return []
            k -= 1
        if k <= start or doc[k].text != "," or doc[k - 1].lower_ != "qui":
            return []
        noun = self.noun_before(k - 1, start, ("NOUN", "PROPN", "ADJ"))
        if noun is None:
            return []
        while noun.dep_ in ("flat:name", "amod", "nmod") and noun.head.i < noun.i and noun.head.pos_ in ("NOUN", "PROPN"):
            noun = noun.head
        found = self.phrase_actors(noun)
        if found:
            self.interrupted[verb.i] = k - 1  # the clause starts at "qui"
        return found

    def antecedent_of(self, verb: "Token") -> list[Actor]:
        """The actors of the noun a relative clause modifies; for an event noun ("des attaques
        qui ont tué …"), the act's author."""
        antecedent = verb.head
        trig = self.matched.get(antecedent.i)
        if trig is not None and antecedent.pos_ == "NOUN":
            return self.arguments(antecedent, trig).actors
        return self.phrase_actors(antecedent)

    def speaker_actors(self, tok: "Token") -> list[Actor]:
        """"nous"/"je" inside a quotation → its speaker."""
        for q in self.ctx.quotes:
            if q.start <= tok.idx < q.end and q.speaker is not None and q.speaker.code:
                return [Actor(code=q.speaker.code, sector=q.speaker.sector, text=q.speaker.name,
                              name=q.speaker.name)]
        return []

    def in_incise(self, verb: "Token") -> bool:
        """The verb opens an incise right after a quotation: « … », a (aussi) dénoncé …"""
        j = verb.i - 1
        start = max(0, verb.i - 6)
        while j >= start and (self.doc[j].pos_ in ("AUX", "ADV") or self.doc[j].lower_ in VERB_GROUP_WORDS):
            j -= 1
        return j >= 1 and self.doc[j].text == "," and self.doc[j - 1].text in QUOTE_CHARS

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

    def inverted_subject(self, verb: "Token", trig: Trigger | None) -> list[Actor]:
        """An incise inverts its subject, which the parser labels obj, dep or conj: "…, a mis en
        garde, vendredi, le président russe Vladimir Poutine", "« … », a dénoncé MSF". A speech
        trigger with no subject right after a comma or a closing quotation mark takes the noun
        phrase after it (skipping time adverbials and prepositional phrases) when that phrase
        closes the clause; a participle ("…, rejetant une requête") inverts nothing."""
        if trig is None or trig.type not in INCISE_ACTS or verb.pos_ != "VERB":
            return []
        if "Fin" not in verb.morph.get("VerbForm", []) and not any(c.dep_ == "aux:tense" for c in verb.children):
            return []  # "…, rejetant une requête": a participle inverts nothing
        doc = self.doc
        sent = verb.sent
        j = verb.i - 1
        while j > sent.start and (doc[j].pos_ in ("AUX", "ADV") or doc[j].lower_ in VERB_GROUP_WORDS):
            j -= 1
        if j <= sent.start or not (doc[j].text == "," or doc[j].text in QUOTE_CHARS):
            return []
        timex_spans = [(t.start, t.end) for t in self.ctx.timexes or ()]
        k = verb.i + 1
        while k < sent.end:
            t = doc[k]
            if t.text == "," or t.pos_ == "ADV" or t.dep_ == "compound:prt" \
                    or any(a <= t.idx < b for a, b in timex_spans):
                k += 1
            elif t.pos_ == "ADP" and t.head.i > t.i and t.head.left_edge.i >= t.i:
                k = t.head.right_edge.i + 1  # "a déclaré à l'AFP le porte-parole"
            else:
                break
        if k >= sent.end:
            return []
        head = doc[k]
        if head.pos_ == "DET" and head.head.i > head.i and head.head.pos_ in ("NOUN", "PROPN"):
            head = head.head
        if head.pos_ not in ("NOUN", "PROPN") or head.i < k \
                or any(t.i < k and not t.is_punct for t in head.subtree):
            return []
        after = head.right_edge.i + 1
        if after < sent.end and doc[after].text not in (".", ",", ";", "!", "?", ")", "»", '"', "”", "…"):
            return []
        if after < sent.end and doc[after].text == "," and after + 1 < sent.end \
                and doc[after + 1].lower_ in ("de", "d'", "d’", "qui", "pour", "à"):
            return []
        # "… le président russe Vladimir Poutine lors d'une conversation avec Emmanuel Macron":
        # the phrase stops at an adverbial.
        cut = next((t.i for t in head.subtree if t.i > head.i and (
            t.pos_ == "ADV" or (t.pos_ == "ADP" and t.lower_ not in ("de", "d'", "d’", "du", "des")))),
            head.right_edge.i + 1)
        if cut > head.right_edge.i:
            return self.phrase_actors(head)
        kept = [t.i for t in head.subtree if t.i < cut]
        last = doc[max(kept)]
        return self.actors_of_tokens(kept, doc[min(kept)].idx, last.idx + len(last.text))

    # -- roles -----------------------------------------------------------------------------
    @staticmethod
    def is_passive(tok: "Token") -> bool:
        # The tagger sometimes labels an active subject nsubj:pass; only a passive auxiliary
        # (or a passive participle modifying a noun) makes the clause passive.
        if ArticleCoder.is_reflexive(tok):  # "s'étaient mis d'accord": être of a reflexive
            return False
        if any(c.dep_ == "aux:pass" for c in tok.children):
            return True
        if tok.pos_ == "VERB" and any(c.dep_ == "obl:agent" for c in tok.children) \
                and "Part" in tok.morph.get("VerbForm", []) and "Past" in tok.morph.get("Tense", []) \
                and not any(c.dep_ == "aux:tense" for c in tok.children):
            return True  # "… et soutenu par l'Egypte": a bare participle with its agent
        # "Soleimani, tué dans un raid": a past participle modifying a noun is passive.
        if not (tok.dep_ == "acl" and tok.pos_ == "VERB" and "Part" in tok.morph.get("VerbForm", [])
                and "Past" in tok.morph.get("Tense", [])):
            return False
        if tok.lemma_.lower() in UNACCUSATIVES:
            return False  # "des journalistes venus le soutenir": venir is conjugated with être
        # "ont de leur côté réclamé": an "avoir" just before makes it a stranded active participle.
        return not any(_stranded_avoir(t, tok) for t in tok.doc[max(tok.sent.start, tok.i - 5):tok.i])

    def passive_or_participle(self, tok: "Token") -> bool:
        """A passive, or a past participle with no auxiliary ("Arrêté le 16 mai, le vieil homme …")."""
        if self.is_passive(tok):
            return True
        return "Part" in tok.morph.get("VerbForm", []) and "Past" in tok.morph.get("Tense", []) \
            and not any(c.dep_.startswith("aux") for c in tok.children) \
            and not any(_stranded_avoir(t, tok) for t in tok.doc[max(tok.sent.start, tok.i - 4):tok.i])

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
            if preps == {"par"}:
                # "un appel à la trêve lancé par l'Egypte": the participle hangs on the noun's
                # complement.
                participles += [g for c in tok.children if c.dep_ == "nmod" and c.i > tok.i
                                for g in c.children if g.dep_ == "acl" and g.pos_ == "VERB"]
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
                if _alongside(c):
                    continue  # "aux côtés des secours français": partners, not recipients
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
        if head.i == noun.i:
            return None
        if noun.dep_ in ("obj", "obl:arg", "nsubj:pass", "obl", "obl:mod") and head.pos_ in ("VERB", "AUX") \
                and verb_lemma(head) in self.index.light_verbs:
            # "procéder à une attaque" performs it; "a pris la parole … en combat contre X",
            # "lors d'une attaque" only situates the verb.
            cases = {c.lower_ for c in noun.children if c.dep_ == "case"}
            if noun.dep_ in ("obl", "obl:mod") and cases and not cases & {"à", "au", "aux"}:
                return None
            return head
        # "fait part de sa préoccupation": the noun hangs under the object "part".
        if head.dep_ == "obj" and head.head.pos_ == "VERB" and verb_lemma(head.head) in self.index.light_verbs:
            return head.head
        return None

    def relative_light_verb(self, noun: "Token") -> "Token | None":
        """"l'attaque que les jihadistes ont menée contre …": a light verb in an object relative
        clause on the event noun performs it."""
        for c in noun.children:
            if c.dep_ in ("acl:relcl", "acl") and c.pos_ == "VERB" and c.i > noun.i \
                    and verb_lemma(c) in self.index.light_verbs:
                rel = self.relative_pronoun(c)
                if rel is not None and rel.lower_ in ("que", "qu'", "qu’"):
                    return c
        return None

    def subject_of(self, verb: "Token", depth: int = 0) -> list[Actor]:
        """The actor that performs `verb`: its own subject, else the one it inherits."""
        passive = self.is_passive(verb)
        has_subject = False
        for c in verb.children:
            if c.dep_ in ("nsubj", "expl:subj") or (c.dep_ == "nsubj:pass" and not passive):
                if _natural_force(c):
                    return []  # "la crue du fleuve Niger a détruit …": no actor
                found = self.phrase_actors(c)
                if found:
                    return self.enumerated_before(c) + found
                if c.pos_ in ("NOUN", "PROPN") and not _prepositional(c):
                    # ("qui, en 2012 dans la province de X, avait tué": a misparsed adverbial is
                    # no subject the dictionary lacks)
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
        inverted = self.inverted_subject(verb, self.matched.get(verb.i))
        if inverted:
            return inverted
        if self.in_incise(verb):
            # "« … », a aussi dénoncé jeudi HRW": the speaker of the quotation, however the
            # parser attached the incise (often to a verb inside the quotation).
            found = self.incise_actors(verb)
            if found:
                return found
        left = self.adjacent_left_actor(verb) or self.stranded_participle_subject(verb) \
            or self.interrupted_relative_subject(verb)
        if left:
            return left
        head = verb.head
        if head.i == verb.i:
            return self.incise_actors(verb)
        if (verb.dep_ != "acl" or head.pos_ in ("VERB", "AUX")) and "Pres" in verb.morph.get("Tense", []) \
                and "Part" in verb.morph.get("VerbForm", []):
            # A gerund or adverbial participle ("tout en concédant", "promettant de …") shares
            # the subject of the clause it hangs on, however the parser attached it (a
            # participle on a noun, "un décret ordonnant …", does not).
            anc = head
            for _ in range(4):
                if anc.pos_ in ("VERB", "AUX") and anc.i != verb.i:
                    return self.subject_of(anc, depth + 1)
                if anc.head.i == anc.i:
                    break
                anc = anc.head
        dep = verb.dep_
        if dep == "xcomp" and head.pos_ in ("VERB", "ADJ", "AUX"):
            head_lemma = verb_lemma(head)
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
            bare_participle = "Part" in verb.morph.get("VerbForm", []) and not any(
                c.dep_.startswith("aux") for c in verb.children)
            own_subject = any(c.dep_ in SUBJECT_DEPS for c in verb.children)
            if verb.pos_ == "VERB" and head.pos_ == "VERB" and self.is_passive(head) and not bare_participle \
                    and not own_subject:
                # "condamné pour avoir tué …", "a été blessé et a riposté": an active verb
                # hanging on a passive one shares its surface subject, not its agent.
                for c in head.children:
                    if c.dep_ in ("nsubj:pass", "nsubj"):
                        return self.phrase_actors(c)
                if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
                    # "un jihadiste, condamné pour avoir attaqué …": the noun the participle qualifies
                    return self.phrase_actors(head.head)
                return []
            return self.subject_of(head, depth + 1)
        if dep == "acl:relcl":
            rel = self.relative_pronoun(verb)
            if rel is not None and rel.lower_ == "qui":
                # "un soldat qui, en 2012, avait tué cinq soldats": the antecedent is the subject,
                # however the parser attached "qui".
                return self.antecedent_of(verb)
            return self.phrase_actors(head) if not any(
                c.dep_ in ("nsubj", "obj") for c in verb.children) else []
        if dep == "acl" and head.pos_ in ("NOUN", "PROPN") and "Part" in verb.morph.get("VerbForm", []):
            # "une femme, tombée sous les balles", "des manifestants réclamant …": an active
            # participle on a noun is that noun's act.
            found = self.phrase_actors(head)
            if found:
                return found
            if head.lemma_.lower() in MESSAGE_NOUNS and head.head is not head and head.head.pos_ in ("VERB", "AUX"):
                # "a prévenu, dans un message appelant à …", "a signé un décret ordonnant …":
                # the text does what its author does.
                return self.subject_of(head.head, depth + 1)
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
        if not passive:
            # "l'agence, qu'il accuse de complaisance": an object relative pronoun the parser
            # left unattached stands for the noun before it.
            rel = next((c for c in verb.children if c.lower_ in ("que", "qu'", "qu’") and c.i < verb.i
                        and "Rel" in c.morph.get("PronType")), None)
            if rel is not None:
                if verb.dep_ == "acl:relcl":
                    return self.phrase_actors(verb.head)
                noun = self.noun_before(rel.i, rel.sent.start, ("NOUN", "PROPN", "ADJ"))
                if noun is not None:
                    while noun.dep_ in ("flat:name", "amod") and noun.head.i < noun.i:
                        noun = noun.head
                    return self.phrase_actors(noun)
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
                if tok.head is not tok and tok.dep_ in ("xcomp", "acl", "amod", "conj", "advcl", "advmod"):
                    # "la Turquie s'est déclarée favorable à …" ("favorable" hung as an adverb)
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
            lv = self.light_verb(tok) or self.relative_light_verb(tok)
            if lv is not None:
                if verb_lemma(lv) in self.cues.report_verbs and self.is_passive(lv):
                    return []  # "la démission du président a été annoncée par la télévision": a source
                return self.subject_of(lv)
            # "Washington a imputé cette attaque au groupe EI": the act's author is the accused.
            head = tok.head
            if tok.dep_ == "obj" and verb_lemma(head) in IMPUTING_VERBS:
                out: list[Actor] = []
                for o in self.obliques(head, {"à", "au", "aux"}):
                    out.extend(self.phrase_actors(o))
                if out:
                    return out
            # "l'attaque … revendiquée par les talibans": the noun is the passive subject.
            if tok.dep_ == "nsubj:pass" and verb_lemma(tok.head) in self.index.light_verbs:
                for o in self.obliques(tok.head, {"par"}):
                    found = self.phrase_actors(o)
                    if found:
                        return found
            return []
        if role == "armed_de":
            # "une attaque d'Ansarul Islam": an armed group after "de" is the author ("l'attaque
            # d'un poste de l'armée" names the target, and is left to the recipient roles).
            out = []
            # "l'offensive de l'armée congolaise", "l'assaut des policiers": after a noun whose
            # "de" complement is its author, a state force named right there is the author too.
            agentive = tok.lemma_.lower() in AGENTIVE_ASSAULT_NOUNS or tok.lower_ in AGENTIVE_ASSAULT_NOUNS
            for o in self.obliques(tok, {"de", "d'", "du", "des", "d’"}):
                found = self.phrase_actors(o)
                if found and all(a.sector in ("REB", "UAF") or a.code == "IMG" for a in found):
                    out.extend(found)
                elif found and agentive and o.head.i == tok.i:
                    # (the force the complement's head names, not a "contre X" hung under it)
                    own = [self._actor(m) for m in self.mentions_over.get(o.i, ()) if m.code]
                    if own and all(a.sector in ("MIL", "COP") for a in own):
                        out.extend(own)
            return out
        if role == "head_de":
            # "la mort de George Floyd aux mains de la police": the victim is the head's "de X".
            head = tok.head
            if head.pos_ != "NOUN" and trig.before:
                # "la mort de George Floyd, un Afro-Américain, aux mains de la police": the parser
                # hangs "mains" on the verb; the death noun is the one before.
                head = self.word_before(tok, trig.before) or head
            if head.i == tok.i or head.pos_ != "NOUN":
                return []
            out = []
            for o in self.obliques(head, {"de", "d'", "du", "des", "d’"}):
                if o.i != tok.i and not tok.is_ancestor(o):
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
        if role == "alongside":
            # "la solidarité de la France, qui se tient aux côtés du Cameroun", "se ranger aux
            # côtés de X": standing by X backs X (for an act done "aux côtés de X", X is a partner).
            scope = tok.subtree if noun else [tok] + [c for c in tok.children]
            for t in scope:
                if not _alongside(t) or verb_lemma(t.head) not in STAND_VERBS:
                    continue
                out = [a for c in t.children if c.dep_ in ("nmod", "obl", "obl:arg")
                       for a in self.phrase_actors(c)]
                if out:
                    return out
            return []
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
        support_noun = trig.type == "AID" and tok.pos_ == "NOUN" and tok.lemma_.lower() in SUPPORT_NOUNS
        if support_noun:
            # "le soutien militaire d'Ankara", "un soutien militaire turc": the giver is the noun's
            # own complement or nationality adjective, whoever the clause around it names ("l'envoi
            # d'une équipe" names what is sent).
            args.actors = self.own_complement_actors(tok)
        named_giver = not args.actors and support_noun and any(
            c.dep_ == "nmod" and c.i > tok.i and c.ent_type_ and _introduced_by(c, DE_CASES)
            for c in tok.children)
        for role in trig.actor_roles:
            if args.actors or named_giver:
                break  # (a giver named but unknown is no licence to take another party)
            found = self.role(tok, role, trig)
            if found:
                args.actors = found
                break
        if not args.actors and trig.type in AUTHORITY_ACTS and tok.pos_ == "VERB" and self.is_passive(tok):
            args.actors = self.authority_in_sentence(tok)
        if not args.actors and trig.type == "MOBILIZE" and tok.pos_ == "VERB" and self.is_passive(tok):
            # "des soldats tchadiens ont été déployés au Niger": forces deployed by an unnamed
            # command are their own state's deployment.
            args.actors = [a for a in self.object_of(tok) if a.sector in ("MIL", "COP")]
        if tok.pos_ == "NOUN":
            # "des excuses de la part de la France", "a reçu des menaces de la part des jihadistes":
            # the author is named after "de la part de"; who receives it is the light verb's subject.
            author = self.on_behalf_of(tok)
            if author:
                receiver = [a for a in args.actors if a.code not in _codes(author)]
                args.actors = author
                if not args.recipients and receiver:
                    args.recipients = receiver
        opposed = self.opposed_parties(tok) if trig.type == "ASSAULT" and tok.pos_ == "NOUN" else None
        if opposed is not None:
            args.actors, args.recipients = opposed
            args.actors = unique_actors(args.actors)
            args.recipients = unique_actors(args.recipients)
            return args
        if not args.actors and trig.type == "ASSAULT" and tok.pos_ == "NOUN":
            args.actors = self.fighting_clause_subject(tok)
        if not args.actors and trig.type == "ASSAULT" and tok.pos_ == "VERB" and self.is_passive(tok) \
                and not any(c.dep_ == "obl:agent" for c in tok.children):
            # (an agent the dictionary does not know, "visé par une plainte", is no unknown agent)
            args.actors = self.armed_group_in_sentence(tok)
        for role in trig.recipient_roles:
            found = self.role(tok, role, trig)
            if found:
                if trig.symmetric and role.startswith("obl:avec"):
                    args.actors = args.actors + found
                else:
                    args.recipients = found
                break
        if args.recipients and tok.pos_ == "VERB" and args.actors \
                and _codes(args.recipients) <= _codes(args.actors) and self.inverted_subject(tok, trig):
            args.recipients = []  # "…, a accusé mardi le ministre X": the inverted subject is no object
        if trig.type == "ASSAULT" and tok.dep_ == "obj" and verb_lemma(tok.head) in TARGET_VERBS:
            target = self.subject_of(tok.head)
            if target:
                args.recipients = target
        if not args.recipients and trig.recipient_roles and trig.type not in OPTIONAL_RECIPIENT:
            args.recipients = self.fallback_recipients(tok, args.actors) or self.sentence_party(tok, args.actors)
        args.actors = unique_actors(args.actors)
        args.recipients = unique_actors(args.recipients)
        if trig.id in ARMED_PARTY_RULES and tok.lemma_.lower() in ARMED_PARTY_VERBS and not any(
                a.sector in ARMED_PARTIES or a.code == "IMG" for a in args.actors + args.recipients):
            # "le candidat affrontera son rival", "l'Algérie affrontera le Sénégal", "combattre la
            # haine": a fight with no armed party is a contest, not an act of force.
            args.actors, args.recipients = [], []
        if trig.type in ARMED_ACTS:
            args.actors = unique_actors([self.armed_state(a) for a in args.actors])
        return args

    def own_complement_actors(self, noun: "Token") -> list[Actor]:
        """The actors a noun's own "de" complement or nationality adjective names."""
        out: list[Actor] = []
        for c in noun.children:
            if c.i < noun.i:
                continue
            if c.dep_ == "nmod" and c.pos_ in ("NOUN", "PROPN") and _introduced_by(c, DE_CASES):
                out.extend(self.phrase_actors(c))
            elif c.dep_ == "amod":
                out.extend(self.demonym_actor(c))
        return out

    def armed_state(self, actor: Actor) -> Actor:
        """"Moscou masse des troupes", "la France a frappé …": a country or its capital that
        uses force acts through its armed forces (MIL), as a nationality adjective does."""
        if actor.sector != "GOV" or actor.inferred:
            return actor
        lookup = getattr(self.ctx.actors, "lookup", None)
        entry = lookup(actor.text) if lookup is not None else None
        if entry is None or entry.kind not in ("country", "capital") or entry.code != actor.code:
            return actor
        return Actor(code=actor.code, sector="MIL", text=actor.text, name=actor.name)

    def on_behalf_of(self, noun: "Token") -> list[Actor]:
        """X in "<event noun> de la part de X" (also when the parser hangs "de la part" on the
        noun's own complement: "des représailles contre les civils de la part des rebelles")."""
        below = [g for c in noun.children if c.dep_ == "nmod" and c.i > noun.i for g in c.children
                 if g.i > c.i]
        for c in list(noun.children) + below:
            if c.lower_ == "part" and c.dep_ in ("nmod", "obl", "obl:mod") and any(
                    g.dep_ == "det" and g.lower_ == "la" for g in c.children):
                for g in c.children:
                    if g.dep_ == "nmod" and _introduced_by(g, DE_CASES):
                        return self.phrase_actors(g)
        return []

    def opposed_parties(self, noun: "Token") -> tuple[list[Actor], list[Actor]] | None:
        """"des combats opposant X à Y", "des affrontements ont opposé X à Y": X fights Y."""
        verb = next((c for c in noun.children if c.dep_ in ("acl", "acl:relcl") and c.lemma_ == "opposer"), None)
        if verb is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "opposer":
            verb = noun.head
        if verb is None:
            return None
        obj = next((c for c in verb.children if c.dep_ == "obj"), None)
        if obj is None:
            return None
        actors = self.phrase_actors(obj)
        if not actors:
            return None
        to_cases = ("à", "au", "aux")
        others = [c for c in obj.children if c.dep_ == "nmod" and _introduced_by(c, to_cases)]
        others += [c for c in verb.children
                   if c.dep_ in ("obl", "obl:arg", "obl:mod", "iobj") and _introduced_by(c, to_cases)]
        others += [c for c in noun.children  # (the parser's attachment)
                   if c.dep_ == "nmod" and c.i > obj.i and _introduced_by(c, to_cases)]
        recipients = [a for o in others for a in self.phrase_actors(o)]
        # (the phrase of X stops before "à Y")
        actors = [a for a in actors if (a.code, a.text) not in {(r.code, r.text) for r in recipients}]
        return actors, recipients

    def fighting_clause_subject(self, noun: "Token") -> list[Actor]:
        """"Les rebelles ont pris Goma après de violents combats contre l'armée": a fight named in
        a time adverbial (après, lors de, au cours de, pendant, durant) of a clause whose subject
        is an armed force is that force's ("contre X" stays the recipient)."""
        doc = self.doc
        lo = max(noun.sent.start, noun.left_edge.i - 4)
        before = {t.lower_ for t in doc[lo:noun.left_edge.i + 1]}
        if not before & FIGHT_FRAMES or noun.lemma_.lower() not in FIGHT_NOUNS and noun.lower_ not in FIGHT_NOUNS:
            return []
        if any(c.dep_ == "det" and (c.lower_ in DEMONSTRATIVES or c.morph.get("Poss") == ["Yes"])
               for c in noun.children):
            return []  # "après ces combats": a fight told before, with its own parties
        if not self.obliques(noun, {"contre", "avec"}):
            return []  # a fight with no other side named is no act of the subject's
        t = noun
        for _ in range(3):
            if t.head is t or t.dep_ in ("nsubj", "nsubj:pass", "obj", "ROOT"):
                return []
            t = t.head
            if t.pos_ in ("VERB", "AUX"):
                if self.is_passive(t):
                    return []
                found = self.subject_of(t)
                return [a for a in found if a.sector in ("MIL", "REB", "COP", "UAF") or a.code == "IMG"]
        return []

    def authority_in_sentence(self, tok: "Token") -> list[Actor]:
        """"plusieurs personnes ont été arrêtées lorsque la police est intervenue": an arrest or a
        release with no agent is the act of the state force the sentence names."""
        best: tuple[int, Mention] | None = None
        sent = tok.sent
        for i in range(sent.start, sent.end):
            for m in self.mentions_at.get(i, ()):
                # A bare country name ("originaires du Mali") is not the force that acted.
                if m.code and m.sector in AUTHORITY_SECTORS and m.label not in ("PRON", "GPE", "LOC"):
                    if self.victim_of_other_act(self.doc[i], tok):
                        continue
                    dist = abs(i - tok.i)
                    if best is None or dist < best[0]:
                        best = (dist, m)
        return [self._actor(best[1])] if best is not None else []

    def judicial_charge(self, tok: "Token") -> bool:
        """"il est inculpé de meurtre", "poursuivi pour corruption", "soupçonné d'avoir détourné
        des fonds" (with a judicial word near): a charge whose accuser the clause leaves unsaid."""
        if tok.pos_ not in ("VERB", "ADJ") or not self.passive_or_participle(tok):
            return False
        if any(c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _introduced_by(c, ("par",)))
               for c in tok.children):
            return False  # (an agent the dictionary does not know is no unknown agent)
        lemma = tok.lemma_.lower()
        if lemma == "mettre" and not any(t.lower_ in ("cause", "examen") for t in tok.doc[tok.i + 1:tok.i + 4]):
            return False
        if lemma not in JUDICIAL_VERBS | CHARGING_VERBS:
            return False
        for c in tok.children:
            # "l'Allemagne est accusée de …": a state accused is reproached, not charged.
            if c.dep_ in ("nsubj", "nsubj:pass") and c.ent_type_ in ("LOC", "GPE"):
                return False
        if lemma in JUDICIAL_VERBS or (lemma == "mettre" and any(
                t.lower_ == "examen" for t in tok.doc[tok.i + 1:tok.i + 4])):
            return True
        if self.judicial_words is None:  # once per article: a story of courts and charges
            self.judicial_words = sum(1 for t in self.doc if t.lower_ in JUDICIAL_WORDS or t.lemma_.lower() in JUDICIAL_WORDS)
        # (a story of courts: several such words, densely; "ils jugent" or one "enquête" in a
        # long political story make none)
        return (self.judicial_words >= 5 and self.judicial_words * 1000 >= 12 * len(self.doc)) \
            or self.context_has(tok, JUDICIAL_WORDS)

    def unnamed_restriction(self, tok: "Token", trig: Trigger) -> bool:
        """A curfew, a state of emergency or a ban told with no author: "l'état d'urgence a été
        décrété", "un couvre-feu instauré depuis mars", "les rassemblements sont interdits"."""
        if trig.mode not in UNNAMED_RESTRICTION_MODES and trig.id not in UNNAMED_RESTRICTION_IDS:
            return False
        if tok.pos_ == "NOUN":
            if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in tok.children):
                return False
            lv = tok.head if tok.dep_ in ("nsubj:pass", "nsubj", "obj") and tok.head.pos_ == "VERB" else None
            if lv is not None:
                return self.is_passive(lv) and not any(c.dep_ == "obl:agent" for c in lv.children)
            return any(c.dep_ == "acl" and self.passive_or_participle(c)
                       and not any(g.dep_ == "obl:agent" for g in c.children) for c in tok.children)
        if tok.pos_ != "VERB" or any(c.dep_ == "obl:agent" for c in tok.children):
            return False
        if trig.mode == "ban":
            # A ban on gatherings or movement is a measure taken; "le vote par procuration est
            # interdit", "des mines interdites" state a standing rule.
            return any(c.dep_ == "aux:pass" for c in tok.children) and any(
                c.dep_ in ("nsubj:pass", "nsubj") and c.lemma_.lower() in BANNED_ACTIVITIES for c in tok.children)
        return self.passive_or_participle(tok)

    def charged_party(self, tok: "Token") -> list[Actor]:
        """Who an agentless charge is against: the passive subject ("il est inculpé"), the noun
        the participle qualifies ("son mari, mis en cause dans l'enquête"), or the subject of the
        clause a fronted participle frames ("Accusé de corruption, le ministre a démissionné")."""
        for c in tok.children:
            if c.dep_ in ("nsubj:pass", "nsubj"):
                if c.lower_ in PERSONAL_PRONOUNS:
                    return self.resolve_pronoun(c)
                return self.phrase_actors(c)
        head = tok.head
        if head is tok:
            return []
        if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            found = self.phrase_actors(head)
            if found:
                return found
        if tok.i >= 2 and self.doc[tok.i - 1].text == "," and tok.i - 1 > tok.sent.start:
            # "… avec son mari, l'Américain X, mis en cause dans l'enquête" (the parser hangs the
            # participle on the main verb): the name right before the comma.
            prev = self.doc[tok.i - 2]
            end = prev.idx + len(prev.text)
            for m in self.ctx.mentions:
                if m.end == end and m.code and m.label not in ("PRON", "LOC", "GPE"):
                    return [self._actor(m)]
        if tok.dep_ == "advcl" and head.pos_ in ("VERB", "AUX", "ADJ") and head.i > tok.i:
            return self.subject_of(head)  # "Accusé de corruption, le ministre a démissionné"
        return []

    def unnamed_justice(self, tok: "Token", start: int, end: int, story: Location | None) -> list[Actor]:
        """The justice that brings an agentless charge: a court or prosecutor its sentence names,
        else that of the place of its clause, else the court the article named before, else the
        story's country."""
        def court(lo: int, hi: int, nearest_to: int) -> Actor | None:
            best: tuple[int, Mention] | None = None
            for i in range(lo, hi):
                for m in self.mentions_at.get(i, ()):
                    if m.code and m.sector == "JUD" and m.label != "PRON" \
                            and not any(w in DEFENCE_WORDS for w in m.text.lower().split()):
                        dist = abs(i - nearest_to)
                        if best is None or dist < best[0]:
                            best = (dist, m)
            return self._actor(best[1]) if best is not None else None

        sent = tok.sent
        found = court(sent.start, sent.end, tok.i)
        if found is not None:
            return [Actor(code=found.code, sector="JUD", text=found.text, name=found.name)]
        # The place of the charge's own clause, not of the charged act ("X est soupçonné d'avoir
        # reçu de l'argent de la Libye" is no Libyan proceedings).
        stop = max(start, min(end, tok.idx + len(tok.text)))
        where = self.bounds.place_for(self.ctx, start, stop, look_back=0) if self.bounds.place_for else None
        if where is None:
            found = court(0, sent.start, sent.start)
            if found is not None:
                return [Actor(code=found.code, sector="JUD", text=found.text, name=found.name)]
            where = story if isinstance(story, Location) and single_country(self.ctx, story) else None
        if where is not None and where.country and len(where.country) == 3:
            return [Actor(code=where.country, sector="JUD", text=None, name=None)]
        return []

    def victim_of_other_act(self, t: "Token", tok: "Token") -> bool:
        """"Le jihadiste, qui avait tué deux soldats maliens, a été libéré", "condamné pour le
        meurtre de trois policiers, il a été libéré": a party inside another act's phrase that
        is not its subject or agent is what that act was done to, not who released him."""
        c = t
        for _ in range(8):
            head = c.head
            if head is c or head.i == tok.i or head.is_ancestor(tok):
                return False
            if head.i in self.matched:
                return c.dep_ not in ("nsubj", "obl:agent", "expl:subj")
            c = head
        return False

    def armed_group_in_sentence(self, tok: "Token") -> list[Actor]:
        """"deux civils ont été tués lundi lors d'une incursion de jihadistes", "des soldats ont
        été tués dans une zone où opère Boko Haram": a killing with no agent is the act of the
        armed group the sentence names (never a state force: named soldiers are mostly victims,
        and "un soldat a été tué" alone names no attacker)."""
        victims = set()
        for c in tok.children:
            if c.dep_ in ("nsubj:pass", "nsubj"):
                victims.update(t.i for t in c.subtree)
        if tok.dep_ == "acl":
            victims.update(t.i for t in tok.head.subtree if t.i < tok.i)
        best: tuple[int, Mention] | None = None
        sent = tok.sent
        for i in range(sent.start, sent.end):
            if i in victims:
                continue
            word = self.doc[i]
            if word.dep_ == "nsubj:pass" or (word.dep_ == "obl:agent" and word.head.i != tok.i) or (
                    i > sent.start and self.doc[i - 1].lower_ in FORMER):
                continue  # "les anciens rebelles n'ont pas été épargnés": victims, not attackers
            for m in self.mentions_at.get(i, ()):
                if m.code and (m.sector == "REB" or m.code == "IMG") and m.label != "PRON" \
                        and not m.text.lower().startswith(("ex-", "ex ", "anciens ", "ancien ")):
                    dist = abs(i - tok.i)
                    if best is None or dist < best[0]:
                        best = (dist, m)
        return [self._actor(best[1])] if best is not None else []

    @staticmethod
    def without_places(head: "Token") -> list[int]:
        """The token indices of `head`'s subtree minus its place modifiers ("un convoi dans le
        nord du Burkina Faso" → "un convoi")."""
        return _subtree_without(head, lambda c: _place_modifier(c, PLACE_CASES_NOT_A)
                                or _alongside(c) or _likewise(c))

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
        own_phrase = self.subject_tokens(tok)
        sent = tok.sent
        # "combattent aux côtés de X": X is a partner, not the other party.
        own_phrase.update(t.i for a in sent if _alongside(a) for t in a.subtree)
        best: tuple[int, Mention] | None = None
        for i in range(sent.start, sent.end):
            if i in own_phrase:
                continue  # "le parti du président X a dénoncé …": X is inside the actor's phrase
            for m in self.mentions_at.get(i, ()):
                if not m.code or (m.code, m.sector) in taken or m.label in ("PRON", "LOC") \
                        or (m.name or m.text) in names or _inside_actor_text(m.text, actors):
                    continue
                root = self.doc[i]
                if verb_lemma(root.head) in self.cues.report_verbs and root.head.i != tok.i:
                    continue  # "…, a assuré le gouvernement": the source, not a party to the act
                if m.label == "GPE" and self.after_locative(i):
                    continue  # "Au Mali, …": where, not whom
                dist = abs(i - tok.i)
                if best is None or dist < best[0]:
                    best = (dist, m)
        return [self._actor(best[1])] if best is not None else []

    def subject_tokens(self, tok: "Token") -> set[int]:
        """The tokens of the phrase that names the actor: the subject (or passive agent) of the
        trigger verb, or of the verb that performs an event noun."""
        verbs = [tok]
        if tok.pos_ in ("NOUN", "PROPN"):
            lv = self.light_verb(tok)
            if lv is not None:
                verbs.append(lv)
        elif tok.dep_ in ("xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
            verbs.append(tok.head)  # "a décidé de sanctionner …", "a dénoncé et condamné …"
        out: set[int] = set()
        for v in verbs:
            passive = v.pos_ in ("VERB", "AUX") and self.is_passive(v)
            for c in v.children:
                if c.dep_ == "obl:agent" or (c.dep_ in SUBJECT_DEPS and not passive):
                    out.update(t.i for t in c.subtree)
        return out

    def fallback_recipients(self, trig_tok: "Token", actors: list[Actor]) -> list[Actor]:
        """When no role gives the recipient (a misplaced object, "a accusé la semaine dernière
        Moscou", or a target named inside the complement, "a dénoncé une agression américaine"):
        the first coded phrase right of the trigger in its subtree, other than the actor."""
        taken = {(a.code, a.name or a.text) for a in actors}
        sent_end = trig_tok.sent.end
        for c in trig_tok.rights:
            # An event noun's own adjectives name its author ("violations russes"), not its target.
            if c.dep_ in ("punct", "nsubj", "nsubj:pass", "parataxis", "amod", "obl:agent") or c.i >= sent_end:
                continue
            if _likewise(c):
                continue  # "…, tout comme X": X does the same, it is not the target
            if c.pos_ == "VERB" and verb_lemma(c) in self.cues.report_verbs:
                continue  # "…, a affirmé l'ONU": an incise names the source, not the target
            cases = {g.lower_ for g in c.children if g.dep_ == "case"}
            if _alongside(c):
                continue
            if cases & LOCATIVE_CASES and (c.pos_ == "PROPN" or not cases & {"à", "au", "aux"}):
                continue  # "dans le nord du Burkina Faso", "à Gao": where, not whom
            kept = self.without_places(c)
            start = self.doc[min(kept)].idx
            last = self.doc[max(kept)]
            found = self.actors_of_tokens(kept, start, last.idx + len(last.text)) or [
                a for i in kept if self.doc[i].pos_ == "ADJ" for a in self.demonym_actor(self.doc[i])]
            found = [a for a in found if (a.code, a.name or a.text) not in taken]
            if not found:
                # "a rappelé son ambassadeur au Niger": the phrase's head is the actor's own
                # ("son ambassadeur"); a party named inside it is the recipient.
                found = [a for a in self.mentioned_in(kept) if (a.code, a.name or a.text) not in taken
                         and (a.code, a.sector) not in {(b.code, b.sector) for b in actors}]
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
        """A complement of the trigger (child or grandchild, the few words right of it, or the
        verb governing a noun, an adjective or an attribute participle: "s'est dit choqué") is one of
        `words`. Subjects, auxiliaries and punctuation are no complements: "L'ambassadeur a
        rappelé que …" is no recall of an ambassador, "s'est emparée" has no "est"."""
        noun = tok.pos_ in ("NOUN", "PROPN")
        for c in tok.children:
            if c.dep_.startswith("aux") or c.dep_ in ("nsubj", "punct", "csubj", "expl:subj"):
                continue  # (the subject of a passive is its object: "des détenus ont été élargis")
            if noun and c.dep_ in ("case", "det"):
                # "aux demandes": the noun's own common preposition says nothing; a rarer one is
                # the construction itself ("sous les balles de").
                if c.dep_ == "case" and c.lower_ in words and c.lower_ not in COMMON_PREPOSITIONS:
                    return True
                continue
            if c.lemma_.lower() in words or c.lower_ in words:
                return True
            for g in c.children:
                if g.dep_.startswith("aux") or g.dep_ in ("nsubj", "punct"):
                    continue
                if g.lemma_.lower() in words or g.lower_ in words:
                    return True
        # "relever leur niveau d'alerte", "une grève de la faim": look a few words right too.
        for t in tok.doc[tok.i + 1:min(tok.i + 5, tok.sent.end)]:
            if t.lemma_.lower() in words or t.lower_ in words:
                return True
        # A noun's governing verb ("accord signé", "sanctions imposées").
        if (tok.pos_ in ("NOUN", "PROPN", "ADJ") or (tok.pos_ == "VERB" and tok.dep_ == "xcomp"
                                                      and "Part" in tok.morph.get("VerbForm"))) \
                and tok.head is not tok:
            h = tok.head
            if h.lemma_.lower() in words or h.lower_ in words:
                return True
        return False

    @staticmethod
    def word_before(tok: "Token", words: frozenset[str], span: int = 12) -> "Token | None":
        """The nearest of `words` among the words before `tok` in its sentence ("la mort de X,
        …, aux mains de la police", however the parser attached "mains")."""
        for j in range(tok.i - 1, max(tok.sent.start, tok.i - span) - 1, -1):
            t = tok.doc[j]
            if t.lemma_.lower() in words or t.lower_ in words:
                return t
        return None

    @staticmethod
    def subject_has(tok: "Token", words: frozenset[str]) -> bool:
        """"un navire et un avion sont partis pour X": the subject (or a conjunct of it) is one of
        `words`."""
        for c in tok.children:
            if c.dep_ in ("nsubj", "nsubj:pass"):
                heads = [c] + [cc for cc in c.children if cc.dep_ == "conj"]
                if any(h.lemma_.lower() in words or h.lower_ in words for h in heads):
                    return True
        return False

    @staticmethod
    def context_has(tok: "Token", words: frozenset[str]) -> bool:
        """One of `words` in the trigger's sentence or the sentences right before and after."""
        doc = tok.doc
        sent = tok.sent
        lo = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        hi = doc[sent.end].sent.end if sent.end < len(doc) else sent.end
        return any(t.lemma_.lower() in words or t.lower_ in words for t in doc[lo:hi])

    @staticmethod
    def in_excluded_phrase(tok: "Token", trig: Trigger) -> bool:
        """"à l'aide d'un véhicule" is a preposition, not aid: one of the trigger's `exclude`
        phrases, on word boundaries, among the whole words from EXCLUDE_BEFORE characters before
        the trigger to EXCLUDE_AFTER characters after it (same sentence)."""
        if trig.exclude_re is None:
            return False
        doc = tok.doc
        sent = tok.sent
        lo = tok.i
        while lo > sent.start and tok.idx - doc[lo - 1].idx <= EXCLUDE_BEFORE:
            lo -= 1
        end = tok.idx + len(tok.text)
        hi = tok.i
        while hi + 1 < sent.end and doc[hi + 1].idx + len(doc[hi + 1].text) <= end + EXCLUDE_AFTER:
            hi += 1
        window = doc[lo:hi + 1].text.lower().replace("’", "'")
        return trig.exclude_re.search(window) is not None

    @staticmethod
    def is_reflexive(tok: "Token") -> bool:
        return any(c.lower_ in ("se", "s'", "s’", "me", "m'", "nous", "vous", "te", "t'")
                   and c.dep_ in ("expl:comp", "expl:pv", "obj", "expl", "iobj", "expl:pass")
                   for c in tok.children)

    def match(self, tok: "Token") -> Trigger | None:
        cands = self.index.candidates(tok.lemma_.lower(), tok.lower_, tok.pos_ == "VERB" and not unguessable(tok))
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
            if trig.with_words and tok.lemma_.lower() not in trig.with_words \
                    and not self.has_dependent(tok, trig.with_words):
                continue  # (a word listed among its own companions needs none: "inculper")
            if trig.exclude and self.in_excluded_phrase(tok, trig):
                continue
            if trig.within and not any(t.lemma_.lower() in trig.within for t in tok.subtree):
                continue
            if trig.before and self.word_before(tok, trig.before) is None:
                continue
            if trig.subject_words and not self.subject_has(tok, trig.subject_words):
                continue
            if trig.context and not self.context_has(tok, trig.context):
                continue
            if trig.pos == "verb" and tok.pos_ not in ("VERB", "ADJ", "NOUN") and tok.lemma_.lower() not in trig.words:
                continue
            if trig.pos == "verb" and tok.pos_ == "NOUN" and _agent_noun(tok) \
                    and tok.lemma_.lower() not in trig.words and tok.lower_ not in trig.words:
                continue  # "un consultant", "les soutenants": the one who does it, not the act
            return trig
        return None


def _agent_noun(tok: "Token") -> bool:
    """A noun in "-ant" names a doer ("consultant", "manifestant", "assaillant"), not an act."""
    low = tok.lower_
    return low.endswith(("ant", "ants", "ante", "antes")) and not low.endswith(("ement", "ements")) \
        and tok.lemma_.lower().endswith(("ant", "ante", "er"))


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


# Speech acts about an act ("dénoncer l'attaque", "saluer l'accord"): their day is not the act's.
REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REQUEST", "REJECT", "CONCEDE", "THREATEN"})


def _date_of(coder: ArticleCoder, start: int, end: int, tok: "Token") -> tuple[str | None, str | None]:
    """The date of the event whose word is `tok`, stated in [start, end): an event noun also
    takes the time of its own participle or relative clause ("l'offensive lancée en avril"); a
    relative clause interrupted by an adverbial takes the time said in it ("qui, en 2012, avait
    tué …"), which the parser hangs elsewhere."""
    rel = coder.interrupted.get(tok.i)
    if rel is None and tok.dep_ == "conj":
        rel = coder.interrupted.get(tok.head.i)  # "… avait tué cinq soldats et en avait blessé 13"
    if rel is not None:
        lo = coder.doc[rel].idx
        for t in coder.ctx.timexes or ():
            if lo <= t.start and t.end <= tok.idx and t.type in ("DATE", "TIME"):
                from veille.extract.timexes import contract_date

                value = contract_date(t.value)
                if value:
                    return value, t.text
    head = tok.head
    if tok.pos_ == "NOUN" and head.i != tok.i and head.i in coder.matched \
            and coder.matched[head.i].type in REACTION_TYPES and coder.light_verb(tok) is None:
        # "a dénoncé mardi l'attaque (menée dimanche)": the reaction's day is not the act's; only
        # the noun's own phrase dates it (else it repeats an act told elsewhere).
        lo = coder.doc[tok.left_edge.i].idx
        last = coder.doc[tok.right_edge.i]
        start, end = lo, last.idx + len(last.text)
        own = [t for t in coder.ctx.timexes or () if start <= t.start and t.end <= end
               and t.type in ("DATE", "TIME")]
        if not own:
            return None, None
    return coder.bounds.date_for(coder.ctx, start, end, trigger=tok.idx)


def _complete_antecedent(coder: ArticleCoder, tok: "Token", trig: Trigger, events: list[Event]) -> None:
    """"Cette attaque, survenue lundi près de Gao, …": a demonstrative event noun with no actor of
    its own repeats the last event of its type; it adds no record, but may give that event the
    date and place its first mention lacked."""
    prior = [e for e in events if e.type == trig.type and e.start < tok.idx]
    if not prior:
        return
    kept = prior[-1]
    ctx = coder.ctx
    start, end = _evidence_span(coder.doc, tok, _clause_head(tok))
    if kept.date is None and coder.bounds.date_for is not None:
        value, text = _date_of(coder, start, end, tok)
        if value is not None:
            kept.date, kept.date_text = value, text
    if kept.location is None and coder.bounds.place_for is not None and trig.type not in UNPLACED_ACTS:
        kept.location = coder.bounds.place_for(ctx, start, end, look_back=0)


def single_country(ctx: DocContext, place: Location) -> bool:
    """The story's place is the only country the article's places name (not a round-up)."""
    countries = {p.country for p in getattr(ctx, "places", None) or () if getattr(p, "country", None)}
    return not countries or countries == {place.country}


def unique_actors(actors: list[Actor]) -> list[Actor]:
    """The actors without repeats (same code, sector and text), first mention first: lists
    merged from coordinations, enumerations and symmetric partners may name one party twice."""
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out: list[Actor] = []
    for a in actors:
        key = (a.code, a.sector, (a.text or a.name or "").lower())
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def _codes(actors: list[Actor]) -> frozenset[str]:
    return frozenset(a.code for a in actors if a.code)


_TOOK_PLACE = frozenset({"asserted", "reported", "alleged"})
# Acts an authority performs on its own people ("révoqué par son ministre", "arrêté par la police").
INTERNAL_ACTS = frozenset({"SANCTION", "COERCE"})


def _repeats(kept: Event, type_: str, mode: str | None, actors: list[Actor], recipients: list[Actor],
             date: str | None, certainty: str | None = None) -> bool:
    """A repeated mention of an event already kept ("l'attentat" … "cet attentat"): same type and
    actors, recipients it adds nothing to (or a kept event that had none), and no different date
    (another day is another event). An act said to have happened does not repeat one only feared,
    planned or denied ("« Si les talibans attaquent … », … qui a condamné l'attaque des talibans")."""
    if kept.type != type_ or _codes(kept.actor) != _codes(actors):
        return False
    if certainty is not None and (certainty in _TOOK_PLACE) != (kept.certainty in _TOOK_PLACE):
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
    coder = ArticleCoder(ctx, index, cues, _boundaries())
    if not hits:
        events_only: list[Event] = []
        content_events(coder, events_only, cues)
        return events_only
    for tok in hits:
        trig = coder.match(tok)
        if trig is not None:
            coder.matched[tok.i] = trig
    events: list[Event] = []
    story: Location | None | object = _UNSET  # the story's place, computed at most once

    def story_place() -> Location | None:
        """The story's place (None without a gazetteer), computed on first use."""
        nonlocal story
        if story is _UNSET:
            story = coder.bounds.story_place(ctx) if coder.bounds.story_place is not None else None
        return story

    def story_country() -> Location | None:
        """The story's place when it is the article's one country (not a round-up)."""
        where = story_place()
        return where if isinstance(where, Location) and single_country(ctx, where) else None

    for i, trig in coder.matched.items():
        tok = doc[i]
        if trig.type == "REJECT" and any(c.dep_ == "obj" and coder.matched.get(c.i) is not None
                                         and coder.matched[c.i].type == "ASSAULT" for c in tok.children):
            continue  # "repousser une attaque" is fighting back, not a refusal
        if trig.type == "SUPPORT" and tok.pos_ == "VERB" and tok.dep_ == "acl" and coder.is_passive(tok):
            continue  # "les séparatistes soutenus par la Russie": an epithet, not a reported act
        if trig.type == "COERCE" and _stops_doing(tok):
            continue  # "a arrêté en 2001 de la qualifier de maladie mentale": stopped doing it
        governor = coder.matched.get(tok.head.i) if tok.pos_ == "NOUN" and tok.dep_ == "obj" else None
        if governor is not None and governor.type == trig.type:
            continue  # "a convoqué une réunion": the verb's event already states the noun's
        args = coder.arguments(tok, trig)
        actors = args.actors
        if not _codes(actors) and trig.type == "PROTEST" and tok.pos_ in ("NOUN", "PROPN") and (
                tok.dep_.startswith("nsubj") or coder.light_verb(tok) is not None
                or (tok.dep_ == "nmod" and tok.head.dep_.startswith("nsubj")
                    and tok.head.lower_ in ("dizaines", "centaines", "milliers", "série", "vague", "mouvement"))):
            # "des manifestations ont eu lieu à Bamako": unnamed protesters are civilians of
            # where they march (else of the story).
            sent = tok.sent
            where = (coder.bounds.place_for(ctx, sent.start_char, sent.end_char)
                     if coder.bounds.place_for is not None else None) or story_place()
            if isinstance(where, Location) and where.country:
                actors = [Actor(code=where.country, sector="CVL", text=tok.text)]
        arrest_without_agent = False
        if not _codes(actors) and tok.pos_ == "VERB" and args.recipients and (trig.type, trig.mode) in UNNAMED_STATE_ACTS \
                and coder.passive_or_participle(tok):
            arrest_without_agent = True
        charge_without_agent = False
        if not _codes(actors) and not arrest_without_agent and trig.type == "ACCUSE" and args.recipients \
                and coder.judicial_charge(tok):
            charge_without_agent = True
        restriction_without_agent = not _codes(actors) and not arrest_without_agent and not charge_without_agent \
            and trig.type == "COERCE" and coder.unnamed_restriction(tok, trig)
        if not _codes(actors) and not arrest_without_agent and not charge_without_agent \
                and not restriction_without_agent:
            if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in tok.children):
                _complete_antecedent(coder, tok, trig, events)
            continue
        actor_names = {(a.code, a.name or a.text) for a in actors}
        actor_roles = {(a.code, a.sector) for a in actors if a.sector}
        # A recipient that is the actor again (same name, or same country and role) is a misread.
        # Two named people of one country and role ("M. Ashkenazi soutient Benny Gantz") are two parties.
        named = {a.name for a in actors if a.name and " " in a.name}
        # "le porte-parole X a été révoqué par son ministre": agent and subject are two phrases,
        # two parties even when they share a country and a role (an authority acting on its own).
        agent_passive = trig.type in INTERNAL_ACTS and tok.pos_ == "VERB" and coder.is_passive(tok) \
            and any(c.dep_ == "obl:agent" for c in tok.children)
        recipients = [r for r in args.recipients if (r.code, r.name or r.text) not in actor_names
                      and (agent_passive or (r.code, r.sector) not in actor_roles
                           or (named and r.name and " " in r.name and r.name not in named))]
        if args.recipients and not recipients and trig.recipient_roles and trig.type not in OPTIONAL_RECIPIENT \
                and tok.pos_ == "VERB" and not coder.passive_or_participle(tok):
            # "Washington a rappelé son ambassadeur au Niger": the object is the actor's own; another
            # country named inside it is the recipient.
            own = _codes(actors)
            recipients = [r for r in coder.fallback_recipients(tok, actors) if r.code not in own]
        anchor = tok
        if tok.pos_ in ("NOUN", "PROPN"):
            anchor = coder.light_verb(tok) or tok
        certainty = certainty_of(anchor, cues)
        if certainty in ("asserted", "reported") and _requested(tok, cues):
            certainty = "hypothetical"  # "un appel à la démission du président", "a appelé au retrait"
        if certainty in ("asserted", "reported", "alleged") and trig.type == "PROTEST" and tok.pos_ == "NOUN" \
                and tok.dep_ in ("obj", "nsubj:pass") and verb_lemma(tok.head) in PREVENTING_VERBS \
                and not is_negated(tok.head, cues):
            certainty = "hypothetical"  # "les manifestations ont été interdites": none took place
        if certainty in ("asserted", "reported", "alleged") and _unrealised_infinitive(tok):
            certainty = "hypothetical"  # "Capturer ou tuer X était la priorité", "le plan de bombarder"
        if anchor is not tok and certainty in ("asserted", "reported") and any(
                c.lower_ in cues.future_words for c in tok.children):
            certainty = "future"  # "la démission prochaine du président a été annoncée"
        start, end = _evidence_span(doc, tok, _clause_head(anchor))
        date_value, date_text = None, None
        if coder.bounds.date_for is not None:
            date_value, date_text = _date_of(coder, start, end, tok)
        location = None
        placed = trig.type in PLACED_ACTS
        if coder.bounds.place_for is not None and trig.type not in UNPLACED_ACTS:
            location = coder.bounds.place_for(ctx, start, end, look_back=1 if placed else 0)
        own_place = location
        if location is None and placed:
            location = story_place()
        if trig.type == "ASSAULT" and not recipients and location is not None and location.country \
                and len(location.country) == 3:
            # Victims the text does not name are people of where the attack happened.
            recipients = [Actor(code=location.country, sector=None, text=location.name, name=location.name)]
        if not _codes(actors) and arrest_without_agent:
            # "le journaliste a été arrêté à Alger …": an arrest no one is named for is the act of
            # the police of where it happened (named in its clause, or the story's one country).
            where = own_place or story_country()
            if where is not None and where.country and len(where.country) == 3:
                actors = [Actor(code=where.country, sector=UNNAMED_STATE_ACTS[(trig.type, trig.mode)],
                                text=None, name=None)]
        if not _codes(actors) and restriction_without_agent:
            # "l'état d'urgence a été décrété à Bamako", "un couvre-feu instauré depuis mars": a
            # measure no one is named for is the government's of where it applies, on its people.
            where = own_place or coder.bounds.place_for(ctx, start, end, look_back=1) \
                if coder.bounds.place_for is not None else own_place
            if where is None:
                where = story_country()
            if where is not None and where.country and len(where.country) == 3:
                actors = [Actor(code=where.country, sector="GOV", text=None, name=None)]
                recipients = [r for r in recipients if r.code != where.country or r.sector not in AUTHORITY_SECTORS] \
                    or [Actor(code=where.country, sector="CVL", text=None, name=None)]
                if location is None:
                    location = where
        if not _codes(actors) and charge_without_agent:
            # The accused is the clause's subject (or the noun the participle qualifies), never
            # a party guessed from the rest of the sentence; the justice is not its own accused.
            recipients = [r for r in coder.charged_party(tok) if r.sector != "JUD"]
            if tok.lemma_.lower() in CHARGING_VERBS and any(r.sector in ARMED_SECTORS for r in recipients):
                recipients = []  # "les armées sont accusées d'exactions": a reproach, not a charge
            actors = coder.unnamed_justice(tok, start, end, story_place()) if recipients else []
        if not _codes(actors):
            continue
        if trig.type == "AID" and not recipients and location is not None and location.country \
                and len(location.country) == 3 and location.country not in _codes(actors):
            # Aid sent with no named recipient goes to where it is delivered.
            recipients = [Actor(code=location.country, sector=None, text=location.name, name=location.name)]
        kept = next((e for e in events if _repeats(e, trig.type, trig.mode, actors, recipients, date_value,
                                                   certainty)), None)
        if kept is not None:
            known = _codes(kept.recipient)
            # The repeat may name more of the target ("… contre Kiev" then "… contre l'Ukraine et ses alliés").
            kept.recipient = kept.recipient + [r for r in recipients if r.code not in known]
            # … and say when and where the first mention did not ("l'attaque" … "cette attaque, lundi à Gao").
            if kept.date is None and date_value is not None:
                kept.date, kept.date_text = date_value, date_text
            if kept.location is None and location is not None:
                kept.location = location
            continue
        events.append(Event(
            type=trig.type, mode=trig.mode, actor=unique_actors(actors), recipient=unique_actors(recipients),
            certainty=certainty,
            date=date_value, date_text=date_text, location=location,
            evidence=ctx.text[start:end], start=start, end=end, rule=trig.id,
            cameo=trig.cameo, intensity=trig.intensity,
        ))
    content_events(coder, events, cues)
    return events


# -- speech acts read from their content -------------------------------------------------------
# "X a estimé que le raid américain allait déclencher une guerre" (ACCUSE X→USA), "« Les violences
# doivent cesser », a déclaré X" (REQUEST), "X a jugé que les États-Unis avaient le droit de se
# défendre" (SUPPORT): the cue is in what is said (certainty.yaml, content_acts), the recipient is
# an actor the same sentence of the content names.
CONTENT_TYPES = {"ACCUSE": ("111", -2.0), "SUPPORT": ("051", 3.5), "REQUEST": ("100", -5.0),
                 "REJECT": ("120", -4.0), "THREATEN": ("130", -6.0)}
# A REQUEST may be addressed to nobody in particular ("les violences doivent cesser").
CONTENT_OPTIONAL_RECIPIENT = frozenset({"REQUEST"})
# Event nouns that, with a demonstrative ("cet assassinat", "cette attaque"), refer back to an act
# already coded: its author is the one blamed.
ANAPHORIC_ACTS = frozenset({"attaque", "attentat", "raid", "frappe", "assassinat", "meurtre", "massacre",
                            "bombardement", "agression", "offensive", "tuerie", "exécution", "opération",
                            "invasion", "incursion", "arrestation", "enlèvement", "expulsion", "annexion",
                            "décision", "sanction", "mesure", "embuscade", "tir", "tirs"})
DEMONSTRATIVES = frozenset({"ce", "cet", "cette", "ces"})
# "l'attaque contre X", "la violence envers X": X suffers the act, it is not blamed.
VICTIM_CASES = frozenset({"contre", "envers", "visant", "sur"})
# A cue under negation, a universal or a condition ("n'est pas illégale", "toute violation",
# "la lutte contre le crime") blames no one.
NEGATION_BEFORE = re.compile(r"(?:^|\W)(?:pas|jamais|aucune?|ni|sans|plus|nullement|toute?s?|tout|chaque"
                             r"|éventuelles?|moindres?|si|contre|de lutte)\W+(?:\w+\W+){0,2}$")
_CONDITION = re.compile(r"(?:^|\W)(?:si|s'ils?|en cas d|au cas où)\W")


# What closes a condition's scope before the act: a quotation's end, a relative clause, a new clause.
_SCOPE_END = re.compile(r"[»”;]|(?:^|\W)(?:dont|qui|lequel|laquelle|où)\W")


# Nouns of an aim: the act in their "de + infinitive" ("le plan de bombarder", "la priorité est
# d'arrêter les passeurs") or in an infinitive subject ("Tuer X était l'objectif") is not done.
GOAL_NOUNS = frozenset({"priorité", "objectif", "but", "plan", "projet", "intention", "volonté", "mission",
                        "ambition", "idée", "tâche", "stratégie", "option", "rêve", "souhait", "espoir",
                        "proposition", "programme", "défi", "enjeu", "consigne", "ordre", "perspective"})
STOP_VERBS = frozenset({"arrêter", "cesser"})
# A protest banned, called off or prevented did not take place.
PREVENTING_VERBS = frozenset({"interdire", "annuler", "empêcher", "reporter", "proscrire", "décommander"})
CLITICS = frozenset({"la", "le", "les", "l'", "l’", "se", "s'", "s’", "y", "en", "lui", "leur", "me", "m'",
                     "te", "t'", "nous", "vous", "ne", "pas", "plus"})


def _is_infinitive(tok: "Token") -> bool:
    return tok.pos_ in ("VERB", "AUX") and "Inf" in tok.morph.get("VerbForm", [])


def _after_de(tok: "Token") -> bool:
    """"de la qualifier", "d'arrêter": a "de" right before the infinitive (clitics between)."""
    j = tok.i - 1
    while j >= tok.sent.start and tok.doc[j].lower_ in CLITICS:
        j -= 1
    return j >= tok.sent.start and tok.doc[j].lower_ in ("de", "d'", "d’")


def _stops_doing(tok: "Token") -> bool:
    """"arrêter de + infinitive" is to stop doing something, not an arrest."""
    if tok.lemma_.lower() not in STOP_VERBS or tok.pos_ != "VERB":
        return False
    for c in tok.children:
        if c.i > tok.i and _is_infinitive(c) and _after_de(c):
            return True
    # (the parser may hang the infinitive elsewhere: "a arrêté en 2001 de la qualifier")
    for t in tok.doc[tok.i + 1:min(tok.i + 7, tok.sent.end)]:
        if t.pos_ in ("NOUN", "PROPN", "PRON") and t.lower_ not in CLITICS or t.text in (",", ";", ":"):
            return False
        if _is_infinitive(t) and _after_de(t):
            return True
    return False


def _unrealised_infinitive(tok: "Token") -> bool:
    """An infinitive that is an aim, not an act that happened: the subject of its clause
    ("Capturer ou tuer X était la priorité") or the "de + infinitive" of a noun of aim ("le plan
    de bombarder l'Iran", "la priorité est d'arrêter les passeurs")."""
    if not _is_infinitive(tok):
        return False
    first = min([tok, *tok.conjuncts], key=lambda t: t.i)  # "Capturer ou tuer X …"
    if first.dep_ in ("csubj", "csubj:pass", "nsubj"):
        return True
    j = tok.sent.start
    while j < first.i and (tok.doc[j].is_punct or tok.doc[j].lower_ in CLITICS):
        j += 1
    if j == first.i and first.i + 1 < tok.sent.end and any(
            t.lemma_.lower() == "être" and t.pos_ in ("AUX", "VERB") for t in tok.doc[first.i + 1:tok.sent.end]):
        return True  # a sentence that opens on an infinitive and goes on with "être"
    if not _after_de(tok):
        return False
    if tok.dep_ in ("acl", "nmod") and tok.head.lemma_.lower() in GOAL_NOUNS:
        return True
    holders = [tok] + ([tok.head] if tok.dep_ in ("xcomp", "ccomp") else [])
    return any(c.dep_ in ("nsubj", "nsubj:pass") and c.lemma_.lower() in GOAL_NOUNS
               for h in holders for c in h.children)


def _requested(tok: "Token", cues: CertaintyCues) -> bool:
    """An event noun that is what a call asks for ("un appel à la démission", "la demande de
    retrait", "a appelé au retrait", "exige le départ") states no act that happened."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.head is tok or tok.head.i > tok.i:
        return False
    head = tok.head
    cases = {c.lower_ for c in tok.children if c.dep_ == "case"}
    if head.pos_ == "NOUN" and tok.dep_ == "nmod":
        lemma = head.lemma_.lower()
        if lemma in CALL_NOUNS:
            return bool(cases & {"à", "au", "aux", "pour"})
        return lemma in DEMAND_NOUNS and bool(cases & {"de", "d'", "d’", "du", "des"})
    if head.pos_ == "VERB" and verb_lemma(head) in cues.demand_verbs:
        if tok.dep_ == "obj":
            return True
        return tok.dep_ in ("obl", "obl:arg", "obl:mod") and bool(cases & {"à", "au", "aux", "pour"})
    return False


def _conditioned(before: str) -> bool:
    """A condition ("si", "en cas de") in `before` (the sentence up to the act) that still governs
    the act: not closed by the end of a quotation or a relative clause in between ("« Si … »,
    s'est inquiété X, dont le frère a péri dans un attentat")."""
    last = None
    for last in _CONDITION.finditer(before):
        pass
    return last is not None and not _SCOPE_END.search(before[last.end():])


def _negated_before(text: str) -> bool:
    return bool(NEGATION_BEFORE.search(text))


def _content_recipient(coder: ArticleCoder, lo: int, hi: int, speaker: list[Actor],
                       events: list[Event], cue: int | None = None, cue_end: int | None = None) -> list[Actor]:
    """The actor the content [lo, hi) blames, backs or addresses, other than the speaker: the one
    named nearest before the cue word ("la Turquie joue un jeu dangereux … ingérence"), else
    nearest after it ("l'agression russe"); the first one when no cue position is given."""
    doc = coder.doc
    span = doc.char_span(lo, hi, alignment_mode="expand")
    if span is None:
        return []
    own = {(a.code, a.sector) for a in speaker} | {(a.code, "GPE") for a in speaker}
    # A state's speaker does not blame or back its own state's forces ("l'armée israélienne
    # répondra à toute violation"); an opposition, a party or civilians may.
    for a in speaker:
        if a.sector in AUTHORITY_SECTORS or a.sector is None:
            own |= {(a.code, s) for s in AUTHORITY_SECTORS | {None}}
    names = {a.name or a.text for a in speaker}
    found_at: list[tuple[int, list[Actor]]] = []
    for tok in span:
        if cue is not None and cue <= tok.i <= (cue_end if cue_end is not None else cue):
            continue  # the cue itself ("responsable de …" is no official)
        found = _content_candidate(coder, tok, span, own, names, speaker, events)
        if found:
            if cue is None:
                return found
            found_at.append((tok.i - cue, found))
    # The blamed or backed party is mostly the subject before the cue ("la Turquie fournit des
    # armes en violation d'un embargo de l'ONU"), else a word after it ("l'agression russe").
    before = [x for x in found_at if x[0] <= 0]
    if before:
        return max(before, key=lambda x: x[0])[1]
    if found_at:
        return min(found_at, key=lambda x: x[0])[1]
    return []


def _content_candidate(coder: ArticleCoder, tok: "Token", span, own, names, speaker: list[Actor],
                       events: list[Event]) -> list[Actor]:
    """The actors `tok` names for a content act: a coded mention (not the speaker, civilians, a
    place or a victim after "contre"), a nationality adjective, or a demonstrative event noun
    ("cet assassinat") standing for the author of the act it repeats."""
    doc = coder.doc
    low = tok.lower_
    if low in FIRST_PERSON or low in PERSONAL_PRONOUNS:
        return []
    for m in coder.mentions_at.get(tok.i, ()):
        if not m.code or m.label in ("PRON", "LOC"):
            continue
        if (m.code, m.sector) in own or (m.name or m.text) in names or (
                m.label == "GPE" and (m.code, "GPE") in own) or _inside_actor_text(m.text, speaker):
            continue
        if m.sector == "CVL":
            continue  # civilians suffer the violence a statement decries
        if coder.after_locative(tok.i):
            continue
        j = tok.i - 1
        while j > span.start and doc[j].pos_ == "DET":
            j -= 1
        if j >= 0 and doc[j].lower_ in VICTIM_CASES:
            continue
        return [coder._actor(m)]
    if tok.pos_ == "ADJ" and tok.dep_ == "amod":
        found = [a for a in coder.demonym_actor(tok) if (a.code, None) not in own
                 and a.code not in {x.code for x in speaker}]
        if found:
            return found
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in ANAPHORIC_ACTS and any(
            c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in tok.children):
        prior = [e for e in events if e.type in ("ASSAULT", "COERCE", "SANCTION", "MOBILIZE")
                 and e.start < tok.idx and e.certainty in ("asserted", "reported", "alleged")]
        if prior:
            found = [a for a in prior[-1].actor if a.code not in {x.code for x in speaker}]
            if found:
                return found
    return []


# Three-letter organisation codes (GUIDELINES §3); any other three-letter code is a country.
ORG_CODES3 = frozenset({"ARL", "WHO", "ICC", "IMF", "HRW", "MSF", "IMG"})


def _coded_speaker(actors: list[Actor]) -> list[Actor]:
    """Speakers who act for someone: a person of a country with no role ("le spécialiste X",
    a witness) speaks for nobody, and what they say is no event."""
    return [a for a in actors if a.code and not (a.sector is None and len(a.code) == 3
                                                 and a.code not in ORG_CODES3)]


def _speech_units(coder: ArticleCoder, cues: CertaintyCues):
    """(speaker actors, content start, content end, anchor token or None, evidence start, end)
    for every reporting verb with a complement clause and every attributed quotation."""
    doc = coder.doc
    ctx = coder.ctx
    body_start = getattr(ctx.article, "body_start", 0) or 0
    if cues.content_speech_verbs:
        import numpy
        from spacy.attrs import LEMMA
        from spacy.strings import get_string_id

        # (with the present forms spaCy may leave unlemmatised: "estime", "jugent")
        words = set(cues.content_speech_verbs)
        words.update(f for w in cues.content_speech_verbs for f in unlemmatised_forms(w))
        ids = numpy.array([get_string_id(w) for w in words], dtype="uint64")
        lemmas = doc.to_array([LEMMA]).ravel()
        for i in numpy.flatnonzero(numpy.isin(lemmas, ids)).tolist():
            verb = doc[i]
            if verb.pos_ != "VERB" or verb_lemma(verb) not in cues.content_speech_verbs or is_negated(verb, cues):
                continue
            comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
            if comp is None:
                continue
            speaker = _coded_speaker(coder.subject_of(verb))
            if not speaker:
                continue
            lo = comp.left_edge.idx
            last = comp.right_edge
            start, end = _evidence_span(doc, verb, verb)
            yield speaker, lo, last.idx + len(last.text), verb, start, end
    text = ctx.text
    pending: list | None = None
    for q in ctx.quotes:
        spk = q.speaker
        if spk is None or not spk.code:
            continue
        speaker = _coded_speaker([Actor(code=spk.code, sector=spk.sector, text=spk.name, name=spk.name)])
        if not speaker:
            continue
        tail = doc.char_span(max(q.start, q.end - 1), q.end, alignment_mode="expand")
        end = tail.sent.end_char if tail is not None else q.end
        # A partial quotation continues the sentence that paraphrases the speaker ("Cet
        # assassinat risque de « aggraver la situation »"): its content starts with the sentence.
        head = doc.char_span(q.start, min(q.start + 1, q.end), alignment_mode="expand")
        lo = q.start
        if head is not None and len(head):
            # Back to the start of the paraphrasing clause: the sentence start, "que", a colon,
            # a comma or another quotation, whichever comes first.
            j = head.start - 1
            if j >= 0 and doc[j].text in QUOTE_CHARS:
                j -= 1  # the quotation's own opening mark
            while j >= head.sent.start and j >= 0:
                t = doc[j]
                if t.lower_ in ("que", "qu'", "qu’") or t.text in (":", ";", ",", ".", "!", "?") or t.text in QUOTE_CHARS:
                    break
                j -= 1
            lo = max(min(q.start, doc[j + 1].idx if j + 1 < head.start else q.start), body_start)
        # The incise after the quotation ("…", a déclaré X vendredi) carries its date.
        unit = [speaker, lo, q.end, None, lo, max(end, q.end)]
        if pending is not None and pending[0][0].name == speaker[0].name and pending[0][0].code == speaker[0].code \
                and 0 <= q.start - pending[2] <= 40 and "." not in text[pending[2]:q.start]:
            # Fragments of one statement: le « droit » de « se défendre ».
            pending[2], pending[5] = q.end, max(pending[5], unit[5])
            continue
        if pending is not None:
            yield tuple(pending)
        pending = unit
    if pending is not None:
        yield tuple(pending)


def content_events(coder: ArticleCoder, events: list[Event], cues: CertaintyCues) -> None:
    if not cues.content_acts:
        return
    ctx = coder.ctx
    text = ctx.text
    body_start = getattr(ctx.article, "body_start", 0) or 0
    for speaker, lo, hi, verb, ev_start, ev_end in _speech_units(coder, cues):
        if lo < body_start:
            continue
        content = text[lo:hi].lower().replace("’", "'")
        for type_, pattern in cues.content_acts:
            for m in pattern.finditer(content):
                if _negated_before(content[max(0, m.start() - 30):m.start()]):
                    continue
                cue_tok = coder._token_at(lo + m.start())
                if cue_tok is None:
                    continue
                sent = coder.doc[cue_tok].sent
                s_lo, s_hi = max(lo, sent.start_char), min(hi, sent.end_char)
                cue_end = coder._token_at(lo + m.end() - 1)
                recipients = _content_recipient(coder, s_lo, s_hi, speaker, events, cue_tok, cue_end)
                if not recipients and type_ not in CONTENT_OPTIONAL_RECIPIENT:
                    continue
                certainty = certainty_of(verb, cues) if verb is not None else "asserted"
                if certainty == "reported":
                    certainty = "asserted"  # the speaker's own words state the act of speech
                before = text[s_lo:lo + m.start()].lower().replace("’", "'")
                if _conditioned(before):
                    certainty = "hypothetical"  # "S'il n'est pas libéré, nous dénoncerons …"
                date_value, date_text = None, None
                if coder.bounds.date_for is not None:
                    date_value, date_text = coder.bounds.date_for(ctx, ev_start, ev_end)
                kept = next((e for e in events if _repeats(e, type_, None, speaker, recipients, date_value,
                                                           certainty)), None)
                if kept is not None:
                    known = _codes(kept.recipient)
                    kept.recipient = kept.recipient + [r for r in recipients if r.code not in known]
                    break
                cameo, intensity = CONTENT_TYPES.get(type_, (None, None))
                events.append(Event(
                    type=type_, mode=None, actor=unique_actors(speaker), recipient=unique_actors(recipients),
                    certainty=certainty,
                    date=date_value, date_text=date_text, location=None,
                    evidence=text[ev_start:ev_end], start=ev_start, end=ev_end,
                    rule=f"fr.{type_.lower()}.content", cameo=cameo, intensity=intensity,
                ))
                break  # one event of a type per statement
