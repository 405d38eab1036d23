"""A deal's direction, checked by narrow questions to the model (questions.py).

Who receives the system and who supplies it, each asked between the deal's two parties in both orders of
the options (a small model favours the first option), read as probabilities: when both answers together
favour the reverse, buyer and seller are swapped, with the probabilities in the item's notes.
"""

from __future__ import annotations

from ...schema import Acquisition
from ..questions import Asker, choice_in_both_orders
from .base import Rule, RuleSpec, Stage


def apply(acquisition: Acquisition, ask: Asker) -> Acquisition:
    """The acquisition, its buyer and seller swapped when the model's answers favour the reverse."""
    return with_direction_checked(acquisition, ask) if acquisition.seller else acquisition


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
    shares = choice_in_both_orders(ask, question, [first, second])
    return (shares[0], shares[1]) if shares is not None else None


RULE = RuleSpec("direction_check", Rule.direction_check, Stage.questions, "the deal's two parties",
                "asks who receives and who supplies, in both orders; swaps the two when both favour the reverse",
                apply)
