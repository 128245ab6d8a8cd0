"""C7: reconstitution arithmetic and label reference doses, for licensed providers.

Never a dose for a person. Every result that shows toxin units carries the warning that units of
different botulinum toxin products are not interchangeable, and the label's ceiling on the total
units of each product shown (e.g. Botox: 400 units in 3 months across uses).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from toxfill.documents import Document, Id, Whole, validate, vocabulary
from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Cited,
    CumulativeDoseLimit,
    DoseReference,
    Reconstitution,
    Source,
)
from toxfill.results import Result
from toxfill.wording import number

SCHEMA = "toxfill.reconstitution/1"
# A 1 mL syringe marked in hundredths (the common "100-unit" insulin syringe scale).
SYRINGE_MARK_ML = 0.01
MAX_VIAL_UNITS = 10_000
MAX_DILUENT_ML = 100.0


class MixingRequest(Document):
    """A vial to mix: strict, so neither true nor "1" passes for a number."""

    product: Id = Field(
        description="A toxin product ID, e.g. botox.", json_schema_extra=vocabulary("toxins")
    )
    units: Whole = Field(gt=0, le=MAX_VIAL_UNITS, strict=True, description="Units in the vial.")
    diluent_ml: float = Field(
        gt=0,
        le=MAX_DILUENT_ML,
        strict=True,
        allow_inf_nan=False,
        description="Millilitres of diluent added.",
    )


MIXING_HINTS: Mapping[str, str] = {
    "_fields": "product units diluent_ml",
    "units": f"must be a whole number of units, from 1 to {MAX_VIAL_UNITS:,}",
    "diluent_ml": f"must be a number of millilitres, more than 0 and at most {MAX_DILUENT_ML:g}",
}


class Warning(Result):
    text: str
    sources: tuple[str, ...]


class CumulativeLimit(Result):
    """A label's ceiling on the total units of one product across uses; `units` None: no figure."""

    product: str
    product_label: str
    scope: str
    units: int | None
    within_days: int | None = Field(description="None: the ceiling is per treatment session.")
    text: str
    sources: tuple[str, ...]


class Mixing(Result):
    schema_: Literal["toxfill.reconstitution/1"] = Field(
        default="toxfill.reconstitution/1", alias="schema"
    )
    knowledge_version: str
    product: str
    product_label: str
    vial_units: int
    diluent_ml: float
    diluent: str
    units_per_ml: float
    units_per_0_1_ml: float
    units_per_syringe_mark: float = Field(description="Per 0.01 mL mark of a 1 mL syringe.")
    use_within_hours: int | None
    storage: str
    label: str = Field(description="What the label says about mixing this vial.")
    label_sources: tuple[str, ...] = Field(description="The sources of `label`.")
    warnings: tuple[Warning, ...]
    cumulative_limits: tuple[CumulativeLimit, ...]
    sources: tuple[Source, ...]
    audience: str = "For licensed providers: label reference, not a dose for a person."


def units_warning(kb: KnowledgeBase) -> Warning:
    """TOX-UNIT-1: units of one toxin product cannot be converted into another's."""
    claim: Cited = kb.units_warning
    return Warning(text=claim.text, sources=claim.sources)


