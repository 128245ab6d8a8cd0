"""Spanish messages of the public aftercare page, the printed aftercare sheet and the decision
aid's PDF.

tools/catalog_es.py merges them into the catalog.
"""

from __future__ import annotations

SPANISH: dict[str, str] = {
    "if you get any of these:": "si tiene alguna de estas señales:",
    # The public aftercare page (guide/aftercare.html).
    "Aftercare: %(label)s": "Cuidados después del tratamiento: %(label)s",
    "Trouble breathing or swallowing, a change in your sight, or signs of a stroke?": (
        "¿Le cuesta respirar o tragar, nota un cambio en la vista o tiene señales de un"
        " accidente cerebrovascular?"
    ),
    '<a class="tf-tel" href="%(tel)s">Call %(number)s</a> now.': (
        '<a class="tf-tel" href="%(tel)s">Llame al %(number)s</a> ahora.'
    ),
    'Not sure about something you feel? <a href="%(check)s?treatments=%(option)s">Check for'
    " danger signs</a>.": (
        '¿No está seguro de algo que siente? <a href="%(check)s?treatments=%(option)s">Revise'
        " las señales de peligro</a>."
    ),
    "What is normal": "Qué es normal",
    "What to avoid": "Qué evitar",
    "When to get help": "Cuándo buscar ayuda",
    "Before your next treatment": "Antes de su próximo tratamiento",
    # Their list on the danger signs page (guide/triage.html).
    "Aftercare guides": "Guías de cuidados después del tratamiento",
    "What is normal after each treatment, for how long, and what to avoid:": (
        "Qué es normal después de cada tratamiento, por cuánto tiempo, y qué evitar:"
    ),
    # The printed aftercare sheet (patient_link/sheet.html and its view).
    "Aftercare for %(given)s %(family)s": "Cuidados para %(given)s %(family)s",
    "From %(name)s.": "De parte de %(name)s.",
    "Questions or worries after your treatment?": (
        "¿Tiene preguntas o dudas después de su tratamiento?"
    ),
    "Call us:": "Llámenos:",
    "Call us.": "Llámenos.",
    "Call %(name)s:": "Llame a %(name)s:",
    "Your personal link": "Su enlace personal",
    "Scan the code with your phone's camera, or type this address:": (
        "Escanee el código con la cámara de su teléfono, o escriba esta dirección:"
    ),
    "It shows your treatments, your next visits and what to do if you feel unwell. No password"
    " needed: keep it private, like a key. It works until %(until)s.": (
        "Muestra sus tratamientos, sus próximas citas y qué hacer si se siente mal. No necesita"
        " contraseña: guárdelo en privado, como una llave. Sirve hasta el %(until)s."
    ),
    "After your %(label)s": "Después de su tratamiento: %(label)s",
    "What to do": "Qué hacer",
    "Get help": "Cuándo buscar ayuda",
    "This sheet informs a talk with a licensed provider. It does not replace one.": (
        "Esta hoja le prepara para hablar con un proveedor de salud con licencia. No lo"
        " reemplaza."
    ),
    "QR code of your personal link": "Código QR de su enlace personal",
    # The decision aid's PDF is Spanish now: its link no longer says "(en inglés)" (this
    # part's words are merged after tools/catalog_es.py's own, so this one holds).
    "Download PDF": "Descargar PDF",
}
