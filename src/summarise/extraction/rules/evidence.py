"""A kept item's evidence widened to the sentence next to it when only both together state the item.

Grounding proves that a quote is the article's; the quote should also say the item (statement.py): name the
deal's recipient, supplier and system, or the stance's holder and a word of its target. A sentence often
leaves one of them to its neighbour: "It will deliver 12 more next year." after the sentence naming the
supplier, "The ministry called the sale a mistake." after the one naming the ministry's state. When the
cited sentence does not state the item and the sentence before it (or else the one after) together with it
does, the evidence covers both; the note says which sentence was added and what it names. Nothing else of
the item changes, and an item no neighbour completes keeps its evidence as it was. A deal whose evidence still
does not name its recipient (or its seller) cites, beside it, the first sentence naming that party with the
system or the other party (`buyer_evidence`, `seller_evidence`).
"""

from __future__ import annotations

from ...reading.article import Article
from ...schema import Acquisition, Actor, Evidence, Stance
from ..grounding import evidence_for_sentence, system_in
from ..questions import sentence_number
from ..statement import buyer_named, party_named, seller_named, unstated
from .base import Rule, RuleSpec, Stage

Item = Acquisition | Stance


def widened(item: Item, article: Article, actors: list[Actor], withheld: frozenset[int] = frozenset()) -> Item:
    """The item with its evidence widened to a neighbouring sentence when only both together state it; never to
    a sentence withheld from the model (one addressed to software, injection.py)."""
    missing = unstated(item, actors)
    if not missing:
        return item
    first, last = sentence_number(article, item.evidence.start), sentence_number(article, item.evidence.end - 1)
    if first is None or last is None:
        return item
    for added in (article.sentence(first - 1), article.sentence(last + 1)):
        if added is None or added.number in withheld:
            continue
        start, end = min(added.start, item.evidence.start), max(added.end, item.evidence.end)
        evidence = Evidence(quote=article.text[start:end], start=start, end=end, match=item.evidence.match)
        candidate = item.model_copy(update={"evidence": evidence})
        if not unstated(candidate, actors):
            note = f"evidence: sentence [{added.number}] added; the cited one does not name {', '.join(missing)}"
            return candidate.model_copy(update={"notes": [*item.notes, note]})
    return item


def with_buyer_cited(deal: Acquisition, article: Article, actors: list[Actor],
                     withheld: frozenset[int] = frozenset()) -> Acquisition:
    """The deal with `buyer_evidence`, when its evidence does not name its recipient: the first sentence naming the
    recipient with the system, or else with the seller (never one withheld from the model)."""
    return with_party_cited(deal, "buyer", article, actors, withheld)


def with_seller_cited(deal: Acquisition, article: Article, actors: list[Actor],
                      withheld: frozenset[int] = frozenset()) -> Acquisition:
    """The deal with `seller_evidence`, when its evidence does not name its seller: the first sentence naming the
    seller with the system, or else with the recipient (never one withheld from the model)."""
    return with_party_cited(deal, "seller", article, actors, withheld)


def with_party_cited(deal: Acquisition, role: str, article: Article, actors: list[Actor],
                     withheld: frozenset[int]) -> Acquisition:
    named, party, other = ((buyer_named, deal.buyer, deal.seller) if role == "buyer" else
                           (seller_named, deal.seller, deal.buyer))
    if named(deal, actors):
        return deal
    naming = [s for s in article.sentences if s.number not in withheld
              and party_named(article.sentence_text(s), party, actors)]
    besides = [lambda text: system_in(deal.system, text)]
    if other:
        besides.append(lambda text: party_named(text, other, actors))
    for beside in besides:
        cited = next((s for s in naming if beside(article.sentence_text(s))), None)
        if cited is not None:
            note = f"evidence: sentence [{cited.number}] cited for {role} '{party}', whom the evidence does not name"
            return deal.model_copy(update={f"{role}_evidence": evidence_for_sentence(article, cited),
                                           "notes": [*deal.notes, note]})
    return deal


RULE = RuleSpec("evidence", Rule.evidence, Stage.evidence, "the sentences next to the item's evidence",
                "widens the evidence to the sentence before (or after) when only both together state the item",
                widened)
BUYER_CITED = RuleSpec("buyer_cited", Rule.evidence, Stage.evidence, "the article's sentences naming the recipient",
                       "cites beside a deal's evidence the first sentence naming its recipient with its system (or "
                       "else its seller) when the evidence does not name the recipient", with_buyer_cited)
SELLER_CITED = RuleSpec("seller_cited", Rule.evidence, Stage.evidence, "the article's sentences naming the seller",
                        "cites beside a deal's evidence the first sentence naming its seller with its system (or "
                        "else its recipient) when the evidence does not name the seller", with_seller_cited)
