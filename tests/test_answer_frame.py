"""The text an answer's schema forces, and the engine decoding inside that frame (offline: a fake engine)."""

from __future__ import annotations

import itertools

import pytest

from summarise.extraction.draft import part_model
from summarise.engine.answer_frame import AnswerFrame
from summarise.llm.client import Constraint, Dialect, adapt_response_format
from summarise.engine.framed_decoding import decode_in_frame, generating_in_the_frame, taking_the_frame

STANCE = '{"holder":"Ruth Okafor","target":"the radar deal","position":"support","sentence":4}'


@pytest.fixture(scope="module")
def stances() -> AnswerFrame:
    return AnswerFrame(part_model(("stances",)).model_json_schema())


@pytest.fixture(scope="module")
def acquisitions() -> AnswerFrame:
    return AnswerFrame(part_model(("acquisitions",)).model_json_schema())


def test_the_answer_opens_with_its_list_up_to_the_models_first_choice(stances):
    # `":[` would end inside the run `":[{"`, a single token of the model's
    assert stances.forced_after("") == '{"stances'


def test_keys_and_quotes_between_values_are_forced(stances):
    assert stances.forced_after('{"stances":[{"') == 'holder":"'
    assert stances.forced_after('{"stances":[{"holder":"Ruth Okafor","') == 'target":"'


def test_a_value_and_where_it_ends_are_the_models(stances):
    assert stances.forced_after('{"stances":[{"holder":"Ruth') == ""
    # a quote ending the text may be one left unescaped inside the value
    assert stances.forced_after('{"stances":[{"holder":"Ruth Okafor"') == ""


def test_an_enum_value_is_finished_once_its_first_letters_pick_it(stances):
    start = '{"stances":[{"holder":"Ruth Okafor","target":"the radar deal","position":"'
    assert stances.forced_after(start + "sup") == 'port","sentence":'
    assert stances.forced_after(start + "support") == '","sentence":'


def test_whether_the_list_goes_on_is_the_models(stances):
    assert stances.forced_after('{"stances":[' + STANCE) == ""
    assert stances.forced_after('{"stances":[' + STANCE + ',{"') == 'holder":"'
    assert stances.forced_after('{"stances":[' + STANCE + "]") == "}"
    assert stances.forced_after('{"stances":[' + STANCE + "]}") == ""


def test_a_nullable_value_leaves_its_quote_to_the_model(acquisitions):
    # `":"` is one token; forced `":` alone, the small model wrote null for a seller the article names
    assert acquisitions.forced_after('{"acquisitions":[{"buyer":"Chile","') == "seller"
    assert acquisitions.forced_after('{"acquisitions":[{"buyer":"Chile","seller":n') == 'ull,"system":"'


def test_a_number_is_followed_by_the_models_choice(acquisitions):
    answer = '{"acquisitions":[{"buyer":"Chile","seller":null,"system":"patrol boats","quantity":'
    assert acquisitions.forced_after(answer) == ""
    assert acquisitions.forced_after(answer + "4") == ""
    assert acquisitions.forced_after(answer + '4,"') == 'status":"'


def test_nothing_is_forced_once_the_answer_leaves_the_frame(stances):
    assert stances.forced_after('{"stances":[{"holder":"Ruth Okafor","where":') is None
    assert stances.forced_after('{"stances": [') is None
    start = '{"stances":[{"holder":"Ruth Okafor","target":"the radar deal","position":"'
    assert stances.forced_after(start + "backs") is None


def test_optional_keys_are_the_models_until_one_is_picked():
    frame = AnswerFrame(part_model(("actors",)).model_json_schema())
    assert frame.forced_after("") == '{"actors'
    assert frame.forced_after('{"actors":{"') == ""  # person, state, organisation, ...
    assert frame.forced_after('{"actors":{"st') == "ate"
    assert frame.forced_after('{"actors":{"state":["Chile"],"p') == "erson"


