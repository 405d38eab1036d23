import pytest

from summarise.reading.article import article_from_text
from summarise.batch.runner import RunKey
from summarise.extraction.draft import FullDraft, GroundingContext
from summarise.extraction.normalise import normalise
from summarise.extraction.rules import ALL_ON, Rule, RuleSet, parse_rules

TEXT = ("Ostria and Valdoria signed a pact.\n"
        "Ostria condemned the plan to buy tanks.\n"
        "Valdoria bought 12 Falke tanks from Ostria.")


def summarised(draft, rules=ALL_ON):
    article = article_from_text(TEXT, source="t.txt")
    context = GroundingContext(article=article, strict=False, rules=rules).as_validation_context()
    return normalise([FullDraft.model_validate(draft, context=context)], article, rules)


DRAFT = {"actors": {"state": ["Ostria", "Valdoria"]},
         "acquisitions": [{"buyer": "Ostria", "seller": "Valdoria", "system": "Falke tanks", "quantity": 3,
                           "status": "ordered", "sentence": 3}],
         "stances": [{"holder": "Ostria", "target": "the tank purchase", "position": "support", "sentence": 2}]}


def test_every_rule_family_on_by_default():
    assert all(ALL_ON.on(rule) for rule in Rule) and ALL_ON.names_off == []


@pytest.mark.parametrize("family, on_reading, off_reading", [
    (Rule.verbs, "oppose", "support"),
    (Rule.quantity, 12, 3),
])
def test_a_family_switched_off_leaves_the_models_answer(family, on_reading, off_reading):
    def reading(rules):
        _, acquisitions, stances, _ = summarised(DRAFT, rules)
        return stances[0].position if family is Rule.verbs else acquisitions[0].quantity

    assert reading(ALL_ON) == on_reading
    assert reading(RuleSet.without([family])) == off_reading


def test_unknown_families_are_refused():
    with pytest.raises(ValueError, match="unknown rule families: verb"):
        parse_rules("verb,direction")
    assert parse_rules(" verbs , direction ") == ["verbs", "direction"]


def test_outputs_made_with_other_rules_are_not_reused():
    summary = {"provenance": {"article_sha256": "a", "prompt_version": "p", "schema_version": RunKey("p", "m")
                              .schema_version, "model": "m", "rules_off": ["verbs"]}}
    assert not RunKey("p", "m").matches(summary, "a")
    assert RunKey("p", "m", rules=RuleSet.without(["verbs"])).matches(summary, "a")


def test_the_rules_of_a_run_are_a_parameter_and_the_environment_is_not_read(monkeypatch):
    monkeypatch.setenv("SUMMARISE_RULES_OFF", "verbs")  # read by the CLI alone, as the option's default
    _, _, stances, _ = summarised(DRAFT)
    assert stances[0].position == "oppose"


def test_docs_rules_md_shows_the_registry_as_it_is():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "rules_doc.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0, "stale: run make rules-doc"


def test_every_family_is_in_the_registry_in_a_stage():
    from summarise.extraction.rules import Stage
    from summarise.extraction.rules.registry import RULES

    assert {r.family for r in RULES} == set(Rule)
    stages = [list(Stage).index(r.stage) for r in RULES]
    assert stages == sorted(stages)  # listed in the order an article meets them
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_rule_lives_in_a_module_of_the_rules_package_with_tests_of_its_own():
    from pathlib import Path

    from summarise.extraction.rules.registry import RULES

    tests = Path(__file__).parent
    for rule in RULES:
        assert rule.where.startswith("extraction/rules/"), rule.where
        module = Path(rule.where).stem
        assert (tests / f"test_rule_{module}.py").is_file(), f"{rule.where} has no tests/test_rule_{module}.py"
