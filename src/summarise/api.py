"""The tool as a library: a client that serves many articles, one call for one article, a folder, and the
two halves that batch files use.

    with Summariser(config) as s:         the backend (the embedded server) starts once
        s.summarise(text)                 one article's summary; await s.asummarise(text) in async code
    summarise_text(text, config)          the summary of one article, through any endpoint
    summarise_folder(directory, out)      the batch without the CLI: resumable, the store kept in step
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

import asyncio
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import openai
from openai.types.chat import ChatCompletion

from .errors import AnswersMissing, ConfigError
from .extraction.prompts import Passes, load_prompts
from .extraction.rules import Rule, RuleSet
from .llm.backends import EndpointConfig, open_backend, with_instructions
from .llm.client import LLM, CallSettings
from .llm.deferred import AnswerNeeded, Deferral, Needed
from .engine.model_files import resolve_model_path
from .llm.response_cache import ResponseCache
from .batch.runner import Batch, RunReport, RunKey
from .pipeline import summarise_article
from .reading.article import Article, article_from_text, load_article
from .schema import ArticleSummary


class Summariser:
    """A long-lived client: its backend (for the embedded model, the local server) starts when the `with`
    block begins and serves every article until it ends. Safe to share between threads; `asummarise`
    runs up to `concurrency` articles at once in an event loop."""

    def __init__(self, config: EndpointConfig | None = None, passes: Passes | str | None = None,
                 rules_off: Iterable[Rule | str] = (), concurrency: int = 4):
        self.config = config or EndpointConfig.from_env()
        self.prompts = load_prompts(passes=passes or (Passes.one if self.config.base_url else Passes.focused))
        self.rules = RuleSet.without(rules_off)
        self.concurrency = concurrency
        self._stack: ExitStack | None = None
        self._llm: LLM | None = None
        self._slots: asyncio.Semaphore | None = None

    def __enter__(self) -> Summariser:
        self._stack = ExitStack()
        self._llm = self._stack.enter_context(open_backend(with_instructions(self.config,
                                                                            self.prompts.system_message)))
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    async def __aenter__(self) -> Summariser:
        return await asyncio.to_thread(self.__enter__)

    async def __aexit__(self, *exc_info) -> None:
        await asyncio.to_thread(self.close)

    def close(self) -> None:
        if self._stack is not None:
            self._stack.close()
        self._stack = self._llm = None

    def summarise(self, text: str, source: str = "<text>") -> ArticleSummary:
        return self._summarise(article_from_text(text, source))

    def summarise_file(self, path: str | Path) -> ArticleSummary:
        return self._summarise(load_article(Path(path)))

    async def asummarise(self, text: str, source: str = "<text>") -> ArticleSummary:
        """The same, without blocking the event loop; at most `concurrency` articles in flight."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
        async with self._slots:
            return await asyncio.to_thread(self.summarise, text, source)

    def _summarise(self, article: Article) -> ArticleSummary:
        if self._llm is None:
            raise ConfigError("the Summariser is not open: use it as `with Summariser(...) as s:`")
        return summarise_article(article, self._llm, self.prompts, self.rules)


def summarise_folder(directory: str | Path, out: str | Path, config: EndpointConfig | None = None,
                     jobs: int = 1, force: bool = False, passes: Passes | str | None = None,
                     rules_off: Iterable[Rule | str] = ()) -> RunReport:
    """Every article under `directory` into `out`, as `summarise batch` does: resumable (an article whose
    output is current is skipped), failures isolated in out/errors.jsonl, the store kept in step."""
    config = config or EndpointConfig.from_env()
    prompts = load_prompts(passes=passes or (Passes.one if config.base_url else Passes.focused))
    config = with_instructions(config, prompts.system_message)
    model = config.model if config.base_url else resolve_model_path(config.server.model_path).name
    key = RunKey(prompts.version, model or "", rules=RuleSet.without(rules_off))
    batch = Batch(source=Path(directory), out=Path(out), key=key, jobs=jobs, force=force)
    return batch.run(lambda: open_backend(config), prompts)


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
    with Summariser(config, passes) as summariser:
        return summariser._summarise(article)


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
