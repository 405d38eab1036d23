"""summarise: grounded, structured records from defence and geopolitics news.

    from summarise import summarise_text, EndpointConfig
    summary = summarise_text(open("article.txt").read())                 # the embedded model
    summary = summarise_text(text, EndpointConfig(base_url=..., api_key=..., model=...))

requests_for() and summary_from() are the two halves of a run through batch files (api.py).
"""

__version__ = "0.1.0"

# The names load on first use (PEP 562), so a process that needs one module (the embedded engine's server
# runs `python -m summarise.llm.engine_server`) does not import openai, instructor and the pipeline first.
_EXPORTS = {
    "ArticleSummary": ".schema",
    "AnswersMissing": ".errors",
    "EndpointConfig": ".llm.backends",
    "Passes": ".extraction.prompts",
    "SummariseError": ".errors",
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
