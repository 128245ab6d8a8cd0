"""One adverse event as Form FDA 3500 ("MedWatch", voluntary reporting by health
professionals): sections A to G in the form's order, from the clinic's record.

The form's sections, and its instructions for each box, are the FDA's:
https://www.fda.gov/safety/medical-product-safety-information/instructions-completing-form-fda-3500
A box the record fills carries its value; one it cannot fill says what the reporter must add.
The reporter named in G is whoever recorded the event, with their licence; the person who
downloads the file may be someone else, and the notes say so.
"""

from __future__ import annotations

from toxfill.knowledge.base import KnowledgeBase
from toxfill.records.medwatch.form import (
    FORM_INSTRUCTIONS,
    ONLINE_FORM,
    TO_ADD,
    Entry,
    Group,
    MedWatchReport,
    Section,
)
from toxfill.records.medwatch.inputs import Course, EventRecord, ReportingPerson
from toxfill.records.medwatch.outcomes import OutcomeAnswer, attributed_outcomes
from toxfill.records.medwatch.products import (
    UsedProduct,
    amount,
    device_group,
    drug_group,
    used_products,
)

TITLE = "MedWatch report: Form FDA 3500 (voluntary reporting by health professionals)"
ANTICOAGULANT = "anticoagulant-or-antiplatelet"
COURSE_WORDS = {
    Course.ONGOING: "ongoing",
    Course.RESOLVED: "resolved",
    Course.RESOLVED_WITH_SEQUELAE: "resolved with lasting effects",
    Course.UNKNOWN: "unknown",
}


def medwatch_report(kb: KnowledgeBase, record: EventRecord) -> MedWatchReport:
    """The event as the form's sections A to G, every box filled or marked to add."""
    used = used_products(kb, record.points)
    drugs = [u for u in used if not u.is_device]
    devices = [u for u in used if u.is_device]
    sections = (
        _patient(record),
        _event(kb, record, used, device_used=bool(devices)),
        _availability(),
        Section(
            "D",
            "Suspect products",
            tuple(drug_group(kb, u, n, record.treated_on) for n, u in enumerate(drugs, 1))
            or (_none("No drug was used in the session: see section E."),),
        ),
        Section(
            "E",
            "Suspect medical device",
            tuple(
                device_group(u, n, record.treated_on, record.provider)
                for n, u in enumerate(devices, 1)
            )
            or (_none("No device (filler) was used in the session: see section D."),),
        ),
        _concomitant(kb, record),
        _reporter(record),
    )
    reference, day = record.event.reference, record.prepared_on
    report = MedWatchReport(TITLE, reference, day, (), sections)
    return MedWatchReport(TITLE, reference, day, _notes(record, report), sections)


def _none(text: str) -> Group:
    return Group("", (Entry("", "Not applicable", text),))


def _patient(record: EventRecord) -> Section:
    patient = record.patient
    born = patient.date_of_birth
    onset = record.event.onset_on
    age = onset.year - born.year - ((onset.month, onset.day) < (born.month, born.day))
    return Section(
        "A",
        "Patient information",
        (
            Group(
                "",
                (
                    Entry("A1", "Patient identifier", f"{patient.initials} (initials only)"),
                    Entry(
                        "A2",
                        "Age at time of event, or date of birth",
                        f"{age} years; born {born.isoformat()}",
                    ),
                    Entry("A3", "Sex", to_add="not recorded in toxfill"),
                    Entry("A4", "Weight", to_add="in lb or kg: not recorded in toxfill"),
                    Entry(
                        "A5",
                        "Ethnicity and race",
                        to_add="as the patient describes them: not recorded in toxfill",
                    ),
                ),
            ),
        ),
    )


