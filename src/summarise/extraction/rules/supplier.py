"""The supplier of a deal, decided by a narrow question to the model (questions.py), as the recipient is.

The free answer names a deal's supplier in one go, and often names the wrong one: the manufacturer of a
part for the state that sells the aircraft, the bank that paid, a party of the article's other deal, or
none where the article says who supplies. Asked who supplies the system to the recipient, as a choice among
the article's other parties and "not stated", averaged over two orders of the parties, another party
replaces the model's supplier when it is at least twice as likely, and a party fills a supplier the model
left empty when it is at least twice as likely as "not stated". "Not stated" never takes away a supplier the
model gave: the sentence asked about may not name a supplier that the article names elsewhere.
"""

from __future__ import annotations

from ...schema import Acquisition, Actor
from ..grounding import fold
from ..statement import seller_named
from ..questions import NOT_STATED, Asker, choice_in_both_orders, in_sentence, sentence_number
from .base import Rule, RuleSpec, Stage
from .recipient import RECIPIENT_ODDS, candidates_for

SUPPLIER_ODDS = RECIPIENT_ODDS  # the same bar as the recipient's, not tuned apart


def apply(acquisition: Acquisition, actors: list[Actor], ask: Asker) -> Acquisition:
    """The acquisition with the supplier the model's probabilities favour among the article's other parties."""
    if acquisition.seller and seller_named(acquisition, actors):
        return acquisition
    candidates = [p for p in candidates_for(acquisition, actors) if fold(p) != fold(acquisition.buyer)]
    if not candidates:
        return acquisition
    sentence = sentence_number(ask.article, acquisition.evidence.start)
    question = (f"Who supplies the {acquisition.system} that {acquisition.buyer} gets{in_sentence(sentence)}: "
                "who sells, gives or sends it?")
    shares = choice_in_both_orders(ask, question, candidates, last=(NOT_STATED,))
    if shares is None:
        return acquisition
    by_party = {fold(party): share for party, share in zip(candidates, shares)}
    best = max(candidates, key=lambda party: by_party[fold(party)])
    seller = fold(acquisition.seller or "")
    current = by_party.get(seller, shares[-1])  # an empty seller is "not stated"
    if fold(best) == seller or by_party[fold(best)] < max(SUPPLIER_ODDS * current, shares[-1]):
        return acquisition
    model_read = f"seller '{acquisition.seller}'" if acquisition.seller else "no seller"
    note = (f"supplier: the model read {model_read} ({current:.2f}); asked who supplies the {acquisition.system}, "
            f"it gave '{best}' ({by_party[fold(best)]:.2f})")
    return acquisition.model_copy(update={"seller": best, "notes": [*acquisition.notes, note]})


RULE = RuleSpec("supplier", Rule.supplier, Stage.questions, "the article's parties other than the recipient",
                "asks who supplies the system to the recipient, a choice among the other parties in two orders; "
                "another replaces the seller, or fills an empty one, at twice the odds; 'not stated' never "
                "removes one", apply)
