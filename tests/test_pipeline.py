import json

import pytest

from summarise.llm.client import CallSettings, Constraint
from summarise.errors import ExtractionError
from summarise.pipeline import summarise_article
from summarise.extraction.prompts import load_prompts
from summarise.schema import ArticleSummary

from articles import GOOD_DRAFT, draft
from fakes import ScriptedEndpoint


@pytest.fixture(autouse=True)
def _prompts(one_pass_prompts):
    global PROMPTS
    PROMPTS = one_pass_prompts


def run(article, *answers, settings=None, prompts=None):
    endpoint = ScriptedEndpoint(answers)
    return summarise_article(article, endpoint.llm(settings), prompts or PROMPTS), endpoint


def test_summary_is_grounded_and_canonical(article):
    summary, _ = run(article, GOOD_DRAFT)
    ArticleSummary.model_validate(summary.model_dump())
    for item in [*summary.actors, *summary.acquisitions, *summary.stances]:
        assert article.text[item.evidence.start:item.evidence.end] == item.evidence.quote
    assert summary.acquisitions[0].buyer == "Peru" and summary.acquisitions[0].seller == "Elbit Systems"
    assert summary.stances[0].holder == "Walter Astudillo"  # short form resolved to the canonical actor
    assert {a.name: a.country_code for a in summary.actors}["Peru"] == "PE"
    assert summary.provenance.prompt_version == PROMPTS.version
    assert summary.provenance.attempts == 1 and summary.provenance.usage.total_tokens == 15


def test_grounding_failure_is_reasked_with_the_reason(article):
    bad = draft(acquisitions=[{**GOOD_DRAFT["acquisitions"][0], "seller": "Lockheed Martin"}])
    summary, endpoint = run(article, bad, GOOD_DRAFT)
    assert summary.provenance.attempts == 2
    reask = endpoint.requests[1]["messages"][-1]["content"]
    assert "seller 'Lockheed Martin' is not named in the article" in reask
    assert summary.dropped == []


def test_items_still_bad_after_retries_are_dropped_with_reasons(article):
    bad = draft(stances=[*GOOD_DRAFT["stances"], {"holder": "Brazil", "target": "x", "position": "support",
                                                  "sentence": 99}])
    summary, _ = run(article, bad, settings=CallSettings(max_retries=1))
    assert [d.category for d in summary.dropped] == ["stances"]
    assert "not named in the article" in summary.dropped[0].reason
    assert "sentence [99] does not exist" in summary.dropped[0].reason
    assert len(summary.stances) == 2 and len(summary.acquisitions) == 1


def test_missing_parties_are_added_as_inferred_actors(article):
    summary, _ = run(article, draft(actors=[{"name": "Peru", "kind": "state"}]))
    by_name = {a.name: a for a in summary.actors}
    assert by_name["Elbit Systems"].inferred and by_name["Chile"].kind == "state"


def test_quantity_words_become_integers(article):
    acquisition = {**GOOD_DRAFT["acquisitions"][0], "quantity": "twelve"}
    summary, _ = run(article, draft(acquisitions=[acquisition]))
    assert summary.acquisitions[0].quantity == 12


def test_unparseable_answers_raise_extraction_error(article):
    with pytest.raises(ExtractionError, match="no valid answer after 2 attempts"):
        run(article, "this is not json")


def test_buyer_equal_to_seller_is_rejected(article):
    same = draft(acquisitions=[{**GOOD_DRAFT["acquisitions"][0], "seller": "Peru"}])
    summary, _ = run(article, same, settings=CallSettings(max_retries=0))
    assert summary.acquisitions == [] and "same party" in summary.dropped[0].reason


def test_request_carries_schema_and_cap(article):
    _, endpoint = run(article, GOOD_DRAFT, settings=CallSettings(max_tokens=321))
    request = endpoint.requests[0]
    assert request["max_tokens"] == 321 and request["temperature"] == 0
    assert request["response_format"]["type"] == "json_schema"
    assert "[2] Peru has ordered 12 Hermes 900 drones" in request["messages"][-1]["content"]
    json.dumps(request)  # what goes on the wire is plain JSON


