"""Places: every place the article names, geocoded offline, and the place of an event's clause.

- `extract_places(ctx)`: records.Place for each place name in the body (NER locations, countries
  and capitals, our alias table's regions and seas), resolved by the gazetteer and ranked by the
  article's countries (a bare "Gao" in a Mali story is the Malian town); "la capitale libyenne"
  is Tripoli, a bare "la capitale" the capital of the country last named.
- `place_for(ctx, start, end)`: the most specific place named in the clause of [start, end), else
  in its sentence; never the dateline (where the reporter stood), and never a place that is the
  actor of the sentence ("Washington a accusé…" is the US government, not a location).
"""

from __future__ import annotations

from bisect import bisect_right

from collections import Counter
from functools import lru_cache
from typing import Any

from veille.extract.context import DocContext
from veille.records import Location, Place
from veille.resolve.actors import fold, load_actor_lookup
from veille.resolve.places import load_gazetteer

# Words that introduce a place ("à Kaboul", "en Crimée", "dans la province de Ghazni").
LOCATIVE_WORDS = frozenset({"à", "en", "au", "aux", "dans", "près", "vers", "sur", "depuis", "outre"})
# "dans le nord du Mali", "dans la région de Mopti": "de" introduces a place after these nouns.
AREA_NOUNS = frozenset({"nord", "sud", "est", "ouest", "centre", "nord-est", "nord-ouest", "sud-est",
                        "sud-ouest", "région", "province", "ville", "capitale", "banlieue", "périphérie",
                        "frontière", "frontières", "environs", "district", "département", "état",
                        "village", "localité", "préfecture", "territoire", "côte", "large", "île"})
# Generic heads stripped before the gazetteer lookup ("province de Ghazni" → "Ghazni").
_GENERIC_HEADS = ("province de ", "province d'", "région de ", "région d'", "ville de ", "ville d'",
                  "district de ", "district d'", "village de ", "village d'", "département de ",
                  "état de ", "etat de ", "préfecture de ", "gouvernorat de ", "comté de ")
# Nouns that name an event: a place attached to them is where it happened ("un attentat à Kaboul");
# attached to any other noun it only describes it ("l'intégrité territoriale de l'Ukraine").
EVENT_NOUNS = frozenset({
    "attentat", "attaque", "frappe", "frappes", "explosion", "manifestation", "manifestations",
    "affrontements", "combats", "sommet", "réunion", "rencontre", "visite", "entretien", "raid",
    "bombardement", "bombardements", "embuscade", "offensive", "opération", "fusillade", "marche",
    "rassemblement", "grève", "conférence", "négociations", "pourparlers", "accident", "incendie",
    "arrestation", "arrestations", "exercices", "déploiement", "heurts", "émeutes", "assaut",
    "tirs", "mort", "enlèvement", "saisie", "conseil", "séance", "vote", "élection", "cérémonie",
    # a visit's stages: "l'arrivée à Khartoum du secrétaire d'Etat", "lors de son passage à Kiev"
    "arrivée", "séjour", "voyage", "tournée", "passage", "déplacement", "escale", "venue",
})
_TIME_NOUNS = frozenset({
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "février",
    "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    "matin", "soir", "nuit", "après-midi", "semaine", "jour", "veille", "lendemain",
})
_SPECIFICITY = {"city": 3, "city_alt": 3, "region": 2, "country": 1}


@lru_cache(maxsize=4)
def _alias_matcher(gazetteer: Any, resources: Any):
    """A PhraseMatcher over our alias table's multiword names the NER tends to miss
    ("mer Noire", "bande de Gaza"), built once per gazetteer."""
    from spacy.matcher import PhraseMatcher

    from veille.nlp import load_pipeline

    nlp = load_pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    names: list[str] = []
    for item in resources.data("places"):
        names.extend([item["name"], *item.get("aliases", ())])
    own = getattr(gazetteer, "own", None)
    if isinstance(own, dict):  # user places loaded into the real gazetteer
        names.extend(p.name for places in own.values() for p in places if p.kind == "region")
    matcher.add("PLACE", list(nlp.tokenizer.pipe(sorted(set(names)))))
    return matcher


def country_context(ctx: DocContext) -> list[str]:
    """The article's countries, most present first: country/capital mentions and coded agents,
    the dateline counting double."""
    votes: Counter[str] = Counter()
    for m in ctx.mentions:
        if m.code and len(m.code) == 3 and m.code.isalpha() and m.label in ("GPE", "AGENT", "PER"):
            votes[m.code] += 1.0 if m.label == "GPE" else 0.5
    dateline = ctx.article.dateline
    gazetteer = ctx.gazetteer if ctx.gazetteer is not None else load_gazetteer()
    if dateline:
        place = gazetteer.lookup(dateline.title(), [c for c, _ in votes.most_common()])
        if place is not None and place.country:
            votes[place.country] += 2.0
    return [c for c, _ in votes.most_common()]


