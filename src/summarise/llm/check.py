"""`summarise check`: which endpoint and model a run would use, whether it answers, and its context size,
without summarising anything."""

from __future__ import annotations

import time
from typing import Callable

import openai

from ..errors import SummariseError
from ..redaction import public_url, redact
from .backends import EndpointConfig, open_backend


def check_endpoint(config: EndpointConfig, worded: Callable[[SummariseError], str] = str) -> tuple[list[str], bool]:
    lines = described(config)
    started = time.perf_counter()
    try:
        with open_backend(config) as llm:
            if llm.before_request is not None:
                llm.before_request()
            answer = llm.client.chat.completions.create(
                model=llm.model, messages=[{"role": "user", "content": "Say OK."}], max_tokens=1, temperature=0)
            lines += [f"model:    {llm.model_label}",
                      f"answers:  yes, in {time.perf_counter() - started:.1f} s (model {answer.model!r})",
                      f"context:  {llm.context_tokens:,} tokens"
                      + ("" if config.context_tokens or not config.base_url else
                         " (the default; an endpoint does not say its own: give --context-tokens)")]
            return lines, True
    except SummariseError as e:
        return [*lines, "answers:  no", f"why:      {redact(worded(e))}"], False
    except (openai.APIError, OSError) as e:
        return [*lines, "answers:  no", f"why:      {redact(str(e)).splitlines()[0][:300]}"], False


def described(config: EndpointConfig) -> list[str]:
    if not config.base_url:
        return ["endpoint: embedded (llama.cpp's server on 127.0.0.1, started by the tool)"]
    return [f"endpoint: {public_url(config.base_url)}"]
