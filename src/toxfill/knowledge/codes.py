"""Standard codes beside toxfill's own IDs (SNOMED CT, RxNorm, NDC, HL7 route codes, FDA device
product codes), for what leaves toxfill: each mapping says which toxfill thing it codes, where
the code was read, and is checked on load (a code without a source, an unknown ID or a
malformed code fails loading)."""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import model_validator

from toxfill.knowledge.model_base import Cited, KebabId, Text


class CodeSystem(StrEnum):
    """The code systems toxfill maps to; their URIs are the FHIR export's business."""

    SNOMED = "snomed"  # SNOMED CT
    NDC = "ndc"  # FDA National Drug Code, a package's 10-digit code with its hyphens
    RXNORM = "rxnorm"  # NLM RxNorm concept IDs (RxCUI)
    V3_ROUTE = "v3-route"  # HL7 v3 RouteOfAdministration
    # the FDA's device product code (three letters), the generic device type a PMA approves
    FDA_PRODUCT_CODE = "fda-product-code"


class CodedKind(StrEnum):
    """What a mapping codes: a product, a charting zone, a symptom, an injection depth (as the
    chart words it), or what happened to a device in a procedure (`implanted`)."""

    PRODUCT = "product"
    OPTION = "option"
    ZONE = "zone"
    SYMPTOM = "symptom"
    DEPTH = "depth"
    DEVICE_ACTION = "device-action"


DEVICE_ACTIONS = frozenset({"implanted"})

_FORMATS = {
    # SCTIDs: 6 to 18 digits, no leading zero; the last is a Verhoeff check digit (below)
    CodeSystem.SNOMED: re.compile(r"^[1-9]\d{5,17}$"),
    # a package NDC as the FDA lists it: 4-4-2, 5-3-2 or 5-4-1 digits
    CodeSystem.NDC: re.compile(r"^(\d{4}-\d{4}-\d{2}|\d{5}-\d{3}-\d{2}|\d{5}-\d{4}-\d)$"),
    CodeSystem.RXNORM: re.compile(r"^[1-9]\d{0,8}$"),
    CodeSystem.V3_ROUTE: re.compile(r"^[A-Z][A-Z0-9]*$"),
    CodeSystem.FDA_PRODUCT_CODE: re.compile(r"^[A-Z]{3}$"),
}


# Systems whose codes may come without their name: the FDA's NDC Directory lists the RxNorm
# concepts (RxCUIs) of a label without RxNorm's names for them, and a name not read is not sent.
DISPLAY_OPTIONAL = frozenset({CodeSystem.RXNORM})


class CodeMapping(Cited):
    """`code` of `system` stands for the toxfill `kind` `of` (e.g. product botox); `text` says
    what the code names, as read in `sources`; `display` is the code system's own name for it,
    left out only where DISPLAY_OPTIONAL allows and the name was not read. An NDC codes one
    package: the export uses it only for a lot whose scanned GTIN carries that NDC."""

    kind: CodedKind
    of: KebabId
    system: CodeSystem
    code: Text
    display: Text | None = None

    @model_validator(mode="after")
    def _well_formed(self) -> CodeMapping:
        if not _FORMATS[self.system].fullmatch(self.code):
            raise ValueError(f"'{self.code}' is not a well-formed {self.system.value} code")
        if self.display is None and self.system not in DISPLAY_OPTIONAL:
            raise ValueError(f"a {self.system.value} code needs its display, as read in the source")
        if self.system is CodeSystem.SNOMED and not verhoeff_valid(self.code):
            raise ValueError(f"SNOMED CT code {self.code} fails its Verhoeff check digit")
        if self.kind is CodedKind.DEVICE_ACTION and self.of not in DEVICE_ACTIONS:
            raise ValueError(f"device action '{self.of}' is not one of {sorted(DEVICE_ACTIONS)}")
        return self

    @property
    def ndc_digits(self) -> str:
        """The NDC's ten digits without hyphens, as a GTIN carries them."""
        return self.code.replace("-", "")


# The dihedral group D5 tables of the Verhoeff scheme, which SNOMED CT uses for its check digit.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(digits: str) -> bool:
    """Whether a digit string ends in its correct Verhoeff check digit (a mistyped SCTID fails)."""
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _D[check][_P[position % 8][int(digit)]]
    return check == 0


__all__ = ["CodeMapping", "CodeSystem", "CodedKind", "verhoeff_valid"]
