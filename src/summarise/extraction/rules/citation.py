"""A citation moved to the sentence that names the item: small models often cite the sentence next to the one
they mean.

The cited sentence stays when it names the item; else the nearest neighbour that does (one or two sentences
either way); else, for a deal, the one sentence of the article that names its system's model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial

from ...reading.article import Article
from ..grounding import designation_in, fold, mentions, system_in
from .base import Change, Rule, RuleSpec, Stage

NEIGHBOURS = (-1, 1, -2, 2)


def apply(article: Article, cited: int, *fits: Callable[[str], bool],
          anywhere: Callable[[str], bool] | None = None) -> Change[int]:
    """The sentence number to cite, with a note when it is not the model's."""
    number = cite_nearby(article, cited, *fits, anywhere=anywhere)
    if number == cited:
        return Change(cited)
    return Change(number, (f"citation: the model cited sentence [{cited}]; sentence [{number}] names the item",))


def for_deal(article: Article, cited: int, system: str) -> Change[int]:
    return apply(article, cited, partial(system_in, system), anywhere=partial(designation_in, system))


def for_stance(article: Article, cited: int, holder: str, target: str) -> Change[int]:
    return apply(article, cited, stance_fits(holder, target), partial(holder_in, holder))


def cite_nearby(article: Article, cited: int, *fits: Callable[[str], bool],
                anywhere: Callable[[str], bool] | None = None) -> int:
    """The cited sentence if it fits the item, else the nearest neighbour that does, else the one sentence
    of the article that passes `anywhere` (or the cited one).

    Tests come in order of preference: a neighbour passing the first beats one passing only the second.
    """
    for fit in fits:
        for number in (cited, *(cited + step for step in NEIGHBOURS)):
            sentence = article.sentence(number)
            if sentence is not None and fit(article.sentence_text(sentence)):
                return number
    if anywhere is not None:
        found = [s.number for s in article.sentences if anywhere(article.sentence_text(s))]
        if len(found) == 1:
            return found[0]
    return cited


def stance_fits(holder: str, target: str) -> Callable[[str], bool]:
    """The sentence names the holder and a word of the target."""
    stems = [f" {w[:-1]}" for w in re.findall(r"\w+", fold(target)) if len(w) >= 4]

    def fits(text: str) -> bool:
        folded = fold(text)
        return any(stem in folded for stem in stems) and mentions(text, holder)

    return fits


def holder_in(holder: str, sentence: str) -> bool:
    return mentions(sentence, holder)


RULE = RuleSpec("citation", Rule.citation, Stage.validation, "the cited sentence and its neighbours",
                "moves a citation to the neighbouring sentence that names the item", apply)
