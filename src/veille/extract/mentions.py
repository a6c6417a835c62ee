"""Actor mentions: who is named in the article, coded (code + sector) and linked within it.

The API other extractors call:

- `extract_mentions(ctx)`: every actor mention, sorted by start (outer phrases before the names
  inside them): persons (`name` = the canonical full name in the article, "M. Stoltenberg" →
  "Jens Stoltenberg"), organisations, countries, capitals and seats of power (GPE, coded as their
  government), agent phrases ("soldats ukrainiens" → UKR MIL, "le porte-parole du Kremlin,
  Dmitri Peskov" → RUS GOV named "Dmitri Peskov").
- `actor_of(m)`: the records.Actor of a mention.
- `mentions_in(ctx, start, end)`: the outermost mentions inside a character span.
- `actors_in(ctx, start, end)`: the distinct coded actors a phrase names (coordination gives several).
- `resolve_pronoun(ctx, pos, gender, number)`: the mention a pronoun at `pos` most likely stands for.

How: one pass over the tokens finds dictionary names (resolve/actors.py) and agent words
(resources/fr/agents.yaml) by longest match on accent- and case-folded token sequences; agent
words are then extended to the right with demonyms ("russe"), complements ("du Kremlin", "de
l'ONU"), sponsors ("soutenus par la Russie") and the name they introduce ("…, Dmitri Peskov");
persons found by the NER are linked to earlier full names and to titles. An agent with no country
word belongs to the country of the story (the most mentioned country, the dateline counting double),
after these, in order:
- armed men a state sends, loses or withdraws belong to it ("Le Tchad a envoyé des troupes au
  Mali", "la France retire ses soldats"), else to the nearest armed force the sentence names with
  its nationality ("une base de l'armée française … trois soldats");
- unnamed gunmen and jihadists belong to where they act (the sentence's place, else the country the
  article most often places things in), not to their foreign victims; a group they are "liés à" or
  "affiliés à" gives its own code ("jihadistes liés à Al-Qaïda" → IMG);
- the men of a named leader take his side ("les forces du maréchal Haftar" → LBY REB).
An acronym the article defines ("Forces démocratiques syriennes (FDS)") stands for that actor in
the whole article; a demonym two states share ("congolais") takes the one the article names most.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, Iterable

from veille.extract.context import DocContext, Mention
from veille.records import Actor
from veille.resolve.actors import IGO_CODES, ActorEntry, fold, load_actor_lookup, strip_accents
from veille.resolve.places import load_gazetteer

# Words before a name that say who the person is (gender) and are not part of the name.
_CIVILITIES = {"m.": "m", "mm.": "m", "mme": "f", "mmes": "f", "mlle": "f", "monsieur": "m", "madame": "f"}
_NAME_PREFIXES = {"ayatollah", "cheikh", "general", "dr", "me", "mgr", "sir", "lord", "emir", "imam", "mollah",
                  "prince", "marechal", "colonel", "commandant", "capitaine", "lieutenant", "sergent"}
_DE = {"de", "du", "des", "d'"}
_DETS = {"la", "le", "les", "l'"}
_COUNTRY_KINDS = ("country", "capital", "seat", "demonym")


def _fold_token(text: str) -> str:
    if text.isascii():
        return text.lower()
    return strip_accents(text.replace("’", "'")).lower()


# -- the compiled lexicon ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class AgentSpec:
    """One agent word of agents.yaml: the sector it gives and what it says of its referent."""

    key: str
    sector: str | None
    office: str | None = None
    gender: str | None = None
    number: str | None = None
    domestic: bool = False
    collective: bool = False
    # the one country the word itself names ("sénateur démocrate" → USA), unless a demonym or
    # complement names another
    code: str | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    # folded token tuple → the aliases as written with their kind ("Otan" and "OTAN" share a key)
    names: dict[tuple[str, ...], tuple[tuple[str, str], ...]]
    name_first: frozenset[str]
    name_max: int
    agents: dict[tuple[str, ...], AgentSpec]
    agent_first: frozenset[str]
    agent_max: int
    # agents written capitalised only ("Etat", "Congrès", "Sénat"): lower case is another word
    agent_capitalised: frozenset[tuple[str, ...]]
    backed_by: frozenset[tuple[str, ...]]


def _plural(word: str) -> str:
    return word if word.endswith(("s", "x", "z")) else word + "s"


@lru_cache(maxsize=4)
def compile_lexicon(lookup: Any, resources: Any) -> Lexicon:
    """Token-sequence tables for one actor lookup and one resources set (built once per process)."""
    from veille.nlp import load_pipeline

    tokenizer = load_pipeline().tokenizer
    surfaces = list(lookup.aliases())
    names: dict[tuple[str, ...], tuple[tuple[str, str], ...]] = {}
    for (alias, kind), doc in zip(surfaces, tokenizer.pipe(a for a, _ in surfaces)):
        key = tuple(_fold_token(t.text) for t in doc)
        names[key] = names.get(key, ()) + ((alias, kind),)
    data = resources.data("agents")
    agents: dict[tuple[str, ...], AgentSpec] = {}
    forms: list[tuple[str, AgentSpec]] = []
    for word, spec in data["agents"].items():
        agent = AgentSpec(word, spec.get("sector"), spec.get("office"), spec.get("gender"),
                          spec.get("number"), bool(spec.get("domestic")), bool(spec.get("collective")),
                          spec.get("code"))
        forms.append((word, agent))
        plural = spec.get("plural")
        if plural is None:
            head, _, rest = word.partition(" ")
            plural = f"{_plural(head)} {rest}".strip()
        if plural != word:
            forms.append((plural, AgentSpec(word, agent.sector, agent.office, agent.gender, "pl",
                                            agent.domestic, False, agent.code)))
    lower_words = {_fold_token(w) for w in data["agents"] if w[:1].islower()}
    capitalised: set[tuple[str, ...]] = set()
    for (form, agent), doc in zip(forms, tokenizer.pipe(f for f, _ in forms)):
        key = tuple(_fold_token(t.text) for t in doc)
        agents.setdefault(key, agent)
        if form[:1].isupper() and _fold_token(agent.key) not in lower_words:
            capitalised.add(key)
    backed = frozenset(tuple(_fold_token(t.text) for t in doc)
                       for doc in tokenizer.pipe(data.get("backed_by", [])))
    return Lexicon(
        names=names, name_first=frozenset(k[0] for k in names), name_max=max(map(len, names), default=1),
        agents=agents, agent_first=frozenset(k[0] for k in agents), agent_max=max(map(len, agents), default=1),
        agent_capitalised=frozenset(capitalised),
        backed_by=backed,
    )


def _case_ok(alias: str, kind: str, tokens: list[str], sentence_start: bool = False) -> bool:
    """A capitalised alias matches only capitalised text ("Maurice" the country, "Alliance" the
    Otan, not "l'alliance"; "La Réunion", not "la réunion"); lower-case aliases (demonyms) match
    either case. The first letter may differ in case at a sentence start; accents never matter."""
    form = "".join(strip_accents(alias).replace("’", "'").split())
    if kind == "demonym" or form.islower():
        return True
    if len(tokens) >= 3 and tokens[0][:1].isupper() and alias[:1].isupper():
        # A long name is itself the evidence; its inner capitals vary ("Mouvement pour la
        # Justice et l'Egalité", "Front de libération du Macina").
        return True
    text = "".join(strip_accents("".join(tokens)).replace("’", "'").split())
    if text.isupper() and len(text) > 1:
        return True
    if sentence_start:
        return form[1:] == text[1:]
    return form == text or (form[0].islower() and form[1:] == text[1:])


# -- one article ---------------------------------------------------------------------------------
@dataclass(slots=True)
class _Hit:
    start: int  # token indices [start, end)
    end: int
    kind: str  # a dictionary kind, "agent" or "per"
    entry: ActorEntry | None = None
    agent: AgentSpec | None = None


@dataclass(slots=True)
class _Article:
    """Working state of one article's mention pass (never outlives the call)."""

    ctx: DocContext
    lexicon: Lexicon
    lookup: Any
    folded: list[str]
    texts: list[str]
    gazetteer: Any
    when: Any
    sent_starts: list[int]
    story: str | None = None
    # the country the article most often places things in ("à Kouré", "au Niger"): where its
    # unnamed armed men act, even when the story is about foreign victims
    where: str | None = None
    # every country the article places something in
    placed: set[str] = field(default_factory=set)
    # the country an AFP headline opens with ("Niger: …"), else None
    headline: str | None = None
    # countries of the article, most named first (the story's country is the first)
    ranking: list[str] = field(default_factory=list)
    # sentence index → the one country where it places things ("à Kaboul", "en Afghanistan")
    locative: dict[int, str] = field(default_factory=dict)
    # canonical names of the persons met so far, by folded surname and folded full name
    people: dict[str, str] = field(default_factory=dict)
    # person canonical name → (code, sector, gender)
    person_codes: dict[str, tuple[str | None, str | None, str | None]] = field(default_factory=dict)
    # agent key (+ code) → name of the person it introduced ("le porte-parole" → Dmitri Peskov)
    # (name, code, sector) of that person
    titles: dict[tuple[str, str | None], tuple[str, str | None, str | None]] = field(default_factory=dict)
    # office → (name, code, sector) of the last person named with it ("le chef de l'Etat" after
    # "le président Emmanuel Macron" is Macron, whatever the story's country)
    offices: dict[str, tuple[str, str | None, str | None, str | None]] = field(default_factory=dict)
    # agents that are the complement of another ("du gouverneur" in "le porte-parole du gouverneur")
    complements: set[int] = field(default_factory=set)
    # agents with a complement naming something uncodable ("le président du club")
    unresolved: set[int] = field(default_factory=set)
    # agents whose complement is another agent ("le porte-parole du président"), by start token
    headed: set[int] = field(default_factory=set)
    # office → (sentence, named as its subject) of the holder in `offices`
    office_from: dict[str, tuple[int, bool]] = field(default_factory=dict)

    def sent_of(self, char: int) -> int:
        return max(0, bisect_right(self.sent_starts, char) - 1)


