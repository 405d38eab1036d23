"""One article in, one grounded ArticleSummary out."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from . import __version__
from .article import Article
from .chunks import estimate_tokens, split_for_context
from .client import LLM, Extracted
from .digest import digest
from .draft import part_model
from .grounding import fold
from .normalise import normalise
from .prompts import PromptSet
from .schema import SCHEMA_VERSION, ArticleSummary, Provenance, Usage

TEMPLATE_TOKENS_PER_MESSAGE = 8  # chat-template markers around each message
SAFETY_MARGIN_TOKENS = 64


def summarise_article(article: Article, llm: LLM, prompts: PromptSet) -> ArticleSummary:
    started = time.perf_counter()
    excerpts = split_for_context(article, article_budget(article, llm, prompts))
    results = [result for excerpt in excerpts for result in extract_in_passes(excerpt, llm, prompts)]
    actors, acquisitions, stances, dropped = normalise([r.extraction for r in results], article)
    return ArticleSummary(
        title=article.title,
        summary=digest(acquisitions, stances),
        actors=actors,
        acquisitions=acquisitions,
        stances=stances,
        dropped=dropped,
        provenance=Provenance(
            tool_version=__version__,
            model=llm.model_label,
            endpoint=llm.endpoint,
            prompt_version=prompts.version,
            schema_version=SCHEMA_VERSION,
            article_sha256=article.sha256,
            source=article.source,
            usage=sum((r.usage for r in results), Usage()),
            attempts=sum(r.attempts for r in results),
            excerpts=len(excerpts),
            seconds=round(time.perf_counter() - started, 3),
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )


def extract_in_passes(article: Article, llm: LLM, prompts: PromptSet) -> list[Extracted]:
    """The prompt's passes in order; later passes know the actors found earlier."""
    results: list[Extracted] = []
    for categories in prompts.passes:
        known = {fold(a.name): a.kind for r in results for a in r.extraction.items("actors")}
        if results and not known and "actors" not in categories:
            break  # no one is named here (filler, an excerpt between stories): nothing to acquire or hold
        results.append(llm.extract(prompts.messages(article, categories), article, part_model(categories), known))
    return results


def article_budget(article: Article, llm: LLM, prompts: PromptSet) -> int:
    """Tokens left for the article once instructions, examples and the answer have their room."""
    messages = prompts.messages(article, max(prompts.passes, key=len))
    fixed = sum(estimate_tokens(m["content"]) + TEMPLATE_TOKENS_PER_MESSAGE for m in messages)
    fixed -= estimate_tokens(article.numbered())
    return llm.context_tokens - fixed - llm.settings.max_tokens - SAFETY_MARGIN_TOKENS
