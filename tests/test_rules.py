import pytest

from summarise.reading.article import article_from_text
from summarise.batch.runner import RunKey
from summarise.extraction.draft import FullDraft, GroundingContext
from summarise.extraction.normalise import normalise
from summarise.extraction.rules import RULES_OFF_ENV, Rule, parse_rules, rules_off

TEXT = ("Ostria and Valdoria signed a pact.\n"
        "Ostria condemned the plan to buy tanks.\n"
        "Valdoria bought 12 Falke tanks from Ostria.")


def summarised(draft):
    article = article_from_text(TEXT, source="t.txt")
    context = GroundingContext(article=article, strict=False).as_validation_context()
    return normalise([FullDraft.model_validate(draft, context=context)], article)


DRAFT = {"actors": {"state": ["Ostria", "Valdoria"]},
         "acquisitions": [{"buyer": "Ostria", "seller": "Valdoria", "system": "Falke tanks", "quantity": 3,
                           "status": "ordered", "sentence": 3}],
         "stances": [{"holder": "Ostria", "target": "the tank purchase", "position": "support", "sentence": 2}]}


def test_every_rule_family_on_by_default(monkeypatch):
    monkeypatch.delenv(RULES_OFF_ENV, raising=False)
    assert rules_off() == frozenset()


@pytest.mark.parametrize("family, on_reading, off_reading", [
    (Rule.verbs, "oppose", "support"),
    (Rule.quantity, 12, 3),
])
def test_a_family_switched_off_leaves_the_models_answer(monkeypatch, family, on_reading, off_reading):
    def reading():
        _, acquisitions, stances, _ = summarised(DRAFT)
        return stances[0].position if family is Rule.verbs else acquisitions[0].quantity

    monkeypatch.delenv(RULES_OFF_ENV, raising=False)
    assert reading() == on_reading
    monkeypatch.setenv(RULES_OFF_ENV, family.value)
    assert reading() == off_reading


def test_unknown_families_are_refused():
    with pytest.raises(ValueError, match="unknown rule families: verb"):
        parse_rules("verb,direction")
    assert parse_rules(" verbs , direction ") == ["verbs", "direction"]


def test_outputs_made_with_other_rules_are_not_reused(monkeypatch):
    summary = {"provenance": {"article_sha256": "a", "prompt_version": "p", "schema_version": RunKey("p", "m")
                              .schema_version, "model": "m", "rules_off": ["verbs"]}}
    monkeypatch.delenv(RULES_OFF_ENV, raising=False)
    assert not RunKey("p", "m").matches(summary, "a")
    monkeypatch.setenv(RULES_OFF_ENV, "verbs")
    assert RunKey("p", "m").matches(summary, "a")
