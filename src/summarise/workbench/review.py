"""One self-contained HTML page to check a batch's records against their articles.

Each article's text is shown with every evidence span highlighted by category, each item listed
beside it and linked to its span, the dropped items with their reasons, and filters by category
and by actor. Articles and answers are untrusted: every string goes through Jinja's autoescaping,
and the page's script reads them only as text. No server, no network: the file opens from disk.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..reading.article import web_address
from ..register.deals import group_deals, read_reports
from ..outputs.decisions import FIELDS, Decision, ItemState, added_items, item_fingerprint, item_states
from ..outputs.found import ReadOutput
from ..files import atomic_write

TEMPLATE = "review.html.j2"
SCRIPT = "review.js"  # the page's only script, allowed by its hash in the page's Content-Security-Policy
ACTOR_SEPARATOR = "\x1f"
CATEGORIES = ("acquisitions", "stances", "actors")  # in the order an analyst reads them


@dataclass
class Item:
    key: str  # unique in the page, e.g. "a3-acquisitions-2"
    category: str
    title: str
    detail: str
    quote: str
    start: int
    end: int
    actors: list[str]
    tag: str = ""  # status or position
    notes: list[str] = field(default_factory=list)  # where the code changed the model's answer
    unstated: list[str] = field(default_factory=list)  # what the quote does not name of the item
    party_quotes: list[tuple[str, str]] = field(default_factory=list)  # ("seller", quote): a party the quote omits
    item_id: str = ""  # "acquisitions-2": its place in the summary, what a decision names
    fingerprint: str = ""
    fields: dict = field(default_factory=dict)  # the fields an analyst may correct, as the summary has them
    state: ItemState = field(default_factory=ItemState)


@dataclass
class Segment:
    text: str
    categories: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    start: int = 0  # its offset in the article's text, for marking a missing item's quote


@dataclass
class ArticleView:
    key: str
    article_id: str
    title: str
    published: str | None
    provenance: dict
    segments: list[Segment]
    items: list[Item]
    dropped: list[dict]
    warnings: list[str] = field(default_factory=list)
    added: list[dict] = field(default_factory=list)  # missing items the analyst marked
    url: str | None = None  # where it was published, http(s) only
    text_sha: str = ""

    @property
    def counts(self) -> dict[str, int]:
        return {category: sum(i.category == category for i in self.items) for category in CATEGORIES}

    @property
    def undecided(self) -> int:
        return sum(not i.state.decided for i in self.items)

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc if self.url else ""


STATUS_ORDER = ("rumoured", "planned", "negotiating", "ordered", "delivering", "delivered")


@dataclass
class DealView:
    """One deal of the register: its history across the page's articles, and where reports disagree."""

    recipient: str
    supplier: str | None
    system: str
    number: int | None
    numbers_disagree: bool
    status: str
    points: list[dict]  # dated reports: date, status, the article's key in the page
    sources: list[dict]  # each report: the article's key and title, its status, count and quote
    goes_back: bool  # a later dated report gives an earlier stage than one before it


def write_review(outputs: list[ReadOutput], path: Path) -> int:
    """Write the page for these outputs; returns how many articles it shows."""
    atomic_write(path, review_page(outputs))  # replaces a symlink at `path`, never writes through it
    return len(outputs)


def review_page(outputs: list[ReadOutput], decisions: list[Decision] | None = None, token: str | None = None) -> str:
    """The page: an index of the articles, the deals across them, then each article with its items. With a
    token it is the served workbench's: items carry the analyst's decisions and controls that send new ones
    to the server that gave the page, and nowhere else."""
    views = [article_view(f"a{number}", output, decisions or []) for number, output in enumerate(outputs, 1)]
    deals = deal_views(outputs, views)
    actors = sorted({name for view in views for item in view.items for name in item.actors}, key=str.casefold)
    environment = jinja2.Environment(loader=jinja2.PackageLoader("summarise.workbench", "."), autoescape=True,
                                     undefined=jinja2.StrictUndefined)
    script = (Path(__file__).parent / SCRIPT).read_text(encoding="utf-8")
    return environment.get_template(TEMPLATE).render(articles=views, actors=actors, categories=CATEGORIES,
                                                     separator=ACTOR_SEPARATOR, script=script,
                                                     script_hash=content_hash(script), token=token or "",
                                                     fields=FIELDS, deals=deals, statuses=STATUS_ORDER)


def article_view(key: str, output: ReadOutput, decisions: list[Decision] = ()) -> ArticleView:
    record, text = output.record, output.text
    states = item_states(output.article_id, record, list(decisions))
    items = [item for category in CATEGORIES for item in items_of(key, category, record.get(category, []), states)]
    return ArticleView(key=key, article_id=output.article_id, title=record.get("title") or first_line(text),
                       published=record.get("published"), provenance=record.get("provenance", {}),
                       segments=segments(text, items), items=items,
                       dropped=[{**d, "fields": fields_of(d["item"])} for d in record.get("dropped", [])],
                       warnings=record.get("warnings", []),
                       added=[{**d.new, "category": d.category} for d in added_items(output.article_id, decisions)],
                       url=web_address(record.get("url") if isinstance(record.get("url"), str) else None))


