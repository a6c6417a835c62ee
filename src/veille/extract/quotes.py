"""Direct quotations and their speakers.

Entry point: `extract_quotes(ctx) -> list[Quote]`.

1. Spans: the quotation marks of `speech.yaml` are paired by a left-to-right scan. The straight
   double quote (the most common mark in wire copy) opens or closes according to the characters
   around it, and a mark that can only open while a quote is pending drops the pending (orphan)
   one, so one stray mark never shifts the pairing of the rest of the article. Glued sentences
   (`blessés."Toutes`) and glued closings (`ennemi".L'Afghanistan`) are handled at that level,
   on characters, before any token is read.
2. Not quotes: intertitles (`- "Trop tard" -`, or a short heading glued to the next sentence),
   titles of works (`le film "..."`) and one- or two-word labels with no speech cue.
3. The cue, in order of reliability: an incise right after the closing mark (`", a-t-il ajouté`,
   `", soupire-t-elle`, `", a déclaré le ministre X`, `", selon X`; in an incise any verb reports
   speech, so verbs missing from the lexicon are found too), the nearest speech verb or `selon X`
   before the quote in its sentence (partial quotes, colon after the speaker; it wins over a
   channel such as `selon X` or `rapporte Le Parisien` after the quote), an incise later in the
   same sentence, a speaker given by the sentence without a speech verb (`Pour X, « … »`,
   `L'agence « recommande … »`), and for a quote that is a sentence on its own, the speaker of
   the quote just before or of the speech verb of the sentence before.
4. The speaker phrase is resolved to a canonical name: a person's full name given earlier
   (`M. Shaheen` → `Suhail Shaheen`), a pronoun to the last compatible speaker or person
   (gender, number), a definite title (`le porte-parole`) to the last person with that title,
   an indefinite spokesperson of an organisation (`un porte-parole de l'Otan`) to the
   organisation, an anonymous person (`un manifestant`) or `on` to no speaker, a bare
   institution to its country's (`le gouvernement` of AFG → `gouvernement afghan`). Codes and
   sectors come from the mentions stage when it found the speaker.
5. Wire copy as it is: a name given in apposition to a long title (`le directeur général de
   l'OMS, Tedros …`, `…, le colonel X`), the antecedent of a relative `qui`, an organisation
   with its acronym (`la Mission … en Libye (Manul)`, later `la Manul`), a definite `le
   quotidien` / `l'ONG` / `la police` for the one just named, `cette source` / `ce communiqué`
   for the last speaker, and scraped text whose sentences are glued (`du TPIR.Félicien`: no name
   crosses a full stop glued to a capital). A quote that opens its sentence with no cue, or a
   partial quote in a short sentence with no one else named, goes on with the last speaker.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable

from veille.extract.context import DocContext, Mention
from veille.records import Quote, Speaker

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

STRAIGHT = '"'
# Spaces a typesetter puts inside « » (normal, no-break, narrow no-break).
INNER_SPACE = " \t\u00a0\u202f\u2009"
SENTENCE_END = ".!?…"
# Words between a comma and the speech verb of an incise: auxiliaries and adverbs.
MAX_INCISE_LEAD = 6
# A definite title or a pronoun looks this many sentences back for its antecedent first.
ANTECEDENT_SENTENCES = 3
# Inverted subject clitics ("a-t-il", "dit-elle") with their gender and number.
SUBJECT_PRONOUN_CLITICS = MappingProxyType({"-il": ("m", "sg"), "-elle": ("f", "sg"),
                                            "-ils": ("m", "pl"), "-elles": ("f", "pl"),
                                            "-on": (None, "sg")})
NP_STOP_WORDS = frozenset("qui que qu' qu’ dont lequel laquelle lesquels lesquelles où et ou".split())
OF_WORDS = frozenset("de du des d' d’".split())
DEFINITE = frozenset("le la l' l’ les ce cet cette ces".split())


_CLITIC = re.compile(r"^-?(?:t-)?(il|elle|ils|elles|on)$")
_LEADING_WORD = re.compile(r"[^\W\d_]+")
# A full stop glued to a capital ("TPIR.Félicien"): scraped text glues sentences; no name
# crosses it.
_GLUED_STOP = re.compile(r"(?<=\w)[.!?](?=[A-ZÀ-ÖØ-Ý])|(?<=[A-ZÀ-ÖØ-Ý]{3})(?=[A-ZÀ-ÖØ-Ý][a-zà-öø-ÿ])")


def _clitic(low: str) -> tuple[str | None, str] | None:
    """(gender, number) of an inverted subject clitic: "-il", "-t-elle", "t-il" (a common typo)."""
    m = _CLITIC.match(low)
    if m is None or low == m.group(1):
        return None
    return SUBJECT_PRONOUN_CLITICS["-" + m.group(1)]


# --------------------------------------------------------------------------------------------
# Resources, compiled once per resource digest
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SpeechLexicon:
    openers: dict[str, str]                 # opening mark -> closing mark (not the straight one)
    closers: frozenset[str]
    mark_pattern: re.Pattern[str]
    single_verbs: frozenset[str]            # infinitives of one word
    pronominal_verbs: frozenset[str]        # "dire" for "se dire": needs a reflexive clitic
    verb_tails: dict[str, tuple[tuple[str, ...], ...]]  # "mettre" -> (("en", "garde"),)
    participles: dict[str, str]             # any-POS inflected form -> infinitive
    finite_forms: dict[str, str]            # present/imperfect forms, trusted on verbs only
    according_to: tuple[tuple[str, ...], ...]
    according_phrases: tuple[str, ...]      # lower case, straight apostrophe
    according_initials: frozenset[str]
    honorifics: dict[str, str | None]
    pronouns: dict[str, tuple[str | None, str]]
    roles: frozenset[str]                   # office holders and spokespersons
    office_holders: frozenset[str]
    spokespersons: frozenset[str]
    institutions: frozenset[str]
    audiences: tuple[str, ...]
    anonymous: frozenset[str]
    documents: frozenset[str]
    generic_organisations: frozenset[str]
    work_titles: frozenset[str]
    anaphors: dict[str, str | None]
    time_words: frozenset[str]
    according_words: frozenset[str]
    channel_forms: frozenset[str]           # "rapporte", "cite": the medium, not the speaker
    person_suffixes: tuple[str, ...]
    national_institutions: frozenset[str]
    epicene_titles: frozenset[str]
    name_particles: frozenset[str]
    opening_source: re.Pattern[str]        # "Pour X, « … »" at the start of a sentence
    auxiliaries: frozenset[str]             # of a compound incise, read on the text
    clitic_incise: re.Pattern[str]


def _clitic_incise_pattern(auxiliaries: list[str]) -> re.Pattern[str]:
    """After a closing mark: `, a-t-il`, `, s'est-elle`, `, avait-il` (a participle follows) or
    `, soupire-t-il`, `, dit-elle`, `, lance t-il` (the verb is the word before the clitic)."""
    aux = "|".join(re.escape(a) for a in sorted(auxiliaries, key=len, reverse=True))
    return re.compile(
        r"[\s\u00a0]*,?[\s\u00a0]*(?P<cue>(?:(?P<aux>(?:s['’])?(?:" + aux + r"))|"
        r"(?:(?:se|s['’])\s*)?[a-zà-öø-ÿ]+)(?:-t-|-|\s+t-|\s-t-)(?P<pro>il|elle|ils|elles|on))\b",
        re.IGNORECASE)


def _er_forms(verb: str) -> dict[str, str]:
    """Participles and 3rd-person forms of a regular -er verb ("ajouter" -> ajouté, ajoute...)."""
    stem = verb[:-2]
    forms = {stem + "é": "part", stem + "ée": "part", stem + "e": "fin", stem + "ent": "fin",
             stem + "ait": "fin", stem + "aient": "fin", stem + "era": "fin"}
    grave = re.search(r"é([^aeiouyéèêë]+)$", stem)
    if grave:  # "suggérer" -> "suggère", "révéler" -> "révèlent"
        alt = stem[:grave.start()] + "è" + grave.group(1)
        forms.update({alt + "e": "fin", alt + "ent": "fin"})
    return forms


def _compile(data: Any) -> SpeechLexicon:
    openers = {o: c for o, c in data["marks"] if o != STRAIGHT}
    marks = "".join(sorted({m for pair in data["marks"] for m in pair}))
    single: set[str] = set()
    pronominal: set[str] = set()
    tails: dict[str, list[tuple[str, ...]]] = {}
    participles: dict[str, str] = {}
    finite: dict[str, str] = {}
    for entry in data["verbs"]:
        words = entry.lower().replace("’", "'").split()
        if words[0] in ("se", "s'") or words[0].startswith("s'"):
            lemma = words[1] if words[0] == "se" else words[0][2:]
            pronominal.add(lemma)
            words = [lemma] + words[2 if words[0] == "se" else 1:]
        head = words[0]
        if len(words) > 1:
            tails.setdefault(head, []).append(tuple(words[1:]))
        elif entry.lower() not in ("se dire",):
            single.add(head)
        if head.endswith("er"):
            for form, kind in _er_forms(head).items():
                (participles if kind == "part" else finite)[form] = head
    for verb, forms in data["forms"].items():
        head = verb.lower().split()[-1] if verb.startswith(("se ", "s'")) else verb.lower().split()[0]
        for form in forms:
            first = form.lower().split()[0]
            if first.endswith(("é", "i", "u", "is", "it")) and not first.endswith("ait"):
                participles[first] = head
            else:
                finite[first] = head
    according = tuple(tuple(a.lower().replace("’", "'").replace("'", "' ").split())
                      for a in data["according_to"])
    return SpeechLexicon(
        openers=openers,
        closers=frozenset(openers.values()),
        mark_pattern=re.compile("[" + re.escape(marks) + "\n]"),
        single_verbs=frozenset(single),
        pronominal_verbs=frozenset(pronominal),
        verb_tails={k: tuple(v) for k, v in tails.items()},
        participles=participles,
        finite_forms=finite,
        according_to=according,
        according_phrases=tuple(sorted({a.lower().replace("’", "'") for a in data["according_to"]},
                                       key=len, reverse=True)),
        according_initials=frozenset(a[:1].lower() for a in data["according_to"]),
        honorifics={k.lower(): v for k, v in data["honorifics"].items()},
        pronouns={k.lower(): (v[0], v[1]) for k, v in data["pronouns"].items()},
        roles=frozenset(r.lower() for r in data["office_holders"] + data["spokespersons"]),
        office_holders=frozenset(r.lower() for r in data["office_holders"]),
        spokespersons=frozenset(r.lower() for r in data["spokespersons"]),
        institutions=frozenset(w for r in data["institutions"] for w in (r.lower(), _fold(r))),
        audiences=tuple(sorted((a.lower().replace("’", "'") for a in data["audiences"]), key=len, reverse=True)),
        anonymous=frozenset(a.lower() for a in data["anonymous"]),
        documents=frozenset(d.lower() for d in data["documents"]),
        generic_organisations=frozenset(w.lower() for w in data.get("generic_organisations", ())),
        work_titles=frozenset(w.lower() for w in data["work_titles"]),
        anaphors={k.lower(): v for k, v in data["anaphors"].items()},
        time_words=frozenset(w.lower() for w in data["time_words"]),
        according_words=frozenset(_fold(w) for words in according for w in words),
        channel_forms=frozenset(_fold(f) for v in data["channel_verbs"] for f in
                                [v] + list(_er_forms(v)) if v.endswith("er")),
        person_suffixes=tuple(w.lower() for w in data["person_suffixes"]),
        national_institutions=frozenset(w for r in data["national_institutions"] for w in (r.lower(), _fold(r))),
        auxiliaries=frozenset(w.lower() for w in data["auxiliaries"]),
        clitic_incise=_clitic_incise_pattern(data["auxiliaries"]),
        epicene_titles=frozenset(w.lower() for w in data["epicene_titles"]),
        name_particles=frozenset(w.lower() for w in data["name_particles"]),
        opening_source=re.compile(r"\W*(" + "|".join(
            re.escape(w).replace("'", "['’]") for w in sorted(data["opening_sources"], key=len, reverse=True))
            + r")\s+", re.IGNORECASE),
    )


@lru_cache(maxsize=2)
def _lexicon_for_digest(digest: str) -> SpeechLexicon | None:
    """The compiled lexicon of the process's resources (compiled once per resource digest)."""
    from veille.resources import load_resources

    resources = load_resources()
    if not digest or resources.digest != digest:
        return None
    return _compile(resources.data("speech"))


@lru_cache(maxsize=2)
def _demonyms_for_digest(digest: str) -> dict[str, tuple[str, ...]] | None:
    from veille.resources import load_resources

    resources = load_resources()
    if not digest or resources.digest != digest:
        return None
    return _compile_demonyms(_countries_of(resources))


def _compile_demonyms(countries: Any) -> dict[str, tuple[str, ...]]:
    """ISO3 -> demonyms (m. sg., f. sg., [m. pl.,] f. pl.) from the actors' countries.yaml."""
    out: dict[str, tuple[str, ...]] = {}
    for row in countries or []:
        if isinstance(row, dict) and row.get("iso3") and row.get("demonyms"):
            out[row["iso3"]] = tuple(row["demonyms"])
    return out


def _demonyms(ctx: DocContext) -> dict[str, tuple[str, ...]]:
    compiled = _demonyms_for_digest(getattr(ctx.resources, "digest", ""))
    if compiled is not None:
        return compiled
    return _compile_demonyms(_countries_of(ctx.resources))


def _countries_of(resources: Any) -> Any:
    """The actors' countries.yaml, or nothing when this resource set has none."""
    from veille.resources import ResourceError

    try:
        return resources.data("countries")
    except ResourceError:
        return None


def lexicon_of(ctx: DocContext) -> SpeechLexicon:
    compiled = _lexicon_for_digest(getattr(ctx.resources, "digest", ""))
    # Resources other than the process's own (a test's in-memory set) are compiled per call.
    return compiled if compiled is not None else _compile(ctx.resources.data("speech"))


# --------------------------------------------------------------------------------------------
# 1. Quote spans
# --------------------------------------------------------------------------------------------

