"""Command line: the only place errors become messages for people."""

from __future__ import annotations

import difflib
import json
import logging
import os
import signal
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import SummariseError
from .extraction.rules import Rule, RuleSet, parse_rules
from .llm.stop import stopping
from .redaction import RedactingFilter, public_url, redact
from .settings import (DEFAULT_CONTEXT_TOKENS, DEFAULT_MAX_ANSWER_BYTES, DEFAULT_MAX_ARTICLE_BYTES,
                       MAX_BYTES_PER_FILE, MAX_REQUESTS_PER_FILE, RULES_OFF_ENV, Constraint, Passes)

if TYPE_CHECKING:  # the heavy modules load in the commands that need them: `--help` imports none
    from .extraction.prompts import PromptSet
    from .llm.backends import EndpointConfig
    from .batch.runner import Batch

EXIT_ERROR = 1
EXIT_SOME_FAILED = 3


class DefaultCommandGroup(click.Group):
    """`summarise ARTICLE` runs the default command; `summarise batch DIR` the named one."""

    default_command = "one"
    own_options = {"--help", "-h", "--version"}

    def parse_args(self, ctx, args):
        """Anything but a command name or the group's own options goes to `one`, so options may come
        before the article and `summarise -- -dash.txt` reads the file named -dash.txt. A word that is no
        file but close to a command's name is a mistyped command."""
        if args and args[0] not in self.commands and args[0] not in self.own_options:
            close = difflib.get_close_matches(args[0], list(self.commands), n=1, cutoff=0.75)
            if close and not Path(args[0]).exists():
                raise click.UsageError(f"no such command {args[0]!r}; did you mean {close[0]!r}?", ctx)
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, "[OPTIONS] ARTICLE... | COMMAND [ARGS]...")


def endpoint_options(command):
    options = [
        click.option("--base-url", envvar="OPENAI_BASE_URL", help="OpenAI-compatible endpoint "
                     "[env OPENAI_BASE_URL: when set, it replaces the embedded model]. Without one, the "
                     "embedded local model is used."),
        click.option("--model", envvar="SUMMARISE_MODEL", help="Model name at the endpoint [env SUMMARISE_MODEL]."),
        click.option("--api-key", envvar="OPENAI_API_KEY", help="API key [env OPENAI_API_KEY]; never written out."),
        click.option("--model-path", type=click.Path(dir_okay=False, path_type=Path),
                     envvar="SUMMARISE_MODEL_PATH", help="GGUF for the embedded server instead of the bundled one."),
        click.option("--threads", hidden=True, type=click.IntRange(1, 1024), default=None, help="Embedded engine threads (default: all cores)."),
        click.option("--max-retries", type=click.IntRange(0, 10), default=None,
                     help="Re-asks after an answer fails validation (default 1; 0 for the embedded model)."),
        click.option("--timeout", type=click.FloatRange(0, min_open=True), default=None, help="Seconds per request (default 900 local, 180 remote)."),
        click.option("--max-tokens", type=click.IntRange(64, 1_000_000), default=1024, show_default=True, help="Cap on output tokens."),
        click.option("--context-tokens", type=click.IntRange(512, 10_000_000), default=None,
                     help="The remote model's context window (default 8192); longer articles are split."),
        click.option("--constraint", hidden=True, type=click.Choice([c.value for c in Constraint]), default=None,
                     help="schema: grammar from the JSON schema; json: any JSON; none: free text; lazy: free text, "
                          "the schema grammar only when that is not JSON (default: lazy embedded, schema otherwise)."),
        click.option("--questions/--no-questions", hidden=True, default=None,
                     help="Ask the model narrow questions that decide each deal's recipient and direction and each "
                          "stance's position, and ask for the stances of each party given none, "
                          "read from log-probabilities (default: on embedded, where they "
                          "reuse the cached article; off for a remote endpoint, which must return logprobs)."),
        click.option("--response-cache", type=click.Path(file_okay=False, path_type=Path),
                     envvar="SUMMARISE_RESPONSE_CACHE", help="Keep answers here by request; the same request "
                     "is never paid for twice [env SUMMARISE_RESPONSE_CACHE]."),
        click.option("--passes", hidden=True, type=click.Choice([p.value for p in Passes]), default=None,
                     help="focused: a request for each pass (actors, acquisitions, stances), what a small model "
                          "needs; one: one request for the whole schema, a third of the input tokens "
                          "(default: focused embedded, one for a remote endpoint)."),
        click.option("--rules-off", "rules", hidden=True, envvar=RULES_OFF_ENV, callback=rule_set,
                     help="Rule families to switch off, for measurement, e.g. verbs,direction "
                          f"[env {RULES_OFF_ENV}]; families: {', '.join(Rule)}."),
        click.option("--max-answer-bytes", hidden=True, type=click.IntRange(1024), default=DEFAULT_MAX_ANSWER_BYTES,
                     show_default=True, help="An answer past this size is cut off and fails its article."),
        click.option("--max-article-bytes", type=click.IntRange(0), default=DEFAULT_MAX_ARTICLE_BYTES,
                     show_default=True, help="A bigger input file is refused before any call (0: no limit)."),
        click.option("-v", "--verbose", is_flag=True, help="Log requests and retries to stderr."),
    ]
    for option in reversed([*options, help_all]):
        command = option(command)
    return command


