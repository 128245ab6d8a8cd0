"""C5: aftercare and triage, from what a person feels after a treatment to a cited urgency.

report.py     the report, checked whole (places.py: treatment, concern and zone fit)
rules.py      which rules apply to a symptom, and which explains first
engine.py     triage(): the urgency, reasons, advice and what to tell
warnings.py   what would make an answer more urgent
aftercare.py  aftercare for one treatment or a visit, with one urgency per sign
"""

from toxfill.triage.aftercare import AftercareGuide, HelpGroup, aftercare_for, sheet_urgencies
from toxfill.triage.engine import triage
from toxfill.triage.places import places
from toxfill.triage.report import (
    MAX_AGE,
    MAX_DAYS,
    REPORT_HINTS,
    SCHEMA,
    Report,
    check_report,
    parse_report,
)
from toxfill.triage.result import TriageResult

__all__ = [
    "MAX_AGE",
    "MAX_DAYS",
    "REPORT_HINTS",
    "SCHEMA",
    "AftercareGuide",
    "HelpGroup",
    "Report",
    "TriageResult",
    "aftercare_for",
    "check_report",
    "parse_report",
    "places",
    "sheet_urgencies",
    "triage",
]