@dataclass(slots=True)
class QuoteSpan:
    open: int          # offset of the opening mark
    close: int         # offset of the closing mark (or of the paragraph end for a continued quote)
    start: int         # inner text, without the spaces inside the marks
    end: int
    continued: bool = False  # the quote goes on in the next paragraph
    glued_next: bool = False  # the closing mark is followed by a letter or a mark with no space


def _inner(text: str, open_pos: int, close_pos: int) -> tuple[int, int]:
    start, end = open_pos + 1, close_pos
    while start < end and text[start] in INNER_SPACE:
        start += 1
    while end > start and text[end - 1] in INNER_SPACE + "\n":
        end -= 1
    return start, end


def find_quote_spans(text: str, lex: SpeechLexicon, begin: int = 0) -> list[QuoteSpan]:
    """Pair the quotation marks of `text` from `begin` on (see the module docstring)."""
    spans: list[QuoteSpan] = []
    pending: int | None = None         # offset of the pending opening mark
    closer: str | None = None          # the mark that closes it
    n = len(text)

    def emit(open_pos: int, close_pos: int, continued: bool = False) -> None:
        start, end = _inner(text, open_pos, close_pos)
        if end > start:
            after = text[close_pos + 1] if close_pos + 1 < n and not continued else " "
            glued = after.isalpha() or after in lex.openers or after == STRAIGHT
            spans.append(QuoteSpan(open_pos, close_pos, start, end, continued, glued))

    for match in lex.mark_pattern.finditer(text, begin):
        i, mark = match.start(), match.group()
        prev = text[i - 1] if i > begin else " "
        nxt = text[i + 1] if i + 1 < n else " "
        if mark == "\n":
            if pending is None:
                continue
            # A quote runs on into the next paragraph only if that paragraph opens with a mark.
            j = i + 1
            while j < n and text[j] in INNER_SPACE + "\n":
                j += 1
            if j < n and (text[j] == closer or text[j] == STRAIGHT or text[j] in lex.openers
                          or (closer and text[j] == _opener_of(lex, closer))):
                if text[pending + 1:i].strip():
                    emit(pending, i, continued=True)
                pending = j
                continue
            pending = closer = None
            continue
        if pending is not None and i == pending:
            continue  # the continuation mark already taken as the new opening
        if mark == STRAIGHT:
            can_close = not prev.isspace() and i > begin
            can_open = not nxt.isspace() and not prev.isalnum()
            if pending is None:
                if can_open:
                    pending, closer = i, STRAIGHT
            elif closer == STRAIGHT:
                if can_close and i > pending + 1:
                    emit(pending, i)
                    pending = closer = None
                elif can_open:
                    pending = i  # the pending mark was a stray one
            continue
        if pending is not None and mark == closer:
            emit(pending, i)
            pending = closer = None
        elif mark in lex.openers:
            if pending is None:
                pending, closer = i, lex.openers[mark]
            elif closer == lex.openers[mark]:
                pending = i  # the same opening mark again: the pending one was a stray one
            # any other mark inside a quotation is a nested quotation, part of the text
    return spans


def _opener_of(lex: SpeechLexicon, closer: str) -> str | None:
    for o, c in lex.openers.items():
        if c == closer:
            return o
    return None


# --------------------------------------------------------------------------------------------
# Sentences (on characters: the parser's sentences break inside quotes and at glued marks)
# --------------------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?…]+(?=[\s\"«“‹]*[A-ZÀ-ÖØ-Ý0-9\"«“‹\-])|\n+")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:M|Mme|Mlle|MM|Dr|Pr|Me|St|Ste|Mgr|av|J\.-C))$")


class Sentences:
    """Sentence boundaries that never fall inside a quotation."""

    def __init__(self, text: str, quotes: list[QuoteSpan], begin: int):
        inside = [(q.start, q.end) for q in quotes]
        starts = [q[0] for q in inside]
        bounds = [begin]
        for m in _BOUNDARY.finditer(text, begin):
            if m.group().startswith("\n"):
                bounds.append(m.end())
                continue
            if _ABBREVIATION.search(text, max(begin, m.start() - 6), m.start()):
                continue
            k = bisect.bisect_right(starts, m.start()) - 1
            if k >= 0 and inside[k][0] <= m.start() < inside[k][1]:
                # `"… en forme." Le maire …`: a quote that ends its sentence inside the marks.
                close = quotes[k].close
                if m.end() >= inside[k][1] and not quotes[k].continued and \
                        re.match(r"[ \t\u00a0]+[A-ZÀ-ÖØ-Ý«\"“]", text[close + 1:close + 4]):
                    bounds.append(close + 1)
                continue
            end = m.end()
            # A closing mark right after the full stop belongs to the sentence it closes.
            while end < len(text) and text[end] in "\"»”›" and not (end + 1 < len(text) and text[end + 1].isalpha()):
                end += 1
            bounds.append(end)
        self.bounds = sorted(set(bounds))
        self.length = len(text)

    def index(self, pos: int) -> int:
        return bisect.bisect_right(self.bounds, pos) - 1

    def span(self, pos: int) -> tuple[int, int]:
        k = self.index(pos)
        end = self.bounds[k + 1] if k + 1 < len(self.bounds) else self.length
        return self.bounds[k], end


# --------------------------------------------------------------------------------------------
# Speakers: phrases, people and candidates for pronouns and titles
# --------------------------------------------------------------------------------------------

def _fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


@dataclass(slots=True)
class Candidate:
    """Someone the article has named or made speak, as an antecedent for pronouns and titles."""

    name: str | None
    pos: int
    gender: str | None
    number: str
    roles: frozenset[str]
    sentence: int
    salient: bool              # a subject or a speaker, not a mere mention
    code: str | None = None
    sector: str | None = None


@dataclass(slots=True)
class Attribution:
    cue: str | None
    speaker: Speaker | None
    candidate: Candidate | None = None


@dataclass
class ArticleView:
    """Everything one article's attribution reads, built once per article."""

    ctx: DocContext
    lex: SpeechLexicon
    text: str
    doc: "Doc"
    quotes: list[QuoteSpan]
    sentences: Sentences
    token_starts: list[int]
    quote_starts: list[int]
    persons: list[Candidate] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    ent_at: dict[int, "Span"] = field(default_factory=dict)

    # -- positions ------------------------------------------------------------------------
    def token_at(self, pos: int) -> int:
        """Index of the token that contains or follows character `pos`."""
        i = bisect.bisect_right(self.token_starts, pos) - 1
        if i >= 0:
            tok = self.doc[i]
            if pos >= tok.idx + len(tok.text):
                i += 1
        return max(i, 0)

    def timex_end(self, pos: int) -> int:
        """End of the time expression starting at `pos` ("ce vendredi 18 août"), or -1."""
        for t in self.ctx.timexes:
            if t.start == pos:
                return t.end
        return -1

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and self.quotes[k].open <= pos <= self.quotes[k].close

    def tokens(self, start: int, end: int) -> Iterable["Token"]:
        """Tokens starting in [start, end), outside quotations."""
        for i in range(self.token_at(start), len(self.doc)):
            tok = self.doc[i]
            if tok.idx >= end:
                break
            if not self.in_quote(tok.idx) or tok.text in (STRAIGHT,):
                yield tok


def _mark_token(tok: "Token") -> bool:
    return any(c in tok.text for c in "\"«»“”‹›„")


def _gender_of(tok: "Token") -> str | None:
    g = tok.morph.get("Gender")
    if g:
        return "f" if g[0] == "Fem" else "m"
    return None


def _number_of(tok: "Token") -> str | None:
    n = tok.morph.get("Number")
    if n:
        return "pl" if n[0] == "Plur" else "sg"
    return None


def _is_name_token(tok: "Token") -> bool:
    t = tok.text
    return bool(t) and t[0].isupper() and any(c.isalpha() for c in t) and not _mark_token(tok)


