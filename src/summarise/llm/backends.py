"""Choosing the LLM: any OpenAI-compatible endpoint, or the embedded default."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from ipaddress import ip_address
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import parse_qsl, urlsplit

import openai

from .bounds import bound_hooks
from ..settings import DEFAULT_MAX_ANSWER_BYTES, endpoint_from_environment
from .client import DEFAULT_CONTEXT_TOKENS, LLM, CallSettings, Constraint, Dialect
from ..engine.embedded import MODEL_ALIAS, ServerSettings, embedded_server
from ..errors import ConfigError, setting
from ..redaction import public_url, register_secret, register_url_secrets
from .response_cache import ResponseCache

# The small model repeats its mistake when re-asked, so on the embedded model failing items are dropped
# with their reasons at once (docs/performance.md, "Decisions"); --max-retries turns re-asks back on.
EMBEDDED_REASKS = 0
# The schema's grammar slows every token and the small model writes the same JSON without it when the
# prompt shows the format (docs/performance.md); an answer that is not a JSON object is asked again
# under the grammar.
EMBEDDED_CONSTRAINT = Constraint.lazy
LOCAL_TIMEOUT_S = 900.0  # a 1.5B model on two cores can take minutes on a long article
REMOTE_TIMEOUT_S = 180.0


@dataclass(frozen=True)
class EndpointConfig:
    base_url: str | None = None
    api_key: str | None = None
    model: str | None = None
    timeout: float | None = None  # seconds per request; default depends on the endpoint
    context_tokens: int | None = None  # the remote model's context window
    call: CallSettings = field(default_factory=CallSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    response_cache: Path | None = None  # answers kept by request (response_cache.py)
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES

    @classmethod
    def from_env(cls, **overrides) -> EndpointConfig:
        given = {k: v for k, v in overrides.items() if v is not None}
        return cls(**{**endpoint_from_environment(), **given})


@contextmanager
def open_backend(config: EndpointConfig) -> Iterator[LLM]:
    if config.base_url:
        yield with_response_cache(remote_llm(config), config.response_cache)
        return
    with embedded_server(config.server, lazy=config.response_cache is not None) as server:
        llm = embedded_llm(server.base_url, config.timeout or LOCAL_TIMEOUT_S, server.model_path.name,
                           config.call, config.server.context_size, config.max_answer_bytes)
        llm.before_request = server.ensure_started
        yield with_response_cache(llm, config.response_cache)


def with_instructions(config: EndpointConfig, system_message: str) -> EndpointConfig:
    """The embedded engine told the instructions every prompt starts with, framed as ChatML (the bundled
    model's template), so a new process restores them instead of evaluating them (engine/server.py)."""
    if config.base_url:
        return config
    prefix = f"<|im_start|>system\n{system_message}<|im_end|>\n<|im_start|>user\n"
    return replace(config, server=replace(config.server, prefix=prefix))


def with_response_cache(llm: LLM, directory: Path | None) -> LLM:
    if directory is not None:
        llm.response_cache = ResponseCache(directory, llm.model_label)
    return llm


def embedded_llm(base_url: str, timeout: float, model_label: str, settings: CallSettings,
                 context_tokens: int, max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES) -> LLM:
    """The client for the embedded server, with its defaults (also what cassettes replay against)."""
    client = openai_client(base_url, api_key="not-needed", timeout=timeout, max_answer_bytes=max_answer_bytes)
    return LLM(
        client=client,
        model=MODEL_ALIAS,
        endpoint="embedded",
        model_label=model_label,
        settings=settings,
        dialect=Dialect.llama_cpp,
        context_tokens=context_tokens,
        default_reasks=EMBEDDED_REASKS,
        default_constraint=EMBEDDED_CONSTRAINT,
        streams=True,
        frames_free_answers=True,
        default_questions=True,
        count_prompt_tokens=chatml_token_counter(client, base_url),
    )


def chatml_token_counter(client: openai.OpenAI, base_url: str) -> Callable[[list[dict[str, str]]], int]:
    """Prompt tokens of a streamed call, counted by the server's tokenizer (llama.cpp streams carry no usage).

    Messages are framed as ChatML, the template of the default model; another GGUF's template may
    differ from it by a few tokens a message.
    """
    url = base_url.removesuffix("/v1") + "/extras/tokenize/count"

    def count(messages: list[dict[str, str]]) -> int:
        framed = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
        try:
            reply = client.post(url, body={"input": framed + "<|im_start|>assistant\n"}, cast_to=object)
            return int(reply["count"])
        except (openai.APIError, KeyError, TypeError, ValueError):
            return 0  # the count is for the record only; the answer matters more

    return count


def remote_llm(config: EndpointConfig) -> LLM:
    shown = checked_url(config.base_url)
    local = is_loopback(config.base_url)
    if not (config.api_key or url_password(config.base_url)) and not local:
        raise ConfigError(f"{shown} needs an API key: set OPENAI_API_KEY or give {setting('api_key')}")
    if not config.model:
        raise ConfigError(f"no model named for the endpoint: set SUMMARISE_MODEL or give {setting('model')}")
    return LLM(
        client=openai_client(config.base_url, api_key=config.api_key or url_password(config.base_url) or "not-needed",
                             timeout=config.timeout or (LOCAL_TIMEOUT_S if local else REMOTE_TIMEOUT_S),
                             max_answer_bytes=config.max_answer_bytes),
        model=config.model,
        endpoint=shown,
        model_label=config.model,
        settings=config.call,
        context_tokens=config.context_tokens or DEFAULT_CONTEXT_TOKENS,
    )


def checked_url(base_url: str) -> str:
    """The endpoint as it may be recorded; its secrets registered for redaction. A URL that is not http(s)
    or does not parse is refused with an example of one that does."""
    try:
        register_url_secrets(base_url)
        parts = urlsplit(base_url)
        shown = public_url(base_url)
    except ValueError as e:
        raise ConfigError(f"the endpoint URL does not parse ({e}); it looks like https://api.example.com/v1") from e
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{shown or 'the endpoint URL'} is not an http(s) URL; the endpoint looks like "
                          "https://api.example.com/v1")
    return shown


def openai_client(base_url: str, api_key: str, timeout: float,
                  max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES) -> openai.OpenAI:
    """tenacity owns retries; every answer ends within `timeout` seconds in all (bounds.py); loopback
    bypasses any proxy set in the environment."""
    register_secret(api_key)
    http_client = openai.DefaultHttpxClient(trust_env=not is_loopback(base_url),
                                            event_hooks=bound_hooks(timeout, max_answer_bytes))
    return openai.OpenAI(base_url=public_url(base_url), api_key=api_key, timeout=timeout, max_retries=0,
                         http_client=http_client, default_query=dict(parse_qsl(urlsplit(base_url).query)) or None)


def url_password(url: str) -> str | None:
    """A key given as the URL's user info (`https://user:KEY@host/v1`) is sent as the key, not in the URL."""
    return urlsplit(url).password or None


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