def _scan(art: _Article) -> list[_Hit]:
    """Longest dictionary names and agent words, left to right, not overlapping."""
    lex, folded, doc = art.lexicon, art.folded, art.ctx.doc
    hits: list[_Hit] = []
    i, n = 0, len(folded)
    while i < n:
        best: _Hit | None = None
        f = folded[i]
        if f in lex.name_first:
            for length in range(min(lex.name_max, n - i), 0, -1):
                variants = lex.names.get(tuple(folded[i:i + length]))
                if not variants:
                    continue
                tokens = art.texts[i:i + length]
                start = doc[i].is_sent_start or (i > 0 and art.texts[i - 1] in ("«", '"', "-", "—", ":"))
                found = next((v for v in variants if _case_ok(v[0], v[1], tokens, bool(start))), None)
                if found:
                    entry = art.lookup.lookup(found[0], art.when)
                    if entry is not None and found[1] == "person" and length == 1 and _inside_longer_name(art, i):
                        entry = None  # "Keïta" in "Moussa Keïta" is not Ibrahim Boubacar Keïta
                    if entry is not None and found[1] == "organisation" and length == 1 \
                            and _inside_longer_org(art, i):
                        entry = None  # "Libération" in "Mouvement de Libération du Soudan"
                    if entry is not None:
                        best = _Hit(i, i + length, found[1], entry=entry)
                        break
        # A participle is no agent ("il a été jugé"), unless determined ("une employée"); people
        # named after "droits" are a cause, not an actor ("les droits de l'Homme, des femmes").
        if f in lex.agent_first and (doc[i].pos_ not in ("VERB", "AUX")
                                     or i > 0 and (doc[i - 1].pos_ == "DET" or art.texts[i - 1] == ",")) \
                and not _after_rights(folded, i) \
                and not (doc[i].pos_ == "ADJ" and i > 0 and doc[i - 1].pos_ in ("AUX", "PRON", "ADV")
                         and doc[i - 1].lemma_ in ("être", "en", "y", "plus", "moins", "très", "aussi", "pas")):
            for length in range(min(lex.agent_max, n - i), 0, -1):
                key = tuple(folded[i:i + length])
                spec = lex.agents.get(key)
                if spec is not None and key in lex.agent_capitalised and not art.texts[i][:1].isupper():
                    spec = None
                if spec is not None:
                    if best is None or length > best.end - best.start:
                        best = _Hit(i, i + length, "agent", agent=spec)
                    break
            if best is not None and best.kind == "agent" and best.end - best.start == 1 \
                    and _adjective_of_a_thing(art, i):
                best = None  # "le tollé général", "ce comité militaire": a quality, no actor
            if best is not None and best.kind == "agent":
                best = _agent_with_demonym(art, best)
        if best is not None:
            hits.append(best)
            i = best.end
        else:
            i += 1
    return hits


# Agent words that are also adjectives; after a noun that names no actor or act, they only
# qualify it ("le tollé général", "le comité militaire", "les terres autochtones").
_QUALITY_AGENTS = frozenset({"general", "militaire", "militaires", "autochtone", "autochtones"})
# Nouns a military adjective turns into the act or the voice of armed forces.
_ARMED_NOUNS = frozenset({
    "source", "sources", "intervention", "operation", "operations", "offensive", "attaque", "attaques",
    "frappe", "frappes", "raid", "raids", "presence", "deploiement", "renfort", "renforts",
    "convoi", "patrouille", "patrouilles", "camp", "base", "bases", "avion", "avions", "helicoptere",
    "helicopteres", "vehicule", "vehicules", "cible", "cibles", "tribunal", "pouvoir", "regime",
    "gouvernement", "transition", "coup", "aide", "cooperation", "action", "actions", "campagne",
    "manoeuvres", "exercice", "exercices", "escalade", "pression", "pressions", "riposte",
})


def _adjective_of_a_thing(art: _Article, i: int) -> bool:
    doc, folded = art.ctx.doc, art.folded
    if folded[i] not in _QUALITY_AGENTS or doc[i].pos_ != "ADJ" or i == 0 or doc[i - 1].pos_ != "NOUN":
        return False
    prev = folded[i - 1]
    if folded[i] == "general":
        return True  # "le général" is a noun after its determiner
    return prev not in _ARMED_NOUNS and (prev,) not in art.lexicon.agents


_RIGHTS = frozenset({"droits", "droit", "defense"})


def _after_rights(folded: list[str], i: int) -> bool:
    """Token i follows "droits de l'", "droits des", "défense des" ("les droits de l'homme")."""
    if i >= 2 and folded[i - 1] in ("des", "du") and folded[i - 2] in _RIGHTS:
        return True
    return i >= 3 and folded[i - 1] in _DETS and folded[i - 2] in ("de", "d'") and folded[i - 3] in _RIGHTS


def _inside_longer_name(art: _Article, i: int) -> bool:
    """A surname at token i that ends a longer name the dictionary does not know: a capitalised
    given name before it ("Moussa Keïta"), or glued to an elided particle ("M'Bemba")."""
    if i == 0:
        return False
    prev, doc = art.texts[i - 1], art.ctx.doc
    folded = art.folded[i - 1]
    if folded in _CIVILITIES or folded.rstrip(".") in _NAME_PREFIXES:
        return False
    if prev.endswith(("'", "’")) and prev[:1].isupper() and len(prev) <= 3 and folded not in _DETS:
        return True
    return prev[:1].isupper() and doc[i - 1].pos_ == "PROPN" and not doc[i - 1].is_sent_start \
        and art.lookup.lookup(prev, art.when) is None


def _leader_at(art: _Article, k: int) -> ActorEntry | None:
    """The known person named from token k on, after at most two title words ("maréchal
    Khalifa Haftar", "président Touadéra")."""
    texts, n = art.texts, len(art.texts)
    skipped = 0
    while k < n and skipped < 2 and (art.folded[k] in _CIVILITIES or art.folded[k].rstrip(".") in _NAME_PREFIXES
                                    or (texts[k][:1].islower() and art.ctx.doc[k].pos_ == "NOUN")):
        k += 1
        skipped += 1
    if k >= n or not texts[k][:1].isupper():
        return None
    for length in (3, 2, 1):
        if k + length > n or not all(t[:1].isupper() or t in ("-", "al-", "el-") for t in texts[k:k + length]):
            continue
        entry = art.lookup.lookup(" ".join(texts[k:k + length]), art.when)
        if entry is not None and entry.kind == "person" and entry.code is not None:
            return entry
    return None


def _inside_longer_org(art: _Article, i: int) -> bool:
    """A one-word organisation name right after "de" that follows a capitalised word ends a
    longer name ("Front de Libération", "Mouvement de Libération du Soudan")."""
    if i < 2 or art.folded[i - 1] not in ("de", "d'"):
        return False
    before = art.ctx.doc[i - 2]
    return before.text[:1].isupper() and not before.is_sent_start and before.pos_ in ("PROPN", "NOUN")


def _agent_with_demonym(art: _Article, hit: _Hit) -> _Hit:
    """"le ministre russe des Affaires étrangères": the agent words on both sides of a demonym
    form a longer agent (ministre des Affaires étrangères), coded with the demonym's country."""
    lex, folded, n = art.lexicon, art.folded, len(art.folded)
    d = hit.end
    variants = lex.names.get((folded[d],), ()) if d < n else ()
    found = next((v for v in variants if v[1] == "demonym"), None)
    if found is None:
        return hit
    head = tuple(folded[hit.start:hit.end])
    for length in range(min(lex.agent_max - len(head), n - d - 1), 0, -1):
        spec = lex.agents.get(head + tuple(folded[d + 1:d + 1 + length]))
        if spec is not None:
            entry = art.lookup.lookup(found[0], art.when)
            return _Hit(hit.start, d + 1 + length, "agent", entry=entry, agent=spec)
    return hit


def _country_ranking(art: _Article, hits: list[_Hit]) -> list[str]:
    """The country the article is about: the most named one (headline, first sentence and
    dateline count more); None when it names none."""
    votes: Counter[str] = Counter()
    first_end = art.sent_starts[1] if len(art.sent_starts) > 1 else len(art.ctx.text)
    doc = art.ctx.doc
    for hit in hits:
        entry = hit.entry
        if entry is None or entry.code is None or entry.code in IGO_CODES:
            continue
        if hit.kind == "demonym" and _shared_demonym(art, hit):
            continue  # "congolais" says RDC or Congo only once the article's countries are known
        if hit.kind in _COUNTRY_KINDS or (hit.kind == "organisation" and entry.sector == "REB"):
            weight = 2.0 if doc[hit.start].idx < first_end else 1.0
            votes[entry.code] += weight
    dateline = art.ctx.article.dateline
    # The title counts as a first sentence.
    for word in art.ctx.article.title.split():
        entry = art.lookup.lookup(word.strip(".,:;«»\"'"), art.when) if word[:1].isupper() else None
        if entry is not None and entry.kind in _COUNTRY_KINDS and entry.code not in IGO_CODES:
            votes[entry.code] += 2.0
    if dateline:
        entry = art.lookup.lookup(dateline.title(), art.when) or art.lookup.lookup(dateline, art.when)
        code = entry.code if entry is not None and entry.kind in _COUNTRY_KINDS else None
        if code is None and art.gazetteer is not None:
            place = _gazetteer_country(art.gazetteer, dateline.title())
            code = place
        if code:
            votes[code] += 2.0
    if art.gazetteer is not None:
        body = art.ctx.article.body_start
        for ent in doc.ents:
            if ent.start_char < body:
                continue  # the dateline, counted above
            if ent.label_ in ("LOC", "GPE") and not any(h.start <= ent.start < h.end for h in hits):
                code = _gazetteer_country(art.gazetteer, ent.text)
                if code:
                    votes[code] += 2.0 if ent.start_char < first_end else 1.0
    return [code for code, _ in votes.most_common()]