def _event(
    kb: KnowledgeBase, record: EventRecord, used: tuple[UsedProduct, ...], *, device_used: bool
) -> Section:
    event = record.event
    outcomes = attributed_outcomes(event, device_used=device_used)
    return Section(
        "B",
        "Adverse event, product problem",
        (
            Group(
                "",
                (
                    Entry(
                        "B1",
                        "Type of report",
                        "Adverse event",
                        to_add="tick also product problem, product use/medication error or "
                        "problem with a different manufacturer of the same medicine if one "
                        "applies",
                    ),
                ),
            ),
            Group(
                "B2 Outcome attributed to adverse event (check all that apply)",
                tuple(_outcome(answer) for answer in outcomes),
            ),
            Group(
                "",
                (
                    Entry("B3", "Date of event", event.onset_on.isoformat()),
                    Entry("B4", "Date of this report", record.prepared_on.isoformat()),
                    Entry(
                        "B5",
                        "Describe event or problem",
                        _description(kb, record, used),
                        to_add="anything the record leaves out: how it was found, what else "
                        "was done, how the patient is now",
                    ),
                    Entry(
                        "B6",
                        "Relevant tests/laboratory data, including dates",
                        to_add="toxfill records none: add any tests and their dates, or say none",
                    ),
                    _history(kb, record),
                ),
            ),
        ),
    )


def _outcome(answer: OutcomeAnswer) -> Entry:
    label = answer.outcome.value
    if answer.ticked is None:
        return Entry("", label, to_add=answer.because)
    return Entry("", label, f"{'Yes' if answer.ticked else 'No'}: {answer.because}")


def _description(kb: KnowledgeBase, record: EventRecord, used: tuple[UsedProduct, ...]) -> str:
    event = record.event
    symptoms = ", ".join(
        kb.symptoms[s].label if s in kb.symptoms else s for s in event.symptoms
    ).lower()
    days = (event.onset_on - record.treated_on).days
    when = (
        "before"  # a record can say so; the report says what it says
        if days < 0
        else "the same day as"
        if days == 0
        else f"{days} day{'s' if days != 1 else ''} after"
    )
    treated = "; ".join(f"{u.name}, lot {u.lot.lot_number}, {amount(kb, u)}" for u in used)
    parts = [
        f"{symptoms.capitalize() or 'Symptoms not recorded'}, starting {when} treatment on "
        f"{record.treated_on.isoformat()} ({treated or 'no injections charted'}).",
        f"Triaged on entry by toxfill as {event.urgency}"
        + (f": {event.triage_reason.rstrip('.')}" if event.triage_reason else "")
        + ".",
    ]
    if event.severity is not None:
        parts.append(f"Graded {event.severity.value} by the clinician.")
    if event.hyaluronidase_units is not None and event.hyaluronidase_given:
        parts.append(f"Treated with hyaluronidase {event.hyaluronidase_units.normalize():f} U.")
    actions = event.actions.strip()
    if actions:
        parts.append(f"Actions taken: {actions}" + ("" if actions[-1] in ".!?" else "."))
    parts.append(f"Course: {COURSE_WORDS[event.course]}.")
    return " ".join(p for p in parts if p)


def _history(kb: KnowledgeBase, record: EventRecord) -> Entry:
    patient = record.patient
    label = "Other relevant history, including pre-existing medical conditions"
    facts = [
        kb.health_factors[f].label if f in kb.health_factors else f for f in patient.health_factors
    ]
    if patient.allergies.strip():
        facts.append(f"Allergies: {patient.allergies.strip()}")
    if not facts:
        return Entry(
            "B7",
            label,
            to_add="no health factors or allergies are recorded in toxfill: add any (allergies, "
            "pregnancy, smoking and alcohol use, liver or kidney problems), or say none known",
        )
    return Entry("B7", label, "; ".join(facts))


def _availability() -> Section:
    return Section(
        "C",
        "Product availability",
        (
            Group(
                "",
                (
                    Entry(
                        "C1",
                        "Product available for evaluation? (Do not send product to FDA)",
                        to_add="Yes, No, or Returned to manufacturer on (date): toxfill does "
                        "not know whether the vial or syringe was kept",
                    ),
                ),
            ),
        ),
    )


