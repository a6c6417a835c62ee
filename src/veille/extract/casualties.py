"""Casualty counts (GUIDELINES §4): how many people were killed, injured, arrested, missing or
displaced, with the count's qualifier, the victims' words, their country and the date.

Entry point: `extract_casualties(ctx) -> list[Casualty]`. It runs after the events stage and also
writes each count onto the ASSAULT (or, for arrests, COERCE) event of the same sentence
(`Event.dead` / `injured` / `arrested`).

How it reads a dispatch (all patterns come from `resources/fr/casualties.yaml`, compiled once):
- every number phrase in the text (digits "13 000" / "320.000" / "1,5 million", words
  "vingt-cinq", vague amounts "des dizaines" with ACLED's values) is a candidate;
- the count's kind comes from what follows it ("7 morts", "cinq civils avaient été tués",
  "500 ont été blessées"), or from what precedes it ("a tué trois soldats", "la mort de
  quatre soldats", "le bilan s'élève à 20");
- a qualifier right before it sets at_least / about / at_most ("plus de", "près de");
- counts in superseded or hypothetical tolls, subsets ("onze des 26 victimes"), active clauses
  ("un kamikaze a tué …": the subject is the killer, not a victim) and non-person quantities
  ("40 ans", "5.000 dollars") are left out;
- a count repeating an earlier toll (same kind and number) is one record unless marked as another
  group ("deux victimes supplémentaires").
Only plain regular expressions over the text: no per-token loop, no parse needed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from veille.extract.context import DocContext
from veille.records import CASUALTY_KINDS, Casualty, Event

# Event types a count of each kind belongs to.
EVENT_TYPES_FOR_KIND = {
    "killed": ("ASSAULT",),
    "injured": ("ASSAULT",),
    "arrested": ("COERCE",),
}
EVENT_FIELD_FOR_KIND = {"killed": "dead", "injured": "injured", "arrested": "arrested"}

# A count after an avoir auxiliary without "été" is active voice ("un kamikaze a tué …"): the
# noun before it is the perpetrator, except for these intransitive forms ("ont péri").
INTRANSITIVE_WITH_AVOIR = re.compile(
    r"péri|trouvé|perdu|succombé|fui|disparu|décédé", re.IGNORECASE)
AVOIR_AUX = re.compile(r"(?<![\w'’])(?:ont|a|avaient|avait|auraient|aurait)(?![\w'’])", re.IGNORECASE)
ETRE_PASSIVE = re.compile(r"(?<![\w'’])été(?![\w'’])", re.IGNORECASE)
# Words that, inside the noun phrase between a count and its kind, show the kind belongs to
# another noun than the counted one.
NP_PREPOSITIONS = frozenset({"de", "des", "du", "d'"})
NP_FINAL_PREPOSITIONS = frozenset({"de", "des", "du", "d'", "le", "la", "les", "l'", "ces", "ce",
                                   "cette", "ses", "son", "sa", "leurs", "leur", "un", "une"})
# A place is where the casualties happened only when introduced as a location ("à Kaboul",
# "au Mali", "dans la province de Ghazni"), not as an actor ("Washington a imputé").
LOCATIVE_BEFORE = re.compile(r"(?<![\w'’-])(?:à|au|aux|en|dans|sur|vers|près\s+d[e'’]|province\s+d[e'’])\s*$",
                             re.IGNORECASE)
RANGE_BEFORE = re.compile(r"(?<![\w'’-])entre\s+(?P<low>[\w.,\u00a0\u202f-]+(?: [\w-]+)?)\s+et\s+$",
                          re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[.;:!?\n]")


def _fragment(phrase: str) -> str:
    """A YAML phrase as a regex fragment: any run of spaces between words, both apostrophes."""
    return phrase.replace("'", "['’]").replace(" ", r"\s+")


def _alternation(phrases: list[str]) -> str:
    # Longest first, so that "au moins" wins over "moins" at the same position.
    return "|".join(_fragment(p) for p in sorted(phrases, key=len, reverse=True))


def _bounded(phrases: list[str]) -> str:
    """Alternation of whole words: an apostrophe-final phrase ("qu'") needs no end boundary."""
    parts = []
    for p in sorted(phrases, key=len, reverse=True):
        frag = _fragment(p)
        parts.append(frag if p.endswith("'") else frag + r"(?![\w'’-])")
    return "|".join(parts)


@dataclass(frozen=True)
class CasualtyPatterns:
    """Everything compiled from casualties.yaml."""

    cue: re.Pattern[str]
    number: re.Pattern[str]
    number_words: dict[str, int]
    multipliers: dict[str, int]
    vague: tuple[tuple[re.Pattern[str], int, str, bool], ...]
    qualifier_before: re.Pattern[str]
    qualifier_of: tuple[tuple[re.Pattern[str], str], ...]
    follow: re.Pattern[str]
    follow_after_de: re.Pattern[str]
    kind_forms: tuple[tuple[re.Pattern[str], str], ...]
    context_kind: re.Pattern[str]
    needs_subject: re.Pattern[str]
    single_forms: dict[str, str]
    verb_before: re.Pattern[str]
    toll_before: re.Pattern[str]
    raised_toll: re.Pattern[str]
    coordinated: re.Pattern[str]
    raiser_before: re.Pattern[str]
    victims_after: re.Pattern[str]
    non_person: re.Pattern[str]
    partitive_before: re.Pattern[str]
    superseded: re.Pattern[str]
    year_before: re.Pattern[str]
    hypothetical: re.Pattern[str]
    additive: re.Pattern[str]


class _Unkeyed:
    """Carries the YAML data into the cache without being part of its key (dicts are not
    hashable); the key is the resources' digest and the data's identity."""

    __slots__ = ("data",)

    def __init__(self, data: Any) -> None:
        self.data = data

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Unkeyed)


@lru_cache(maxsize=4)
def _compile(digest: str, data_id: int, holder: _Unkeyed) -> CasualtyPatterns:
    """Compile casualties.yaml once per process (per resources digest)."""
    data = holder.data
    words = {k.lower(): int(v) for k, v in data["number_words"].items()}
    multipliers = {k.lower(): int(v) for k, v in data["multipliers"].items()}
    vague = tuple((re.compile(_fragment(v["phrase"]) + r"$", re.IGNORECASE), int(v["count"]),
                   v["qualifier"], bool(v.get("needs_de", True))) for v in data["vague_amounts"])
    vague_alt = "|".join(_fragment(v["phrase"]) for v in data["vague_amounts"])
    word_alt = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    digits = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?![\d,])|\d+(?:,\d+)?"
    mult_alt = "|".join(sorted((re.escape(m) for m in multipliers), key=len, reverse=True))
    # "et" joins number words only before un/une/onze ("vingt et un"): "dix et douze" is two.
    word_number = (rf"(?:{word_alt})(?:(?:[-\s]+et[-\s]+(?=(?:un|une|onze)(?![\w'’]))|-|\s+)"
                   rf"(?:{word_alt}))*(?![\w'’-])")
    number = re.compile(
        # A vague amount may follow an elided "d'" ("plus d'une centaine"); a bare "un" after
        # one may not ("la mort d'un policier" names a single death, not a count).
        # A full stop or comma right before is a decimal separator only after a digit: after a
        # word it is a glued sentence ("attaqués.Trois assaillants").
        rf"(?<![\w-])(?<!\d[.,])(?:(?P<vague>{vague_alt})(?![\w'’])"
        rf"|(?<!['’])(?P<digits>{digits})(?:\s+(?P<mult>{mult_alt})(?![\w'’]))?(?![\w%°])"
        rf"|(?<!['’])(?P<words>{word_number}))",
        re.IGNORECASE)

    qualifiers = data["qualifiers"]
    qual_alt = _alternation([p for ps in qualifiers.values() for p in ps])
    qualifier_before = re.compile(rf"(?:(?<![\w'’])|(?<=d['’]))(?P<q>{qual_alt})\s*$", re.IGNORECASE)
    qualifier_of = tuple((re.compile(_alternation(ps) + r"$", re.IGNORECASE), q)
                         for q, ps in qualifiers.items())

    stops = _bounded(data["noun_phrase_stops"])
    # A word of the victims' noun phrase; digits only in an age ("un homme de 40 ans"); an
    # acronym in brackets ("forces de défense et de sécurité (FDS)").
    # A count after "des" is a partitive ("109 des 50.000 agents sont morts").
    np_word = (rf"(?:(?<![\w-])\d+\s+ans(?![\w'’-])|\([\w.-]{{1,12}}\)"
               rf"|(?<=\bdes\s)(?:{digits})(?![\w'’-])|(?<![\w-])(?!(?:{stops})|\d)[\w'’-]+)")
    aux = _bounded(data["auxiliaries"])
    membership = _alternation(data["membership_links"])
    kind_alt = _alternation([p for ps in data["kind_forms"].values() for p in ps]
                            + data["context_kind_forms"])
    # The noun phrase, the auxiliaries and the kind form after a count.
    # or a dashed one: "six Français et deux Nigériens - leur chauffeur et un guide - ont été tués".
    aside = (rf"(?:\s*,\s*(?:{_bounded(data['asides'])})[^,.;:!?]{{1,80}},"
             rf"|\s+[-–—]\s[^-–—.;:!?]{{1,80}}\s[-–—](?=\s))")
    tail = (rf"(?P<np>(?:\s*{np_word}){{0,10}}?)(?P<aside>{aside})?"
            rf"(?P<link>\s*,\s*(?:tous|toutes)|\s+(?:{membership})(?:\s+{np_word})?|(?:\s+(?:{aux}))*"
            # "un manifestant, torturé à mort", "deux policiers, grièvement blessés"
            rf"|\s*,\s*(?:(?:grièvement|mortellement|légèrement|gravement)\s+)?)"
            rf"\s*[\"“«]?\s*(?P<kind>(?<![\w'’-])(?:{kind_alt}))(?![\w'’-])")
    follow = re.compile(tail, re.IGNORECASE)
    follow_after_de = re.compile(rf"\s+(?:de\s+|d['’])\s*{tail}", re.IGNORECASE)
    kind_forms = tuple((re.compile(_alternation(ps) + r"$", re.IGNORECASE), kind)
                       for kind, ps in data["kind_forms"].items())
    context_kind = re.compile(_alternation(data["context_kind_forms"]) + r"$", re.IGNORECASE)
    needs_subject = re.compile(_alternation(data["forms_needing_subject"]) + r"$", re.IGNORECASE)

    verb_groups = "|".join(rf"(?P<v_{kind}>{_alternation(ps)})"
                           for kind, ps in data["verb_first"].items())
    # A time or place complement may come between the verb and its count ("ont tué d'octobre à
    # fin mai au moins 514 civils", "a tué dimanche dans le nord une trentaine de jihadistes");
    # it opens with a preposition and does not end on one (the count would be its object).
    # (`_precede` rejects a complement ending on a preposition or article.)
    # A coordination or a relative clause ends it: in "tuées depuis octobre et au moins 36 femmes
    # violées" the 36 are not the verb's object.
    complement = (r"(?:d['’]|(?:de|du|en|dans|à|au|aux|entre|depuis|pendant|lors\s+de)\s)"
                  r"(?:(?!\s(?:et|ou|mais|qui|que|qu['’]|dont|où)[\s'’])[^,;:.!?()«»\"]){1,40}?")
    verb_before = re.compile(rf"(?<![\w-])(?:{verb_groups})(?:\s+(?:{aux}))*(?:\s+(?P<complement>{complement}))?\s*$",
                             re.IGNORECASE)
    toll_groups = "|".join(rf"(?P<t_{kind}>{_alternation(ps)})"
                           for kind, ps in data["toll_nouns"].items())
    toll_before = re.compile(
        rf"(?<![\w'’-])(?:{toll_groups})[^.;:!?]{{0,60}}?(?<![\w'’-])(?:{_alternation(data['toll_verbs'])})"
        rf"(?:\s+(?:{_alternation(data['toll_thresholds'])}))?\s+$",
        re.IGNORECASE)
    # "(porte) à 41 le nombre de militaires français tués", "(porte) à 20 le bilan".
    raised_toll = re.compile(
        rf"\s+le\s+(?:bilan|nombre(?:\s+(?:de|d['’]|des)\s*(?P<np>(?:\s*{np_word}){{0,4}}?)"
        rf"\s*(?P<kind>(?<![\w'’-])(?:{kind_alt}))(?![\w'’-]))?)", re.IGNORECASE)
    # "deux soldats et | trois civils ont été tués": a count whose noun phrase ends at "et".
    coordinated = re.compile(rf"(?P<np>(?:\s*{np_word}){{1,4}}?)\s*(?:,\s*|\s+et\s+)", re.IGNORECASE)
    raiser_before = re.compile(
        rf"(?<![\w'’-])(?:{_alternation(data['toll_raisers'])})\s+(?:ainsi\s+|désormais\s+)?à\s*$",
        re.IGNORECASE)
    victims_after = re.compile(rf"(?:\s+(?:de\s+|d['’]))?(?P<np>(?:\s*{np_word}){{1,4}})",
                               re.IGNORECASE)
    non_person = re.compile(rf"(?:{_bounded(data['non_person_nouns'])})", re.IGNORECASE)
    partitive_before = re.compile(rf"(?<![\w'’-])(?:{word_alt}|\d+)\s+(?:des|d['’]entre\s+les)\s+$",
                                  re.IGNORECASE)
    ignored = data["ignored_contexts"]
    superseded = re.compile(rf"(?<![\w'’-])(?:{_alternation(ignored['superseded'])})", re.IGNORECASE)
    year_before = re.compile(rf"(?<![\w'’-])(?:{_alternation(ignored['year_before'])})\s*$",
                             re.IGNORECASE)
    hypothetical = re.compile(rf"(?<![\w'’-])(?:{_bounded(ignored['hypothetical'])})", re.IGNORECASE)
    additive = re.compile(rf"(?<![\w'’-])(?:{_bounded(data['additive_markers'])})", re.IGNORECASE)
    # Any word that can make a count a casualty: numbers are read only near one of these.
    cue_alt = "|".join([kind_alt, *(_alternation(ps) for ps in data["verb_first"].values()),
                        *(_alternation(ps) for ps in data["toll_nouns"].values())])
    cue = re.compile(rf"(?<![\w'’-])(?:{cue_alt})(?![\w'’-])", re.IGNORECASE)
    return CasualtyPatterns(
        cue=cue, number=number, number_words=words, multipliers=multipliers, vague=vague,
        qualifier_before=qualifier_before, qualifier_of=qualifier_of, follow=follow,
        follow_after_de=follow_after_de, kind_forms=kind_forms, context_kind=context_kind,
        needs_subject=needs_subject,
        single_forms={k.lower(): v.lower() for k, v in data["single_forms"].items()},
        verb_before=verb_before, toll_before=toll_before, raised_toll=raised_toll,
        coordinated=coordinated, raiser_before=raiser_before, victims_after=victims_after,
        non_person=non_person, partitive_before=partitive_before, superseded=superseded,
        year_before=year_before, hypothetical=hypothetical, additive=additive)


def casualty_patterns(ctx: DocContext) -> CasualtyPatterns:
    data = ctx.resources.data("casualties")
    return _compile(ctx.resources.digest, id(data), _Unkeyed(data))


# -- numbers -------------------------------------------------------------------------------

def words_value(text: str, values: dict[str, int]) -> int | None:
    """'vingt-cinq' → 25, 'deux cent mille' → 200000, 'quatre-vingt-dix' → 90."""
    total = current = 0
    previous = ""
    for word in re.split(r"[\s-]+", text.lower()):
        if word == "et" or not word:
            continue
        value = values.get(word)
        if value is None:
            return None
        if value == 100:
            current = (current or 1) * 100
        elif value == 1000:
            total += (current or 1) * 1000
            current = 0
        elif value >= 1_000_000:
            total = (total + (current or 1)) * value
            current = 0
        elif value == 20 and previous == "quatre":
            current += 80 - 4
        else:
            current += value
        previous = word
    return total + current or None


@dataclass(frozen=True)
class Amount:
    count: int
    qualifier: str  # the qualifier the amount itself carries ("une dizaine" → about)
    needs_de: bool  # "des dizaines de morts", "1,5 million de déplacés"


# More people than have ever lived is a number, not a toll ("10000…0 blessés" in hostile text);
# it would also overflow the store's integer columns.
MAX_PLAUSIBLE_COUNT = 1_000_000_000


def _plausible(amount: Amount) -> Amount | None:
    return amount if amount.count <= MAX_PLAUSIBLE_COUNT else None


def amount_of(match: re.Match[str], patterns: CasualtyPatterns) -> Amount | None:
    if match.group("vague"):
        text = match.group("vague")
        for pattern, count, qualifier, needs_de in patterns.vague:
            if pattern.match(text):
                return Amount(count, qualifier, needs_de)
        return None
    if match.group("digits"):
        before = match.string[max(0, match.start("digits") - 1):match.start("digits")]
        if before in ("^", "*", "/", "×", "e", "E"):  # an exponent or a ratio, not a head count
            return None
        raw = re.sub(r"[ \u00a0\u202f.]", "", match.group("digits"))
        value = float(raw.replace(",", ".")) if "," in raw else int(raw)
        mult = match.group("mult")
        if mult:
            value *= patterns.multipliers[mult.lower()]
            return _plausible(Amount(int(value), "exact", mult.lower() != "mille"))
        if isinstance(value, float):  # "2,5" without a multiplier is no head count
            return None
        return _plausible(Amount(int(value), "exact", False))
    text = match.group("words")
    value = words_value(text, patterns.number_words)
    if value is None:
        return None
    last = re.split(r"[\s-]+", text.lower())[-1]
    return Amount(value, "exact", patterns.number_words.get(last, 0) >= 1_000_000)


# -- candidates ----------------------------------------------------------------------------

@dataclass
class Candidate:
    count: int
    qualifier: str
    kind: str  # a kind, or "context" for "victimes" (resolved from the counts before it)
    start: int
    end: int
    victims_start: int
    victims_end: int
    additive: bool
    # The kind is a verb phrase ("ont été tués"), shared by coordinated subjects ("deux soldats
    # et trois civils ont été tués"); a bare noun ("7 morts et 40 blessés") is not.
    predicate: bool = False
    # One entry of a list of tolls by country ("l'Italie (33.340)"): the victims name the country.
    listed: bool = False


def _kind_of(form: str, patterns: CasualtyPatterns) -> str | None:
    if patterns.context_kind.match(form):
        return "context"
    for pattern, kind in patterns.kind_forms:
        if pattern.match(form):
            return kind
    return None


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Start of the clause (after the last . ; : ! ? or newline) that contains `pos`."""
    window_start = max(floor, pos - 300)
    breaks = list(CLAUSE_BREAK.finditer(text, window_start, pos))
    return breaks[-1].end() if breaks else window_start


