"""A looping answer is stopped at its first repeat; a cut answer keeps its complete items."""

import json

from summarise.llm.answer_stream import read_answer
from summarise.pipeline import summarise_article

from articles import GOOD_DRAFT, draft
from fakes import ScriptedEndpoint, TokenStream

PERU = GOOD_DRAFT["acquisitions"][0]
LOOP = {"acquisitions": [PERU, {**PERU, "system": "Heron drones"}, {**PERU, "sentence": 3, "buyer": " peru"}, PERU]}


def pieces(text: str, size: int = 3, finish_reason: str = "stop"):
    return [(text[i:i + size], None) for i in range(0, len(text), size)] + [("", finish_reason)]


def test_an_answer_that_ends_on_its_own_is_kept_as_it_is():
    text = json.dumps(GOOD_DRAFT)
    answer = read_answer(pieces(text))
    assert (answer.text, answer.ending) == (text, "stop")


def test_the_first_repeated_item_ends_the_answer_and_the_json_is_closed():
    answer = read_answer(pieces(json.dumps(LOOP)))
    assert answer.ending == "repeat"
    assert json.loads(answer.text) == {"acquisitions": LOOP["acquisitions"][:2]}


def test_the_same_holder_and_target_with_another_position_is_a_repeat():
    stance = GOOD_DRAFT["stances"][0]
    looping = {"stances": [stance, {**stance, "position": "neutral", "sentence": stance["sentence"] + 1}]}
    answer = read_answer(pieces(json.dumps(looping)))
    assert answer.ending == "repeat"
    assert json.loads(answer.text) == {"stances": [stance]}


def test_an_answer_cut_by_the_cap_keeps_its_complete_items():
    text = json.dumps(GOOD_DRAFT)
    cut = text[:text.index('"Chile", "target"')]
    answer = read_answer(pieces(cut, finish_reason="length"))
    kept = json.loads(answer.text)
    assert answer.ending == "length"
    assert kept["acquisitions"] == GOOD_DRAFT["acquisitions"]
    assert kept["stances"] == GOOD_DRAFT["stances"][:1]


def test_brackets_and_quotes_inside_strings_do_not_confuse_the_reader():
    items = [{"name": "Atlas {Defence} [\"AD\"]", "kind": "company"}, {"name": "x\\", "kind": "state"}]
    text = json.dumps({"actors": items + items})
    assert json.loads(read_answer(pieces(text, size=1)).text) == {"actors": items}


def test_a_looping_model_is_stopped_mid_stream(article, one_pass_prompts):
    looping = json.dumps(draft(acquisitions=[GOOD_DRAFT["acquisitions"][0]] * 40))
    stream = TokenStream(looping)
    endpoint = ScriptedEndpoint([stream])
    summary = summarise_article(article, endpoint.llm(streams=True), one_pass_prompts)
    assert endpoint.requests[0]["stream"] is True
    assert stream.pulled < len(stream.pieces) / 2
    assert [a.system for a in summary.acquisitions] == ["Hermes 900 drones"]
    assert summary.actors and summary.stances == []
    assert 0 < summary.provenance.usage.completion_tokens <= stream.pulled


def test_names_in_a_list_are_items_too():
    text = json.dumps({"actors": {"state": ["Peru", "Chile", "peru ", "Chile"]}})
    assert json.loads(read_answer(pieces(text, size=2)).text) == {"actors": {"state": ["Peru", "Chile"]}}


def test_the_answer_ends_when_its_object_closes():
    text = json.dumps({"actors": {"state": ["Peru"]}}) + '\n\nTask: stances\nAnswer: {"stances": []}'
    answer = read_answer(pieces(text, size=3))
    assert json.loads(answer.text) == {"actors": {"state": ["Peru"]}} and answer.ending == "stop"
