"""summarise: grounded, structured records from defence and geopolitics news.

    from summarise import Summariser, EndpointConfig
    with Summariser() as s:                                   # the embedded model, started once
        summaries = [s.summarise(text) for text in texts]
    with Summariser(EndpointConfig(base_url=..., api_key=..., model=...)) as s:
        summary = s.summarise(text)
    summarise_text(text) is the one-article shorthand; summarise_folder(directory, out) the batch.

requests_for() and summary_from() are the two halves of a run through batch files (api.py).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("summarise")  # one place for the version: pyproject.toml
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+unknown"

# The names load on first use (PEP 562), so a process that needs one module (the embedded engine's server
# runs `python -m summarise.engine.server`) does not import openai, instructor and the pipeline first.
_EXPORTS = {
    "ArticleSummary": ".schema",
    "AnswersMissing": ".errors",
    "EndpointConfig": ".llm.backends",
    "Passes": ".extraction.prompts",
    "SummariseError": ".errors",
    "Summariser": ".api",
    "summarise_folder": ".api",
    "CallSettings": ".llm.client",
    "ServerSettings": ".engine.embedded",
    "Rule": ".extraction.rules",
    "requests_for": ".api",
    "summarise_file": ".api",
    "summarise_text": ".api",
    "summary_from": ".api",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'summarise' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(_EXPORTS[name], __name__), name)


def __dir__() -> list[str]:
    return [*globals(), *_EXPORTS]