def test_passes_share_the_article_prefix_and_pass_actors_on(article):
    prompts = load_prompts()
    person_buyer = draft(acquisitions=[{**GOOD_DRAFT["acquisitions"][0], "buyer": "Walter Astudillo"}])
    summary, endpoint = run(article, GOOD_DRAFT, person_buyer, GOOD_DRAFT, GOOD_DRAFT,
                            prompts=prompts, settings=CallSettings(max_retries=1))
    assert [p for p in prompts.passes] == [("actors",), ("acquisitions",), ("stances",)]
    users = [r["messages"][1]["content"] for r in endpoint.requests]
    article_part = users[0].split("Task:")[0]
    assert all(u.startswith(article_part) for u in users)
    assert [u.split("Task: ")[1].splitlines()[0] for u in users] == ["actors", "acquisitions", "acquisitions",
                                                                     "stances"]
    # the acquisitions pass knew from the actors pass that Astudillo is a person, and re-asked
    assert "buyer 'Walter Astudillo' is a person" in endpoint.requests[2]["messages"][-1]["content"]
    assert summary.acquisitions[0].buyer == "Peru" and len(summary.stances) == 2
    assert summary.provenance.attempts == 4


def test_labels_the_model_paraphrases_are_mapped_and_non_actors_set_aside(article):
    answer = draft(actors=[*GOOD_DRAFT["actors"], {"name": "Lima", "kind": "city"}, {"name": "Chile", "kind": "country"}],
                   acquisitions=[{**GOOD_DRAFT["acquisitions"][0], "status": "purchased"}])
    summary, _ = run(article, answer, settings=CallSettings(max_retries=0))
    assert summary.acquisitions[0].status == "ordered"
    assert [d.item["name"] for d in summary.dropped] == ["Lima"] and "city" in summary.dropped[0].reason


def test_quantity_is_read_from_the_cited_sentence_when_the_model_gets_it_wrong(article):
    acquisition = {**GOOD_DRAFT["acquisitions"][0], "quantity": 900}
    summary, _ = run(article, draft(acquisitions=[acquisition]))
    assert summary.acquisitions[0].quantity == 12


def test_article_text_that_looks_like_a_template_reaches_the_model_unchanged():
    from summarise.reading.article import article_from_text

    text = ("Peru Buys Drones\nPeru has ordered 12 Hermes 900 drones from Elbit Systems, citing {{ grounding }} "
            "and {% if x %} in a leaked memo.")
    answer = {"actors": [{"name": "Peru", "kind": "state"}], "acquisitions": [], "stances": []}
    summary, endpoint = run(article_from_text(text, "odd.txt"), answer)
    assert "citing {{ grounding }} and {% if x %} in a leaked memo." in endpoint.requests[0]["messages"][-1]["content"]
    assert summary.actors[0].name == "Peru"


def test_no_actors_means_no_further_passes(article):
    _, endpoint = run(article, {"actors": []}, prompts=load_prompts())
    assert len(endpoint.requests) == 1


def test_a_stance_target_copying_an_examples_wording_is_rejected(article):
    copied = {"holder": "Chile", "target": "the new sanctions package on Peru", "position": "oppose", "sentence": 5}
    summary, _ = run(article, draft(stances=[GOOD_DRAFT["stances"][0], copied]),
                     settings=CallSettings(max_retries=0))
    assert [s.holder for s in summary.stances] == ["Walter Astudillo"]
    assert "copies the example's wording" in summary.dropped[0].reason


def test_equipment_listed_as_an_actor_is_set_aside_and_stays_a_system(article):
    answer = draft(actors=[*GOOD_DRAFT["actors"], {"name": "Hermes 900 drones", "kind": "company"}])
    summary, _ = run(article, answer, settings=CallSettings(max_retries=0))
    assert "Hermes 900 drones" not in {a.name for a in summary.actors}
    assert summary.acquisitions[0].system == "Hermes 900 drones"
    assert "is equipment, not an actor" in summary.dropped[0].reason


def test_a_company_named_systems_is_still_an_actor(article):
    summary, _ = run(article, GOOD_DRAFT, settings=CallSettings(max_retries=0))
    assert "Elbit Systems" in {a.name for a in summary.actors}


def test_an_apposition_after_a_name_is_not_part_of_it(article):
    stance = {**GOOD_DRAFT["stances"][0], "holder": "Walter Astudillo, the defence minister"}
    summary, _ = run(article, draft(stances=[stance]), settings=CallSettings(max_retries=0))
    assert summary.stances[0].holder == "Walter Astudillo"


def test_a_citation_next_to_the_right_sentence_is_moved_to_it(article):
    acquisition = {**GOOD_DRAFT["acquisitions"][0], "sentence": 3}  # [3] is "Deliveries are expected next year."
    stance = {**GOOD_DRAFT["stances"][0], "sentence": 5}  # [5] is Chile's; Astudillo's praise is [4]
    summary, _ = run(article, draft(acquisitions=[acquisition], stances=[stance]),
                     settings=CallSettings(max_retries=0))
    assert summary.acquisitions[0].evidence.quote.startswith("Peru has ordered 12 Hermes 900 drones")
    assert summary.stances[0].evidence.quote.startswith("Defence Minister Walter Astudillo praised")


