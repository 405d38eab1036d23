"""A deal's recipient and supplier, decided by narrow questions to the model (questions.py).

The model's free answer names the parties of a deal in one go, and gets the recipient wrong where an
article has many parties: the legislature that approved a sale, the state whose investigators found a
part, the supplier. Two questions decide them again, each read as probabilities:

- **recipient**: who receives the system, as a choice among the article's parties (its states,
  companies, armed groups and bodies, by first mention) and "not stated"; another party replaces the
  model's only when it is at least twice as likely;
- **direction**: who receives the system and who supplies it, each asked between the deal's two parties
  in both orders; the reading both answers favour together wins.

A change is written in the item's notes with the probabilities that made it; `confidence` is the
probability of the recipient kept.
"""

from __future__ import annotations

from ..schema import Acquisition, Actor, ActorKind
from .grounding import fold
from .questions import LETTERS, Asker, sentence_number
from .rules import ALL_ON, Rule, RuleSet

NOT_STATED = "not stated"
PARTY_KINDS = {ActorKind.state, ActorKind.company, ActorKind.armed_group, ActorKind.organisation,
               ActorKind.international_body}
MAX_CANDIDATES = len(LETTERS) - 1  # the last letter is "not stated"
RECIPIENT_ODDS = 2.0  # another party replaces the model's recipient only when at least twice as likely


def checked_parties(acquisition: Acquisition, actors: list[Actor], ask: Asker,
                    rules: RuleSet = ALL_ON) -> Acquisition:
    """The acquisition with the recipient and the direction the model's probabilities favour."""
    sentence = sentence_number(ask.article, acquisition.evidence.start)
    if rules.on(Rule.recipient):
        acquisition = with_recipient_chosen(acquisition, actors, ask, sentence)
    if rules.on(Rule.direction_check) and acquisition.seller:
        acquisition = with_direction_checked(acquisition, ask)
    return acquisition


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
    where = f" in sentence [{sentence}]" if sentence else ""
    shares = ask.choice(f"Who receives the {acquisition.system}{where}: who ends up with it?",
                        [*candidates, NOT_STATED])
    if shares is None:
        return acquisition
    by_party = dict(zip(candidates, shares))
    best = max(candidates, key=by_party.__getitem__)
    current = by_party.get(acquisition.buyer, 0.0)
    clearly = by_party[best] >= RECIPIENT_ODDS * current and by_party[best] >= shares[-1]
    if fold(best) == fold(acquisition.buyer) or not clearly:
        return acquisition.model_copy(update={"confidence": round(current, 3)})
    seller = acquisition.buyer if acquisition.seller and fold(best) == fold(acquisition.seller) else acquisition.seller
    note = (f"recipient: the model read buyer '{acquisition.buyer}' ({current:.2f}); asked who receives the "
            f"{acquisition.system}, it gave '{best}' ({by_party[best]:.2f})")
    return acquisition.model_copy(update={"buyer": best, "seller": seller, "confidence": round(by_party[best], 3),
                                          "notes": [*acquisition.notes, note]})


def with_direction_checked(acquisition: Acquisition, ask: Asker) -> Acquisition:
    """Who receives and who supplies, each asked between the two parties in both orders (a small model
    favours the first option): the reading that both answers favour together wins."""
    buyer, seller, system = acquisition.buyer, acquisition.seller, acquisition.system
    receives = between(ask, f"Who receives the {system}?", buyer, seller)
    supplies = between(ask, f"Who supplies the {system}?", buyer, seller)
    if receives is None or supplies is None:
        return acquisition
    for_reverse = (receives[1] - receives[0]) + (supplies[0] - supplies[1])
    if for_reverse <= 0:
        return acquisition
    note = (f"direction: asked who receives the {system}, '{buyer}' {receives[0]:.2f} against '{seller}' "
            f"{receives[1]:.2f}; who supplies it, '{buyer}' {supplies[0]:.2f} against '{seller}' {supplies[1]:.2f}: "
            f"buyer and seller swapped")
    return acquisition.model_copy(update={"buyer": seller, "seller": buyer, "notes": [*acquisition.notes, note]})


def between(ask: Asker, question: str, first: str, second: str) -> tuple[float, float] | None:
    """The two parties' shares for the question, averaged over both orders of the options."""
    in_order, turned = ask.choice(question, [first, second]), ask.choice(question, [second, first])
    if in_order is None or turned is None:
        return None
    return (in_order[0] + turned[1]) / 2, (in_order[1] + turned[0]) / 2
