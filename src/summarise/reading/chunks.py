"""Articles longer than the context: overlapping excerpts on paragraph boundaries.

An excerpt keeps the whole article's text and sentence numbers, so what the
model cites in any excerpt is already an offset into the whole article.
"""

from __future__ import annotations

from typing import Callable

from .article import Article, Sentence

TokenCounter = Callable[[str], int]
OVERLAP_PARAGRAPHS = 1


def estimate_tokens(text: str) -> int:
    """A safe estimate when the model's tokenizer is not at hand: English runs 4+ characters a token."""
    return len(text.encode("utf-8")) // 3 + 1


def paragraphs(article: Article) -> list[list[int]]:
    """Indexes of the article's sentences, grouped by the line (paragraph) they sit on."""
    groups: list[list[int]] = []
    previous: Sentence | None = None
    for index, sentence in enumerate(article.sentences):
        if previous is None or "\n" in article.text[previous.end : sentence.start]:
            groups.append([])
        groups[-1].append(index)
        previous = sentence
    return groups


def split_for_context(article: Article, budget: int, count: TokenCounter = estimate_tokens) -> list[Article]:
    """The article itself when it fits the token budget, otherwise overlapping excerpts that each do."""
    if count(article.numbered()) <= budget:
        return [article]
    pieces = [piece for group in paragraphs(article) for piece in _fit(article, group, budget, count)]
    sizes = [count(article.excerpt(p[0], p[-1]).numbered()) + 1 for p in pieces]
    excerpts, start = [], 0
    while start < len(pieces):
        end, used = start, sizes[start]
        while end + 1 < len(pieces) and used + sizes[end + 1] <= budget:
            end += 1
            used += sizes[end]
        excerpts.append(article.excerpt(pieces[start][0], pieces[end][-1]))
        if end + 1 >= len(pieces):
            break
        start = max(end + 1 - OVERLAP_PARAGRAPHS, start + 1)
    return excerpts


def _fit(article: Article, group: list[int], budget: int, count: TokenCounter) -> list[list[int]]:
    """A paragraph too long for the budget is cut between sentences."""
    if count(article.excerpt(group[0], group[-1]).numbered()) <= budget:
        return [group]
    pieces: list[list[int]] = [[]]
    used = 0
    for index in group:
        size = count(article.excerpt(index, index).numbered()) + 1
        if pieces[-1] and used + size > budget:
            pieces.append([])
            used = 0
        pieces[-1].append(index)
        used += size
    return pieces
