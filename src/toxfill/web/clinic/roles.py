"""Who may do what at their clinic: the one table the actions and the reads consult."""

from __future__ import annotations

from enum import StrEnum

from toxfill.web.clinic.errors import NotAllowed
from toxfill.web.clinic.models import Membership, Role


class Permission(StrEnum):
    VIEW_PATIENTS = "view patients"
    EDIT_PATIENTS = "register and edit patients and consents"
    VOID_PATIENTS = "void patients"
    VIEW_CLINICAL = "view sessions and adverse events"
    CHART = "chart sessions and adverse events"
    VIEW_SCHEDULE = "view follow-ups"
    SCHEDULE = "update follow-ups"
    VIEW_LOTS = "view lots"
    MANAGE_LOTS = "receive and adjust lots"
    VIEW_MEMBERS = "view members"
    MANAGE_MEMBERS = "manage members"
    MANAGE_SETTINGS = "change the clinic's settings"
    AUDIT = "read the access log and change history"
    ISSUE_LINKS = "issue and revoke patient links"
    # The address opens every dose, lot and adverse event of the patient: only a role that may
    # read those sees it. The others (the front desk) send it to the patient instead.
    SEE_LINK_ADDRESS = (
        "see a patient link's address (it opens the patient's treatments); send it by email"
    )


P = Permission
GRANTS: dict[str, frozenset[Permission]] = {
    # charts sessions and adverse events; registers patients and takes consent in the room
    Role.PROVIDER: frozenset(
        {
            P.VIEW_PATIENTS,
            P.EDIT_PATIENTS,
            P.VIEW_CLINICAL,
            P.CHART,
            P.VIEW_SCHEDULE,
            P.SCHEDULE,
            P.VIEW_LOTS,
            P.VIEW_MEMBERS,
            P.ISSUE_LINKS,
            P.SEE_LINK_ADDRESS,
        }
    ),
    # patients, consent and scheduling; never clinical notes, sessions or adverse events
    Role.FRONT_DESK: frozenset(
        {
            P.VIEW_PATIENTS,
            P.EDIT_PATIENTS,
            P.VOID_PATIENTS,
            P.VIEW_SCHEDULE,
            P.SCHEDULE,
            P.VIEW_MEMBERS,
            P.ISSUE_LINKS,  # sent to the patient by email: the link opens sessions it may not read
        }
    ),
    # members, lots and reports (which read sessions); charts nothing
    Role.MANAGER: frozenset(
        {
            P.VIEW_PATIENTS,
            P.VOID_PATIENTS,
            P.VIEW_CLINICAL,
            P.VIEW_SCHEDULE,
            P.VIEW_LOTS,
            P.MANAGE_LOTS,
            P.VIEW_MEMBERS,
            P.MANAGE_MEMBERS,
            P.MANAGE_SETTINGS,
            P.ISSUE_LINKS,
            P.SEE_LINK_ADDRESS,
        }
    ),
    # reads everything, and the access log and history; writes nothing
    Role.AUDITOR: frozenset(
        {
            P.VIEW_PATIENTS,
            P.VIEW_CLINICAL,
            P.VIEW_SCHEDULE,
            P.VIEW_LOTS,
            P.VIEW_MEMBERS,
            P.AUDIT,
        }
    ),
}


def may(member: Membership, permission: Permission) -> bool:
    return member.active and permission in GRANTS.get(member.role, frozenset())


def require(member: Membership, permission: Permission) -> None:
    """Raise NotAllowed (403) unless the member's role grants `permission`."""
    if not may(member, permission):
        raise NotAllowed(member.get_role_display().lower(), permission.value)
