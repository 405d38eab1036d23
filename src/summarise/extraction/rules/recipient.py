"""The recipient of a deal, decided by a narrow question to the model (questions.py).

The model's free answer names the parties of a deal in one go, and gets the recipient wrong where an
article has many parties: the legislature that approved a sale, the state whose investigators found a
part, the supplier. Asked who receives the system, as a choice among the article's parties (its states,
companies, armed groups and bodies) and "not stated", read as probabilities and averaged over two orders
of the parties (by first mention, and reversed: a small model favours the options it reads first, and
the order of first mention is no evidence of who receives), another party replaces the model's when it
is at least twice as likely. When it is likelier but not twice, the two are asked between themselves in
both orders of the options (a comparison of two is the surer reading), and the one preferred there
receives. The change goes in the item's notes with the probabilities that made it; `probability` is that
of the recipient kept (confidence.py turns it into the deal's `confidence`).
"""

from __future__ import annotations

from ...schema import Acquisition, Actor, ActorKind
from ..grounding import fold
from ..questions import LETTERS, NOT_STATED, Asker, choice_in_both_orders, in_sentence, sentence_number
from .base import Rule, RuleSpec, Stage
from .direction_check import between

PARTY_KINDS = {ActorKind.state, ActorKind.company, ActorKind.armed_group, ActorKind.organisation,
               ActorKind.international_body}
MAX_CANDIDATES = len(LETTERS) - 1  # the last letter is "not stated"
RECIPIENT_ODDS = 2.0  # another party replaces the model's recipient only when at least twice as likely


def apply(acquisition: Acquisition, actors: list[Actor], ask: Asker) -> Acquisition:
    """The acquisition with the recipient the model's probabilities favour among the article's parties."""
    return with_recipient_chosen(acquisition, actors, ask, sentence_number(ask.article, acquisition.evidence.start))


def candidates_for(acquisition: Acquisition, actors: list[Actor]) -> list[str]:
    """The parties that could receive the system, in the article's order: the model's two, and the others
    first mentioned earliest, up to MAX_CANDIDATES."""
    parties = [a.name for a in sorted(actors, key=lambda a: a.evidence.start) if a.kind in PARTY_KINDS]
    named = [p for p in (acquisition.buyer, acquisition.seller) if p]
    others = [p for p in parties if fold(p) not in {fold(n) for n in named}][:MAX_CANDIDATES - len(named)]
    keep = {fold(p) for p in [*named, *others]}
    ordered = [p for p in parties if fold(p) in keep]
    return ordered + [n for n in named if n not in ordered]


def with_recipient_chosen(acquisition: Acquisition, actors: list[Actor], ask: Asker,
                          sentence: int | None) -> Acquisition:
    candidates = candidates_for(acquisition, actors)
    if len(candidates) < 2:
        return acquisition
    question = f"Who receives the {acquisition.system}{in_sentence(sentence)}: who ends up with it?"
    shares = choice_in_both_orders(ask, question, candidates, last=(NOT_STATED,))
    if shares is None:
        return acquisition
    by_party = dict(zip(candidates, shares))
    best = max(candidates, key=by_party.__getitem__)
    current = by_party.get(acquisition.buyer, 0.0)
    if fold(best) == fold(acquisition.buyer) or by_party[best] < shares[-1]:
        return acquisition.model_copy(update={"probability": round(current, 3)})
    if by_party[best] >= RECIPIENT_ODDS * current:
        note = (f"recipient: the model read buyer '{acquisition.buyer}' ({current:.2f}); asked who receives the "
                f"{acquisition.system}, it gave '{best}' ({by_party[best]:.2f})")
    else:  # likelier, not clearly: the two asked between themselves, in both orders
        pair = between(ask, question, acquisition.buyer, best)
        if pair is None or pair[1] <= pair[0]:
            return acquisition.model_copy(update={"probability": round(current, 3)})
        note = (f"recipient: the model read buyer '{acquisition.buyer}' ({current:.2f}); asked who receives the "
                f"{acquisition.system}, it gave '{best}' ({by_party[best]:.2f}), and between the two "
                f"'{best}' {pair[1]:.2f} against {pair[0]:.2f}")
    seller = acquisition.buyer if acquisition.seller and fold(best) == fold(acquisition.seller) else acquisition.seller
    return acquisition.model_copy(update={"buyer": best, "seller": seller, "probability": round(by_party[best], 3),
                                          "notes": [*acquisition.notes, note]})


RULE = RuleSpec("recipient", Rule.recipient, Stage.questions, "the article's parties",
                "asks who receives the system, a choice among the parties in two orders; another replaces the "
                "buyer at twice the odds, or when likelier and preferred to the buyer asked between the two in "
                "both orders", apply)
