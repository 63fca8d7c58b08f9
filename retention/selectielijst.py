"""The selectielijst 2020 categories (VNG), loaded once from the shipped JSON fixture.

A category is addressed by its full number: ``8.1.9`` (specific result under a generic
one), ``8.2`` (a generic result), as printed in the selectielijst.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from engine.errors import NotFound

DATA_FILE = Path(__file__).resolve().parent / "data" / "selectielijst_2020.json"


@dataclass(frozen=True)
class Category:
    number: str  # e.g. "8.1.9"
    name: str
    description: str
    process_type: str  # "Voorzieningen verstrekken"
    waardering: str  # blijvend_bewaren | vernietigen
    procestermijn: str  # nihil | bestaansduur_procesobject | ...
    bewaartermijn: str | None  # ISO 8601 duration, e.g. "P5Y", "P42D"
    toelichting: str

    @property
    def archiefnominatie(self) -> str:
        return "blijvend_bewaren" if self.waardering == "blijvend_bewaren" else "vernietigen"


@cache
def categories() -> dict[str, Category]:
    rows: list[dict[str, Any]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    process_types = {r["pk"]: r["fields"] for r in rows if r["model"] == "selectielijst.procestype"}
    results = {r["pk"]: r["fields"] for r in rows if r["model"] == "selectielijst.resultaat"}
    found: dict[str, Category] = {}
    for fields in results.values():
        process = process_types[fields["proces_type"]]
        generic = results.get(fields["generiek_resultaat"] or 0)
        parts = [process["nummer"]] + ([generic["nummer"]] if generic else []) + [fields["nummer"]]
        number = ".".join(str(p) for p in parts)
        found[number] = Category(
            number=number,
            name=fields["naam"],
            description=fields.get("omschrijving") or "",
            process_type=process["naam"],
            waardering=fields["waardering"],
            procestermijn=fields.get("procestermijn") or "",
            bewaartermijn=fields.get("bewaartermijn") or None,
            toelichting=fields.get("toelichting") or "",
        )
    return found


def get_category(number: str) -> Category:
    category = categories().get(number.strip())
    if category is None:
        raise NotFound(f"selectielijst 2020 has no category {number!r}")
    return category
