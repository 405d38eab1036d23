"""A stance is kept only when its evidence names its holder."""

from summarise.extraction.rules import holder_named
from summarise.extraction.statement import unstated
from summarise.schema import ActorKind

from rule_fakes import actor, article_of, stance

ARTICLE = article_of(
    "Radars For Chile\n"
    "Chile has signed a contract with Norvik Systems for coastal radars. "
    "Peru's defence minister Ana Ruiz called the purchase a threat to the region. "
    "Analysts expect more orders from the region. "
    "The Naval Procurement Office (NPO) said the radars would arrive in 2027.")
ACTORS = [actor(ARTICLE, "Ana Ruiz", ActorKind.person), actor(ARTICLE, "Peru", ActorKind.state)]


def test_a_stance_whose_evidence_names_its_holder_is_kept():
    by_name = stance(ARTICLE, "Ana Ruiz", "the radar purchase", "oppose", 3)
    by_demonym = stance(ARTICLE, "Peru", "the radar purchase", "oppose", 3)
    kept, dropped = holder_named.RULE.apply([by_name, by_demonym], ACTORS)
    assert kept == [by_name, by_demonym] and dropped == []


def test_a_stance_whose_evidence_names_someone_else_is_dropped_with_the_reason():
    elsewhere = stance(ARTICLE, "Peru", "more orders", "support", 4)
    kept, dropped = holder_named.RULE.apply([elsewhere], ACTORS)
    assert kept == []
    assert dropped[0].category == "stances" and dropped[0].item["holder"] == "Peru"
    assert dropped[0].reason == "its evidence does not name 'Peru', who is said to hold it"


def test_a_holder_with_a_short_form_in_brackets_is_named_by_either():
    office = "Naval Procurement Office (NPO)"
    assert unstated(stance(ARTICLE, office, "the radars", "support", 5), []) == []
    short_only = article_of("Radars\nThe NPO said the radars would arrive in 2027.")
    assert unstated(stance(short_only, office, "the radars", "support", 2), []) == []


def test_a_target_is_named_by_its_designation():
    jets = article_of("Jets\nThe talks on the F-35 stalled in May.")
    assert unstated(stance(jets, "the talks", "the F-35 deal", "oppose", 2), []) == []
    assert unstated(stance(jets, "the talks", "the F-16 deal", "oppose", 2), []) == ["target 'the F-16 deal'"]
