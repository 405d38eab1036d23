"""Narrow questions answered by probabilities: reading log-probabilities, and deciding a deal's parties."""

import json
import math
import re

import httpx2
import pytest

from summarise.extraction.questions import choice_in_both_orders, shares_of
from summarise.llm.client import CallSettings, top_logprobs_of
from summarise.pipeline import summarise_article
from summarise.reading.article import article_from_text
from summarise.extraction.rules import ALL_ON, Rule, RuleSet

from fakes import ScriptedEndpoint
from fake_server import completion

RADARS = (
    "Estonia Gets Coastal Radars\n"
    "The Finnish parliament on Monday approved Estonia's purchase of four Ground Master radars from Thales. "
    "The company will build the radars in France.\n"
)
RADARS_DRAFT = {
    "actors": [{"name": "Finnish parliament", "kind": "organisation"}, {"name": "Estonia", "kind": "state"},
               {"name": "Thales", "kind": "company"}],
    "acquisitions": [{"buyer": "Finnish parliament", "seller": "Thales", "system": "Ground Master radars",
                      "quantity": 4, "status": "ordered", "sentence": 2}],
    "stances": [],
}

REVERSED_DRAFT = {**RADARS_DRAFT, "acquisitions": [{**RADARS_DRAFT["acquisitions"][0], "buyer": "Thales",
                                                    "seller": "Estonia"}]}


def with_logprobs(content: str, logprobs: dict[str, float]) -> httpx2.Response:
    body = completion(content)
    alternatives = [{"token": t, "logprob": lp, "bytes": list(t.encode())} for t, lp in logprobs.items()]
    body["choices"][0]["logprobs"] = {"content": [{**alternatives[0], "top_logprobs": alternatives}]}
    return httpx2.Response(200, json=body)


class Reader:
    """Answers the extraction with a draft and each question as `recipient` and `supplier` would have it."""

    def __init__(self, draft: dict, recipient: str, supplier: str):
        self.draft, self.recipient, self.supplier = draft, recipient, supplier
        self.questions: list[str] = []

    def __call__(self, body: dict) -> httpx2.Response:
        if not body.get("logprobs"):
            return httpx2.Response(200, json=completion(json.dumps(self.draft)))
        question = body["messages"][-1]["content"].split("Question", 1)[1]
        self.questions.append(question)
        letters = dict(re.findall(r"^([A-J])\. (.+)$", question, re.MULTILINE))
        wanted = self.supplier if "Who supplies" in question else self.recipient
        return with_logprobs("A", {letter: (-0.1 if name == wanted else -3.0) for letter, name in letters.items()})


def summarise_with(reader, prompts, rules=ALL_ON):
    article = article_from_text(RADARS, source="radars.txt")
    endpoint = ScriptedEndpoint([reader])
    llm = endpoint.llm(CallSettings(transient_attempts=3, questions=True))
    return summarise_article(article, llm, prompts, rules), endpoint


def summarise_with_article(reader, prompts, text, rules=ALL_ON):
    llm = ScriptedEndpoint([reader]).llm(CallSettings(transient_attempts=3, questions=True))
    return summarise_article(article_from_text(text, source="x.txt"), llm, prompts, rules)


def test_the_probability_of_each_answer_sums_its_spellings():
    shares = shares_of({"Yes": math.log(0.6), " yes": math.log(0.1), "No": math.log(0.3), "{": -1.0}, ["Yes", "No"])
    assert shares == pytest.approx([0.7, 0.3])
    assert shares_of({"{": -0.1}, ["Yes", "No"]) is None


def test_a_choice_in_both_orders_averages_each_option_over_its_two_places():
    class FirstFavoured:
        asked = []

        def choice(self, question, options):
            self.asked.append(options)
            return [0.5, 0.3, 0.2]  # whatever the order: the first place is favoured

    ask = FirstFavoured()
    shares = choice_in_both_orders(ask, "Who receives it?", ["A", "B"], last=("not stated",))
    assert ask.asked == [["A", "B", "not stated"], ["B", "A", "not stated"]]
    assert shares == pytest.approx([0.4, 0.4, 0.2])


