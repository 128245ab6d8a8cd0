"""A patient's record as a FHIR R4 Bundle: `patient_bundle` builds it, `bundle_json` writes it.

bundle.py assembles it; codes.py holds the code systems, profiles and narratives every resource
shares; people.py, treatment.py (with udi.py), events.py and followups.py build the resources.
"""

from toxfill.web.clinic.fhir.bundle import bundle_json, patient_bundle
from toxfill.web.clinic.fhir.codes import Audience

__all__ = ["Audience", "bundle_json", "patient_bundle"]
