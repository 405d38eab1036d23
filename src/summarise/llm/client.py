"""Schema-constrained calls: openai for the wire, instructor for re-asks, tenacity for faults."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from enum import StrEnum
from contextlib import AbstractContextManager
from typing import Any, Callable, Protocol

import httpx2
import instructor
import openai
from instructor.core import IncompleteOutputException, InstructorRetryException
from json_repair import repair_json
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletion, ChatCompletionMessage
from openai.types.chat.chat_completion import Choice
from pydantic import BaseModel, ValidationError
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from .answer_stream import Answer, read_answer
from .bounds import AnswerBoundExceeded
from .deferred import AnswerNeeded, CallContext, Deferral, wire_body
from ..errors import ConfigError, EndpointError, ExtractionError, SummariseError, UnreachableError
from ..redaction import redact
from .response_cache import ResponseCache
from ..schema import Usage
from ..settings import DEFAULT_CONTEXT_TOKENS, Constraint

TRANSIENT_STATUS = {408, 409, 425, 429}
MAX_RETRY_AFTER_S = 60.0
TOP_LOGPROBS = 20  # the OpenAI API's maximum

log = logging.getLogger(__name__)


class Dialect(StrEnum):
    openai = "openai"
    llama_cpp = "llama_cpp"  # wants response_format {"type": "json_object", "schema": ...}


@dataclass(frozen=True)
class CallSettings:
    max_retries: int | None = None  # re-asks after a validation failure; None: the backend's default
    max_tokens: int = 1024  # caps a looping model
    transient_attempts: int = 6
    temperature: float = 0.0
    constraint: Constraint | None = None  # None: the backend's default
    questions: bool | None = None  # narrow questions read from log-probabilities; None: the backend's default



class _HandledByTheTool(logging.Filter):
    """instructor logs an ERROR when an attempt fails or its attempts end; this client handles each of those
    exceptions itself (the valid items salvaged, a request deferred to a batch file, an endpoint error) and
    says so in its own words, so instructor's lines are kept for -v only: DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


logging.getLogger("instructor.v2.retry").addFilter(_HandledByTheTool())


class AnswerChecks(Protocol):
    """What an answer is validated against while it is asked for: the caller's business (the extraction
    layer checks grounding in the article), opaque here."""

    def applied(self) -> AbstractContextManager[None]: ...

    def lenient(self) -> AnswerChecks: ...

    def as_validation_context(self) -> dict: ...


@dataclass
class PassAnswer:
    """One pass's answer: the model's draft, and what the calls for it cost."""

    draft: BaseModel
    usage: Usage  # paid for: answers from the response cache count no tokens
    attempts: int
    seconds: float = 0.0
    cached: int = 0  # answers of these attempts that came from the response cache
    answered_by: str | None = None  # the model the answer names, when not the one asked


@dataclass
class Probed:
    """A one-token answer's likeliest first tokens and their log-probabilities; None when the endpoint gave none."""

    logprobs: dict[str, float] | None
    usage: Usage
    seconds: float


