"""Every error summarise raises on purpose.

    SummariseError
    ├── InputError            an article cannot be read or holds no text
    ├── PromptError           a prompt template or example is missing or invalid
    ├── ConfigError           options that cannot work together (e.g. no API key)
    ├── BusyError             another batch is writing to the same output folder
    ├── BackendError          the LLM endpoint could not answer
    │   ├── EndpointError     failed, kept failing after retries, or answered past a bound
    │   │   └── UnreachableError  nothing listens there: every article would fail the same way
    │   └── EmbeddedError     the embedded model or its server is unavailable
    ├── ExtractionError       the model's answers never validated
    └── AnswersMissing        summary_from() lacks answers to some of the article's requests

SDK errors are wrapped with ``raise ... from e``; only the CLI turns these into
messages for people. A message names a setting through `setting()`: `str(error)` shows the
parameter's name, as a library user passes it; the CLI shows its flag instead (`worded`).
"""

from __future__ import annotations

import re
from typing import Callable

SETTING = re.compile(r"\{setting:(\w+)\}")


def setting(name: str) -> str:
    """A setting named in a message: `name` for the Python API, its flag on the command line."""
    return f"{{setting:{name}}}"


class SummariseError(Exception):
    """Root of every error summarise raises on purpose."""

    kind = "error"

    def __str__(self) -> str:
        return self.worded(lambda name: f"`{name}`")

    def worded(self, name_setting: Callable[[str], str]) -> str:
        return SETTING.sub(lambda m: name_setting(m.group(1)), super().__str__())


class InputError(SummariseError):
    kind = "input"

    def __init__(self, source: str, problem: str):
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class PromptError(SummariseError):
    kind = "prompt"


class ConfigError(SummariseError):
    kind = "config"


class BusyError(SummariseError):
    kind = "busy"


class BackendError(SummariseError):
    kind = "backend"


class EndpointError(BackendError):
    kind = "endpoint"


class UnreachableError(EndpointError):
    kind = "unreachable"


class EmbeddedError(BackendError):
    kind = "embedded"


class ExtractionError(SummariseError):
    kind = "extraction"


class AnswersMissing(SummariseError):
    kind = "answers_missing"

    def __init__(self, message: str, requests: list[dict]):
        super().__init__(message)
        self.requests = requests  # the batch-file lines still to be answered


class StoreError(SummariseError):
    """The SQLite store cannot be opened or written; the JSON files in OUT are untouched."""

    kind = "store"