def show_all_options(ctx: click.Context, param, value: bool) -> None:
    """--help-all: the help with the developer knobs (engine, decoding, rule switches) shown too."""
    if not value or ctx.resilient_parsing:
        return
    for option in ctx.command.params:
        option.hidden = False
    click.echo(ctx.get_help())
    ctx.exit()


help_all = click.option("--help-all", is_flag=True, expose_value=False, is_eager=True, callback=show_all_options,
                        help="Show every option, the engine's and the measurement switches too.")


def not_empty(value: Path) -> Path:
    if not str(value).strip() or value == Path("."):
        raise click.BadParameter("give a folder of its own for the outputs, not the current directory")
    return value


def rule_set(ctx, param, value: str | None) -> RuleSet:
    try:
        return RuleSet.without(parse_rules(value or ""))
    except ValueError as e:
        raise click.BadParameter(str(e)) from e


def build_config(base_url, model, api_key, model_path, threads, timeout, max_retries, max_tokens, constraint,
                 context_tokens, response_cache=None, max_answer_bytes=DEFAULT_MAX_ANSWER_BYTES, questions=None,
                 **_) -> EndpointConfig:
    from .llm.backends import EndpointConfig
    from .llm.client import CallSettings
    from .engine.embedded import ServerSettings
    server = ServerSettings(model_path=model_path)
    if threads:
        server = ServerSettings(model_path=model_path, threads=threads)
    call = CallSettings(max_retries=max_retries, max_tokens=max_tokens,
                        constraint=Constraint(constraint) if constraint else None, questions=questions)
    return EndpointConfig.from_env(base_url=base_url, model=model, api_key=api_key, timeout=timeout, call=call,
                                   server=server, context_tokens=context_tokens, response_cache=response_cache,
                                   max_answer_bytes=max_answer_bytes)


@click.group(cls=DefaultCommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="summarise")
def cli():
    """Turn defence and geopolitics news articles into grounded, structured records.

    \b
    summarise ARTICLE...         articles (files, or - for stdin) to JSON on stdout
    summarise batch DIR -o OUT   every article under DIR, resumable
    summarise review OUT         one HTML page: every record on its article's text
    summarise register OUT       one row per deal across the articles of OUT

    `summarise one --help` lists the options for one article, `--help-all` the engine's and the
    measurement switches too.
    """


@cli.command("one", short_help="Articles to grounded JSON (the default command).")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
              help="Write the JSON here (- for stdout, the default).")