class Resolver:
    """Speaker phrases to names, over one article."""

    def __init__(self, art: ArticleView):
        self.art = art
        self.lex = art.lex
        self.last_speaker: tuple[Speaker | None, Candidate | None, int] | None = None
        self.long_forms: list[tuple[int, int, str]] = []   # (start, end, "Full Name (ACR)")
        self.acronyms: dict[str, str] = {}                 # "manul" -> "Full Name (Manul)"
        self._build_long_forms()
        self._build_persons()

    # -- organisations named in full with their acronym -------------------------------------
    def _build_long_forms(self) -> None:
        """`la Mission d'appui des Nations unies en Libye (Manul)`: the full name runs back from
        the parenthesis to the capitalised word that starts like the acronym."""
        art = self.art
        doc = art.doc
        for tok in doc:
            if tok.text != "(" or tok.i + 2 >= len(doc) or doc[tok.i + 2].text != ")" or tok.i == 0:
                continue
            acr = doc[tok.i + 1].text
            if not (2 <= len(acr) <= 8 and acr.isalpha() and acr[0].isupper()
                    and sum(c.isupper() for c in acr) >= 1) or art.in_quote(tok.idx):
                continue
            sent_start = art.sentences.span(tok.idx)[0]
            start = None
            k = tok.i - 1
            while k >= 0 and tok.i - k <= 14 and doc[k].idx >= sent_start:
                t = doc[k]
                if t.is_punct and t.text not in ("-", "'", "’") or _mark_token(t) or \
                        t.pos_ in ("AUX", "PRON", "SCONJ") or \
                        (t.pos_ == "VERB" and "Part" not in t.morph.get("VerbForm")):
                    break
                if t.text[:1] == acr[0] and t.text[:1].isupper():
                    start = k
                k -= 1
            if start is None or start >= tok.i - 1 and not doc[start].text.isupper():
                continue
            first, last = doc[start], doc[tok.i - 1]
            end = doc[tok.i + 2].idx + 1
            name = art.text[first.idx:last.idx + len(last.text)] + f" ({acr})"
            self.long_forms.append((first.idx, end, name))
            self.acronyms.setdefault(_fold(acr), name)

    def long_form(self, name: str, start: int, end: int) -> tuple[str, int] | None:
        """(full name, end) of an organisation phrase: the full name when the phrase starts
        one given with its acronym, or is that acronym."""
        for s, e, full in self.long_forms:
            if s == start and e >= end:
                return full, e
        full = self.acronyms.get(_fold(name))
        if full is not None:
            return full, end
        return None

    # -- people named in the article --------------------------------------------------------
    def _person_name(self, span: "Span") -> tuple[str, int, int, str | None] | None:
        """(name, start char, end char, gender from honorific) of the person an entity names."""
        toks = [t for t in span if not _mark_token(t)]
        gender = None
        while toks and (toks[0].lower_.rstrip(".") in self.lex.honorifics
                        or toks[0].lower_ in self.lex.honorifics or not _is_name_token(toks[0])
                        or toks[0].lower_ in self.lex.roles):
            key = toks[0].lower_ if toks[0].lower_ in self.lex.honorifics else toks[0].lower_.rstrip(".")
            if key in self.lex.honorifics:
                gender = self.lex.honorifics[key]
            toks = toks[1:]
        # "AFP Ashok Subron": an acronym glued before a name by the NER is not part of it.
        while len(toks) > 2 and toks[0].text.isupper() and len(toks[0].text) > 1:
            toks = toks[1:]
        # "Premier ministre mauricien Pravind Jugnauth": keep the run of capitalised words at the end.
        run: list["Token"] = []
        for t in reversed(toks):
            if _is_name_token(t) or (run and (t.lower_ in self.lex.name_particles or t.text == "-")):
                run.insert(0, t)
            else:
                break
        while run and not _is_name_token(run[0]):
            run = run[1:]
        if not run:
            return None
        name = self.art.text[run[0].idx:run[-1].idx + len(run[-1].text)]
        start = run[0].idx
        glued = list(_GLUED_STOP.finditer(name))
        if glued:  # "TPIR.Félicien Kabuga": the name starts after the glued full stop
            cut = glued[-1].end()
            name, start = name[cut:], start + cut
            if not name:
                return None
        return name, start, run[-1].idx + len(run[-1].text), gender

    def _context_roles(self, first: int, last: int) -> tuple[frozenset[str], str | None]:
        """Role words and gender around a name: `le porte-parole taliban X`, `X, porte-parole de Y`.

        The gender is that of the title (the leftmost role noun and its determiner), not of the
        nearest noun: "le porte-parole du gouverneur de la province, X" is a man."""
        doc, lex = self.art.doc, self.lex
        roles: set[str] = set()
        sent_start, sent_end = self.art.sentences.span(doc[first].idx)
        window: list["Token"] = []
        i = first - 1
        while i >= 0 and len(window) < 14 and doc[i].idx >= sent_start:
            tok = doc[i]
            if tok.pos_ in ("VERB", "AUX") or tok.text in SENTENCE_END or _mark_token(tok):
                break
            window.insert(0, tok)
            i -= 1
        j = last + 1
        if j < len(doc) and doc[j].text == ",":
            j += 1
            while j < len(doc) and j - last < 8 and doc[j].idx < sent_end:
                tok = doc[j]
                if tok.pos_ in ("VERB", "AUX") or tok.text in (",", ".") or _mark_token(tok):
                    break
                window.append(tok)
                j += 1
        gender = None
        # Title words run from the leftmost title noun ("le porte-parole taliban X"); without
        # one, only the words after the last comma ("A la sortie de la Maison Blanche, X" gives
        # X no title).
        first_role = next((k for k, t in enumerate(window)
                           if t.lower_ in lex.roles or t.lemma_.lower() in lex.roles), None)
        if first_role is None:
            commas = [k for k, t in enumerate(window) if t.text == "," and window[k].i < first]
            first_role = commas[-1] + 1 if commas else 0
        window = window[first_role:]
        for k, tok in enumerate(window):
            if tok.pos_ in ("NOUN", "ADJ", "PROPN"):
                roles.add(tok.lemma_.lower())
                roles.add(tok.lower_)
            if gender is None and (tok.lower_ in lex.roles or tok.lemma_.lower() in lex.roles):
                det = window[k - 1] if k > 0 and window[k - 1].pos_ == "DET" else None
                gender = _gender_of(det) if det is not None else None
                gender = gender or (_gender_of(tok) if tok.lower_ not in lex.epicene_titles else None)
        return frozenset(roles), gender

    def _build_persons(self) -> None:
        art = self.art
        seen: set[tuple[int, int]] = set()
        for ent in art.doc.ents:
            art.ent_at[ent.start] = ent
            if ent.label_ not in ("PER", "MISC", "ORG") and not self._titled_apposition(ent):
                continue
            if art.in_quote(ent.start_char):
                continue
            found = self._person_name(ent)
            if found is None:
                continue
            name, s, e, gender = found
            if ent.label_ != "PER" and self._titled_apposition(ent):
                pass  # "le directeur de l'hôpital de Tarhouna, Abouraoui al-Bouzedi," (LOC for the NER)
            elif ent.label_ != "PER":
                # An ORG/MISC entity only names a person when a title precedes the name in it,
                # or right before it: "la ministre de l'Education Betsy DeVos" (MISC for the NER).
                before = art.text[ent.start_char:s].lower().split()
                # The title right before the name: "ministre", "ministre de l'", "ministre du".
                lead = list(art.doc[max(0, ent.start - 3):ent.start])
                while lead and (lead[-1].pos_ == "DET" or lead[-1].lower_ in OF_WORDS) and len(lead) > 1:
                    lead = lead[:-1]
                titled_before = bool(lead) and (lead[-1].lower_ in self.lex.roles or
                                                lead[-1].lemma_.lower() in self.lex.roles)
                if not any(w.strip(".") in self.lex.roles or w in self.lex.honorifics for w in before) \
                        and not titled_before:
                    continue
                if titled_before and s == ent.start_char and len(name.split()) >= 3 and \
                        ent.start > 0 and (art.doc[ent.start - 1].lower_ in OF_WORDS or
                                           art.doc[ent.start - 1].pos_ == "DET"):
                    # "ministre de l'Education Betsy DeVos": the first word is the portfolio.
                    cut = name.index(" ") + 1
                    name, s = name[cut:], s + cut
                if len(name.split()) < 2:
                    continue
            if (s, e) in seen:
                continue
            seen.add((s, e))
            first = art.token_at(s)
            last = art.token_at(e - 1)
            roles, ctx_gender = self._context_roles(ent.start, ent.end - 1)
            gender = gender or ctx_gender
            full = self.full_name(name, s)
            person = Candidate(full, s, gender, "sg", roles, art.sentences.index(s),
                               salient=art.doc[first].dep_.startswith("nsubj") or
                               art.doc[last].head.dep_.startswith("nsubj") or self._titled_subject(ent))
            mention = _mention_over(art.ctx.mentions, s, e, None)
            if mention is not None and mention.label in ("PER", "AGENT"):
                person.code, person.sector = mention.code, mention.sector
            # The same person seen again keeps the roles and code given the first time.
            for earlier in art.persons:
                if earlier.name == full:
                    person.roles = person.roles | earlier.roles
                    person.gender = person.gender or earlier.gender
                    person.code = person.code or earlier.code
                    person.sector = person.sector or earlier.sector
            art.persons.append(person)
            art.candidates.append(person)
        self._add_title_subjects()
        art.candidates.sort(key=lambda c: c.pos)

    def _titled_apposition(self, ent: "Span") -> bool:
        """A name of two words or more between commas right after a title phrase: `le directeur
        de l'hôpital public de Tarhouna, Abouraoui al-Bouzedi,`."""
        doc = self.art.doc
        if len(ent) < 2 or ent.start < 2 or doc[ent.start - 1].text != "," or \
                not all(_is_name_token(t) or t.text == "-" or t.lower_ in self.lex.name_particles for t in ent) or \
                any(t.text.isupper() and len(t.text) > 1 for t in ent):
            return False
        if ent.end < len(doc) and doc[ent.end].text not in (",", ".") and doc[ent.end].pos_ not in ("AUX", "VERB"):
            return False
        k = ent.start - 2
        while k >= 0 and ent.start - k <= 12 and doc[k].text not in (",", ".") and not _mark_token(doc[k]) \
                and doc[k].pos_ not in ("VERB", "AUX"):
            if doc[k].lower_ in self.lex.roles or doc[k].lemma_.lower() in self.lex.roles:
                return k > 0 and doc[k - 1].pos_ == "DET"
            k -= 1
        return False

    def _titled_subject(self, ent: "Span") -> bool:
        """`Le sénateur Ivan Moreno a déposé`: the name of a title that is the subject."""
        t = ent.root
        for _ in range(3):
            if t.dep_.startswith("nsubj"):
                return True
            head = t.head
            if head is t or not (t.dep_ in ("flat", "flat:name", "appos") or
                                 (t.dep_ in ("nmod", "amod") and (head.lower_ in self.lex.roles or
                                                                  head.lemma_.lower() in self.lex.roles))):
                return False
            t = head
        return t.dep_.startswith("nsubj")

    def _add_title_subjects(self) -> None:
        """Subjects that are definite titles ("Le président américain a estimé ...") are
        antecedents too, standing for the person the title resolves to."""
        art, lex = self.art, self.lex
        for tok in art.doc:
            if not tok.dep_.startswith("nsubj") or tok.pos_ != "NOUN":
                continue
            if tok.lower_ not in lex.office_holders and tok.lemma_.lower() not in lex.office_holders:
                continue
            det = art.doc[tok.i - 1] if tok.i > 0 else None
            if det is None or det.pos_ != "DET" or det.lower_ not in ("le", "la", "l'", "l’", "ce", "cette", "cet"):
                continue
            if art.in_quote(tok.idx) or any(art.doc[k].ent_type_ == "PER" for k in range(tok.i, min(tok.i + 6, len(art.doc)))):
                continue  # a named person is already a candidate
            nxt = art.doc[tok.i + 1] if tok.i + 1 < len(art.doc) else None
            if nxt is not None and nxt.lower_ in OF_WORDS:
                continue  # "le président de Debout la France": someone the article may never name
            phrase = art.doc[det.i:tok.i + 1]
            role = tok.lemma_.lower() if tok.lemma_.lower() in lex.roles else tok.lower_
            gender = _gender_of(det) or self._np_gender(phrase)
            cand = self._title_antecedent(phrase, role, None, False, gender, "sg")
            if cand is not None and cand.name:
                art.candidates.append(Candidate(cand.name, det.idx, gender or cand.gender, "sg",
                                                cand.roles | {role}, art.sentences.index(det.idx),
                                                True, cand.code, cand.sector))

    def full_name(self, name: str, pos: int) -> str:
        """`Shaheen` or `M. Shaheen` -> the longest name with that surname given in the article."""
        words = name.split()
        if not words or len(words) >= 2 and not words[0].rstrip(".").lower() in self.lex.honorifics:
            return name  # a first name and a surname: already full
        last = _fold(words[-1])
        same = [p for p in self.art.persons
                if p.name and len(p.name.split()) >= 2 and _fold(p.name.split()[-1]) == last]
        before = [p for p in same if p.pos < pos]
        if before:
            return before[-1].name or name  # the nearest one named before ("Marcel" or "Jacqueline")
        return max((p.name or "" for p in same), key=len, default=name) or name

    # -- antecedents ------------------------------------------------------------------------
    def antecedent(self, pos: int, gender: str | None, number: str | None,
                   role: str | None = None, near_only: bool = False,
                   persons_only: bool = False) -> Candidate | None:
        """The last compatible speaker or person before `pos`: same role first, then the most
        salient in the nearest sentence."""
        here = self.art.sentences.index(pos)
        pool = [c for c in self.art.candidates if c.pos < pos and c.name]

        def fits(c: Candidate) -> bool:
            if number and c.number and c.number != number:
                return False
            return not (gender and c.gender and c.gender != gender)

        pool = [c for c in pool if fits(c)]
        if persons_only:
            names = {p.name for p in self.art.persons}
            pool = [c for c in pool if c.name in names]
        if not pool:
            return None
        if role:
            same = [c for c in pool if role in c.roles]
            if same:
                return same[-1]
        near = [c for c in pool if here - c.sentence <= ANTECEDENT_SENTENCES]
        if near:
            latest = max(c.sentence for c in near)
            in_latest = [c for c in near if c.sentence == latest]
            salient = [c for c in in_latest if c.salient]
            if salient:
                return salient[-1]
            # A name mentioned in passing does not take the floor from the last speaker or
            # subject of the sentences before.
            salient = [c for c in near if c.salient and latest - c.sentence <= 1]
            return (salient or in_latest)[-1]
        return None if near_only else pool[-1]

    def remember(self, cand: Candidate) -> None:
        bisect.insort(self.art.candidates, cand, key=lambda c: c.pos)

    # -- speaker phrases --------------------------------------------------------------------
    def noun_phrase(self, i: int, limit: int) -> tuple[int, int]:
        """Token range [i, j) of the noun phrase starting at token i, before token `limit`."""
        doc = self.art.doc
        j = i
        ent_end = 0
        while j < limit:
            tok = doc[j]
            if j < ent_end:
                j += 1
                continue
            ent = self.art.ent_at.get(j)
            if ent is not None and ent.end <= limit and j > i or (ent is not None and j == i):
                if ent.label_ == "PER":
                    j = min(ent.end, limit)
                    break  # a person's name ends the phrase ("Marine Le Pen vendredi")
                ent_end = ent.end
                j += 1
                continue
            if j > i and (tok.lower_ in self.lex.time_words or self.art.timex_end(tok.idx) > 0):
                break
            if _GLUED_STOP.search(tok.text) and _GLUED_STOP.search(tok.text).start() > 0:
                j += 1  # "l'ONG.L'obstacle": the phrase ends inside the glued token
                break
            low = tok.lower_
            if j > i and (tok.text in (",", ".", ";", ":", "(", ")", "!", "?") or _mark_token(tok)):
                break
            if j > i and low in NP_STOP_WORDS:
                break
            if tok.pos_ == "PRON" and tok.lower_ in ("un", "une") and doc[j - 1].pos_ == "DET":
                j += 1  # "l'un de ses lieutenants"
                continue
            if tok.pos_ in ("VERB", "AUX", "SCONJ", "CCONJ", "ADV", "PRON") and j > i and not _is_name_token(tok):
                # "les pompiers new-yorkais,": an adjective the tagger took for a verb.
                adjectival = (tok.pos_ == "VERB" and doc[j - 1].pos_ in ("NOUN", "ADJ")
                              and (j + 1 >= limit or doc[j + 1].is_punct))
                if not adjectival:
                    break
            if tok.pos_ == "ADP" and low not in OF_WORDS and j > i:
                break
            if low in OF_WORDS and j + 1 < limit and doc[j + 1].pos_ in ("VERB", "AUX"):
                break
            j += 1
        while j > i + 1 and doc[j - 1].pos_ in ("ADP", "DET") and doc[j - 1].lower_ in OF_WORDS | {"le", "la", "les", "l'", "l’"}:
            j -= 1
        return i, max(j, i + 1)

    def appositive_name(self, j: int, limit: int) -> tuple[int, int] | None:
        """`..., Antonio Guterres,`: a person's name in apposition right after token j."""
        doc = self.art.doc
        skipped = 0
        # "le directeur général de l'Organisation mondiale de la santé (OMS), Tedros ...",
        # "la Haut-Commissaire des Nations unies aux droits de l'Homme, Michelle Bachelet,"
        while j < limit and skipped < 14 and doc[j].text != "," and not _mark_token(doc[j]) and (
                doc[j].pos_ in ("ADP", "DET", "NOUN", "PROPN", "ADJ", "NUM") or doc[j].text in ("(", ")", "-")
                or (doc[j].pos_ == "VERB" and "Part" in doc[j].morph.get("VerbForm") and doc[j].text[:1].islower()
                    and doc[j - 1].pos_ not in ("AUX", "PRON"))):
            j += 1
            skipped += 1
        if j < limit and doc[j].text == ",":
            k = j + 1
            # "…, le colonel Frédéric Barbry", "…, le Dr Hassan Afilal": a title before the name.
            t = k
            if t < limit and doc[t].pos_ == "DET" and doc[t].lower_ in DEFINITE:
                t += 1
                while t < limit and t - k <= 3 and (doc[t].lower_.rstrip(".") in self.lex.honorifics or
                                                    doc[t].lower_ in self.lex.roles or
                                                    (doc[t].pos_ in ("NOUN", "ADJ") and doc[t].text[:1].islower())):
                    t += 1
                if t > k + 1 and t < limit and (self.art.ent_at.get(t) is not None and self.art.ent_at[t].label_ == "PER"
                                                or (t + 1 < limit and _is_name_token(doc[t]) and _is_name_token(doc[t + 1]))):
                    k = t
            ent = self.art.ent_at.get(k)
            if ent is not None and ent.label_ == "PER":
                return k, ent.end
            end = k
            while end < limit and _is_name_token(doc[end]) and doc[end].pos_ in ("PROPN", "NOUN", "ADJ", "ADV"):
                end += 1
            if end - k >= 2:
                return k, end
        return None

    def speaker_of_phrase(self, i: int, limit: int, cue_pos: int) -> tuple[Speaker | None, Candidate | None]:
        """Resolve the speaker phrase starting at token i."""
        art, lex, doc = self.art, self.lex, self.art.doc
        tok = doc[i]
        low = tok.lower_
        if low in lex.pronouns or low.lstrip("-") in lex.pronouns and low.startswith("-"):
            if low.lstrip("-") == "on":
                return None, None
            gender, number = lex.pronouns[low.lstrip("-")]
            cand = self.antecedent(tok.idx, gender, number)
            if cand is None and number == "sg":
                cand = self.protagonist(gender)
            return self.speaker_of_candidate(cand)
        two = " ".join(t.lower_ for t in doc[i:i + 2])
        if two in lex.anaphors or low in lex.anaphors:
            # "ce dernier", "celle-ci": the person named last.
            gender = lex.anaphors.get(two, lex.anaphors.get(low))
            return self.speaker_of_candidate(self._last_person(tok.idx, gender))
        s, e = self.noun_phrase(i, limit)
        appos = self.appositive_name(e, limit)
        phrase = doc[s:e]
        # A person's name inside the phrase or in apposition.
        for a, b in ([appos] if appos else []) + [(s, e)]:
            span = doc[a:b]
            named = self._name_in(span)
            if named is not None and (a, b) == (s, e) and self._name_in_complement(phrase, named[1]):
                named = None  # "les parents de Giulio Regeni": the name completes another noun
            if named is None and (a, b) == appos and b - a >= 2 and \
                    any(t.lower_ in lex.roles or t.lemma_.lower() in lex.roles for t in phrase) and \
                    all(_is_name_token(t) and not t.text.isupper() for t in span):
                # "le directeur général de l'OMS, Tedros Adhanom Ghebreyesus": a title's
                # apposition names a person, whatever label the NER gave it.
                last = span[-1]
                named = (self.art.text[span[0].idx:last.idx + len(last.text)], span[0].idx,
                         last.idx + len(last.text), None)
            if named is not None:
                name, start_char, end_char, hon_gender = named
                roles, gender = self._context_roles(a, b - 1)
                full = self.full_name(name, start_char)
                cand = Candidate(full, phrase[0].idx, hon_gender or gender or self._np_gender(phrase), "sg",
                                 roles | self._roles_in(phrase), art.sentences.index(start_char), True)
                for p in art.persons:
                    if p.name == full:
                        cand.roles = cand.roles | p.roles
                        cand.gender = cand.gender or p.gender
                        cand.code = cand.code or p.code
                        cand.sector = cand.sector or p.sector
                return self._speaker(cand, start_char, end_char), cand
        return self._common_noun_speaker(phrase, cue_pos)

    def _name_in_complement(self, phrase: "Span", name_start: int) -> bool:
        """Whether the name at `name_start` completes a head noun that is no title: `les
        parents de X`, `l'avocat de X` is a title and keeps its own resolution elsewhere."""
        k = self.art.token_at(name_start)
        if k <= phrase.start or self.art.doc[k - 1].lower_ not in OF_WORDS:
            return False
        head = next((t for t in phrase if t.i < k and t.pos_ == "NOUN"), None)
        if head is None or head.lower_ in self.lex.roles or head.lemma_.lower() in self.lex.roles:
            return False
        return head.lower_ in self.lex.anonymous or head.lemma_.lower() in self.lex.anonymous or \
            head.lower_ in ("parents", "famille", "proches", "entourage", "avocats", "partisans",
                            "soutiens", "enfants", "amis", "collègues")

    def _name_in(self, span: "Span") -> tuple[str, int, int, str | None] | None:
        doc = self.art.doc
        # The fullest name in the phrase: "le ministre de l'Action (PER for the NER) et des
        # Comptes publics Gérald Darmanin" names Gérald Darmanin.
        names = []
        for t in span:
            ent = self.art.ent_at.get(t.i)
            if ent is not None and t.i > span.start and _GLUED_STOP.search(t.text):
                continue  # "du TPIR.Félicien Kabuga": the name belongs to the next sentence
            if ent is not None and ent.label_ == "MISC" and _capitals_title(ent, self.lex.roles):
                continue  # "LE PRÉSIDENT AMÉRICAIN" in capitals: a title, not a name
            if ent is not None and ent.label_ in ("PER", "MISC") and ent.end <= span.end + 3:
                found = self._person_name(ent)
                if found and (ent.label_ == "PER" or len(found[0].split()) >= 2):
                    names.append(found)
        if names:
            return max(names, key=lambda f: (len(f[0].split()), f[1]))
        # Honorific + capitalised surname the NER missed ("M. Shaheen").
        for t in span:
            key = t.lower_.rstrip(".")
            if (t.lower_ in self.lex.honorifics or key in self.lex.honorifics) and t.i + 1 < len(doc) \
                    and _is_name_token(doc[t.i + 1]):
                nxt = doc[t.i + 1]
                end = t.i + 2
                while end < len(doc) and end < span.end + 2 and _is_name_token(doc[end]) and doc[end].pos_ == "PROPN":
                    end += 1
                last = doc[end - 1]
                gender = self.lex.honorifics.get(t.lower_, self.lex.honorifics.get(key))
                return (self.art.text[nxt.idx:last.idx + len(last.text)], nxt.idx,
                        last.idx + len(last.text), gender)
        # Capitalised words the NER left out ("Marine Le Pen"): a run of two or more, starting
        # with a proper noun, that no organisation or place entity covers.
        runs: list[list["Token"]] = [[]]
        for t in span:
            if _is_name_token(t) and t.ent_type_ not in ("ORG", "LOC", "GPE") and \
                    t.lower_ not in self.lex.roles and t.lower_ != "premier":
                runs[-1].append(t)
            elif runs[-1]:
                runs.append([])
        run = next((r for r in reversed(runs) if len(r) >= 2 and any(t.pos_ == "PROPN" for t in r)), None)
        if run is not None:
            last = run[-1]
            return (self.art.text[run[0].idx:last.idx + len(last.text)], run[0].idx,
                    last.idx + len(last.text), None)
        return None

    def _np_gender(self, phrase: "Span") -> str | None:
        for t in phrase:
            if t.ent_type_ == "PER" or (t.i > phrase.start and _is_name_token(t)):
                continue  # "Marine Le Pen": the "Le" of a name is no determiner
            if t.pos_ in ("DET", "NOUN"):
                g = _gender_of(t)
                if g:
                    return g
        return None

    def _roles_in(self, phrase: "Span") -> frozenset[str]:
        return frozenset(w for t in phrase if t.pos_ in ("NOUN", "ADJ", "PROPN")
                         for w in (t.lower_, t.lemma_.lower()))

    def _head_noun(self, phrase: "Span") -> "Token | None":
        for t in phrase:
            if t.pos_ in ("NOUN", "PROPN") or t.lower_ in self.lex.roles or \
                    (t.text[:1].isalpha() and _GLUED_STOP.search(t.text)):
                return t
        if len(phrase) >= 2 and phrase[0].pos_ == "DET" and phrase[1].pos_ == "ADJ":
            return phrase[1]  # "le spécialiste" tagged as an adjective: a noun after its determiner
        return None

    def _organisation_after_of(self, phrase: "Span", head: "Token") -> tuple[str, int, int] | None:
        """`un porte-parole de l'Otan` -> `Otan`; `un communiqué du Kremlin` -> `Kremlin`."""
        doc = self.art.doc
        for t in phrase:
            if t.i <= head.i or t.lower_ not in OF_WORDS:
                continue
            k = t.i + 1
            while k < phrase.end and doc[k].pos_ == "DET":
                k += 1
            if k < phrase.end and doc[k].pos_ == "NOUN" and doc[k].text[:1].islower() and \
                    doc[k].lower_ not in self.lex.institutions and doc[k].lemma_.lower() not in self.lex.institutions:
                continue  # "l'acte d'accusation du TPIR": a complement of the document itself
            if k < phrase.end:
                ent = self.art.ent_at.get(k)
                end = ent.end if ent is not None else k + 1
                if ent is not None or _is_name_token(doc[k]):
                    end = min(max(end, k + 1), phrase.end)
                    while end < phrase.end and (_is_name_token(doc[end]) or doc[end].pos_ == "ADJ"):
                        end += 1
                    return (self.art.text[doc[k].idx:doc[end - 1].idx + len(doc[end - 1].text)],
                            doc[k].idx, doc[end - 1].idx + len(doc[end - 1].text))
            break
        return None

    def _recent_institution_subject(self, phrase: "Span") -> tuple[Speaker | None, Candidate | None] | None:
        art, doc = self.art, self.art.doc
        here = art.sentences.index(phrase[0].idx)
        for k in range(phrase.start - 1, -1, -1):
            t = doc[k]
            if here - art.sentences.index(t.idx) > 1:
                break
            if not t.dep_.startswith("nsubj") or art.in_quote(t.idx) or t.pos_ not in ("NOUN", "PROPN"):
                continue
            if not (t.lower_ in self.lex.institutions or t.lemma_.lower() in self.lex.institutions
                    or t.ent_type_ == "ORG"):
                return None  # the last subject is someone or something else
            start = t.left_edge.i if t.left_edge.i >= art.token_at(art.sentences.span(t.idx)[0]) else t.i
            spk, cand = self.speaker_of_phrase(start, t.right_edge.i + 1, t.idx)
            if spk is not None and spk.name:
                return spk, cand
            return None
        return None

    def _institution_after_of(self, phrase: "Span", head: "Token") -> "Span | None":
        """`un communiqué de la présidence` -> `la présidence` (an institution noun after de)."""
        doc = self.art.doc
        for t in phrase:
            if t.i <= head.i or t.lower_ not in OF_WORDS:
                continue
            k = t.i + 1
            start = k
            while k < phrase.end and doc[k].pos_ == "DET":
                k += 1
            if k < phrase.end and (doc[k].lower_ in self.lex.institutions or doc[k].lemma_.lower() in self.lex.institutions):
                return doc[start:phrase.end] if start < k else doc[k:phrase.end]
            return None
        return None

    def _common_noun_speaker(self, phrase: "Span", cue_pos: int) -> tuple[Speaker | None, Candidate | None]:
        art, lex = self.art, self.lex
        head = self._head_noun(phrase)
        if head is None:
            return None, None
        det = phrase[0] if phrase[0].pos_ == "DET" else None
        indefinite = det is not None and det.lower_ in ("un", "une", "des", "d'", "d’", "plusieurs", "certains", "certaines")
        words = {head.lower_, head.lemma_.lower()}
        words |= {w[3:] for w in words if w.startswith("ex-")}
        words |= {w.rstrip(".-–—") for w in words}  # "spécialiste.-": a heading glued to the word
        gender = self._np_gender(phrase)
        number = _number_of(head) or "sg"
        roles = self._roles_in(phrase)
        sent = art.sentences.index(phrase[0].idx)
        if det is not None and (det.lower_ in ("ce", "cet", "cette") or any(t.lower_ == "même" for t in phrase)) and \
                (words & lex.documents or words & {"source", "sources"}) and self.last_speaker is not None:
            # "selon ce communiqué", "précise cette source", "selon la même source": the last speaker.
            spk, cand, pos = self.last_speaker
            if sent - art.sentences.index(pos) <= 2:
                return spk, cand
        if det is not None and det.lower_ in DEFINITE and _GLUED_STOP.split(head.text)[0].lower() in lex.generic_organisations and \
                all(t.i in (det.i, head.i) or t.lower_ in ("même", "dernier", "dernière") or
                    (det.lower_ in ("ce", "cet", "cette") and t.pos_ == "ADJ" and t.text[:1].islower()) for t in phrase):
            # "le quotidien", "l'ONG", "la même ONG": the organisation the article just named.
            found = self._earlier_organisation(phrase, head)
            if found is not None:
                return found
        org = self._organisation_after_of(phrase, head)
        named_org = org is not None and self._is_named(org[1], org[2])
        proper = head.pos_ == "PROPN" or (_is_name_token(head) and head.idx != self._sentence_start(head.idx)) \
            or self._in_org_entity(head)
        if proper and head.text.isupper() and len(head.text) > 2 and \
                (head.lower_ in lex.roles or head.lemma_.lower() in lex.roles):
            proper = False  # "LE PRÉSIDENT AMÉRICAIN" written in capitals: still a title
        if proper:
            return self._organisation(phrase, det, gender, number, roles, sent)
        if words & lex.anonymous and (indefinite or org is None):
            possessive = det is not None and det.lower_ in ("son", "sa", "ses", "leur", "leurs", "mon", "ma", "mes", "notre", "nos")
            if not indefinite and det is not None and not possessive:
                # "cette femme de 65 ans", "le manifestant": the person just named.
                cand = self._recent_person(phrase[0].idx, gender) or \
                    self.antecedent(phrase[0].idx, gender, number, near_only=True)
                if cand is not None and cand.name and cand.pos in {p.pos for p in self.art.persons} | {cand.pos}:
                    spk, _ = self.speaker_of_candidate(cand)
                    return spk, cand
            return None, Candidate(None, phrase[0].idx, gender, number, roles, sent, True)
        role = next(iter(sorted(words & lex.roles)), None)
        if role is not None or words & lex.documents:
            if not indefinite and role is not None:
                cand = self._title_antecedent(phrase, role, org, named_org, gender, number)
                if cand is not None:
                    spk, _ = self.speaker_of_candidate(cand)
                    return spk, Candidate(cand.name, phrase[0].idx, gender or cand.gender, number,
                                          roles | cand.roles, sent, True, cand.code, cand.sector)
            if org is not None:
                name, s, e = org
                cand = Candidate(name, phrase[0].idx, gender, "sg", roles, sent, True)
                return self._speaker(cand, s, e), cand
            if indefinite and role in lex.spokespersons and number == "sg":
                # "…, a dit un porte-parole": of the institution the sentence before speaks about.
                found = self._recent_institution_subject(phrase)
                if found is not None:
                    return found
            inst = self._institution_after_of(phrase, head) if words & lex.documents else None
            if inst is not None:
                # "la lettre de cette association" -> the association just named; "selon un
                # communiqué de la présidence": the institution, with its country.
                if inst[0].pos_ == "DET" and inst[0].lower_ in DEFINITE and inst[0].lower_ not in ("le", "la", "l'", "l’", "les"):
                    spk, cand = self._common_noun_speaker(inst, cue_pos)
                    if spk is not None:
                        return spk, cand
                return self._organisation(inst, inst[0] if inst[0].pos_ == "DET" else None,
                                          self._np_gender(inst), "sg", roles, sent)
            return None, Candidate(None, phrase[0].idx, gender, number, roles, sent, True)
        if not (words & lex.institutions):
            if indefinite or det is None or head.pos_ != "NOUN" or \
                    not head.lower_.endswith(lex.person_suffixes):
                return None, None
            # "l'auteur-compositeur", "le gérant de gîte": a definite description of someone the
            # article has just named.
            cand = self._recent_person(phrase[0].idx, gender) or \
                self.antecedent(phrase[0].idx, gender, number, near_only=True, persons_only=True)
            if cand is not None and cand.name:
                spk, _ = self.speaker_of_candidate(cand)
                return spk, Candidate(cand.name, phrase[0].idx, gender or cand.gender, number,
                                      roles | cand.roles, sent, True, cand.code, cand.sector)
            return None, None
        if indefinite:
            return None, None
        return self._organisation(phrase, det, gender, number, roles, sent)

    def _earlier_organisation(self, phrase: "Span", head: "Token") -> tuple[Speaker | None, Candidate | None] | None:
        """`le quotidien` -> the nearest `quotidien (francophone) El Watan` before; `l'ONG` ->
        the organisation that spoke last, a few sentences before at most."""
        art, doc = self.art, self.art.doc
        word = _GLUED_STOP.split(head.text)[0].lower()
        sent = art.sentences.index(phrase[0].idx)
        for k in range(phrase.start - 1, -1, -1):
            t = doc[k]
            if sent - art.sentences.index(t.idx) > 2 * ANTECEDENT_SENTENCES:
                break
            if t.lower_ != word or art.in_quote(t.idx):
                continue
            j = k + 1
            while j < len(doc) and j - k <= 3 and doc[j].pos_ == "ADJ" and doc[j].text[:1].islower():
                j += 1
            if j < len(doc) and doc[j].lower_ in OF_WORDS:
                j += 1
                while j < len(doc) and doc[j].pos_ == "DET":
                    j += 1
            end = j
            while end < len(doc) and (_is_name_token(doc[end])
                                      or (end > j and doc[end].lower_ in self.lex.name_particles
                                          and end + 1 < len(doc) and _is_name_token(doc[end + 1]))):
                end += 1
                if _GLUED_STOP.search(doc[end - 1].text):
                    break  # "PORTLANDLa": the name ends inside the glued token
            if end > j and any(doc[m].ent_type_ == "PER" for m in range(j, end)) and \
                    any(doc[m].lower_ in OF_WORDS for m in range(max(0, k - 2), k)):
                continue  # "le chef de la police Hubertus Andrä": a person, not the police's name
            if end > j:
                last = doc[end - 1]
                name = art.text[t.idx:last.idx + len(last.text)]
                cand = Candidate(name, phrase[0].idx, self._np_gender(phrase), "sg",
                                 self._roles_in(phrase), sent, True)
                return self._speaker(cand, t.idx, last.idx + len(last.text)), cand
        if word in self.lex.national_institutions:
            return None
        # An organisation the sentences just before have as a subject ("la Société marocaine de
        # pédiatrie a adressé une lettre … la lettre de cette association").
        for ent in reversed(doc.ents):
            if ent.start >= phrase.start or sent - art.sentences.index(ent.start_char) > 2:
                continue
            if ent.label_ == "ORG" and ent.root.dep_.startswith("nsubj") and not art.in_quote(ent.start_char) \
                    and len(ent) >= 2:
                words = [t for t in ent if not (t.i == ent.start and t.pos_ == "DET")]
                name = art.text[words[0].idx:words[-1].idx + len(words[-1].text)]
                cand = Candidate(name, phrase[0].idx, self._np_gender(phrase), "sg", self._roles_in(phrase), sent, True)
                return self._speaker(cand, words[0].idx, words[-1].idx + len(words[-1].text)), cand
        persons = {p.name for p in art.persons}
        for c in reversed(art.candidates):
            if c.pos >= phrase[0].idx or sent - c.sentence > ANTECEDENT_SENTENCES:
                continue
            surnames = {_fold(p.split()[-1]) for p in persons if p}
            if c.name and c.name not in persons and c.salient and c.number == "sg" and c.name[:1].isupper() \
                    and _fold(c.name.split()[-1]) not in surnames:
                spk, _ = self.speaker_of_candidate(c)
                return spk, Candidate(c.name, phrase[0].idx, c.gender, c.number,
                                      c.roles | {word}, sent, True, c.code, c.sector)
        return None

    def _title_antecedent(self, phrase: "Span", role: str, org: tuple[str, int, int] | None,
                          named_org: bool, gender: str | None, number: str) -> Candidate | None:
        """Who a definite title stands for ("le porte-parole", "le chef de l'Etat", "le
        représentant de l'ONU"): the last person given that title; the last person given with
        the organisation's name; for an office, the last salient person, else the person the
        mentions stage or the article's title names."""
        pos = phrase[0].idx
        country = self._demonym_country(phrase)
        if country is not None:
            # "le président algérien": only someone of that country (not "le président français").
            fits = [p for p in self.art.candidates if p.pos < pos and p.name and role in p.roles
                    and self._of_country(p, country) is not False]
            sure = [p for p in fits if self._of_country(p, country)]
            if sure or fits:
                return (sure or fits)[-1]
            mention = _mention_over(self.art.ctx.mentions, pos, phrase[-1].idx + len(phrase[-1].text), None)
            if mention is not None and mention.name and mention.code == country and self._looks_like_person(mention.name):
                surname = _fold(mention.name.split()[-1])
                named = [p for p in self.art.persons if p.name and _fold(p.name.split()[-1]) == surname]
                if named:
                    return named[-1]
        cand = self.antecedent(pos, gender, number, role=role)
        if cand is not None and role in cand.roles and (country is None or self._of_country(cand, country) is not False):
            return cand
        if org is not None:
            org_words = [_fold(w) for w in org[0].split() if w[:1].isupper()]
            for word in org_words:
                cand = self.antecedent(pos, gender, number, role=word)
                if cand is not None and word in {_fold(r) for r in cand.roles}:
                    return cand
        if role not in self.lex.office_holders or number == "pl":
            return None  # "les députés" are no one person
        # An office is held by a person: an organisation that spoke before is no antecedent.
        cand = self.antecedent(pos, gender, number, near_only=True, persons_only=True)
        mention = _mention_over(self.art.ctx.mentions, pos, phrase[-1].idx + len(phrase[-1].text), None)
        if cand is not None and mention is not None and mention.label == "AGENT" and mention.sector == "PRE" \
                and mention.name and cand.name != mention.name and cand.sector and cand.sector != "PRE" \
                and self._looks_like_person(mention.name):
            # "le chef du gouvernement" that the mentions stage gave to the head of government
            # named in the article, not the student or victim named just before.
            return Candidate(mention.name, pos, gender, "sg", frozenset(), 0, True, mention.code, mention.sector)
        if cand is not None and (cand.salient or not named_org or
                                 self.art.sentences.index(pos) - cand.sentence <= 1):
            return cand
        if mention is not None and mention.name and mention.label in ("PER", "AGENT") and \
                self._looks_like_person(mention.name):
            return Candidate(mention.name, pos, gender, "sg", frozenset(), 0, True, mention.code, mention.sector)
        if named_org:
            return None
        return self._last_person(pos, gender) or self.protagonist(gender)

    def _demonym_country(self, phrase: "Span") -> str | None:
        """ISO3 of a demonym adjective in a title ("le président algérien" -> DZA)."""
        forms = self._demonym_index()
        for t in phrase:
            if t.pos_ == "ADJ" or t.text[:1].islower():
                code = forms.get(t.lower_)
                if code:
                    return code
        return None

    def _demonym_index(self) -> dict[str, str]:
        if not hasattr(self, "_demonym_forms"):
            self._demonym_forms = {f.lower(): code for code, fs in _demonyms(self.art.ctx).items() for f in fs}
        return self._demonym_forms

    def _of_country(self, cand: Candidate, country: str) -> bool | None:
        """True/False when the candidate's code or title says its country; None when unknown."""
        if cand.code and len(cand.code) == 3 and cand.code.isupper() and cand.code in _demonyms(self.art.ctx):
            return cand.code == country
        forms = self._demonym_index()
        said = {forms[r] for r in cand.roles if r in forms}
        if said:
            return country in said
        return None

    def _looks_like_person(self, name: str) -> bool:
        """"Donald Trump", "Quentin de Pimodan" — not "Solidarités et de la Santé"."""
        words = name.split()
        return len(words) >= 2 and words[0][:1].isupper() and \
            all(w[:1].isupper() or w.lower() in self.lex.name_particles for w in words)

    def protagonist(self, gender: str | None) -> Candidate | None:
        """The person the article's title names ("Trump veut un vrai sommet du G7")."""
        title = {_fold(w) for w in re.findall(r"[\w-]+", self.art.ctx.article.title or "")}
        if not title:
            return None
        for c in self.art.persons:
            if c.name and _fold(c.name.split()[-1]) in title and not (gender and c.gender and c.gender != gender):
                return c
        return None

    def _organisation(self, phrase: "Span", det: "Token | None", gender: str | None, number: str,
                      roles: frozenset[str], sent: int) -> tuple[Speaker | None, Candidate | None]:
        """An organisation or a seat of power speaking: the phrase without its determiner."""
        first = phrase[1] if det is not None and len(phrase) > 1 else phrase[0]
        last = phrase[-1]
        name = self.art.text[first.idx:last.idx + len(last.text)]
        if first.i == last.i and first.text[:1].isupper() and not first.text.isupper():
            # "Le Rassemblement" -> "Rassemblement des forces patriotiques du Mali" named before.
            earlier = [e for e in self.art.doc.ents if e.label_ == "ORG" and e.end_char <= first.idx
                       and len(e) > 2 and e[0].text == first.text and not self.art.in_quote(e.start_char)]
            if earlier:
                name = _GLUED_STOP.split(earlier[-1].text)[0]
        cand = Candidate(name, phrase[0].idx, gender, number, roles, sent, True)
        speaker = self._speaker(cand, first.idx, last.idx + len(last.text))
        speaker.name = cand.name = self._with_demonym(speaker.name, speaker.code, gender, number)
        return speaker, cand

    def _with_demonym(self, name: str, code: str | None, gender: str | None, number: str) -> str:
        """`gouvernement` of AFG -> `gouvernement afghan`, as an analyst names it."""
        if not code or " " in name or not name[:1].islower() or \
                _fold(name) not in self.lex.national_institutions:
            return name
        forms = _demonyms(self.art.ctx).get(code)
        if not forms:
            return name
        if number == "pl":
            form = forms[-1] if gender == "f" else forms[2 if len(forms) == 4 else 0]
        else:
            form = forms[1] if gender == "f" and len(forms) > 1 else forms[0]
        return f"{name} {form}"

    def _recent_person(self, pos: int, gender: str | None) -> Candidate | None:
        """The person named last, in this sentence or the one before: `Ce n'est pas l'avis
        d'Alexandre … « … », lâche le serveur`."""
        here = self.art.sentences.index(pos)
        near = [c for c in self.art.persons if c.pos < pos and c.name and here - c.sentence <= 1
                and not (gender and c.gender and c.gender != gender)]
        same = [c for c in near if gender and c.gender == gender]  # "la jeune femme": Julia first
        if not same:
            # The one who just spoke, rather than someone her words mention ("Julia … Roman
            # Polanski … « … », ajoute la jeune femme").
            names = {c.name for c in near}
            same = [c for c in self.art.candidates if c.pos < pos and c.salient and c.name in names
                    and here - c.sentence <= 1 and not (gender and c.gender and c.gender != gender)]
        return (same or near or [None])[-1]

    def _last_person(self, pos: int, gender: str | None) -> Candidate | None:
        for c in reversed(self.art.persons):
            if c.pos < pos and c.name and not (gender and c.gender and c.gender != gender):
                return c
        return None

    def _sentence_start(self, pos: int) -> int:
        start = self.art.sentences.span(pos)[0]
        while start < len(self.art.text) and not self.art.text[start].isalnum():
            start += 1
        return start

    def _is_named(self, start: int, end: int) -> bool:
        """Whether [start, end) is a proper name the NER found (not "Etat" or "gouvernement")."""
        i = self.art.token_at(start)
        ent = self.art.ent_at.get(i)
        return ent is not None and _fold(self.art.text[start:end]) not in self.lex.institutions

    def _in_org_entity(self, tok: "Token") -> bool:
        return tok.ent_type_ in ("ORG",) and tok.is_title

    def speaker_of_candidate(self, cand: Candidate | None) -> tuple[Speaker | None, Candidate | None]:
        if cand is None or not cand.name:
            return None, cand
        return Speaker(cand.name, cand.code, cand.sector), cand

    def _speaker(self, cand: Candidate, start: int, end: int) -> Speaker:
        """The Speaker for a resolved phrase, with the code the mentions stage gave its words."""
        mention = _mention_over(self.art.ctx.mentions, start, end, cand.name)
        if mention is not None:
            if mention.name and mention.label in ("PER", "ORG", "GPE", "AGENT") and \
                    _fold(mention.name.split()[-1]) in _fold(cand.name or "") .split() + [_fold(cand.name or "")]:
                cand.name = mention.name if len(mention.name) >= len(cand.name or "") else cand.name
            cand.code = cand.code or mention.code
            cand.sector = cand.sector or mention.sector
        if cand.name:
            glued = _GLUED_STOP.search(cand.name)
            if glued is not None and glued.start() > 0:
                # "du TPIR.Il est": the phrase ends at the glued full stop.
                cand.name = cand.name[:glued.start()]
            long = self.long_form(cand.name, start, end)
            if long is not None:
                cand.name = long[0]
        return Speaker(cand.name or "", cand.code, cand.sector)