_ARMED_SECTORS = frozenset({"MIL", "COP", "SPY"})
_NON_STATE_ARMED = frozenset({"REB", "UAF"})
_POSSESSIVES = frozenset({"ses", "son", "sa", "leurs", "leur", "nos", "notre", "vos", "votre", "mes", "mon", "ma"})
# Verbs and nouns by which a state sends, keeps, loses or withdraws its armed men.
_SENDING_VERBS = frozenset({
    "envoyer", "déployer", "dépêcher", "retirer", "rapatrier", "perdre", "engager", "mobiliser",
    "masser", "positionner", "stationner", "maintenir", "renforcer", "réduire", "compter", "disposer",
    "redéployer", "rappeler", "mettre", "former", "équiper", "payer", "aligner", "lancer", "dépêcher",
})
_SENDING_NOUNS = frozenset({
    "envoi", "déploiement", "retrait", "rapatriement", "renfort", "renforts", "contingent", "redéploiement",
    "perte", "pertes", "départ", "présence", "mort", "décès",
})
# Verbs whose infinitive complement has their own subject ("la France va / a décidé de retirer").
_SUBJECT_CONTROL = frozenset({
    "aller", "devoir", "pouvoir", "vouloir", "décider", "compter", "prévoir", "envisager", "souhaiter",
    "entendre", "promettre", "engager", "menacer", "commencer", "continuer", "refuser", "accepter",
    "tenter", "chercher", "espérer", "venir", "annoncer", "affirmer", "assurer",
})
_OBJECT_CONTROL = frozenset({"accuser", "soupçonner", "appeler", "exhorter", "sommer", "inviter", "pousser"})
_AFFILIATED = frozenset({"lie", "lies", "liee", "liees", "affilie", "affilies", "affiliee", "affiliees",
                         "proche", "proches", "membre", "membres", "allegeance"})
# Through these relations an agent hangs on the verb whose subject may own it ("l'envoi de
# 1.000 soldats", "ses troupes", "des soldats supplémentaires").
_CHAIN_DEPS = ("obj", "nmod", "conj", "appos", "amod", "flat")


def _subject_country(art: _Article, hit: _Hit, country_at: dict[int, _Hit]) -> str | None:
    """The country named as subject of the verb an armed agent is the object of ("Le Tchad a
    envoyé des troupes", "la France retire ses soldats"); None when the subject is anything else."""
    doc = art.ctx.doc
    tok = doc[hit.start:hit.end].root
    sending = False
    for _ in range(4):
        if not tok.dep_.startswith(_CHAIN_DEPS) or tok.head is tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            break
        sending = sending or tok.lemma_.lower() in _SENDING_NOUNS
    else:
        return None
    if tok.pos_ not in ("VERB", "AUX") or not (sending or tok.lemma_.lower() in _SENDING_VERBS):
        return None
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")]
    while not subjects and tok.dep_ == "xcomp" and tok.head is not tok:
        head = tok.head
        if head.lemma_.lower() in _OBJECT_CONTROL:
            # "Kiev accuse Moscou de masser des troupes", "appelle Kigali à retirer ses soldats"
            subjects = [c for c in head.children if c.dep_ == "obj"]
            break
        if head.lemma_.lower() not in _SUBJECT_CONTROL:
            break
        tok = head  # "la France va retirer ses troupes"
        subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if not subjects:
        return None
    found = country_at.get(subjects[0].i)
    return found.entry.code if found is not None and found.entry is not None else None


def _possessor_code(art: _Article, hit: _Hit, mentions: list[Mention], per_spans: list[Any]) -> str | None:
    """The country of the subject of the clause a possessed agent is in ("Le porte-parole
    soudanais … a été révoqué par son ministre" → SDN); None when it names no coded actor."""
    doc = art.ctx.doc
    tok = doc[hit.start:hit.end].root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in tok.children if c.dep_ in ("nsubj", "nsubj:pass")]
    if subjects and subjects[0].lower_ == "qui" and tok.dep_ == "acl:relcl":
        subjects = [tok.head]  # "… Badawi, qui a été révoqué par son ministre"
    if not subjects or subjects[0].pos_ == "PRON":
        return None
    subject = subjects[0]
    if subject.i >= hit.start:
        return None
    span = doc[subject.left_edge.i: subject.right_edge.i + 1]
    inside = [m for m in mentions if span.start_char <= m.start < span.end_char and m.code is not None
              and m.label != "LOC"]
    for m in inside:
        if m.start <= subject.idx < m.end:
            return m.code  # the subject's own head
    if inside:
        return min(inside, key=lambda m: m.start).code
    for ent in per_spans:
        if span.start <= ent.start < span.end:
            _, entry, _ = _resolve_person(art, ent.start, ent.end)
            if entry is not None and entry.code is not None:
                return entry.code
    return None


def _nearest_armed(art: _Article, hit: _Hit, hits: list[_Hit],
                   resolved: dict[int, tuple[str | None, str | None, int]]) -> str | None:
    """The country of the nearest armed force named with its nationality earlier in the same
    sentence ("une base de l'armée française … trois soldats tués" are French soldiers)."""
    doc = art.ctx.doc
    if hit.start > 0 and art.folded[hit.start - 1] in _POSSESSIVES:
        return None  # "nos forces armées": the speaker's, whoever else the sentence names
    sent = doc[hit.start].sent
    best = None
    for other in hits:
        if other.start >= hit.start:
            break
        if other.start < sent.start:
            continue
        code = None
        if other.kind == "agent" and other.start in resolved:
            c, sector, _ = resolved[other.start]
            if c is not None and sector in _ARMED_SECTORS and c not in IGO_CODES:
                code = c
        elif other.kind == "organisation" and other.entry is not None and other.entry.sector in _ARMED_SECTORS \
                and other.entry.code not in IGO_CODES:
            code = other.entry.code
        if code is not None:
            best = code
    return best


def _article_acronyms(art: _Article, hits: list[_Hit]) -> list[_Hit]:
    """An acronym the article defines ("les Forces démocratiques syriennes (FDS)", "le Comité
    national pour le salut du peuple (CNSP)") stands for that actor everywhere in it, whatever
    the dictionary says of the bare acronym."""
    texts, n = art.texts, len(art.texts)
    defs: dict[str, _Hit] = {}
    for hit in hits:
        e = hit.end
        if hit.kind in ("organisation", "agent") and hit.end - hit.start > 1 and e + 2 < n \
                and texts[e] == "(" and texts[e + 2] == ")" and len(texts[e + 1]) >= 2 \
                and texts[e + 1].replace("-", "").isalnum() and texts[e + 1][:1].isupper() \
                and sum(c.isupper() for c in texts[e + 1]) >= 2:
            defs.setdefault(texts[e + 1], hit)
    if not defs:
        return hits
    by_start = {h.start: h for h in hits}
    covered = {i for h in hits for i in range(h.start, h.end)}
    out = []
    for hit in hits:
        text = texts[hit.start] if hit.end - hit.start == 1 else None
        source = defs.get(text) if text is not None else None
        if source is not None and source is not hit:
            hit = _Hit(hit.start, hit.end, source.kind, entry=source.entry, agent=source.agent)
        out.append(hit)
    for i, text in enumerate(texts):
        source = defs.get(text)
        if source is not None and i not in covered and i not in by_start and art.ctx.doc[i].idx >= art.ctx.article.body_start:
            out.append(_Hit(i, i + 1, source.kind, entry=source.entry, agent=source.agent))
    out.sort(key=lambda h: h.start)
    return out


def _shared_demonym(art: _Article, hit: _Hit) -> tuple[str, ...]:
    """Other countries the demonym of a hit may stand for ("congolais": COG besides COD)."""
    alternatives = getattr(art.lookup, "alternatives", None)
    if alternatives is None or hit.entry is None or hit.entry.kind != "demonym":
        return ()
    i = hit.start if hit.kind == "demonym" else next(
        (j for j in range(hit.start, hit.end) if art.lookup.lookup(art.texts[j], art.when) == hit.entry), None)
    return alternatives(art.texts[i]) if i is not None else ()


def _settle_shared_demonyms(art: _Article, hits: list[_Hit]) -> None:
    """A demonym two states share takes the one the article names first in its ranking
    ("le gouvernement congolais" in a Brazzaville story is the Republic of the Congo's)."""
    order = {code: i for i, code in enumerate(art.ranking)}
    for hit in hits:
        others = _shared_demonym(art, hit)
        if not others or hit.entry is None:
            continue
        best = min((hit.entry.code, *others), key=lambda c: order.get(c, len(order)))
        if best != hit.entry.code:
            hit.entry = replace(hit.entry, code=best)


_LOCATIVE = {"a", "en", "au", "aux", "dans", "pres"}
# "dans le nord du Mali", "dans la région de Tillabéri": "de" after these nouns places things too.
_AREA_NOUNS = {"nord", "sud", "est", "ouest", "centre", "nord-est", "nord-ouest", "sud-est", "sud-ouest",
               "region", "province", "ville", "capitale", "frontiere", "environs", "departement",
               "village", "localite", "prefecture", "territoire", "zone", "cercle", "commune", "etat"}


def _is_locative_at(art: _Article, i: int) -> bool:
    """Whether the name at token i is introduced as a place ("à Gao", "dans le nord du Mali")."""
    if i <= 0:
        return False
    if art.folded[i - 1] in _LOCATIVE:
        return True
    k = i - 1
    if art.folded[k] in ("la", "l'") and k >= 1:
        k -= 1  # "dans le nord de la Libye"
    if art.folded[k] in ("du", "de", "d'", "des") and k >= 1:
        return art.folded[k - 1] in _AREA_NOUNS
    return False


def _area_demonym_at(art: _Article, i: int) -> bool:
    """Whether the demonym at token i qualifies an area introduced as a place ("dans la région
    japonaise", "dans le nord malien", "en banlieue sud de la capitale libyenne", "près de la
    frontière malienne"); "le ministre malien" is an actor, not a place."""
    folded = art.folded
    k = i - 1
    if k < 1 or folded[k] not in _AREA_NOUNS and folded[k] not in ("banlieue", "district", "ile"):
        return False
    k -= 1
    while k >= 1 and art.ctx.doc[k].pos_ == "ADJ" and i - k < 4:
        k -= 1  # "dans la touristique région japonaise"
    if folded[k] in _DETS and k >= 1:
        k -= 1
    if folded[k] in _LOCATIVE:
        return True
    # "en banlieue sud de la capitale libyenne", "près de la frontière malienne"
    return folded[k] in _DE and k >= 1 and folded[k - 1] in _AREA_NOUNS | {"banlieue", "pres", "proximite"}


