"""summarise: grounded, structured records from defence and geopolitics news.

    from summarise import summarise_text, EndpointConfig
    summary = summarise_text(open("article.txt").read())                 # the embedded model
    summary = summarise_text(text, EndpointConfig(base_url=..., api_key=..., model=...))

requests_for() and summary_from() are the two halves of a run through batch files (api.py).
"""

__version__ = "0.1.0"

from .api import requests_for, summarise_file, summarise_text, summary_from  # noqa: E402
from .errors import AnswersMissing, SummariseError  # noqa: E402
from .extraction.prompts import Passes  # noqa: E402
from .llm.backends import EndpointConfig  # noqa: E402
from .schema import ArticleSummary  # noqa: E402

__all__ = ["ArticleSummary", "AnswersMissing", "EndpointConfig", "Passes", "SummariseError", "requests_for",
           "summarise_file", "summarise_text", "summary_from"]