def _capitals_title(ent: "Span", roles: Any) -> bool:
    """An entity written all in capitals whose first word (after a determiner) is a role word."""
    letters = "".join(c for c in ent.text if c.isalpha())
    if len(ent) < 2 or not letters.isupper():
        return False
    first = 1 if ent[0].pos_ == "DET" or ent[0].lower_ in ("le", "la", "les", "l'") else 0
    # the first word, or the second after "premier", "vice-", "haut" ("PREMIER MINISTRE")
    return any(t.lower_ in roles for t in ent[first:first + 2])


def _mention_over(mentions: list[Mention], start: int, end: int, name: str | None) -> Mention | None:
    best: Mention | None = None
    best_overlap = 0
    for m in mentions:
        overlap = min(m.end, end) - max(m.start, start)
        if overlap > best_overlap and m.label != "PRON":
            best, best_overlap = m, overlap
    if best is None and name:
        folded = _fold(name)
        for m in mentions:
            if m.name and _fold(m.name) == folded and m.code:
                return m
    return best


# --------------------------------------------------------------------------------------------
# 3. Cues
# --------------------------------------------------------------------------------------------

class Cues:
    """Speech verbs and `selon X` around a quotation."""

    def __init__(self, art: ArticleView, resolver: Resolver):
        self._open_token = 0  # token of the opening mark of the quote being attributed
        self.art = art
        self.lex = art.lex
        self.resolver = resolver

    def speech_verb(self, tok: "Token") -> int:
        """Number of tokens of the speech verb starting at `tok` (0 when it is not one)."""
        lex, doc = self.lex, self.art.doc
        low = tok.lower_
        lemma = tok.lemma_.lower()
        verb = None
        if tok.pos_ in ("VERB", "AUX") and (lemma in lex.single_verbs or lemma in lex.verb_tails
                                             or lemma in lex.pronominal_verbs):
            verb = lemma
        elif low in lex.participles:
            verb = lex.participles[low]
        elif tok.pos_ == "VERB" and low in lex.finite_forms:
            verb = lex.finite_forms[low]
        elif low in lex.finite_forms and tok.pos_ in ("ADJ", "NOUN") and tok.i > 0 and tok.i + 1 < len(doc) and \
                (doc[tok.i - 1].pos_ in ("NOUN", "PROPN") or doc[tok.i - 1].lower_ in lex.pronouns) and \
                (doc[tok.i + 1].pos_ in ("ADV", "SCONJ") or doc[tok.i + 1].lower_ in ("de", "d'", "d’", ":")
                 or _mark_token(doc[tok.i + 1])):
            # "Le parlementaire suggère ainsi de « … »": the tagger took the verb for an adjective.
            verb = lex.finite_forms[low]
        elif low in lex.finite_forms and lex.finite_forms[low] in lex.pronominal_verbs and tok.i > 0 and \
                doc[tok.i - 1].lower_ in ("s'", "s’", "se"):
            # "…, s'enthousiasme Mme X": after its clitic the form is the verb, whatever the tagger
            # made of it (the noun "enthousiasme").
            verb = lex.finite_forms[low]
        if verb is None:
            return 0
        for tail in lex.verb_tails.get(verb, ()):
            words = [t.lower_ for t in doc[tok.i + 1:tok.i + 1 + len(tail)]]
            if tuple(words) == tail:
                return 1 + len(tail)
        if verb in lex.single_verbs:
            return 1
        if verb in lex.pronominal_verbs and self._reflexive(tok):
            return 1
        return 0

    def _reflexive(self, tok: "Token") -> bool:
        doc = self.art.doc
        for k in range(max(0, tok.i - 3), tok.i):
            if doc[k].lower_ in ("se", "s'", "s’", "me", "m'", "nous"):
                return True
        return False

    def according_at(self, tok: "Token") -> int:
        """Number of tokens of `selon` / `d'après` starting at tok (0 when none)."""
        if tok.lower_[:1] not in self.lex.according_initials:
            return 0
        text = self.art.text
        head = text[tok.idx:tok.idx + 16].lower().replace("’", "'")
        for phrase in self.lex.according_phrases:
            end = len(phrase)
            if head.startswith(phrase) and (len(head) == end or not head[end].isalnum()):
                return self.art.token_at(tok.idx + end) - tok.i
        return 0

    # -- incise after the closing mark ------------------------------------------------------
    def incise(self, pos: int, end: int, immediate: bool) -> tuple[Attribution, int] | None:
        """`", a-t-il ajouté`, `", a déclaré X`, `", selon X"` starting at `pos` (after the mark).

        immediate: only a comma, auxiliaries and adverbs may stand between pos and the verb."""
        doc = self.art.doc
        if immediate:
            found = self._clitic_incise(pos, end)
            if found is not None:
                return found
        toks = list(self.art.tokens(pos, end))
        k = 0
        while k < len(toks) and (_mark_token(toks[k]) and len(toks[k].text) == 1):
            k += 1
        if immediate:
            if k < len(toks) and toks[k].text in (",", "-", "–", "—"):
                k += 1
            elif not (toks and self.art.text[pos - 2:pos - 1] in ",?!…" or
                      self.art.text[max(0, pos - 2):pos].strip().startswith((",", "?", "!"))):
                return None
        lead = 0
        after_clitic = False  # "a-t-elle nuancé": what follows the clitic is the verb
        for tok in toks[k:]:
            if immediate and lead > MAX_INCISE_LEAD:
                return None
            if immediate and after_clitic and tok.text[:1].islower() and tok.is_alpha and \
                    tok.pos_ not in ("ADV", "AUX", "PRON", "DET", "ADP"):
                return self._verb_incise(tok, 1, toks[k], end), tok.idx
            after_clitic = after_clitic or (tok.i > 0 and _clitic(tok.lower_) is not None
                                            and doc[tok.i - 1].pos_ == "AUX")
            n_acc = self.according_at(tok)
            if n_acc:
                i = tok.i + n_acc
                if i < len(doc):
                    spk, cand = self.resolver.speaker_of_phrase(i, self._limit(end), tok.idx)
                    cue = self.art.text[tok.idx:doc[tok.i + n_acc - 1].idx + len(doc[tok.i + n_acc - 1].text)]
                    return Attribution(cue, spk, cand), tok.idx
            n_verb = self.speech_verb(tok)
            if not n_verb and immediate and lead == 0 and tok.lower_ in self.lex.finite_forms and \
                    tok.text[:1].islower() and self._subject_after(tok.i + 1, self._limit(end)) is not None:
                n_verb = 1  # `", juge aussi X"`: the tagger took the verb for a noun
            if n_verb and not self._in_relative(tok):
                return self._verb_incise(tok, n_verb, toks[k], end), tok.idx
            if immediate and self._incise_verb(tok, end):
                # `", a tempêté X"`, `", se lamente-t-elle"`: the incise construction itself says
                # that the verb reports the quote, whatever the verb.
                return self._verb_incise(tok, 1, toks[k], end), tok.idx
            if immediate and not (tok.pos_ in ("AUX", "ADV", "PRON") or tok.text == "," or
                                  tok.lower_ in ("-t", "-t-", "t") or tok.lower_ in self.lex.auxiliaries):
                return None
            if not immediate and (tok.text in SENTENCE_END):
                return None
            lead += 1
        return None

    def as_said(self, pos: int, end: int) -> Attribution | None:
        """`comme l'a (lui-même) relevé X` from `pos` (after `comme l'`): the construction says the
        verb reports the quote, whatever the verb; its subject is inverted after it."""
        toks = list(self.art.tokens(pos, end))
        for n, tok in enumerate(toks[:6]):
            if tok.lower_ in self.lex.auxiliaries or tok.pos_ in ("AUX", "ADV", "PRON") or \
                    tok.lower_ in ("lui-même", "elle-même", "-même", "même", "eux-mêmes", "lui", "elle"):
                continue
            if n == 0 and self.speech_verb(tok):
                return self._verb_incise(tok, self.speech_verb(tok), toks[0], end)  # "comme le dit X"
            if tok.is_alpha and tok.text[:1].islower() and tok.pos_ in ("VERB", "NOUN", "ADJ") and n > 0:
                return self._verb_incise(tok, 1, toks[0], end)  # "comme l'a relevé X"
            return None
        return None

    def _in_relative(self, verb: "Token") -> bool:
        """`…, Laurent Berger, qui n'avait pas réagi`: the verb of a relative clause reports
        nothing about the quote."""
        doc = self.art.doc
        k = verb.i - 1
        while k >= 0 and (doc[k].pos_ in ("AUX", "ADV", "PART") or doc[k].lower_ in ("ne", "n'", "n’", "se", "s'", "s’")):
            k -= 1
        return k >= 0 and doc[k].lower_ in ("qui", "que", "qu'", "qu’", "dont")

    def _clitic_incise(self, pos: int, end: int) -> tuple[Attribution, int] | None:
        """An incise with an inverted subject clitic, read on the characters (the tagger often
        takes "soupire" or "nuancé" there for nouns): `", a-t-elle nuancé"`, `", soupire-t-il"`,
        `", s'est-il défendu"`, `", lance t-il"`."""
        text = self.art.text
        m = self.lex.clitic_incise.match(text, pos, min(end, pos + 80))
        if m is None:
            return None
        gender, number = SUBJECT_PRONOUN_CLITICS["-" + m.group("pro").lower()]
        cue_end = m.end()
        if m.group("aux"):
            # The participle: the first word after the clitic that the tagger does not call an
            # adverb ("a-t-il encore déclaré").
            k = self.art.token_at(m.end())
            doc = self.art.doc
            while k < len(doc) and doc[k].idx < end and doc[k].pos_ == "ADV" and not doc[k].lower_.endswith("é"):
                k += 1
            # "plaidé.-": scraped text glues the next heading to the participle.
            word = _LEADING_WORD.match(doc[k].text) if k < len(doc) else None
            if word is None or not doc[k].text[:1].islower() or \
                    (len(word.group()) < len(doc[k].text) and doc[k].text[len(word.group())] not in ".,;:!?-"):
                return None
            cue_end = doc[k].idx + len(word.group())
        cue = text[m.start("cue"):cue_end]
        if m.group("pro").lower() == "on":
            return Attribution(cue, None, None), m.start("cue")
        cand = self.resolver.antecedent(m.start("pro"), gender, number)
        if cand is None:
            # "a-t-il écrit sur Twitter, le Premier ministre X": the subject repeated after.
            i = self._subject_after(self.art.token_at(cue_end), self._limit(end))
            if i is not None and self.art.doc[i].lower_ not in self.lex.pronouns:
                spk, named = self.resolver.speaker_of_phrase(i, self._limit(end), m.start("cue"))
                if spk is not None:
                    return Attribution(cue, spk, named), m.start("cue")
        if cand is None and number == "sg":
            cand = self.resolver.protagonist(gender)
        spk, cand = self.resolver.speaker_of_candidate(cand)
        return Attribution(cue, spk, cand), m.start("cue")

    def _incise_verb(self, tok: "Token", end: int) -> bool:
        """A verb of an incise not in the lexicon: a finite or past-participle form followed by
        an inverted subject (a clitic "-t-il" or a noun phrase)."""
        doc = self.art.doc
        if tok.lower_ in self.lex.auxiliaries:
            return False  # "a ainsi twitté": the auxiliary is not the verb
        after_aux = tok.i > 0 and doc[tok.i - 1].lower_ in self.lex.auxiliaries
        participle = after_aux and tok.is_alpha and tok.pos_ not in ("ADV", "ADP", "DET", "PRON") and \
            tok.lower_.endswith(("é", "i", "u", "is", "it", "ert"))
        if not (tok.pos_ in ("VERB", "X") or participle) or not tok.text[:1].islower():
            return False
        if set(tok.morph.get("VerbForm")) & {"Inf", "Ger"} or tok.lower_.endswith("ant"):
            return False
        # A participle needs its auxiliary ("a tempêté"); a bare one is an adjective ("mises en
        # pause"). A verb whose subject stands before it is the sentence's verb, not an incise.
        has_aux = after_aux or any(c.dep_.startswith("aux") for c in tok.children) or \
            (tok.i > 0 and doc[tok.i - 1].pos_ in ("AUX", "PRON", "ADV"))
        if "Part" in tok.morph.get("VerbForm") and not has_aux:
            return False
        if any(c.dep_.startswith("nsubj") and c.i < tok.i and not self.art.in_quote(c.idx)
               for c in tok.children):
            return False
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and _clitic(nxt.lower_):
            return True
        if nxt is not None and nxt.lower_ in ("-t", "-t-") and tok.i + 2 < len(doc) and \
                _clitic(doc[tok.i + 2].lower_):
            return True
        i = self._subject_after(tok.i + 1, self._limit(end))
        return i is not None and doc[i].lower_ not in self.lex.pronouns and \
            (doc[i].pos_ in ("DET", "PROPN") or doc[i].ent_type_ == "PER")

    def _limit(self, end: int) -> int:
        return min(len(self.art.doc), self.art.token_at(end) + 1) if end < len(self.art.text) else len(self.art.doc)

    def _verb_incise(self, verb: "Token", n_verb: int, first: "Token", end: int) -> Attribution:
        doc, text = self.art.doc, self.art.text
        last = doc[verb.i + n_verb - 1]
        # The cue is the verb with the auxiliaries, clitics and adverbs right before it.
        k = verb.i
        while k - 1 >= first.i and (doc[k - 1].pos_ in ("AUX", "ADV", "PRON", "PART") or
                                    doc[k - 1].lower_ in ("-t", "s'", "s’", "se")):
            k -= 1
        cue_start = doc[k].idx
        cue = text[cue_start:last.idx + len(last.text)]
        # Inverted pronoun: "a-t-il ajouté", "dit-elle", "a-t-il encore déclaré".
        for k in range(first.i, min(len(doc), verb.i + n_verb + 2)):
            low = doc[k].lower_
            last_k = k
            if low in ("-t", "-t-", "t-") and k + 1 < len(doc):
                low = "-t-" + doc[k + 1].lower_.lstrip("-")  # "-t-" and "il" as two tokens
                last_k = k + 1
            found = _clitic(low)
            if found:
                gender, number = found
                if k >= verb.i + n_verb:
                    cue = text[cue_start:doc[last_k].idx + len(doc[last_k].text)]
                if low.endswith("on"):
                    return Attribution(cue, None, None)  # "a-t-on appris": nobody in particular
                cand = self.resolver.antecedent(doc[k].idx, gender, number)
                if cand is None and number == "sg":
                    cand = self.resolver.protagonist(gender)
                spk, cand = self.resolver.speaker_of_candidate(cand)
                return Attribution(cue, spk, cand)
        i = self._subject_after(verb.i + n_verb, self._limit(end))
        if i is None:
            return Attribution(cue, None, None)
        spk, cand = self.resolver.speaker_of_phrase(i, self._limit(end), verb.idx)
        return Attribution(cue, spk, cand)

    def _subject_after(self, i: int, limit: int) -> int | None:
        """First token of the inverted subject after an incise verb, skipping adverbs, dates,
        audiences and prepositional phrases ("a déclaré à la presse le Premier ministre X")."""
        doc = self.art.doc
        in_pp = False
        pp_noun = False
        after_audience = -1
        k = i
        while k < limit:
            tok = doc[k]
            low = tok.lower_
            if tok.text in SENTENCE_END or tok.text in (";", ":") or _mark_token(tok):
                return None
            if tok.text == ",":
                in_pp = pp_noun = False
                if k == i:
                    # "a déclaré, tout de blanc vêtu, l'imam X": skip the parenthetical.
                    close = next((j for j in range(k + 1, min(limit, k + 14))
                                  if doc[j].text in SENTENCE_END or doc[j].text == "," or _mark_token(doc[j])), None)
                    if close is not None and doc[close].text == ",":
                        k = close + 1
                        continue
                k += 1
                continue
            audience = self._audience_at(tok)
            if audience:
                k = after_audience = self.art.token_at(tok.idx + audience)
                in_pp = pp_noun = True  # a complete phrase: its adjectives may follow
                continue
            timex_end = self.art.timex_end(tok.idx)
            if timex_end > tok.idx:
                k = max(k + 1, self.art.token_at(timex_end))
                if in_pp and not pp_noun:
                    in_pp = False  # "dès le 3 juin": the date completes the phrase
                continue
            if k == after_audience and _is_name_token(tok):
                return k  # "à l'AFP Ashok Subron" (the NER may have glued AFP to the name)
            ent = self.art.ent_at.get(k)
            if ent is not None and ent.label_ == "PER":
                prev = doc[k - 1] if k > i else None
                # "à Donald Trump", "sur France Inter": a name that closes a prepositional phrase;
                # "sur BFMTV et RMC Laurent Berger": a full name after another name is the subject.
                after_name = prev is not None and (prev.pos_ == "PROPN" or _is_name_token(prev))
                if prev is None or k == after_audience or (after_name and len(ent) >= 2) or not (
                        prev.pos_ in ("ADP", "DET") or prev.lower_ in OF_WORDS or after_name):
                    return k
            if low in self.lex.time_words or tok.pos_ == "NUM" or tok.is_digit:
                k += 1
                continue
            if tok.pos_ == "ADP" or low in ("au", "aux", "lors", "parmi"):
                if in_pp and pp_noun and low not in OF_WORDS:
                    pp_noun = False
                in_pp = True
                k += 1
                continue
            if in_pp:
                if tok.pos_ in ("DET", "PRON") and pp_noun:
                    return k
                if tok.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "DET") or tok.text in ("-", "'") or \
                        _is_name_token(tok):
                    pp_noun = pp_noun or tok.pos_ in ("NOUN", "PROPN") or _is_name_token(tok)
                    k += 1
                    continue
            if tok.pos_ == "ADV":
                k += 1
                continue
            if tok.pos_ in ("DET", "NOUN", "PROPN", "ADJ") or low in self.lex.pronouns or \
                    low in self.lex.honorifics or _is_name_token(tok):
                return k
            if tok.pos_ in ("VERB", "AUX", "SCONJ"):
                return None
            k += 1
        return None

    def _audience_at(self, tok: "Token") -> int:
        """Length in characters of an audience phrase ("à l'AFP") starting at tok, or 0."""
        head = self.art.text[tok.idx:tok.idx + 40].lower().replace("’", "'")
        for phrase in self.lex.audiences:
            if head.startswith(phrase) and (len(head) == len(phrase) or not head[len(phrase)].isalnum()):
                return len(phrase)
        return 0

    # -- cue before the quote in its sentence ------------------------------------------------
    def subject_outside(self, sent_start: int, open_pos: int) -> Attribution | None:
        """A quote with no speech verb whose speaker is still given by the sentence:
        `Pour Agnès Buzyn, « … »`; `L'Anses « poursuit les investigations »` (the quote starts
        with the verb of the subject before it); `Le président X a rendu hommage à un « … »`
        (the subject of the sentence, when it is a person or a named organisation)."""
        doc, text = self.art.doc, self.art.text
        self._open_token = open_token = self.art.token_at(open_pos)
        left = text[sent_start:open_pos]
        m = self.lex.opening_source.match(left)
        if m and "," in left[m.end():]:
            i = self.art.token_at(sent_start + m.end())
            spk, cand = self.resolver.speaker_of_phrase(i, open_token, doc[i].idx)
            if spk is not None:
                return Attribution(m.group(1), spk, cand)
        inside = self.art.token_at(open_pos + 1)
        if inside < len(doc) and doc[inside].idx == open_pos + 1 or (inside < len(doc) and doc[inside].idx <= open_pos + 2):
            first = doc[inside]
            prev = doc[open_token - 1] if open_token > 0 else None
            if first.pos_ in ("VERB", "AUX") and "Fin" in first.morph.get("VerbForm") and \
                    prev is not None and prev.idx >= sent_start and prev.pos_ in ("NOUN", "PROPN"):
                start = prev.i
                while start - 1 >= 0 and doc[start - 1].idx >= sent_start and \
                        doc[start - 1].pos_ in ("DET", "ADJ", "NOUN", "PROPN", "ADP") and not doc[start - 1].is_punct:
                    start -= 1
                while start < prev.i and doc[start].pos_ == "ADP":
                    start += 1
                spk, cand = self.resolver.speaker_of_phrase(start, prev.i + 1, prev.idx)
                if spk is not None:
                    return Attribution(None, spk, cand)
        for tok in self.art.tokens(sent_start, open_pos):
            if tok.dep_ == "ROOT" or (tok.head.i >= open_token and tok.dep_.startswith("nsubj")):
                break
        else:
            tok = None
        root = doc[open_token].head if tok is None else (tok if tok.dep_ == "ROOT" else tok.head)
        for child in root.children:
            if child.dep_.startswith("nsubj") and sent_start <= child.idx < open_pos:
                person = child.ent_type_ == "PER" or any(doc[k].ent_type_ == "PER" for k in range(child.i, min(child.i + 6, open_token)))
                named = child.pos_ == "PROPN" and child.ent_type_ in ("ORG", "PER")
                if person or named:
                    start = child.left_edge.i if child.left_edge.idx >= sent_start else child.i
                    spk, cand = self.resolver.speaker_of_phrase(start, open_token, child.idx)
                    if spk is not None:
                        return Attribution(None, spk, cand)
        return None

    def before(self, sent_start: int, open_pos: int) -> Attribution | None:
        """The nearest speech verb or `selon X` before the quote in its sentence."""
        toks = list(self.art.tokens(sent_start, open_pos))
        self._open_token = self.art.token_at(open_pos)
        relative = self._relative_auxiliary(toks, open_pos, sent_start)
        if relative is not None:
            return relative
        colon_verb = None
        if self.art.text[sent_start:open_pos].rstrip().endswith(":"):
            colon_verb = next((t for t in reversed(toks) if t.pos_ == "VERB" and
                               not set(t.morph.get("VerbForm")) & {"Inf", "Ger"}), None)
        for tok in reversed(toks):
            if colon_verb is not None and tok.i < colon_verb.i:
                # "Si certains ont préconisé X, Johanna a fait un autre choix : « … »": the clause
                # before the colon introduces the quote, not a speech verb further back.
                found = self._verb_before(colon_verb, 1, sent_start)
                if found.speaker is not None:
                    return found
                colon_verb = None
            n_acc = self.according_at(tok)
            if n_acc:
                i = tok.i + n_acc
                spk, cand = self.resolver.speaker_of_phrase(i, self.art.token_at(open_pos) + 1, tok.idx)
                last = self.art.doc[tok.i + n_acc - 1]
                return Attribution(self.art.text[tok.idx:last.idx + len(last.text)], spk, cand)
            n_verb = self.speech_verb(tok)
            if n_verb:
                return self._verb_before(tok, n_verb, sent_start)
        if self.art.text[sent_start:open_pos].rstrip().endswith(":"):
            # "X avait défini un cadre à ses ministres : « … »": the colon makes the clause
            # before it the quote's introduction, whatever its verb.
            for tok in reversed(toks):
                if tok.pos_ == "VERB" and not set(tok.morph.get("VerbForm")) & {"Inf", "Ger"}:
                    return self._verb_before(tok, 1, sent_start)
        return None

    def _relative_auxiliary(self, toks: list["Token"], open_pos: int, sent_start: int) -> Attribution | None:
        """`X qui a « salué le résultat … »`: the participle is inside the quote; the speaker is
        the antecedent of the relative."""
        doc = self.art.doc
        k = len(toks) - 1
        while k > 0 and toks[k].pos_ == "ADV":
            k -= 1
        if k < 1 or toks[k].lower_ not in self.lex.auxiliaries or toks[k - 1].lower_ != "qui":
            return None
        inside = self.art.token_at(open_pos + 1)
        first = doc[inside] if inside < len(doc) else None
        if first is None or not first.text[:1].islower() or \
                not first.lower_.endswith(("é", "i", "u", "is", "it", "ert", "int")):
            return None
        ante = self._relative_antecedent(toks[k - 1], sent_start)
        if ante is None:
            return None
        start = ante.i
        while start > 0 and doc[start - 1].idx >= sent_start and (
                _is_name_token(doc[start - 1]) or doc[start - 1].lower_ in self.lex.name_particles) \
                and _is_name_token(doc[start]):
            start -= 1
        spk, cand = self.resolver.speaker_of_phrase(start, ante.i + 1, toks[k].idx)
        if spk is None:
            return None
        return Attribution(toks[k].text, spk, cand)

    def _verb_before(self, verb: "Token", n_verb: int, sent_start: int) -> Attribution:
        doc, text = self.art.doc, self.art.text
        cue_start = verb.idx
        for child in verb.children:
            if child.dep_.startswith("aux") and child.i < verb.i and child.idx >= sent_start:
                cue_start = min(cue_start, child.idx)
        last = doc[verb.i + n_verb - 1]
        cue = text[cue_start:last.idx + len(last.text)]
        # "…, le Premier ministre israélien Benjamin Netanyahu a estimé": a person's name right
        # before the verb is its subject, whatever the parser attached.
        k = verb.i - 1
        while k >= 0 and doc[k].idx >= sent_start and (doc[k].pos_ in ("AUX", "ADV", "PART") or
                                                       doc[k].lower_ in ("se", "s'", "s’", "ne", "n'", "n’", "lui-même", "elle-même")):
            k -= 1
        if k > 0 and doc[k].text == "," and doc[k - 1].ent_type_ == "PER" and doc[k - 1].idx >= sent_start:
            # "le frère du journaliste, Chekib Drareni, s'est dit": the apposition's name (not
            # "X, ex-conseillère de Nicolas Sarkozy, assurait").
            b = k - 1
            while b > 0 and doc[b].ent_iob_ == "I":
                b -= 1
            if b > 0 and doc[b - 1].text == ",":
                k -= 1
        if k >= 0 and doc[k].idx >= sent_start and doc[k].ent_type_ == "PER":
            start = k
            while start > 0 and doc[start - 1].ent_type_ == "PER" and doc[start].ent_iob_ != "B":
                start -= 1
            lead = doc[max(self.art.token_at(sent_start), start - 4):start + 1]
            if not self.resolver._name_in_complement(lead, doc[start].idx):
                spk, cand = self.resolver.speaker_of_phrase(start, k + 1, verb.idx)
                if spk is not None:
                    return Attribution(cue, spk, cand)
        subj = self._subject_of(verb, sent_start)
        if subj is None and verb.pos_ in ("ADJ", "NOUN") and verb.i > 0 and \
                doc[verb.i - 1].pos_ in ("NOUN", "PROPN") and doc[verb.i - 1].idx >= sent_start:
            subj = doc[verb.i - 1]  # "Le parlementaire suggère" with the verb tagged as an adjective
        if subj is None or subj.i > verb.i:
            named = self._name_before_apposition(verb, sent_start)
            if named is not None:
                spk, cand = self.resolver.speaker_of_phrase(named[0], named[1], verb.idx)
                if spk is not None:
                    return Attribution(cue, spk, cand)
        if subj is None or subj.i > verb.i:
            # Inverted subject: "…, a déclaré le président du Conseil européen, Charles Michel,
            # pour qui « … »".
            i = self._subject_after(verb.i + n_verb, self._open_token)
            if i is not None:
                spk, cand = self.resolver.speaker_of_phrase(i, self._open_token, verb.idx)
                return Attribution(cue, spk, cand)
        if subj is None:
            head = verb.head
            if (set(verb.morph.get("VerbForm")) & {"Ger"} or verb.lower_.endswith("ant")) and \
                    head is not verb and head.i < verb.i and head.idx >= sent_start and head.pos_ == "VERB" \
                    and (self.speech_verb(head) or (verb.i > 0 and doc[verb.i - 1].lower_ == "en")):
                # "a affirmé l'Université dans un communiqué, rappelant que « … »": the subject of
                # the verb the participle hangs on.
                found = self._verb_before(head, self.speech_verb(head) or 1, sent_start)
                if found.speaker is not None:
                    return Attribution(cue, found.speaker, found.candidate)
            if set(verb.morph.get("VerbForm")) & {"Inf", "Ger"} or verb.lower_.endswith("ant"):
                # "Avant de poursuivre : « … »": the subject is the one of the sentences before.
                cand = self.resolver.antecedent(verb.idx, None, "sg", near_only=True)
                if cand is not None and cand.salient:
                    spk, cand = self.resolver.speaker_of_candidate(cand)
                    return Attribution(cue, spk, cand)
            return Attribution(cue, None, None)
        # Start the phrase at the subject's determiner ("le président irakien Barham Saleh").
        start = subj.i
        for child in subj.children:
            if child.i < start and child.dep_ in ("det", "amod", "nummod") and child.idx >= sent_start:
                start = child.i
        # "Marine Le Pen": the parser took "Le Pen" for the subject; the first name goes with it.
        while start > 0 and doc[start - 1].idx >= sent_start and _is_name_token(doc[start - 1]) and \
                doc[start - 1].pos_ in ("PROPN", "NOUN") and _is_name_token(doc[start]):
            start -= 1
        limit = verb.i
        for k in range(subj.i + 1, verb.i):
            adjectival = doc[k].pos_ == "VERB" and "Part" in doc[k].morph.get("VerbForm") and \
                doc[k - 1].pos_ not in ("AUX", "PRON", "ADV")  # "des Nations unies"
            if (doc[k].pos_ in ("AUX", "VERB") and not adjectival) or doc[k].lower_ in ("qui", "dont"):
                limit = k
                break
        # "le spécialiste en digitalisation des caisses Dimitri Farber, estime": a person named at
        # the end of a long subject phrase.
        names = [k for k in range(start, limit) if doc[k].ent_type_ == "PER" and doc[k].ent_iob_ == "B"]
        if names and names[-1] > start and not self.resolver._name_in_complement(doc[start:limit], doc[names[-1]].idx):
            ent = self.art.ent_at.get(names[-1])
            if ent is not None and ent.end <= limit + 1 and len(ent) >= 2:
                spk, cand = self.resolver.speaker_of_phrase(start, ent.end, verb.idx)
                if spk is not None and _fold(spk.name).endswith(_fold(ent[-1].text)):
                    return Attribution(cue, spk, cand)
                spk, cand = self.resolver.speaker_of_phrase(names[-1], ent.end, verb.idx)
                if spk is not None:
                    return Attribution(cue, spk, cand)
        spk, cand = self.resolver.speaker_of_phrase(start, max(limit, start + 1), verb.idx)
        return Attribution(cue, spk, cand)

    def _relative_antecedent(self, qui: "Token", sent_start: int) -> "Token | None":
        """The name or noun right before a relative `qui` ("Liberté, qui se demandait",
        "Jean-Yves Le Drian qui a"); after `et qui`, the one of the first relative."""
        doc = self.art.doc
        k = qui.i - 1
        for _ in range(3):
            while k >= 0 and doc[k].idx >= sent_start and doc[k].text == ",":
                k -= 1
            if k < 0 or doc[k].idx < sent_start:
                return None
            if doc[k].lower_ in ("et", "mais"):
                earlier = next((j for j in range(k - 1, -1, -1) if doc[j].idx >= sent_start
                                and doc[j].lower_ == "qui" and not self.art.in_quote(doc[j].idx)), None)
                if earlier is None:
                    return None
                k = earlier - 1
                continue
            break
        tok = doc[k]
        if self.art.in_quote(tok.idx) or _mark_token(tok):
            return None
        if _is_name_token(tok) or tok.pos_ in ("PROPN", "NOUN"):
            return tok
        return None

    def _name_before_apposition(self, verb: "Token", sent_start: int) -> tuple[int, int] | None:
        """`le général X, chef d'état-major de l'armée, avait appelé`: the name before the
        apposition that ends right before the verb (token range of the name)."""
        doc = self.art.doc
        if "Fin" not in verb.morph.get("VerbForm") and not any(c.dep_.startswith("aux") for c in verb.children):
            return None  # "…, longuement qualifiée de « … »": an adjectival participle
        k = verb.i - 1
        while k >= 0 and (doc[k].pos_ in ("AUX", "ADV") or doc[k].lower_ in ("se", "s'", "s’", "ne", "n'", "n’")):
            k -= 1
        if k < 1 or doc[k].text != ",":
            return None
        if doc[k - 1].ent_type_ == "PER" and doc[k - 1].idx >= sent_start:
            # "le spécialiste des caisses Daniel Ferber, estime": the name right before the comma.
            start = k - 1
            while start > 0 and doc[start - 1].ent_type_ == "PER" and doc[start].ent_iob_ != "B":
                start -= 1
            if k - start >= 2 and start > 0 and doc[start - 1].lower_ not in OF_WORDS:
                return start, k
        j = k - 1
        while j >= 0 and k - j <= 14 and doc[j].idx >= sent_start and doc[j].text != "," and \
                not _mark_token(doc[j]) and not (doc[j].pos_ in ("VERB", "AUX") and "Fin" in doc[j].morph.get("VerbForm")):
            j -= 1
        if j < 1 or doc[j].text != "," or doc[j - 1].ent_type_ != "PER" or doc[j - 1].idx < sent_start:
            return None
        start = j - 1
        while start > 0 and doc[start - 1].ent_type_ == "PER" and doc[start].ent_iob_ != "B":
            start -= 1
        if start > 0 and doc[start - 1].lower_ in OF_WORDS:
            return None  # "le mandat d'Alassane Ouattara, …": a complement, not the subject
        return start, j

    def _subject_of(self, verb: "Token", sent_start: int) -> "Token | None":
        tok = verb
        for _ in range(3):
            # The subject nearest the verb ("Pour sa part, le quotidien X fustige": not "part").
            subjects = sorted((c for c in tok.children if c.dep_.startswith("nsubj") and c.idx >= sent_start
                               and not self.art.in_quote(c.idx)),
                              key=lambda c: (c.i > tok.i, -c.i if c.i < tok.i else c.i))
            for child in subjects:
                if child.lower_ == "qui":
                    ante = self._relative_antecedent(child, sent_start)
                    if ante is not None:
                        # "l'ancien député de l'Essonne qui estime": the head of the phrase.
                        doc = self.art.doc
                        while ante.dep_ == "nmod" and ante.head.i < ante.i and ante.head.pos_ == "NOUN" and \
                                ante.head.idx >= sent_start and ante.i >= 2 and \
                                (doc[ante.i - 1].lower_ in OF_WORDS or
                                 (doc[ante.i - 1].pos_ == "DET" and doc[ante.i - 2].lower_ in OF_WORDS)):
                            ante = ante.head
                        return ante
                if child.lower_ in ("qui",) and tok.dep_ == "acl:relcl":
                    # The relative's antecedent, when the parser gave one that is a noun.
                    return tok.head if tok.head.pos_ in ("NOUN", "PROPN") else None
                return child
            if tok.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acl") and tok.head is not tok:
                tok = tok.head
            else:
                break
        return None


