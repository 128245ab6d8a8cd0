"""One treatment session: a licensed provider, signed consent, and every other rule at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from toxfill.errors import UnknownIdError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import OptionKind
from toxfill.records.doses import check_doses, check_interval
from toxfill.records.findings import Finding, FindingKind, Rule, cited, resolve, unique
from toxfill.records.inputs import Consent, Licence, Lot, SessionDraft, TreatedSession
from toxfill.records.lots import Drawdown, check_lot, draw_down
from toxfill.records.points import ReadPoint, read_points
from toxfill.records.safety import check_health, check_vessel_risk

PHOTO_CONSENT = "photo"
"""The consent kind for clinical photographs; every other kind is a treatment option ID."""


@dataclass(frozen=True)
class SessionCheck:
    """Every rule's findings for one session, with confirmations and overrides applied."""

    findings: tuple[Finding, ...]
    drawdowns: tuple[Drawdown, ...]

    @property
    def can_save(self) -> bool:
        return not any(f.blocks for f in self.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.blocks)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind is FindingKind.WARNING)


def consent_kinds(kb: KnowledgeBase) -> tuple[str, ...]:
    """Every consent kind: each treatment option ID, then "photo"."""
    treatments = (o.id for o in kb.options.values() if o.kind is not OptionKind.NONE)
    return (*treatments, PHOTO_CONSENT)


def check_licence(kb: KnowledgeBase, licence: Licence | None, on: dt.date) -> tuple[Finding, ...]:
    """The provider's licence is valid on the session date: from `valid_from` (when known)
    through `expires_on`. The article's safety rule: a licensed provider, in a medical setting."""
    sources = cited(
        *(o.provider.sources for o in kb.options.values() if o.provider.licensed_provider)
    )
    key = Rule.LICENCE_VALID.value
    if licence is None:
        problem = "No licence is on record for the provider"
    elif licence.valid_from is not None and on < licence.valid_from:
        problem = f"Licence {licence.number} is valid only from {licence.valid_from.isoformat()}"
    elif licence.expires_on < on:
        problem = f"Licence {licence.number} expired on {licence.expires_on.isoformat()}"
    else:
        return ()
    return (
        Finding(
            Rule.LICENCE_VALID,
            FindingKind.ERROR,
            key,
            f"{problem}: a session needs a provider whose licence is valid on the session "
            f"date, {on.isoformat()}.",
            sources=sources,
            field="licence",
        ),
    )


def check_consent(
    kb: KnowledgeBase, consents: Sequence[Consent], kinds: Iterable[str], at: dt.datetime
) -> tuple[Finding, ...]:
    """A consent of each kind in `kinds`, signed before `at` and not withdrawn by then."""
    valid_kinds = consent_kinds(kb)
    findings = []
    for kind in dict.fromkeys(kinds):
        if kind not in valid_kinds:
            raise UnknownIdError("consent.kind", "consent kind", kind, valid_kinds)
        of_kind = [c for c in consents if c.kind == kind]
        if any(_in_force(c, at) for c in of_kind):
            continue
        name = "photographs" if kind == PHOTO_CONSENT else kb.options[kind].label
        if not of_kind:
            why = f"No signed consent for {name} is on record"
        elif all(c.signed_at > at for c in of_kind):
            why = f"The consent for {name} was signed after the session started"
        else:
            why = f"The consent for {name} was withdrawn"
        findings.append(
            Finding(
                Rule.CONSENT_SIGNED,
                FindingKind.ERROR,
                f"{Rule.CONSENT_SIGNED}:{kind}",
                f"{why}: a session needs the patient's signed consent for each kind of "
                "treatment given.",
                field="consents",
            )
        )
    return tuple(findings)


def _in_force(consent: Consent, at: dt.datetime) -> bool:
    withdrawn = consent.withdrawn_at is not None and consent.withdrawn_at <= at
    return consent.signed_at <= at and not withdrawn


def check_session(
    kb: KnowledgeBase, draft: SessionDraft, history: Sequence[TreatedSession] = ()
) -> SessionCheck:
    """Every rule for one session; `history` is the patient's earlier sessions, not this one.

    The drawdowns say what each lot holds after the session; the clinic app writes them in the
    same transaction as the session, after locking the lot rows and checking again.
    """
    session = draft.as_treated()
    read = read_points(kb, draft.points)
    findings = [
        *check_licence(kb, draft.licence, session.day),
        *check_consent(kb, draft.consents, [p.option.id for p in read], draft.starts_at),
    ]
    for point in read:
        findings += check_lot(kb, point.point.lot, point.product.id, session.day, point.field)
    findings += check_doses(kb, session, history)
    findings += check_interval(kb, session, history)
    findings += check_vessel_risk(kb, session)
    findings += check_health(kb, draft.patient, session)
    drawdowns = _drawdowns(read)
    findings += [f for d in drawdowns for f in d.findings]
    return SessionCheck(
        findings=resolve(unique(findings), draft.confirmed, draft.override_reasons),
        drawdowns=drawdowns,
    )


def _drawdowns(read: Sequence[ReadPoint]) -> tuple[Drawdown, ...]:
    used: dict[tuple[str, str], Decimal] = {}
    lots: dict[tuple[str, str], Lot] = {}
    for point in read:
        lot = point.point.lot
        if lot is None or not point.counts:
            continue
        key = (lot.product, lot.lot_number)
        lots.setdefault(key, lot)
        used[key] = used.get(key, Decimal(0)) + point.point.dose
    return tuple(draw_down(lots[key], amount) for key, amount in used.items())
