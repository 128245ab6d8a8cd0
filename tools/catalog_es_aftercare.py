"""Spanish messages of the public aftercare page and the decision aid's PDF.

tools/catalog_es.py merges them into the catalog.
"""

from __future__ import annotations

SPANISH: dict[str, str] = {
    "if you get any of these:": "si tiene alguna de estas señales:",
}
