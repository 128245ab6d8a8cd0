"""The base of every result document the core returns (comparison, decision, plan, triage,
dosing): frozen, so a result cannot change after it is made, and filled by field name or by
its JSON alias (`schema`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Result(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        """The document as its JSON contract spells it (`schema`, not `schema_`)."""
        return self.model_dump(mode="json", by_alias=True)


__all__ = ["Result"]
