"""Every armed group the article names, listed as an actor of kind armed_group, and a name the model gives for
one takes that kind: a small model forgets the militia that receives a shipment, or files it as a company.

Groups are found by maintained data (lexicon/armed_groups.toml, read by extraction/armed_groups.py), not by
the model.
"""

from __future__ import annotations

from ...reading.article import Article
from ..armed_groups import groups_named_in
from .base import Rule, RuleSpec, Stage


def apply(article: Article) -> list[str]:
    """The armed groups the article names, as first written, to add as actors the model did not list."""
    return groups_named_in(article.shown_text)


RULE = RuleSpec("armed_groups", Rule.armed_groups, Stage.normalisation, "maintained armed-group data",
                "lists every armed group the article names as an actor of that kind, and gives a listed one "
                "its kind", apply)