def reconstitute(kb: KnowledgeBase, product_id: str, vial_units: int, diluent_ml: float) -> Mixing:
    """Units per 0.1 mL (and per syringe mark) for a vial mixed with `diluent_ml` of diluent."""
    raw = {"product": product_id, "units": vial_units, "diluent_ml": diluent_ml}
    validate(MixingRequest, raw, MIXING_HINTS, "request")
    product = kb.product(product_id)
    mixes = [r for r in kb.reconstitutions if r.product == product.id]
    if not mixes:
        raise InputError(
            "product",
            f"no label mixing instructions for {product.id} are in the knowledge base; "
            f"products with them: {', '.join(sorted({r.product for r in kb.reconstitutions}))}",
        )
    mix = next((r for r in mixes if r.vial_units == vial_units), None)
    if mix is None:
        sizes = ", ".join(str(r.vial_units) for r in sorted(mixes, key=lambda r: r.vial_units))
        raise InputError(
            "units", f"{product.id} vials with label mixing instructions: {sizes} units"
        )
    if not mix.diluent_ml_min <= diluent_ml <= mix.diluent_ml_max:
        raise InputError(
            "diluent_ml",
            f"{number(diluent_ml)} mL is outside the label's range for a {vial_units}-unit "
            f"{product.id} vial: {_range(mix)} mL",
        )
    per_ml = vial_units / diluent_ml
    warnings = [units_warning(kb)]
    if mix.use_within_hours is None:
        warnings.append(
            Warning(
                text="How long it keeps once mixed was not found in the label text read; "
                "check the current label.",
                sources=mix.sources,
            )
        )
    limits = cumulative_limits(kb, product.id)
    return Mixing(
        knowledge_version=kb.version,
        product=product.id,
        product_label=product.label,
        vial_units=vial_units,
        diluent_ml=diluent_ml,
        diluent=mix.diluent,
        units_per_ml=round(per_ml, 2),
        units_per_0_1_ml=round(per_ml * 0.1, 2),
        units_per_syringe_mark=round(per_ml * SYRINGE_MARK_ML, 3),
        use_within_hours=mix.use_within_hours,
        storage=mix.storage,
        label=mix.text,
        label_sources=mix.sources,
        warnings=tuple(warnings),
        cumulative_limits=limits,
        sources=kb.sources_for(
            [
                *mix.sources,
                *(s for w in warnings for s in w.sources),
                *(s for c in limits for s in c.sources),
            ]
        ),
    )


class Dose(Result):
    product: str
    product_label: str
    concern: str
    concern_label: str
    units_low: float
    units_high: float
    injection_sites: int | None
    text: str
    sources: tuple[str, ...]


class DoseTable(Result):
    schema_: Literal["toxfill.doses/1"] = Field(default="toxfill.doses/1", alias="schema")
    knowledge_version: str
    audience: str = "For licensed providers: label reference, not a dose for a person."
    doses: tuple[Dose, ...]
    warnings: tuple[Warning, ...]
    cumulative_limits: tuple[CumulativeLimit, ...]
    sources: tuple[Source, ...]


def dose_table(kb: KnowledgeBase, product_id: str | None = None) -> DoseTable:
    """The label doses, with the warning that units do not carry across products."""
    doses = tuple(
        Dose(
            product=d.product,
            product_label=kb.products[d.product].label,
            concern=d.concern,
            concern_label=kb.concerns[d.concern].label,
            units_low=d.units_low,
            units_high=d.units_high,
            injection_sites=d.injection_sites,
            text=d.text,
            sources=d.sources,
        )
        for d in reference_doses(kb, product_id)
    )
    warning = units_warning(kb)
    limits = cumulative_limits(kb, product_id)
    return DoseTable(
        knowledge_version=kb.version,
        doses=doses,
        warnings=(warning,),
        cumulative_limits=limits,
        sources=kb.sources_for(
            [
                *(s for d in doses for s in d.sources),
                *warning.sources,
                *(s for c in limits for s in c.sources),
            ]
        ),
    )


def cumulative_limits(
    kb: KnowledgeBase, product_id: str | None = None
) -> tuple[CumulativeLimit, ...]:
    """The label ceilings on total units across uses; all toxin products, or one."""
    if product_id is not None:
        kb.product(product_id)
    return tuple(
        _limit(kb, c) for c in kb.cumulative_limits if product_id is None or c.product == product_id
    )


def _limit(kb: KnowledgeBase, limit: CumulativeDoseLimit) -> CumulativeLimit:
    return CumulativeLimit(
        product=limit.product,
        product_label=kb.products[limit.product].label,
        scope=limit.scope,
        units=limit.units,
        within_days=limit.within_days,
        text=limit.text,
        sources=limit.sources,
    )


def reference_doses(kb: KnowledgeBase, product_id: str | None = None) -> list[DoseReference]:
    """Label doses per use, for providers; all products, or one."""
    if product_id is not None:
        kb.product(product_id)
    return [d for d in kb.doses if product_id is None or d.product == product_id]


def _range(mix: Reconstitution) -> str:
    low, high = number(mix.diluent_ml_min), number(mix.diluent_ml_max)
    return low if low == high else f"{low} to {high}"


__all__ = [
    "SCHEMA",
    "CumulativeLimit",
    "DoseTable",
    "Mixing",
    "MixingRequest",
    "cumulative_limits",
    "dose_table",
    "reconstitute",
    "reference_doses",
    "units_warning",
]
