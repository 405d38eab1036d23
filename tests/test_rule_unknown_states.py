"""A party filed as a state that no country data knows is asked what it is."""

from summarise.extraction.grounding import evidence_for_sentence
from summarise.extraction.rules import unknown_states
from summarise.schema import Actor, ActorKind

from rule_fakes import Asker, article_of, stance

ARTICLE = article_of("Senate Vote\nPeru's Treasury Office froze the accounts. "
                     "Senators spoke of the Coastal War. Peru protested.")


def named(name: str, kind: ActorKind, sentence: int) -> Actor:
    return Actor(name=name, kind=kind, evidence=evidence_for_sentence(ARTICLE, ARTICLE.sentence(sentence)))


def answering(option_prefix: str, share: float):
    """An asker whose likeliest option (in either order) starts with `option_prefix`, at `share`."""
    def shares(question, options):
        rest = (1.0 - share) / (len(options) - 1)
        return [share if o.startswith(option_prefix) else rest for o in options]
    return Asker(ARTICLE, shares)


def test_a_known_state_is_not_asked():
    ask = answering("a company", 0.9)
    kept, dropped = unknown_states.RULE.apply([named("Peru", ActorKind.state, 4)], [], [], lambda a: ask)
    assert [a.kind for a in kept] == [ActorKind.state] and dropped == [] and ask.asked == []


def test_an_unknown_state_takes_the_kind_the_model_is_sure_of_with_a_note():
    ask = answering("a government body", 0.8)
    kept, dropped = unknown_states.RULE.apply([named("Treasury Office", ActorKind.state, 2)], [], [], lambda a: ask)
    assert kept[0].kind is ActorKind.organisation and dropped == []
    assert "asked what it is, it gave a government body" in kept[0].notes[-1]
    assert ask.asked[0][0] == "In sentence [2], who or what is Treasury Office?"


def test_an_unknown_state_of_no_sure_kind_is_dropped_with_the_reason():
    ask = answering("a government body", 0.3)
    kept, dropped = unknown_states.RULE.apply([named("Coastal War", ActorKind.state, 3)], [], [], lambda a: ask)
    assert kept == [] and dropped[0].category == "actors"
    assert "'Coastal War', filed as a state" in dropped[0].reason and "(0.30), is under 0.5" in dropped[0].reason


def test_an_unknown_state_that_an_item_names_is_kept_whatever_the_answer():
    ask = answering("none of these", 0.9)
    holder = named("Coastal War", ActorKind.state, 3)
    kept, dropped = unknown_states.RULE.apply([holder], [], [stance(ARTICLE, "Coastal War", "the freeze", "oppose", 3)],
                                              lambda a: ask)
    assert kept == [holder] and dropped == []