@dataclass
class LLM:
    client: openai.OpenAI
    model: str
    endpoint: str  # 'embedded' or the base URL, for provenance and messages
    model_label: str  # what produced the answers, for provenance and skip keys
    settings: CallSettings = field(default_factory=CallSettings)
    dialect: Dialect = Dialect.openai
    context_tokens: int = DEFAULT_CONTEXT_TOKENS  # the model's window: prompt, article and answer
    default_reasks: int = 1
    default_constraint: Constraint = Constraint.schema
    streams: bool = False  # read answers as they stream and stop a looping one (answer_stream.py)
    count_prompt_tokens: Callable[[list[dict[str, str]]], int] | None = None  # streamed answers carry no usage
    response_cache: ResponseCache | None = None
    before_request: Callable[[], None] | None = None  # e.g. start the embedded server on the first cache miss
    deferral: Deferral | None = None  # first attempts wait for a batch of requests (deferred.py)
    frames_free_answers: bool = False  # the server forces the schema's frame of a free answer (framed_decoding.py)
    default_questions: bool = False  # worth it where the article's prefix is cached: the embedded engine
    gives_logprobs: bool | None = None  # None until a first answer shows whether the endpoint returns them

    @property
    def reasks(self) -> int:
        return self.settings.max_retries if self.settings.max_retries is not None else self.default_reasks

    @property
    def asks_questions(self) -> bool:
        return self.settings.questions if self.settings.questions is not None else self.default_questions

    @property
    def constraint(self) -> Constraint:
        return self.settings.constraint or self.default_constraint

    def extract(self, messages: list[dict[str, str]], response_model: type[BaseModel], checks: AnswerChecks,
                label: str = "") -> PassAnswer:
        """One schema-constrained answer, re-asked with reasons while it fails its checks; `label` names the
        request in batch files."""
        started = time.perf_counter()
        calls = CallCounter(self._create_with_retries, label)
        create = instructor.patch(create=calls, mode=instructor.Mode.JSON_SCHEMA)
        try:
            with checks.applied():
                extraction = create(
                    model=self.model,
                    messages=messages,
                    response_model=response_model,
                    max_retries=self.reasks,
                    strict=False,
                    max_tokens=self.settings.max_tokens,
                    temperature=self.settings.temperature,
                )
        except AnswerNeeded:
            raise
        except InstructorRetryException as e:
            if isinstance(e.__cause__, AnswerNeeded):
                raise e.__cause__ from None
            salvaged = self._salvage(e, response_model, checks.lenient(), calls)
            salvaged.seconds = time.perf_counter() - started
            return salvaged
        except IncompleteOutputException as e:
            raise ExtractionError(
                f"the answer hit the cap of {self.settings.max_tokens} output tokens before it was complete"
            ) from e
        return PassAnswer(draft=extraction, usage=calls.usage, attempts=calls.count,
                         seconds=time.perf_counter() - started, cached=calls.cached,
                         answered_by=calls.answered_by)

    def _create_with_retries(self, call: CallContext, **kwargs: Any) -> Any:
        if self.constraint is not Constraint.lazy:
            return self._create_constrained(kwargs, self.constraint, call=call)
        free = self._create_constrained(kwargs, Constraint.none, call=call)
        answer = json_object_text(completion_text(free))
        if answer is not None:
            free.choices[0].message.content = answer
            return free
        log.info("the free answer is not a JSON object; asking again under the schema grammar")
        return with_usage_of(self._create_constrained(kwargs, Constraint.schema, call=call), free)

    def first_token_logprobs(self, messages: list[dict[str, str]], top: int = TOP_LOGPROBS) -> Probed:
        """The log-probabilities of the likeliest first tokens of the answer, by token text.

        An endpoint that returns none (not every server implements `logprobs`) is not asked again.
        """
        started = time.perf_counter()
        if self.gives_logprobs is False:
            return Probed(logprobs=None, usage=Usage(), seconds=0.0)
        try:
            completion = self._create_constrained(
                {"model": self.model, "messages": messages, "max_tokens": 1, "temperature": 0.0,
                 "logprobs": True, "top_logprobs": top}, Constraint.none, stream=False, call=CallContext("question"))
        except (EndpointError, ConfigError) as e:  # a question refines an answer; it never costs the article
            log.info("a question to %s failed (%s); questions are skipped", self.endpoint, e)
            self.gives_logprobs = False
            return Probed(logprobs=None, usage=Usage(), seconds=time.perf_counter() - started)
        found = top_logprobs_of(completion)
        if found is None:
            log.info("the endpoint %s returns no log-probabilities; questions are skipped", self.endpoint)
            self.gives_logprobs = False
        return Probed(logprobs=found, usage=usage_of(completion), seconds=time.perf_counter() - started)

    def _create_constrained(self, kwargs: dict[str, Any], constraint: Constraint, stream: bool | None = None,
                            call: CallContext = CallContext()) -> Any:
        kwargs = adapt_response_format(kwargs, constraint, self.dialect, self.frames_free_answers)
        if self.response_cache is None:
            return self._create_riding_out_faults(kwargs, stream)
        key = self.response_cache.key(kwargs)
        cached = self.response_cache.get(key)
        if cached is not None:
            return unpaid(cached)
        if self.deferral is not None and call.attempt == 1 and key not in self.deferral.send_now:
            raise AnswerNeeded(key, wire_body(kwargs), call.task)
        completion = self._create_riding_out_faults(kwargs, stream)
        self.response_cache.put(key, completion)
        return completion

    def _create_riding_out_faults(self, kwargs: dict[str, Any], stream: bool | None = None) -> Any:
        if self.before_request is not None:
            self.before_request()
        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            wait=wait_retry_after_or_backoff,
            stop=stop_after_attempt(self.settings.transient_attempts),
            reraise=True,
        )
        try:
            streams = self.streams if stream is None else stream
            completion = retrying(self._stream_completion if streams else self._post_completion, **kwargs)
        except AnswerBoundExceeded as e:
            raise EndpointError(f"the LLM endpoint {self.endpoint}: {e}") from e
        except openai.APIError as e:
            raise endpoint_error(e, self.endpoint) from e
        if not getattr(completion, "choices", None):
            raise EndpointError(f"the LLM endpoint {self.endpoint} answered with something that is not a chat "
                                f"completion: {first_line(redact(str(completion)))[:120]!r}")
        return completion

    def _post_completion(self, **kwargs: Any) -> ChatCompletion:
        """The request sent as its JSON body. openai's create() walks every parameter through its type
        transforms, a millisecond or more a call: the largest share of the tool's own CPU per request."""
        return self.client.post("/chat/completions", body=wire_body(kwargs), cast_to=ChatCompletion)

    def _stream_completion(self, **kwargs: Any) -> ChatCompletion:
        """The answer read as it streams, stopped where it starts repeating, as one completion."""
        with self.client.chat.completions.create(**kwargs, stream=True) as stream:
            answer = read_answer((chunk.choices[0].delta.content or "", chunk.choices[0].finish_reason)
                                 for chunk in stream if chunk.choices)
        if answer.ending != "stop":
            log.info("answer %s after %d tokens; kept its complete items", answer.ending, answer.tokens)
        prompt_tokens = self.count_prompt_tokens(kwargs["messages"]) if self.count_prompt_tokens else 0
        return completion_from(answer, kwargs["model"], prompt_tokens)

    def _salvage(self, error: InstructorRetryException, response_model: type[BaseModel], lenient: AnswerChecks,
                 calls: CallCounter) -> PassAnswer:
        """After the re-asks: keep the last answer's valid items, drop the rest with reasons."""
        cause = error.__cause__
        if isinstance(cause, SummariseError):
            raise cause
        if isinstance(cause, openai.APIError):
            raise endpoint_error(cause, self.endpoint) from cause
        text = completion_text(error.last_completion)
        try:
            extraction = response_model.model_validate_json(text, context=lenient.as_validation_context(), strict=False)
        except (ValidationError, ValueError) as e:
            raise ExtractionError(
                f"no valid answer after {calls.count} attempts: {in_words(cause or error)}"
            ) from e
        return PassAnswer(draft=extraction, usage=calls.usage, attempts=calls.count, cached=calls.cached,
                         answered_by=calls.answered_by)