# How far from a casualty word a count may stand: "(plus de 290) personnes ont péri" before it,
# "(la mort de) quatre soldats" / "(porte à) 41 le nombre de …" after it.
CUE_BEFORE, CUE_AFTER = 160, 100


def _windows(text: str, body_start: int, patterns: CasualtyPatterns) -> list[tuple[int, int]]:
    """Merged stretches of text around casualty words: most of a dispatch is never scanned."""
    windows: list[tuple[int, int]] = []
    for cue in patterns.cue.finditer(text, body_start):
        start, end = max(body_start, cue.start() - CUE_BEFORE), cue.end() + CUE_AFTER
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def _numbers(text: str, body_start: int, patterns: CasualtyPatterns) -> Iterator[re.Match[str]]:
    for start, end in _windows(text, body_start, patterns):
        # Extend to the next space so that a number is never cut at the window's edge.
        space = text.find(" ", end)
        yield from patterns.number.finditer(text, start, len(text) if space < 0 else space)


def _candidates(text: str, body_start: int, patterns: CasualtyPatterns) -> Iterator[Candidate]:
    taken_until = body_start
    # A count left without a kind, waiting for the coordinated count that gives it one:
    # (where that next count must start, the count).
    pending: tuple[int, Candidate] | None = None
    for match in _numbers(text, body_start, patterns):
        if match.start() < taken_until:
            continue
        amount = amount_of(match, patterns)
        if amount is None:
            continue
        num_start, num_end = match.span()
        lookback = text[max(body_start, num_start - 80):num_start]
        qual = patterns.qualifier_before.search(lookback)
        qualifier = amount.qualifier
        start = num_start
        if qual:
            qual_text = qual.group("q").strip()
            for pattern, name in patterns.qualifier_of:
                if pattern.search(qual_text):
                    qualifier = name
                    break
            start = num_start - (len(lookback) - qual.start("q"))
        low = RANGE_BEFORE.search(text, max(body_start, num_start - 40), num_start)
        if low and not qual:
            # "entre 500 et 700 blessés": ACLED keeps the low end, as a minimum.
            low_match = patterns.number.fullmatch(low.group("low"))
            low_amount = amount_of(low_match, patterns) if low_match else None
            if low_amount is not None and low_amount.count < amount.count:
                amount = Amount(low_amount.count, "at_least", amount.needs_de)
                qualifier, start = "at_least", low.start()
        if amount.qualifier == "exact" and 1900 <= amount.count <= 2100 \
                and match.group("digits") and match.group("digits").isdigit() \
                and patterns.year_before.search(text[max(body_start, num_start - 20):num_start]):
            continue  # "en 2015", "depuis 2014": a year
        if patterns.partitive_before.search(text[max(body_start, start - 30):start]):
            continue  # "onze des 26 victimes": a subset of a toll given elsewhere
        clause_from = _clause_start(text, start, body_start)
        before = text[clause_from:start]
        if patterns.superseded.search(before) or patterns.hypothetical.search(before[-60:]):
            continue
        candidate = _follow(text, match, amount, qualifier, start, patterns)
        if candidate is None and patterns.raiser_before.search(before[-40:]):
            candidate = _raised(text, match, amount, qualifier, start, patterns)
        if candidate is None:
            candidate = _precede(text, match, amount, qualifier, start, clause_from, patterns)
        if candidate is None:
            coordinated = patterns.coordinated.match(text, num_end)
            if coordinated and not patterns.non_person.match(coordinated.group("np").strip()):
                np = coordinated.group("np")
                v_start = coordinated.start("np") + len(np) - len(np.lstrip())
                pending = (coordinated.end(), Candidate(
                    amount.count, qualifier, "", start, coordinated.end("np"), v_start,
                    coordinated.end("np"), False))
            continue
        if pending and pending[0] == start \
                and (candidate.predicate or candidate.victims_end > candidate.victims_start):
            first = pending[1]
            first.kind = candidate.kind
            candidate.additive = True  # "un homme et une femme": two people, two records
            yield first
        pending = None
        taken_until = candidate.end
        yield candidate