@click.option("--jsonl", is_flag=True, help="One compact JSON object a line, as for several articles.")
@click.option("-q", "--quiet", is_flag=True, help="Errors only: no warnings or library log lines.")
@endpoint_options
def summarise_one(articles: tuple[Path, ...], output: Path | None, jsonl: bool, quiet: bool, verbose: bool,
                  max_article_bytes: int, **options):
    """Summarise each ARTICLE (a path, or - for stdin) into grounded JSON: one article as an indented JSON
    object, several (or --jsonl) as JSON Lines in the order given. An article that cannot be read is named
    on stderr and the others go on (exit status 3)."""
    from .llm.backends import open_backend
    from .pipeline import summarise_article

    configure_logging(verbose, quiet)
    output = None if output is None or str(output) == "-" else output
    if output:
        check_writable(output)  # before any paid call
    loaded, failed = read_articles(articles, max_article_bytes)  # bad input is named before any call
    config, prompts = configured(options)
    lines = jsonl or len(articles) > 1
    texts = []
    with open_backend(config) as llm:
        for article in loaded:
            try:
                summary = summarise_article(article, llm, prompts, options["rules"])
            except SummariseError as e:
                if len(articles) == 1:
                    raise
                click.echo(f"summarise: {article.source}: {worded(e)}", err=True)
                failed += 1
                continue
            record = summary.model_dump(mode="json")
            texts.append(json.dumps(record, ensure_ascii=False, **({} if lines else {"indent": 2})) + "\n")
            if not output:
                sys.stdout.write(texts[-1])
                sys.stdout.flush()
    if output:
        write_paid_for(output, "".join(texts))
    if failed:
        sys.exit(EXIT_SOME_FAILED)


FLAGS = {"api_key": "--api-key", "model": "--model", "context_tokens": "--context-tokens",
         "max_tokens": "--max-tokens", "max_article_bytes": "--max-article-bytes", "db_path": "--db"}


def worded(error: SummariseError) -> str:
    """An error for the command line: settings named by their flags, secrets redacted."""
    return redact(error.worded(lambda name: FLAGS.get(name, name)))


def read_articles(paths: tuple[Path, ...], max_article_bytes: int) -> tuple[list, int]:
    """The articles that can be read; one that cannot is named on stderr (alone, it is the error)."""
    loaded, failed = [], 0
    for path in paths:
        try:
            loaded.append(read_article(path, max_article_bytes))
        except SummariseError as e:
            if len(paths) == 1:
                raise
            click.echo(f"summarise: {worded(e)}", err=True)
            failed += 1
    return loaded, failed


def read_article(path: Path, max_article_bytes: int):
    from .reading.article import load_article

    return read_stdin(max_article_bytes) if str(path) == "-" else load_article(path, max_article_bytes)


def write_paid_for(output: Path, text: str) -> None:
    from .files import atomic_write

    try:
        atomic_write(output, text)
    except OSError as e:  # the answers are paid for: never lose them
        sys.stdout.write(text)
        raise click.ClickException(f"{output}: cannot be written ({e.strerror}); the summary went to stdout") from e


def read_stdin(max_bytes: int):
    from .reading.article import article_from_bytes, check_size
    data = sys.stdin.buffer.read(max_bytes + 1) if max_bytes else sys.stdin.buffer.read()
    check_size(len(data), "<stdin>", max_bytes)
    return article_from_bytes(data, "<stdin>")


def configured(options: dict) -> tuple[EndpointConfig, PromptSet]:
    """The endpoint and the prompts for its strategy; the embedded engine told the instructions."""
    from .extraction.prompts import load_prompts
    from .llm.backends import with_instructions
    config = build_config(**options)
    say_where_the_endpoint_came_from(config)
    prompts = load_prompts(passes=passes_for(config, options["passes"]))
    return with_instructions(config, prompts.system_message), prompts


def say_where_the_endpoint_came_from(config: EndpointConfig) -> None:
    """A globally set OPENAI_BASE_URL turns the embedded default off: never silently."""
    context = click.get_current_context(silent=True)
    source = context.get_parameter_source("base_url") if context else None
    if config.base_url and source is click.core.ParameterSource.ENVIRONMENT:
        click.echo(f"summarise: using endpoint {public_url(config.base_url)} from OPENAI_BASE_URL "
                   "(unset it for the embedded model)", err=True)


