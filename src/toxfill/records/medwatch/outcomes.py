"""Box B2 of Form FDA 3500, "Outcome attributed to adverse event": which of its check boxes
the clinic's record ticks, which it rules out, and which only the reporter can answer.

The outcomes and their meanings are the FDA's ("What is a Serious Adverse Event?", and the
form's instructions for B2):

- Death: the death is suspected to be an outcome of the adverse event.
- Life-threatening: the patient was at substantial risk of dying at the time of the event.
- Hospitalization (initial or prolonged): admission or a longer stay because of the event.
- Disability or permanent damage: a significant, persistent or permanent change, impairment,
  damage or disruption in the patient's body function or structure, physical activities or
  quality of life.
- Congenital anomaly/birth defects: exposure before conception or during pregnancy is suspected
  to have harmed the child.
- Required intervention to prevent permanent impairment/damage (devices): medical or surgical
  intervention was needed to preclude permanent impairment of a body function or permanent
  damage to a body structure, suspected to be due to the use of a medical product (a device).
- Other serious (important medical events): none of the above, but the event may jeopardize
  the patient and may need medical or surgical treatment to prevent one of them.

The clinic's rules, each named in the tests beside the FDA's meaning it rests on:

- Hyaluronidase given for the event ticks "required intervention": it is the treatment given
  to dissolve hyaluronic acid filler (a device) that threatens tissue or sight.
- An event triaged an emergency on entry ticks "required intervention" when a device (filler)
  was used in the session; when only drugs (toxins) were, the box is for devices, so it ticks
  "other serious (important medical events)" instead.
- A severity graded life-threatening ticks "life-threatening"; a lower grade rules it out.
- An event that resolved without lasting effects rules out death and disability; one that
  resolved with lasting effects rules out death and asks the reporter whether the effects are
  significant, persistent or permanent.
- Hospitalization and congenital anomaly are never recorded by toxfill: always asked.

A grade (mild to life-threatening) says how bad an event was, not what it led to, so "severe"
ticks nothing by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from toxfill.records.medwatch.inputs import Course, ReportedEvent, Severity


class Outcome(StrEnum):
    """The check boxes of B2, in the form's words and order."""

    DEATH = "Death"
    LIFE_THREATENING = "Life-threatening"
    HOSPITALIZATION = "Hospitalization - initial or prolonged"
    DISABILITY = "Disability or permanent damage"
    CONGENITAL_ANOMALY = "Congenital anomaly/birth defects"
    REQUIRED_INTERVENTION = "Required intervention to prevent permanent impairment/damage (devices)"
    OTHER_SERIOUS = "Other serious (important medical events)"


@dataclass(frozen=True)
class OutcomeAnswer:
    """One box of B2: ticked (True), ruled out by the record (False), or for the reporter to
    answer (None); `because` says what in the record decided it, or what to ask."""

    outcome: Outcome
    ticked: bool | None
    because: str


def attributed_outcomes(event: ReportedEvent, *, device_used: bool) -> tuple[OutcomeAnswer, ...]:
    """Every box of B2, in the form's order, answered as far as the record allows."""
    return (
        _death(event),
        _life_threatening(event),
        OutcomeAnswer(
            Outcome.HOSPITALIZATION,
            None,
            "toxfill does not record hospital stays: tick it if the event led to an admission "
            "or a longer stay",
        ),
        _disability(event),
        OutcomeAnswer(
            Outcome.CONGENITAL_ANOMALY,
            None,
            "tick it only if the patient was pregnant, or conceived after treatment, and the "
            "child may have been harmed",
        ),
        _required_intervention(event, device_used),
        _other_serious(event, device_used),
    )


def _death(event: ReportedEvent) -> OutcomeAnswer:
    if event.course in (Course.RESOLVED, Course.RESOLVED_WITH_SEQUELAE):
        return OutcomeAnswer(Outcome.DEATH, False, "the event is recorded as resolved")
    return OutcomeAnswer(
        Outcome.DEATH, None, "tick it, with the date, only if the patient died of the event"
    )


def _life_threatening(event: ReportedEvent) -> OutcomeAnswer:
    if event.severity is Severity.LIFE_THREATENING:
        return OutcomeAnswer(Outcome.LIFE_THREATENING, True, "graded life-threatening")
    if event.severity is not None:
        return OutcomeAnswer(
            Outcome.LIFE_THREATENING, False, f"graded {event.severity.value}, not life-threatening"
        )
    return OutcomeAnswer(
        Outcome.LIFE_THREATENING,
        None,
        "not graded yet: tick it if the patient was at substantial risk of dying",
    )


def _disability(event: ReportedEvent) -> OutcomeAnswer:
    if event.course is Course.RESOLVED:
        return OutcomeAnswer(
            Outcome.DISABILITY, False, "the event is recorded as resolved without lasting effects"
        )
    if event.course is Course.RESOLVED_WITH_SEQUELAE:
        return OutcomeAnswer(
            Outcome.DISABILITY,
            None,
            "the event resolved with lasting effects: tick it if they are significant, "
            "persistent or permanent",
        )
    return OutcomeAnswer(
        Outcome.DISABILITY,
        None,
        "the event has not resolved: tick it if there is significant, persistent or permanent "
        "damage",
    )


def _required_intervention(event: ReportedEvent, device_used: bool) -> OutcomeAnswer:
    if event.hyaluronidase_given:
        return OutcomeAnswer(
            Outcome.REQUIRED_INTERVENTION,
            True,
            f"hyaluronidase {_units(event)} U was given to dissolve the filler",
        )
    if not device_used:
        return OutcomeAnswer(
            Outcome.REQUIRED_INTERVENTION,
            False,
            "this box is for devices, and no device (filler) was used in the session",
        )
    if event.urgency == "emergency":
        return OutcomeAnswer(
            Outcome.REQUIRED_INTERVENTION,
            True,
            "triaged an emergency on entry after filler (a device)",
        )
    return OutcomeAnswer(
        Outcome.REQUIRED_INTERVENTION,
        None,
        "tick it if medical or surgical treatment was needed to prevent permanent impairment "
        "or damage",
    )


def _other_serious(event: ReportedEvent, device_used: bool) -> OutcomeAnswer:
    if event.urgency == "emergency" and not device_used and not event.hyaluronidase_given:
        return OutcomeAnswer(
            Outcome.OTHER_SERIOUS,
            True,
            "triaged an emergency on entry after toxin (a drug): an important medical event",
        )
    return OutcomeAnswer(
        Outcome.OTHER_SERIOUS,
        None,
        "tick it if the event may have put the patient in danger or needed treatment to "
        "prevent one of the outcomes above",
    )


def _units(event: ReportedEvent) -> str:
    units = event.hyaluronidase_units
    return "" if units is None else f"{units.normalize():f}"
