"""Every state the article names, listed as an actor: a small model lists some states and forgets others.

States are found by maintained country data (countries.py: names, capitals, demonyms, abbreviations),
not by the model.
"""

from __future__ import annotations

from ...reading.article import Article
from ..grounding import states_named_in
from .base import Rule, RuleSpec, Stage


def apply(article: Article) -> list[str]:
    """The states the article names, to add as actors the model did not list."""
    return states_named_in(article.shown_text)


RULE = RuleSpec("states", Rule.states, Stage.normalisation, "maintained country data",
                "lists every state the article names as an actor", apply)
