"""Precision, recall and F1 of the summaries in OUT against a folder of gold files, per article and in all.

Recall counts required gold items; precision counts a predicted item right when it matches any gold item,
required or not. A gold file without a summary counts every required item as missed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..outputs.found import ReadOutput, read_outputs
from .gold import Gold, read_gold
from .matching import acquisition_matches, actor_matches, reversed_deal, stance_matches

CATEGORIES = ("actors", "acquisitions", "stances")
MATCHERS = {"actors": actor_matches, "acquisitions": acquisition_matches, "stances": stance_matches}


@dataclass
class Tally:
    required: int = 0
    found: int = 0  # required gold items that some prediction matches
    predicted: int = 0
    right: int = 0  # predictions that match some gold item

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.required + other.required, self.found + other.found, self.predicted + other.predicted,
                     self.right + other.right)

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "required": self.required, "found": self.found, "predicted": self.predicted, "right": self.right}


@dataclass
class ArticleScore:
    name: str
    summary: str | None  # the article id of the summary scored; None when OUT has none
    tallies: dict[str, Tally]
    reversed_deals: int = 0
    quotes: int = 0
    quotes_located: int = 0

    def as_dict(self) -> dict:
        return {"article": self.name, "summary": self.summary, "reversed_deals": self.reversed_deals,
                "quotes": self.quotes, "quotes_located": self.quotes_located,
                **{category: tally.as_dict() for category, tally in self.tallies.items()}}


@dataclass
class Evaluation:
    articles: list[ArticleScore] = field(default_factory=list)
    unread_gold: list[str] = field(default_factory=list)  # gold files that could not be read, with why
    left_out: list[str] = field(default_factory=list)  # files in OUT that are not this tool's summaries

    def total(self, category: str) -> Tally:
        return sum((a.tallies[category] for a in self.articles), Tally())

    @property
    def macro_f1(self) -> float:
        return sum(self.total(category).f1 for category in CATEGORIES) / len(CATEGORIES)

    @property
    def missing(self) -> int:
        return sum(a.summary is None for a in self.articles)

    def as_dict(self) -> dict:
        quotes = sum(a.quotes for a in self.articles)
        located = sum(a.quotes_located for a in self.articles)
        return {**{category: self.total(category).as_dict() for category in CATEGORIES},
                "macro_f1": round(self.macro_f1, 3),
                "reversed_deals": sum(a.reversed_deals for a in self.articles),
                "missing_summaries": self.missing, "evidence_quotes": quotes,
                "evidence_located": round(located / quotes, 3) if quotes else None,
                "articles": [a.as_dict() for a in self.articles], "unread_gold": self.unread_gold,
                "left_out": self.left_out}


def evaluate(gold_dir: Path, out: Path) -> Evaluation:
    """Every gold file of GOLD_DIR against the summary of the same article in OUT."""
    outputs, left_out = read_outputs(out)
    evaluation = Evaluation(left_out=[left.line() for left in left_out])
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold = read_gold(path)
        except InputError as e:
            evaluation.unread_gold.append(str(e))
            continue
        evaluation.articles.append(score_article(path.stem, gold, summary_for(path.stem, outputs)))
    return evaluation


def summary_for(stem: str, outputs: list[ReadOutput]) -> ReadOutput | None:
    """The summary of gold NAME.json: the article NAME.* (at any depth), else the first whose name starts NAME."""
    named = [o for o in outputs if Path(o.article_id).name.rsplit(".", 1)[0] == stem]
    starting = [o for o in outputs if Path(o.article_id).name.startswith(stem)]
    return next(iter(sorted(named or starting, key=lambda o: o.article_id)), None)


def score_article(name: str, gold: Gold, output: ReadOutput | None) -> ArticleScore:
    record = output.record if output else {}
    tallies = {category: tally(gold, record.get(category) or [], getattr(gold, category), MATCHERS[category])
               for category in CATEGORIES}
    score = ArticleScore(name, output.article_id if output else None, tallies)
    score.reversed_deals = sum(any(reversed_deal(gold, p, g) for g in gold.acquisitions)
                               for p in record.get("acquisitions") or [])
    if output:
        quotes = list(evidence_quotes(record))
        text = spaced(output.text)
        score.quotes, score.quotes_located = len(quotes), sum(bool(spaced(q)) and spaced(q) in text for q in quotes)
    return score


def tally(gold: Gold, predicted: list[dict], gold_items: list, matches) -> Tally:
    required = [g for g in gold_items if g.required]
    return Tally(required=len(required),
                 found=sum(any(matches(gold, p, g) for p in predicted) for g in required),
                 predicted=len(predicted),
                 right=sum(any(matches(gold, p, g) for g in gold_items) for p in predicted))


def evidence_quotes(record: dict):
    for category in CATEGORIES:
        for item in record.get(category) or []:
            evidence = item.get("evidence") or {}
            if isinstance(evidence, dict) and isinstance(evidence.get("quote"), str):
                yield evidence["quote"]


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
