"""The multi-node drill's clinic (written with toxfill's own actions) and its checks, each
of what the drill promises: nothing lost, read-your-writes, the replica caught up, limits
counted once across nodes, one reminder consumer."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from dataclasses import dataclass

from multinode_cluster import DATABASE, ConsumerWatch, Node
from multinode_load import FAMILY_NAME, Tally, call
from replica import Replica, replica_lag

PASSWORD = "drill correct horse battery staple"
WRITERS = 6  # half with a token, half with a session


@dataclass(frozen=True)
class Setup:
    clinic: str  # its public ID
    clinic_pk: int
    token_writers: list[str]
    desk_usernames: list[str]
    observer_token: str
    followup: str  # the follow-up whose reminder goes through Redis


def prepare(env: dict[str, str]) -> Setup:
    """A clinic with its members and a follow-up due for a reminder, written in this process
    with toxfill's own actions (as a command would), on the primary."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "toxfill.web.settings"
    os.environ.pop("TOXFILL_REPLICA_URL", None)
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.utils import timezone

    from toxfill.web.clinic.actions.clinics import open_clinic
    from toxfill.web.clinic.actions.invitations import accept_invitation, invite_member
    from toxfill.web.clinic.actions.patients import register_patient
    from toxfill.web.clinic.actions.tokens import create_token
    from toxfill.web.clinic.models import FollowUp, Membership, TreatmentSession

    manager = open_clinic(
        User.objects.create_user("drill-manager", "", PASSWORD), name="Drill", time_zone="UTC"
    )

    def join(username: str, role: str) -> Membership:
        invitation = invite_member(manager, username=username, role=role, password=PASSWORD)
        return accept_invitation(User.objects.get(username=username), invitation.public_id)

    desks = [join(f"drill-desk-{n}", "front-desk") for n in range(WRITERS)]
    auditor = join("drill-auditor", "auditor")
    join("drill-locked", "front-desk")
    tokens = [
        create_token(desk.user, name="drill", scope="read-write")[1]
        for desk in desks[: WRITERS // 2]
    ]
    patient = register_patient(
        desks[0],
        given_name="Rita",
        family_name="Reminded",
        date_of_birth=dt.date(1980, 1, 1),
        email="rita@example.org",
    )
    now = timezone.now()
    session = TreatmentSession.objects.create(
        clinic_id=manager.clinic_id, patient=patient, provider=manager, performed_at=now
    )
    followup = FollowUp.objects.create(
        clinic_id=manager.clinic_id,
        patient=patient,
        session=session,
        due_on=now.date() + dt.timedelta(days=3),
        option="botulinum-toxin",
        purpose="review",
    )
    return Setup(
        clinic=str(manager.clinic.public_id),
        clinic_pk=manager.clinic_id,
        token_writers=tokens,
        desk_usernames=[desk.user.username for desk in desks[WRITERS // 2 :]],
        observer_token=create_token(auditor.user, name="observer")[1],
        followup=str(followup.public_id),
    )


@dataclass
class Check:
    name: str
    held: bool
    detail: str

    def row(self) -> str:
        return f"| {self.name} | {'yes' if self.held else '**no**'} | {self.detail} |"


def check_writes(setup: Setup, tally: Tally) -> tuple[Check, int]:
    """The check, and how many drill patients the primary holds."""
    from django.db.models import Count

    from toxfill.web.clinic.models import Patient

    written = dict(
        Patient.objects.filter(clinic_id=setup.clinic_pk, family_name=FAMILY_NAME)
        .values_list("given_name")
        .annotate(rows=Count("id"))
    )
    missing = [m for m in tally.acknowledged if written.get(m, 0) == 0]
    twice = [m for m, rows in written.items() if rows > 1]
    check = Check(
        "every acknowledged write is in the primary exactly once",
        not missing and not twice,
        f"{len(tally.acknowledged)} acknowledged, {len(missing)} missing, {len(twice)} written "
        f"more than once; {tally.retried_writes} sends retried with their key, {tally.replayed} "
        f"answered as a replay; {len(tally.abandoned)} given up after every retry",
    )
    return check, sum(written.values())


def check_read_your_writes(tally: Tally) -> list[Check]:
    return [
        Check(
            "a writer's read right after its write found it (read-your-writes)",
            tally.own_reads > 0 and tally.own_misses == 0,
            f"{tally.own_reads} reads back, through either node, {tally.own_misses} missed",
        ),
        Check(
            "another member's reads went to the replica",
            tally.observer_misses > 0,
            f"of {tally.observer_reads} patients read by another member as soon as they were "
            f"written, {tally.observer_misses} were not there yet (the replica applies changes "
            "late on purpose)",
        ),
    ]


def check_replica(setup: Setup, replica: Replica, primary_count: int) -> Check:
    import psycopg

    started = time.monotonic()
    count = -1
    with psycopg.connect(replica.url(DATABASE), autocommit=True) as standby:
        while time.monotonic() - started < 60:
            row = standby.execute(
                "SELECT count(*) FROM clinic_patient WHERE clinic_id = %s AND family_name = %s",
                (setup.clinic_pk, FAMILY_NAME),
            ).fetchone()
            count = int(row[0]) if row else -1
            if count == primary_count:
                break
            time.sleep(0.1)
    took = time.monotonic() - started
    return Check(
        "the replica caught up",
        count == primary_count,
        f"{count} of the primary's {primary_count} drill patients, {took:.1f} s after the load "
        f"ended; lag then {replica_lag(replica):.1f} s",
    )


def check_sign_in_lockout(nodes: list[Node]) -> Check:
    from django.conf import settings

    limit = settings.AXES_FAILURE_LIMIT

    def sign_in(node: Node, password: str) -> int:
        body = {"username": "drill-locked", "password": password}
        return call(
            node.port, "POST", "/api/v1/clinic/login", source="127.0.0.31", body=body
        ).status

    wrong = [sign_in(nodes[n % 2], "not the password") for n in range(limit)]
    right = sign_in(nodes[1], PASSWORD)
    held = wrong[: limit - 1] == [422] * (limit - 1) and right == 429
    spread = ",".join(nodes[n % 2].name for n in range(limit))
    return Check(
        f"sign-in paused after {limit} wrong passwords spread over both nodes",
        held,
        f"wrong to {spread}: {', '.join(map(str, wrong))}; then the right one to "
        f"{nodes[1].name}: {right}",
    )


def check_link_limit(nodes: list[Node]) -> Check:
    from toxfill.web.patient_link.throttle import PER_IP

    answers = [
        call(nodes[n % 2].port, "GET", f"/p/drill-guess-{n}", source="127.0.0.32").status
        for n in range(PER_IP + 1)
    ]
    held = answers[:PER_IP] == [404] * PER_IP and answers[PER_IP] == 429
    return Check(
        "patient-link limit counted once over both nodes",
        held,
        f"{PER_IP} openings alternately to A and B: {answers[:PER_IP].count(404)} answered 404; "
        f"the next: {answers[PER_IP]}",
    )


def check_reminders(setup: Setup, nodes: list[Node], watch: ConsumerWatch) -> list[Check]:
    from huey.exceptions import ResultTimeout

    from toxfill.web.clinic.models import FollowUp
    from toxfill.web.clinic.tasks import send_followup_reminders

    result = send_followup_reminders()  # into Redis, as a node's scheduler puts it there
    with contextlib.suppress(ResultTimeout):  # then it did not run: the check says so
        result.get(blocking=True, timeout=30)
    sent = f"follow-up reminder sent: follow-up {setup.followup}"
    by_node = {node.name: node.log.read_text(errors="replace").count(sent) for node in nodes}
    reminded = FollowUp.objects.filter(public_id=setup.followup).values_list(
        "reminded_at", flat=True
    )[0]
    per_node = ", ".join(f"{name}: {n}" for name, n in by_node.items())
    consumers_seen = ", ".join(f"{name} (pid {pid})" for pid, name in sorted(watch.seen.items()))
    return [
        Check(
            "one reminder consumer at a time",
            watch.most_at_once == 1 and set(watch.seen.values()) == {nodes[0].name},
            f"most at once: {watch.most_at_once}; seen: {consumers_seen or 'none'}",
        ),
        Check(
            "a reminder task sent through Redis ran once",
            sum(by_node.values()) == 1 and reminded is not None,
            f"reminders sent, by node: {per_node}",
        ),
    ]
