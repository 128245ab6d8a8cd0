"""A filler's UDI carrier: the label's barcode sent on as scanned, never rebuilt from fields."""

from __future__ import annotations

import base64
from typing import Any

from toxfill.errors import InputError
from toxfill.labels import carrier
from toxfill.web.clinic.models import ProductLot

GS1 = "http://hl7.org/fhir/NamingSystem/gs1-di"
FDA_UDI = "http://hl7.org/fhir/NamingSystem/fda-udi"


def udi_carrier(lot: ProductLot) -> dict[str, Any] | None:
    """The lot's UDI carrier, or None when it has no GTIN.

    A lot received from its barcode (`scanned`) sends that barcode: the characters the scanner
    typed as `carrierAIDC` (base64, as FHIR asks) and its printed form as `carrierHRF`, each
    element string's data exactly as scanned (an expiry day "00" stays "00", the serial stays).
    A lot typed by hand has no barcode to send: its printed form is made from the fields the
    person typed (GTIN, the expiry date as typed, lot, serial), marked as entered by hand.
    """
    if not lot.gtin:
        return None
    found: dict[str, Any] = {"deviceIdentifier": lot.gtin, "issuer": GS1, "jurisdiction": FDA_UDI}
    if lot.scanned:
        try:
            scanned = carrier(lot.scanned, lot.lot_number, lot.serial)
        except InputError:
            scanned = None  # kept before the scan was checked on receipt: the fields speak
        if scanned is not None:
            if scanned.aidc:
                found["carrierAIDC"] = base64.b64encode(scanned.aidc.encode()).decode()
            found["carrierHRF"] = scanned.hrf
            found["entryType"] = "barcode"
            return found
    found["carrierHRF"] = f"(01){lot.gtin}(17){lot.expires_on:%y%m%d}(10){lot.lot_number}" + (
        f"(21){lot.serial}" if lot.serial else ""
    )
    found["entryType"] = "manual"
    return found