def passes_for(config: EndpointConfig, chosen: str | None) -> Passes:
    """The small embedded model needs focused passes; a remote model is taken to be a strong one."""
    return Passes(chosen) if chosen else Passes.one if config.base_url else Passes.focused


def check_writable(path: Path, hint: str = "--output") -> None:
    """Before any paid call: the file can be made where it is asked for."""
    from .batch.runner import path_max
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise click.BadParameter(f"{path}: folder {folder} does not exist", param_hint=hint)
    if len(os.fsencode(path.absolute())) >= path_max(folder):
        raise click.BadParameter(f"{path}: the path is longer than the file system allows", param_hint=hint)
    if path.is_dir() or (path.exists() and not os.access(path, os.W_OK)):
        raise click.BadParameter(f"{path}: cannot be written here", param_hint=hint)
    check_writable_folder(folder, hint)


def check_writable_folder(folder: Path, hint: str) -> None:
    """A file can be created in the folder, or in the nearest folder above it that exists, where it would
    be made (tried, not guessed; nothing is left behind)."""
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    try:
        if not existing.is_dir():
            raise NotADirectoryError(20, "Not a directory")
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".summarise-probe-"):
            pass
    except OSError as e:
        raise click.BadParameter(f"{folder}: cannot write here ({e.strerror})", param_hint=hint) from e


@cli.command("batch", short_help="Every article under a folder, resumable.")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              callback=lambda ctx, param, value: not_empty(value),
              help="Folder for OUT/<id>.json, summaries.jsonl, errors.jsonl and run-report.json.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=1, show_default=True,
              help="Requests in flight at once.")
@click.option("--force", is_flag=True, help="Re-summarise articles whose output is up to date.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no report line.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite store kept in step with the outputs [default: OUT/summaries.db].")
@click.option("--estimate", is_flag=True, help="Print the articles to do and their tokens; call no model.")
@click.option("--batch-api", is_flag=True, help="Send the requests through the endpoint's Batch API (half the "
              "price, its own limits); a rerun resumes the batches already sent.")
