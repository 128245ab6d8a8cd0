"""Which of a provider's licence facts a reader sees: the one rule the passport PDF and the FHIR
bundle both follow, so the two documents a patient holds never disagree.

A patient sees the licence's kind, number and issuing jurisdiction: what a US state's public
licence look-up shows anyone, and what another clinic needs to check who treated them. So does
a US provider's NPI: CMS publishes every NPI in the NPPES registry, and a receiving US system
(US Core Practitioner) looks the provider up by it. The expiry date stays with the clinic: a
document the patient keeps for years would show a licence renewed since as lapsed. The
clinic's own copy has every fact it holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from toxfill.web.clinic.models import Membership


@dataclass(frozen=True)
class LicenceShown:
    """The licence facts a reader sees; blank where the clinic holds none or shows none."""

    kind: str = ""
    number: str = ""
    jurisdiction: str = ""
    expires: dt.date | None = None
    npi: str = ""

    @property
    def licensed(self) -> bool:
        """Whether a licence is held (an NPI alone is an identifier, not a licence)."""
        return bool(self.kind or self.number or self.jurisdiction)

    @property
    def text(self) -> str:
        """One line, as the passport prints it: "RN, RN-123456, NY, NPI 1234567893"."""
        npi = f"NPI {self.npi}" if self.npi else ""
        return ", ".join(p for p in (self.kind, self.number, self.jurisdiction, npi) if p)


def licence_shown(member: Membership, *, for_patient: bool) -> LicenceShown:
    """The licence facts of `member` that a patient (`for_patient`) or the clinic sees."""
    return LicenceShown(
        kind=member.licence_type,
        number=member.licence_number,
        jurisdiction=member.licence_jurisdiction,
        expires=None if for_patient else member.licence_expires,
        npi=member.npi,
    )


__all__ = ["LicenceShown", "licence_shown"]