def _follow(text: str, match: re.Match[str], amount: Amount, qualifier: str, start: int,
            patterns: CasualtyPatterns) -> Candidate | None:
    """The kind after the count: "7 morts", "cinq civils ont été tués", "500 ont été blessées"."""
    pattern = patterns.follow_after_de if amount.needs_de else patterns.follow
    tail = pattern.match(text, match.end())
    if tail is None:
        return None
    np = tail.group("np")
    np_text = np.strip()
    if np_text and patterns.non_person.match(np_text):
        return None
    kind = _kind_of(tail.group("kind"), patterns)
    if kind is None:
        return None
    link = tail.group("link")
    if PARTITIVE_COUNT.match(np_text) and not link.strip():
        return None  # "cinq des 31 victimes": part of a toll given elsewhere, not a new one
    np_words = np_text.lower().replace("’", "'").split()
    if np_words and (np_words[-1] in NP_FINAL_PREPOSITIONS or np_words[-1].endswith("'")):
        return None  # "un record de décès", "le nombre de morts": the count is not of the dead
    if not link.strip() and any(w in NP_PREPOSITIONS or w.startswith(("d'", "l'")) for w in np_words[1:]):
        # Without an auxiliary the participle qualifies the nearest noun: in "600 proches des
        # militaires morts" the dead are the soldiers, not the 600.
        return None
    required_number = patterns.single_forms.get(tail.group("kind").lower())
    if required_number is not None and match.group(0).lower() != required_number:
        return None  # "une mort violente" is not "un mort"
    if not np_words and not link.strip() and patterns.needs_subject.match(tail.group("kind")):
        return None  # "deux arrêtés" (municipal orders)
    if AVOIR_AUX.search(link) and not ETRE_PASSIVE.search(link) \
            and not INTRANSITIVE_WITH_AVOIR.search(tail.group("kind")):
        return None  # active voice: "un kamikaze a tué …"
    if "," in link and kind == "context":
        return None
    after = text[tail.end():tail.end() + 25]
    additive = bool(patterns.additive.search(np_text) or patterns.additive.match(after.lstrip()))
    victims_start = tail.start("np") + (len(np) - len(np.lstrip()))
    return Candidate(amount.count, qualifier, kind, start, tail.end(), victims_start,
                     tail.end("np"), additive, predicate=bool(link.strip(" ,")))


