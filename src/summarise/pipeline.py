"""One article in, one grounded ArticleSummary out."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timezone

from . import __version__
from .reading.article import Article
from .reading.chunks import estimate_tokens, split_for_context
from .errors import ConfigError, setting
from .llm.client import LLM, PassAnswer
from .extraction.confidence import calibration_for, with_confidence
from .extraction.digest import digest
from .extraction.draft import Draft, GroundingContext, part_model
from .extraction.grounding import fold
from .extraction.injection import citing, sentences_addressed_to_a_model
from .extraction.normalise import merge_acquisitions, normalise
from .extraction.questions import Asker, sentence_number
from .extraction.prompts import PromptSet
from .extraction.statement import marked
from .extraction.rules import (ALL_ON, Rule, RuleSet, direction_check, evidence, holder_named, holders,
                               position_check, quantity_check, recipient, recipients, speakers, stances_per_holder,
                               supplier, unknown_states)
from .schema import Actor
from .schema import SCHEMA_VERSION, Acquisition, ArticleSummary, Call, DroppedItem, Provenance, Stance, Usage

TEMPLATE_TOKENS_PER_MESSAGE = 8  # chat-template markers around each message
SAFETY_MARGIN_TOKENS = 64
MIN_ARTICLE_TOKENS = 256  # a few sentences an excerpt: less would split an article into a request a sentence


def summarise_article(article: Article, llm: LLM, prompts: PromptSet, rules: RuleSet = ALL_ON) -> ArticleSummary:
    """One article's summary: the passes over each excerpt, the follow-up questions, the rules that check
    and rewrite the answers (those `rules` leaves on), and provenance."""
    started = time.perf_counter()
    flagged = sentences_addressed_to_a_model(article)
    excerpts = split_for_context(replace(article, withheld=flagged), article_budget(article, llm, prompts))
    by_excerpt = [extract_in_passes(excerpt, llm, prompts, rules) for excerpt in excerpts]
    askers = [Asker(llm, prompts, excerpt) for excerpt in excerpts] if llm.asks_questions else []
    heard = [speakers.RULE.apply(excerpt, [r.draft for r in passes], ask) if speakers_asked(rules, prompts) else None
             for excerpt, passes, ask in zip(excerpts, by_excerpt, askers)]
    if askers:
        by_excerpt = with_follow_ups(excerpts, by_excerpt, heard, llm, prompts, rules)
    results = [result for passes in by_excerpt for result in passes]
    actors, acquisitions, stances, dropped = normalise([r.draft for r in results] + [h for h in heard if h], article,
                                                       rules)
    if askers:
        acquisitions = merge_acquisitions([checked_deal(a, actors, asker_for(a, askers), rules)
                                           for a in acquisitions])
        if rules.on(Rule.position_check):
            stances = [position_check.RULE.apply(s, asker_for(s, askers)) for s in stances]
        if rules.on(Rule.stances_per_holder):
            stances, capped = stances_per_holder.RULE.apply(stances)
            dropped = [*dropped, *capped]
        if rules.on(Rule.unknown_states):
            actors, not_parties = unknown_states.RULE.apply(actors, acquisitions, stances,
                                                            lambda actor: asker_for(actor, askers))
            dropped = [*dropped, *not_parties]
    calibration = calibration_for(llm.model_label)
    acquisitions = with_confidence(acquisitions, "acquisitions", calibration)
    stances = with_confidence(stances, "stances", calibration)
    acquisitions, stances, unnamed = checked_evidence(acquisitions, stances, article, actors, flagged, rules)
    dropped = [*dropped, *unnamed]
    if flagged:
        actors, acquisitions, stances, dropped = without_items_citing(flagged, article, actors, acquisitions,
                                                                      stances, dropped)
    return ArticleSummary(
        title=article.title,
        published=article.published,
        url=article.url,
        summary=digest(acquisitions, stances),
        actors=actors,
        acquisitions=acquisitions,
        stances=stances,
        dropped=dropped,
        warnings=warnings_for(actors, acquisitions, stances, dropped),
        provenance=Provenance(
            tool_version=__version__,
            model=llm.model_label,
            endpoint=llm.endpoint,
            prompt_version=prompts.version,
            schema_version=SCHEMA_VERSION,
            article_sha256=article.sha256,
            source=article.source,
            usage=sum((r.usage for r in results), Usage()) + sum((a.usage for a in askers), Usage()),
            attempts=sum(r.attempts for r in results),
            excerpts=len(excerpts),
            passes=prompts.strategy,
            rules_off=rules.names_off,
            calls=[*(call_record(result, number) for number, passes in enumerate(by_excerpt, 1) for result in passes),
                   *(question_record(asker, number) for number, asker in enumerate(askers, 1) if asker.calls)],
            calibration=calibration.name if calibration else None,
            seconds=round(time.perf_counter() - started, 3),
            created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )


def warnings_for(actors, acquisitions, stances, dropped) -> list[str]:
    if dropped and not (actors or acquisitions or stances):
        return [f"every item the model gave ({len(dropped)}) was dropped; see 'dropped' for why"]
    return []


def without_items_citing(flagged, article, actors, acquisitions, stances, dropped):
    kept = {}
    for category, items in (("actors", actors), ("acquisitions", acquisitions), ("stances", stances)):
        kept[category], moved = citing(items, article, flagged, category)
        dropped = [*dropped, *moved]
    return kept["actors"], kept["acquisitions"], kept["stances"], dropped


def extract_in_passes(article: Article, llm: LLM, prompts: PromptSet, rules: RuleSet = ALL_ON) -> list[PassAnswer]:
    """The prompt's passes in order; later passes know the actors found earlier."""
    results: list[PassAnswer] = []
    for categories in prompts.passes:
        known = actor_kinds([r.draft for r in results])
        if results and not known and "actors" not in categories:
            break  # no one is named here (filler, an excerpt between stories): nothing to acquire or hold
        results.append(pass_answer(llm, prompts.messages(article, categories), article,
                                   categories, known, prompts, rules))
    return results


