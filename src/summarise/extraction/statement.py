"""Does an item's evidence state it? Its quote must name the item's parties and what it is about.

Grounding proves that a quote is the article's; this says whether the quote says the item: an
acquisition's quote names its recipient, its supplier (when one is given) and its system; a stance's
quote names its holder and a word of its target. A party counts as named by any of its names in the
record (aliases included), for a person by a surname no other person in the article has, and for a state
by its capital, demonym or abbreviation.
"""

from __future__ import annotations

import re

from nameparser import HumanName

from ..schema import Acquisition, Actor, ActorKind, Evidence, Stance
from ..reading.words import FUNCTION_WORDS

from .grounding import fold, mentions, system_in


def unstated(item: Acquisition | Stance, actors: list[Actor]) -> list[str]:
    """The parts of the item its evidence quote does not name, as 'buyer X', 'system Y' ...; [] when stated."""
    quote = item.evidence.quote
    if isinstance(item, Acquisition):
        missing = [] if buyer_named(item, actors) else [f"buyer '{item.buyer}'"]
        missing += [] if seller_named(item, actors) else [f"seller '{item.seller}'"]
        return missing + ([] if system_in(item.system, quote) else [f"system '{item.system}'"])
    missing = [] if party_named(quote, item.holder, actors) else [f"holder '{item.holder}'"]
    return missing + ([] if target_named(quote, item.target) else [f"target '{item.target}'"])


def marked(item: Acquisition | Stance, actors: list[Actor]) -> Acquisition | Stance:
    """The item with the parts its evidence does not name written in `unstated`, for a reader to check."""
    return item.model_copy(update={"unstated": unstated(item, actors)})


def seller_named(deal: Acquisition, actors: list[Actor]) -> bool:
    """The deal has no seller, or its evidence or its seller's quote (`seller_evidence`) names the seller."""
    return not deal.seller or quoted(deal.seller, (deal.evidence, deal.seller_evidence), actors)


def buyer_named(deal: Acquisition, actors: list[Actor]) -> bool:
    """The deal's evidence or its recipient's quote (`buyer_evidence`) names the recipient."""
    return quoted(deal.buyer, (deal.evidence, deal.buyer_evidence), actors)


def quoted(party: str, evidence: tuple[Evidence | None, ...], actors: list[Actor]) -> bool:
    return any(party_named(e.quote, party, actors) for e in evidence if e is not None)


def party_named(quote: str, name: str, actors: list[Actor]) -> bool:
    actor = next((a for a in actors if fold(a.name) == fold(name)), None)
    names = [name, *(actor.aliases if actor else [])]
    if actor is not None and actor.kind is ActorKind.person:
        others = {fold(n) for a in actors if a.kind is ActorKind.person and a is not actor for n in surnames(a.name)}
        names += [n for n in surnames(actor.name) if fold(n) not in others]  # a shared surname could be either
    return any(mentions(quote, n) for n in names)


def surnames(name: str) -> list[str]:
    """A person's surname, as news copy names them after the first mention ('Kirby said'): the whole of it
    ('da Silva') and its last word."""
    last = HumanName(name).last
    return [n for n in dict.fromkeys([last, last.split()[-1] if last else ""]) if len(n) >= 3]


def target_named(quote: str, target: str) -> bool:
    """A content word of the target, or its stem, is in the quote; or a designation of it ('F-35', 'S-400')."""
    folded = fold(quote)
    words = [w for w in re.findall(r"\w+", fold(target)) if w not in FUNCTION_WORDS and len(w) >= 3]
    designations = [fold(w) for w in re.findall(r"[\w-]+", target)
                    if any(c.isdigit() for c in w) and any(c.isalpha() for c in w)]
    return any(f" {w[:max(4, len(w) - 2)]}" in folded for w in words) or any(d in folded for d in designations)