def _raised(text: str, match: re.Match[str], amount: Amount, qualifier: str, start: int,
            patterns: CasualtyPatterns) -> Candidate | None:
    """A cumulative toll: "porte à 41 le nombre de militaires tués" / "porte à 20 le bilan"."""
    tail = patterns.raised_toll.match(text, match.end())
    if tail is None:
        return None
    kind = _kind_of(tail.group("kind"), patterns) if tail.group("kind") else "killed"
    if kind is None or kind == "context":
        kind = "killed"
    if tail.group("np") is not None:
        v_start, v_end = tail.span("np")
    else:
        v_start = v_end = tail.end()
    return Candidate(amount.count, qualifier, kind, start, tail.end(), v_start, v_end, False)


# Words that start a new phrase after the victims of a verb-first count: "tué trois soldats |
# la semaine dernière", "interpellé 35 personnes | mardi".
VICTIMS_END_WORDS = frozenset({
    "le", "la", "les", "l'", "ce", "cette", "ces", "cet", "un", "une", "lundi", "mardi", "mercredi",
    "jeudi", "vendredi", "samedi", "dimanche", "hier", "aujourd'hui", "depuis", "dont", "alors",
})


def _trim_victims(text: str, start: int, end: int) -> int:
    """End of the victims' noun phrase [start, end): cut before a determiner or a time word
    that is not the object of "de" ("soldats de la force" keeps "de la force")."""
    previous = ""
    for word in re.finditer(r"[\w'’-]+", text[start:end]):
        lowered = word.group(0).lower().replace("’", "'")
        if lowered in VICTIMS_END_WORDS and previous not in ("de", "à", "d'"):
            return start + len(text[start:start + word.start()].rstrip()) if word.start() else end
        if lowered.startswith("l'") and previous not in ("de", "à"):
            return start + len(text[start:start + word.start()].rstrip()) if word.start() else end
        previous = lowered
    return end


