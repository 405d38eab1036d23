"""The word lists are data: each file loads, each alternative compiles, and no list holds an entry twice."""

import re
from importlib.resources import files

import pytest

from summarise.lexicon import alternation, entries, lexicon

SUBJECTS = sorted(path.name.removesuffix(".toml") for path in files("summarise.lexicon").iterdir()
                  if path.name.endswith(".toml"))


def lists_in(table: dict, prefix: str = ""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from lists_in(value, f"{prefix}{key}.")
        elif isinstance(value, list) and all(isinstance(v, dict) for v in value):  # an array of tables
            for n, table in enumerate(value):
                yield from lists_in(table, f"{prefix}{key}[{n}].")
        elif isinstance(value, list):
            yield f"{prefix}{key}", value


@pytest.mark.parametrize("subject", SUBJECTS)
def test_every_list_compiles_and_holds_each_entry_once(subject):
    for key, values in lists_in(lexicon(subject)):
        assert values, f"{subject}.{key} is empty"
        assert len(set(values)) == len(values), f"{subject}.{key} repeats an entry"
        for value in values:
            re.compile(value)


def test_the_subjects_the_code_reads_are_all_there():
    assert {"transfer", "stance", "speech", "equipment", "function_words", "injection"} <= set(SUBJECTS)


def test_an_alternation_matches_each_entry_as_a_whole_word():
    giving = re.compile(rf"\b{alternation('transfer', 'giving')}\b", re.IGNORECASE)
    assert giving.search("Kenya gave Ghana two boats")
    assert not giving.search("the judge's gavel fell")
    assert "sold" in entries("transfer", "giving")