def pass_answer(llm: LLM, messages: list[dict[str, str]], article: Article, categories: tuple[str, ...], known: dict,
                prompts: PromptSet, rules: RuleSet) -> PassAnswer:
    """One pass's answer, grounded in the article: re-asked or salvaged by the grounding checks."""
    model = part_model(categories)
    checks = GroundingContext(article=article, strict=True, actor_kinds=known, example_wording=prompts.example_wording,
                              rules=rules)
    return llm.extract(messages, model, checks, label=" ".join(model.categories()))


def actor_kinds(drafts) -> dict:
    """The actors the answers so far name, folded, with their kinds: what later calls are told."""
    return {fold(a.name): a.kind for d in drafts for a in d.items("actors")}


def speakers_asked(rules: RuleSet, prompts: PromptSet) -> bool:
    """The speakers no answer lists are looked for when holders will be asked for their stances."""
    return rules.on(Rule.speakers) and rules.on(Rule.holders) and any("stances" in p for p in prompts.passes)


def with_follow_ups(excerpts: list[Article], by_excerpt: list[list[PassAnswer]], heard: list[Draft | None], llm: LLM,
                    prompts: PromptSet, rules: RuleSet) -> list[list[PassAnswer]]:
    """Each excerpt's passes, then the passes asked again party by party: the holders, with the speakers no
    answer lists among them (`heard`, speakers.py), and the buyers."""
    categories = {c for p in prompts.passes for c in p}
    for category, (rule, _) in ONE_BY_ONE.items():
        if rules.on(rule.family) and category in categories:
            also = heard if category == "stances" else [None] * len(excerpts)
            by_excerpt = [[*passes, *asked_party_by_party(excerpt, passes, speakers_there, llm, prompts, rules,
                                                          category)]
                          for excerpt, passes, speakers_there in zip(excerpts, by_excerpt, also)]
    return by_excerpt


# The follow-up passes, one party at a time, in the order they run: the rule (its `apply` gives whom to ask,
# with the sentences to look at) and what of the answer to keep.
ONE_BY_ONE = {"stances": (holders.RULE, holders.only_their_stances),
              "acquisitions": (recipients.RULE, recipients.only_their_acquisitions)}


def asked_party_by_party(article: Article, results: list[PassAnswer], speakers_heard: Draft | None, llm: LLM,
                         prompts: PromptSet, rules: RuleSet, category: str) -> list[PassAnswer]:
    """One category asked again for each party the passes leave short (holders.py, recipients.py), the
    speakers they do not list among them (speakers.py)."""
    rule, keep = ONE_BY_ONE[category]
    drafts = [r.draft for r in results] + ([speakers_heard] if speakers_heard else [])
    known = actor_kinds(drafts)
    answers = []
    for party, sentences in rule.apply(drafts, article):
        answer = pass_answer(llm, prompts.party_messages(article, category, party, sentences), article, (category,),
                             known, prompts, rules)
        keep(answer.draft, party)
        answers.append(answer)
    return answers


