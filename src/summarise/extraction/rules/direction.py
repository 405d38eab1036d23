"""A deal's buyer and seller, set by where its sentence says the equipment comes from and goes.

The model names both parties of a deal in one go and now and then the wrong way round. Read in the cited
sentence: a verb or noun of giving followed by "to X" (or an arrival "in X"), "X-made" or "X-supplied", the
party that is the subject of acquiring ("X will buy"), and the party named by "from" right after the
system. A deal whose parties came out the same is read once more for its recipient.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicon import alternation, words
from ...schema import ActorKind
from ..countries import country_named
from ..draft import buyer_is_seller
from ..grounding import fold, follows, mentions, references, state_named_by
from ..numbers import find_phrase
from .base import Change, Rule, RuleSpec, Stage
from .cited import DealSentence

if TYPE_CHECKING:
    from ..normalise import ActorIndex


def apply(buyer: str, seller: str | None, at: DealSentence) -> Change[tuple[str, str | None]]:
    """The parties as the sentence states them, resolved to the article's actors, with a note when the buyer
    is another party than the model's."""
    drafted_buyer, drafted_seller = buyer, seller
    text, system, parties, index = at.text, at.system, at.parties, at.index
    buyer, seller = in_direction(buyer, seller, text, parties, system)
    supplier = supplier_after(text, system, index)
    if supplier and seller and same_name(supplier, buyer):
        buyer, seller = seller, buyer  # "Australia will buy submarines from the US", read as the US buying
    acquirer = acquirer_of(text, system, parties)
    if acquirer and seller and same_name(acquirer, seller) and not same_name(acquirer, buyer):
        buyer, seller = seller, buyer  # "enables Australia to acquire submarines", read as Australia selling
    buyer = index.resolve(buyer, ActorKind.state, at.sentence)
    seller = index.resolve(seller, ActorKind.company, at.sentence)
    if buyer_is_seller(buyer, seller):  # 'from Beijing to Moscow' read as China from Beijing
        receiver, supplier = in_direction(buyer, None, text, parties, system)
        buyer = index.resolve(receiver, ActorKind.state, at.sentence) if supplier else buyer
    if index.find(drafted_buyer) is index.find(buyer):  # the same party under another name
        return Change((buyer, seller))
    return Change((buyer, seller), (f"direction: the model read buyer '{drafted_buyer}', seller '{drafted_seller}'; "
                                    f"the sentence says the equipment goes to '{buyer}'",))


def in_direction(buyer: str, seller: str | None, sentence: str, parties: list[str],
                 system: str) -> tuple[str, str | None]:
    """Fix parties the sentence plainly states the other way round.

    With a verb or noun of giving in the sentence ("sells", "delivery", "supplied"), the party
    named after "to" once the system is mentioned ("selling 24 F-16 jets to Argentina"), or right
    after the verb ("giving Ukraine Storm Shadow missiles"), receives it. The model's seller, when it
    is that party, becomes the buyer; when the model has no seller, or took the giver (named before
    the verb) for the buyer, the giver becomes the seller. A "to" before the system ("sent a letter
    to Washington to buy F-35s") says nothing about who receives.
    """
    if seller and made_by(sentence, buyer) and not made_by(sentence, seller):
        return seller, buyer  # "the North Korean-supplied missiles" come from North Korea
    giving = GIVING.search(sentence)
    recipient = recipient_of(sentence, system, parties) if giving else None
    if recipient is None or same_name(recipient, buyer):
        return buyer, seller
    if seller and same_name(recipient, seller):
        return seller, buyer
    if not seller or mentions(sentence[:giving.start()], buyer):
        return recipient, buyer
    return buyer, seller