def test_log_probabilities_are_read_in_the_chat_format_and_the_completions_format():
    chat = httpx2.Response(200, json=completion("Yes")).json()
    chat["choices"][0]["logprobs"] = {"content": [{"token": "Yes", "logprob": -0.1, "bytes": [],
                                                   "top_logprobs": [{"token": "Yes", "logprob": -0.1, "bytes": []},
                                                                    {"token": "No", "logprob": -2.0, "bytes": []}]}]}
    legacy = completion("Yes")
    legacy["choices"][0]["logprobs"] = {"tokens": ["Yes"], "token_logprobs": [-0.1],
                                        "top_logprobs": [{"Yes": -0.1, "No": -2.0}]}
    from openai.types.chat import ChatCompletion

    for body in (chat, legacy):
        assert top_logprobs_of(ChatCompletion.model_validate(body)) == {"Yes": -0.1, "No": -2.0}
    assert top_logprobs_of(ChatCompletion.model_validate(completion("Yes"))) is None


def test_the_recipient_asked_for_replaces_a_party_that_only_approved_the_deal(one_pass_prompts):
    summary, _ = summarise_with(Reader(RADARS_DRAFT, recipient="Estonia", supplier="Thales"), one_pass_prompts)
    deal = summary.acquisitions[0]
    assert (deal.buyer, deal.seller) == ("Estonia", "Thales")
    assert deal.probability > 0.5 and deal.confidence == deal.probability  # no calibration for a test model
    assert summary.provenance.calibration is None
    assert any(note.startswith("recipient: the model read buyer 'Finnish parliament'") for note in deal.notes)
    assert [c.task for c in summary.provenance.calls][-1] == "questions"


def test_a_reading_less_likely_than_its_reverse_is_turned_round(one_pass_prompts):
    reader = Reader(REVERSED_DRAFT, recipient="Estonia", supplier="Thales")
    summary, _ = summarise_with(reader, one_pass_prompts)
    deal = summary.acquisitions[0]
    assert (deal.buyer, deal.seller) == ("Estonia", "Thales")


def test_the_direction_question_alone_turns_a_reversed_deal_round(one_pass_prompts):
    reader = Reader(REVERSED_DRAFT, recipient="Estonia", supplier="Thales")
    summary, _ = summarise_with(reader, one_pass_prompts, RuleSet.without([Rule.recipient, Rule.direction]))
    deal = summary.acquisitions[0]
    assert (deal.buyer, deal.seller) == ("Estonia", "Thales")
    assert any(note.startswith("direction: asked who receives the Ground Master radars") for note in deal.notes)
    assert all("not stated" not in q for q in reader.questions)  # no recipient question
    assert len(reader.questions) == 4  # who receives, who supplies: each in both orders


def test_an_endpoint_without_log_probabilities_is_asked_once_and_the_answer_stands(one_pass_prompts):
    draft = json.dumps(RADARS_DRAFT)
    summary, endpoint = summarise_with(lambda body: httpx2.Response(200, json=completion(draft)), one_pass_prompts)
    assert summary.acquisitions[0].buyer == "Finnish parliament"
    assert summary.acquisitions[0].probability is None
    assert sum(bool(r.get("logprobs")) for r in endpoint.requests) == 1


def test_a_remote_endpoint_is_asked_no_questions_unless_told(one_pass_prompts):
    article = article_from_text(RADARS, source="radars.txt")
    reader = Reader(RADARS_DRAFT, recipient="Estonia", supplier="Thales")
    summary = summarise_article(article, ScriptedEndpoint([reader]).llm(), one_pass_prompts)
    assert reader.questions == [] and summary.acquisitions[0].buyer == "Finnish parliament"



class StanceReader:
    """Answers the extraction with a draft, and a position question by favouring `position` in every order."""

    def __init__(self, draft: dict, position_words: str):
        self.draft, self.position_words = draft, position_words
        self.questions: list[str] = []

    def __call__(self, body: dict) -> httpx2.Response:
        if not body.get("logprobs"):
            return httpx2.Response(200, json=completion(json.dumps(self.draft)))
        question = body["messages"][-1]["content"].split("Question", 1)[1]
        self.questions.append(question)
        letters = dict(re.findall(r"^([A-J])\. (.+)$", question, re.MULTILINE))
        return with_logprobs("A", {letter: (-0.1 if words.startswith(self.position_words) else -3.0)
                                   for letter, words in letters.items()})


CRITICISM = (
    "Peru Buys Drones\n"
    "Peru has ordered 12 Hermes 900 drones from Israel's Elbit Systems. "
    "Chile's foreign ministry sharply criticised the purchase on Tuesday.\n"
)
CRITICISM_DRAFT = {
    "actors": [{"name": "Peru", "kind": "state"}, {"name": "Elbit Systems", "kind": "company"},
               {"name": "Chile", "kind": "state"}],
    "acquisitions": [],
    "stances": [{"holder": "Chile", "target": "Peru's drone purchase", "position": "support", "sentence": 3}],
}


