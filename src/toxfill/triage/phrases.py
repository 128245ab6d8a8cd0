"""The sentences triage writes itself (around the knowledge base's own words), in each language
it speaks. The knowledge base's language picks them: a Spanish base gets Spanish sentences, so
an answer never mixes two languages. Only words live here; every decision is the engine's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from toxfill.knowledge.models import UrgencyLevel
from toxfill.scales import URGENCY_ACTIONS


@dataclass(frozen=True)
class Phrases:
    headline: Mapping[UrgencyLevel, str]  # what to do, first
    act_now: Mapping[UrgencyLevel, str]  # "Call emergency services now", for "... if ..."
    today: str
    yesterday: str
    days_ago: str  # {days}
    say_when: str  # said when the day is not known
    say_where: str
    for_concern: str  # {concern}
    in_place: str  # {place}
    expected_unknown_day: str  # {label} {option}
    expected_within: str  # {label} {option} {usual} {claim}
    expected_past: str  # {label} {option} {usual} {days}
    expected_no_figure: str  # {label} {option}
    not_expected: str  # {label} {option} {usual_list}
    none_listed: str
    any_of_these: str  # {signs}
    together_with: str  # {signs} {others}
    at_least_together: str  # {count} {signs}
    if_: str  # between the action and its conditions
    or_if: str
    or_: str  # the last of a list: "a, b or c"
    headings: tuple[str, str, str, str]  # steps, watch, aftercare, once seen
    urgency_names: Mapping[UrgencyLevel, str]  # the banner of a written answer
    report_headings: Mapping[str, str]  # now, tell, sooner, why, sources, version


ENGLISH = Phrases(
    headline=URGENCY_ACTIONS,
    act_now={
        UrgencyLevel.EMERGENCY: "Call emergency services now",
        UrgencyLevel.URGENT: "Contact your provider or a doctor today",
    },
    today="today",
    yesterday="yesterday",
    days_ago="{days} days ago",
    say_when="(say when you had it)",
    say_where="(say where on your body)",
    for_concern="for {concern}",
    in_place="in the {place}",
    expected_unknown_day=(
        "{label} is expected at first after {option}, but without knowing how many days ago "
        "you were treated, toxfill cannot tell whether it is lasting too long, so your provider "
        "should check it."
    ),
    expected_within=(
        "{label} is a common, expected reaction after {option}, and usually clears within "
        "{usual} days. {claim}"
    ),
    expected_past=(
        "{label} is expected at first after {option}, but usually clears within {usual} days; "
        "at {days} days your provider should check it."
    ),
    expected_no_figure=(
        "{label} is expected at first after {option}, but no reliable figure for how long it "
        "lasts was found, so your provider should check it."
    ),
    not_expected=(
        "{label} is not one of the usual reactions after {option}, so a provider should check "
        "it. The usual ones are: {usual_list}."
    ),
    none_listed="none listed",
    any_of_these="you get any of these: {signs}",
    together_with="you get {signs} together with {others}",
    at_least_together="you get {count} or more of these together: {signs}",
    if_=" if ",
    or_if="; or if ",
    or_=" or ",
    headings=(
        "At home, step by step",
        "Watch for",
        "Aftercare",
        "Aftercare, once you have been seen",
    ),
    urgency_names={level: level.value.upper() for level in UrgencyLevel},
    report_headings={
        "now": "What to do now",
        "tell": "What to tell them",
        "sooner": "Get help sooner if",
        "why": "Why",
        "sources": "Sources",
        "version": "knowledge base {version}",
    },
)

SPANISH = Phrases(
    headline={
        UrgencyLevel.SELF_CARE: "Esto suele ser parte de la curación normal: cuídese en casa y "
        "siga los consejos de cuidado.",
        UrgencyLevel.ROUTINE: "Hable con su proveedor de salud en los próximos días.",
        UrgencyLevel.URGENT: "Hable hoy con su proveedor de salud. Si no lo encuentra, vaya a un "
        "centro de atención de urgencia o a una sala de emergencias.",
        UrgencyLevel.EMERGENCY: "Llame a los servicios de emergencia o vaya ahora a la sala de "
        "emergencias más cercana.",
    },
    act_now={
        UrgencyLevel.EMERGENCY: "Llame ahora a los servicios de emergencia",
        UrgencyLevel.URGENT: "Hable hoy con su proveedor de salud o con un médico",
    },
    today="hoy",
    yesterday="ayer",
    days_ago="hace {days} días",
    say_when="(diga cuándo se lo pusieron)",
    say_where="(diga en qué parte del cuerpo)",
    for_concern="para: {concern}",
    in_place="en: {place}",
    expected_unknown_day=(
        "{label}: es esperado al principio después de {option}. Pero sin saber hace cuántos "
        "días le trataron, toxfill no puede saber si dura demasiado. Su proveedor de salud lo "
        "debe revisar."
    ),
    expected_within=(
        "{label}: es una reacción común y esperada después de {option}, y suele irse en "
        "{usual} días. {claim}"
    ),
    expected_past=(
        "{label}: es esperado al principio después de {option}, pero suele irse en {usual} "
        "días. A los {days} días, su proveedor de salud lo debe revisar."
    ),
    expected_no_figure=(
        "{label}: es esperado al principio después de {option}, pero no hay un dato confiable "
        "de cuánto dura. Su proveedor de salud lo debe revisar."
    ),
    not_expected=(
        "{label}: no es una de las reacciones normales después de {option}. Un proveedor de "
        "salud lo debe revisar. Las normales son: {usual_list}."
    ),
    none_listed="no hay ninguna en la lista",
    any_of_these="tiene cualquiera de estas: {signs}",
    together_with="tiene {signs} junto con {others}",
    at_least_together="tiene {count} o más de estas juntas: {signs}",
    if_=" si ",
    or_if="; o si ",
    or_=" o ",
    headings=(
        "En casa, paso a paso",
        "Esté atento a",
        "Cuidados después del tratamiento",
        "Cuidados, después de que le atiendan",
    ),
    urgency_names={
        UrgencyLevel.SELF_CARE: "CUIDADO EN CASA",
        UrgencyLevel.ROUTINE: "SIN PRISA",
        UrgencyLevel.URGENT: "URGENTE",
        UrgencyLevel.EMERGENCY: "EMERGENCIA",
    },
    report_headings={
        "now": "Qué hacer ahora",
        "tell": "Qué decirles",
        "sooner": "Busque ayuda antes si",
        "why": "Por qué",
        "sources": "Fuentes (con el nombre con que se publicaron)",
        "version": "base de conocimientos {version}",
    },
)

PHRASES: Mapping[str, Phrases] = {"en": ENGLISH, "es": SPANISH}


def phrases_for(language: str) -> Phrases:
    """The sentences for `language` (checked where the language came in: translation.py)."""
    return PHRASES[language]
