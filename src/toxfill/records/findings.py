"""What a record rule says: findings that block, need a confirmation or a reason, or warn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum


class FindingKind(StrEnum):
    """What a finding asks of the provider, strongest first."""

    ERROR = "error"  # blocks saving
    OVERRIDE = "override"  # saving needs a written reason, recorded with the session
    CONFIRM = "confirm"  # saving needs the provider to confirm something is true
    WARNING = "warning"  # shown to the provider; does not block


class Rule(StrEnum):
    """The stable ID of each rule; a finding's `key` starts with it."""

    LICENCE_VALID = "licence-valid"
    CONSENT_SIGNED = "consent-signed"
    LOT_RECORDED = "lot-recorded"
    LOT_PRODUCT = "lot-product"
    LOT_UNEXPIRED = "lot-unexpired"
    LOT_QUANTITY = "lot-quantity"
    GTIN_PRODUCT = "gtin-product"
    LOT_SHORT_DATED = "lot-short-dated"
    LABEL_SEPARATOR = "label-separator"
    DOSE_POSITIVE = "dose-positive"
    DOSE_UNIT = "dose-unit"
    DOSE_LABEL = "dose-label"
    DOSE_CUMULATIVE = "dose-cumulative"
    RETREATMENT_INTERVAL = "retreatment-interval"
    HYALURONIDASE_AT_HAND = "hyaluronidase-at-hand"
    VESSEL_RISK = "vessel-risk"
    HEALTH_CAUTION = "health-caution"
    ADVERSE_EVENT_EMERGENCY = "adverse-event-emergency"


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on a record.

    `key` identifies what a confirmation or override answers, e.g. "retreatment-interval" or
    "dose-label:botox:glabellar-lines"; `field` names the input it is about, e.g. "points[2]".
    `resolution` is the confirmation or reason that settled a `confirm` or `override`.
    """

    rule: Rule
    kind: FindingKind
    key: str
    text: str
    sources: tuple[str, ...] = ()
    field: str = ""
    resolution: str = ""

    @property
    def blocks(self) -> bool:
        """True while it stops the record being saved."""
        if self.kind is FindingKind.ERROR:
            return True
        return self.kind in (FindingKind.CONFIRM, FindingKind.OVERRIDE) and not self.resolution


CONFIRMED = "confirmed"
"""The resolution of a `confirm` finding the provider confirmed."""


def resolve(
    findings: Iterable[Finding], confirmed: frozenset[str], reasons: Mapping[str, str]
) -> tuple[Finding, ...]:
    """Mark the confirmations given and the overrides with a non-blank written reason.

    An error is never resolved, whatever is confirmed: it blocks until the record changes.
    """
    resolved = []
    for finding in findings:
        if finding.kind is FindingKind.CONFIRM and finding.key in confirmed:
            finding = replace(finding, resolution=CONFIRMED)
        elif finding.kind is FindingKind.OVERRIDE and reasons.get(finding.key, "").strip():
            finding = replace(finding, resolution=reasons[finding.key].strip())
        resolved.append(finding)
    return tuple(resolved)


def unique(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Each key once, the first finding kept: ten points from one expired lot say it once."""
    kept: dict[str, Finding] = {}
    for finding in findings:
        kept.setdefault(finding.key, finding)
    return tuple(kept.values())


def cited(*groups: Iterable[str]) -> tuple[str, ...]:
    """Source IDs from several claims, once each, in order."""
    return tuple(dict.fromkeys(source for group in groups for source in group))
