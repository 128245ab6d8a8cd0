"""Spanish messages of the documents and emails a patient receives (passport, aftercare sheet, reminders).

tools/catalog_es.py merges them into the catalog.
"""

from __future__ import annotations

SPANISH: dict[str, str] = {
    # Dates in the emails, as Django's date filter writes them: "7 de diciembre de 2026".
    "j F Y": "j \\d\\e F \\d\\e Y",
    "l j F Y": "l j \\d\\e F \\d\\e Y",
    # The email with the patient's personal link (clinic/email/patient_link*.txt).
    "Your personal link from %(clinic)s": "Su enlace personal de %(clinic)s",
    "%(clinic)s sent you your personal link:": "%(clinic)s le envió su enlace personal:",
    "It shows your treatments, your next visits and what to do if you feel unwell. No password"
    " needed: keep it private, like a key; do not forward this email.": (
        "Ahí verá sus tratamientos, sus próximas visitas y qué hacer si se siente mal. No"
        " necesita contraseña: guárdelo en privado, como una llave. No reenvíe este correo."
    ),
    "It works until %(until)s. If you did not expect it, tell %(clinic)s.": (
        "Sirve hasta el %(until)s. Si no lo esperaba, avísele a %(clinic)s."
    ),
    # The reminder of a follow-up visit (clinic/email/reminder*.txt).
    "Your follow-up visit at %(clinic)s is due on %(due)s": (
        "Su visita de control en %(clinic)s es el %(due)s"
    ),
    "Hello %(name)s,": "Hola, %(name)s:",
    "This is a reminder from %(clinic)s: your follow-up visit is due on %(due)s.": (
        "%(clinic)s le recuerda que su visita de control es el %(due)s."
    ),
    "Please contact the clinic to book or change it. If you feel unwell after your treatment,"
    " do not wait for this visit: call the clinic, or your emergency number if it is"
    " serious.": (
        "Llame a la clínica para pedir una cita o cambiarla. Si se siente mal después de su"
        " tratamiento, no espere a esta visita: llame a la clínica, o al número de emergencias"
        " si es grave."
    ),
}
