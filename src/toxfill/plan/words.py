"""The sentences the planner writes itself (around the knowledge base's own words), in each
language it speaks, keyed by the English. The knowledge base's language picks them, so a plan
never mixes two languages; an English sentence with no twin here is a LookupError, never
English in silence. Only words live here: every date, interval and cost is computed before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from toxfill.phrasebook import Phrasebook

if TYPE_CHECKING:
    from toxfill.knowledge import KnowledgeBase
    from toxfill.plan.models import TreatmentPlan, VisitTreatment

SPANISH: Mapping[str, str] = {
    # Why a use is off-label.
    "Off-label: {reason} A provider may still propose it; the label's evidence"
    " does not cover it.": (
        "Fuera de etiqueta: {reason} Un proveedor de salud igual puede proponerlo, pero la"
        " evidencia de la etiqueta no lo incluye."
    ),
    "Off-label: {product} is not FDA-approved for {concern}.": (
        "Fuera de etiqueta: {product} no está aprobado por la FDA para {concern}."
    ),
    "Off-label: No {option} product is FDA-approved for {concern}.": (
        "Fuera de etiqueta: ningún producto de este tipo ({option}) está aprobado por la FDA"
        " para {concern}."
    ),
    "{unapproved} It was used for this in a published study. {study}": (
        "{unapproved} Se usó para esto en un estudio publicado. {study}"
    ),
    "{unapproved} It works on this kind of concern ({mechanism}), so a provider may propose it,"
    " but no approval study covers this use.": (
        "{unapproved} Actúa sobre este tipo de problema ({mechanism}), así que un proveedor de"
        " salud puede proponerlo, pero ningún estudio de aprobación incluye este uso."
    ),
    # How each treatment is planned.
    "{option} is planned with {others} for {concern}, as in the study. There the result lasted"
    " about {combined} weeks with both against {alone_weeks} weeks with {option} alone, so its"
    " interval here is {scale} times as long.": (
        "{option} se planea con {others} para {concern}, como en el estudio. Allí el resultado"
        " duró unas {combined} semanas con los dos, contra {alone_weeks} semanas con {option}"
        " solo, así que aquí el tiempo entre tratamientos es {scale} veces más largo."
    ),
    "and": "y",
    "A first course of {sessions} sessions, about {weeks} weeks apart: {claim}": (
        "Una primera serie de {sessions} sesiones, cada {weeks} semanas más o menos: {claim}"
    ),
    "Repeated about every {days} days, when the effect is expected to start wearing off: {claim}": (
        "Se repite cada {days} días más o menos, cuando se espera que el efecto empiece a"
        " irse: {claim}"
    ),
    "Never sooner than {days} days apart: {claim}": (
        "Nunca con menos de {days} días entre uno y otro: {claim}"
    ),
    "Permanent: no maintenance treatments are planned.": (
        "Permanente: no se planean tratamientos de mantenimiento."
    ),
    "No reliable duration figure, so no repeat is planned; ask your provider.": (
        "No hay una cifra confiable de duración, así que no se planea repetirlo; pregúntele a su"
        " proveedor de salud."
    ),
    "A check-up about {days} days after the first treatment.": (
        "Una revisión unos {days} días después del primer tratamiento."
    ),
    # The cost.
    "{option}: your prices, {amount} each.": "{option}: sus precios, {amount} cada vez.",
    "{option}: {amount} {unit} ({year}), counted once per treated area. {claim}": (
        "{option}: {amount} {unit} ({year}), contado una vez por cada zona tratada. {claim}"
    ),
    "{option}: no reliable price was found, so it is not in the cost; add your own price.": (
        "{option}: no se encontró un precio confiable, así que no está en el costo; agregue su"
        " propio precio."
    ),
    # The chart in one line.
    "No one knows how long it lasts, so no curve is drawn. Ask your provider.": (
        "Nadie sabe cuánto dura, así que no se dibuja una curva. Pregúntele a su proveedor de"
        " salud."
    ),
    "Full effect right away.": "Efecto completo enseguida.",
    "Full effect in about {time}.": "Efecto completo en {time} más o menos.",
    "{full} It does not wear off.": "{full} No se va.",
    "It fades around month {month}.": "Se va hacia el mes {month}.",
    "It fades between month {first} and month {last}.": (
        "Se va entre el mes {first} y el mes {last}."
    ),
    " This plan repeats it about every {time}.": " Este plan lo repite cada {time} más o menos.",
    # What each visit is for, and the calendar file.
    "initial": "primera vez",
    "course": "serie",
    "maintenance": "mantenimiento",
    "review": "revisión",
    "initial visit": "primera visita",
    "course visit": "visita de la serie",
    "maintenance visit": "visita de mantenimiento",
    "review visit": "visita de revisión",
    "toxfill care plan": "Plan de cuidado de toxfill",
    "toxfill: {visit} ({what})": "toxfill: {visit} ({what})",
    "- {option} for {concern}: {purpose}": "- {option} para {concern}: {purpose}",
    " (off-label: not an approved use; see the plan's notes)": (
        " (fuera de etiqueta: no es un uso aprobado; vea las notas del plan)"
    ),
    "In a week": "En una semana",
    "Tomorrow": "Mañana",
    "{when}: {visit} ({what})": "{when}: {visit} ({what})",
    # The chart.
    "Expected effect over time. An illustration from the cited figures, not a promise.": (
        "Efecto esperado con el tiempo. Un dibujo hecho con las cifras citadas, no una promesa."
    ),
    "Expected effect over time": "Efecto esperado con el tiempo",
    "— solid: with the planned treatments": "— línea continua: con los tratamientos del plan",
    "- - dashed: one treatment, not repeated": "- - línea de puntos: un tratamiento, sin repetir",
    "▲ a planned visit · ● a treatment": "▲ una visita del plan · ● un tratamiento",
    "Dates are a plan, not a booking.": "Las fechas son un plan, no una cita.",
    " (off-label: not an approved use)": " (fuera de etiqueta: no es un uso aprobado)",
    " (off-label)": " (fuera de etiqueta)",
    "full": "completo",
    "none": "nada",
    "treatment": "tratamiento",
    "One treatment, not repeated": "Un tratamiento, sin repetir",
    "with the planned treatments": "con los tratamientos del plan",
    "{option} for {concern}": "{option} para {concern}",
    ": {count} treatments.": ": {count} tratamientos.",
    "{count} visits from {start} to {end}.": "{count} visitas del {start} al {end}.",
    # The written plan (the CLI's table and Markdown).
    "# Care plan, {start} to {end}": "# Plan de cuidado, del {start} al {end}",
    "Care plan from {start} to {end}": "Plan de cuidado del {start} al {end}",
    "About {visits} visits a year; about {cost} a year.": (
        "Unas {visits} visitas al año; unos {cost} al año."
    ),
    "| Date | Visit | Treatments |": "| Fecha | Visita | Tratamientos |",
    "Date": "Fecha",
    "Visit": "Visita",
    "Treatments": "Tratamientos",
    "Visits": "Visitas",
    "off-label": "fuera de etiqueta",
    "Notes": "Notas",
    "Sources": "Fuentes",
    "Per year: about {visits} visits, {cost} (national average fees unless you gave your own"
    " prices).": (
        "Por año: unas {visits} visitas, {cost} (tarifas promedio nacionales, salvo que usted"
        " haya dado sus propios precios)."
    ),
}

say = Phrasebook("toxfill/plan/words.py", {"es": SPANISH}).say


def treatment_for_concern(
    kb: KnowledgeBase, language: str, treatment: TreatmentPlan | VisitTreatment
) -> str:
    """'Hyaluronic acid filler for smile lines', in `language` (the written plan's headings)."""
    return say(
        language,
        "{option} for {concern}",
        option=kb.options[treatment.option].label,
        concern=kb.concerns[treatment.concern].label.lower(),
    )
