"""An evaluation as lines for people: a row per article, then the totals."""

from __future__ import annotations

from .scoring import CATEGORIES, ArticleScore, Evaluation


def evaluation_lines(evaluation: Evaluation) -> list[str]:
    width = max([len(a.name) for a in evaluation.articles] + [24])
    lines = [article_line(a, width) for a in evaluation.articles]
    for category in CATEGORIES:
        total = evaluation.total(category)
        lines.append(f"{category:13s} P {total.precision:.2f}  R {total.recall:.2f}  F1 {total.f1:.2f}"
                     f"  ({total.found} of {total.required} required found, {total.right} of {total.predicted} right)")
    quotes = sum(a.quotes for a in evaluation.articles)
    located = sum(a.quotes_located for a in evaluation.articles)
    lines.append(f"macro F1 {evaluation.macro_f1:.3f}  reversed deals {sum(a.reversed_deals for a in evaluation.articles)}"
                 f"  missing summaries {evaluation.missing}  evidence located {located} of {quotes}")
    return lines


def article_line(article: ArticleScore, width: int) -> str:
    if article.summary is None:
        return f"{article.name:{width}s}  no summary in OUT"
    cells = "  ".join(f"{category[:5]} {t.found}/{t.required} ok {t.right}/{t.predicted}"
                      for category, t in article.tallies.items())
    flipped = f"  REVERSED {article.reversed_deals}" if article.reversed_deals else ""
    return f"{article.name:{width}s}  {cells}{flipped}"
