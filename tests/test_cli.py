import json
import subprocess
import sys
from contextlib import contextmanager

import pytest
from click.testing import CliRunner

from summarise import cli as cli_module
from summarise.cli import cli

from articles import ARTICLE, GOOD_DRAFT
from fake_server import FakeOpenAI
from fakes import ScriptedEndpoint


@pytest.fixture
def fake_backend(monkeypatch):
    endpoint = ScriptedEndpoint([GOOD_DRAFT])

    @contextmanager
    def open_backend(config):
        yield endpoint.llm()

    monkeypatch.setattr("summarise.llm.backends.open_backend", open_backend)  # the CLI imports it when it runs
    return endpoint


def invoke(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_article_to_stdout(tmp_path, fake_backend):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = invoke(str(path))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["acquisitions"][0]["buyer"] == "Peru"


def test_stdin_and_output_file(tmp_path, fake_backend):
    result = invoke("-", "-o", str(tmp_path / "out.json"), input=ARTICLE)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((tmp_path / "out.json").read_text())["provenance"]["source"] == "<stdin>"


def run_main(monkeypatch, capsys, *args):
    monkeypatch.setattr("sys.argv", ["summarise", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    return exit_info.value.code, capsys.readouterr().err


def test_missing_file_is_one_clear_line(monkeypatch, capsys, tmp_path):
    code, err = run_main(monkeypatch, capsys, str(tmp_path / "nope.txt"))
    assert code == 1 and err == f"summarise: error: {tmp_path / 'nope.txt'}: no such file\n"


def test_remote_endpoint_without_key(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    code, err = run_main(monkeypatch, capsys, str(path), "--base-url", "https://api.example.com/v1", "--model", "m")
    assert code == 1 and "needs an API key" in err and "Traceback" not in err
    assert "give --api-key" in err  # the flag, where the Python API names its parameter


def test_unreachable_endpoint(monkeypatch, capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    monkeypatch.setattr("summarise.llm.client.CallSettings.transient_attempts", 1)
    code, err = run_main(monkeypatch, capsys, str(path), "--base-url", "http://127.0.0.1:9/v1", "--model", "m")
    assert code == 1 and "cannot reach the LLM endpoint http://127.0.0.1:9/v1" in err


def test_help_documents_exit_status():
    assert "3 some articles" in invoke("batch", "--help").stdout


@pytest.mark.parametrize("out", ["", "."])
def test_the_current_directory_is_no_output_folder(tmp_path, fake_backend, out):
    (tmp_path / "in").mkdir()
    (tmp_path / "in/a.txt").write_text(ARTICLE)
    result = invoke("batch", str(tmp_path / "in"), "-o", out)
    assert result.exit_code == 2 and "not the current directory" in result.output


def test_an_output_that_cannot_be_written_is_refused_before_any_call(tmp_path, fake_backend):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = invoke(str(article), "-o", str(tmp_path / "missing/folder/out.json"))
    assert result.exit_code == 2 and "does not exist" in result.output
    assert fake_backend.requests == []


def test_a_paid_summary_that_cannot_be_written_goes_to_stdout(tmp_path, fake_backend, monkeypatch):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)

    def disk_full(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("summarise.files.atomic_write", disk_full)
    result = CliRunner().invoke(cli, [str(article), "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1 and "the summary went to stdout" in result.output
    assert '"acquisitions"' in result.output


def test_a_base_url_that_is_not_http_is_refused():
    from summarise.errors import ConfigError
    from summarise.llm.backends import EndpointConfig, remote_llm

    with pytest.raises(ConfigError, match="not an http"):
        remote_llm(EndpointConfig(base_url="127.0.0.1:8000/v1", model="m"))


def test_a_file_named_like_an_option_is_read_after_a_double_dash(tmp_path, fake_backend, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-dash.txt").write_text(ARTICLE)
    for args in (["--", "-dash.txt"], ["one", "--", "-dash.txt"], ["-q", "--", "-dash.txt"]):
        result = invoke(*args)
        assert result.exit_code == 0, args
        assert json.loads(result.stdout)["provenance"]["source"] == "-dash.txt"


def test_quiet_silences_warnings_for_one_article(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes((ARTICLE + "\nSe\u00f1or Astudillo spoke.").encode() + "\nCaf\xe9 talk.".encode("latin-1"))
    server = FakeOpenAI(answers=[json.dumps(GOOD_DRAFT)]).start()
    try:
        runs = [subprocess.run([sys.executable, "-m", "summarise", *flags, str(path), "--base-url", server.base_url,
                                "--model", "fake"], capture_output=True, text=True, timeout=60)
                for flags in ([], ["-q"])]
    finally:
        server.shutdown()
    assert all(run.returncode == 0 for run in runs)
    assert "WARNING" in runs[0].stderr and runs[1].stderr == ""


def test_a_mistyped_command_is_named_with_the_one_meant():
    from click.testing import CliRunner
    from summarise.cli import cli as group

    result = CliRunner().invoke(group, ["bach", "feed", "-o", "out"])
    assert result.exit_code == 2 and "no such command 'bach'; did you mean 'batch'?" in result.output


def test_schema_prints_the_outputs_json_schema():
    from click.testing import CliRunner
    from summarise.cli import cli as group

    result = CliRunner().invoke(group, ["schema"])
    schema = json.loads(result.output)
    assert result.exit_code == 0 and {"actors", "acquisitions", "stances", "provenance"} <= set(schema["properties"])


def test_check_says_which_endpoint_answers_and_its_context():
    from click.testing import CliRunner
    from fake_server import FakeOpenAI
    from summarise.cli import cli as group

    with FakeOpenAI() as server:
        server.start()
        result = CliRunner().invoke(group, ["check", "--base-url", server.base_url + "?api-key=secret-query-1",
                                            "--model", "fake", "--context-tokens", "32000"])
        server.shutdown()
    assert result.exit_code == 0, result.output
    assert f"endpoint: {server.base_url}\n" in result.output and "answers:  yes" in result.output
    assert "context:  32,000 tokens" in result.output and "secret-query-1" not in result.output
    closed = CliRunner().invoke(group, ["check", "--base-url", server.base_url, "--model", "fake"])
    assert closed.exit_code == 1 and "answers:  no" in closed.output


def test_an_endpoint_from_openai_base_url_is_named_on_stderr(monkeypatch):
    with FakeOpenAI() as server:
        server.start()
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        result = CliRunner().invoke(cli, ["check", "--model", "fake"])
        server.shutdown()
    assert f"using endpoint {server.base_url} from OPENAI_BASE_URL" in result.stderr


def test_several_articles_are_json_lines_in_order_and_a_bad_one_is_named(tmp_path, fake_backend):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ARTICLE)
    second.write_text(ARTICLE.replace("12 Hermes", "14 Hermes"))
    result = CliRunner().invoke(cli, [str(first), str(tmp_path / "missing.txt"), str(second), "-o", "-"])
    lines = result.stdout.splitlines()
    assert result.exit_code == 3 and len(lines) == 2
    assert [json.loads(line)["provenance"]["source"] for line in lines] == [str(first), str(second)]
    assert "missing.txt" in result.stderr


def test_jsonl_gives_one_article_on_one_line(tmp_path, fake_backend):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = CliRunner().invoke(cli, [str(article), "--jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["acquisitions"]


def on_a_terminal(*args: str) -> tuple[int, str]:
    """The CLI run with stderr on a pseudo-terminal, as a person at a shell sees it."""
    import os
    import pty

    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "summarise", *args], stdout=subprocess.DEVNULL,
                               stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return process.wait(timeout=60), seen.decode("utf-8", "replace")


def test_batch_review_and_register_show_progress_on_a_terminal(tmp_path):
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "a.txt").write_text(ARTICLE)
    (tmp_path / "feed" / "empty.txt").write_text("")
    server = FakeOpenAI(answers=[json.dumps(GOOD_DRAFT)]).start()
    try:
        code, batch = on_a_terminal("batch", str(tmp_path / "feed"), "-o", str(tmp_path / "out"),
                                    "--base-url", server.base_url, "--model", "fake")
    finally:
        server.shutdown()
    assert code == 3 and "summarising" in batch and "2/2" in batch and "1 failed" in batch
    for command in ("review", "register"):
        code, shown = on_a_terminal(command, str(tmp_path / "out"))
        assert code == 0 and "reading summaries" in shown, shown
