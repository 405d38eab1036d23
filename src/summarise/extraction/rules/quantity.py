"""A deal's count, taken from the words the article states it in (numbers.py reads them).

Two rules of one family: in validation, a count leading the system's name ("12 Falke tanks") is the
quantity, whatever the model put there; after validation, the count the cited sentence states for the
system replaces the model's, but a number the sentence states is never replaced by none, and a sum of
money is never a count.
"""

from __future__ import annotations

from ..numbers import grounded_quantity, split_leading_count
from .base import Change, Rule, RuleSpec, Stage
from .cited import DealSentence


def count_in_system(quantity: int | None, system: str) -> Change[tuple[int | None, str]]:
    """The count and the system's name without it, when the name leads with a count."""
    count, rest = split_leading_count(system)
    if count is None:
        return Change((quantity, system))
    return Change((count, rest), (f"quantity: the system was written '{system}'; its count {count} is the quantity",))


def stated_count(quantity: int | None, at: DealSentence) -> Change[int | None]:
    stated = grounded_quantity(quantity, at.text, at.system, at.article.shown_text)
    if stated == quantity:
        return Change(quantity)
    return Change(stated, (f"quantity: the model read {quantity}; the sentence states {stated}",))


COUNT_IN_SYSTEM = RuleSpec("count_in_system", Rule.quantity, Stage.validation, "the system's own words",
                           "a count leading the system's name ('12 Falke tanks') becomes the quantity",
                           count_in_system)
STATED_COUNT = RuleSpec("stated_count", Rule.quantity, Stage.normalisation, "the numbers of the cited sentence",
                        "takes the count the cited sentence states for the system instead of the model's",
                        stated_count)