def test_lazy_constraint_asks_under_the_grammar_only_when_the_free_answer_is_not_json(article):
    lazy = CallSettings(constraint=Constraint.lazy, max_retries=0)
    summary, endpoint = run(article, "Here is the JSON you asked for: {", GOOD_DRAFT, settings=lazy)
    assert "response_format" not in endpoint.requests[0]
    assert endpoint.requests[1]["response_format"]["type"] == "json_schema"
    assert summary.acquisitions[0].system == "Hermes 900 drones"
    assert summary.provenance.usage.completion_tokens == 10  # both answers were paid for
    _, endpoint = run(article, GOOD_DRAFT, settings=lazy)
    assert len(endpoint.requests) == 1 and "response_format" not in endpoint.requests[0]


def test_lazy_constraint_mends_an_unescaped_quote_instead_of_asking_again(article):
    lazy = CallSettings(constraint=Constraint.lazy, max_retries=0)
    unescaped = json.dumps(GOOD_DRAFT).replace('"the drone deal"', '"the "Hermes" drone deal"')
    summary, endpoint = run(article, unescaped, settings=lazy)
    assert len(endpoint.requests) == 1
    assert summary.stances[0].target == 'the "Hermes" drone deal'
    assert summary.acquisitions[0].system == "Hermes 900 drones"


def test_positions_in_any_word_form_are_mapped(article):
    stances = [{**GOOD_DRAFT["stances"][0], "position": "praised"}, {**GOOD_DRAFT["stances"][1], "position": "Criticism"}]
    summary, _ = run(article, draft(stances=stances), settings=CallSettings(max_retries=0))
    assert [s.position for s in summary.stances] == ["support", "oppose"]


def test_actors_grouped_by_kind_are_read_and_states_the_model_forgot_are_added(article):
    grouped = {"state": ["Peru", "Israel"], "company": ["Elbit Systems"], "person": ["Walter Astudillo"]}
    summary, _ = run(article, draft(actors=grouped))
    kinds = {a.name: (a.kind, a.inferred) for a in summary.actors}
    assert kinds["Elbit Systems"] == ("company", False) and kinds["Walter Astudillo"] == ("person", False)
    assert kinds["Chile"] == ("state", True)  # named in the article, left out by the model


def test_a_country_filed_under_another_kind_is_a_state(article):
    summary, _ = run(article, draft(actors={"company": ["Israel", "Elbit Systems"]}))
    assert {a.name: a.kind for a in summary.actors}["Israel"] == "state"


def test_the_sentence_verb_corrects_the_position(article):
    wrong = {**GOOD_DRAFT["stances"][1], "position": "support"}  # [5] "Chile's foreign ministry criticised ..."
    summary, _ = run(article, draft(stances=[wrong]), settings=CallSettings(max_retries=0))
    assert [(s.holder, s.position, s.target) for s in summary.stances] == [("Chile", "oppose", "Peru's drone purchase")]


def test_a_leading_count_in_the_system_is_the_quantity(article):
    acquisition = {**GOOD_DRAFT["acquisitions"][0], "quantity": 1, "system": "12 Hermes 900 drones"}
    summary, _ = run(article, draft(acquisitions=[acquisition]), settings=CallSettings(max_retries=0))
    found = summary.acquisitions[0]
    assert (found.system, found.seller, found.quantity) == ("Hermes 900 drones", "Elbit Systems", 12)




def test_a_system_the_cited_sentence_does_not_name_is_dropped_and_markup_is_refused(article):
    unnamed = {**GOOD_DRAFT["acquisitions"][0], "system": "Kalibr cruise missiles"}
    marked = {**GOOD_DRAFT["acquisitions"][0], "system": "<b>Hermes 900</b> drones"}
    summary, _ = run(article, draft(acquisitions=[GOOD_DRAFT["acquisitions"][0], unnamed, marked]),
                     settings=CallSettings(max_retries=0))
    assert [a.system for a in summary.acquisitions] == ["Hermes 900 drones"]
    reasons = " ".join(d.reason for d in summary.dropped)
    assert "system 'Kalibr cruise missiles' is not named in sentence [2]" in reasons
    assert "holds markup" in reasons
