"""A stance's position, decided again by a narrow question to the model (questions.py).

The free answer gives a position for every stance in one go; asked alone ("In sentence [7], what is
Chile's position on the drone purchase?"), read as probabilities over support, oppose and neutral, in two
orders of the options (a small model favours the first), the model is asked a question it can answer.
Another position replaces the answer's only when it is at least 1.5 times as likely; the change goes in the
stance's notes with the probabilities, and `confidence` is the probability of the position kept.
"""

from __future__ import annotations

from ...schema import Position, Stance
from ..questions import Asker, sentence_number
from .base import Rule, RuleSpec, Stage

POSITION_ODDS = 1.5  # measured at 1, 1.5, 2 and 3 on the 39 articles: docs/rules.md
OPTIONS = {Position.support: "supports it", Position.oppose: "opposes it",
           Position.neutral: "neither: neutral, or no position stated"}
ORDERS = ((Position.support, Position.oppose, Position.neutral), (Position.oppose, Position.support, Position.neutral))


def checked_position(stance: Stance, ask: Asker) -> Stance:
    shares = position_shares(stance, ask)
    if shares is None:
        return stance
    best = max(shares, key=shares.__getitem__)
    current = shares[stance.position]
    if best == stance.position or shares[best] < POSITION_ODDS * current:
        return stance.model_copy(update={"confidence": round(current, 3)})
    note = (f"position: the model read {stance.position.value} ({current:.2f}); asked the holder's position on "
            f"the target, it gave {best.value} ({shares[best]:.2f})")
    return stance.model_copy(update={"position": best, "confidence": round(shares[best], 3),
                                     "notes": [*stance.notes, note]})


def position_shares(stance: Stance, ask: Asker) -> dict[Position, float] | None:
    """Each position's probability, averaged over both orders of the options."""
    sentence = sentence_number(ask.article, max(stance.evidence.end - 1, stance.evidence.start))
    where = f"In sentence [{sentence}], what" if sentence else "What"
    question = f"{where} is the position of {stance.holder} on {stance.target}?"
    totals = dict.fromkeys(Position, 0.0)
    for order in ORDERS:
        shares = ask.choice(question, [OPTIONS[p] for p in order])
        if shares is None:
            return None
        for position, share in zip(order, shares):
            totals[position] += share / len(ORDERS)
    return totals


RULE = RuleSpec("position_check", Rule.position_check, Stage.questions, "the stance's sentence",
                "asks the holder's position again; replaces it when another is 1.5 times likelier", checked_position)