# --------------------------------------------------------------------------------------------
# 2. Quotations that are not speech
# --------------------------------------------------------------------------------------------

_WORD = re.compile(r"[\w'’-]+")


def _is_heading(text: str, q: QuoteSpan, sent_start: int) -> bool:
    """An intertitle: `- "Trop tard" -`, or `Une "escalade dangereuse"En France` (a short
    heading glued to the next sentence)."""
    before = text[max(sent_start, q.open - 40):q.open]
    after = text[q.close + 1:q.close + 4]
    if re.search(r"(^|\n|[.!?\"»])\s*[-–—]\s*$", before) and re.match(r"\s*[-–—]", after):
        return True
    if q.glued_next and len(_WORD.findall(text[sent_start:q.open])) <= 2:
        return True
    return False


def _is_title(text: str, q: QuoteSpan, lex: SpeechLexicon) -> bool:
    """`le film "Les Misérables"`, `l'opération "Bouclier du Nord"`, `intitulé "..."`: the word
    right before the opening mark names a work or a name."""
    before = re.search(r"([\w'’-]+)\s*$", text[max(0, q.open - 40):q.open])
    if before is None:
        return False
    word = re.sub(r"^\w['’]", "", before.group(1).lower())
    if word not in lex.work_titles:
        return False
    # A title is capitalised or short: 'l'opération « va se poursuivre longtemps »' is speech.
    inner = text[q.start:q.end]
    return inner[:1].isupper() or len(inner.split()) <= 4


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