@click.option("--write-requests", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the requests as a batch file (for `vllm run-batch`) and stop.")
@click.option("--read-results", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Finish the run from a batch results file; with --write-requests, write the next pass's.")
@click.option("--batch-max-requests", type=click.IntRange(1), default=MAX_REQUESTS_PER_FILE, show_default=True,
              help="Requests per batch file (the provider's limit).")
@click.option("--batch-max-bytes", type=click.IntRange(1024), default=MAX_BYTES_PER_FILE, show_default=True,
              help="Bytes per batch file (the provider's limit).")
@click.option("--batch-poll", type=click.FloatRange(0.01), default=5.0, show_default=True,
              help="Seconds before the first poll of a batch; doubled each time up to 60.")
@endpoint_options
def batch_command(directory: Path, out: Path, jobs: int, force: bool, quiet: bool, verbose: bool,
                  db_path: Path | None, max_article_bytes: int, estimate: bool, batch_api: bool,
                  write_requests: Path | None, read_results: Path | None, batch_max_requests: int,
                  batch_max_bytes: int, batch_poll: float, **options):
    """Summarise every .txt, .md and .html file under DIRECTORY.

    An article is skipped when its output is already there for the same text,
    prompt, schema and model. Exit status: 0 all summarised, 3 some articles
    failed (listed in OUT/errors.jsonl), 1 the run could not start, 2 usage.
    """
    from .llm.backends import open_backend
    from .llm.batch_api import BatchApi
    from .batch.runner import Batch, RunKey
    configure_logging(verbose, quiet)
    check_writable_folder(out, "--output")
    for path, hint in ((write_requests, "--write-requests"), (db_path, "--db")):
        if path is not None:
            check_writable(path, hint)
    config, prompts = configured(options)
    key = RunKey(prompts.version, expected_model_label(config), rules=options["rules"])
    batch = Batch(source=directory, out=out, key=key,
                  force=force, jobs=jobs, db_path=db_path, max_article_bytes=max_article_bytes)
    if estimate:
        print_estimate(batch, prompts, config)
        return
    exchange = exchange_for(config, out, batch_api, write_requests, read_results,
                            BatchApi(out, batch_max_requests, batch_max_bytes, first_poll_s=batch_poll,
                                     on_progress=lambda line: quiet or click.echo(line, err=True)))
    with progress(batch, quiet):
        if exchange is None:
            report = batch.run(lambda: open_backend(config), prompts)
        else:
            report = batch.run_in_rounds(lambda: open_backend(config), prompts, exchange)
    if not quiet:
        click.echo(report.line(), err=True)
    if report.failed:
        sys.exit(EXIT_SOME_FAILED)


def exchange_for(config: EndpointConfig, out: Path, batch_api: bool, write_requests: Path | None,
                 read_results: Path | None, api: BatchApi):
    from .llm.batch_api import RequestsFile, ResultsFile
    if not (batch_api or write_requests or read_results):
        return None
    if not config.base_url:
        raise click.UsageError("batch files and the Batch API are for a remote endpoint: give --base-url and "
                               "--model (the embedded model answers each request as it comes)")
    if batch_api and (write_requests or read_results):
        raise click.UsageError("--batch-api sends the requests itself; --write-requests and --read-results "
                               "are for files sent some other way")
    if batch_api:
        return api
    then = RequestsFile(write_requests, out) if write_requests else None
    return ResultsFile(read_results, out, then) if read_results else then


def print_estimate(batch: Batch, prompts, config: EndpointConfig) -> None:
    from .batch.runner import RunReport
    from .batch.estimate import estimate, gguf_token_counter  # the GGUF tokenizer: only when estimating
    from .engine.model_files import resolve_model_path

    report = RunReport()
    todo = list(batch.plan(report, record=False))
    if report.failed:
        click.echo(f"{report.failed} articles cannot be read (a run lists them in errors.jsonl)")
    counter = None if config.base_url else gguf_token_counter(resolve_model_path(config.server.model_path))
    context = config.context_tokens or (DEFAULT_CONTEXT_TOKENS if config.base_url else config.server.context_size)
    kwargs = {"count": counter, "tokenizer": "the model's tokenizer"} if counter else {}
    for line in estimate(todo, prompts, context, config.call.max_tokens, **kwargs).lines():
        click.echo(line)


@cli.command("review", short_help="One HTML page: every record on its text.")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the page [default: OUT/review.html].")
@click.option("--serve", is_flag=True, help="Serve the page on 127.0.0.1 to accept, reject and correct items "
              "(keys j/k, a, r, e); decisions go to OUT/decisions.jsonl and the store.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="The port to serve on [default: a free one].")
@click.option("--who", default=None, help="The name decisions are recorded under [default: your login].")
def review_command(out: Path, output: Path | None, serve: bool, port: int, who: str | None):
    """Write one self-contained HTML page showing every record of OUT on its article's text, or with --serve
    open it as a workbench that records the analyst's decisions."""
    from .outputs.found import read_outputs
    from .workbench.review import write_review

    if serve:
        return serve_review(out, port, who)
    check_writable(output or out / "review.html")
    outputs, left_out = read_outputs(out, tracked("reading summaries"))
    for left in left_out:
        click.echo(left.line(), err=True)
    if not outputs:
        raise click.ClickException(f"{out}: no summaries here (run `summarise batch DIR -o {out}` first)")
    page = output or out / "review.html"
    shown = write_review(outputs, page)
    click.echo(f"{page}: {shown} article{'s' if shown != 1 else ''}", err=True)


def serve_review(out: Path, port: int, who: str | None) -> None:
    from .workbench.server import Workbench, address, serve

    workbench = Workbench(out=out, db_path=out / "summaries.db", **({"who": who} if who else {}))
    try:
        server = serve(workbench, port)
    except OSError as e:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {e.strerror or e}") from e
    click.echo(f"summarise: reviewing {out} at {address(server, workbench)} (Ctrl-C stops)", err=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


@cli.command("export-gold", short_help="Reviewed articles as gold files for eval.")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "gold_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The folder to write NAME.json gold files into.")
def export_gold_command(out: Path, gold_dir: Path):
    """Write every reviewed article of OUT as a gold file: accepted and corrected items required, rejected
    items left out, items marked missing required, undecided items optional. `summarise eval GOLD OUT`
    then measures a run against them."""
    from .quality.export import export_gold

    check_writable_folder(gold_dir, "--output")
    exported = export_gold(out, gold_dir)
    if exported.skipped:
        click.echo(f"summarise: {out / 'decisions.jsonl'}: {exported.skipped} lines are not decisions; skipped",
                   err=True)
    click.echo(f"{len(exported.written)} gold files in {gold_dir}", err=True)


@cli.command("register", short_help="One row per deal across the articles.")
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write OUTPUT.csv and OUTPUT.json [default: OUT/register].")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Mark deals and status changes reported on or after this day (YYYY-MM-DD).")
@click.option("--against", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Mark deals and status changes that this earlier register.json did not hold.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Store to add the register tables to, if it exists [default: OUT/summaries.db].")
def register_command(out: Path, output: Path | None, since, against: Path | None, db_path: Path | None):
    """One row per deal (recipient, supplier, system) across every summary of OUT.

    Reports of one deal by several articles are merged: names of one party
    ("Belgrade", "Serbia") and systems sharing a designation ("Wing Loong",
    "Wing Loong II drones"). Every merge is listed with its reason in the JSON.
    """
    from .register import build_register, write_register
    from .register.changes import describe_changes

    check_writable((output or out / "register").with_suffix(".csv"))
    register = build_register(out, since=since.date().isoformat() if since else None, against=against,
                              track=tracked("reading summaries"))
    for left in register.left_out:
        click.echo(left.line(), err=True)
    if not register.articles:
        raise click.ClickException(f"{out}: no summaries here (run `summarise batch DIR -o {out}` first)")
    written = write_register(register, output or out / "register", db_path or out / "summaries.db")
    for line in describe_changes(register.rows, register.gone) if (since or against) else []:
        click.echo(line)
    merged = len(register.merged_rows())
    click.echo(f"{len(register.rows)} deals from {register.articles} articles, {merged} reported by several; "
               f"{len(register.parties)} parties known by several names: {', '.join(map(str, written))}", err=True)


@cli.command("eval", short_help="Precision and recall of OUT against gold files.")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("out", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object: totals, each article, problems.")
def eval_command(gold_dir: Path, out: Path, as_json: bool):
    """Score the summaries of OUT against the gold files of GOLD_DIR (NAME.json for the article NAME.*).

    Per category: precision, recall and F1; macro F1; deals with buyer and seller reversed; evidence quotes
    found verbatim in their article. Recall counts required gold items; precision counts an item right when
    it matches any gold item. Gold files follow the annotation guidelines (docs/output.md).
    """
    from .quality.scoring import evaluate
    from .quality.report import evaluation_lines

    evaluation = evaluate(gold_dir, out)
    for problem in [*evaluation.unread_gold, *evaluation.left_out]:
        click.echo(f"summarise: {redact(problem)}", err=True)
    if as_json:
        click.echo(json.dumps(evaluation.as_dict(), ensure_ascii=False))
    else:
        for line in evaluation_lines(evaluation):
            click.echo(line)
    if not evaluation.articles and not evaluation.unread_gold:
        raise click.ClickException(f"{gold_dir}: no gold files (NAME.json) here")
    if evaluation.unread_gold:
        sys.exit(EXIT_SOME_FAILED)


@cli.command("schema", short_help="The output's JSON Schema.")
def schema_command():
    """Print the JSON Schema of one article's output."""
    from .schema import ArticleSummary

    click.echo(json.dumps(ArticleSummary.model_json_schema(), indent=2))


@cli.command("check", short_help="The endpoint a run would use; does it answer?")
@endpoint_options
def check_command(verbose: bool, max_article_bytes: int, **options):
    """Say which endpoint and model would be used, whether it answers, and its context size."""
    configure_logging(verbose, quiet=False)
    config, _ = configured(options)
    from .llm.check import check_endpoint

    lines, answered = check_endpoint(config, worded)
    for line in lines:
        click.echo(line)
    if not answered:
        sys.exit(EXIT_ERROR)


def expected_model_label(config: EndpointConfig) -> str:
    if config.base_url:
        return config.model or ""
    from .engine.model_files import resolve_model_path

    return resolve_model_path(config.server.model_path).name


def tracked(description: str):
    """A progress bar over a list while it is worked through, on a terminal; the list as it is elsewhere."""
    if not sys.stderr.isatty():
        return iter
    from rich.console import Console
    from rich.progress import track

    return lambda items: track(items, description=description, console=Console(stderr=True), transient=True)


class progress:
    """A progress bar on a terminal (done of total, failed, the article being read); nothing when piped or
    quiet."""

    def __init__(self, batch: Batch, quiet: bool):
        self.batch, self.enabled = batch, not quiet and sys.stderr.isatty()
        self.failed, self.reading = 0, ""

    def __enter__(self):
        if self.enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("summarising"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[state]}"), TimeElapsedColumn(), transient=False,
                                console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("summarising", total=len(self.batch.discover()), state="")
            self.batch.on_progress = self.on_progress
        return self

    def on_progress(self, article_id: str, outcome: str) -> None:
        if outcome == "started":
            self.reading = article_id
        else:
            self.failed += outcome == "failed"
            self.bar.advance(self.task)
        failed = f"{self.failed} failed · " if self.failed else ""
        self.bar.update(self.task, state=f"{failed}{self.reading[-50:]}")

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()


def configure_logging(verbose: bool, quiet: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactingFilter())
    if not verbose:
        for noisy in ("instructor", "httpx", "httpx2", "openai"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)
    said = logging.getLogger("summarise.progress")  # a long first run says what it is doing
    if not quiet and not said.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("summarise: %(message)s"))
        said.addHandler(handler)
        said.setLevel(logging.INFO)
        said.propagate = False


def main() -> None:
    signal.signal(signal.SIGTERM, on_stop_signal)
    signal.signal(signal.SIGINT, on_stop_signal)
    code = 0
    try:
        cli.main(standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("summarise: interrupted", err=True)
        code = 130
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else EXIT_ERROR
        if code in STOP_CODES.values():
            click.echo("summarise: stopped", err=True)
    except click.ClickException as e:
        e.show()
        code = e.exit_code
    except SummariseError as e:
        click.echo(f"summarise: error: {worded(e)}", err=True)
        code = EXIT_ERROR
    leave(code)


STOP_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
_stopping = False


def on_stop_signal(signum, frame) -> None:
    """The first Ctrl-C or SIGTERM stops the run cleanly (report written, embedded server stopped); a
    second one while that happens ends the process at once."""
    global _stopping
    if _stopping:
        os._exit(STOP_CODES.get(signum, 1))
    _stopping = True
    stopping.set()  # answers in flight end at their next chunk
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    sys.exit(STOP_CODES.get(signum, 1))


def leave(code: int) -> None:
    """Exit without waiting for requests still in flight in worker threads: a server that never answers
    must not hold the process (their articles are redone by the next run)."""
    sys.stdout.flush()
    sys.stderr.flush()
    if stopping.is_set() and any(t.is_alive() and not t.daemon for t in threading.enumerate()
                                 if t is not threading.main_thread()):
        os._exit(code)
    if code:
        sys.exit(code)
