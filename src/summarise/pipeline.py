"""One article in, one grounded ArticleSummary out."""

from __future__ import annotations

import time
from datetime import datetime, timezone

from . import __version__
from .article import Article
from .client import LLM
from .normalise import normalise
from .prompts import PromptSet
from .schema import SCHEMA_VERSION, ArticleSummary, Provenance


def summarise_article(article: Article, llm: LLM, prompts: PromptSet) -> ArticleSummary:
    started = time.perf_counter()
    extracted = llm.extract(prompts.messages(article), article)
    actors, acquisitions, stances, dropped = normalise(extracted.extraction, article)
    return ArticleSummary(
        summary=extracted.extraction.summary,
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
            usage=extracted.usage,
            attempts=extracted.attempts,
            seconds=round(time.perf_counter() - started, 3),
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )
