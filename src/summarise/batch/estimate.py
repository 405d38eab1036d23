"""What a batch will cost, before any call: requests, input tokens and expected output tokens.

Input tokens are counted with the model's own tokenizer when it is at hand (the embedded GGUF's
vocabulary, loaded without its weights), otherwise with the estimate used for splitting long
articles. Output tokens are expected to be as many as the few-shot examples' answers for the same
passes: what the model is shown is what it writes.
"""

from __future__ import annotations

import os
import statistics
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..extraction.prompts import PromptSet
from ..pipeline import TEMPLATE_TOKENS_PER_MESSAGE, article_budget_for
from ..reading.article import Article
from ..reading.chunks import estimate_tokens, split_for_context

TokenCounter = Callable[[str], int]


@dataclass
class ArticleCost:
    article_id: str
    requests: int
    input_tokens: int
    output_tokens: int


@dataclass
class Estimate:
    articles: list[ArticleCost]
    tokenizer: str

    def lines(self) -> list[str]:
        if not self.articles:
            return ["nothing to do: every article's output is up to date"]
        count = len(self.articles)
        inputs = [a.input_tokens for a in self.articles]
        outputs = [a.output_tokens for a in self.articles]
        return [
            f"{count} articles to do, {sum(a.requests for a in self.articles)} requests "
            f"(tokens counted with {self.tokenizer})",
            f"input tokens:  {sum(inputs):,} in all, {statistics.mean(inputs):,.0f} per article "
            f"(median {statistics.median(inputs):,.0f}, largest {max(inputs):,})",
            f"output tokens: {sum(outputs):,} expected in all, {statistics.mean(outputs):,.0f} per article",
        ]


def estimate(todo: list[tuple[str, Article]], prompts: PromptSet, context_tokens: int, max_tokens: int,
             count: TokenCounter = estimate_tokens, tokenizer: str = "the estimate of 3 bytes a token") -> Estimate:
    expected_output = {categories: statistics.mean(count(e.answer(categories)) for e in prompts.examples)
                       if prompts.examples else max_tokens // 4 for categories in prompts.passes}
    costs = []
    for article_id, article in todo:
        excerpts = split_for_context(article, article_budget_for(article, prompts, context_tokens, max_tokens))
        requests = [(excerpt, categories) for excerpt in excerpts for categories in prompts.passes]
        inputs = sum(count(m["content"]) + TEMPLATE_TOKENS_PER_MESSAGE
                     for excerpt, categories in requests for m in prompts.messages(excerpt, categories))
        outputs = sum(round(expected_output[categories]) for _, categories in requests)
        costs.append(ArticleCost(article_id, len(requests), inputs, outputs))
    return Estimate(costs, tokenizer)


@contextmanager
def native_stderr_silenced():
    saved = os.dup(2)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def gguf_token_counter(model_path: Path) -> TokenCounter | None:
    """The embedded model's tokenizer, from its vocabulary alone (no weights loaded); None without the engine."""
    try:
        from llama_cpp import Llama
    except ImportError:
        return None
    with native_stderr_silenced():  # llama.cpp writes its loading notes to the process's stderr
        vocabulary = Llama(model_path=str(model_path), vocab_only=True, verbose=False)
    return lambda text: len(vocabulary.tokenize(text.encode("utf-8"), add_bos=False, special=True))