def _headline_country(art: _Article) -> str | None:
    """The country an AFP headline opens with ("Niger: l'attaque …", "RDC : …"), else None."""
    title = art.ctx.article.title or ""
    head, colon, _ = title.partition(":")
    head = head.strip()
    if not colon or not head or len(head) > 40:
        return None
    entry = art.lookup.lookup(head, art.when)
    if entry is not None:
        return entry.code if entry.kind in ("country", "capital") and entry.code not in IGO_CODES else None
    if art.gazetteer is not None:
        return _gazetteer_country(art.gazetteer, head)
    return None


def _locatives(art: _Article, hits: list[_Hit]) -> dict[int, str]:
    """Per sentence, the single country its locative phrases name ("à Minneapolis", "en Irak")."""
    doc = art.ctx.doc
    found: dict[int, set[str]] = {}
    for hit in hits:
        if hit.kind in ("country", "capital") and hit.entry is not None and _is_locative_at(art, hit.start):
            found.setdefault(art.sent_of(doc[hit.start].idx), set()).add(hit.entry.code)
        elif hit.kind == "demonym" and hit.entry is not None and hit.entry.code \
                and hit.entry.code not in IGO_CODES and _area_demonym_at(art, hit.start) \
                and not _shared_demonym(art, hit):
            # "dans la région japonaise d'Okinawa", "dans le nord malien": the area's country.
            found.setdefault(art.sent_of(doc[hit.start].idx), set()).add(hit.entry.code)
    if art.gazetteer is not None:
        taken = {i for h in hits for i in range(h.start, h.end)}
        for ent in doc.ents:
            if ent.label_ in ("LOC", "GPE") and ent.start > 0 and ent.start not in taken \
                    and _is_locative_at(art, ent.start):
                place = _gazetteer_place(art.gazetteer, ent.text, art.ranking)
                if place is not None and place.country:
                    found.setdefault(art.sent_of(ent.start_char), set()).add(place.country)
    votes: Counter[str] = Counter()
    for sent in sorted(found):
        votes.update(found[sent])
    art.where = max(votes, key=lambda c: votes[c]) if votes else None  # first-placed wins a tie
    art.placed = set(votes)
    return {sent: codes.pop() for sent, codes in found.items() if len(codes) == 1}


def _is_place_name(art: _Article, text: str) -> bool:
    """A well-known place of that exact name (our aliases, or a city of 100,000+ by its own
    name) that the dictionary does not know as a person."""
    gazetteer = art.gazetteer
    if gazetteer is None or art.lookup.lookup(text, art.when) is not None:
        return False
    try:
        candidates = gazetteer.candidates(text)
    except Exception:  # noqa: BLE001 - a fake without candidates()
        return False
    return any(p.kind == "region" or (p.kind == "city" and p.population >= 100000) for p in candidates)


def _gazetteer_place(gazetteer: Any, name: str, context: list[str]) -> Any:
    try:
        return gazetteer.lookup(name, context)
    except Exception:  # noqa: BLE001 - a gazetteer that cannot rank still answers without context
        return gazetteer.lookup(name)


def _gazetteer_country(gazetteer: Any, name: str) -> str | None:
    try:
        found = gazetteer.lookup(name)
    except Exception:  # noqa: BLE001 - a fake gazetteer without context ranking
        return None
    return getattr(found, "country", None) if found is not None else None


def _mention(art: _Article, start_tok: int, end_tok: int, label: str, **kw: Any) -> Mention:
    doc = art.ctx.doc
    start, end = doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
    return Mention(text=art.ctx.text[start:end], start=start, end=end, label=label,
                   sent=art.sent_of(start), **kw)


def _gender_number_of(art: _Article, start: int, end: int) -> tuple[str | None, str | None]:
    """From the determiner before the phrase and the head noun's morphology."""
    doc = art.ctx.doc
    gender = number = None
    for tok in (doc[start - 1] if start > 0 else None, doc[start]):
        if tok is None:
            continue
        g, nb = tok.morph.get("Gender"), tok.morph.get("Number")
        if g and gender is None:
            gender = "m" if g[0] == "Masc" else "f"
        if nb and number is None:
            number = "pl" if nb[0] == "Plur" else "sg"
    return gender, number


def _person_name(art: _Article, start: int, end: int) -> tuple[int, str | None]:
    """(first token of the name proper, gender given by a civility) for a PER span."""
    gender = None
    i = start
    while i < end - 1 and (art.folded[i] in _CIVILITIES or art.folded[i].rstrip(".") in _NAME_PREFIXES):
        gender = _CIVILITIES.get(art.folded[i], gender)
        i += 1
    if start > 0 and art.folded[start - 1] in _CIVILITIES:
        gender = _CIVILITIES[art.folded[start - 1]]
    return i, gender


def _resolve_person(art: _Article, start: int, end: int) -> tuple[str, ActorEntry | None, str | None]:
    """Canonical name, dictionary entry and civility gender of the person named by tokens."""
    doc = art.ctx.doc
    first, gender = _person_name(art, start, end)
    text = art.ctx.text[doc[first].idx: doc[end - 1].idx + len(doc[end - 1].text)]
    entry = art.lookup.lookup(text, art.when)
    if entry is None and (" de " in text or " du " in text):
        # The NER ran the name into its complement ("Khalifa Haftar de Tarhouna").
        head = text.split(" de ")[0].split(" du ")[0]
        known = art.lookup.lookup(head, art.when) if " " in head else None
        if known is not None and known.kind == "person":
            text, entry = head, known
    key = fold(text)
    if entry is not None and entry.kind != "person":
        entry = None
    by_surname = getattr(art.lookup, "by_surname", None)
    if entry is None and key not in art.people and " " not in text and by_surname is not None \
            and (first > start or (start > 0 and art.folded[start - 1] in _CIVILITIES)):
        # "M. Conte" with no first name anywhere: the one office holder of that name then.
        entry = by_surname(text, art.when)
        if entry is not None and (gender and entry.gender and gender != entry.gender or any(
                e.label_ == "PER" and len(e) > 1 and fold(e[-1].text) == key
                and _fold_token(e[0].text) not in _CIVILITIES for e in art.ctx.doc.ents)):
            entry = None  # "Mme Diallo" is not Cellou Dalein; the article names its own Diallo
        if entry is not None:
            text, key = entry.name, fold(entry.name)
    if key in art.people:
        canonical = art.people[key]
    elif entry is not None and len(text.split()) == 1:
        canonical = entry.name
    else:
        canonical = text
    # Register the full name and its last word(s) for later short forms ("M. Ghani", "Abdel Mahdi").
    if " " in canonical.strip() and key not in art.people:
        words = canonical.split()
        art.people.setdefault(fold(canonical), canonical)
        art.people.setdefault(fold(words[-1]), canonical)
        # "M. Assad" for "Bachar al-Assad", "Sissi" for "Abdel Fattah al-Sissi"
        for particle in ("al-", "el-", "as-", "ad-", "ben-", "ould-"):
            if words[-1].lower().startswith(particle) and len(words[-1]) > len(particle) + 1:
                art.people.setdefault(fold(words[-1][len(particle):]), canonical)
        if len(words) > 2:
            art.people.setdefault(fold(" ".join(words[-2:])), canonical)
    if entry is None or entry.name != canonical:
        # "Clinton" after "Bill Clinton" is Bill, whoever the dictionary's Clinton is.
        entry = art.lookup.lookup(canonical, art.when)
        if entry is not None and entry.kind != "person":
            entry = None
    return canonical, entry, gender


def _capitals_title(art: _Article, ent: Any, agent_tokens: set[int]) -> bool:
    """An entity written all in capitals that starts (after a determiner) with an agent word and
    is not itself a known name: a headline-style title, to be read as the agent phrase."""
    letters = "".join(c for c in ent.text if c.isalpha())
    if len(ent) < 2 or not letters.isupper() or len(letters) < 4:
        return False
    first = ent.start + 1 if art.folded[ent.start] in _DETS else ent.start
    if first not in agent_tokens:
        return False
    return art.lookup.lookup(ent.text, art.when) is None


def _country_word_at(art: _Article, hits_by_start: dict[int, _Hit], i: int) -> _Hit | None:
    hit = hits_by_start.get(i)
    if hit is not None and hit.entry is not None and hit.kind != "person":
        return hit
    return None


