"""When a predicted item is a gold item: lenient on wording, strict on facts.

The rules of the development set's scorer (../shared/tools/score.py), with folding that keeps every
script: a name matches when it equals a gold name or alias or one holds the other as whole words; a deal
when its recipient is the gold buyer, its system names the gold system or an alias (or is named by it)
and a stated quantity agrees; a stance when holder and position agree and its target holds a keyword.
"""

from __future__ import annotations

from typing import Any

from ..reading.folding import fold
from .gold import Gold, GoldAcquisition, GoldStance

Item = dict[str, Any]
UNWEIGHED = (" the ", " of ")


def words(text: object) -> str:
    """Folded words padded with spaces, without 'the' and 'of'."""
    folded = fold("" if text is None else str(text))
    for word in UNWEIGHED:
        while word in folded:
            folded = folded.replace(word, " ")
    return folded


def holds_words(longer: str, shorter: str) -> bool:
    return shorter.strip() != "" and shorter in longer


def names_match(name: object, gold_names: list[str]) -> bool:
    predicted = words(name)
    if not predicted.strip():
        return False
    return any(predicted == gold or holds_words(predicted, gold) or holds_words(gold, predicted)
               for gold in map(words, gold_names) if gold.strip())


def party_matches(gold: Gold, name: object, gold_name: str | None) -> bool:
    if gold_name is None:
        return True
    actor = next((a for a in gold.actors if names_match(gold_name, a.names)), None)
    return names_match(name, actor.names if actor else [gold_name])


def system_matches(predicted: Item, deal: GoldAcquisition) -> bool:
    described = words(" ".join(str(predicted.get(k) or "") for k in ("system", "designation", "description")))
    system = words(predicted.get("system"))
    return any(holds_words(described, words(s)) or holds_words(words(s), system) for s in deal.systems)


def quantity_agrees(predicted: Item, deal: GoldAcquisition) -> bool:
    quantity = predicted.get("quantity")
    if deal.quantity is None or quantity is None:
        return True
    try:
        return int(quantity) == deal.quantity
    except (TypeError, ValueError):
        return False


def acquisition_matches(gold: Gold, predicted: Item, deal: GoldAcquisition) -> bool:
    return (party_matches(gold, predicted.get("buyer"), deal.buyer) and system_matches(predicted, deal)
            and quantity_agrees(predicted, deal))


def reversed_deal(gold: Gold, predicted: Item, deal: GoldAcquisition) -> bool:
    """The gold deal with buyer and seller the other way round."""
    if deal.seller is None or not predicted.get("seller"):
        return False
    swapped = {**predicted, "buyer": predicted.get("seller"), "seller": predicted.get("buyer")}
    return (acquisition_matches(gold, swapped, deal) and party_matches(gold, predicted.get("buyer"), deal.seller)
            and not party_matches(gold, predicted.get("buyer"), deal.buyer))


def stance_matches(gold: Gold, predicted: Item, stance: GoldStance) -> bool:
    if not party_matches(gold, predicted.get("holder"), stance.holder):
        return False
    if words(predicted.get("position")) != words(stance.position):
        return False
    target = words(predicted.get("target"))
    return any(holds_words(target, words(keyword).strip()) for keyword in stance.target_keywords)


def actor_matches(gold: Gold, predicted: Item, actor) -> bool:
    return names_match(predicted.get("name"), actor.names)
