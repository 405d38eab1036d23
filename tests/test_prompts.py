import json
import shutil
from pathlib import Path

import pytest

from summarise.errors import PromptError
from summarise.extraction.prompts import default_prompts_dir, load_prompts


@pytest.fixture
def prompts_copy(tmp_path) -> Path:
    target = tmp_path / "prompts"
    shutil.copytree(default_prompts_dir(), target)
    return target


def test_shipped_prompts_load_with_validated_examples():
    prompts = load_prompts()
    assert len(prompts.version) == 12 and prompts.examples
    assert "buyer" in prompts.field_guide and "RECEIVES" in prompts.field_guide


def test_version_follows_content(prompts_copy):
    before = load_prompts(prompts_copy).version
    system = prompts_copy / "system.j2"
    system.write_text(system.read_text() + "\nBe brief.")
    assert load_prompts(prompts_copy).version != before


def test_template_syntax_error_names_the_file(prompts_copy):
    (prompts_copy / "article.j2").write_text("{{ numbered_sentences ")
    with pytest.raises(PromptError, match="article.j2:1: invalid template"):
        load_prompts(prompts_copy)


def test_template_must_use_its_variables(prompts_copy):
    (prompts_copy / "system.j2").write_text("Extract things.")
    with pytest.raises(PromptError, match="must use examples, field_guide"):
        load_prompts(prompts_copy)


def test_example_that_cites_a_missing_sentence_is_rejected(prompts_copy):
    path = next((prompts_copy / "examples").glob("*.json"))
    example = json.loads(path.read_text())
    example["expected"]["stances"][0]["sentence"] = 42
    path.write_text(json.dumps(example))
    with pytest.raises(PromptError, match="sentence \\[42\\] does not exist"):
        load_prompts(prompts_copy)


def test_passes_must_name_each_list_once(prompts_copy):
    (prompts_copy / "passes.txt").write_text("actors\nacquisitions actors\nstance\n")
    with pytest.raises(PromptError, match="passes.txt: each of actors, acquisitions, stances must appear once "
                                          "\\(unknown: stance\\)"):
        load_prompts(prompts_copy)


def test_passes_are_part_of_the_version(prompts_copy):
    before = load_prompts(prompts_copy).version
    (prompts_copy / "passes.txt").write_text("actors acquisitions stances\n")
    assert load_prompts(prompts_copy).version != before


def test_example_answers_are_compact_json():
    prompts = load_prompts()
    answer = prompts.examples[0].answer(("acquisitions",))
    parsed = json.loads(answer)
    assert parsed["acquisitions"] and answer == json.dumps(parsed, ensure_ascii=False, separators=(",", ":"))


def test_the_examples_the_model_sees_are_the_files_as_written():
    prompts = load_prompts()
    for example in prompts.examples:
        written = json.loads((default_prompts_dir() / "examples" / f"{example.name}.json").read_text())["expected"]
        for category in ("acquisitions", "stances"):
            assert [i.model_dump(mode="json") for i in example.expected.items(category)] == written[category]