# A partitive count after the counted number ("109 | des 50.000 agents sont morts").
PARTITIVE_COUNT = re.compile(r"des\s+\d", re.IGNORECASE)

# Toll verbs that say the number was passed, not reached.
PASSED = re.compile(r"(?<![\w'’])(?:dépass|franchi)", re.IGNORECASE)

# A complement between a verb and a count that ends on one of these words is not closed: the
# count is its object ("tué dans l'attaque de | trois …").
OPEN_ENDING = re.compile(r"(?:^|[\s'’])(?:de|du|des|d['’]|à|au|aux|en|le|la|les|l['’]|un|une)\s*$", re.IGNORECASE)


def _precede(text: str, match: re.Match[str], amount: Amount, qualifier: str, start: int,
             clause_from: int, patterns: CasualtyPatterns) -> Candidate | None:
    """The kind before the count: "a tué trois soldats", "la mort de quatre soldats",
    "le bilan s'élève à 20"."""
    before = text[clause_from:start]
    kind = None
    trigger_start = start
    verb = patterns.verb_before.search(before[-60:])
    if verb and verb.group("complement") and OPEN_ENDING.search(verb.group("complement")):
        verb = None  # "a tué le chef de | trois …": the count belongs to the complement
    if verb:
        kind = next(k[2:] for k, v in verb.groupdict().items() if v and k.startswith("v_"))
        trigger_start = start - (len(before[-60:]) - verb.start())
    else:
        toll = patterns.toll_before.search(before[-120:])
        if toll:
            kind = next(k[2:] for k, v in toll.groupdict().items() if v)
            trigger_start = start - (len(before[-120:]) - toll.start())
            if qualifier == "exact" and PASSED.search(toll.group(0)):
                qualifier = "at_least"  # "dépasse les 10.000": more than the number given
    if kind is None:
        return None
    if kind == "arrested" and verb and match.group("words") and amount.count == 1:
        return None  # "a arrêté un plan", "arrêter une décision": the verb's other sense
    victims = patterns.victims_after.match(text, match.end())
    end = match.end()
    victims_start = victims_end = end
    additive = False
    if victims:
        np_text = victims.group("np").strip()
        if patterns.non_person.match(np_text):
            return None
        if _kind_of(np_text.split()[0], patterns):
            return None  # "a fait 7 morts": the form after the count decides (handled by _follow)
        victims_start = victims.start("np") + (len(victims.group("np")) - len(victims.group("np").lstrip()))
        victims_end = end = _trim_victims(text, victims_start, victims.end("np"))
        additive = bool(patterns.additive.search(np_text))
    elif amount.needs_de:
        return None
    return Candidate(amount.count, qualifier, kind, trigger_start, end, victims_start,
                     victims_end, additive)


