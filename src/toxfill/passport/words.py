"""The words of what a patient holds, in each language toxfill speaks, keyed by the English: the
treatment passport (its PDF, its QR codes' alternate text, what a one-code card leaves out) and
the calendar of their visits. The patient's language picks them; an English phrase with no
twin here is a LookupError, never English in silence. Dates are said by toxfill.wording.
"""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.phrasebook import Phrasebook

SPANISH: Mapping[str, str] = {
    # The passport PDF.
    "Treatment passport": "Pasaporte de tratamientos",
    "toxfill treatment passport": "Pasaporte de tratamientos de toxfill",
    "Treatment passport: {name}": "Pasaporte de tratamientos: {name}",
    "Born {born}. Issued by {clinic} on {made}. This record informs a conversation with a"
    " licensed provider; it does not replace one.": (
        "Nació el {born}. Se lo dio {clinic} el {made}. Este registro le ayuda a hablar con un"
        " proveedor de salud con licencia. No reemplaza esa conversación."
    ),
    "Toxin units: {warning}": "Unidades de toxina: {warning}",
    "{date} at {clinic}": "{date} en {clinic}",
    "Provider: {provider} (licence: {licence})": (
        "Proveedor de salud: {provider} (licencia: {licence})"
    ),
    "not recorded": "no anotada",
    "Zone": "Zona",
    "Product": "Producto",
    "Lot": "Lote",
    "Dose": "Dosis",
    "Dilution": "Dilución",
    "{amount} mL diluent": "{amount} mL de líquido para mezclar",
    "No treatments are recorded yet.": "Todavía no hay tratamientos anotados.",
    "Signed copy for another clinic": "Copia firmada para otra clínica",
    "{clinic} signed this record. Another clinic can scan these codes with a SMART Health Card"
    " app, or check them with `toxfill passport verify`, to see that nothing was changed.": (
        "{clinic} firmó este registro. Otra clínica puede leer estos códigos con una aplicación"
        " de SMART Health Card, o revisarlos con `toxfill passport verify`, para ver que nadie"
        " cambió nada."
    ),
    "1. Your latest treatment ({day})": "1. Su último tratamiento ({day})",
    "It is too large for one code: use the code for your whole record.": (
        "Es muy grande para un solo código: use el código de todo su registro."
    ),
    "To fit one code it leaves out {left_out}. Code 2 has it all.": (
        "Para caber en un código, deja fuera {left_out}. El código 2 lo tiene todo."
    ),
    "QR code: signed copy of your record of the treatment on {day} (SMART Health Card)": (
        "Código QR: copia firmada de su registro del tratamiento del {day} (SMART Health Card)"
    ),
    "2. Your whole record (a SMART Health Link)": "2. Todo su registro (un SMART Health Link)",
    "until {day}": "hasta el {day}",
    "for a limited time": "por un tiempo limitado",
    "A clinic scans this code to fetch every treatment, signed by {clinic}. It works {ends}, or"
    " until your personal link is stopped. Anyone with this code can read your record until"
    " then: show it only to the clinic treating you.": (
        "Una clínica lee este código para ver todos sus tratamientos, firmados por {clinic}."
        " Sirve {ends}, o hasta que se cierre su enlace personal. Hasta entonces, cualquier"
        " persona con este código puede leer su registro: muéstrelo solo a la clínica que le"
        " atiende."
    ),
    "QR code: link to a signed copy of your record, every treatment (SMART Health Link)": (
        "Código QR: enlace a una copia firmada de su registro, con todos sus tratamientos"
        " (SMART Health Link)"
    ),
    "QR code: SMART Health Card of your latest treatment": (
        "Código QR: SMART Health Card de su último tratamiento"
    ),
    # What a card of one QR code leaves out (passport/fit.py).
    "the follow-up visits planned": "las próximas visitas",
    "the provider's details": "los datos del proveedor de salud",
    "{dropped} of the {given} products given (the last ones recorded)": (
        "{dropped} de los {given} productos puestos (los últimos anotados)"
    ),
    "everything: even the session alone is too large": ("todo: hasta la sesión sola es muy grande"),
    # The calendar of the patient's visits.
    "{clinic}: my visits": "{clinic}: mis visitas",
    "{clinic}: {visit} ({what})": "{clinic}: {visit} ({what})",
    "treatment": "tratamiento",
    # A visit whose purpose the clinic wrote itself (documents.visit_said), kept as written.
    "{purpose} visit": "visita: {purpose}",
    "Call the clinic to book or change the time.": (
        "Llame a la clínica para pedir una cita o cambiar la hora."
    ),
}

say = Phrasebook("toxfill/passport/words.py", {"es": SPANISH}).say
