"""`summarise eval GOLD_DIR OUT`: the summaries of OUT scored against gold files, per article and in all."""

import json

import pytest
from click.testing import CliRunner

from summarise.cli import cli
from summarise.quality.gold import Gold
from summarise.quality.matching import acquisition_matches, names_match, reversed_deal, stance_matches
from summarise.quality.scoring import evaluate

from articles import ARTICLE, GOOD_DRAFT
from fakes import ScriptedEndpoint
from test_batch import run_batch

GOLD = {
    "article": "peru.txt",
    "actors": [
        {"name": "Peru", "aliases": ["Peruvian", "Lima"], "kind": "state", "required": True},
        {"name": "Elbit Systems", "aliases": ["Elbit"], "kind": "company", "required": True},
        {"name": "Walter Astudillo", "aliases": ["Astudillo"], "kind": "person", "required": True},
        {"name": "Chile", "aliases": ["Chilean"], "kind": "state", "required": True},
        {"name": "Israel", "aliases": [], "kind": "state", "required": False},
    ],
    "acquisitions": [
        {"buyer": "Peru", "seller": "Elbit Systems", "system": "Hermes 900", "system_aliases": ["Hermes"],
         "quantity": 12, "status": "ordered", "required": True},
    ],
    "stances": [
        {"holder": "Walter Astudillo", "target": "the deal", "target_keywords": ["deal", "drone"],
         "position": "support", "required": True},
        {"holder": "Chile", "target": "the purchase", "target_keywords": ["purchas"], "position": "oppose",
         "required": True},
        {"holder": "Israel", "target": "the sale", "target_keywords": ["sale"], "position": "support",
         "required": True},
    ],
}


@pytest.fixture
def scored(tmp_path):
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "peru.txt").write_text(ARTICLE)
    run_batch(tmp_path / "feed", tmp_path / "out", ScriptedEndpoint([GOOD_DRAFT]))
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "peru.json").write_text(json.dumps(GOLD))
    return tmp_path


def test_an_article_is_scored_per_category(scored):
    evaluation = evaluate(scored / "gold", scored / "out")
    [article] = evaluation.articles
    assert article.summary == "peru.txt"
    acquisitions, stances = evaluation.total("acquisitions"), evaluation.total("stances")
    assert (acquisitions.found, acquisitions.required, acquisitions.right, acquisitions.predicted) == (1, 1, 1, 1)
    assert (stances.found, stances.required, stances.right, stances.predicted) == (2, 3, 2, 2)
    assert stances.recall == pytest.approx(2 / 3) and stances.precision == 1.0
    assert evaluation.total("actors").found == 4
    assert article.quotes == article.quotes_located > 0


def test_a_gold_file_without_a_summary_misses_every_required_item(scored):
    (scored / "gold" / "absent.json").write_text(json.dumps(GOLD))
    evaluation = evaluate(scored / "gold", scored / "out")
    absent = next(a for a in evaluation.articles if a.name == "absent")
    assert absent.summary is None and absent.tallies["stances"].found == 0 and evaluation.missing == 1


def test_a_bad_gold_file_is_named_and_the_rest_is_scored(scored):
    (scored / "gold" / "broken.json").write_text("{not json")
    (scored / "gold" / "wrong.json").write_text(json.dumps({"stances": [{"holder": "Chile"}]}))
    result = CliRunner().invoke(cli, ["eval", str(scored / "gold"), str(scored / "out")])
    assert result.exit_code == 3
    assert "broken.json: not a gold file" in result.stderr
    assert "wrong.json: not a gold file: stances.0.target_keywords: Field required" in result.stderr
    assert "peru" in result.stdout and "macro F1" in result.stdout


def test_json_for_machines(scored):
    result = CliRunner().invoke(cli, ["eval", "--json", str(scored / "gold"), str(scored / "out")])
    assert result.exit_code == 0
    figures = json.loads(result.stdout)
    assert figures["acquisitions"]["f1"] == 1.0 and figures["reversed_deals"] == 0
    assert figures["evidence_located"] == 1.0 and figures["articles"][0]["article"] == "peru"


GOLD_MODEL = Gold.model_validate(GOLD)
DEAL = GOLD_MODEL.acquisitions[0]


@pytest.mark.parametrize("name, matches", [
    ("Peru", True), ("the Peruvian navy", True), ("Lima", True), ("Astudillo", True),
    ("Defence Minister Walter Astudillo", True), ("Elbit Systems Ltd", True), ("Pe", False), ("Chile's", True),
    ("", False),
])
def test_names_match_as_whole_words_either_way(name, matches):
    assert any(names_match(name, actor.names) for actor in GOLD_MODEL.actors) is matches


def test_a_deal_needs_the_recipient_the_system_and_an_agreeing_count():
    deal = {"buyer": "Lima", "seller": "Elbit", "system": "Hermes 900 drones", "quantity": 12}
    assert acquisition_matches(GOLD_MODEL, deal, DEAL)
    assert acquisition_matches(GOLD_MODEL, {**deal, "quantity": None}, DEAL)  # a count not given is no error
    assert not acquisition_matches(GOLD_MODEL, {**deal, "quantity": 1.5}, DEAL)
    assert not acquisition_matches(GOLD_MODEL, {**deal, "system": "patrol boats"}, DEAL)
    assert not acquisition_matches(GOLD_MODEL, {**deal, "buyer": "Chile"}, DEAL)


def test_a_deal_the_other_way_round_is_counted_reversed():
    flipped = {"buyer": "Elbit Systems", "seller": "Peru", "system": "Hermes 900", "quantity": 12}
    assert reversed_deal(GOLD_MODEL, flipped, DEAL) and not acquisition_matches(GOLD_MODEL, flipped, DEAL)


def test_a_stance_needs_the_holder_the_position_and_a_keyword_of_its_target():
    stance = GOLD_MODEL.stances[1]
    assert stance_matches(GOLD_MODEL, {"holder": "Chile", "position": "oppose", "target": "Peru's purchases"}, stance)
    assert not stance_matches(GOLD_MODEL, {"holder": "Chile", "position": "support", "target": "the purchase"}, stance)
    assert not stance_matches(GOLD_MODEL, {"holder": "Chile", "position": "oppose", "target": "the drones"}, stance)
    assert not stance_matches(GOLD_MODEL, {"holder": "Peru", "position": "oppose", "target": "the purchase"}, stance)
