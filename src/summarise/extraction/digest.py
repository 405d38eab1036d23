"""A one-paragraph digest written from the grounded records, so it can claim nothing they don't."""

from __future__ import annotations

from ..schema import Acquisition, AcquisitionStatus, Position, Stance

VERBS = {
    AcquisitionStatus.planned: "plans to acquire",
    AcquisitionStatus.negotiating: "is negotiating for",
    AcquisitionStatus.ordered: "has ordered",
    AcquisitionStatus.delivering: "is receiving",
    AcquisitionStatus.delivered: "has received",
    AcquisitionStatus.cancelled: "has cancelled",
    AcquisitionStatus.rumoured: "is reported to be acquiring",
}
POSITIONS = {Position.support: "supports", Position.oppose: "opposes", Position.neutral: "is neutral on"}


def digest(acquisitions: list[Acquisition], stances: list[Stance]) -> str:
    clauses = [acquisition_clause(a) for a in acquisitions] + [stance_clause(s) for s in stances]
    return "; ".join(clauses) + "." if clauses else "No acquisitions or stances found."


def acquisition_clause(a: Acquisition) -> str:
    quantity = f"{a.quantity} " if a.quantity is not None else ""
    seller = f" from {a.seller}" if a.seller else ""
    return f"{a.buyer} {VERBS[a.status]} {quantity}{a.system}{seller}"


def stance_clause(s: Stance) -> str:
    return f"{s.holder} {POSITIONS[s.position]} {s.target}"
