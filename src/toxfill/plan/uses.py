"""Approved and off-label uses: whether the planner may plan an option for a concern, and why."""

from __future__ import annotations

from dataclasses import dataclass

from toxfill.compare import SUITED_ACTIONS
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Concern,
    ConcernKind,
    Option,
    OptionKind,
    Permanence,
    Product,
    Regulation,
)
from toxfill.results import Result


class Note(Result):
    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class UseBasis:
    """Why a use may be planned: approved, or off-label with the cited reason."""

    off_label: bool
    note: Note | None = None


def approved_for(kb: KnowledgeBase, concern_id: str) -> list[str]:
    """Option IDs with a labelled use for the concern, in knowledge-base order."""
    return [o.id for o in kb.options.values() if _labelled(kb, o, concern_id)]


def use_basis(
    kb: KnowledgeBase, option: Option, concern: Concern, product: Product | None = None
) -> UseBasis | None:
    """Approved, off-label with a cited reason, or None when no use of it is known at all."""
    products = [product] if product else kb.products_of(option.id)
    uses = [u for p in products for u in p.uses if u.concern == concern.id]
    if product is None:
        uses += [u for u in option.uses if u.concern == concern.id]
    if any(u.labelled for u in uses):
        return UseBasis(off_label=False)
    recorded = [u for u in uses if not u.labelled]
    if recorded:
        return UseBasis(
            off_label=True,
            note=Note(
                text=f"Off-label: {recorded[0].text} A provider may still propose it; "
                "the label's evidence does not cover it.",
                sources=tuple(dict.fromkeys(s for u in recorded for s in u.sources)),
            ),
        )
    name = product.label if product else f"No {option.label} product"
    unapproved = f"Off-label: {name} is {'not ' if product else ''}FDA-approved for " + (
        f"{concern.label.lower()}."
    )
    studied = [
        c for c in kb.combinations.values() if option.id in c.options and concern.id in c.concerns
    ]
    if studied:
        return UseBasis(
            off_label=True,
            note=Note(
                text=f"{unapproved} It was used for this in a published study. " + studied[0].text,
                sources=tuple(dict.fromkeys((*option.regulatory.sources, *studied[0].sources))),
            ),
        )
    labelled_class = option.regulatory.category in {
        Regulation.BIOLOGIC_DRUG,
        Regulation.MEDICAL_DEVICE,
    }
    suits = option.mechanism.action in SUITED_ACTIONS.get(concern.nature, frozenset())
    if labelled_class and suits and option.reversibility.permanence is not Permanence.PERMANENT:
        return UseBasis(
            off_label=True,
            note=Note(
                text=f"{unapproved} It works on this kind of concern "
                f"({option.mechanism.text.rstrip('.')}), so a provider may propose it, but no "
                "approval study covers this use.",
                sources=tuple(
                    dict.fromkeys((*option.regulatory.sources, *option.mechanism.sources))
                ),
            ),
        )
    return None


def plannable_uses(kb: KnowledgeBase) -> list[tuple[str, str, bool]]:
    """Every (option, cosmetic concern, off-label?) the planner accepts, for menus."""
    return [
        (option.id, concern.id, basis.off_label)
        for option in kb.options.values()
        if option.kind is not OptionKind.NONE
        for concern in kb.concerns.values()
        if concern.kind is ConcernKind.COSMETIC
        and (basis := use_basis(kb, option, concern)) is not None
    ]


def _labelled(kb: KnowledgeBase, option: Option, concern_id: str) -> bool:
    uses = [*option.uses, *(u for p in kb.products_of(option.id) for u in p.uses)]
    return any(u.concern == concern_id and u.labelled for u in uses)
