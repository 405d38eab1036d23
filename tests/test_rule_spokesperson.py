from summarise.extraction.draft import StanceDraft
from summarise.extraction.normalise import ActorIndex
from summarise.extraction.rules import spokesperson
from summarise.schema import ActorKind

from rule_fakes import article_of

ARTICLE = article_of("Sanctions Row\nNorway's foreign minister Ola Brekke said Norway opposes the new tariffs.")


def index_with(*actors: tuple[str, ActorKind]) -> ActorIndex:
    index = ActorIndex(ARTICLE)
    for name, kind in actors:
        index.add(name, kind)
    return index


def test_a_states_stance_is_also_held_by_the_person_who_states_it():
    index = index_with(("Norway", ActorKind.state), ("Ola Brekke", ActorKind.person))
    draft = StanceDraft(holder="Norway", target="the new tariffs", position="oppose", sentence=2)
    assert [name for name, _ in spokesperson.apply(draft, index, ARTICLE, ARTICLE.sentence(2))] == ["Ola Brekke"]


def test_a_persons_own_stance_gains_no_one():
    index = index_with(("Norway", ActorKind.state), ("Ola Brekke", ActorKind.person))
    draft = StanceDraft(holder="Ola Brekke", target="the new tariffs", position="oppose", sentence=2)
    assert spokesperson.apply(draft, index, ARTICLE, ARTICLE.sentence(2)) == []
