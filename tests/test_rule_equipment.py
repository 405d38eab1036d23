from summarise.extraction.normalise import ActorIndex
from summarise.extraction.rules import equipment
from summarise.schema import ActorKind

from rule_fakes import article_of, deal


def test_a_name_ending_in_a_lowercase_equipment_noun_is_no_actor():
    assert equipment.named_as_equipment("Skua patrol boats") == ["'Skua patrol boats' is equipment, not an actor"]
    assert equipment.named_as_equipment("Vantor Systems") == []  # capitalised: a company's name


def test_an_actor_named_in_a_deals_system_and_in_no_role_is_set_aside():
    article = article_of("Boats\nGhana ordered Skua patrol boats from Kenya.")
    index = ActorIndex(article)
    for name, kind in (("Ghana", ActorKind.state), ("Kenya", ActorKind.state), ("Skua", ActorKind.company)):
        index.add(name, kind)
    (dropped,) = equipment.listed_as_actors(index, [deal(article, "Ghana", "Kenya", "Skua patrol boats", 2)], [])
    assert dropped.item == {"name": "Skua", "kind": "company"}
    assert [a.name for a in index.actors] == ["Ghana", "Kenya"]