class CallCounter:
    """Counts the model's answers and their tokens for one extraction."""

    def __init__(self, create: Callable[..., Any], task: str = ""):
        self._create, self.task = create, task
        self.count = 0
        self.cached = 0
        self.answered_by: str | None = None  # the model the answer says wrote it, when not the one asked
        self.usage = Usage()

    def __call__(self, **kwargs: Any) -> Any:
        completion = self._create(CallContext(self.task, self.count + 1), **kwargs)
        self.count += 1
        self.cached += bool(getattr(completion, FROM_CACHE, False))
        answered_by = getattr(completion, "model", None)
        if isinstance(answered_by, str) and answered_by and answered_by != kwargs.get("model"):
            self.answered_by = answered_by
        if getattr(completion, "usage", None):
            u = completion.usage
            self.usage = self.usage + Usage(
                prompt_tokens=u.prompt_tokens or 0,
                completion_tokens=u.completion_tokens or 0,
                total_tokens=u.total_tokens or 0,
            )
        return completion


def json_object_text(text: str) -> str | None:
    """The answer as a JSON object, mended if need be; None when there is no object to mend.

    Small models copy quoted phrases without escaping them ("system":""safe city" projects"):
    mending that locally costs nothing, asking again under the grammar costs a second answer.
    """
    try:
        if isinstance(json.loads(text), dict):
            return text
    except ValueError:
        pass
    mended = repair_json(text, return_objects=True)
    if isinstance(mended, dict) and mended:
        log.info("mended a free answer that was not valid JSON")
        return json.dumps(mended, ensure_ascii=False)
    return None


