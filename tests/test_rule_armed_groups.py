from collections import Counter

from summarise.extraction.armed_groups import armed_groups, group_named, groups_named_in
from summarise.extraction.draft import FullDraft
from summarise.extraction.normalise import ActorIndex, normalise
from summarise.extraction.rules import RuleSet, armed_groups as rule
from summarise.schema import ActorKind

from rule_fakes import article_of


def test_every_group_the_article_names_is_listed_by_its_first_form_in_order():
    article = article_of("Cargo Seized\nA dhow carried rifles bound for Houthi rebels in Yemen. Officials said "
                         "Hezbollah had sent trainers, and that the Houthis denied it.")
    assert rule.apply(article) == ["Houthi rebels", "Hezbollah"]


def test_the_longest_form_at_a_place_wins():
    assert groups_named_in("Kataib Hezbollah fired drones; the Pakistani Taliban did not.") == [
        "Kataib Hezbollah", "Pakistani Taliban"]


def test_forms_are_whole_words_as_written_and_aliases_are_never_searched():
    assert groups_named_in("The RSF report on press freedom, a Hamasaki poem and the hamas of a story.") == []
    assert group_named("the RSF").name == "Rapid Support Forces"
    assert group_named("Huthis").name == "Houthis"
    assert group_named("Rapid Support") is None


def test_no_form_belongs_to_two_groups():
    names = Counter(n for g in armed_groups() for n in {g.name, *g.forms, *g.aliases})
    assert [n for n, count in names.items() if count > 1] == []


def test_a_group_the_model_left_out_becomes_an_armed_group_actor_with_its_first_mention_as_evidence():
    article = article_of("Arms Cache\nThe navy stopped a boat. Its cargo was meant for the Houthis, officials said.")
    actors, *_ = normalise([FullDraft()], article)
    houthis = next(a for a in actors if a.name == "Houthis")
    assert houthis.kind is ActorKind.armed_group and houthis.inferred
    assert "meant for the Houthis" in houthis.evidence.quote


def test_a_group_listed_under_another_kind_takes_its_kind_with_a_note_and_its_other_names_join_it():
    article = article_of("Sudan Fighting\nThe Rapid Support Forces (RSF) took the town. The RSF said so.")
    index = ActorIndex(article)
    listed = index.add("Rapid Support Forces", ActorKind.company)
    assert listed.kind is ActorKind.armed_group
    assert listed.notes == ["kind: the model read company; the armed-group data knows 'Rapid Support Forces' as "
                            "armed group"]
    assert index.find("RSF") is listed


def test_switched_off_no_group_is_added_and_the_model_kind_stands():
    article = article_of("Arms Cache\nThe navy stopped a boat. Its cargo was meant for the Houthis, officials said.")
    off = RuleSet.without(["armed_groups"])
    actors, *_ = normalise([FullDraft()], article, off)
    assert all(a.name != "Houthis" for a in actors)
    assert ActorIndex(article, rules=off).add("Houthis", ActorKind.organisation).kind is ActorKind.organisation