# -- context: sentences, victims' country, date, event ------------------------------------

def _sentence_index(bounds: list[tuple[int, int]], starts: list[int], pos: int) -> int:
    return max(0, bisect_right(starts, pos) - 1)


def _optional(module: str, name: str):
    """A helper of another extractor, or None while it is not written yet."""
    try:
        mod = __import__(f"veille.extract.{module}", fromlist=[name])
        return getattr(mod, name, None)
    except ImportError:
        return None


def _story_country(ctx: DocContext) -> str | None:
    """The country the story happens in: the most named one among places introduced as
    locations ("à Ghazni", "au Mali"), else among all places."""
    text = ctx.text
    located = Counter(p.country for p in ctx.places if p.country
                      and LOCATIVE_BEFORE.search(text, max(0, p.start - 12), p.start))
    countries = located or Counter(p.country for p in ctx.places if p.country)
    return countries.most_common(1)[0][0] if countries else None


def _clause_end(text: str, pos: int) -> int:
    found = CLAUSE_BREAK.search(text, pos)
    return found.start() if found else len(text)


def _country(ctx: DocContext, cand: Candidate, story: str | None) -> str | None:
    """Where the people were hit, as the gold codes it: the place named in the count's clause
    ("tués à Ghazni" → AFG, also for foreign victims), else the story's main country, else the
    victims' own code ("soldats ukrainiens" → UKR). A place elsewhere in the sentence is often
    another country's mention ("suivie de la Grande-Bretagne avec six morts"), so it is not used."""
    text = ctx.text
    clause_from = _clause_start(text, cand.start, ctx.article.body_start)
    clause_from = max(clause_from, text.rfind(",", clause_from, cand.start) + 1)
    clause_to = _clause_end(text, cand.end)
    comma = text.find(",", cand.end, clause_to)
    clause_to = comma if comma >= 0 else clause_to
    nearby = [p for p in ctx.places if clause_from <= p.start and p.end <= clause_to and p.country
              and LOCATIVE_BEFORE.search(text, max(0, p.start - 12), p.start)]
    if nearby:
        place_for = _optional("places", "place_for")
        place = None
        if place_for is not None:
            try:
                place = place_for(ctx, clause_from, clause_to)
            except Exception:  # noqa: BLE001 - a helper being rewritten must not sink the stage
                place = None
        names = {(p.name, p.country) for p in nearby}
        if place is not None and (place.name, place.country) in names:
            return place.country
        middle = (cand.start + cand.end) / 2
        return min(nearby, key=lambda p: abs((p.start + p.end) / 2 - middle)).country
    if story and not cand.listed:
        return story
    actors_in = _optional("mentions", "actors_in")
    if actors_in is not None and cand.victims_end > cand.victims_start:
        try:
            actors = actors_in(ctx, cand.victims_start, cand.victims_end)
        except Exception:  # noqa: BLE001
            actors = []
        for actor in actors or []:
            if getattr(actor, "code", None):
                return actor.code
    return story


