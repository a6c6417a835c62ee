"""French temporal expressions (TimeML timexes) resolved against the publication date, and the
date of a clause for the events and casualties extractors.

    extract_timexes(ctx) -> list[Timex]          # the stage (Coder runs it first)
    date_for(ctx, start, end) -> (value, text)   # for events/casualties, after extract_timexes

Spans are found by regular expressions compiled once from `resources/fr/dates.yaml`; the parse
is consulted only for the few tokens governing a match (tense of the verb), so the stage costs a
small fraction of the spaCy parse. Values follow TimeML as the French TimeBank writes them:
`2021-04-06`, `2021-W13`, `2021-W13-WE`, `2021-03` (+ mod START/MID/END), `2021`, `196X`,
`2021-04-06TEV`, `2021-04-06T20:30`, `P3D`, `PXY`, `XXXX-WXX-4`, `PRESENT_REF`.

Relative expressions are resolved against `article.published`; when it is None they get value
None, never a guess. Expressions anchored on the story ("le lendemain", "la veille", "dans la
soirée", a clock time) use the last day the text itself set ("the story's current date").
Weekdays and year-less dates read the tense of the verb governing them: past or present → on or
before publication, future → on or after; "dernier"/"prochain" make it strict.

`date_for` dates a clause: the timex hanging from its verb, else its sentence's, else the day
the lead set (AFP's first sentence carries the news day), else None — never publication by default.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

from veille.extract.context import DocContext
from veille.records import Timex

PAST, PRESENT, FUTURE = "past", "present", "future"

# Boundaries that treat hyphenated words ("avant-hier", "après-midi") as single words.
_B0 = r"(?<![\w-])"
_B1 = r"(?![\w-])"
_APOS = "['’]"


# --------------------------------------------------------------------------------------------
# Grammar: the regexes and lookups compiled once from dates.yaml
# --------------------------------------------------------------------------------------------


def _alternation(words: Any) -> str:
    """Regex alternation of words (longest first), spaces and apostrophes made flexible."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", r"\s+").replace("'", _APOS).replace("’", _APOS)
        parts.append(escaped)
    return "(?:" + "|".join(parts) + ")"


def _ending_with(words: list[str]) -> re.Pattern[str]:
    """Matches text that ends with one of the words (what comes right before an expression)."""
    return re.compile(r"(?<![\w-])" + _alternation(words) + r"\s*$", re.IGNORECASE)


def _folded(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k.lower().replace("’", "'"): v for k, v in mapping.items()}