def checked_deal(acquisition: Acquisition, actors: list[Actor], ask: Asker, rules: RuleSet) -> Acquisition:
    """The deal's recipient, direction, supplier and count, decided again by the questions the rules leave on."""
    if rules.on(Rule.recipient):
        acquisition = recipient.RULE.apply(acquisition, actors, ask)
    if rules.on(Rule.direction_check):
        acquisition = direction_check.RULE.apply(acquisition, ask)
    if rules.on(Rule.supplier):
        supplied = supplier.RULE.apply(acquisition, actors, ask)
        if supplied is not acquisition and rules.on(Rule.direction_check):  # a new pair of parties: its direction
            supplied = direction_check.RULE.apply(supplied, ask)
        acquisition = supplied
    if rules.on(Rule.quantity_check):
        acquisition = quantity_check.RULE.apply(acquisition, ask)
    return acquisition


def checked_evidence(acquisitions: list[Acquisition], stances: list[Stance], article: Article, actors: list[Actor],
                     flagged: frozenset[int],
                     rules: RuleSet) -> tuple[list[Acquisition], list[Stance], list[DroppedItem]]:
    """The evidence stage: each quote widened to its neighbour where only both together state the item, a
    sentence naming the recipient or the seller cited beside a deal's quote that does not, the stances whose
    quote does not name their holder dropped (returned), and on every item what its quote leaves unnamed."""
    unnamed = []
    if rules.on(Rule.evidence):
        acquisitions = [evidence.RULE.apply(a, article, actors, flagged) for a in acquisitions]
        acquisitions = [evidence.BUYER_CITED.apply(a, article, actors, flagged) for a in acquisitions]
        acquisitions = [evidence.SELLER_CITED.apply(a, article, actors, flagged) for a in acquisitions]
        stances = [evidence.RULE.apply(s, article, actors, flagged) for s in stances]
    if rules.on(Rule.holder_named):
        stances, unnamed = holder_named.RULE.apply(stances, actors)
    return [marked(a, actors) for a in acquisitions], [marked(s, actors) for s in stances], unnamed


def asker_for(item: Acquisition | Stance | Actor, askers: list[Asker]) -> Asker:
    """The excerpt that shows the item's sentence."""
    return next((a for a in askers if sentence_number(a.article, item.evidence.start) is not None), askers[0])


def question_record(asker: Asker, excerpt: int) -> Call:
    usage = asker.usage
    return Call(task="questions", excerpt=excerpt, prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens, attempts=len(asker.calls),
                seconds=round(sum(c.seconds for c in asker.calls), 3))


def call_record(result: PassAnswer, excerpt: int) -> Call:
    return Call(task=" ".join(result.draft.categories()), excerpt=excerpt,
                prompt_tokens=result.usage.prompt_tokens, completion_tokens=result.usage.completion_tokens,
                attempts=result.attempts, seconds=round(result.seconds, 3), cached=result.cached,
                answered_by=result.answered_by)


def article_budget(article: Article, llm: LLM, prompts: PromptSet) -> int:
    budget = article_budget_for(article, prompts, llm.context_tokens, llm.settings.max_tokens)
    if budget < MIN_ARTICLE_TOKENS:
        needed = llm.context_tokens - budget + MIN_ARTICLE_TOKENS
        raise ConfigError(f"a context of {llm.context_tokens} tokens leaves {max(budget, 0)} for the article once "
                          f"the instructions and a {llm.settings.max_tokens}-token answer have their room; give a "
                          f"context of at least {needed} tokens ({setting('context_tokens')}) or a smaller "
                          f"{setting('max_tokens')}")
    return budget


def article_budget_for(article: Article, prompts: PromptSet, context_tokens: int, max_tokens: int) -> int:
    """Tokens left for the article once instructions, examples and the answer have their room."""
    messages = prompts.messages(article, max(prompts.passes, key=len))
    fixed = sum(estimate_tokens(m["content"]) + TEMPLATE_TOKENS_PER_MESSAGE for m in messages)
    fixed -= estimate_tokens(article.numbered())
    return context_tokens - fixed - max_tokens - SAFETY_MARGIN_TOKENS
