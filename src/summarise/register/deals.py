"""One row per deal across articles: the acquisitions of every summary, grouped by recipient,
supplier and system.

Two reports are one deal when their recipients are one party, their suppliers are one party, and
their systems share a designation: equal, or one part of the other's ("Wing Loong" of "Wing Loong
II drones") where no other designation of that pair also holds it. A system with no designation
("the Chinese armed drones") is never merged on its wording alone: it keeps a row of its own, whose
note names the rows of the same pair, from other articles, it may belong to. A report with no supplier joins the one
deal of its recipient with a matching designation, if there is exactly one.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .parties import Mention, Parties, Party
from .systems import System, read_system


@dataclass(frozen=True)
class DealReport:
    """One acquisition as one article reports it."""

    article_id: str
    appearance: int  # the article's place among the summaries, for undated articles
    published: str | None
    summarised: str | None  # the day the tool read it: YYYY-MM-DD
    n: int  # the acquisition's place in its summary, from 1
    buyer: Party
    seller: Party | None
    system: System
    quantity: int | None
    status: str
    quote: str
    start: int | None
    end: int | None

    def source(self) -> dict:
        return {"article": self.article_id, "date": self.published, "n": self.n, "system": self.system.written,
                "quantity": self.quantity, "status": self.status, "quote": self.quote,
                "start": self.start, "end": self.end}


@dataclass
class Deal:
    reports: list[DealReport]
    notes: list[str] = field(default_factory=list)

    @property
    def recipient(self) -> Party:
        return self.reports[0].buyer

    @property
    def supplier(self) -> Party | None:
        return next((r.seller for r in self.reports if r.seller), None)

    @property
    def system(self) -> System:
        """The report that says most: the longest designation, then the most reported."""
        counts = Counter(r.system.designation for r in self.reports)
        return max((r.system for r in self.reports), key=lambda s: (len(s.parts), counts[s.designation],
                                                                    len(s.description)))

    def articles(self) -> set[str]:
        return {r.article_id for r in self.reports}

    def in_order(self) -> tuple[list[DealReport], list[DealReport], str]:
        """The dated reports by date, then the undated ones as the summaries come: an undated report never
        reorders the dated history. Returns (history, the reports that bound it, how it was ordered)."""
        dated = sorted((r for r in self.reports if r.published), key=lambda r: (r.published, r.appearance, r.n))
        undated = sorted((r for r in self.reports if not r.published), key=lambda r: (r.appearance, r.n))
        if not dated:
            return undated, undated, "appearance"
        return dated + undated, dated, "date" if not undated else "date, undated last"

    def key(self) -> str:
        system = self.system
        what = " ".join(sorted(system.parts)) or system.written.casefold()
        seller = self.supplier.key if self.supplier else "?"
        return hashlib.sha256(f"{self.recipient.key}|{seller}|{what}".encode()).hexdigest()[:12]

    def row(self) -> dict:
        ordered, bounds, ordered_by = self.in_order()
        system = self.system
        numbers = [{"number": r.quantity, "article": r.article_id} for r in ordered if r.quantity is not None]
        distinct = {n["number"] for n in numbers}
        articles = list(dict.fromkeys(r.article_id for r in ordered))
        return {
            "deal": self.key(),
            "recipient": self.recipient.name, "recipient_key": self.recipient.key,
            "supplier": self.supplier.name if self.supplier else None,
            "supplier_key": self.supplier.key if self.supplier else None,
            "designation": system.designation or None,
            "description": system.description or None,
            "systems_as_reported": sorted({r.system.written for r in ordered}),
            "number": distinct.pop() if len(distinct) == 1 else None,
            "numbers_reported": numbers,
            "numbers_disagree": len(distinct) > 1,
            "status": bounds[-1].status,  # the latest dated report's, when any is dated
            "status_history": [{"status": r.status, "article": r.article_id, "date": r.published} for r in ordered],
            "ordered_by": ordered_by,
            "first_report": report_point(bounds[0]),
            "last_report": report_point(bounds[-1]),
            "corroboration": len(articles),
            "sources": [r.source() for r in ordered],
            "notes": self.notes,
        }


def report_point(report: DealReport) -> dict:
    return {"article": report.article_id, "date": report.published}


def read_reports(records: list[tuple[str, dict]]) -> tuple[list[DealReport], Parties]:
    """Every acquisition of the records (article id, summary), in the records' order."""
    parties = Parties([mention for _, record in records for mention in mentions_of(record)])
    reports = []
    for appearance, (article_id, record) in enumerate(records):
        published = record.get("published")
        summarised = (record.get("provenance", {}).get("created_at") or "")[:10] or None
        for n, item in enumerate(record.get("acquisitions", []), 1):
            buyer = parties.of(item.get("buyer"))
            if buyer is None:
                continue
            seller = parties.of(item.get("seller"))
            evidence = item.get("evidence") or {}
            reports.append(DealReport(
                article_id=article_id, appearance=appearance, published=published, summarised=summarised, n=n,
                buyer=buyer, seller=seller if seller is not buyer else None, system=read_system(item["system"]),
                quantity=item.get("quantity"), status=item["status"], quote=evidence.get("quote", ""),
                start=evidence.get("start"), end=evidence.get("end")))
    return reports, parties