@dataclass(frozen=True)
class Grammar:
    """Compiled patterns (in priority order) and the word tables their normalisers read."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    weekdays_plural: dict[str, int]
    numbers: dict[str, int]
    multipliers: frozenset[str]
    ordinal_days: dict[str, int]
    deictic_days: dict[str, int]
    anchored_days: dict[str, int]
    parts_of_day: dict[str, str]
    modifiers: dict[str, str]
    seasons: dict[str, str]
    past_words: frozenset[str]
    next_words: frozenset[str]
    previous_words: frozenset[str]
    following_words: frozenset[str]
    units: dict[str, dict[str, Any]]
    vague: frozenset[str]
    references: dict[str, str]
    future_lemmas: frozenset[str]
    future_auxiliaries: frozenset[str]
    day_list_tail: re.Pattern[str]
    clock_words: dict[str, int]
    day_before_clock: re.Pattern[str]
    event_parts: frozenset[str]
    approximate_numbers: dict[str, int]
    parts_after_en: frozenset[str]
    holidays: dict[str, str]
    past_prepositions: re.Pattern[str]
    future_prepositions: re.Pattern[str]
    onward_prepositions: re.Pattern[str]
    # Word (lower case) -> the trigger groups it belongs to; each pattern runs only near its own.
    trigger_words: dict[str, frozenset[str]]
    pattern_triggers: tuple[frozenset[str], ...]


# Which trigger groups announce each pattern: every match of the pattern contains one of them.
_PATTERN_TRIGGERS: dict[str, tuple[str, ...]] = {
    "night_range": ("parts",), "day_month": ("months",), "day_list": ("months",),
    "decade": ("units",), "month": ("months",), "season": ("seasons",), "year": ("year_digits",),
    "relative_period": ("periods",), "weekend": ("periods",), "deictic": ("deictic",),
    "anchored": ("anchored",), "same_day": ("same_day",), "part_same": ("parts",),
    "weekday": ("weekdays",), "this_part": ("parts",), "night_last": ("parts",),
    "story_part": ("parts",), "clock": ("clock_digits",), "clock_word": ("clock_words",),
    "ago": ("units",), "in_future": ("units",), "quarter_century": ("units",),
    "duration": ("units",), "set": ("sets",), "reference": ("references",),
    "holiday": ("holidays",),
}
# Function words never used as triggers (too frequent, and never the core of an expression).
_NOT_TRIGGERS = frozenset({"l", "d", "de", "du", "des", "la", "le", "les", "à", "au", "aux", "en",
                           "ce", "cet", "cette", "un", "une", "et", "qu", "jusqu"})
_PERIOD_WORDS = ("année", "an", "semaine", "mois", "week-end", "weekend", "trimestre")
_WORD = re.compile(r"[^\W\d_]+")
# Digits that can start a year or a clock time ("8h30", "20 H 00", "14 heures").
_YEAR_DIGITS = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)")
_CLOCK_DIGITS = re.compile(r"(?<!\d)\d{1,2}\s*[hH]")
# Characters scanned around a trigger word: the longest prefix ("jusqu'à la fin de l'") and
# suffix ("de mercredi à jeudi 4 avril 2021") an expression adds to its core word.
_BEFORE, _AFTER = 40, 60


def _trigger_words(data: dict[str, Any]) -> dict[str, frozenset[str]]:
    sources: dict[str, Any] = {
        "months": data["months"], "weekdays": list(data["weekdays"]) + list(data["weekdays_plural"]),
        "deictic": data["deictic_days"], "anchored": data["anchored_days"], "same_day": data["same_day"],
        "parts": data["parts_of_day"], "clock_words": data["clock_words"], "seasons": data["seasons"],
        "references": data["references"], "units": data["duration_units"], "sets": data["set_quantifiers"],
        "periods": _PERIOD_WORDS, "holidays": data["holidays"],
    }
    index: dict[str, set[str]] = {}
    for group, words in sources.items():
        for phrase in words:
            for word in _WORD.findall(phrase.lower()):
                if word not in _NOT_TRIGGERS:
                    index.setdefault(word, set()).add(group)
    return {word: frozenset(groups) for word, groups in index.items()}


def _build_grammar(data: dict[str, Any]) -> Grammar:
    months = _folded(data["months"])
    weekdays = _folded(data["weekdays"])
    numbers = _folded(data["number_words"])
    ordinal_days = _folded(data["ordinal_days"])
    units = _folded(data["duration_units"])
    rel_words = (data["past_words"] + data["next_words"] + data["previous_words"]
                 + data["following_words"])

    # No hyphen in the left boundary: "mi-juillet", "14-Juillet".
    month = r"(?<!\w)(?P<month>" + _alternation(months) + ")" + r"(?![\w-])"
    weekday = _alternation(weekdays)
    rel = _alternation(rel_words)
    past_next = _alternation(data["past_words"] + data["next_words"])
    parts = _alternation(data["parts_of_day"])
    numword = _alternation(numbers)
    # "une dizaine de" carries its own "de": what follows it is the unit, with or without a space.
    about_number = (r"une\s+" + _alternation(data["approximate_numbers"]) + r"\s+d(?:e\s+|" + _APOS + ")")
    number = (r"(?:\d+(?:[.,]\d+)?|" + about_number + "|" + _B0 + numword + r"(?:(?:-|\s+et\s+|\s+)"
              + numword + ")*" + _B1 + ")")
    unit = _alternation(units)
    day_num = r"(?:1er|premier|[12]\d|3[01]|0?[1-9])"
    year4 = r"(?:1[5-9]\d\d|20\d\d)(?![\d])"
    # A two-digit year only right after a month and before punctuation ("octobre 98.").
    year = r"(?:" + year4 + r"|" + _APOS + r"?\d\d(?=\s*[,.;:)!?»]|\s*$))"
    modifier = (r"(?:(?:à\s+la|au|en|dès\s+la|dès\s+le|dès|vers\s+la|depuis\s+la|jusqu" + _APOS
                + r"à\s+la)\s+)?(?P<mod>" + _alternation(data["period_modifiers"])
                + r")(?:\s*-\s*|\s+d[eu]\s+|\s+de\s+la\s+|\s+d" + _APOS + r"\s*|\s+)")
    day_part_tail = (r"(?:\s+(?:au\s+|en\s+)?(?P<part>" + parts + r")" + _B1
                     + r"|\s+en\s+(?P<partmod>début|fin)\s+d(?:e\s+|"
                     + _APOS + r")\s*(?P<part2>" + parts + r"))?")
    approx = _alternation(data["approximators"])
    zones = _alternation(data["time_zones"])
    vague = _alternation(data["vague_quantities"])
    seasons = _alternation(data["seasons"])
    refs = _alternation(data["references"])
    set_q = _alternation(data["set_quantifiers"])
    wd_plural = _alternation(data["weekdays_plural"])
    deictic = _alternation(data["deictic_days"])
    anchored = _alternation(data["anchored_days"])
    same_day = _alternation(data["same_day"])

    specs: list[tuple[str, str]] = [
        # "dans la nuit de mercredi à jeudi", "la nuit du 3 au 4 mai"
        ("night_range",
         r"(?:dans\s+)?la\s+nuit\s+d[eu]\s+(?:(?P<wd1>" + weekday + r")\s*)?(?:(?P<d1>" + day_num
         + r")\s*)?(?:" + month.replace("?P<month>", "?P<m1>") + r"\s*)?(?:(?:à|au)\s+(?:(?P<wd2>"
         + weekday + r"))?\s*(?:(?P<d2>" + day_num + r"))?(?:\s+" + month.replace("?P<month>", "?P<m2>")
         + r")?(?:\s+(?P<y2>" + year4 + r"))?)?"),
        # "le mardi 6 avril 2021", "27 juillet 2020", "le 6 mai dernier", "14-Juillet"
        ("day_month",
         r"(?:(?:le|ce)\s+)?(?:(?P<wd>" + weekday + r")\s+)?(?P<day>" + day_num + r")(?:[\s-]+)"
         + month + r"(?:\s+(?P<year>" + year + r"))?(?:\s+(?P<rel>" + past_next + r")" + _B1 + ")?"
         + day_part_tail),
        # "les 6 et 13 avril": the first day borrows the month of the second
        ("day_list",
         r"(?:(?:les|le|du|entre\s+le)\s+)?(?P<day>" + day_num + r")(?=\s*(?:,|et|au|à|-)\s*(?:le\s+)?(?:"
         + weekday + r"\s+)?" + day_num + r"[\s-]+" + _alternation(months) + r")"),
        ("decade",
         r"(?:(?:les|des|aux|dans\s+les)\s+)?années\s+(?P<decade>(?:19|20)?\d0)(?![\d])"),
        ("month",
         r"(?:" + modifier + r"|(?P<cue>(?:en|de|d" + _APOS + r"|dès|depuis|jusqu" + _APOS
         + r"en|jusqu" + _APOS + r"à|courant|avant|après|entre|fin|au\s+mois\s+d[e" + _APOS
         + r"]|du\s+mois\s+d[e" + _APOS + r"]|le\s+mois\s+d[e" + _APOS + r"]|mois\s+d[e" + _APOS
         + r"])\s*))?" + month + r"(?:\s+(?P<year>" + year + r"))?(?:\s+(?P<rel>" + past_next + r")"
         + _B1 + ")?"),
        ("season",
         r"(?:" + modifier + r")?(?P<pre>en|au|à\s+l" + _APOS + r"|l" + _APOS + r"|cet|cette)\s*(?P<season>"
         + seasons + r")" + _B1
         + r"(?:\s+(?P<year>" + year4 + r")|\s+(?P<rel>" + past_next + r")" + _B1 + ")?"),
        ("year",
         r"(?:" + modifier + r")?(?P<pre>l" + _APOS + r"\s*an(?:née)?\s+|en\s+|depuis\s+|dès\s+|d"
         + _APOS + r"ici\s+(?:à\s+)?|jusqu" + _APOS + r"en\s+|avant\s+|après\s+)?" + _B0
         + r"(?P<year>" + year4 + r")"),
        ("relative_period",
         r"(?:" + modifier + r")?(?P<det>l" + _APOS + r"\s*|cette\s+|cet\s+|ce\s+|la\s+|le\s+)(?P<unit>"
         r"année|an|semaine|mois|week-end|weekend|trimestre)" + _B1 + r"(?:\s*-\s*ci)?(?:\s+(?P<rel>"
         + rel + r")" + _B1 + ")?"),
        ("weekend",
         r"(?P<det>ce|le)\s+week-?end(?:\s+(?P<rel>" + past_next + r"))?"),
        ("deictic",
         _B0 + r"(?P<word>" + deictic + r")" + _B1 + r"(?:\s+(?P<wd>" + weekday + r"))?" + day_part_tail),
        ("anchored",
         r"(?:le|la|l" + _APOS + r")\s*(?P<word>" + anchored + r")" + _B1 + r"(?:\s+(?P<wd>" + weekday
         + r"))?" + day_part_tail + r"(?!\s*(?:,\s*)?(?:(?:de|du|des)" + _B1 + r"|d" + _APOS + r"))"),
        ("same_day", r"(?P<word>" + same_day + r")" + _B1),
        ("part_same", r"(?:le|la|l" + _APOS + r")\s*(?P<part>" + parts + r")\s+même" + _B1),
        ("weekday",
         r"(?:(?P<det>ce|le|la)\s+)?(?:(?P<same>même)\s+)?" + _B0 + r"(?P<wd>" + weekday + r")" + _B1
         + r"(?:\s+(?P<rel>" + past_next + r"|même)" + _B1 + ")?" + day_part_tail),
        ("this_part", r"(?P<det>ce|cet|cette)\s+(?P<part>" + parts + r")" + _B1
         + r"(?:\s+(?P<rel>" + past_next + r"))?"),
        ("night_last", r"la\s+nuit\s+(?P<rel>" + past_next + r")"),
        ("story_part",
         r"(?:(?:en\s+(?P<partmod>début|fin)\s+d(?:e\s+|" + _APOS + r"\s*))|(?:(?:dans|pendant|durant|"
         r"au\s+cours\s+de|tard\s+dans|tôt\s+dans|dès)\s+)?(?:la|l" + _APOS + r")\s*|(?P<en>en)\s+)(?P<part>"
         + parts + r")" + _B1),
        ("clock",
         r"(?:(?P<approx>" + approx + r")\s+|(?P<cue>à|(?-i:A)|dès|jusqu" + _APOS + r"à|de|entre|avant|"
         r"après|depuis|et)\s+)?" + _B0 + r"(?P<h>[01]?\d|2[0-3])\s*(?P<hsep>h|H|heures?)\s*(?P<min>[0-5]\d)?"
         r"(?![\w])(?:\s*\(?(?P<tz>" + zones + r")" + _B1 + r"\)?)?"),
        ("clock_word",
         r"(?:(?P<approx>" + approx + r")|(?P<cue>à|dès|jusqu" + _APOS + r"à|avant|après))\s+"
         r"(?P<word>" + _alternation(data["clock_words"]) + r")" + _B1),
        ("ago",
         r"il\s+y\s+a\s+(?:(?P<approx>environ|près\s+de|plus\s+de|moins\s+de)\s+)?(?P<num>" + number
         + r")\s*(?P<unit>" + unit + r")" + _B1),
        ("in_future",
         r"dans\s+(?:(?P<approx>environ|près\s+de|plus\s+de|moins\s+de)\s+)?(?P<num>" + number
         + r")\s*(?P<unit>" + unit + r")" + _B1 + r"(?!\s+d[e" + _APOS + r"])"),
        ("quarter_century", r"un\s+quart\s+de\s+siècle"),
        ("duration",
         r"(?:(?P<approx>environ|près\s+de|plus\s+de|moins\s+de|au\s+moins)\s+)?(?:(?P<num>" + number
         + r")|(?P<vague>" + vague + r")\s)\s*(?P<unit>" + unit + r")" + _B1),
        ("set",
         _B0 + r"(?P<q>" + set_q + r")\s+(?:(?P<wdp>" + wd_plural + r")|(?P<wd>" + weekday
         + r")|(?P<unit>" + unit + r"))" + _B1),
        ("reference", _B0 + r"(?P<word>" + refs + r")" + _B1),
        # "à Noël", "depuis la Toussaint": fixed-date holidays after a preposition or article
        # (a bare "Noël" is as often a first name).
        ("holiday",
         r"(?:(?:à|pour|depuis|avant|après|dès|jusqu" + _APOS + r"à|la|le|l" + _APOS + r"|de|du)\s*)"
         + r"(?P<holiday>" + _alternation(data["holidays"]) + r")" + _B1
         + r"(?:\s+(?P<year>" + year4 + r"))?(?!\s+(?-i:[A-ZÉ]))"),
    ]
    patterns = tuple((name, re.compile(rx, re.IGNORECASE)) for name, rx in specs)
    day_list_tail = re.compile(
        r"\s*(?:,|et|au|à|-)\s*(?:le\s+)?(?:" + weekday + r"\s+)?" + day_num + r"[\s-]+" + month
        + r"(?:\s+(?P<year>" + year4 + r"))?(?:\s+(?P<rel>" + past_next + r"))?", re.IGNORECASE)
    return Grammar(
        patterns=patterns, months=months, weekdays=weekdays,
        weekdays_plural=_folded(data["weekdays_plural"]), numbers=numbers,
        multipliers=frozenset(w.lower() for w in data["number_multipliers"]),
        ordinal_days=ordinal_days, deictic_days=_folded(data["deictic_days"]),
        anchored_days=_folded(data["anchored_days"]), parts_of_day=_folded(data["parts_of_day"]),
        modifiers=_folded(data["period_modifiers"]), seasons=_folded(data["seasons"]),
        past_words=frozenset(w.lower() for w in data["past_words"]),
        next_words=frozenset(w.lower() for w in data["next_words"]),
        previous_words=frozenset(w.lower() for w in data["previous_words"]),
        following_words=frozenset(w.lower() for w in data["following_words"]),
        units=units, vague=frozenset(_norm(w) for w in data["vague_quantities"]),
        references=_folded(data["references"]),
        future_lemmas=frozenset(data["future_lemmas"]),
        future_auxiliaries=frozenset(data["future_auxiliaries"]),
        day_list_tail=day_list_tail,
        clock_words=_folded(data["clock_words"]),
        event_parts=frozenset(_norm(w) for w in data["event_parts"]),
        approximate_numbers=_folded(data["approximate_numbers"]),
        parts_after_en=frozenset(_norm(w) for w in data["parts_after_en"]),
        holidays=_folded(data["holidays"]),
        past_prepositions=_ending_with(data["past_prepositions"]),
        future_prepositions=_ending_with(data["future_prepositions"]),
        onward_prepositions=_ending_with(data["onward_prepositions"]),
        day_before_clock=re.compile(
            r"(?:" + weekday + "|" + deictic + "|" + parts + "|" + _alternation(months) + r"(?:\s+\d{4})?)"
            + r"\s*,?\s*$", re.IGNORECASE),
        trigger_words=_trigger_words(data),
        pattern_triggers=tuple(frozenset(_PATTERN_TRIGGERS[name]) for name, _ in specs),
    )


class _ResourceKey:
    """Hashable handle on the resources so the compiled grammar is cached per resource set."""

    __slots__ = ("resources",)

    def __init__(self, resources: Any):
        self.resources = resources

    def _key(self) -> tuple[str, int]:
        return (getattr(self.resources, "digest", ""), id(self.resources.data("dates")))

    def __hash__(self) -> int:
        return hash(self._key())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _ResourceKey) and self._key() == other._key()


@lru_cache(maxsize=4)
def _grammar_for(key: _ResourceKey) -> Grammar:
    return _build_grammar(key.resources.data("dates"))


def grammar(resources: Any) -> Grammar:
    return _grammar_for(_ResourceKey(resources))


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _text_before(text: str, position: int, width: int) -> str:
    return text[max(0, position - width):position]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def parse_number(text: str, g: Grammar) -> float | None:
    """'21' -> 21, '30,4' -> 30.4, 'vingt-quatre' -> 24, 'quatre-vingt-dix' -> 90, 'deux cents' -> 200."""
    text = _norm(text)
    if re.fullmatch(r"\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    about = re.fullmatch(r"une\s+(\S+)\s+d(?:e|')", text.strip())
    if about:
        value = g.approximate_numbers.get(about.group(1))
        return float(value) if value is not None else None
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word == "et" or not word:
            continue
        value = g.numbers.get(word)
        if value is None:
            return None
        if word in g.multipliers:
            if value >= 1000:
                total += max(current, 1) * value
                current = 0
            else:
                current = max(current, 1) * value
        elif value == 20 and 1 < current < 10:  # "quatre-vingt(s)"
            current *= 20
        else:
            current += value
    return float(total + current)


def _is_about(number_text: str) -> bool:
    """'une dizaine de': an approximate number (TimeML mod APPROX)."""
    return _norm(number_text).startswith("une ") and not _norm(number_text).startswith("une et")


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_from_text(text: str, reference: date | None) -> int | None:
    digits = re.sub(r"\D", "", text)
    if len(digits) == 4:
        return int(digits)
    if len(digits) == 2:
        # The year ending in these digits that is at most ten years after the reference.
        ref_year = reference.year if reference else 2000
        year = ref_year - ref_year % 100 + int(digits)
        return year - 100 if year > ref_year + 10 else year
    return None


def _day_number(text: str, g: Grammar) -> int:
    text = _norm(text)
    return g.ordinal_days.get(text) or int(re.sub(r"\D", "", text))


def _pick_by_direction(candidates: list[date], reference: date, direction: str,
                       strict: bool = False, near_days: int = 0) -> date:
    """The candidate on or before (past), on or after (future) or nearest to (present) the reference.

    Tense is a weak cue ("la date du 28 juin a été évoquée" speaks of a coming day): unless a word
    fixed the direction (strict), a candidate within `near_days` wins over one months away.
    """
    nearest = min(candidates, key=lambda d: (abs((d - reference).days), d < reference))
    chosen = nearest
    if direction == PAST:
        before = [d for d in candidates if d < reference or (d == reference and not strict)]
        chosen = max(before) if before else nearest
    elif direction == FUTURE:
        after = [d for d in candidates if d > reference or (d == reference and not strict)]
        chosen = min(after) if after else nearest
    if (not strict and abs((chosen - reference).days) > 150
            and abs((nearest - reference).days) <= near_days):
        return nearest
    return chosen


# --------------------------------------------------------------------------------------------
# Tense of the clause a timex sits in
# --------------------------------------------------------------------------------------------


def _windows(spans: list[tuple[int, int]], lowest: int, highest: int) -> list[tuple[int, int]]:
    """Merged character windows around sorted trigger spans."""
    windows: list[tuple[int, int]] = []
    for start, end in spans:
        low, high = max(lowest, start - _BEFORE), min(highest, end + _AFTER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], high))
        else:
            windows.append((low, high))
    return windows


class _Tokens:
    """Character offset -> spaCy token, by bisection over token starts."""

    def __init__(self, doc: Any):
        from spacy.attrs import IDX

        self.doc = doc
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []

    def at(self, char: int) -> Any:
        index = max(0, bisect_right(self.starts, char) - 1)
        return self.doc[index] if len(self.doc) else None

    def span_root(self, start: int, end: int) -> Any:
        first = max(0, bisect_right(self.starts, start) - 1)
        last = max(first, bisect_right(self.starts, max(start, end - 1)) - 1)
        tokens = [self.doc[i] for i in range(first, last + 1)]
        for token in tokens:
            if not (tokens[0].i <= token.head.i <= tokens[-1].i) or token.head.i == token.i:
                return token
        return tokens[0]


# date_for is called once per event and casualty of an article: the offset index of its Doc is
# built once and kept for the next call (one entry: articles are coded one after the other).
_last_index: tuple[Any, _Tokens] | None = None


def _tokens_of(doc: Any) -> _Tokens:
    global _last_index
    cached = _last_index
    if cached is not None and cached[0] is doc:
        return cached[1]
    tokens = _Tokens(doc)
    _last_index = (doc, tokens)
    return tokens


def _governing_verb(token: Any) -> Any:
    """The nearest verb (or auxiliary-less copula) above the token in the dependency tree."""
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return token
        token = token.head
    return token


def _tense_of_verb(verb: Any, g: Grammar, depth: int = 0) -> str:
    """PAST, PRESENT or FUTURE from the verb's morphology and its auxiliaries.

    Compound past ("a annoncé", "aurait été tué") is PAST; simple future, conditional without a
    participle ("partirait") and "va/doit + infinitive" are FUTURE; so is a verb of planning
    ("prévu le 16 juillet"). Everything else is PRESENT (weekdays then count backwards)."""
    morph = verb.morph
    tense = morph.get("Tense")
    mood = morph.get("Mood")
    verbform = morph.get("VerbForm")
    auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:tense", "aux:pass", "cop")]
    aux_tenses = {t for a in auxes for t in a.morph.get("Tense")}
    if "Fut" in tense or "Fut" in aux_tenses:
        return FUTURE
    if verb.lemma_ in g.future_lemmas:
        return FUTURE
    if "Inf" in verbform:
        # An infinitive takes the time of the verb it depends on ("pourront reprendre lundi"),
        # and "va/doit + infinitive" in the present is a future.
        head = verb.head
        if head.i == verb.i or head.pos_ not in ("VERB", "AUX") or depth > 3:
            return PRESENT
        head_tense = _tense_of_verb(head, g, depth + 1)
        if head_tense == PRESENT and head.lemma_ in g.future_auxiliaries:
            return FUTURE
        return head_tense
    if "Part" in verbform and "Past" in tense:
        return PAST
    if "Past" in tense or "Imp" in tense or "Imp" in aux_tenses or "Past" in aux_tenses:
        return PAST
    if "Cnd" in mood:
        return FUTURE
    return PRESENT


# --------------------------------------------------------------------------------------------
# The tagger
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    kind: str
    start: int
    end: int
    match: re.Match[str]


@dataclass(slots=True)
class _Resolved:
    type: str
    value: str | None
    mod: str | None = None
    day: date | None = None  # the day this expression sets as the story's current date


# What may stand between a day and its clock time for the two to form one expression.
_JOINING_A = re.compile(r"\s+à\s+")


class _Tagger:
    """Finds and normalises the timexes of one article."""

    def __init__(self, ctx: DocContext, g: Grammar):
        self.ctx = ctx
        self.g = g
        self.text = ctx.article.text
        self.published: date | None = ctx.article.published
        self.tokens = _Tokens(ctx.doc)
        self.story: date | None = None

    # -- finding spans ------------------------------------------------------------------------
    def candidates(self) -> list[_Candidate]:
        found: list[tuple[int, int, int, _Candidate]] = []
        text = self.text
        body_start = getattr(self.ctx.article, "body_start", 0) or 0
        # One cheap pass over the words finds where each kind of expression can be; the patterns
        # then run only in small windows around those places (scanning whole texts with every
        # pattern would cost more than the rest of the stage).
        hits: dict[str, list[tuple[int, int]]] = {}
        trigger_words = self.g.trigger_words
        for m in _WORD.finditer(text, body_start):
            groups = trigger_words.get(m.group().lower())
            if groups:
                for group in groups:
                    hits.setdefault(group, []).append(m.span())
        hits["year_digits"] = [m.span() for m in _YEAR_DIGITS.finditer(text, body_start)]
        hits["clock_digits"] = [m.span() for m in _CLOCK_DIGITS.finditer(text, body_start)]
        for priority, (kind, pattern) in enumerate(self.g.patterns):
            spans = sorted(s for group in self.g.pattern_triggers[priority] for s in hits.get(group, ()))
            seen: set[tuple[int, int]] = set()
            for window_start, window_end in _windows(spans, body_start, len(text)):
                for m in pattern.finditer(text, window_start, window_end):
                    if m.end() <= m.start() or m.span() in seen:
                        continue
                    seen.add(m.span())
                    cand = self._trim(kind, m)
                    if cand is not None:
                        found.append((-(cand.end - cand.start), priority, cand.start, cand))
        found.sort(key=lambda item: item[:3])
        chosen: list[_Candidate] = []
        taken: list[tuple[int, int]] = []
        for _, _, _, cand in found:
            if any(cand.start < e and s < cand.end for s, e in taken):
                continue
            chosen.append(cand)
            taken.append((cand.start, cand.end))
        chosen.sort(key=lambda c: c.start)
        return chosen

    def _trim(self, kind: str, m: re.Match[str]) -> _Candidate | None:
        """Drop matches that are not temporal and cut leading prepositions off the span."""
        start, end = m.start(), m.end()
        groups = m.groupdict()
        if kind == "month":
            if not (groups.get("mod") or groups.get("cue") or groups.get("year") or groups.get("rel")):
                return None
            cue = _norm(groups.get("cue") or "")
            if cue and "mois" not in cue:
                start = m.start("month")
            if cue in ("fin",):  # "fin mars" caught through the cue alternative
                start = m.start("cue")
        elif kind == "year":
            if not self._is_year(m):
                return None
            pre = _norm(groups.get("pre") or "")
            if not groups.get("mod") and not pre.startswith("l'an"):
                start = m.start("year")
        elif kind == "season":
            pre = _norm(groups.get("pre") or "")
            if pre in ("en", "au", "d'", "de l'", "à l'") and not groups.get("mod"):
                start = m.start("season")
        elif kind == "relative_period":
            det = _norm(groups.get("det") or "")
            unit = _norm(groups["unit"])
            if not (groups.get("rel") or groups.get("mod") or det in ("cette", "cet", "ce")):
                return None
            if unit == "an" and det == "ce":
                return None
        elif kind == "weekday":
            det = _norm(groups.get("det") or "")
            if det in ("le", "la") and not groups.get("same"):
                start = m.start("wd")
        elif kind in ("clock",):
            if not (groups.get("cue") or groups.get("approx") or groups.get("min")
                    or groups.get("hsep") in ("h", "H") or groups.get("tz")
                    or self.g.day_before_clock.search(_text_before(self.text, start, 30))):
                return None  # "48 heures" is a duration; "lundi 10 heures" a clock time
            if groups.get("cue"):
                start = m.start("h")
        elif kind == "holiday":
            start = m.start("holiday")
        elif kind == "clock_word" and groups.get("cue"):
            start = m.start("word")
        elif kind == "duration":
            if self._is_age(m):
                return None
            vague = groups.get("vague")
            if vague and _norm(vague) == "des" and _norm(groups["unit"]) not in (
                    "années", "mois", "semaines", "jours", "heures", "décennies", "siècles"):
                return None
        elif kind == "story_part":
            part = _norm(groups["part"])
            pre = _norm(m.group(0)[: m.start("part") - m.start()])
            if part == "journée" and not (groups.get("partmod") or pre.split(" ")[0] in (
                    "dans", "pendant", "durant", "au", "en")):
                return None
            if part == "midi":
                return None
            if groups.get("en") and part not in self.g.parts_after_en:
                return None  # "en soirée", "en matinée"; not "en nuit blanche"
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1] in " ,\t\n":
            end -= 1
        return _Candidate(kind, start, end, m)

    def _is_year(self, m: re.Match[str]) -> bool:
        """A four-digit number is a year unless it counts something ("2000 soldats", "1 950")."""
        s, e = m.start("year"), m.end("year")
        before, after = self.text[max(0, s - 2):s], self.text[e:e + 3]
        if re.search(r"\d[\s.,]$", before) or re.match(r"[.,]\d|\s\d{3}", after) or re.match(r"\s*%", after):
            return False
        if m.group("pre") or m.groupdict().get("mod"):
            return True
        nxt = self.tokens.at(e)
        if nxt is not None and nxt.idx < e:  # token containing the year: look at the one after
            nxt = nxt.nbor(1) if nxt.i + 1 < len(nxt.doc) else None
        if nxt is not None and nxt.pos_ in ("NOUN", "NUM") and nxt.text.lower() not in self.g.months:
            return False
        return True

    def _is_age(self, m: re.Match[str]) -> bool:
        """"un homme de 38 ans", "M. Kabuga, 84 ans, a été": an age, not a duration."""
        unit = _norm(m.group("unit"))
        if unit not in ("an", "ans"):
            return False
        before = _norm(self.text[max(0, m.start() - 12):m.start()])
        if re.search(r"(?:^|\s)(?:de|âgée?s?\s+de|à)$", before):
            return True
        return bool(re.search(r",\s*$", self.text[max(0, m.start() - 3):m.start()])
                    and re.match(r"\s*[,)]", self.text[m.end():m.end() + 3]))

    # -- tense ---------------------------------------------------------------------------------
    def tense(self, start: int, end: int) -> str:
        """PAST, PRESENT or FUTURE for the expression at [start, end): a preposition before it
        ("depuis", "d'ici") decides, else the tense of the verb governing it; "à partir de"/"dès"
        turn a present into a future ("rouvrent dès lundi")."""
        before = self.text[max(0, start - 16):start]
        if self.g.past_prepositions.search(before):
            return PAST
        if self.g.future_prepositions.search(before):
            return FUTURE
        if not len(self.ctx.doc):
            return PRESENT
        root = self.tokens.span_root(start, end)
        verb = _governing_verb(root)
        if verb.pos_ not in ("VERB", "AUX"):
            return PRESENT
        tense = _tense_of_verb(verb, self.g)
        if tense == PRESENT and self.g.onward_prepositions.search(before):
            return FUTURE
        return tense

    # -- resolution helpers ----------------------------------------------------------------------
    def _weekday_date(self, weekday: int, direction: str, strict: bool, anchor: date) -> date:
        offset = (anchor.isoweekday() - weekday) % 7
        previous = anchor - timedelta(days=offset)
        following = anchor + timedelta(days=(weekday - anchor.isoweekday()) % 7)
        if direction == FUTURE:
            if strict and following == anchor:
                following += timedelta(days=7)
            return following
        if strict and previous == anchor:
            previous -= timedelta(days=7)
        return previous

    def _rel_direction(self, rel: str | None, start: int, end: int) -> tuple[str, bool]:
        if rel:
            word = _norm(rel)
            if word in self.g.past_words:
                return PAST, True
            if word in self.g.next_words:
                return FUTURE, True
        return self.tense(start, end), False

    def _month_date(self, month: int, year_text: str | None, rel: str | None, start: int,
                    end: int) -> str | None:
        if year_text:
            year = _year_from_text(year_text, self.published)
            return f"{year:04d}-{month:02d}" if year else None
        if self.published is None:
            return None
        direction, strict = self._rel_direction(rel, start, end)
        pub = self.published
        candidates = [date(pub.year + dy, month, 1) for dy in (-1, 0, 1)]
        this_month = date(pub.year, pub.month, 1)
        chosen = _pick_by_direction(candidates, this_month, direction, strict, near_days=31)
        return f"{chosen.year:04d}-{chosen.month:02d}"

    def _day_month_date(self, day: int, month: int, year_text: str | None, weekday: int | None,
                        rel: str | None, start: int, end: int) -> date | None:
        if year_text:
            year = _year_from_text(year_text, self.published)
            return _safe_date(year, month, day) if year else None
        if self.published is None:
            return None
        pub = self.published
        candidates = [d for dy in (-1, 0, 1) if (d := _safe_date(pub.year + dy, month, day))]
        if not candidates:
            return None
        if weekday:
            # "jeudi 23 août": the year whose 23 August is a Thursday, if it is a recent one.
            matching = [d for d in candidates if d.isoweekday() == weekday and abs((d - pub).days) <= 200]
            if len(matching) == 1:
                return matching[0]
        direction, strict = self._rel_direction(rel, start, end)
        return _pick_by_direction(candidates, pub, direction, strict, near_days=60)

    def _part_of_day(self, groups: dict[str, Any]) -> tuple[str | None, str | None]:
        """(TimeML part code, mod) of a trailing "soir" / "en fin de journée", or (None, None)."""
        part = groups.get("part") or groups.get("part2")
        if not part:
            return None, None
        code = self.g.parts_of_day.get(_norm(part))
        mod = self.g.modifiers.get(_norm(groups.get("partmod") or ""))
        return code, mod

    def _with_part(self, day: date | None, groups: dict[str, Any], mod: str | None = None) -> _Resolved:
        code, part_mod = self._part_of_day(groups)
        if day is None:
            return _Resolved("TIME" if code else "DATE", None, mod or part_mod)
        if code:
            return _Resolved("TIME", f"{day.isoformat()}T{code}", mod or part_mod, day)
        return _Resolved("DATE", day.isoformat(), mod, day)

    def _story_or_published(self) -> date | None:
        return self.story or self.published

    # -- normalisers, one per pattern kind ----------------------------------------------------------
    def resolve(self, cand: _Candidate) -> _Resolved | None:
        handler: Callable[[_Candidate], _Resolved | None] = getattr(self, "_r_" + cand.kind)
        return handler(cand)

    def _r_night_range(self, c: _Candidate) -> _Resolved | None:
        """The night is dated by the day it starts: the day before its second day when given."""
        gd = c.match.groupdict()
        g = self.g
        if not (gd.get("wd1") or gd.get("d1")):
            return None
        month = g.months.get(_norm(gd.get("m2") or gd.get("m1") or ""))
        first: date | None = None
        if gd.get("d2") and month:
            second = self._day_month_date(_day_number(gd["d2"], g), month, gd.get("y2"),
                                          g.weekdays.get(_norm(gd.get("wd2") or "")), None, c.start, c.end)
            first = second - timedelta(days=1) if second else None
        elif gd.get("wd2") and self.published:
            second = self._weekday_date(g.weekdays[_norm(gd["wd2"])],
                                        *self._rel_direction(None, c.start, c.end), anchor=self.published)
            first = second - timedelta(days=1)
        elif gd.get("d1") and month:
            first = self._day_month_date(_day_number(gd["d1"], g), month, None,
                                         g.weekdays.get(_norm(gd.get("wd1") or "")), None, c.start, c.end)
        elif gd.get("wd1") and self.published:
            first = self._weekday_date(g.weekdays[_norm(gd["wd1"])],
                                       *self._rel_direction(None, c.start, c.end), anchor=self.published)
        if first is None:
            return _Resolved("TIME", None)
        return _Resolved("TIME", f"{first.isoformat()}TNI", None, first)

    def _r_day_month(self, c: _Candidate) -> _Resolved | None:
        gd = c.match.groupdict()
        month = self.g.months[_norm(gd["month"])]
        weekday = self.g.weekdays.get(_norm(gd.get("wd") or ""))
        day = self._day_month_date(_day_number(gd["day"], self.g), month, gd.get("year"), weekday,
                                   gd.get("rel"), c.start, c.end)
        return self._with_part(day, gd)

    def _r_day_list(self, c: _Candidate) -> _Resolved | None:
        tail = self.g.day_list_tail.match(self.text, c.match.end())
        if tail is None:
            return None
        month = self.g.months[_norm(tail.group("month"))]
        day = self._day_month_date(_day_number(c.match.group("day"), self.g), month, tail.group("year"),
                                   None, tail.group("rel"), c.start, tail.end())
        return _Resolved("DATE", day.isoformat() if day else None, None, day)

    def _r_decade(self, c: _Candidate) -> _Resolved:
        digits = c.match.group("decade")
        if len(digits) == 2:
            digits = ("19" if digits != "00" else "20") + digits
        return _Resolved("DATE", digits[:3] + "X")

    def _r_month(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        month = self.g.months[_norm(gd["month"])]
        mod = self.g.modifiers.get(_norm(gd.get("mod") or ""))
        if _norm(gd.get("cue") or "") == "fin":
            mod = "END"
        value = self._month_date(month, gd.get("year"), gd.get("rel"), c.start, c.end)
        return _Resolved("DATE", value, mod)

    def _r_season(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        code = self.g.seasons[_norm(gd["season"])]
        mod = self.g.modifiers.get(_norm(gd.get("mod") or ""))
        if gd.get("year"):
            return _Resolved("DATE", f"{gd['year']}-{code}", mod)
        if self.published is None:
            return _Resolved("DATE", None, mod)
        first_month = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        pub = self.published
        direction, strict = self._rel_direction(gd.get("rel"), c.start, c.end)
        if _norm(gd.get("pre") or "") in ("cet", "cette"):
            direction, strict = PRESENT, False
        elif direction == PRESENT and not gd.get("rel"):
            # "la demande augmente en été": a season in the present tense is habitual.
            return _Resolved("DATE", f"XXXX-{code}", mod)
        starts = [date(pub.year + dy, first_month, 1) for dy in (-1, 0, 1)]
        # A season "contains" the publication date when it started less than three months ago.
        current = [s for s in starts if s <= pub < s + timedelta(days=92)]
        if current and not strict:
            chosen = current[0]
        else:
            chosen = _pick_by_direction(starts, pub, direction, True)
        return _Resolved("DATE", f"{chosen.year}-{code}", mod)

    def _r_year(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        mod = self.g.modifiers.get(_norm(gd.get("mod") or ""))
        return _Resolved("DATE", gd["year"], mod)

    def _r_relative_period(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        unit = _norm(gd["unit"])
        rel = _norm(gd.get("rel") or "")
        mod = self.g.modifiers.get(_norm(gd.get("mod") or ""))
        if rel in self.g.previous_words or rel in self.g.following_words:
            anchor = self.story
            step = -1 if rel in self.g.previous_words else 1
        else:
            # "cette semaine", "l'an dernier", "fin de l'année": deictic, from publication.
            anchor = self.published
            step = -1 if rel in self.g.past_words else (1 if rel in self.g.next_words else 0)
        if anchor is None:
            return _Resolved("DATE", None, mod)
        if unit in ("année", "an"):
            return _Resolved("DATE", f"{anchor.year + step:04d}", mod)
        if unit == "mois":
            year, month = _add_months(anchor.year, anchor.month, step)
            return _Resolved("DATE", f"{year:04d}-{month:02d}", mod)
        if unit == "trimestre":
            quarter = (anchor.month - 1) // 3 + 1 + step
            year = anchor.year + (quarter - 1) // 4
            return _Resolved("DATE", f"{year:04d}-Q{(quarter - 1) % 4 + 1}", mod)
        if unit in ("week-end", "weekend"):
            return self._weekend(c, gd)
        return _Resolved("DATE", _iso_week(anchor + timedelta(weeks=step)), mod)

    def _weekend(self, c: _Candidate, gd: dict[str, Any]) -> _Resolved:
        """'ce week-end' by tense, 'le week-end dernier/prochain': the ISO week's week-end."""
        if self.published is None:
            return _Resolved("DATE", None)
        pub = self.published
        rel = _norm(gd.get("rel") or "")
        in_weekend = pub.isoweekday() >= 6
        if rel in self.g.past_words:
            target = pub - timedelta(weeks=1)
        elif rel in self.g.next_words:
            target = pub + timedelta(weeks=1) if in_weekend else pub
        else:
            direction = self.tense(c.start, c.end)
            if in_weekend:  # published on the week-end itself: that one
                target = pub
            elif direction == FUTURE:
                target = pub
            elif direction == PAST:
                target = pub - timedelta(weeks=1)
            else:
                target = pub if pub.isoweekday() >= 4 else pub - timedelta(weeks=1)
        return _Resolved("DATE", _iso_week(target) + "-WE")

    def _r_weekend(self, c: _Candidate) -> _Resolved:
        return self._weekend(c, c.match.groupdict())

    def _r_deictic(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        offset = self.g.deictic_days[_norm(gd["word"])]
        if offset == 0 and not gd.get("wd") and _OF_BEFORE.search(self.text, max(0, c.start - 5), c.start):
            return _Resolved("TIME", "PRESENT_REF")  # "la France d'aujourd'hui": the present era
        if self.published is None:
            return self._with_part(None, gd)
        return self._with_part(self.published + timedelta(days=offset), gd)

    def _r_anchored(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        anchor = self._story_or_published()
        if anchor is None:
            return self._with_part(None, gd)
        return self._with_part(anchor + timedelta(days=self.g.anchored_days[_norm(gd["word"])]), gd)

    def _r_same_day(self, c: _Candidate) -> _Resolved:
        anchor = self._story_or_published()
        return _Resolved("DATE", anchor.isoformat() if anchor else None, None, anchor)

    def _r_part_same(self, c: _Candidate) -> _Resolved:
        return self._with_part(self._story_or_published(), c.match.groupdict())

    def _r_weekday(self, c: _Candidate) -> _Resolved | None:
        gd = c.match.groupdict()
        weekday = self.g.weekdays[_norm(gd["wd"])]
        det = _norm(gd.get("det") or "")
        rel = _norm(gd.get("rel") or "")
        if gd.get("same") or rel == "même":
            anchor = self.story
            if anchor is not None and anchor.isoweekday() == weekday:
                return self._with_part(anchor, gd)
        if self.published is None:
            return self._with_part(None, gd)
        direction, strict = self._rel_direction(rel if rel != "même" else None, c.start, c.end)
        if det in ("le", "la") and not rel and direction != PAST:  # "ouvert le mercredi": habitual
            return _Resolved("SET", f"XXXX-WXX-{weekday}")
        day = self._weekday_date(weekday, direction, strict, self.published)
        return self._with_part(day, gd)

    def _r_this_part(self, c: _Candidate) -> _Resolved | None:
        gd = c.match.groupdict()
        if _norm(gd["part"]) in self.g.event_parts:
            return None  # "cette soirée dansante": an event, not a time
        if self.published is None:
            return self._with_part(None, gd)
        day = self.published
        if _norm(gd.get("rel") or "") in self.g.past_words:
            day -= timedelta(days=1)
        return self._with_part(day, gd)

    def _r_night_last(self, c: _Candidate) -> _Resolved:
        if self.published is None:
            return _Resolved("TIME", None)
        day = self.published - timedelta(days=1)
        return _Resolved("TIME", f"{day.isoformat()}TNI", None, day)

    def _r_story_part(self, c: _Candidate) -> _Resolved:
        return self._with_part(self._story_or_published(), c.match.groupdict())

    def _clock_value(self, c: _Candidate, hour: int, minute: int) -> _Resolved:
        gd = c.match.groupdict()
        mod = "APPROX" if gd.get("approx") else None
        day = self._day_for_clock(c.start, c.end)
        if day is None:
            return _Resolved("TIME", None, mod)
        return _Resolved("TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}", mod)

    def _r_clock(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        return self._clock_value(c, int(gd["h"]), int(gd.get("min") or 0))

    def _r_clock_word(self, c: _Candidate) -> _Resolved:
        return self._clock_value(c, self.g.clock_words[_norm(c.match.group("word"))], 0)

    def _r_ago(self, c: _Candidate) -> _Resolved | None:
        return self._shifted(c, -1)

    def _r_in_future(self, c: _Candidate) -> _Resolved | None:
        return self._shifted(c, 1)

    def _shifted(self, c: _Candidate, sign: int) -> _Resolved | None:
        """'il y a trois jours' / 'dans deux semaines': a date at the unit's precision."""
        gd = c.match.groupdict()
        amount = parse_number(gd["num"], self.g)
        unit = self.g.units[_norm(gd["unit"])]
        if amount is None or amount != int(amount):
            return self._r_duration(c)
        if unit.get("clock"):
            return self._r_duration(c) if sign > 0 else _Resolved("TIME", None)
        n = int(amount) * unit.get("factor", 1) * sign
        mod = "APPROX" if gd.get("approx") or _is_about(gd["num"]) else None
        pub = self.published
        if pub is None:
            return _Resolved("DATE", None, mod)
        letter = unit["unit"]
        if letter == "D":
            day = pub + timedelta(days=n)
            return _Resolved("DATE", day.isoformat(), mod, day)
        if letter == "W":
            return _Resolved("DATE", _iso_week(pub + timedelta(weeks=n)), mod)
        if letter == "M":
            year, month = _add_months(pub.year, pub.month, n)
            return _Resolved("DATE", f"{year:04d}-{month:02d}", mod)
        return _Resolved("DATE", f"{pub.year + n:04d}", mod)

    def _r_quarter_century(self, c: _Candidate) -> _Resolved:
        return _Resolved("DURATION", "P25Y")

    def _r_duration(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        unit = self.g.units[_norm(gd["unit"])]
        approx = _norm(gd.get("approx") or "")
        mod = {"environ": "APPROX", "près de": "APPROX", "plus de": "MORE_THAN",
               "au moins": "EQUAL_OR_MORE", "moins de": "LESS_THAN"}.get(approx)
        if mod is None and _is_about(gd.get("num") or ""):
            mod = "APPROX"
        prefix = "PT" if unit.get("clock") else "P"
        if gd.get("vague"):
            return _Resolved("DURATION", f"{prefix}X{unit['unit']}", mod)
        amount = parse_number(gd["num"], self.g)
        if amount is None:
            return _Resolved("DURATION", None, mod)
        amount *= unit.get("factor", 1)
        shown = f"{int(amount)}" if amount == int(amount) else f"{amount:g}"
        return _Resolved("DURATION", f"{prefix}{shown}{unit['unit']}", mod)

    def _r_set(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        weekday = gd.get("wdp") or gd.get("wd")
        if weekday:
            number = self.g.weekdays_plural.get(_norm(weekday)) or self.g.weekdays[_norm(weekday)]
            return _Resolved("SET", f"XXXX-WXX-{number}")
        unit = self.g.units[_norm(gd["unit"])]
        prefix = "PT" if unit.get("clock") else "P"
        return _Resolved("SET", f"{prefix}{unit.get('factor', 1)}{unit['unit']}")

    def _r_holiday(self, c: _Candidate) -> _Resolved:
        gd = c.match.groupdict()
        month, day = (int(x) for x in self.g.holidays[_norm(gd["holiday"])].split("-"))
        found = self._day_month_date(day, month, gd.get("year"), None, None, c.start, c.end)
        return _Resolved("DATE", found.isoformat() if found else None, None, found)

    def _r_reference(self, c: _Candidate) -> _Resolved:
        return _Resolved("TIME", self.g.references[_norm(c.match.group("word"))])

    # -- clock times: the day of the nearest date in the sentence, else the story's ---------------
    def _day_for_clock(self, position: int, end: int) -> date | None:
        """The day a clock time belongs to: the last day named before it in its sentence, else
        one right after it ("vers 0 h 40, jeudi"), else the story's day, else publication."""
        sentence = self.tokens.at(position).sent if len(self.ctx.doc) else None
        low = sentence.start_char if sentence is not None else 0
        before = [day for start, _, day in self._days if low <= start < position]
        if before:
            return before[-1]
        after = [day for start, _, day in self._days
                 if end <= start <= end + 4 and not self.text[end:start].strip(" ,")]
        if after:
            return after[0]
        earlier = [day for start, _, day in self._days if start < position]
        return earlier[-1] if earlier else self.published

    # -- the whole article --------------------------------------------------------------------------
    def run(self) -> list[Timex]:
        candidates = self.candidates()
        results: list[tuple[_Candidate, _Resolved]] = []
        self._days: list[tuple[int, int, date]] = []
        clock_kinds = ("clock", "clock_word")
        for cand in candidates:  # dates first, in text order, so the story date follows the text
            if cand.kind in clock_kinds:
                continue
            resolved = self.resolve(cand)
            if resolved is None:
                continue
            results.append((cand, resolved))
            if resolved.day is not None:
                self.story = resolved.day
                self._days.append((cand.start, cand.end, resolved.day))
        for cand in candidates:
            if cand.kind in clock_kinds:
                resolved = self.resolve(cand)
                if resolved is not None:
                    results.append((cand, resolved))
        results.sort(key=lambda pair: pair[0].start)
        timexes = [Timex(text=self.text[c.start:c.end], start=c.start, end=c.end, type=r.type,
                         value=r.value, mod=r.mod) for c, r in results]
        return self._join_day_and_clock(timexes)

    def _join_day_and_clock(self, timexes: list[Timex]) -> list[Timex]:
        """'hier à 10 h' is one TIME expression (TimeML): a day joined by 'à' to its clock time."""
        joined: list[Timex] = []
        for timex in timexes:
            previous = joined[-1] if joined else None
            if (previous is not None and previous.type == "DATE" and timex.type == "TIME"
                    and previous.value and timex.value and "T" in timex.value
                    and timex.value.startswith(previous.value + "T")
                    and _JOINING_A.fullmatch(self.text, previous.end, timex.start)):
                joined[-1] = Timex(text=self.text[previous.start:timex.end], start=previous.start,
                                   end=timex.end, type="TIME", value=timex.value, mod=timex.mod)
                continue
            joined.append(timex)
        return joined


def extract_timexes(ctx: DocContext) -> list[Timex]:
    """Temporal expressions of the article with TimeML type, value and mod."""
    if not ctx.article.text:
        return []
    return _Tagger(ctx, grammar(ctx.resources)).run()


# --------------------------------------------------------------------------------------------
# Dating a clause (events, casualties)
# --------------------------------------------------------------------------------------------

_CONTRACT_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{4}-W\d{2}|\d{4}-\d{2}|\d{4})(?:$|[T-])")


def contract_date(value: str | None) -> str | None:
    """A TimeML value at the output contract's precision: YYYY-MM-DD, YYYY-Www, YYYY-MM or YYYY.

    '2021-04-06TEV' -> '2021-04-06', '2019-W01-WE' -> '2019-W01', '2020-SU' -> '2020',
    '196X', 'PRESENT_REF', 'P3D' -> None.
    """
    if not value:
        return None
    m = _CONTRACT_VALUE.match(value)
    return m.group(1) if m else None


def _is_day_precise(value: str | None) -> bool:
    date_value = contract_date(value)
    return bool(date_value) and (len(date_value) == 10 or "-W" in date_value)


_OF_BEFORE = re.compile(r"(?:\b(?:de|du|des)\s+|\bd['’])$", re.IGNORECASE)


def _embedded(root: Any, trigger: Any, start: int, end: int, timex_start: int, text: str) -> bool:
    """Whether a timex complements a noun outside [start, end) ("l'élection de novembre") or sits
    in a relative clause outside it. A bare date the parser hung on a noun is not excluded.
    `text` is the article's text (Doc.text rebuilds the whole string at every call)."""
    head = root.head
    if (head.i != root.i and head.i != trigger.i and head.pos_ in ("NOUN", "PROPN")
            and not (start <= head.idx < end)
            and _OF_BEFORE.search(text, max(0, timex_start - 5), timex_start)):
        return True
    token = root
    for _ in range(12):
        if token.dep_.startswith("acl") and not (start <= token.idx < end):
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False


# Clauses on a noun, whose time is their own, not that of the clause around the noun: a
# relative or a participle ("Macky Sall, qui avait rencontré Macron en mars, a dénoncé …",
# "l'accord signé dimanche", "le soldat qui avait tué … en 2012").
_NOUN_CLAUSES = frozenset({"acl:relcl", "acl"})
# The arguments whose participle clause tells another event ("a rejeté un accord signé dimanche").
_CORE_ARGUMENTS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "appos", "ROOT"})


def _chain(token: Any) -> list[Any]:
    """The token and its ancestors up to the root."""
    out = [token]
    for _ in range(40):
        if token.head.i == token.i:
            break
        token = token.head
        out.append(token)
    return out


def _crosses(path: list[Any], deps: frozenset[str]) -> bool:
    """Whether a token of `path` (a stretch of a chain, the common ancestor left out) opens a
    clause of `deps`."""
    return any(token.dep_ in deps for token in path)


def _clause_relation(timex_verb: Any, clause_verb: Any, trigger: Any = None) -> str:
    """How the verb governing a timex stands to the verb of the clause being dated: "noun_own"
    (the timex sits in the event noun's own participle or relative clause: "l'offensive lancée en
    avril"), "relative" (it sits in a relative or participle clause on another noun: "Macky Sall,
    qui avait rencontré Macron en mars, a dénoncé …"), "noun_outer" (the dated clause is itself a
    relative or participle on a noun, and the timex is outside it), else "line"."""
    if timex_verb.i == clause_verb.i:
        return "line"
    up_t = _chain(timex_verb)
    up_c = _chain(clause_verb)
    in_c = {t.i for t in up_c}
    k = next((n for n, t in enumerate(up_t) if t.i in in_c), len(up_t) - 1)
    common = up_t[k]
    below_t = up_t[:k]
    below_c = up_c[:next(n for n, t in enumerate(up_c) if t.i == common.i)] if common.i in in_c else up_c
    for t in below_t:
        if t.dep_ in _NOUN_CLAUSES:
            if trigger is not None and t.head.i == trigger.i:
                return "noun_own"
            if t.dep_ == "acl" and t.head.dep_ not in _CORE_ARGUMENTS:
                continue  # "tués dans une attaque lancée lundi": the oblique's time is the clause's
            return "relative"
    if _crosses(below_c, _NOUN_CLAUSES):
        return "noun_outer"
    return "line"


def _background(verb: Any) -> bool:
    """A clause that tells the background, not the news of the day: a pluperfect ("avait tué",
    "s'étaient mis d'accord"), an imperfect ("rechignaient"), or a relative clause in the present
    ("la Chine, qu'il accuse de …")."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    auxes = [c for c in verb.children if c.dep_ in ("aux", "aux:tense", "aux:pass")]
    if any("Imp" in a.morph.get("Tense") and a.lemma_ in ("avoir", "être") for a in auxes) \
            and "Part" in verb.morph.get("VerbForm"):
        return True
    if not auxes and "Imp" in verb.morph.get("Tense") and "Ind" in verb.morph.get("Mood"):
        return True
    if verb.dep_ == "acl:relcl" and not auxes and "Pres" in verb.morph.get("Tense") \
            and "Fin" in verb.morph.get("VerbForm"):
        return True
    return False


def _past_infinitive(verb: Any) -> bool:
    """"pour avoir tué", "après s'être retourné": a past infinitive of cause or sequence tells an
    act before its clause's ("a déclaré avoir appelé X" may well be the news of the day)."""
    return verb.pos_ == "VERB" and any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm") and c.lemma_ in ("avoir", "être")
        for c in verb.children) and any(c.lower_ in ("pour", "après") and c.dep_ in ("mark", "case")
                                        for c in verb.children)


def date_for(ctx: DocContext, start: int, end: int, trigger: int | None = None) -> tuple[str | None, str | None]:
    """(date, date_text) of the clause covering [start, end), at the output contract's precision.

    1. a timex of the event noun's own participle or relative clause ("l'offensive lancée en
       avril", with `trigger`), else of the clause's verb ("a appelé lundi à …"), else of another
       verb of the span (not one of a relative clause inside it);
    2. else the timex of the same sentence nearest to the span; timexes inside a relative clause
       or a participle on another noun ("Macky Sall, qui avait rencontré Macron en mars, a
       dénoncé …", "a rejeté un accord signé dimanche") or complementing another noun
       ("l'élection de novembre") date neither, and the clause around a noun does not date a
       background relative on it (pluperfect, imperfect, present: "un soldat qui avait tué … a
       été libéré lundi");
    3. else the story's date: the day the dispatch's lead (first sentence) set, when the span
       comes after it and is no past infinitive of cause ("condamné pour avoir tué"); date_text
       is then None since the clause itself names no time;
    4. else (None, None) — never the publication date by default.
    `trigger`, the character offset of the event's word, lets an event noun take the time of its
    own participle or relative clause. Reads only ctx.timexes and ctx.doc (extract_timexes has run).
    """
    doc = ctx.doc
    if not len(doc) or not ctx.timexes:
        return None, None
    dated = [t for t in ctx.timexes if t.type in ("DATE", "TIME") and contract_date(t.value)]
    if not dated:
        return None, None
    tokens = _tokens_of(doc)
    start = max(0, min(start, len(ctx.text) - 1))
    end = max(start + 1, end)
    sentence_start, sentence_end, _ = ctx.sentence_bounds(start)
    trigger_root = tokens.span_root(start, min(end, sentence_end))
    clause_verb = _governing_verb(trigger_root)
    trigger_token = tokens.at(trigger) if trigger is not None and sentence_start <= trigger < sentence_end else None
    in_sentence = [t for t in dated if sentence_start <= t.start < sentence_end]
    if in_sentence:
        relations = {id(t): _clause_relation(_governing_verb(tokens.span_root(t.start, t.end)), clause_verb,
                                             trigger_token) for t in in_sentence}
        trigger_verbs = {clause_verb.i}
        for token in doc[tokens.at(start).i: tokens.at(max(start, end - 1)).i + 1]:
            # (not the verbs of a relative clause inside the span)
            if token.pos_ in ("VERB", "AUX") and _clause_relation(token, clause_verb, trigger_token) != "relative":
                trigger_verbs.add(token.i)
        # Unless it governs the clause, a timex buried in a relative clause or a noun phrase
        # ("l'élection de novembre", "Macky Sall, qui avait rencontré Macron en mars, …") does not
        # date it; nor does the main clause date a background relative on one of its nouns ("un
        # soldat qui avait tué … a été libéré lundi").
        background = _background(clause_verb)
        main_line = [t for t in in_sentence
                     if relations[id(t)] != "relative" and not (background and relations[id(t)] == "noun_outer")
                     and not _embedded(tokens.span_root(t.start, t.end), trigger_root, start, end, t.start, ctx.text)]
        governors = {id(t): _governing_verb(tokens.span_root(t.start, t.end)).i for t in in_sentence}
        # The clause's own verb first: an evidence span can hold a subordinate clause with its
        # own date ("Alors que … depuis le 7 août, le ministère n'a admis … que le 23 août"); an
        # event noun's own participle ("l'offensive lancée en avril 2019") is its own too.
        own = [t for t in in_sentence if relations[id(t)] == "noun_own"] or [
            t for t in in_sentence if governors[id(t)] == clause_verb.i]
        governing = own or [t for t in in_sentence if governors[id(t)] in trigger_verbs
                            and relations[id(t)] != "relative"]

        def distance(t: Timex) -> int:
            if t.start < end and start < t.end:
                return 0
            return t.start - end if t.start >= end else start - t.end

        pool = governing or main_line
        if pool:
            best = min(pool, key=distance)
            return contract_date(best.value), best.text
    if _past_infinitive(clause_verb):
        return None, None  # "condamné pour avoir tué …": an act before the one of the day
    # The lead sets the story's day; background sentences after it keep it unless they name theirs.
    _, lead_end, _ = ctx.sentence_bounds(0)
    story = [t for t in dated if t.start < lead_end and t.end <= start and _is_day_precise(t.value)]
    if story:
        return contract_date(story[0].value), None
    return None, None


__all__ = ["contract_date", "date_for", "extract_timexes", "grammar", "parse_number", "Grammar"]
