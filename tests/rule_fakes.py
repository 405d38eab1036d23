"""Small stand-ins the rule tests share: an article's items, and an asker whose answers are set by the test."""

from summarise.extraction.grounding import evidence_for_sentence
from summarise.extraction.normalise import ActorIndex
from summarise.extraction.rules.cited import DealSentence
from summarise.reading.article import Article, article_from_text
from summarise.schema import Acquisition, Actor, ActorKind, Stance


def article_of(text: str) -> Article:
    return article_from_text(text, source="t.txt")


def deal(article: Article, buyer: str, seller: str | None, system: str, sentence: int = 1) -> Acquisition:
    return Acquisition(buyer=buyer, seller=seller, system=system, status="ordered",
                       evidence=evidence_for_sentence(article, article.sentence(sentence)))


def stance(article: Article, holder: str, target: str, position: str, sentence: int = 1) -> Stance:
    return Stance(holder=holder, target=target, position=position,
                  evidence=evidence_for_sentence(article, article.sentence(sentence)))


def actor(article: Article, name: str, kind: ActorKind) -> Actor:
    return Actor(name=name, kind=kind, evidence=evidence_for_sentence(article, article.sentences[0]))


def deal_sentence(text: str, system: str, *states: str) -> DealSentence:
    """The first sentence of `text` as a deal's cited sentence, with `states` among the article's actors."""
    article = article_of(text)
    index = ActorIndex(article)
    for state in states:
        index.add(state, ActorKind.state)
    return DealSentence(article, article.sentences[0], system, index)


class Asker:
    """Answers each choice by `shares(question, options)`; keeps the questions asked."""

    def __init__(self, article: Article, shares):
        self.article, self.shares, self.asked = article, shares, []

    def choice(self, question: str, options: list[str]) -> list[float] | None:
        self.asked.append((question, options))
        return self.shares(question, options)