def _own_place(gazetteer: Any, text: str) -> bool:
    return any(p.kind == "region" for p in gazetteer.candidates(text))


# Prepositions the NER sometimes takes into a place name ("au Caire", "du Caire").
_LEADING_PREPOSITIONS = ("au ", "aux ", "du ", "des ", "à ", "en ", "de ", "d'", "d’")


def _lookup(gazetteer: Any, text: str, context: list[str]):
    place = gazetteer.lookup(text, context)
    if place is not None:
        return place
    low = text.lower()
    for prep in _LEADING_PREPOSITIONS:
        if low.startswith(prep) and len(text) > len(prep) + 1 and text[len(prep)].isupper():
            return _lookup(gazetteer, text[len(prep):], context)
    for head in _GENERIC_HEADS:
        if low.startswith(head):
            return gazetteer.lookup(text[len(head):], context)
    return None


def extract_places(ctx: DocContext) -> list[Place]:
    gazetteer = ctx.gazetteer if ctx.gazetteer is not None else load_gazetteer()
    doc = ctx.doc
    body = ctx.article.body_start
    context = country_context(ctx)
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in ("LOC", "GPE") and ent.start_char >= body:
            spans.append((ent.start, ent.end))
    for m in ctx.mentions:
        if m.label == "GPE" and m.start >= body:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                spans.append((span.start, span.end))
    for _, s, e in _alias_matcher(gazetteer, ctx.resources)(doc):
        if doc[s].idx >= body:
            spans.append((s, e))
    # Longest first, no overlaps.
    chosen: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(i in taken for i in range(s, e)):
            continue
        chosen.append((s, e))
        taken.update(range(s, e))
    places: list[Place] = []
    actors = ctx.actors if ctx.actors is not None else load_actor_lookup()
    persons = [(ent.start, ent.end) for ent in doc.ents if ent.label_ == "PER" and ent.end - ent.start > 1]
    for s, e in sorted(chosen):
        span = doc[s:e]
        text = span.text
        if any(ps <= s and e <= pe and (ps, pe) != (s, e) for ps, pe in persons):
            continue  # "Maurice" in "Maurice Audin" is a first name
        if e < len(doc) and doc[e].like_num and doc[e].text.isdigit():
            continue  # "France 24", "France 2": a channel's name
        entry = actors.lookup(text)
        # Seats of power are governments, not places ("l'Elysée a annoncé"), unless aliased.
        if entry is not None and entry.kind == "seat" and not _own_place(gazetteer, text):
            continue
        place = _lookup(gazetteer, text, context)
        if place is None and s > 0 and doc[s - 1].lower_ in ("province", "région"):
            place = _lookup(gazetteer, text, context)
        if place is None:
            continue
        if context and place.country not in context and place.kind in ("city", "city_alt") and place.population < 50000:
            continue  # a small foreign namesake of something the article does not situate
        places.append(Place(text=text, start=span.start_char, end=span.end_char, name=place.name,
                            country=place.country, lat=place.lat, lon=place.lon, geonameid=place.geonameid))
    places.extend(_capitals_by_description(ctx, gazetteer, actors, context, taken))
    places.sort(key=lambda p: p.start)
    return places


def _last_country_before(ctx: DocContext, char: int, reach: int = 400) -> str | None:
    best = None
    for m in ctx.mentions:
        if m.start >= char:
            break
        if m.label == "GPE" and m.code and len(m.code) == 3 and m.code.isalpha() and char - m.end <= reach:
            best = m.code
    return best


def _capital_names(resources: Any) -> dict[str, str]:
    """ISO3 → the first capital countries.yaml gives, built once per resource set."""
    key = getattr(resources, "digest", None)
    found = _CAPITALS.get(key)
    if found is None:
        found = {item["iso3"]: item["capitals"][0] for item in resources.data("countries")
                 if item.get("capitals")}
        _CAPITALS[key] = found
    return found


_CAPITALS: dict[Any, dict[str, str]] = {}
_CAPITAL_NOUNS = frozenset({"capitale"})