def mentions_of(record: dict) -> list[Mention]:
    actors = [Mention(a["name"], a.get("kind"), a.get("country_code"), tuple(a.get("aliases") or ()))
              for a in record.get("actors", [])]
    named = {a.name for a in actors}
    parties_of_deals = [Mention(name) for item in record.get("acquisitions", [])
                        for name in (item.get("buyer"), item.get("seller")) if name and name not in named]
    return actors + parties_of_deals


def group_deals(reports: list[DealReport]) -> list[Deal]:
    by_pair: dict[tuple[str, str], list[DealReport]] = defaultdict(list)
    unsupplied: list[DealReport] = []
    for report in reports:
        if report.seller is None:
            unsupplied.append(report)
        else:
            by_pair[(report.buyer.key, report.seller.key)].append(report)
    deals = [deal for pair in by_pair.values() for deal in deals_of_pair(pair)]
    for report in unsupplied:
        join_supplier_unknown(report, deals)
    note_possible_matches(deals)
    return sorted(deals, key=lambda d: (d.recipient.name, d.supplier.name if d.supplier else "",
                                        d.system.designation, d.system.written))


def deals_of_pair(reports: list[DealReport]) -> list[Deal]:
    """The reports of one recipient and supplier, grouped by system."""
    designations = {r.system.parts for r in reports if r.system.parts}
    group_of: dict[frozenset, frozenset] = {parts: widest_holding(parts, designations) for parts in designations}
    grouped: dict[object, list[DealReport]] = defaultdict(list)
    for report in reports:
        parts = report.system.parts
        grouped[group_of[parts] if parts else ("undesignated", report.article_id, report.n)].append(report)
    return [Deal(reports=members) for members in grouped.values()]


def widest_holding(parts: frozenset, designations: set[frozenset]) -> frozenset:
    """The one widest designation that holds these parts; the parts themselves when none or several do."""
    holders = [d for d in designations if parts < d]
    widest = [d for d in holders if not any(d < other for other in holders)]
    if len(widest) != 1:
        return parts
    return widest[0]


def join_supplier_unknown(report: DealReport, deals: list[Deal]) -> None:
    parts = report.system.parts
    matching = [d for d in deals if d.recipient.key == report.buyer.key and parts and d.supplier is not None
                and any(parts <= r.system.parts or r.system.parts <= parts for r in d.reports if r.system.parts)]
    if len(matching) == 1:
        matching[0].reports.append(report)
        matching[0].notes.append(f"{report.article_id} names no supplier; joined by its designation "
                                 f"{report.system.designation!r}")
        return
    deal = next((d for d in deals if d.supplier is None and d.recipient.key == report.buyer.key and parts
                 and d.system.parts == parts), None)
    if deal is not None:
        deal.reports.append(report)
    else:
        deals.append(Deal(reports=[report]))


def note_possible_matches(deals: list[Deal]) -> None:
    """An undesignated system may be one of its pair's other deals: kept apart, and said."""
    for deal in deals:
        if deal.system.parts:
            continue
        same_pair = [other for other in deals if other is not deal and other.recipient.key == deal.recipient.key
                     and (other.supplier and other.supplier.key) == (deal.supplier and deal.supplier.key)
                     and not deal.articles() & other.articles()]  # one article telling two deals apart
        if same_pair:
            names = ", ".join(sorted({other.system.written for other in same_pair}))
            deal.notes.append(f"no designation: may be the same deal as {names}; kept apart")
