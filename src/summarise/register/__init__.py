"""The register: one row per deal across every summary of OUT, as a SIPRI user reads it.

    parties.py   one party per actor across articles, with every merge and its reason
    systems.py   a system as reported: designation and description
    deals.py     the acquisitions of all summaries grouped into deals, with status history
    changes.py   what is new since a date, or against an earlier register
    files.py     the register as CSV, JSON and tables of the store
"""

from .files import Register, build_register, write_register

__all__ = ["Register", "build_register", "write_register"]