def _capitals_by_description(ctx: DocContext, gazetteer: Any, actors: Any, context: list[str],
                             taken: set[int]) -> list[Place]:
    """"la capitale libyenne" is Tripoli; a bare "la capitale" (no complement) is the capital
    of the story's country."""
    doc = ctx.doc
    body = ctx.article.body_start
    out: list[Place] = []
    capitals = None
    for tok in doc:
        if tok.lower_ not in _CAPITAL_NOUNS or tok.idx < body or tok.i in taken or tok.i == 0 \
                or doc[tok.i - 1].lower_ not in ("la", "sa", "cette"):
            continue
        if tok.i >= 2 and doc[tok.i - 2].lemma_ == "être":
            continue  # "dont Wuhan est la capitale": a description, not a place
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        code, end = None, tok.i + 1
        if nxt is not None and nxt.text[:1].islower():
            entry = actors.lookup(nxt.text)
            if entry is not None and entry.kind == "demonym" and entry.code:
                code, end = entry.code, tok.i + 2
            elif nxt.lower_ in ("de", "du", "d'", "des", "d’") or nxt.pos_ in ("ADJ", "NOUN", "PROPN"):
                continue  # "la capitale de la Somalie" (the name follows), "la capitale économique"
        elif nxt is not None and nxt.text[:1].isupper():
            continue  # "la capitale Tripoli": the name is the place
        elif nxt is not None and nxt.text == "," and tok.i + 2 < len(doc) and doc[tok.i + 2].text[:1].isupper():
            continue  # "la capitale, Séoul, …": the name follows
        if code is None:
            # A bare "la capitale" is that of the country last named (a roundup goes from
            # country to country), else of the story's.
            code = _last_country_before(ctx, tok.idx) or (context[0] if context else None)
        if capitals is None:
            capitals = _capital_names(ctx.resources)
        name = capitals.get(code or "")
        place = gazetteer.lookup(name, [code]) if name else None
        if place is None or place.country != code:
            continue
        span = doc[tok.i:end]
        out.append(Place(text=span.text, start=span.start_char, end=span.end_char, name=place.name,
                         country=place.country, lat=place.lat, lon=place.lon, geonameid=place.geonameid))
    return out


def _specificity(ctx: DocContext, place: Place) -> int:
    gazetteer = ctx.gazetteer if ctx.gazetteer is not None else load_gazetteer()
    found = gazetteer.lookup(place.text)
    kind = found.kind if found is not None else "city"
    if found is not None and found.country is None:
        return 0  # seas and regions across borders say little about the country
    return _SPECIFICITY.get(kind, 2)


def _is_locative(ctx: DocContext, place: Place) -> bool:
    """Introduced by a preposition of place ("à Kaboul", "en Crimée", "dans la province de
    Ghazni", "dans le nord du Mali"); a place that is an actor or a complement is not where."""
    span = ctx.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    doc = ctx.doc
    i = span[0].i - 1
    determined = i >= 0 and doc[i].pos_ == "DET"
    if determined:
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    introduced = word in LOCATIVE_WORDS
    if introduced and word == "à" and determined and _specificity(ctx, place) == 1:
        return False  # "adressés à l'Ukraine": a country after "à la/à l'" is a recipient
    if not introduced and word in ("de", "du", "d'", "des") and i > 0:
        j = i - 1
        if doc[j].pos_ == "ADJ" and j > 0 and doc[j - 1].lower_ in AREA_NOUNS:
            j -= 1
        introduced = doc[j].lower_ in AREA_NOUNS
        if introduced and _placed_by_words(doc[j]):
            # "dans la touristique région japonaise d'Okinawa": the words say where, whatever
            # head the parser gave the adjectives around the area noun.
            return True
    return introduced and _attached_to_event(span.root)


def _attached_to_event(token) -> bool:
    """Through "province de", "nord du" and names, the place phrase hangs on a verb or an
    event noun, not on a noun it merely describes."""
    steps = 0
    while token.dep_.startswith(("nmod", "flat", "appos")) and steps < 4:
        head = token.head
        if head.lower_ in AREA_NOUNS or head.pos_ == "PROPN" and head.lower_ in AREA_NOUNS:
            token, steps = head, steps + 1
            continue
        if head.lower_ in _TIME_NOUNS or head.pos_ == "NUM":
            token, steps = head, steps + 1  # "vendredi 3 janvier à Bagdad"
            continue
        if head.lower_ in EVENT_NOUNS or head.lemma_.lower() in EVENT_NOUNS:
            return True
        # "ont attaqué un poste à Ghazni": the place of a verb's object is the event's place.
        return head.pos_ == "NOUN" and head.dep_.startswith(("obj", "obl")) and head.head.pos_ == "VERB"
    return token.head.pos_ in ("VERB", "AUX") or token.dep_.startswith("obl") or token.head is token


