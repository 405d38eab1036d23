"""Installed as a user installs it: `uv tool install` of the project into a home of its own, then run from
a folder that is not the project (so nothing comes from the source tree): help, the schema, `check` and a
summary against a fake endpoint, a batch and its review page, and the message that says how to add the
embedded model. `make test-install` runs these (they reach the package index, as installing does);
`make test` leaves them out."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarise.engine.model_files import PORTABLE_ENGINE_FLAGS

from articles import ARTICLE, GOOD_DRAFT
from fake_server import FakeOpenAI

pytestmark = pytest.mark.user_install

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """The environment of a user with summarise installed by `uv tool install`; its own home and PATH."""
    assert UV, "uv is needed: it is in the [dev] extra"
    home = tmp_path_factory.mktemp("home")
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("OPENAI_", "SUMMARISE_", "VIRTUAL_ENV", "PYTHON"))}
    env.update(HOME=str(home), UV_TOOL_DIR=str(home / "tools"), UV_TOOL_BIN_DIR=str(home / "bin"),
               UV_CACHE_DIR=os.environ.get("UV_CACHE_DIR", str(Path.home() / ".cache" / "uv")),
               XDG_CACHE_HOME=str(home / ".cache"), PATH=f"{home / 'bin'}:/usr/bin:/bin")
    subprocess.run([UV, "tool", "install", "--python", sys.executable, str(ROOT)], env=env, check=True,
                   capture_output=True, text=True, timeout=600)
    return env


def run(env: dict, *args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(["summarise", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    assert not check or result.returncode == 0, result.stderr
    return result


@pytest.fixture
def endpoint():
    server = FakeOpenAI(answers=[json.dumps(GOOD_DRAFT)], delay=0.01).start()
    yield ["--base-url", server.base_url, "--model", "fake", "--api-key", "unused"]
    server.shutdown()


def test_the_installed_command_answers_outside_the_project(installed, tmp_path):
    assert "Usage: summarise" in run(installed, "--help", cwd=tmp_path).stdout
    assert run(installed, "--version", cwd=tmp_path).stdout.startswith("summarise, version ")
    assert "acquisitions" in json.loads(run(installed, "schema", cwd=tmp_path).stdout)["properties"]


def test_the_installed_command_summarises_with_its_packaged_prompts(installed, endpoint, tmp_path):
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "peru.txt").write_text(ARTICLE)
    assert "answers:  yes" in run(installed, "check", *endpoint, cwd=tmp_path).stdout
    record = json.loads(run(installed, "feed/peru.txt", *endpoint, cwd=tmp_path).stdout)
    assert record["acquisitions"][0]["buyer"] == "Peru"
    run(installed, "batch", "feed", "-o", "out", *endpoint, cwd=tmp_path)
    run(installed, "review", "out", cwd=tmp_path)
    assert "Peru" in (tmp_path / "out" / "review.html").read_text()


def test_without_the_local_extra_the_message_says_how_to_add_it(installed, tmp_path):
    result = run(installed, "check", cwd=tmp_path, check=False)
    assert result.returncode == 1
    assert f'CMAKE_ARGS="{PORTABLE_ENGINE_FLAGS}"' in result.stdout and "[local]" in result.stdout

