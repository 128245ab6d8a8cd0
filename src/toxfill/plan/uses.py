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
from toxfill.plan.words import say
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
    language = kb.language
    recorded = [u for u in uses if not u.labelled]
    if recorded:
        return UseBasis(
            off_label=True,
            note=Note(
                text=say(
                    language,
                    "Off-label: {reason} A provider may still propose it; the label's evidence"
                    " does not cover it.",
                    reason=recorded[0].text,
                ),
                sources=tuple(dict.fromkeys(s for u in recorded for s in u.sources)),
            ),
        )
    if product:
        unapproved = say(
            language,
            "Off-label: {product} is not FDA-approved for {concern}.",
            product=product.label,
            concern=concern.label.lower(),
        )
    else:
        unapproved = say(
            language,
            "Off-label: No {option} product is FDA-approved for {concern}.",
            option=option.label,
            concern=concern.label.lower(),
        )
    studied = [
        c for c in kb.combinations.values() if option.id in c.options and concern.id in c.concerns
    ]
    if studied:
        return UseBasis(
            off_label=True,
            note=Note(
                text=say(
                    language,
                    "{unapproved} It was used for this in a published study. {study}",
                    unapproved=unapproved,
                    study=studied[0].text,
                ),
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
                text=say(
                    language,
                    "{unapproved} It works on this kind of concern ({mechanism}), so a provider"
                    " may propose it, but no approval study covers this use.",
                    unapproved=unapproved,
                    mechanism=option.mechanism.text.rstrip("."),
                ),
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