def _placed_by_words(area) -> bool:
    """An area noun right after a preposition of place, its determiner and at most two
    adjectives ("dans la région", "en banlieue", "dans la vaste province")."""
    doc = area.doc
    i = area.i - 1
    while i >= 0 and doc[i].pos_ == "ADJ" and area.i - i <= 2:
        i -= 1
    if i >= 0 and doc[i].pos_ == "DET":
        i -= 1
    return i >= 0 and doc[i].lower_ in ("dans", "en", "à", "près")


def _in_quote(ctx: DocContext, place: Place) -> bool:
    """Whether the place lies inside a quotation (said, not where something happened)."""
    # Quote starts in order with the furthest end reached so far: a place is inside a quote iff
    # some quote starting at or before it reaches its end. Built once per set of quotes, since
    # place_for asks for every event.
    key = ("quote_reach", len(ctx.quotes))
    index = ctx.cache.get(key)
    if index is None:
        starts, reach, furthest = [], [], -1
        for quote in sorted(ctx.quotes, key=lambda q: q.start):
            furthest = max(furthest, quote.end)
            starts.append(quote.start)
            reach.append(furthest)
        index = ctx.cache[key] = (starts, reach)
    starts, reach = index
    i = bisect_right(starts, place.start) - 1
    return i >= 0 and reach[i] >= place.end


def _sentence_bounds(ctx: DocContext, start: int, end: int) -> tuple[int, int]:
    first, _, _ = ctx.sentence_bounds(start)
    _, last, _ = ctx.sentence_bounds(max(start, end - 1))
    return first, last


def place_for(ctx: DocContext, start: int, end: int, include_dateline: bool = False,
              look_back: int = 0) -> Location | None:
    """The most specific place named in the span [start, end) (the clause), else in its sentence;
    with `look_back=n`, else in the n sentences before (an attack placed in the sentence that
    introduced it). Places inside quotations, actors ("Washington a accusé") and the dateline
    (unless `include_dateline`) are never an event's place."""
    floor = 0 if include_dateline else ctx.article.body_start
    places = [p for p in ctx.places if p.start >= floor and not _in_quote(ctx, p)]
    if not places:
        return None
    inside = [p for p in places if start <= p.start and p.end <= end and _is_locative(ctx, p)]
    if not inside:
        s0, s1 = _sentence_bounds(ctx, start, end)
        inside = [p for p in places if s0 <= p.start and p.end <= s1 and _is_locative(ctx, p)]
        _, _, index = ctx.sentence_bounds(s0)
        for back in range(1, look_back + 1):
            if inside or index - back < 0:
                break
            sent_start, sent_end, _ = ctx.sentence_bounds(ctx._sentence_starts[index - back])
            inside = [p for p in places if sent_start <= p.start and p.end <= sent_end
                      and _is_locative(ctx, p)]
    if not inside:
        return None
    middle = (start + end) / 2

    def score(p: Place) -> tuple[int, float]:
        return (_specificity(ctx, p), -abs((p.start + p.end) / 2 - middle))

    best = max(inside, key=score)
    return Location(name=best.name, country=best.country, lat=best.lat, lon=best.lon, geonameid=best.geonameid)


def story_place(ctx: DocContext) -> Location | None:
    """Where the story happens when a clause names no place: the country the body names most
    often, as a place above all (the first named wins a tie), else the dateline's place
    (where the reporter stood, which may be far from the fighting it reports).
    Annotators put a physical act (an attack, a protest, an arrest) there when its sentence
    names no place; statements are not placed by it."""
    votes: Counter[str] = Counter()
    first: dict[str, Place] = {}
    for p in ctx.places:
        if p.country and not _in_quote(ctx, p):
            # A place named as a place ("à Gao", "en Irak") counts three times a country named
            # as an actor ("la France a condamné"), which says more who speaks than where.
            votes[p.country] += 3 if _is_locative(ctx, p) else 1
            first.setdefault(p.country, p)
    if not votes:
        # Only the dateline: the reporter stands where the story is.
        gazetteer = ctx.gazetteer if ctx.gazetteer is not None else load_gazetteer()
        dateline = ctx.article.dateline
        found = gazetteer.lookup(dateline.title(), country_context(ctx)) if dateline else None
        if found is not None and found.country:
            return Location(name=found.name, country=found.country, lat=found.lat, lon=found.lon,
                            geonameid=found.geonameid)
        return None
    order = list(first)
    country = max(votes, key=lambda c: (votes[c], -order.index(c)))
    place = first[country]
    return Location(name=place.name, country=country, lat=place.lat, lon=place.lon, geonameid=place.geonameid)


__all__ = ["country_context", "extract_places", "fold", "place_for", "story_place"]