def _extend_agent(art: _Article, hit: _Hit, hits_by_start: dict[int, _Hit],
                  resolved: dict[int, tuple[str | None, str | None, int]]) -> tuple[str | None, str | None, int, str | None]:
    """(code, sector, end token, sponsor) of an agent phrase with its demonyms and complements;
    `sponsor` is the country backing it ("soutenus par la Russie"), "" when unnamed."""
    doc, folded = art.ctx.doc, art.folded
    spec = hit.agent
    assert spec is not None
    sector = spec.sector
    code: str | None = hit.entry.code if hit.entry is not None else None
    sponsor: str | None = None
    j = end = hit.end
    n = len(doc)
    steps = 0
    while j < n and steps < 8:
        steps += 1
        word = _country_word_at(art, hits_by_start, j)
        if word is not None and word.kind == "demonym" and code is None \
                and (j == end or _modifies(doc, word.start, hit.start, end)):
            code = word.entry.code
            j = end = word.end
            continue
        if word is not None and word.kind == "organisation" and code is None and art.texts[j].islower():
            # "le porte-parole taliban", "les rebelles houthis": the group as an adjective
            code = word.entry.code
            sector = word.entry.sector if word.entry.code not in IGO_CODES else None
            j = end = word.end
            continue
        if folded[j] in _DE:
            k = j + 1
            if k < n and folded[k] in _DETS:
                k += 1
            word = _country_word_at(art, hits_by_start, k)
            if word is not None and word.kind != "demonym" and code is None:
                entry = word.entry
                code = entry.code
                if word.kind == "organisation" and not (spec.sector in _ARMED_SECTORS and entry.sector == "GOV"):
                    # ("les troupes du GNA" stay MIL: a government's armed men are its army)
                    sector = entry.sector if entry.code not in IGO_CODES or entry.sector else None
                    if entry.code in IGO_CODES and entry.code != "IMG" and entry.sector != "JUD":
                        # IMG is no organisation but the jihadist groups' code; the staff of an
                        # international court are its judges ("le procureur du TPIR": UN JUD).
                        sector = None
                j = end = word.end
                break
            inner = hits_by_start.get(k)
            if inner is not None and inner.kind == "agent" and k in resolved and code is None:
                # The head of a body takes its sector ("le président du Parlement" LEG, "le
                # président de l'association" NGO) and holds no office of the state.
                code, inner_sector, end = resolved[k]
                if code is None:
                    # "le parti du président Ouattara": the country of the leader named
                    leader = _leader_at(art, end)
                    code = leader.code if leader is not None and leader.code not in IGO_CODES else None
                body = spec.collective or _plural_of_body(art, spec)
                if inner_sector is not None and not (body and sector and inner.agent is not None
                                                     and not inner.agent.collective):
                    # ("le parti du président", "le gouvernement du Premier ministre" keep theirs)
                    sector = inner_sector
                if spec.office in ("head_of_state", "head_of_government"):
                    art.unresolved.add(hit.start)
                art.complements.add(k)
                if inner.agent is not None and not inner.agent.collective:
                    art.headed.add(hit.start)  # "du président X": X is the complement's name
                break
            adj = _country_word_at(art, hits_by_start, k + 1) \
                if code is None and k + 1 < n and folded[k] in _TERRITORY_NOUNS else None
            if adj is not None and adj.kind == "demonym":
                # "le gouverneur de la région japonaise d'Okinawa": the demonym of the body's
                # complement names the country, whatever the story's; the head of a body holds
                # no office of the state ("le président de la fédération russe de judo").
                code = adj.entry.code
                if spec.office is not None:
                    art.unresolved.add(hit.start)
                j = end = adj.end
                break
            leader = _leader_at(art, k) if code is None and spec.office is None else None
            if leader is not None:
                # "les forces du maréchal Haftar", "les partisans de Laurent Gbagbo": the men of
                # a leader belong to his side.
                code = leader.code
                if leader.sector in ("REB", "OPP") and sector in ("MIL", "CVL", "REB", "UAF"):
                    sector = "REB" if leader.sector == "REB" else sector
                break
            if code is None and spec.domestic and k == j + 1 and k < n and doc[k].pos_ == "PROPN" \
                    and art.texts[k][:1].isupper():
                # "le tribunal de Palerme", "le gouverneur de Kano": the town's country.
                stop = k + 1
                while stop < n and stop - k < 3 and doc[stop].pos_ == "PROPN" and art.texts[stop][:1].isupper():
                    stop += 1
                place = _gazetteer_place(art.gazetteer, " ".join(art.texts[k:stop]), art.ranking)
                if place is not None and getattr(place, "country", None) in art.ranking:
                    code = place.country
                    j = end = stop
                    break
            if k < n and doc[k].pos_ in ("NOUN", "PROPN") and code is None:
                # "la présidente de la Fondation": the head of something we cannot code.
                art.unresolved.add(hit.start)
            break
        if code is None and folded[j] in _AFFILIATED and j + 1 < n and folded[j + 1] in ("a", "au", "aux", "de", "du", "d'"):
            # "des jihadistes liés à Al-Qaïda", "affiliés à l'EI": the group they belong to.
            k = j + 2
            if k < n and folded[k] in _DETS:
                k += 1
            word = _country_word_at(art, hits_by_start, k)
            if word is not None and word.kind == "organisation" and word.entry.sector == "REB":
                code = word.entry.code
                if sector in (None, "CVL"):
                    sector = "REB"  # "des hommes proches de l'EI"
                j = end = word.end
                break
        matched_backer = False
        for pattern in art.lexicon.backed_by:
            if tuple(folded[j:j + len(pattern)]) == pattern:
                matched_backer = True
                k = j + len(pattern)
                if pattern[-1].startswith("pro"):  # "prorusses", "pro-russes"
                    entry = art.lookup.lookup(pattern[-1][3:].lstrip("-"), art.when)
                    sponsor = entry.code if entry is not None else ""
                    j = end = k
                    break
                if k < n and folded[k] in _DETS:
                    k += 1
                word = _country_word_at(art, hits_by_start, k)
                sponsor = word.entry.code if word is not None and word.entry is not None else ""
                j = end = word.end if word is not None else k
                break
        if matched_backer:
            continue
        if code is None and sector == "REB" and folded[j] in _TRANSNATIONAL:
            # "les groupes jihadistes sahéliens": a region's groups, no single country (IMG).
            code = "IMG"
            j = end = j + 1
            continue
        if doc[j].pos_ == "ADJ" and not doc[j].text[:1].isupper():
            j += 1  # "démissionnaire", "suprême": kept only if a country word follows
            continue
        break
    if code is None and sponsor is None and spec.code:
        code = spec.code  # "un sénateur démocrate": the one country the word names
    return code, sector, end, sponsor


def _modifies(doc: Any, adj: int, start: int, end: int) -> bool:
    """Whether the adjective at token `adj`, found past other adjectives, hangs on the phrase
    start..end (or on an adjective that does): "les rebelles armés touareg" but not "le chef rebelle
    recherché … suisses", whose nationality belongs to another noun phrase."""
    tok = doc[adj]
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            return False
        if start <= head.i < end:
            return True
        if head.pos_ != "ADJ" or not (end <= head.i < adj):
            return False
        tok = head
    return False


# Adjectives of regions across borders: armed groups so qualified have no single country.
_TRANSNATIONAL = frozenset({
    "sahelien", "saheliens", "sahelienne", "saheliennes", "transnational", "transnationaux",
    "transnationale", "transnationales", "transfrontalier", "transfrontaliers", "international",
    "internationaux",
})


def _plural_of_body(art: _Article, spec: AgentSpec) -> bool:
    """"les associations de victimes": the plural of a body keeps the body's sector."""
    if spec.number != "pl":
        return False
    single = art.lexicon.agents.get(tuple(_fold_token(w) for w in spec.key.split()))
    return single is not None and single.collective


# Nouns of territories and bodies whose demonym names the country of what they complement ("le
# gouverneur de la province afghane", "le patron de la compagnie russe"); not "d'origine mexicaine".
_TERRITORY_NOUNS = frozenset({
    "region", "province", "ville", "capitale", "localite", "prefecture", "district", "commune", "ile",
    "village", "cite", "municipalite", "territoire", "enclave", "departement", "comte", "canton",
    "wilaya", "gouvernorat", "oblast", "republique", "frontiere", "base", "port", "station",
    "federation", "compagnie", "societe", "entreprise", "firme", "banque", "agence", "chaine",
    "television", "radio", "marine", "flotte", "delegation", "equipe", "selection",
})


# Nouns of acts whose demonym adjective names the actor ("raid américain", "violations
# russes"), with the sector the act implies ("" for none).
_ACT_NOUNS = {
    "agression": "MIL", "attaque": "MIL", "attaques": "MIL", "offensive": "MIL", "invasion": "MIL",
    "intervention": "MIL", "bombardement": "MIL", "bombardements": "MIL", "frappe": "MIL",
    "frappes": "MIL", "raid": "MIL", "raids": "MIL", "violations": "MIL", "violation": "MIL",
    "occupation": "MIL", "incursion": "MIL", "déploiement": "MIL", "présence": "MIL",
    "tirs": "MIL", "drone": "MIL", "drones": "MIL", "missile": "MIL", "missiles": "MIL",
    "sanctions": "", "menaces": "", "menace": "", "pressions": "", "soutien": "", "aide": "",
    "ingérence": "", "décision": "", "position": "", "proposition": "", "réponse": "", "riposte": "MIL",
    # a state named by its role towards another ("l'allié turc", "le parrain russe")
    "allié": "GOV", "alliés": "GOV", "parrain": "GOV", "voisin": "GOV", "partenaire": "GOV",
}


def _act_before(art: _Article, i: int) -> str | None:
    """Sector implied by the act noun a demonym adjective at token i qualifies ("" → none), or
    None when the adjective qualifies something else ("le gaz russe")."""
    for j in (i - 1, i - 2):
        if j < 0:
            return None
        word = art.folded[j]
        text = art.texts[j].lower()
        if text in _ACT_NOUNS:
            return _ACT_NOUNS[text]
        if art.ctx.doc[j].pos_ != "ADJ" or word in _DE:
            return None
    return None


def _register_office(art: _Article, office: str, holder: tuple, start: int, end: int) -> None:
    """Remember the last holder named for an office, except that a holder named as the subject of
    a sentence stays the one "le chef de l'Etat" means over another named later in that sentence
    ("Le président Macron a salué la décision de son homologue Bouteflika. Le chef de l'Etat …")."""
    span = art.ctx.doc[start:end]
    sent = art.sent_of(span.start_char)
    subject = span.root.dep_.startswith("nsubj")
    known = art.office_from.get(office)
    if known is not None and known[0] == sent and known[1] and not subject and office in art.offices:
        return
    art.offices[office] = holder
    art.office_from[office] = (sent, subject)


def _earlier_body(art: _Article, mentions: list[Mention], hit: _Hit, key: str) -> Mention | None:
    """The NGO (or, for "l'organisation", the international body) a bare definite "l'ONG", "la
    même ONG", "cette organisation" takes up: the last one named before it."""
    i = hit.start
    if i == 0 or art.folded[i - 1] not in ("l'", "la", "cette", "meme"):
        return None
    if hit.end < len(art.texts) and (art.texts[hit.end][:1].isupper() or art.folded[hit.end] in _DE):
        return None  # "l'ONG Sea-Watch": a name follows; "l'organisation d'élections": an act
    for m in reversed(mentions):
        if m.label != "ORG" or m.code is None or m.code == "IMG":
            continue
        if m.sector == "NGO" or (key == "organisation" and m.code in IGO_CODES and m.sector is None):
            return m
    return None


