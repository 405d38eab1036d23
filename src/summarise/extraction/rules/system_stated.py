"""A deal's system as the cited sentence names it: the model's text is never kept as written.

A system the cited sentence does not name (its model name if it has one, else a word of it), or one
holding markup, is a problem: the answer is re-asked, then the deal dropped with the reason.
"""

from __future__ import annotations

import re

from ...reading.article import Article
from ..grounding import system_in
from .base import Rule, RuleSpec, Stage


def apply(system: str, number: int, article: Article) -> list[str]:
    """Why the deal is dropped or re-asked: its system holds markup, or the cited sentence does not name it."""
    cited = article.sentence(number)
    if MARKUP.search(system):
        return [f"system '{system}' holds markup; write the system as the article names it"]
    if cited is not None and not system_in(system, article.sentence_text(cited)):
        return [f"system '{system}' is not named in sentence [{number}]"]
    return []


MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\*\*|__|`|^#+\s|\[[^\]]*\]\(")  # tags, bold, code, headings, links


RULE = RuleSpec("system_stated", Rule.system_stated, Stage.validation, "the cited sentence",
                "drops a deal whose system the sentence does not name, or that holds markup", apply)