def _date(ctx: DocContext, cand: Candidate) -> str | None:
    date_for = _optional("timexes", "date_for")
    if date_for is None:
        return None
    try:
        found = date_for(ctx, cand.start, cand.end)
    except Exception:  # noqa: BLE001
        return None
    if isinstance(found, tuple):
        found = found[0] if found else None
    if found is not None and not isinstance(found, str):
        found = getattr(found, "value", None)
    return found


def _link_event(events: list[Event], casualty: Casualty, sentence: tuple[int, int],
                previous: tuple[int, int] | None) -> None:
    """Write the count onto the nearest event of its kind's type in the same sentence, else on
    the last one of the sentence before when the toll's own sentence reports no event at all
    ("Un kamikaze a attaqué une caserne. L'attentat a fait 20 morts.")."""
    types = EVENT_TYPES_FOR_KIND.get(casualty.kind)
    if not types:
        return

    def within(bounds: tuple[int, int]) -> list[Event]:
        return [e for e in events if e.start < bounds[1] and e.end > bounds[0]]

    here = within(sentence)
    candidates = [e for e in here if e.type in types]
    if candidates:
        event = min(candidates, key=lambda e: min(abs(e.start - casualty.start),
                                                  abs(e.end - casualty.end)))
    elif not here and previous is not None:
        before = [e for e in within(previous) if e.type in types]
        if not before:
            return
        event = max(before, key=lambda e: e.start)
    else:
        return
    field_name = EVENT_FIELD_FOR_KIND[casualty.kind]
    current = getattr(event, field_name)
    if current is None or casualty.count > current:
        setattr(event, field_name, casualty.count)


