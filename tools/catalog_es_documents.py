"""Spanish messages of the documents and emails a patient receives (passport, aftercare sheet, reminders).

tools/catalog_es.py merges them into the catalog.
"""

from __future__ import annotations

SPANISH: dict[str, str] = {}