def _following_person(art: _Article, per_by_start: dict[int, Any], i: int) -> Any | None:
    """The PER entity right after an agent phrase ("le président Macron", "…, Dmitri Peskov")."""
    n = len(art.ctx.doc)
    if i < n and i in per_by_start:
        return per_by_start[i]
    if i < n and art.folded[i] == "," and i + 1 in per_by_start:
        return per_by_start[i + 1]
    if i < n and art.folded[i] in _CIVILITIES and i + 1 in per_by_start:
        return per_by_start[i + 1]
    if i < n and (art.folded[i] in _DE or art.folded[i] in ("aux", "au", "pour", "a", "chargé", "chargée")):
        # "le porte-parole du gouverneur de la province de Ghazni, Wahidullah Jumazada", "la
        # haute-commissaire de l'ONU aux droits de l'homme, Michelle Bachelet"
        doc = art.ctx.doc
        for j in range(i + 1, min(n - 1, i + 8)):
            if art.folded[j] == ",":
                return per_by_start.get(j + 1)
            if doc[j].pos_ in ("VERB", "AUX", "PUNCT", "PRON", "SCONJ", "CCONJ"):
                return None
    return None


def extract_mentions(ctx: DocContext) -> list[Mention]:
    lookup = ctx.actors if ctx.actors is not None else load_actor_lookup()
    lexicon = compile_lexicon(lookup, ctx.resources)
    doc = ctx.doc
    sent_starts = [start for start, _ in ctx.sentences()] or [0]
    texts = [t.text for t in doc]
    gazetteer = ctx.gazetteer if ctx.gazetteer is not None else load_gazetteer()
    art = _Article(ctx=ctx, lexicon=lexicon, lookup=lookup, folded=[_fold_token(t) for t in texts],
                   texts=texts, gazetteer=gazetteer, when=ctx.article.published,
                   sent_starts=sent_starts)
    body = ctx.article.body_start
    hits = _article_acronyms(art, [h for h in _scan(art) if doc[h.start].idx >= body])

    # Persons from the NER win over dictionary words inside them ("Maurice Dupont"), except
    # where the NER took a known name for a person ("Hezbollah").
    # The NER sometimes takes a title for a name ("président de la République", "Premier
    # ministre Justin Trudeau" as PER): the title stays an agent, the rest (if any) is the person.
    agent_at = {h.start: h for h in hits if h.kind == "agent"}
    pers = []
    for e in doc.ents:
        if e.label_ != "PER" or e.start_char < body:
            continue
        first = e.start + 1 if e.start in agent_at or art.folded[e.start] in _DETS else e.start
        title = agent_at.get(e.start) or agent_at.get(first)
        if title is not None:
            rest = title.end
            while rest < e.end and not doc[rest].text[:1].isupper():
                rest += 1  # "Premier ministre israélien Menahem Begin"
            if rest < e.end:
                pers.append(doc[rest:e.end])
            continue
        if _after_rights(art.folded, e.start):
            continue  # the NER's "Homme" in "les droits de l'Homme"
        if not (e.start > 0 and art.folded[e.start - 1] in _CIVILITIES) and _is_place_name(art, e.text):
            continue  # the NER's "Benghazi" person is the city
        pers.append(e)
    kept: list[_Hit] = []
    for hit in hits:
        inside = next((e for e in pers if e.start <= hit.start and hit.end <= e.end), None)
        if inside is None or hit.kind == "person" or (inside.start == hit.start and inside.end == hit.end
                                                       and hit.kind not in ("agent", "demonym")):
            kept.append(hit)
    all_hits = kept
    # Words inside a longer organisation name belong to it ("France 3", "Gendarmerie royale du
    # Canada"): the organisation is coded from them below.
    agent_tokens = {i for h in kept if h.kind == "agent" for i in range(h.start, h.end)}
    # ...unless the "organisation" is only a title the NER took for a name ("Premier ministre
    # israélien"): every word outside the agent words is then lower case.
    # A title written in capitals ("LE PRÉSIDENT AMÉRICAIN", "POLICE DE PORTLAND") is no name
    # either when it begins with an agent word the dictionary does not take for a name.
    orgs = [e for e in doc.ents if e.label_ in ("ORG", "MISC") and e.start_char >= body
            and not all(t.i in agent_tokens or not t.text[:1].isupper() for t in e)
            and not _capitals_title(art, e, agent_tokens)]
    hits = [h for h in kept if h.kind in ("person", "organisation")
            or not any(e.start <= h.start and h.end <= e.end and e.end - e.start > h.end - h.start
                       for e in orgs)]
    covered = {i for h in hits if h.kind != "agent" for i in range(h.start, h.end)}
    per_spans = [e for e in pers if not any(i in covered for i in range(e.start, e.end))
                 or any(h.kind == "person" and h.start >= e.start and h.end <= e.end for h in hits)]
    hits = [h for h in hits if not (h.kind == "person" and any(e.start <= h.start and h.end <= e.end
                                                                  for e in per_spans))]
    per_by_start = {e.start: e for e in per_spans}
    for e in per_spans:  # "M. Trump": the entity may start at the civility
        if art.folded[e.start] in _CIVILITIES and e.end - e.start > 1:
            per_by_start.setdefault(e.start + 1, e)
    art.ranking = _country_ranking(art, hits)
    art.story = art.ranking[0] if art.ranking else None
    _settle_shared_demonyms(art, hits)
    art.locative = _locatives(art, hits)
    art.headline = _headline_country(art)
    hits_by_start = {h.start: h for h in hits}
    country_at = {i: h for h in hits if h.kind in ("country", "capital") and h.entry is not None
                  and h.entry.code not in IGO_CODES for i in range(h.start, h.end)}

    mentions: list[Mention] = []
    person_mention: dict[int, Mention] = {}

    def person(ent) -> Mention:
        if ent.start in person_mention:
            return person_mention[ent.start]
        canonical, entry, gender = _resolve_person(art, ent.start, ent.end)
        code, sector, known_gender = art.person_codes.get(canonical, (None, None, None))
        if entry is not None:
            code, sector = entry.code, entry.sector
            gender = gender or entry.gender
        gender = gender or known_gender
        if entry is not None and entry.office and entry.sector:
            _register_office(art, entry.office, (canonical, entry.code, entry.sector, gender or entry.gender),
                             ent.start, ent.end)
        m = _mention(art, ent.start, ent.end, "PER", name=canonical, code=code, sector=sector,
                     gender=gender, number="sg")
        person_mention[ent.start] = m
        return m

    # Agents right to left so that a complement agent ("du gouverneur de Ghazni") is resolved first.
    resolved: dict[int, tuple[str | None, str | None, int]] = {}
    agent_info: dict[int, tuple[str | None, str | None, int, str | None]] = {}
    for hit in sorted((h for h in hits if h.kind == "agent"), key=lambda h: -h.start):
        code, sector, end, sponsor = _extend_agent(art, hit, hits_by_start, resolved)
        resolved[hit.start] = (code, sector, end)
        agent_info[hit.start] = (code, sector, end, sponsor)
    inside_agents = {i for start, info in agent_info.items() for i in range(start, info[2])}

    consumed: set[int] = set()  # PER entities folded into a title phrase
    for hit in hits:
        if hit.kind == "agent":
            spec = hit.agent
            assert spec is not None
            code, sector, end, sponsor = agent_info[hit.start]
            if code is not None and spec.sector in _ARMED_SECTORS and hit.start > 0 \
                    and art.folded[hit.start - 1] in _POSSESSIVES:
                # "la France retire ses troupes du Mali": the owner, not where they leave from.
                code = _subject_country(art, hit, country_at) or code
            explicit = code is not None and sponsor is None
            if hit.start in art.unresolved and spec.office in ("head_of_state", "head_of_government"):
                # Head of a body, not of the state: neither the state's office nor its holder; the
                # sector is the body's when we know it ("président du Parlement"), else none.
                if sector == spec.sector:
                    sector = None
                spec = AgentSpec(spec.key + "*", sector, None, spec.gender, spec.number, spec.domestic,
                                 spec.collective, spec.code)
            if sponsor is not None:
                # Backed by a foreign country: the group belongs to where it fights.
                sent = art.sent_of(doc[hit.start].idx)
                local = art.locative.get(sent)
                code = local if local and local != sponsor else \
                    next((c for c in art.ranking if c != sponsor), None)
            elif code is None:
                sent = art.sent_of(doc[hit.start].idx)
                # "La France a perdu treize soldats au Mali": armed men of the country that
                # sends, loses or withdraws them, before the place they are in.
                if spec.sector in _ARMED_SECTORS and not spec.domestic:
                    code = _subject_country(art, hit, country_at) or _nearest_armed(art, hit, hits, resolved)
                if code is None and spec.sector in _NON_STATE_ARMED and not spec.domestic:
                    # "des hommes armés", "des jihadistes" belong to where they act.
                    # An AFP headline's country ("Niger: …") outweighs where the article
                    # most often places things (the victims' home country, the inquiry's seat).
                    code = art.locative.get(sent, art.headline or art.where or art.story)
                if code is None and hit.start > 0 and art.folded[hit.start - 1] in _POSSESSIVES:
                    # "X a été limogé par son ministre": the minister of X's country.
                    code = _possessor_code(art, hit, mentions, per_spans)
                    explicit = code is not None
                if code is None and spec.sector == "COP" and spec.domestic and art.where \
                        and art.story not in art.placed:
                    # "les forces de l'ordre", "la police": the police of where the story takes
                    # place, not of a country it names more often but places nothing in ("des
                    # supporters algériens fêtent la victoire de l'Algérie à Marseille").
                    code = art.locative.get(sent, art.where)
                code = code or art.locative.get(sent, art.story)
            gender, number = _gender_number_of(art, hit.start, hit.end)
            gender = spec.gender or gender
            number = spec.number or number or "sg"
            ent = _following_person(art, per_by_start, end) if hit.start not in art.complements else None
            if ent is not None and hit.start in art.headed and ent.start == end:
                # "le porte-parole du président Félix Tshisekedi, Kasongo Mwema": the name right
                # after the complement is the complement's; the agent's own comes after a comma.
                after = ent.end
                ent = per_by_start.get(after + 1) if after + 1 < len(doc) and art.folded[after] == "," else None
                end = after
            elif ent is None and hit.start in art.headed and end in hits_by_start \
                    and hits_by_start[end].kind == "person":
                end = hits_by_start[end].end  # the complement's known name ("du président Tshisekedi")
            name = None
            if ent is not None and number == "sg":
                pm = person(ent)
                consumed.add(ent.start)
                name = pm.name
                if pm.code is None or pm.sector is None:
                    pm.code, pm.sector = pm.code or code, pm.sector if pm.sector else sector
                    if pm.name:
                        art.person_codes[pm.name] = (pm.code, pm.sector, gender)
                if pm.gender is None:
                    pm.gender = gender
                # The person's own office wins over a generic title ("le président Zelensky").
                if pm.code is not None and agent_info[hit.start][0] is None and pm.code not in IGO_CODES:
                    code = pm.code
                if pm.sector is not None and code == pm.code and not (spec.collective and spec.sector):
                    sector = pm.sector
                if spec.collective and spec.sector:
                    # "l'administration Trump", "le gouvernement Castex": the body the person
                    # leads, not the person.
                    outer = _mention(art, hit.start, ent.end, "AGENT", name=name, code=code, sector=sector,
                                     gender=gender, number="sg")
                    mentions.append(outer)
                    mentions.append(pm)
                    continue
                if not spec.key.endswith("*"):  # heads of other bodies are not linked by title
                    art.titles[(spec.key, code)] = (name, code, sector)
                    art.titles[(spec.key, None)] = (name, code, sector)
                if spec.office:
                    _register_office(art, spec.office, (name, code, sector, gender or pm.gender),
                                     hit.start, ent.end)
                outer = _mention(art, hit.start, ent.end, "AGENT", name=name, code=code, sector=sector,
                                 gender=gender or pm.gender, number="sg")
                mentions.append(outer)
                mentions.append(pm)
                continue
            if number == "sg" and not spec.collective and not spec.key.endswith("*"):
                known_title = art.titles.get((spec.key, code)) if explicit else art.titles.get((spec.key, None))
                if known_title is not None:
                    # "le général" after "le général iranien Qassem Soleimani" is Soleimani
                    name, code, sector = known_title
                if name is None and not explicit and spec.office:
                    # "Emmanuel Macron … Le chef de l'Etat": the nearest person named before
                    # who holds that office, even if the NER found them (processed later).
                    for ent in reversed(per_spans):
                        if ent.start >= hit.start:
                            continue
                        _, holder_entry, _ = _resolve_person(art, ent.start, ent.end)
                        if holder_entry is not None and holder_entry.office == spec.office and holder_entry.sector:
                            person(ent)  # registers the office with its holder's name
                            break
                if name is None and not explicit and spec.office in art.offices:
                    known = art.offices[spec.office]
                    if not (gender and known[3] and gender != known[3]):  # "la présidente" ≠ Xi
                        name, code, sector = known[:3]
                if name is None and not explicit and spec.office:
                    # "Le chef du gouvernement a exigé … Giuseppe Conte a ensuite …": a holder of
                    # that office the article names further on beats the story country's holder.
                    for ent in per_spans:
                        if ent.start <= hit.start:
                            continue
                        canonical, holder_entry, _ = _resolve_person(art, ent.start, ent.end)
                        if holder_entry is not None and holder_entry.office == spec.office and holder_entry.sector \
                                and not (gender and holder_entry.gender and gender != holder_entry.gender):
                            name, code, sector = holder_entry.name, holder_entry.code, holder_entry.sector
                            break
                if name is None and spec.office and code:
                    holder = art.lookup.holder(code, spec.office, art.when)
                    if holder is not None and not (gender and holder.gender and gender != holder.gender):
                        name = holder.name
                        gender = gender or holder.gender
            if spec.sector == "NGO" and spec.collective and number == "sg" and not explicit and end == hit.end:
                after = hits_by_start.get(end)
                if after is not None and after.kind == "organisation":
                    continue  # "l'ONG Human Rights Watch": the name alone is the actor
                earlier = _earlier_body(art, mentions, hit, spec.key)
                if earlier is not None:
                    # "la même ONG", "l'organisation": the body named before
                    name, code = earlier.name, earlier.code
                    sector = earlier.sector if earlier.code in IGO_CODES else earlier.sector or sector
            mentions.append(_mention(art, hit.start, end, "AGENT", name=name, code=code, sector=sector,
                                     gender=gender, number=number))
        elif hit.kind == "person":
            entry = hit.entry
            assert entry is not None
            canonical, entry2, gender = _resolve_person(art, hit.start, hit.end)
            entry = entry2 or entry
            if entry.office and entry.sector:
                # "Emmanuel Macron … le chef de l'Etat": a later bare title names this holder.
                _register_office(art, entry.office, (canonical, entry.code, entry.sector, gender or entry.gender),
                                 hit.start, hit.end)
            mentions.append(_mention(art, hit.start, hit.end, "PER", name=canonical, code=entry.code,
                                     sector=entry.sector, gender=gender or entry.gender, number="sg"))
        elif hit.kind == "demonym":
            tok = doc[hit.start]
            if hit.start in inside_agents:
                continue
            # A capitalised demonym is a noun naming people ("des milliers de Canadiens").
            entry = hit.entry
            assert entry is not None
            if tok.text[:1].isupper() and not tok.is_sent_start:
                mentions.append(_mention(art, hit.start, hit.end, "AGENT", name=None, code=entry.code,
                                         sector="CVL", gender=entry.gender, number=entry.number))
                continue
            act = _act_before(art, hit.start)
            if act is not None:
                # "une agression américaine", "les violations russes": the country acts.
                mentions.append(_mention(art, hit.start, hit.end, "AGENT", name=None, code=entry.code,
                                         sector=act or None, gender=entry.gender, number=entry.number))
        else:
            entry = hit.entry
            assert entry is not None
            label = "ORG" if hit.kind == "organisation" else "GPE"
            mentions.append(_mention(art, hit.start, hit.end, label, name=entry.name, code=entry.code,
                                     sector=entry.sector, gender=entry.gender, number=entry.number))

    # Persons not introduced by a title; an apposition after them may code them
    # ("Bettina Goislard, employée française", "Jens Stoltenberg, secrétaire général de l'Otan").
    agents_by_start = {doc.char_span(m.start, m.end, alignment_mode="expand").start: m
                       for m in mentions if m.label == "AGENT"}
    agents_by_end = {doc.char_span(m.start, m.end, alignment_mode="expand").end: m
                     for m in mentions if m.label == "AGENT"}
    for ent in per_spans:
        if ent.start in consumed:
            continue
        pm = person(ent)
        if pm.code is None and ent.start > 0:
            # "l'Américain Paul Whelan": a nationality noun right before the name is the person's.
            before = agents_by_end.get(ent.start)
            if before is not None and before.code is not None and before.code not in IGO_CODES \
                    and " " not in before.text.strip() and before.text[:1].isupper():
                pm.code = before.code
        if pm.code is None and ent.end + 1 < len(doc) and art.folded[ent.end] == ",":
            k = ent.end + 1
            # Only a bare title is an apposition ("X, employée française", "X, secrétaire
            # général de l'Otan", "X, un médecin syrien"); "X, une policière et Y" is an enumeration.
            if k + 1 < len(doc) and art.folded[k] in ("un", "une") and doc[k + 1].pos_ == "NOUN":
                k += 1
            while k < len(doc) and doc[k].pos_ == "ADJ" and k - ent.end < 3:
                k += 1
            appo = agents_by_start.get(k)
            if appo is not None and art.folded[ent.end + 1] in ("un", "une"):
                after = doc.char_span(appo.start, appo.end, alignment_mode="expand").end
                if after < len(doc) and art.folded[after] == "et":
                    appo = None  # "X, une policière et Y": an enumeration
            if appo is not None:
                pm.code, pm.sector = appo.code, appo.sector
                if appo.name is None:
                    appo.name = pm.name
        if pm.name and pm.code is not None:
            art.person_codes.setdefault(pm.name, (pm.code, pm.sector, pm.gender))
        mentions.append(pm)

    # Organisations the NER found and the dictionary lacks ("Gendarmerie royale du Canada").
    spans = sorted((m.start, m.end) for m in mentions)
    unknown_orgs: list[Mention] = []  # names the dictionary lacks
    # token right after a named kind of body ("quotidien", "ONG", "parti") → that agent mention
    named_by: dict[int, Mention] = {}
    for m in mentions:
        if m.label == "AGENT" and m.number == "sg" and m.sector in _NAMED_BODIES:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.end < len(doc) and span[-1].text[:1].islower():
                named_by[span.end] = m
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "MISC", "LOC") or ent.start_char < body:
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in spans):
            continue
        if ent.label_ == "LOC":
            mentions.append(_mention(art, ent.start, ent.end, "LOC"))
            continue
        body_noun = named_by.get(ent.start)
        if body_noun is not None and body_noun.name is None \
                and all(t.text[:1].isupper() or not t.is_alpha for t in ent):
            # "le quotidien El Watan", "l'ONG Open Arms": the kind of body and its name are one actor
            body_noun.end = ent.end_char
            body_noun.text = art.ctx.text[body_noun.start:body_noun.end]
            body_noun.name = ent.text
            continue
        found = _mention(art, ent.start, ent.end, ent.label_, name=ent.text)
        mentions.append(found)
        unknown_orgs.append(found)
    _code_inner_orgs(art, mentions, all_hits)
    _code_party_names(art, mentions, unknown_orgs)
    mentions.extend(_named_before_acronym(art, mentions))
    _link_un_agency(mentions)
    held: set[str] = set()
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label == "PER" and m.code is None:
            # A person arrested, held or tried is not of the country where that happens ("Alaa
            # M., arrêté à Moscou"): with no nationality of his own he has no country.
            if m.name in held or _held_or_tried(art, m):
                held.add(m.name)
                continue
            # A person the article does not place belongs to where the sentence or story is.
            m.code = art.locative.get(m.sent, art.story)
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