def recipient_of(sentence: str, system: str, parties: list[str]) -> str | None:
    position = find_phrase(sentence, system)
    if position is None:
        return None
    after = sentence[position:position + len(system) + RECIPIENT_REACH]
    to_party = next((p for p in parties if follows(after, p, "to")), None)
    if to_party is None and ARRIVAL.search(after):
        to_party = next((p for p in parties if follows(after, p, "in")), None)  # "ATACMS arrived in Ukraine"
    if to_party is not None:
        return to_party
    for verb in GIVING.finditer(sentence, 0, position):  # "giving Ukraine ... missiles", "provide Kyiv with ..."
        between = fold(sentence[verb.end():position])
        found = next((p for p in parties for form in (fold(p).strip(), *references(fold(p).strip()))
                      if form and (between.startswith(f" {form} ") or between.startswith(f" the {form} "))), None)
        if found is not None:
            return found
    return None


def same_name(a: str, b: str | None) -> bool:
    if not b:
        return False
    if fold(a) == fold(b):
        return True
    country = country_named(a)
    return country is not None and country is country_named(b)


RECIPIENT_REACH = 60  # characters after the system's mention where "to X" still names its recipient
ARRIVAL = re.compile(rf"\b{alternation('transfer', 'arrival')}\b", re.IGNORECASE)


def made_by(sentence: str, party: str) -> bool:
    """'Chinese-made drones', 'the US-supplied missiles': the party is where the equipment comes from."""
    country = country_named(party)
    forms = [party, *(country.abbreviations | country.forms if country else ())]
    pattern = "|".join(re.escape(form) for form in forms if form)
    return re.search(rf"\b(?:{pattern})[-‑]{alternation('transfer', 'made_by')}\b",
                     sentence, re.IGNORECASE) is not None



def acquirer_of(sentence: str, system: str, parties: list[str]) -> str | None:
    """The party the sentence makes the subject of acquiring the system: 'Australia to acquire nuclear-powered
    submarines', 'Poland will buy 96 Apache helicopters', 'India received the S-400 systems'."""
    position = find_phrase(sentence, system)
    if position is None:
        return None
    for party in parties:
        for found in re.finditer(rf"\b{re.escape(party)}\b", sentence[:position]):
            between = sentence[found.end():position]
            if len(between) <= ACQUIRER_REACH and ACQUIRING.match(between):
                return party
    return None


ACQUIRER_REACH = 60  # characters between the acquiring party and the system's mention
ACQUIRING = re.compile(r"\s+(?:" + alternation("transfer", "acquiring_auxiliaries") + r"\s+)*(?:also\s+)?" +
                       alternation("transfer", "acquiring") + r"\w*\b", re.IGNORECASE)


def supplier_after(sentence: str, system: str, index: ActorIndex) -> str | None:
    """The party the system comes from, when the sentence says so right after it: '... FK-3 systems from China',
    '2,500 drones have reportedly been shipped from Beijing'; not 'S-400 systems despite warnings from Washington'."""
    position = find_phrase(sentence, system)
    if position is None:
        return None
    if sentence.lower().startswith(system.lower().strip(), position):  # "helicopters, weapons, and ammunition"
        position += len(system.strip())
    found = SUPPLIED_FROM.match(sentence, position)
    if found is None:
        return None
    system_words = set(fold(system).split())
    gap = [w for w in fold(found["gap"]).split() if w not in system_words and not w.isdigit()]
    if any(w not in SUPPLY_GAP_WORDS and not w.endswith("ly") for w in gap):  # adverbs pass: "reportedly"
        return None
    actor = index.find(found["name"])
    return actor.name if actor else state_named_by(found["name"])


SUPPLIED_FROM = re.compile(r"(?P<gap>[^,;]{0,80}?)\bfrom\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
# Words that may stand between a system and the "from" naming its supplier.
SUPPLY_GAP_WORDS = words("transfer", "supply_gap")
# Giving: the verbs and nouns of a transfer whose recipient follows "to" (or "in", for an arrival).
GIVING = re.compile(rf"\b{alternation('transfer', 'giving')}\b", re.IGNORECASE)


RULE = RuleSpec("direction", Rule.direction, Stage.normalisation, "the cited sentence's words around the system",
                "sets buyer and seller by where the sentence says the equipment comes from and goes", apply)
