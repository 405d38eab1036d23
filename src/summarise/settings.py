"""The choices and defaults a user can set, kept apart from the modules that use them, so that the
command line's help imports nothing heavy (no openai, instructor or pydantic models)."""

from __future__ import annotations

import os
from enum import StrEnum


class Passes(StrEnum):
    """How an article is asked for: the passes of passes.txt, or all of it in one request."""

    focused = "focused"  # one request a line of passes.txt: what a small model gets right
    one = "one"  # one request for the whole schema: a third of the input tokens, for strong models


class Constraint(StrEnum):
    """How tightly the server constrains the answer."""

    schema = "schema"  # a grammar built from the JSON schema
    json = "json"  # any JSON object
    none = "none"  # free text, parsed and re-asked on errors
    lazy = "lazy"  # free text first; the schema grammar only for an answer that is not a JSON object


DEFAULT_CONTEXT_TOKENS = 8192  # for remote endpoints; every current hosted model has at least this
DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024  # a full answer is a few kilobytes
# A long news article is under 100 KB; a 50 MB file would be thousands of paid requests.
DEFAULT_MAX_ARTICLE_BYTES = 1_000_000
MAX_REQUESTS_PER_FILE = 50_000  # a Batch API file's limits at OpenAI
MAX_BYTES_PER_FILE = 200 * 1024 * 1024


# The environment, read here and in the command line only.
RULES_OFF_ENV = "SUMMARISE_RULES_OFF"
PROMPTS_ENV = "SUMMARISE_PROMPTS_DIR"
CACHE_DIR_ENV = "SUMMARISE_CACHE_DIR"
MODEL_PATH_ENV = "SUMMARISE_MODEL_PATH"


def from_environment(name: str) -> str | None:
    """A setting the environment gives, or None when it is unset or empty."""
    return os.environ.get(name) or None


def endpoint_from_environment() -> dict[str, str]:
    """The endpoint settings the OpenAI SDK's own variables give, and the model."""
    found = {"base_url": from_environment("OPENAI_BASE_URL"), "api_key": from_environment("OPENAI_API_KEY"),
             "model": from_environment("SUMMARISE_MODEL")}
    return {key: value for key, value in found.items() if value}