# Verbs of arrest, detention and trial: their object (or the subject of their passive, or the
# person their participle qualifies) is held or tried where the verb happens.
_HELD_VERBS = frozenset({"arrêter", "interpeller", "détenir", "emprisonner", "incarcérer", "écrouer", "juger",
                         "condamner", "inculper", "poursuivre", "extrader", "expulser", "enlever", "kidnapper",
                         "libérer", "relâcher", "gracier"})


def _held_or_tried(art: _Article, m: Mention) -> bool:
    """The person named by `m` is the one arrested, held or tried in the clause: object of such a
    verb, subject of its passive, or qualified by its participle ("Alaa M., arrêté à Moscou")."""
    span = art.ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    if root.dep_ in ("obj", "nsubj:pass") and head.lemma_.lower() in _HELD_VERBS:
        return True
    return any(c.dep_ in ("acl", "acl:relcl") and c.lemma_.lower() in _HELD_VERBS
               and "Part" in c.morph.get("VerbForm") for c in root.children)


# UN specialised agencies with their own code, and the words that refer back to one.
_UN_AGENCIES = frozenset({"WHO", "IAEA", "IMF", "WB", "WTO"})
_UN_ANAPHORS = ("agence onusienne", "organisation onusienne", "organisme onusien", "instance onusienne")


