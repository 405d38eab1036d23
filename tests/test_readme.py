"""The README's commands run as written, so it cannot go stale.

Run here, against the fake OpenAI-compatible server (OPENAI_BASE_URL set, as a user would set it): the
quick start's commands, one by one, in a folder holding `article.txt` and `feed/`; and the Python example,
with the hosted endpoint's address replaced by the fake's. Not run: `make run` and `make test` (CI runs
them), and the recipes for OpenAI, Ollama and vLLM, which need those servers.
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from articles import ARTICLE, GOOD_DRAFT
from fake_server import FakeOpenAI

README = Path(__file__).resolve().parents[1] / "README.md"


def block_after(heading: str, language: str) -> str:
    text = README.read_text(encoding="utf-8")
    section = text[text.index(heading):]
    return re.search(rf"```{language}\n(.*?)```", section, re.DOTALL).group(1)


def commands(block: str) -> list[str]:
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "feed").mkdir()
    for name in ("article.txt", "feed/a.txt", "feed/b.txt"):
        (tmp_path / name).write_text(ARTICLE)
    server = FakeOpenAI(answers=[json.dumps(GOOD_DRAFT)]).start()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("SUMMARISE_MODEL", "fake")
    yield tmp_path, server
    server.shutdown()


def test_the_quick_start_runs_as_written(workspace):
    tmp_path, _ = workspace
    shown = commands(block_after("## Quick start", "sh"))
    assert len(shown) == 6
    for command in shown:
        assert command.startswith("summarise ")
        result = subprocess.run([sys.executable, "-m", "summarise", *command.split()[1:]], capture_output=True,
                                text=True, timeout=120, env=os.environ)
        assert result.returncode == 0, (command, result.stderr[-2000:])
        assert "Traceback" not in result.stderr
    assert (tmp_path / "out/review.html").exists() and (tmp_path / "out/register.csv").exists()


def test_the_python_example_runs_as_written(workspace):
    tmp_path, server = workspace
    code = block_after("## From Python", "python").replace("https://api.openai.com/v1", server.base_url)
    namespace = {"texts": [ARTICLE, ARTICLE], "key": "sk-not-a-real-key-0000"}
    exec(compile(code, str(README), "exec"), namespace)
    assert len(namespace["summaries"]) == 2 and namespace["summaries"][0].acquisitions
    assert namespace["report"].done == 2
