"""What the event tests share: code a sentence, and find an event by type and actor codes."""

from __future__ import annotations

COUNTED = ("asserted", "reported", "alleged")


def codes(actors) -> set[str]:
    return {a.code for a in actors if a.code}


def events_of(coder, text: str, published: str = "2021-04-06"):
    return coder.code_text(text, published=published).events


def find(events, type_: str, actor: set[str], recipient: set[str] = frozenset()):
    """The first event of `type_` whose actor codes meet `actor` (and recipient codes `recipient`)."""
    for e in events:
        if e.type == type_ and codes(e.actor) & actor and (not recipient or codes(e.recipient) & recipient):
            return e
    return None