def extract_quotes(ctx: DocContext) -> list[Quote]:
    """Every direct quotation of the article, with its cue and resolved speaker."""
    text = ctx.text
    lex = lexicon_of(ctx)
    begin = getattr(ctx.article, "body_start", 0) or 0
    spans = find_quote_spans(text, lex, begin)
    if not spans:
        return []
    doc = ctx.doc
    art = ArticleView(ctx=ctx, lex=lex, text=text, doc=doc, quotes=spans,
                  sentences=Sentences(text, spans, begin),
                  token_starts=[t.idx for t in doc], quote_starts=[q.open for q in spans])
    resolver = Resolver(art)
    cues = Cues(art, resolver)

    kept: list[tuple[QuoteSpan, Attribution | None, bool]] = []
    for q in spans:
        sent_start, sent_end = art.sentences.span(q.start)
        sent_start = min(sent_start, q.open)
        if _is_heading(text, q, sent_start) or _is_title(text, q, lex):
            continue
        attribution, direct = _attribute(art, cues, q, sent_start, max(sent_end, q.close + 1), kept)
        n_words = len(text[q.start:q.end].split())
        if n_words < 3 and not direct:
            continue  # a label or scare quote, not speech
        if attribution is not None and attribution.candidate is not None and attribution.candidate.name:
            resolver.remember(attribution.candidate)
        if attribution is not None and (attribution.speaker is not None or attribution.cue):
            resolver.last_speaker = (attribution.speaker, attribution.candidate, q.open)
        kept.append((q, attribution, direct))

    # A quote that is a sentence on its own and gave no cue takes the speaker of the next one
    # when that follows at once with an incise and no earlier speaker was at hand.
    quotes: list[Quote] = []
    for n, (q, attribution, _direct) in enumerate(kept):
        if attribution is None and n + 1 < len(kept):
            nxt_q, nxt_attr, nxt_direct = kept[n + 1]
            gap = text[q.close + 1:nxt_q.open]
            same_sentence = art.sentences.index(q.open) == art.sentences.index(nxt_q.open)
            if nxt_attr is not None and nxt_attr.speaker is not None and (
                    len(gap.strip(" .\n")) == 0 or (same_sentence and nxt_direct)):
                # `"A" ou en avaient "B", a temporisé X`: one incise for the quotes of a sentence.
                attribution = Attribution(None, nxt_attr.speaker, nxt_attr.candidate)
        quotes.append(Quote(text=text[q.start:q.end], start=q.start, end=q.end,
                            cue=attribution.cue if attribution else None,
                            speaker=attribution.speaker if attribution else None))
    return quotes


