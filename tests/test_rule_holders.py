from summarise.extraction.draft import FullDraft
from summarise.extraction.rules import holders

from rule_fakes import article_of

ARTICLE = article_of("Fighter Jets\nPortugal ordered twelve jets. Deputy Rui Mota opposed the order. "
                     "The Atlantic Council welcomed it. Portugal said the jets arrive in 2027.")


def answer(stances: list[dict]) -> FullDraft:
    return FullDraft.model_validate({
        "actors": [{"name": "Portugal", "kind": "state"}, {"name": "Rui Mota", "kind": "person"},
                   {"name": "Atlantic Council", "kind": "organisation"}],
        "acquisitions": [], "stances": stances})


def test_people_and_bodies_without_a_stance_are_asked_people_first_with_the_sentences_naming_them():
    asked = holders.holders_to_ask([answer([])], ARTICLE)
    assert asked == [("Rui Mota", [3]), ("Atlantic Council", [4])]


def test_states_and_parties_holding_a_stance_are_not_asked():
    held = [{"holder": "Mota", "target": "the order", "position": "oppose", "sentence": 3}]
    assert holders.holders_to_ask([answer(held)], ARTICLE) == [("Atlantic Council", [4])]


def test_only_the_asked_holders_stances_are_kept():
    draft = answer([{"holder": "Rui Mota", "target": "the order", "position": "oppose", "sentence": 3},
                    {"holder": "Portugal", "target": "the jets", "position": "support", "sentence": 2}])
    assert [s.holder for s in holders.only_their_stances(draft, "Rui Mota").stances] == ["Rui Mota"]