def test_a_stances_position_is_asked_in_both_orders_and_replaced_when_clearly_likelier(one_pass_prompts):
    reader = StanceReader(CRITICISM_DRAFT, "opposes")  # verbs off: the question alone decides
    summary = summarise_with_article(reader, one_pass_prompts, CRITICISM, RuleSet.without(["verbs"]))
    (stance,) = summary.stances
    assert stance.position == "oppose" and stance.probability > 0.8
    assert "position: the model read support" in stance.notes[-1]
    position_questions = [q for q in reader.questions if "position of Chile" in q]
    assert len(position_questions) == 2 and "sentence [3]" in position_questions[0]
    assert position_questions[0].index("supports it") < position_questions[0].index("opposes it")
    assert position_questions[1].index("opposes it") < position_questions[1].index("supports it")


def test_a_position_the_model_confirms_is_kept_with_its_probability(one_pass_prompts):
    summary = summarise_with_article(StanceReader(CRITICISM_DRAFT, "supports"), one_pass_prompts, CRITICISM,
                                     RuleSet.without(["verbs"]))
    (stance,) = summary.stances
    assert stance.position == "support" and stance.probability > 0.8 and stance.notes == []


SENATOR = (
    "Peru Buys Drones\n"
    "Peru has ordered 12 Hermes 900 drones from Israel's Elbit Systems. "
    "Chilean senator Ana Ruiz sharply criticised the purchase on Tuesday.\n"
)
SENATOR_DRAFT = {
    "actors": [{"name": "Peru", "kind": "state"}, {"name": "Elbit Systems", "kind": "company"},
               {"name": "Ana Ruiz", "kind": "person"}],
    "acquisitions": [],
    "stances": [],
}


class HolderReader(StanceReader):
    """Answers the stances pass with none, and the senator's own question with her stance and another's."""

    def __init__(self):
        super().__init__(SENATOR_DRAFT, "opposes")
        self.holder_questions: list[str] = []

    def __call__(self, body: dict) -> httpx2.Response:
        task = body["messages"][-1]["content"]
        if not body.get("logprobs") and "Only the stances that" in task:
            self.holder_questions.append(task)
        if not body.get("logprobs") and "Only the stances that Ana Ruiz holds" in task:
            return httpx2.Response(200, json=completion(json.dumps({"stances": [
                {"holder": "Ana Ruiz", "target": "Peru's drone purchase", "position": "oppose", "sentence": 3},
                {"holder": "Peru", "target": "the drones", "position": "support", "sentence": 2}]})))
        if not body.get("logprobs") and "Only the stances that" in task:
            return httpx2.Response(200, json=completion(json.dumps({"stances": []})))
        return super().__call__(body)


def test_a_party_without_a_stance_is_asked_for_its_own_and_only_its_own_is_kept(one_pass_prompts):
    reader = HolderReader()
    summary = summarise_with_article(reader, one_pass_prompts, SENATOR)
    assert [(s.holder, s.position) for s in summary.stances] == [("Ana Ruiz", "oppose")]
    (task,) = reader.holder_questions  # a state (Peru) is never asked; a company holds no stance to ask for
    assert "Only the stances that Ana Ruiz holds, if any, in sentences 3." in task


def test_no_holder_is_asked_for_when_questions_are_off(one_pass_prompts):
    reader = HolderReader()
    llm = ScriptedEndpoint([reader]).llm(CallSettings(transient_attempts=3, questions=False))
    summary = summarise_article(article_from_text(SENATOR, source="x.txt"), llm, one_pass_prompts)
    assert reader.holder_questions == [] and summary.stances == []


def test_a_question_asked_again_about_the_same_article_is_answered_without_a_request(one_pass_prompts):
    from summarise.extraction.questions import Asker
    from summarise.llm.client import Probed
    from summarise.schema import Usage

    class Counting:
        sent = 0

        def first_token_logprobs(self, messages):
            self.sent += 1
            return Probed(logprobs={"A": -0.2, "B": -1.8}, usage=Usage(prompt_tokens=10), seconds=0.1)

    llm = Counting()
    ask = Asker(llm, one_pass_prompts, article_from_text(RADARS, source="radars.txt"))
    first = ask.choice("Who receives the Ground Master radars?", ["Estonia", "Thales"])
    again = ask.choice("Who receives the Ground Master radars?", ["Estonia", "Thales"])
    turned = ask.choice("Who receives the Ground Master radars?", ["Thales", "Estonia"])
    assert first == again and first[0] > 0.5 and turned is not None
    assert llm.sent == 2 and len(ask.calls) == 2
