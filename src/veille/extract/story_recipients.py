"""Recipients a clause leaves implicit: the actor the story is about.

A dispatch often reports a demand, an accusation, a protest or a refusal without naming its
target in the clause ("Les insurgés ont appelé lundi à un démarrage du dialogue", "des milliers
de personnes ont manifesté samedi"): the target is the party the whole article is about. An
analyst codes it so (GUIDELINES §1 asks for the recipient wherever the type takes one), and an
event without a recipient drops out of every dyadic count.

Rule: for the types that always have a target, an event whose clause names none takes the
article's most mentioned actor code (ties: the one named first), with the sector its mentions
give most often, other than the actor's own when the story is domestic. Such a recipient is
marked `inferred`, so that a user can keep only the targets the text names.

Violence, aid, cooperation and deployments are left alone: their target is either named or
really unknown ("une attaque", GUIDELINES §1 allows an empty recipient there).
"""

from __future__ import annotations

from collections import Counter

from veille.extract.context import DocContext, Mention
from veille.records import Actor, Event

# PLOVER types whose act is always aimed at someone.
TARGETED_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
    "THREATEN", "PROTEST", "SANCTION", "COERCE",
})

# Mentions that name an actor; pronouns are left out, their resolution is a guess already.
_COUNTED_LABELS = frozenset({"PER", "ORG", "GPE", "LOC", "AGENT"})


def story_actor(mentions: list[Mention]) -> tuple[str, list[Mention]] | None:
    """The code the article mentions most (first named on a tie) and its mentions."""
    by_code: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.code and m.label in _COUNTED_LABELS:
            by_code.setdefault(m.code, []).append(m)
    if not by_code:
        return None
    code = max(by_code, key=lambda c: (len(by_code[c]), -by_code[c][0].start))
    return code, by_code[code]


def _in_actor_phrase(m: Mention, event: Event, text: str) -> bool:
    """A mention inside the event's own actor phrase ("le parti du président X" names X as
    part of who acts, not as a party acted upon)."""
    if not event.start <= m.start < event.end:
        return False
    evidence = text[event.start:event.end]
    for actor in event.actor:
        at = evidence.find(actor.text) if actor.text else -1
        if at >= 0 and event.start + at <= m.start < event.start + at + len(actor.text):
            return True
    return False


def _recipient(code: str, mentions: list[Mention], event: Event, text: str) -> Actor | None:
    outside = [m for m in mentions if not _in_actor_phrase(m, event, text)]
    if not outside:
        return None
    own_sectors = {a.sector for a in event.actor if a.code == code}
    sectors = Counter(m.sector for m in outside if m.sector and m.sector not in own_sectors)
    sector = sectors.most_common(1)[0][0] if sectors else None
    first = next((m for m in outside if sector is None or m.sector == sector), outside[0])
    return Actor(code=code, sector=sector, text=first.text, name=first.name, inferred=True)


def _key(event: Event) -> tuple:
    return (event.type, frozenset(a.code for a in event.actor), frozenset(a.code for a in event.recipient),
            event.date, event.certainty)


def complete_recipients(ctx: DocContext) -> list[Event]:
    """The article's events, each targeted one without a recipient given the story's actor.

    An event that thereby repeats one whose text names the same recipient (same type, actors,
    date and certainty) is dropped: one record per distinct (type, actor, recipient, date).
    """
    events = ctx.events
    story = story_actor(ctx.mentions)
    if story is None:
        return events
    code, mentions = story
    named = {_key(e) for e in events if e.recipient}
    out: list[Event] = []
    for event in events:
        if event.recipient or event.type not in TARGETED_TYPES or not event.actor:
            out.append(event)
            continue
        recipient = _recipient(code, mentions, event, ctx.article.text)
        if recipient is None:
            out.append(event)
            continue
        event.recipient = [recipient]
        if _key(event) in named:
            continue
        named.add(_key(event))
        out.append(event)
    return out
