"""Spanish messages of the patient link's pages (patient_link templates).

tools/catalog_es.py merges them into the catalog.
"""

from __future__ import annotations

SPANISH: dict[str, str] = {}
