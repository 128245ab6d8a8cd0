"""The words the decision aid writes itself (around the knowledge base's own), in each language
it speaks, keyed by the English. The knowledge base's language picks them, so a decision never
mixes two languages; an English phrase with no twin here is a LookupError, never English in
silence (tests/core/test_decide_languages.py runs every decide case of the suite in each
language). Only words live here: every status, product and date is worked out before.
"""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.phrasebook import Phrasebook

SPANISH: Mapping[str, str] = {
    # Why an option has its status (assessment.py).
    "{name} is not approved for {concern}. Using it for that would be off-label, so toxfill"
    " does not suggest it.": (
        "{name} no está aprobado para {concern}. Usarlo para eso sería un uso no aprobado"
        " (fuera de etiqueta), así que toxfill no lo sugiere."
    ),
    "{option} has no FDA-approved use for {concern}.": (
        "{option} no tiene ningún uso aprobado por la FDA para {concern}."
    ),
    "{low} and older": "{low} años o más",
    "{low} to {high}": "de {low} a {high} años",
    "{name}: ages {ages}": "{name}: {ages}",
    "Approved for {concern} only at these ages ({ranges}); you are {age}.": (
        "Aprobado para {concern} solo a estas edades ({ranges}); usted tiene {age} años."
    ),
    " A {specialist} can advise.": " Un {specialist} le puede aconsejar.",
    "approved for {concern} only at ages {ages}": "aprobado para {concern} solo a {ages}",
    "Every product approved for {concern} is ruled out by your health answers.": (
        "Sus respuestas de salud descartan todos los productos aprobados para {concern}."
    ),
    "Covered at your age by labels for “{wording}”, which do not name {concern}: {names}.": (
        "A su edad lo cubren las etiquetas para “{wording}”, que no nombran {concern}: {names}."
    ),
    "Approved for {concern} at your age: {names}.": ("Aprobado para {concern} a su edad: {names}."),
    "{concern} is a medical condition: a {specialist} decides on treatment. Approved for it:"
    " {names}.": (
        "{concern} es un problema médico: un {specialist} decide el tratamiento. Aprobado para"
        " eso: {names}."
    ),
    "It works on this kind of concern: {mechanism}": (
        "Funciona para este tipo de problema: {mechanism}"
    ),
    "{products} would be ruled out": "se descartaría {products}",
    "it would not be suitable": "no sería adecuado",
    "it needs care": "hay que tener cuidado",
    "It is not for you until you find out.": "No es para usted hasta que lo sepa.",
    "Find out before treatment.": "Averígüelo antes del tratamiento.",
    "You were not sure about this: {factor}. {then} If the answer is yes, {if_yes}: {text}": (
        "No estaba seguro de esto: {factor}. {then} Si la respuesta es sí, {if_yes}: {text}"
    ),
    "I am not sure about this: {factor}. {discuss}": "No estoy seguro de esto: {factor}. {discuss}",
    "provider": "proveedor de salud",
    "You had {option} on {date}: tell the {specialist} about it.": (
        "Le pusieron {option} el {date}: dígaselo al {specialist}."
    ),
    "Your last {option} treatment was on {date}. Treatments must be at least {days} days apart,"
    " so the next one is possible from {next}.": (
        "Su último tratamiento de {option} fue el {date}. Entre un tratamiento y otro debe haber"
        " al menos {days} días, así que el próximo se puede hacer desde el {next}."
    ),
    # What to take to the provider (advice.py).
    "Studied together for {concerns}: {options}.": "Estudiados juntos para {concerns}: {options}.",
    " and ": " y ",
    "{option} for {concern}": "{option} para {concern}",
    " Not approved, so toxfill does not suggest it: {parts} (off-label).": (
        " No está aprobado, así que toxfill no lo sugiere: {parts} (uso no aprobado)."
    ),
    "Are you a licensed provider, and how often do you give this treatment?": (
        "¿Es usted un proveedor de salud con licencia, y cada cuánto pone este tratamiento?"
    ),
    "Which product will you use? Is it FDA-approved for my concern and my age?": (
        "¿Qué producto va a usar? ¿Está aprobado por la FDA para mi problema y mi edad?"
    ),
    "What side effects should I expect, and what should I do if I notice warning signs after"
    " treatment?": (
        "¿Qué efectos secundarios debo esperar, y qué hago si noto señales de alarma después"
        " del tratamiento?"
    ),
    "I had botulinum toxin recently: when can I safely have more?": (
        "Me pusieron toxina botulínica hace poco: ¿cuándo me pueden poner más sin peligro?"
    ),
    # What each option does and what can go wrong (harms.py).
    "Common side effects": "Efectos secundarios comunes",
    "Common: {symptoms}.": "Comunes: {symptoms}.",
    "No figure for how often it happens was found.": (
        "No se encontró una cifra de cada cuánto pasa."
    ),
    "{count} in {out_of}": "{count} de cada {out_of}",
    "A picture of {out_of} people or treatments, {count} of them marked ({figure} in the"
    " source). {statement}": (
        "Un dibujo de {out_of} personas o tratamientos, con {count} marcados ({figure} en la"
        " fuente). {statement}"
    ),
    # Each option's decision and what the preferences moved (ranking.py).
    "Choosing no treatment is always a safe choice, and you can decide later.": (
        "No hacerse ningún tratamiento siempre es una opción segura, y puede decidir más tarde."
    ),
    "{option} moved above {others} for {concern}": (
        "{option} subió por encima de {others} para {concern}"
    ),
    "You gave this {weight} of 3. It favours, best first: {best}.": (
        "Usted le dio {weight} de 3. Favorece, de mejor a peor: {best}."
    ),
    " It did not change the order of options for your concerns.": (
        " No cambió el orden de las opciones para sus problemas."
    ),
    " A preference never moves an option above one with fewer safety concerns.": (
        " Una preferencia nunca sube una opción por encima de otra con menos problemas de"
        " seguridad."
    ),
    # What each preference rests on (preferences.py).
    "permanent": "permanente",
    "lasts about {months} months": "dura unos {months} meses",
    "about {visits} maintenance visits a year": ("unas {visits} visitas de mantenimiento al año"),
    "can be dissolved": "se puede disolver",
    "cannot be dissolved but wears off": "no se puede disolver pero se va con el tiempo",
    "hard or impossible to remove": "difícil o imposible de quitar",
    "about {amount} in the first year": "unos {amount} el primer año",
    "about {amount} a visit": "unos {amount} por visita",
    "back to everyday activities right away": "vuelve enseguida a sus actividades diarias",
    "a few days before everyday activities": "unos días antes de volver a sus actividades",
    "swelling that can last weeks": "hinchazón que puede durar semanas",
    "no treatment, no downtime": "sin tratamiento no hay tiempo de recuperación",
    # Where a stated preference lost (trade_offs.py).
    "lasts longer": "dura más",
    "needs fewer visits": "necesita menos visitas",
    "is easier to undo": "es más fácil de deshacer",
    "costs less over a year": "cuesta menos en un año",
    "costs less each visit": "cuesta menos en cada visita",
    "needs less time off": "necesita menos tiempo de recuperación",
    "does not last as long": "no dura tanto",
    "needs more visits": "necesita más visitas",
    "is harder to undo": "es más difícil de deshacer",
    "costs more over a year": "cuesta más en un año",
    "costs more each visit": "cuesta más en cada visita",
    "needs more time off": "necesita más tiempo de recuperación",
    "cannot be dissolved": "no se puede disolver",
    "is hard or impossible to remove": "es difícil o imposible de quitar",
    "{label} {better} but {because}.": "{label} {better}, pero {because}.",
    "your health answers mean it needs a talk with your provider first": (
        "por sus respuestas de salud, primero hay que hablarlo con su proveedor de salud"
    ),
    "it is permanent, so it is not a first choice": (
        "es permanente, así que no es una primera opción"
    ),
    "it is not a first choice for this kind of concern": (
        "no es una primera opción para este tipo de problema"
    ),
    "{worse}, which you said matters": "{worse}, y usted dijo que eso le importa",
}

say = Phrasebook("toxfill/decide/words.py", {"es": SPANISH}).say