# -- entry point ---------------------------------------------------------------------------

# A bare count in brackets after a name, in a sentence that has just given a toll: the
# roundup lists of tolls by country ("le Royaume-Uni avec 38.376 morts, l'Italie (33.340),
# le Brésil (28.834)").
LISTED_TOLL = re.compile(
    r"(?:(?<=\s)[ldLD]['’]|(?<![\w'’-]))[A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+)*\s+\((?P<n>\d{1,3}(?:[.\u202f\u00a0 ]\d{3})+|\d+)\)")


def _listed_tolls(text: str, candidates: list[Candidate], bounds: list[tuple[int, int]]) -> list[Candidate]:
    listed: list[Candidate] = []
    starts = [b[0] for b in bounds]
    taken = {(c.start, c.end) for c in candidates}
    for cand in candidates:
        if cand.kind not in CASUALTY_KINDS or not bounds:
            continue
        sentence_end = bounds[_sentence_index(bounds, starts, cand.start)][1]
        for m in LISTED_TOLL.finditer(text, cand.end, sentence_end):
            if (m.start(), m.end()) in taken:
                continue
            taken.add((m.start(), m.end()))
            count = int(re.sub(r"\D", "", m.group("n")))
            if m.group("n").isdigit() and 1900 <= count <= 2100:
                continue  # "selon un rapport de l'ONU (2019)": a year
            if 0 < count <= MAX_PLAUSIBLE_COUNT:
                victims_end = m.start("n") - 1
                while victims_end > m.start() and text[victims_end - 1].isspace():
                    victims_end -= 1
                listed.append(Candidate(count, "exact", cand.kind, m.start(), m.end(), m.start(),
                                        victims_end, False, listed=True))
    return listed


def extract_casualties(ctx: DocContext) -> list[Casualty]:
    text = ctx.text
    patterns = casualty_patterns(ctx)
    candidates = list(_candidates(text, ctx.article.body_start, patterns))
    if not candidates:
        return []
    bounds = ctx.sentences()
    candidates = sorted(candidates + _listed_tolls(text, candidates, bounds), key=lambda c: c.start)
    starts = [b[0] for b in bounds]
    story = _story_country(ctx)
    casualties: list[Casualty] = []
    seen: set[tuple[str, int]] = set()
    last_kind_by_sentence: dict[int, str] = {}
    for cand in candidates:
        sent = _sentence_index(bounds, starts, cand.start)
        if cand.kind == "context":
            # "victimes" is a death toll only right after one (same or previous two sentences).
            recent = [last_kind_by_sentence.get(i) for i in (sent, sent - 1, sent - 2)]
            if next((k for k in recent if k), None) != "killed":
                continue
            cand.kind = "killed"
        last_kind_by_sentence[sent] = cand.kind
        key = (cand.kind, cand.count)
        if key in seen and not cand.additive:
            continue  # the same toll told again
        seen.add(key)
        casualty = Casualty(
            count=cand.count, qualifier=cand.qualifier, kind=cand.kind,
            victims=text[cand.victims_start:cand.victims_end] or None,
            country=_country(ctx, cand, story), date=_date(ctx, cand),
            evidence=text[cand.start:cand.end], start=cand.start, end=cand.end)
        casualties.append(casualty)
        if bounds:
            _link_event(ctx.events, casualty, bounds[sent], bounds[sent - 1] if sent else None)
    return casualties