def _link_un_agency(mentions: list[Mention]) -> None:
    """"l'agence onusienne" after "l'OMS" is the OMS (WHO), not the UN as a whole."""
    last: str | None = None
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if m.code in _UN_AGENCIES:
            last = m.code
        elif m.code == "UN" and last is not None and fold(m.text).startswith(_UN_ANAPHORS):
            m.code = last


# Sectors of bodies a common noun introduces before their name ("le quotidien El Watan").
_NAMED_BODIES = frozenset({"JRN", "NGO", "PTY", "BUS", "REL"})
_NAME_LINKS = frozenset({"de", "d'", "des", "du", "la", "le", "l'", "les", "pour", "en", "et", "aux", "au", "a", "sur"})
_NAME_DETS = frozenset({"la", "le", "l'", "les", "une", "un", "cette", "ce"})


def _named_before_acronym(art: _Article, mentions: list[Mention]) -> list[Mention]:
    """The full name of a known body before its acronym in brackets is one mention of it ("la
    Mission d'appui des Nations unies en Libye (Manul)" is the UN, not "Nations unies" and
    "Libye"), ending at the closing bracket."""
    doc, texts, folded = art.ctx.doc, art.texts, art.folded
    n = len(doc)
    by_token = {}
    for m in mentions:
        if m.label == "ORG" and m.code is not None:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span) == 1:
                by_token[span.start] = m
    out: list[Mention] = []
    for a, acronym in by_token.items():
        if not (2 <= a < n - 1 and texts[a - 1] == "(" and texts[a + 1] == ")"):
            continue
        i = a - 2  # last word of the name
        first = None
        while i >= 0 and a - 1 - i <= 14:
            tok = doc[i]
            if folded[i] in _NAME_DETS and (i == 0 or folded[i - 1] not in _NAME_LINKS):
                first = i + 1
                break
            if tok.is_sent_start:
                first = i if texts[i][:1].isupper() else None
                break
            if texts[i][:1].isupper() or folded[i] in _NAME_LINKS \
                    or ((tok.pos_ in ("NOUN", "ADJ") or "Part" in tok.morph.get("VerbForm"))
                        and texts[i].replace("-", "").isalpha()):
                i -= 1
                continue
            first = i + 1 if i + 1 < a - 1 and folded[i] in (",", ":", "par", "avec", "contre", "que", "selon") else None
            break
        if first is None or first >= a - 2 or not texts[first][:1].isupper():
            continue
        if any(doc[k].ent_type_ == "PER" for k in range(first, a - 1)) or any(
                m.label == "PER" and doc[first].idx <= m.start < doc[a - 2].idx + 1 for m in mentions):
            continue  # "le maire Jean Dupont (PS)": a person and their party
        gender = number = None
        if first > 0 and folded[first - 1] in _NAME_DETS:
            gender, number = _gender_number_of(art, first, a - 1)
            if folded[first - 1] == "les":
                number = "pl"
        out.append(_mention(art, first, a + 2, "ORG", name=acronym.name, code=acronym.code,
                            sector=acronym.sector, gender=gender or acronym.gender,
                            number=number or acronym.number))
    return out


# First words of the names of political parties and movements ("Parti démocratique de Guinée",
# "Rassemblement pour la République", "Union pour la démocratie et le progrès social").
_RIGHTS_WORDS = "droits de l'homme"
_PARTY_HEADS = frozenset({"parti", "rassemblement", "mouvement", "union", "alliance", "convention", "congres"})
_NOT_PARTY = frozenset({"internationale", "internationaux", "international", "europeenne", "africaine",
                        "arabe", "militaire", "syndicale", "nationale des travailleurs"})


def _code_party_names(art: _Article, mentions: list[Mention], unknown: list[Mention]) -> None:
    """Names the NER found that the dictionary lacks: a party name is the story's (or its
    inner country's) PTY ("le Rassemblement pour la démocratie au Tchad"), and a short form of a
    longer name met before is that body ("le Rassemblement" after "le Rassemblement des forces
    patriotiques du Mali")."""
    named: list[Mention] = []
    unknown_ids = {id(m) for m in unknown}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.label != "ORG":
            continue
        words = m.text.split()
        head = _fold_token(words[0]) if words else ""
        if id(m) in unknown_ids and m.sector in (None, "CVL") and _RIGHTS_WORDS in fold(m.text):
            m.sector = "NGO"  # "Ligue algérienne des droits de l'Homme"
        if m.code is None or (id(m) in unknown_ids and head in _PARTY_HEADS and m.sector in (None, "LEG", "CVL", "OPP")):
            short = fold(m.text)
            longer = next((x for x in reversed(named) if x.end <= m.start and x.code is not None
                           and fold(x.text).startswith(short + " ")), None)
            if longer is not None:
                m.code, m.sector, m.name = longer.code, longer.sector, longer.name
            elif head in _PARTY_HEADS and len(words) > 1 and words[0][:1].isupper() \
                    and _fold_token(words[1]) not in _NOT_PARTY:
                m.code, m.sector = m.code or art.locative.get(m.sent, art.story), "PTY"
        if m.code is not None and len(m.text.split()) > 1:
            named.append(m)


def _code_inner_orgs(art: _Article, mentions: list[Mention], hits: list[_Hit]) -> None:
    """An uncoded ORG whose words include a country and an agent word takes both
    ("Gendarmerie royale du Canada" → CAN COP)."""
    doc = art.ctx.doc
    for m in mentions:
        if m.label != "ORG" or m.code is not None:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        for hit in hits:
            if span.start <= hit.start and hit.end <= span.end:
                if hit.kind == "agent" and m.sector is None and hit.agent is not None:
                    m.sector = hit.agent.sector
                elif hit.entry is not None and hit.kind in _COUNTRY_KINDS and m.code is None:
                    m.code = hit.entry.code
        if m.code is None and m.sector is not None:
            m.code = art.story


# -- helpers other extractors call ----------------------------------------------------------------
def actor_of(m: Mention) -> Actor:
    return Actor(code=m.code, sector=m.sector, text=m.text, name=m.name)


def _outermost(mentions: Iterable[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            continue  # inside (or overlapping) the previous outer mention
        out.append(m)
    return out


def mentions_in(ctx: DocContext, start: int, end: int) -> list[Mention]:
    """The outermost mentions lying inside the character span [start, end)."""
    return _outermost(m for m in ctx.mentions if start <= m.start and m.end <= end)


def actors_in(ctx: DocContext, start: int, end: int) -> list[Actor]:
    """The distinct coded actors the phrase [start, end) names, in text order."""
    actors: list[Actor] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    for m in mentions_in(ctx, start, end):
        if m.code is None or m.label in ("LOC", "PRON"):
            continue
        key = (m.code, m.sector, m.name if m.label in ("PER", "AGENT") and m.name else None)
        if key in seen:
            continue
        seen.add(key)
        actors.append(actor_of(m))
    return actors


def _is_subject(ctx: DocContext, m: Mention) -> bool:
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_.startswith("nsubj")


def _is_main_subject(ctx: DocContext, m: Mention) -> bool:
    """Subject of the sentence's main verb (not of "Alors que X a voté …, celui-ci …")."""
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not span.root.dep_.startswith("nsubj"):
        return False
    verb = span.root.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def resolve_pronoun(ctx: DocContext, pos: int, gender: str | None = None,
                    number: str | None = None) -> Mention | None:
    """The mention a pronoun at char `pos` most likely stands for: among compatible mentions
    before it, those of the nearest sentence that has any; persons first for a singular pronoun,
    subjects before other roles, then the nearest."""
    candidates = [m for m in ctx.mentions if m.end <= pos and m.label in ("PER", "ORG", "GPE", "AGENT")
                  and (m.code is not None or m.sector is not None or m.label == "PER")]
    if not candidates:
        return None

    def compatible(m: Mention) -> bool:
        if gender and m.gender and m.gender != gender:
            return False
        if number and m.number and m.number != number:
            return False
        return m.label != "LOC"

    pool = [m for m in candidates if compatible(m)]
    if not pool:
        return None
    # The subject of the latest sentence with a candidate is the likeliest antecedent, whatever
    # its kind ("Le Kremlin a nié … Il a prévenu" is the Kremlin, not a person named earlier).
    newest = max(m.sent for m in pool)
    newest_subjects = [m for m in pool if m.sent == newest and _is_main_subject(ctx, m)
                       and not any(q.start <= m.start < q.end for q in ctx.quotes)]
    if newest_subjects and newest_subjects[-1].label != "PER":
        return newest_subjects[-1]
    if number != "pl":
        persons = [m for m in pool if m.label == "PER" or (m.label == "AGENT" and m.name)]
        if persons:
            pool = persons
    last_sent = max(m.sent for m in pool)
    # Look back at most two sentences from the most recent one with a candidate.
    recent = [m for m in pool if m.sent == last_sent]
    subjects = [m for m in recent if _is_subject(ctx, m)]
    chosen = (subjects or recent)[-1]
    # The outer title phrase and the name inside it are the same person: return the name.
    inner = [m for m in ctx.mentions if m.label == "PER" and chosen.start <= m.start and m.end <= chosen.end
             and m is not chosen]
    if chosen.label == "AGENT" and inner:
        # ("le porte-parole du président Tshisekedi" is the spokesman, not Tshisekedi)
        same = [m for m in inner if m.name == chosen.name and m.sector == chosen.sector]
        return same[-1] if same else (chosen if chosen.name else inner[-1])
    return chosen


__all__ = ["actor_of", "actors_in", "compile_lexicon", "extract_mentions", "mentions_in", "resolve_pronoun"]