def top_logprobs_of(completion: Any) -> dict[str, float] | None:
    """The first answer token's alternatives, by token text: the chat format (`content[0].top_logprobs`) or the
    completions format some servers answer with (`top_logprobs[0]`, a mapping)."""
    try:
        logprobs = completion.choices[0].logprobs
    except (AttributeError, IndexError, TypeError):
        return None
    raw = logprobs.model_dump() if hasattr(logprobs, "model_dump") else logprobs
    if not isinstance(raw, dict):
        return None
    content = raw.get("content") or []
    if content and isinstance(content[0], dict):
        alternatives = content[0].get("top_logprobs") or [content[0]]
        return {a["token"]: float(a["logprob"]) for a in alternatives if isinstance(a, dict) and "token" in a}
    legacy = raw.get("top_logprobs") or []
    if legacy and isinstance(legacy[0], dict):
        return {str(k): float(v) for k, v in legacy[0].items()}
    return None


FROM_CACHE = "summarise_from_cache"  # an extra field of a completion read from the response cache


def unpaid(completion: ChatCompletion) -> ChatCompletion:
    """A cached answer as this run got it: no tokens paid, and marked as from the cache."""
    return ChatCompletion.model_validate({**completion.model_dump(), FROM_CACHE: True,
                                          "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}})


def usage_of(completion: Any) -> Usage:
    u = getattr(completion, "usage", None)
    if not u:
        return Usage()
    return Usage(prompt_tokens=u.prompt_tokens or 0, completion_tokens=u.completion_tokens or 0,
                 total_tokens=u.total_tokens or 0)


def with_usage_of(completion: Any, earlier: Any) -> Any:
    """The completion, its usage counting an earlier one's too (both calls were paid for)."""
    if getattr(completion, "usage", None) and getattr(earlier, "usage", None):
        a, b = completion.usage, earlier.usage
        completion.usage = CompletionUsage(prompt_tokens=a.prompt_tokens + b.prompt_tokens,
                                           completion_tokens=a.completion_tokens + b.completion_tokens,
                                           total_tokens=a.total_tokens + b.total_tokens)
    return completion


def completion_from(answer: Answer, model: str, prompt_tokens: int) -> ChatCompletion:
    return ChatCompletion(
        id=f"stream-{time.time_ns()}", object="chat.completion", created=int(time.time()), model=model,
        choices=[Choice(index=0, finish_reason="stop",
                        message=ChatCompletionMessage(role="assistant", content=answer.text))],
        usage=CompletionUsage(prompt_tokens=prompt_tokens, completion_tokens=answer.tokens,
                              total_tokens=prompt_tokens + answer.tokens),
    )


def adapt_response_format(kwargs: dict[str, Any], constraint: Constraint, dialect: Dialect,
                          frame: bool = False) -> dict[str, Any]:
    """The constraint as the server understands it.

    It travels in extra_body: the wire JSON is the same, and openai does not
    walk the whole JSON schema through its type transforms on every call.
    With `frame`, a free answer carries its schema as {"type": "text", "schema": ...}: no grammar,
    but the embedded server writes the keys and quotes the schema forces (framed_decoding.py).
    """
    kwargs = dict(kwargs)
    requested = kwargs.pop("response_format", None) or {}
    schema = requested.get("json_schema", {}).get("schema")
    response_format = None
    if constraint is Constraint.schema and schema is not None:
        response_format = {"type": "json_object", "schema": schema} if dialect is Dialect.llama_cpp else requested
    elif constraint is Constraint.json:
        response_format = {"type": "json_object"}
    elif constraint is Constraint.none and frame and schema is not None:
        response_format = {"type": "text", "schema": schema}
    if response_format is not None:
        kwargs["extra_body"] = {**(kwargs.get("extra_body") or {}), "response_format": response_format}
    return kwargs


def is_transient(error: BaseException) -> bool:
    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(error, openai.APIStatusError):
        return error.status_code in TRANSIENT_STATUS or error.status_code >= 500
    return False


_backoff = wait_random_exponential(multiplier=0.5, max=20)


def wait_retry_after_or_backoff(state: RetryCallState) -> float:
    """Honour the server's Retry-After on 429/503; otherwise exponential backoff with jitter."""
    error = state.outcome.exception() if state.outcome else None
    response = getattr(error, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(header), MAX_RETRY_AFTER_S) if header else _backoff(state)
    except ValueError:
        return _backoff(state)


def endpoint_error(error: openai.APIError, endpoint: str) -> Exception:
    if isinstance(error, openai.AuthenticationError):
        return ConfigError(f"{endpoint} rejected the API key (401); check OPENAI_API_KEY")
    if isinstance(error, openai.NotFoundError):
        return ConfigError(f"{endpoint}: model or path not found (404): {first_line(str(error))}")
    if isinstance(error, openai.APIConnectionError) and isinstance(error.__cause__, httpx2.ConnectError):
        return UnreachableError(f"cannot reach the LLM endpoint {endpoint}: {first_line(str(error.__cause__))}")
    if isinstance(error, (openai.APIConnectionError, openai.APITimeoutError)):
        return EndpointError(f"the LLM endpoint {endpoint} did not answer: {first_line(str(error))}")
    return EndpointError(f"the LLM endpoint {endpoint} failed: {first_line(redact(str(error)))}")


def completion_text(completion: Any) -> str:
    try:
        return completion.choices[0].message.content or ""
    except (AttributeError, IndexError, TypeError):
        return json.dumps(completion) if isinstance(completion, dict) else ""


def in_words(error: BaseException) -> str:
    """What was wrong with an answer, field by field: "quantity of acquisition 2: should be a number"."""
    if not isinstance(error, ValidationError):
        return first_line(redact(str(error)))
    problems = [f"{field_in_words(problem['loc'])}: {problem['msg']}" for problem in error.errors()[:3]]
    more = len(error.errors()) - len(problems)
    return "; ".join(problems) + (f"; and {more} more" if more > 0 else "")


def field_in_words(location: tuple) -> str:
    words: list[str] = []
    for part, following in zip(location, [*location[1:], None]):
        if isinstance(part, int):
            continue
        if isinstance(following, int):
            words.append(f"{part.removesuffix('s')} {following + 1}")
        else:
            words.append(str(part))
    return " of ".join(reversed(words)) or "the answer"


def first_line(text: str) -> str:
    return text.strip().splitlines()[0][:300] if text.strip() else "unknown error"
