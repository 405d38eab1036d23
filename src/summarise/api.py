"""The tool as a library: one call for one article, and the two halves that batch files use.

    summarise_text(text, config)          the summary of one article, through any endpoint
    requests_for(text, model=...)         the requests the article needs next, as batch-file lines
    summary_from(text, answers, model=...)   the summary from the answers to those requests

The halves call no model: a pipeline (Ray Data, Airflow, a notebook) sends the lines however it
likes and hands the answers back. With focused passes an article needs its requests in rounds
(each pass uses the actors found before it): call requests_for again with the answers so far
until it returns nothing. Every answer goes through the same grounding and validation as in the
CLI; an answer that fails validation is not asked again here (there is no endpoint), its valid
items are kept and the others dropped with reasons.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import openai
from openai.types.chat import ChatCompletion

from .errors import AnswersMissing
from .extraction.prompts import Passes, load_prompts
from .llm.backends import EndpointConfig, open_backend, with_instructions
from .llm.client import LLM, CallSettings
from .llm.deferred import AnswerNeeded, Deferral, Needed
from .llm.response_cache import ResponseCache
from .pipeline import summarise_article
from .reading.article import Article, article_from_text, load_article
from .schema import ArticleSummary


def summarise_text(text: str, config: EndpointConfig | None = None, passes: Passes | str | None = None,
                   source: str = "<text>") -> ArticleSummary:
    """One article's summary. Without a config, the environment's endpoint, else the embedded model."""
    return _summarise(article_from_text(text, source), config, passes)


def summarise_file(path: str | Path, config: EndpointConfig | None = None,
                   passes: Passes | str | None = None) -> ArticleSummary:
    """One article file's summary (text, Markdown or HTML)."""
    return _summarise(load_article(Path(path)), config, passes)


def requests_for(article: str | Article, model: str, answers: Mapping[str, Any] | None = None,
                 passes: Passes | str = Passes.one, source: str = "<text>") -> list[dict[str, Any]]:
    """The batch-file lines ({"custom_id", "method", "url", "body"}) the article needs next, given the
    answers so far (custom id -> chat completion, or a results-file line); [] when it needs none."""
    try:
        _replay(_article(article, source), model, answers or {}, passes)
    except AnswersMissing as missing:
        return missing.requests
    return []


def summary_from(article: str | Article, answers: Mapping[str, Any], model: str,
                 passes: Passes | str = Passes.one, source: str = "<text>") -> ArticleSummary:
    """The summary from the answers to the article's requests (custom id -> chat completion, or a
    results-file line). Raises AnswersMissing, with the requests still needed, if some are missing."""
    return _replay(_article(article, source), model, answers, passes)


def _summarise(article: Article, config: EndpointConfig | None, passes: Passes | str | None) -> ArticleSummary:
    config = config or EndpointConfig.from_env()
    prompts = load_prompts(passes=passes or (Passes.one if config.base_url else Passes.focused))
    with open_backend(with_instructions(config, prompts.system_message)) as llm:
        return summarise_article(article, llm, prompts)


def _article(article: str | Article, source: str) -> Article:
    return article if isinstance(article, Article) else article_from_text(article, source)


def _replay(article: Article, model: str, answers: Mapping[str, Any], passes: Passes | str) -> ArticleSummary:
    prompts = load_prompts(passes=passes)
    store = AnswersInMemory(directory=Path(), model_label=model)
    llm = offline_llm(model, store)
    while True:
        try:
            return summarise_article(article, llm, prompts)
        except AnswerNeeded as needed:
            request = Needed(article.source, needed.key, needed.body, needed.task)
            answer = answers.get(request.custom_id)
            if answer is None:
                raise AnswersMissing(f"{article.source}: no answer for {request.custom_id}", [request.line()])
            store.put(needed.key, ChatCompletion.model_validate(completion_of(answer)))


def completion_of(answer: Any) -> Any:
    """A chat completion, whether given as one or as a line of a batch results file."""
    if isinstance(answer, dict) and "response" in answer:
        return (answer["response"] or {}).get("body")
    return answer


def offline_llm(model: str, store: ResponseCache) -> LLM:
    client = openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="offline", max_retries=0)  # never called
    return LLM(client=client, model=model, endpoint="batch", model_label=model,
               settings=CallSettings(max_retries=0), response_cache=store, deferral=Deferral())


@dataclass(frozen=True)
class AnswersInMemory(ResponseCache):
    """The answer store of one article's replay."""

    answers: dict[str, ChatCompletion] = field(default_factory=dict)

    def get(self, key: str) -> ChatCompletion | None:
        return self.answers.get(key)

    def put(self, key: str, completion: ChatCompletion) -> None:
        self.answers[key] = completion

    def has(self, key: str) -> bool:
        return key in self.answers
