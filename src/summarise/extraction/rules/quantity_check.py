"""A deal's count, chosen by a narrow question among the counts its sentence states (questions.py).

Where the cited sentence states several counts ("100 cameras at 60 sites", "24 jets, six new and 18 used"),
the model's quantity is one of them, and not always the deal's. Asked "How many S does B get in sentence
[n]?" with the sentence's counts as options and "not stated" last, read as probabilities averaged over two
orders of the counts (a small model favours the first option), another count replaces the model's when it is
at least twice as likely. A count is never replaced by "not stated": a number the sentence states stays
(quantity.py). The change goes in the item's notes with the probabilities.
"""

from __future__ import annotations

from ...schema import Acquisition
from ..numbers import counts_in, designation_numbers
from ..questions import LETTERS, NOT_STATED, Asker, choice_in_both_orders, in_sentence, sentence_number
from .base import Rule, RuleSpec, Stage

MAX_COUNTS = len(LETTERS) - 1  # the last letter is "not stated"
QUANTITY_ODDS = 2.0  # as the recipient's: another count replaces the model's only when twice as likely


def apply(acquisition: Acquisition, ask: Asker) -> Acquisition:
    """The acquisition with the count its sentence states for it, when the model's answers favour another."""
    counts = counts_stated(ask.article.text[acquisition.evidence.start:acquisition.evidence.end], acquisition.system)
    if len(counts) < 2 or acquisition.quantity not in counts:
        return acquisition
    sentence = sentence_number(ask.article, acquisition.evidence.start)
    question = f"How many {acquisition.system} does {acquisition.buyer} get{in_sentence(sentence)}?"
    shares = choice_in_both_orders(ask, question, [str(c) for c in counts], last=(NOT_STATED,))
    if shares is None:
        return acquisition
    by_count = dict(zip(counts, shares))
    best = max(counts, key=by_count.__getitem__)
    current = by_count[acquisition.quantity]
    if best == acquisition.quantity or by_count[best] < QUANTITY_ODDS * current:
        return acquisition
    note = (f"quantity: the model read {acquisition.quantity} ({current:.2f}); asked how many "
            f"{acquisition.system} {acquisition.buyer} gets, it gave {best} ({by_count[best]:.2f})")
    return acquisition.model_copy(update={"quantity": best, "notes": [*acquisition.notes, note]})


def counts_stated(text: str, system: str) -> list[int]:
    """The distinct counts of the text in order, leaving out the numbers of the system's designation."""
    designation = designation_numbers(system)
    return [c for c in dict.fromkeys(counts_in(text)) if c not in designation][:MAX_COUNTS]


RULE = RuleSpec("quantity_check", Rule.quantity_check, Stage.questions, "the counts the deal's sentence states",
                "asks how many of the system the buyer gets, a choice among the sentence's counts in two orders; "
                "another replaces the model's at twice the odds, never by none", apply)
