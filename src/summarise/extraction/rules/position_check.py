"""A stance's position, decided again by a narrow question to the model (questions.py).

The free answer gives a position for every stance in one go; asked alone ("In sentence [7], what is
Chile's position on the drone purchase?"), read as probabilities over support, oppose and neutral, the model
is asked a question it can answer. Support and oppose replace each other only when the other is the likeliest
option and at least 1.5 times as likely, over both orders of the options (a small model favours the first);
neutral is neither written nor replaced by the check (docs/rules.md). The second order is asked only
when the first would change the position, to confirm or veto the change (most stances cost one question, not
two). The change goes in the stance's notes with the probabilities; `probability` is that of the position
kept (confidence.py turns it into the stance's `confidence`).
"""

from __future__ import annotations

from ...schema import Position, Stance
from ..questions import Asker, sentence_number
from .base import Rule, RuleSpec, Stage

POSITION_ODDS = 1.5  # measured at 1, 1.5, 2 and 3 on the 39 articles: docs/rules.md
OPTIONS = {Position.support: "supports it", Position.oppose: "opposes it",
           Position.neutral: "neither: neutral, or no position stated"}
Order = tuple[Position, ...]
ORDERS: tuple[Order, ...] = ((Position.support, Position.oppose, Position.neutral),
                             (Position.oppose, Position.support, Position.neutral))


def checked_position(stance: Stance, ask: Asker) -> Stance:
    """The stance, its position replaced when the model's answers favour another; the options' second order is
    asked only when the first would change the position (it confirms or vetoes the change)."""
    question = position_question(stance, ask)
    answers = [order_shares(question, ask, ORDERS[0])]
    if answers[0] is not None and changed(stance.position, answers[0]) is not None:
        answers.append(order_shares(question, ask, ORDERS[1]))
    if any(a is None for a in answers):
        return stance
    shares = {p: sum(a[p] for a in answers) / len(answers) for p in Position}
    best = changed(stance.position, shares)
    current = shares[stance.position]
    if best is None:
        return stance.model_copy(update={"probability": round(current, 3)})
    note = (f"position: the model read {stance.position.value} ({current:.2f}); asked the holder's position on "
            f"the target, it gave {best.value} ({shares[best]:.2f})")
    return stance.model_copy(update={"position": best, "probability": round(shares[best], 3),
                                     "notes": [*stance.notes, note]})


def changed(position: Position, shares: dict[Position, float]) -> Position | None:
    """The other of support and oppose when it is the likeliest option and at least POSITION_ODDS times as likely
    as the one read, or None. Neutral is neither written nor replaced: the third option is "neutral, or no
    position stated", so its share cannot tell a stance that declines to take a side from no stance at all."""
    best = max(shares, key=shares.__getitem__)
    if Position.neutral in (position, best):
        return None
    return best if best != position and shares[best] >= POSITION_ODDS * shares[position] else None


def position_question(stance: Stance, ask: Asker) -> str:
    sentence = sentence_number(ask.article, max(stance.evidence.end - 1, stance.evidence.start))
    where = f"In sentence [{sentence}], what" if sentence else "What"
    return f"{where} is the position of {stance.holder} on {stance.target}?"


def order_shares(question: str, ask: Asker, order: Order) -> dict[Position, float] | None:
    """Each position's probability with the options in one order."""
    shares = ask.choice(question, [OPTIONS[p] for p in order])
    return dict(zip(order, shares)) if shares is not None else None


RULE = RuleSpec("position_check", Rule.position_check, Stage.questions, "the stance's sentence",
                "asks the holder's position again (the options' second order only to confirm a change); turns "
                "support into oppose or back when the other is 1.5 times likelier, never to or from neutral",
                checked_position)
