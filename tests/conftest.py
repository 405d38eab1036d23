import functools
import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from summarise.reading.article import article_from_text  # noqa: E402
from articles import ARTICLE  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie"]
SECRET_RESPONSE_HEADERS = SECRET_HEADERS + ["set-cookie", "openai-organization", "openai-project", "x-request-id"]


@pytest.fixture
def article():
    return article_from_text(ARTICLE, source="peru.txt")


@pytest.fixture(scope="session")
def one_pass_prompts(tmp_path_factory):
    """The shipped prompts asking for everything in one call: one scripted answer per request."""
    import shutil

    from summarise.extraction.prompts import default_prompts_dir, load_prompts

    target = tmp_path_factory.mktemp("prompts") / "prompts"
    shutil.copytree(default_prompts_dir(), target)
    (target / "passes.txt").write_text("actors acquisitions stances\n")
    return load_prompts(target)


@pytest.fixture(scope="module")
def vcr_config():
    return {
        "filter_headers": [(h, "REDACTED") for h in SECRET_HEADERS],
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
        "match_on": ["method", "path", "body_apart_from_versions"],
    }


# A re-ask quotes pydantic's error, which links to its documentation by pydantic's version: the request
# is the same request whichever pydantic asks it, so replays do not depend on the installed version.
PYDANTIC_ERROR_URL = re.compile(r"errors\.pydantic\.dev/\d+\.\d+/")


def body_apart_from_versions(recorded, current) -> None:
    # A plain raise, not an assert: pytest rewrites asserts in conftest.py and, with CI set, builds a full
    # diff of two article-sized bodies for every recorded request that does not match (seconds each).
    if normalised_body(recorded.body) != normalised_body(current.body):
        raise AssertionError("the request bodies differ")


@functools.lru_cache(maxsize=512)
def normalised_body(body: bytes | str | None) -> object:
    text = PYDANTIC_ERROR_URL.sub("errors.pydantic.dev/", body.decode("utf-8") if isinstance(body, bytes) else body or "")
    try:
        return json.loads(text)
    except ValueError:
        return text


def pytest_recording_configure(config, vcr):
    vcr.register_matcher("body_apart_from_versions", body_apart_from_versions)


def scrub_response(response):
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_RESPONSE_HEADERS:
            headers[name] = ["REDACTED"]
    return response


@pytest.fixture(scope="module")
def vcr_cassette_dir(request):
    return str(ROOT / "tests" / "cassettes" / request.module.__name__.split(".")[-1])


RERECORD = ("CASSETTE MISS: this request was never recorded, so the prompt, schema, examples or model changed "
            "since the cassette was made. Re-record it deliberately: make cassettes K={name}")


def caused_by_cassette_miss(error: BaseException | None) -> bool:
    from vcr.errors import CannotOverwriteExistingCassetteException

    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, CannotOverwriteExistingCassetteException):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and caused_by_cassette_miss(call.excinfo.value):
        report.longrepr = f"{RERECORD.format(name=test_id(item))}\n\n{report.longrepr}"


def test_id(item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.id if callspec else item.name
