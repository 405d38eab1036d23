import pytest

from summarise.extraction.draft import ActorDraft, FullDraft, GroundingContext
from summarise.extraction.rules import RuleSet, labels
from summarise.reading.article import article_from_text


@pytest.mark.parametrize("field, written, label", [
    ("kind", "Country", "state"), ("kind", "think tank", "organisation"), ("status", "purchased", "ordered"),
    ("status", "in-service", "delivered"), ("position", "criticism", "oppose"), ("position", "backs", "support"),
    ("status", "ordered", "ordered"),
])
def test_a_paraphrased_label_is_the_schemas(field, written, label):
    assert labels.apply(written, field) == label


def test_an_unknown_label_is_left_for_validation_to_refuse():
    assert labels.apply("teleported", "status") == "teleported"


def test_switched_off_the_models_label_stands_and_fails_validation():
    article = article_from_text("Border Talks\nChile met Peru on Monday to discuss the border.", source="t.txt")
    answer = {"actors": [{"name": "Chile", "kind": "country"}], "acquisitions": [], "stances": []}
    on = FullDraft.model_validate(answer, context=GroundingContext(article, strict=False).as_validation_context())
    off = FullDraft.model_validate(answer, context=GroundingContext(article, strict=False,
                                                                     rules=RuleSet.without(["labels"]))
                                   .as_validation_context())
    assert on.actors == [ActorDraft(name="Chile", kind="state")]
    assert off.actors == [] and off._dropped
