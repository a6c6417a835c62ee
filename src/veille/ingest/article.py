"""Building one `Article`: field checks, publication date, language and dateline.

The text is kept exactly as given (every offset in the output points into it). Glued sentences
of scraped text ("blessés.Toutes") are repaired by the NLP stage's tokenizer, which splits them
without changing a character, rather than here, where an inserted space would shift offsets.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from functools import lru_cache

from veille.records import Article

# Shorter texts carry too few character n-grams for identification; they are taken as French,
# the language veille codes, rather than guessed.
MIN_CHARS_FOR_LANGUAGE_ID = 40
MIN_LANGUAGE_CONFIDENCE = 0.6

# "PARIS (AFP) -", "BRUXELLES:", "KIEV, 6 avril (Reuters) -", "Bamako (AFP) –"
DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-ZÀ-ÖØ-Ý][A-Za-zÀ-ÖØ-öø-ÿ'’.\- ]{1,40}?)    # the place
    (?:,\s*\d{1,2}(?:er)?\s+[a-zéû]+\.?(?:\s+\d{4})?)?       # an optional day and month
    \s*(?:\((?P<agency>AFP|Reuters|AP|ANSA|APS|MAP|Belga|ATS|Xinhua|DPA|EFE)\))?
    \s*(?P<sep>[-–—]|:)\s+""",
    re.VERBOSE,
)


class InputError(ValueError):
    """A record that cannot become an article; the message is the reject reason."""


def parse_published(value: object) -> date | None:
    """`YYYY-MM-DD` (or an ISO datetime, whose date part is taken); None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            pass
    raise InputError(f"invalid published date {value!r} (expected YYYY-MM-DD)")


@lru_cache(maxsize=1)
def _language_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, offline (py3langid ships its model)."""
    sample = text[:3000]
    if len(sample.strip()) < MIN_CHARS_FOR_LANGUAGE_ID:
        return "fr"
    language, confidence = _language_identifier().classify(sample)
    return language if confidence >= MIN_LANGUAGE_CONFIDENCE else "fr"


def find_dateline(text: str) -> tuple[str | None, int]:
    """(place, end offset) of a dispatch's dateline, or (None, 0).

    A dateline is upper-case ("BRUXELLES:") or followed by an agency ("Paris (AFP) -"): a
    sentence that merely starts with a capitalised word and a colon is not one.
    """
    match = DATELINE.match(text[:120])
    if not match:
        return None, 0
    place = match.group("place").strip()
    letters = [c for c in place if c.isalpha()]
    shouting = letters and all(c.isupper() for c in letters)
    if not (shouting or match.group("agency")):
        return None, 0
    if match.group("sep") == ":" and not shouting:
        return None, 0
    return place.title() if shouting else place, match.end()


def content_id(text: str) -> str:
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:16]


def make_article(id: object = None, text: object = None, title: object = "", published: object = None,
                 url: object = None, source: object = None, language: object = None,
                 max_chars: int | None = None) -> Article:
    """Check one record's fields and build the Article; raises InputError with the reason."""
    if text is None:
        raise InputError("missing field 'text'")
    if not isinstance(text, str):
        raise InputError(f"field 'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise InputError("empty text")
    if "\x00" in text:
        raise InputError("text contains NUL bytes (binary data?)")
    if max_chars is not None and len(text) > max_chars:
        raise InputError(f"text of {len(text):,} characters is longer than --max-chars {max_chars:,}")
    if id is None or id == "":
        id = content_id(text)
    if not isinstance(id, (str, int)) or isinstance(id, bool):
        raise InputError(f"field 'id' must be a string or an integer, not {type(id).__name__}")
    for name, value in (("title", title), ("url", url), ("source", source), ("language", language)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"field {name!r} must be a string, not {type(value).__name__}")
    dateline, body_start = find_dateline(text)
    return Article(
        id=str(id), text=text, title=title or "", published=parse_published(published),
        url=url, source=source, language=(language or detect_language(text)).lower()[:2],
        dateline=dateline, body_start=body_start,
    )