def deal_views(outputs: list[ReadOutput], views: list[ArticleView]) -> list[DealView]:
    """The register's deals over these articles, most reported first."""
    page_key = {view.article_id: view for view in views}
    reports, _ = read_reports([(o.article_id, o.record) for o in outputs])
    rows = sorted((deal.row() for deal in group_deals(reports)), key=lambda r: (-r["corroboration"], r["recipient"]))
    return [deal_view(row, page_key) for row in rows]


def deal_view(row: dict, page_key: dict[str, ArticleView]) -> DealView:
    dated = [h for h in row["status_history"] if h["date"]]
    stages = [STATUS_ORDER.index(h["status"]) for h in dated if h["status"] in STATUS_ORDER]
    sources = [{"key": page_key[s["article"]].key, "title": page_key[s["article"]].title, "date": s["date"],
                "status": s["status"], "quantity": s["quantity"], "quote": s["quote"]} for s in row["sources"]]
    return DealView(recipient=row["recipient"], supplier=row["supplier"],
                    system=row["designation"] or row["description"] or row["systems_as_reported"][0],
                    number=row["number"], numbers_disagree=row["numbers_disagree"], status=row["status"],
                    points=[{"date": h["date"], "status": h["status"], "key": page_key[h["article"]].key}
                            for h in dated],
                    sources=sources, goes_back=any(b < a for a, b in zip(stages, stages[1:])))


def items_of(article_key: str, category: str, records: list[dict], states: dict[str, ItemState]) -> list[Item]:
    items = []
    for number, record in enumerate(records, 1):
        if record.get("evidence"):
            item = described(f"{article_key}-{category}-{number}", category, record)
            item.item_id, item.fingerprint = f"{category}-{number}", item_fingerprint(record)
            item.fields = {name: record.get(name) for name in FIELDS[category]}
            item.state = states.get(item.item_id, ItemState())
            items.append(item)
    return items


def described(key: str, category: str, record: dict) -> Item:
    evidence = record["evidence"]
    span = {"key": key, "category": category, "quote": evidence["quote"], "start": evidence["start"],
            "end": evidence["end"], "notes": record.get("notes", []), "unstated": record.get("unstated", [])}
    if category == "actors":
        aliases = ", ".join(record.get("aliases") or [])
        return Item(**span, title=record["name"], detail=aliases and f"also {aliases}", actors=[record["name"]],
                    tag=record["kind"].replace("_", " "))
    if category == "acquisitions":
        count = f"{record['quantity']} × " if record.get("quantity") is not None else ""
        seller = record.get("seller") or "seller not stated"
        sure = f" ({confidence_of(record)})" if confidence_of(record) else ""
        return Item(**span, title=f"{count}{record['system']}", detail=f"{record['buyer']} ← {seller}{sure}",
                    actors=[p for p in (record["buyer"], record.get("seller")) if p], tag=record["status"],
                    party_quotes=party_quotes(record))
    return Item(**span, title=f"{record['holder']} · {record['target']}", detail=confidence_of(record),
                actors=[record["holder"]], tag=record["position"])


def party_quotes(record: dict) -> list[tuple[str, str]]:
    """A deal's further quotes, each naming a party its evidence does not; a malformed one is left out."""
    quotes = []
    for role, key in (("recipient", "buyer_evidence"), ("seller", "seller_evidence")):
        second = record.get(key)
        if isinstance(second, dict) and isinstance(second.get("quote"), str):
            quotes.append((role, second["quote"]))
    return quotes


def confidence_of(record: dict) -> str:
    confidence = record.get("confidence")
    return f"confidence {confidence:.2f}" if isinstance(confidence, (int, float)) else ""


def fields_of(item: dict) -> str:
    """A dropped item in a line: 'holder Serbia; target the deal; position support'."""
    return "; ".join(f"{key} {value}" for key, value in item.items() if key != "index" and value not in (None, ""))


def segments(text: str, items: list[Item]) -> list[Segment]:
    """The text cut at every span's edges; each piece knows the items whose span covers it."""
    edges = sorted({0, len(text), *(i.start for i in items), *(i.end for i in items)})
    pieces = []
    for start, end in zip(edges, edges[1:]):
        covering = [i for i in items if i.start <= start and end <= i.end]
        categories = sorted({i.category for i in covering})
        pieces.append(Segment(text[start:end], categories, [i.key for i in covering], start))
    return pieces


def content_hash(script: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