def _is_channel(lex: SpeechLexicon, cue: str | None) -> bool:
    """`selon X`, `rapporte X`: a cue that names where words were read, not who said them."""
    if not cue:
        return False
    words = _fold(cue).replace("'", " ").split()
    return bool(words) and (words[0] in lex.according_words or words[-1] in lex.channel_forms)


# `, comme l'a (lui-même) rappelé X`, `comme le dit X`: a speech verb with its subject after it.
_AS_SAID = re.compile(r"[^\S\n]*[»\"”]?[^\S\n]*(?:\)[^\S\n]*)?,?[^\S\n]*comme[^\S\n]+(?:l['’]|le[^\S\n]+)", re.IGNORECASE)


def _attribute(art: ArticleView, cues: Cues, q: QuoteSpan, sent_start: int, sent_end: int,
               previous: list[tuple[QuoteSpan, Attribution | None, bool]]) -> tuple[Attribution | None, bool]:
    """(attribution, whether a cue is attached to this very quote)."""
    text = art.text
    found = cues.incise(q.close + 1, sent_end, immediate=True)
    if found is None:
        # `« … », comme l'a souligné le ministre X`: the words are the inverted subject's, not
        # those of the sentence's subject.
        m = _AS_SAID.match(text, q.close + 1, min(sent_end, q.close + 40))
        if m is not None:
            said = cues.as_said(m.end(), sent_end)
            if said is not None and said.speaker is not None:
                return said, True
    before = cues.before(sent_start, q.open)
    # The incise right after the quote wins, except a `selon X` or an incise with no speaker
    # when a speech verb with its subject introduces the quote in the same sentence.
    if found is not None and not (before is not None and before.speaker is not None and (
            found[0].speaker is None or _is_channel(art.lex, found[0].cue))):
        return found[0], True
    if before is not None:
        if before.speaker is None and before.candidate is None and found is None:
            later = cues.incise(q.close + 1, sent_end, immediate=False)
            if later is not None and later[0].speaker is not None:
                # "… d'évoquer « … » dans le pays, d'après le GNA": the verb has no subject.
                return later[0], False
        if before.speaker is None and previous:
            # "…, a-t-il ajouté, tout en soulignant « … »": a verb with no subject of its own
            # speaks with the voice of the quote before it in the sentence.
            prev_q, prev_attr, _ = previous[-1]
            if prev_attr is not None and prev_q.close >= sent_start and before.candidate is None:
                return Attribution(before.cue, prev_attr.speaker, prev_attr.candidate), True
        return before, True
    if found is not None:
        return found[0], True
    if previous:
        # `« A », murmure cette femme, « B »`: the second half of a quote split by its incise.
        prev_q, prev_attr, prev_direct = previous[-1]
        gap = text[prev_q.close + 1:q.open].strip()
        if prev_attr is not None and prev_attr.speaker is not None and prev_direct and prev_attr.cue and \
                gap.startswith(",") and gap.endswith(",") and len(gap) < 160 and \
                not any(c in gap for c in ".;:!?") and gap.count(",") <= 3:
            return Attribution(None, prev_attr.speaker, prev_attr.candidate), False
    later = cues.incise(q.close + 1, sent_end, immediate=False)
    if later is not None:
        return later[0], False
    outside_subject = cues.subject_outside(sent_start, q.open)
    if outside_subject is not None:
        return outside_subject, False
    # A quote standing as a sentence of its own continues the previous speaker's words, and so
    # does one that opens its sentence with no cue of its own (`« … » que représente le trafic`).
    outside = (text[sent_start:q.open] + text[q.close + 1:sent_end]).strip(" \n.,;:!?-–—\"«»“”")
    opens = not text[sent_start:q.open].strip(" \n.,;:!?-–—\"«»“”")
    rest = text[q.close + 1:sent_end].strip(" \n\"«»“”")
    if rest[:1].islower() and (rest.split()[0] in ("par", "selon") or any(
            t.ent_type_ == "PER" for t in art.tokens(q.close + 1, sent_end))):
        rest = ""  # `« … » par Emmanuel Macron`: someone else is named
        opens = False
    if previous and (not outside or (opens and rest[:1].islower())):
        prev_q, prev_attr, _ = previous[-1]
        if prev_attr is not None and prev_attr.speaker is not None and \
                art.sentences.index(q.open) - art.sentences.index(prev_q.close) <= 2:
            return Attribution(None, prev_attr.speaker, prev_attr.candidate), False
    if not outside:
        # "Christophe Castaner a réagi. « … »": the speech verb of the sentence before.
        k = art.sentences.index(q.open)
        if k > 0:
            prev_start = art.sentences.bounds[k - 1]
            prev_end = art.sentences.bounds[k]
            if not any(prev_start <= p.open < prev_end for p in art.quotes):
                found = cues.before(prev_start, prev_end)
                if found is not None and found.speaker is not None:
                    return Attribution(None, found.speaker, found.candidate), False
    if previous:
        # `…, a déclaré Donald Trump. La loi « … ».`: a partial quote with no cue, in a sentence
        # that names no one, goes on with the speaker of the quotes just before.
        prev_q, prev_attr, _ = previous[-1]
        if prev_attr is not None and prev_attr.speaker is not None and \
                art.sentences.index(q.open) - art.sentences.index(prev_q.close) <= 1 and \
                "\n" not in text[prev_q.close:q.open] and len(_WORD.findall(outside)) <= 8 and \
                not any(t.ent_type_ == "PER" or t.lower_ in art.lex.pronouns
                        for t in art.tokens(sent_start, sent_end)):
            return Attribution(None, prev_attr.speaker, prev_attr.candidate), False
    return None, False