def _concomitant(kb: KnowledgeBase, record: EventRecord) -> Section:
    hint = "product names and therapy dates, not what treated the event"
    if ANTICOAGULANT in record.patient.health_factors:
        factor = kb.health_factors.get(ANTICOAGULANT)
        hint += (
            f"; the patient's record says: {factor.label if factor else ANTICOAGULANT}: "
            "name the medicine"
        )
    return Section(
        "F",
        "Other (concomitant) medical products",
        (
            Group(
                "",
                (
                    Entry(
                        "",
                        "Product names and therapy dates (exclude treatment of event)",
                        to_add="toxfill does not record the patient's medicines: " + hint,
                    ),
                ),
            ),
        ),
    )


def _reporter(record: EventRecord) -> Section:
    person = record.recorder
    licensed = bool(person.licence_type)
    licence = ", ".join(
        part
        for part in (
            person.licence_number and f"licence {person.licence_number}",
            person.licence_jurisdiction,
            person.npi and f"NPI {person.npi}",
        )
        if part
    )
    regulator = record.event
    already = (
        "toxfill records that it was reported to the regulator"
        + (f" on {regulator.reported_on.isoformat()}" if regulator.reported_on else "")
        if regulator.reported_to_regulator
        else ""
    )
    return Section(
        "G",
        "Reporter",
        (
            Group(
                "",
                (
                    Entry("", "Name", f"{person.name} (recorded this event)"),
                    Entry(
                        "",
                        "Address",
                        record.clinic,
                        to_add="the clinic's street, city, state, ZIP and country",
                    ),
                    Entry("", "Phone", to_add="a number the FDA can call"),
                    Entry(
                        "",
                        "Email",
                        person.email,
                        to_add="" if person.email else "an address the FDA can write to",
                    ),
                    Entry(
                        "",
                        "Health professional?",
                        "Yes" if licensed else "",
                        to_add="" if licensed else "no licence is recorded for the reporter",
                    ),
                    Entry(
                        "",
                        "Occupation",
                        person.licence_type + (f" ({licence})" if licence else ""),
                        to_add="" if licensed else "e.g. registered nurse, physician",
                    ),
                    Entry(
                        "",
                        "Also reported to",
                        already,
                        to_add="tick manufacturer/compounder, user facility or "
                        "distributor/importer if you told them",
                    ),
                    Entry(
                        "",
                        "If you do NOT want your identity disclosed to the manufacturer",
                        to_add="place an X in the box if so",
                    ),
                ),
            ),
        ),
    )


def _notes(record: EventRecord, report: MedWatchReport) -> tuple[str, ...]:
    recorder, preparer = record.recorder, record.preparer
    notes = [
        f"Prepared by toxfill on {record.prepared_on.isoformat()} from {record.clinic}'s record "
        f"of adverse event {record.event.reference}, for {_who(preparer)}.",
    ]
    if preparer.key != recorder.key:
        notes.append(
            f"The reporter in section G is {recorder.name}, who recorded the event, not "
            f"{preparer.name}, who prepared this file: ask {recorder.name} to check it and "
            "send it, or name yourself in G if you report it instead."
        )
    if record.event.voided:
        notes.append("This adverse event record has been voided: do not send it as it stands.")
    if record.event.reported_to_regulator:
        notes.append(
            "The event is recorded as already reported to the regulator: send this only as a "
            "follow-up to that report."
        )
    notes += [
        f"{len(report.to_add)} boxes are marked {TO_ADD}: toxfill does not hold what they ask "
        "for. Add or check them before sending.",
        f"Send it through the FDA's online form ({ONLINE_FORM}) or copy it onto Form FDA 3500; "
        f"the FDA's instructions for each box: {FORM_INSTRUCTIONS}",
    ]
    return tuple(notes)


def _who(person: ReportingPerson) -> str:
    return f"{person.name} ({person.role})" if person.role else person.name
