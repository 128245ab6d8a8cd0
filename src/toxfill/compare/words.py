"""The words the comparison writes itself (around the knowledge base's own), in each language it
speaks, keyed by the English. The knowledge base's language picks them, so a comparison never
mixes two languages; an English phrase with no twin here is a LookupError, never English in
silence (tests/core/test_compare_languages.py compares every pair of options in each language).
Only words live here: every value, and whether two options are the same, is computed before.
"""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.phrasebook import Phrasebook

SPANISH: Mapping[str, str] = {
    # The rows.
    "What it is made from": "De qué está hecho",
    "How it works": "Cómo funciona",
    "What kind of product": "Qué tipo de producto es",
    "Approved cosmetic uses": "Usos cosméticos aprobados",
    "Approved medical uses": "Usos médicos aprobados",
    "How it is given": "Cómo se pone",
    "Where it goes": "Dónde va",
    "When you see the effect": "Cuándo se ve el efecto",
    "How long the effect lasts": "Cuánto dura el efecto",
    "Temporary or permanent": "Temporal o permanente",
    "Needs routine visits to keep the result": "Necesita visitas para mantener el resultado",
    "Maintenance visits per year": "Visitas de mantenimiento por año",
    "Shortest time between treatments": "Tiempo más corto entre tratamientos",
    "Time off afterwards (downtime)": "Tiempo de recuperación después",
    "Can it be undone": "Se puede deshacer",
    "Who should give it": "Quién lo debe poner",
    "Where it should be given": "Dónde se debe poner",
    "Common side effects": "Efectos secundarios comunes",
    "Serious risks (rare)": "Riesgos serios (raros)",
    "Do not use if (contraindications)": "No lo use si (contraindicaciones)",
    "Talk it over first if (warnings)": "Háblelo antes si (advertencias)",
    "Typical cost": "Costo habitual",
    "Products": "Productos",
    "Combined use": "Uso combinado",
    # The groups of rows.
    "What it is": "Qué es",
    "What it is approved for": "Para qué está aprobado",
    "Results and repeat visits": "Resultados y visitas para repetir",
    "Having it done and undoing it": "Cómo se hace y cómo se deshace",
    "Side effects, risks and who should not have it": (
        "Efectos secundarios, riesgos y quién no se lo debe poner"
    ),
    "Cost and using them together": "Costo y uso combinado",
    # The values.
    "{label} (not named on any label; covered by “{wording}”)": (
        "{label} (no aparece en ninguna etiqueta; incluido en “{wording}”)"
    ),
    "A prescription medicine (biologic drug)": "Un medicamento con receta (medicamento biológico)",
    "A prescription medical device (implant)": "Un dispositivo médico con receta (implante)",
    "A surgical procedure, not an approved product": (
        "Un procedimiento quirúrgico, no un producto aprobado"
    ),
    "Nothing to regulate": "Nada que regular",
    "No approved cosmetic uses": "Ningún uso cosmético aprobado",
    "No approved medical uses": "Ningún uso médico aprobado",
    "No injection": "Sin inyección",
    "Injected at the treatment area": "Se inyecta en la zona a tratar",
    "Injected away from the treatment area": "Se inyecta lejos de la zona a tratar",
    "Into the muscle": "En el músculo",
    "Under the skin": "Bajo la piel",
    "No figure found": "No se encontró una cifra",
    "Right away": "Enseguida",
    "Right away, or within {days}": "Enseguida, o en {days}",
    "No reliable figure found": "No se encontró una cifra confiable",
    "Temporary: the effect wears off": "Temporal: el efecto se va",
    "Permanent: does not wear off": "Permanente: no se va",
    "No visits": "Ninguna visita",
    "Yes: repeat treatments keep the result": "Sí: repetir el tratamiento mantiene el resultado",
    "No repeat treatments needed to keep the result": (
        "No hace falta repetir el tratamiento para mantener el resultado"
    ),
    "None to maintain the result": "Ninguna para mantener el resultado",
    "Unknown: no reliable duration figure": "No se sabe: no hay una cifra confiable de duración",
    "About one every {months} months": "Cerca de una cada {months} meses",
    "About {visits} a year": "Cerca de {visits} al año",
    "Worked out from how long the effect lasts: {claim}": (
        "Calculado con lo que dura el efecto: {claim}"
    ),
    "None": "Ninguno",
    "Little or none: most people go back to everyday things right away": (
        "Poco o nada: la mayoría vuelve enseguida a su vida diaria"
    ),
    "A few days": "Unos días",
    "A few weeks": "Unas semanas",
    "No minimum set by a label": "Ninguna etiqueta fija un mínimo",
    "At least {days} days apart": "Al menos {days} días entre uno y otro",
    "Cannot be undone; wears off with time": "No se puede deshacer; se va con el tiempo",
    "Can be dissolved with an enzyme (hyaluronidase)": (
        "Se puede disolver con una enzima (hialuronidasa)"
    ),
    "Hard or impossible to remove": "Difícil o imposible de quitar",
    "No provider needed": "No hace falta un proveedor de salud",
    "A licensed health care provider": "Un proveedor de salud con licencia",
    "Not applicable": "No corresponde",
    "A medical setting (never a spa, party or home)": (
        "Un lugar médico (nunca un spa, una fiesta o una casa)"
    ),
    "None listed": "Ninguno en la lista",
    "{products} only": "solo {products}",
    "for {uses}": "para {uses}",
    "cosmetic uses only": "solo usos cosméticos",
    "medical uses only": "solo usos médicos",
    "No studied combination with the others here": (
        "Ninguna combinación estudiada con las otras opciones de aquí"
    ),
    "In that study the result lasted about {combined} weeks combined, against"
    " {alone_weeks} weeks with {alone} alone.": (
        "En ese estudio el resultado duró unas {combined} semanas con los dos, contra"
        " {alone_weeks} semanas con {alone} solo."
    ),
    "Can be combined with {partners}": "Se puede combinar con {partners}",
    # Same or different.
    "Same": "Igual",
    "and": "y",
    "Different": "Distinto",
    "same for {groups}": "igual para {groups}",
    "in common: {items}": "en común: {items}",
    # The summary cards.
    "How long it lasts": "Cuánto dura",
    "Time off after": "Recuperación",
    "Can it be undone?": "¿Se puede deshacer?",
    "Approved for": "Aprobado para",
    "Main serious risk": "Riesgo serio principal",
    "Nothing to wear off.": "No hay nada que se vaya.",
    "For good. It does not wear off.": "Para siempre. No se va.",
    "Not known. Sources do not agree.": "No se sabe. Las fuentes no están de acuerdo.",
    "About {months}.": "Unos {months}.",
    "None.": "Ninguna.",  # the card's time off after (la recuperación)
    "Not known.": "No se sabe.",
    "Little or none.": "Poco o nada.",
    "A few days.": "Unos días.",
    "A few weeks.": "Unas semanas.",
    "Nothing to undo.": "No hay nada que deshacer.",
    "No. It wears off with time.": "No. Se va con el tiempo.",
    "Yes. An enzyme can dissolve it.": "Sí. Una enzima lo puede disolver.",
    "No. It is hard or impossible to remove.": "No. Es difícil o imposible de quitar.",
    "Not known. Ask the clinic.": "No se sabe. Pregunte en la clínica.",
    "Nothing.": "Nada.",
    "About {amount} each time (US average, {year}).": (
        "Unos {amount} cada vez (promedio de EE. UU., {year})."
    ),
    "Not needed. It is always a choice.": "No hace falta. Siempre es una opción.",
    "Nothing. It is not an approved product.": "Nada. No es un producto aprobado.",
    "{first} and 1 other use.": "{first} y 1 uso más.",
    "{first} and {more} other uses.": "{first} y {more} usos más.",
    "Also {count} medical use.": "También {count} uso médico.",
    "Also {count} medical uses.": "También {count} usos médicos.",
    "None from treatment.": "Ninguno por el tratamiento.",
    "{risk}. How often is not known.": "{risk}. No se sabe cada cuánto pasa.",
    "{risk}. Rare.": "{risk}. Es raro.",
    # The page.
    "vs": "frente a",
    "Source {numbers}": "Fuente {numbers}",
    "Sources {numbers}": "Fuentes {numbers}",
    "Source ": "Fuente ",
    "Sources ": "Fuentes ",
    # The written comparison (the CLI's table, Markdown and HTML).
    "Attribute": "Dato",
    "Same?": "¿Igual?",
    "Sources": "Fuentes",
    "Comparison table": "Tabla de comparación",
    "source {n}": "fuente {n}",
    "Link unconfirmed.": "Enlace sin confirmar.",
    "Knowledge base {version}.": "Base de conocimientos {version}.",
    "Sources are named as they were published, most of them in English.": (
        "Las fuentes aparecen con el nombre con que se publicaron, casi todas en inglés."
    ),
}

say = Phrasebook("toxfill/compare/words.py", {"es": SPANISH}).say
