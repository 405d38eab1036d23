"""What a normalisation rule reads: the sentence an item cites, and the article's parties to name in it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...reading.article import Article, Sentence

if TYPE_CHECKING:
    from ..normalise import ActorIndex


@dataclass
class DealSentence:
    """A deal's cited sentence. `parties` are the actors known when the deal is read: a rule that names a
    party resolves it through `index`, which may add it."""

    article: Article
    sentence: Sentence
    system: str
    index: ActorIndex
    parties: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.parties = [a.name for a in self.index.actors]

    @property
    def text(self) -> str:
        return self.article.sentence_text(self.sentence)
