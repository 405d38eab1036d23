"""No cassette may carry a secret: keys, bearer tokens, organisation ids."""

import re
from pathlib import Path

import pytest

from conftest import scrub_response

CASSETTES = sorted((Path(__file__).parent / "cassettes").rglob("*.yaml"))
SECRET = re.compile(r"sk-[A-Za-z0-9_-]{8,}|Bearer\s+(?!REDACTED)\S+|org-[A-Za-z0-9]{8,}|proj_[A-Za-z0-9]{8,}")


def test_there_are_cassettes():
    assert len(CASSETTES) >= 4


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.relative_to(p.parents[1]).as_posix())
def test_cassette_has_no_secret(cassette):
    found = SECRET.findall(cassette.read_text())
    assert not found, f"{cassette} holds secret-looking values: {found[:3]}"


def test_response_scrubber_redacts_organisation_headers():
    response = {"headers": {"openai-organization": ["org-abcdefgh1234"], "Set-Cookie": ["a=b"], "date": ["x"]}}
    assert scrub_response(response)["headers"] == {
        "openai-organization": ["REDACTED"], "Set-Cookie": ["REDACTED"], "date": ["x"]}