class FakeSampler:
    def __init__(self):
        self.accepted: list[int] = []

    def accept(self, token: int) -> None:
        self.accepted.append(token)


class FakeEngine:
    """One token a character; the model's choices are read from a scripted answer."""

    def __init__(self, answer: str):
        self.answer = answer
        self.n_tokens = 0
        self.evaluated: list[str] = []
        self._sampler = FakeSampler()
        self.sampled = 0

    def tokenize(self, text: bytes, add_bos: bool = False, special: bool = False) -> list[int]:
        return list(text)

    def detokenize(self, tokens: list[int]) -> bytes:
        return bytes(tokens)

    def n_ctx(self) -> int:
        return 4096

    def eval(self, tokens: list[int]) -> None:
        self.evaluated.append(bytes(tokens).decode())
        self.n_tokens += len(tokens)

    def sample(self, idx: int) -> int:
        self.sampled += 1
        position = self.n_tokens - self.prompt_length
        return ord(self.answer[position]) if position < len(self.answer) else 0

    def _init_sampler(self, **kwargs):
        return self._sampler

    def plain_generate(self, tokens, **sampling):
        self._sampler = self._init_sampler(**sampling)
        self.prompt_length = len(tokens) - len(self.opening)
        self.eval(list(tokens))
        yield self.sample(self.n_tokens - 1)


def test_the_engine_evaluates_forced_text_with_the_models_token_and_samples_only_choices(stances):
    answer = '{"stances":[' + STANCE + "]}"
    engine = FakeEngine(answer)
    engine.opening = stances.forced_after("")
    prompt = list(b"PROMPT")

    tokens = decode_in_frame(engine, FakeEngine.plain_generate, prompt, stances, {})
    streamed = bytes(itertools.takewhile(bool, tokens)).decode()

    assert streamed == answer
    assert engine.evaluated[0] == 'PROMPT{"stances'
    assert {'{"holder":"', ',"target":"', 'support","sentence":', ']}'} <= set(engine.evaluated)
    chosen = engine.sampled - 1  # the last sample is the end of the answer
    forced = len(answer) - chosen
    assert forced == sum(len(batch) - 1 for batch in engine.evaluated[1:]) + len('{"stances')
    assert chosen < len(answer) / 2  # keys, quotes and enum endings cost no step of their own
    assert len(engine._sampler.accepted) == forced  # as if sampled: the repeat penalty sees them


def test_a_request_without_a_frame_decodes_as_before():
    calls = []

    def generate(self, tokens, **kwargs):
        calls.append(tokens)
        yield 7

    framed = generating_in_the_frame(generate)
    engine = FakeEngine("")
    assert list(framed(engine, [1, 2], grammar=None)) == [7]
    assert calls == [[1, 2]]


def test_the_frame_comes_with_a_free_request_and_goes_with_it():
    seen = []

    def create(self, messages, response_format=None, stream=False):
        seen.append(getattr(self, "_answer_frame", None))
        return iter(["chunk"]) if stream else {"choices": []}

    engine = FakeEngine("")
    framed = taking_the_frame(create)
    framed(engine, [], response_format={"type": "text", "schema": {"type": "object"}})
    assert isinstance(seen[-1], AnswerFrame) and engine._answer_frame is None
    framed(engine, [], response_format={"type": "json_object", "schema": {"type": "object"}})
    assert seen[-1] is None


def test_the_embedded_backend_sends_the_schema_with_its_free_answers():
    schema = part_model(("stances",)).model_json_schema()
    kwargs = {"model": "m", "response_format": {"type": "json_schema", "json_schema": {"schema": schema}}}
    free = adapt_response_format(kwargs, Constraint.none, Dialect.llama_cpp, frame=True)
    assert free["extra_body"]["response_format"] == {"type": "text", "schema": schema}
    assert "extra_body" not in adapt_response_format(kwargs, Constraint.none, Dialect.llama_cpp)
