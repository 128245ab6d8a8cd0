"""Writes src/toxfill/web/locale/es/LC_MESSAGES/django.po from the Spanish words below, in the
msgid order `makemessages` finds, then compiles the .mo beside it (msgfmt, from gettext).

    django-admin makemessages -l es ...   (see tests/web/test_catalogs.py for the exact call)
    python tools/catalog_es.py

The .po and .mo are both committed, so `make run` and `make test` need no gettext tools; the
catalog test checks the .mo says what the .po says and that every message has its Spanish.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import catalog_es_aftercare
import catalog_es_documents
import catalog_es_link

PO = Path(__file__).resolve().parent.parent / "src/toxfill/web/locale/es/LC_MESSAGES/django.po"

SPANISH = {
    "the US or Canada": "EE. UU. o Canadá",
    "the UK": "el Reino Unido",
    "Europe": "Europa",
    "Australia": "Australia",
    "Where you were treated": "Donde le trataron",
    "Eyes and face": "Ojos y cara",
    "Head and whole body": "Cabeza y todo el cuerpo",
    "Bladder": "Vejiga",
    "Botox or a similar toxin": "Botox u otra toxina",
    "Juvéderm, Restylane (HA filler)": "Juvéderm, Restylane (relleno AH)",
    "Radiesse (CaHA filler)": "Radiesse (relleno CaHA)",
    "Sculptra (PLLA filler)": "Sculptra (relleno PLLA)",
    "Bellafill (PMMA filler)": "Bellafill (relleno PMMA)",
    "Fat grafting": "Injerto de grasa",
    "Which treatment did you have?": "¿Qué tratamiento le pusieron?",
    "Danger signs": "Señales de peligro",
    "Where on your body was it injected?": "¿En qué parte del cuerpo se lo inyectaron?",
    "How many days ago?": "¿Hace cuántos días?",
    "Enter a whole number of days, like 2.": "Escriba un número entero de días, como 2.",
    "Days cannot be less than 0: use 0 for today.": "Los días no pueden ser menos de 0: use 0 para hoy.",
    "Enter a number of days up to %(limit_value)s.": "Escriba un número de días hasta %(limit_value)s.",
    "Age of the person treated (optional)": "Edad de la persona tratada (opcional)",
    "Enter the age as a whole number of years, like 42.": "Escriba la edad en años enteros, como 42.",
    "Age cannot be less than 0.": "La edad no puede ser menos de 0.",
    "Enter an age up to %(limit_value)s.": "Escriba una edad hasta %(limit_value)s.",
    "Pregnant now? (optional)": "¿Está embarazada ahora? (opcional)",
    "Not saying": "Prefiero no decir",
    "Yes": "Sí",
    "No": "No",
    "What do you notice?": "¿Qué nota?",
    "Enter how many days ago you had it (0 for today).": "Escriba hace cuántos días se lo pusieron (0 para hoy).",
    "Choose at least one thing you notice.": "Elija al menos una cosa que nota.",
    "Not sure": "No estoy seguro",
    "Other": "Otras",
    "Not on the list": "No está en la lista",
    "That place is not where this treatment is given: choose another, or Not sure.": "Ese lugar no es donde se pone este tratamiento: elija otro, o No estoy seguro.",
    "Check which treatments you had, or choose Not sure.": "Revise qué tratamientos le pusieron, o elija No estoy seguro.",
    "Check what you notice: choose it from the list.": "Revise lo que nota: elíjalo de la lista.",
    "Please check your answers and try again.": "Revise sus respuestas y vuelva a intentarlo.",
    "Your treatment (its name, if you know it)": "Su tratamiento (el nombre, si lo sabe)",
    "not sure which treatment": "no está seguro de qué tratamiento",
    "source %(n)s": "fuente %(n)s",
    "Not in %(place)s? Show the emergency number for": "¿No está en %(place)s? Mostrar el número de emergencias de",
    "Use this number": "Usar este número",
    "Sources": "Fuentes",
    "Sources are named as they were published, most of them in English.": "Las fuentes aparecen con el nombre con que se publicaron, casi todas en inglés.",
    "Link unconfirmed.": "Enlace sin confirmar.",
    "Error:": "Error:",
    "Please check your answers": "Revise sus respuestas",
    "Get help sooner if": "Busque ayuda antes si",
    "Emergency number:": "Número de emergencias:",
    "Botox and fillers, explained with sources": "Botox y rellenos, explicados con fuentes",
    "Botox and fillers, in plain words": "Botox y rellenos, en palabras simples",
    "I had a treatment and I feel unwell": "Me pusieron un tratamiento y me siento mal",
    "Check for danger signs now. It takes a minute.": "Revise ahora las señales de peligro. Toma un minuto.",
    "Very unwell right now?": "¿Se siente muy mal ahora?",
    "Call %(number)s": "Llame al %(number)s",
    "toxfill helps you learn about these shots before you talk with a licensed provider. It does not take the place of that talk. Each fact shows where it comes from.": "toxfill le ayuda a aprender sobre estas inyecciones antes de hablar con un proveedor de salud con licencia. No reemplaza esa conversación. Cada dato muestra de dónde viene.",
    "What do you want to do?": "¿Qué quiere hacer?",
    "One of these guides is in English for now: finding the options that fit you.": "Por ahora, una de estas guías está en inglés: la de encontrar las opciones que le convienen.",
    "Find the options that fit you": "Encuentre las opciones que le convienen",
    "Answer a few questions. See what suits you, and why.": "Conteste unas preguntas. Vea qué le conviene, y por qué.",
    "Compare options side by side": "Compare las opciones lado a lado",
    "How long each one lasts, what it costs, and its risks.": "Cuánto dura cada una, cuánto cuesta y sus riesgos.",
    "Plan your visits": "Planee sus visitas",
    "See when you would need to go back, and the cost for a year.": "Vea cuándo tendría que volver, y el costo de un año.",
    "The options": "Las opciones",
    "1. What did you have?": "1. ¿Qué le pusieron?",
    "Unwell after a treatment?": "¿Mal tras un tratamiento?",
    "Very unwell?": "¿Muy mal?",
    "now.": "ahora.",
    "Next": "Siguiente",
    "2. Do you have any of these now?": "2. ¿Tiene ahora alguna de estas?",
    "No to all of these: next": "No a todas: siguiente",
    "A yes sends you straight to what to do. toxfill informs a talk with a licensed provider. It does not replace one.": "Un sí le lleva directo a qué hacer. toxfill le prepara para hablar con un proveedor de salud con licencia. No lo reemplaza.",
    "Emergency": "Emergencia",
    "Urgent": "Urgente",
    "Routine": "Sin prisa",
    "Self-care": "Cuidado en casa",
    "Urgent: today": "Urgente: hoy",
    "Routine: within days": "Sin prisa: en unos días",
    'If you cannot reach anyone and you get worse, <a class="tf-tel" href="%(tel)s">call %(number)s</a>.': 'Si no encuentra a nadie y se siente peor, <a class="tf-tel" href="%(tel)s">llame al %(number)s</a>.',
    "What to do at home": "Qué hacer en casa",
    "Also": "Además",
    "What to do now": "Qué hacer ahora",
    "What happens next": "Qué pasa después",
    "Call %(number)s. Say you had a treatment and now have a danger sign. Say where you are.": "Llame al %(number)s. Diga que le pusieron un tratamiento y ahora tiene una señal de peligro. Diga dónde está.",
    "They will send help, or tell you where to go. Do not drive yourself.": "Le enviarán ayuda o le dirán adónde ir. No maneje usted.",
    "At the hospital, a doctor checks you and treats you. Take the name of your treatment and clinic if you can.": "En el hospital, un médico le revisa y le trata. Lleve el nombre de su tratamiento y de la clínica si puede.",
    "Call the clinic that treated you today. Tell them what you notice and when it started.": "Llame hoy a la clínica que le trató. Cuente lo que nota y cuándo empezó.",
    "They will tell you if you need to come in. They may want to see you today.": "Le dirán si necesita ir. Puede que quieran verle hoy.",
    "If you cannot reach them, go to urgent care or an emergency room.": "Si no los encuentra, vaya a un centro de atención de urgencia o a una sala de emergencias.",
    "Call or message the clinic that treated you in the next few days.": "Llame o escriba a la clínica que le trató en los próximos días.",
    "Tell them what you notice and when it started. They will tell you if they need to see you.": "Cuente lo que nota y cuándo empezó. Le dirán si necesitan verle.",
    "What to tell them": "Qué decirles",
    "Why": "Por qué",
    " and ": " y ",
    "day not given": "sin decir el día",
    "You told us: %(told)s, %(when)s.": "Usted nos dijo: %(told)s, %(when)s.",
    "What you noticed:": "Lo que notó:",
    "Watch for": "Esté atento a",
    "Aftercare": "Cuidados después del tratamiento",
    "Aftercare, once you have been seen": "Cuidados, después de que le atiendan",
    "Change your answers": "Cambiar sus respuestas",
    "Print this page": "Imprimir esta página",
    "What did you have? Tick all.": "¿Qué le pusieron? Marque todo.",
    "Back to the danger signs": "Volver a las señales de peligro",
    'If it gets worse, or you get any danger sign, <a class="tf-tel" href="%(tel)s">call %(number)s</a> now.': 'Si empeora, o tiene alguna señal de peligro, <a class="tf-tel" href="%(tel)s">llame al %(number)s</a> ahora.',
    "Use 0 for today and 1 for yesterday.": "Use 0 para hoy y 1 para ayer.",
    "What do you notice? Tick all that apply.": "¿Qué nota? Marque todo lo que tenga.",
    "About the person treated (optional)": "Sobre la persona tratada (opcional)",
    "Age in years": "Edad en años",
    "Pregnant now?": "¿Está embarazada ahora?",
    "How soon should I get help?": "¿Qué tan pronto debo buscar ayuda?",
    "toxfill informs a talk with a licensed provider. It does not replace one.": "toxfill le prepara para hablar con un proveedor de salud con licencia. No lo reemplaza.",
    "Skip to content": "Ir al contenido",
    "API for developers": "API para programadores",
    "Clinic sign-in": "Acceso para clínicas",
    "Knowledge base %(version)s, published %(published)s.": "Base de conocimientos %(version)s, publicada el %(published)s.",
    "Main": "Principal",
    "Compare": "Comparar",
    "Decide": "Decidir",
    "Plan": "Planear",
    "After treatment": "Después del tratamiento",
    # The comparison.
    "Choose options to compare": "Elija opciones para comparar",
    "Pick two or more": "Elija dos o más",
    "Compare options": "Comparar opciones",
    "The main facts first. Each fact has a source. This helps you talk with a licensed provider. It does not replace one.": "Primero, los datos principales. Cada dato tiene su fuente. Esto le ayuda a hablar con un proveedor de salud con licencia. No lo reemplaza.",
    "At a glance": "De un vistazo",
    "All the details": "Todos los detalles",
    "Same?": "¿Igual?",
    "Show %(rows)s row (%(different)s different)": "Mostrar %(rows)s fila (%(different)s distintas)",
    "Show %(rows)s rows (%(different)s different)": "Mostrar %(rows)s filas (%(different)s distintas)",
    "Fact": "Dato",
    "We could not compare those.": "No pudimos comparar esas opciones.",
    "Tick two or more options in the list, each once.": "Marque dos o más opciones de la lista, cada una solo una vez.",
    # The planner.
    "Enter a first visit within 5 years of today.": "Escriba una primera visita dentro de 5 años desde hoy.",
    "Plan for 1 to 120 months.": "Planee de 1 a 120 meses.",
    "First visit": "Primera visita",
    "Enter the date of the first visit.": "Escriba la fecha de la primera visita.",
    "Enter a real date as year-month-day, for example 2026-12-01.": "Escriba una fecha real como año-mes-día, por ejemplo 2026-12-01.",
    "Plan ahead for (months)": "Planear por (meses)",
    "Enter how many months to plan for.": "Escriba por cuántos meses planear.",
    "Enter a whole number of months, like 24.": "Escriba un número entero de meses, como 24.",
    "Plan for at least 1 month.": "Planee por lo menos 1 mes.",
    "Plan for at most %(limit_value)s months (10 years).": "Planee como máximo %(limit_value)s meses (10 años).",
    "Choose at least one treatment to plan.": "Elija al menos un tratamiento para planear.",
    "choose it again from the list": "elíjalo otra vez de la lista",
    "Treatment %(row)s: %(problem)s.": "Tratamiento %(row)s: %(problem)s.",
    "See when each treatment would be repeated, how many visits a year that means, about what it costs, and how the effect is expected to change over time. This informs a conversation with a licensed provider; your provider sets the actual dates.": "Vea cuándo se repetiría cada tratamiento, cuántas visitas al año son, cuánto cuesta más o menos y cómo se espera que cambie el efecto con el tiempo. Esto le prepara para hablar con un proveedor de salud con licencia; su proveedor pone las fechas reales.",
    "Treatments to plan": "Tratamientos para planear",
    "Cosmetic uses only: a medical use is planned by the specialist who treats it. Off-label uses (not FDA-approved for that concern) are listed apart and marked in the plan.": "Solo usos cosméticos: un uso médico lo planea el especialista que lo trata. Los usos fuera de etiqueta (no aprobados por la FDA para ese problema) están aparte y marcados en el plan.",
    "FDA-approved uses": "Usos aprobados por la FDA",
    "Off-label uses (not approved for this; a provider may propose them)": "Usos fuera de etiqueta (no aprobados para esto; un proveedor de salud puede proponerlos)",
    "(off-label)": "(fuera de etiqueta)",
    "Treatment %(n)s": "Tratamiento %(n)s",
    "Treatment %(n)s (optional)": "Tratamiento %(n)s (opcional)",
    "Choose a treatment": "Elija un tratamiento",
    "None": "Ninguno",
    "Write it as year-month-day, for example 2026-12-01.": "Escríbala como año-mes-día, por ejemplo 2026-12-01.",
    "the date on your device": "la fecha de su aparato",
    "January,February,March,April,May,June,July,August,September,October,November,December": "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre",
    'Today is taken as <strong id="today-date">%(today)s</strong>: <span id="today-source">the date on our server (UTC), which may not be yours</span>. If your date is different, change it.': 'Se toma como hoy el <strong id="today-date">%(today)s</strong>: <span id="today-source">la fecha de nuestro servidor (UTC), que puede no ser la suya</span>. Si su fecha es otra, cámbiela.',
    "Make my plan": "Hacer mi plan",
    "Your care plan": "Su plan de cuidado",
    "From %(start)s to %(end)s: <strong>about %(visits)s visits a year</strong>, costing <strong>about %(cost)s a year</strong>. These are US average fees. Your clinic's prices will differ.": "Del %(start)s al %(end)s: <strong>unas %(visits)s visitas al año</strong>, con un costo de <strong>unos %(cost)s al año</strong>. Son tarifas promedio de EE. UU. Los precios de su clínica serán distintos.",
    "This plan helps you talk with a licensed provider. Your provider sets the real dates.": "Este plan le ayuda a hablar con un proveedor de salud con licencia. Su proveedor pone las fechas reales.",
    "Off-label: not an approved use": "Fuera de etiqueta: no es un uso aprobado",
    "This plan includes": "Este plan incluye",
    'No product of that kind is FDA-approved for it. A provider may propose it, but the evidence behind the label does not cover it; the reason and its source are under "How this plan was made".': 'Ningún producto de ese tipo está aprobado por la FDA para eso. Un proveedor de salud puede proponerlo, pero la evidencia de la etiqueta no lo incluye; la razón y su fuente están en "Cómo se hizo este plan".',
    "Add to calendar (.ics)": "Agregar al calendario (.ics)",
    "Change the plan": "Cambiar el plan",
    "Visits": "Visitas",
    "Expected effect over time": "Efecto esperado con el tiempo",
    "How this plan was made": "Cómo se hizo este plan",
    "Cost and combinations": "Costo y combinaciones",
    "Check the plan's answers.": "Revise las respuestas del plan.",
    'Write it as year-month-day, for example 2026-03-15.': 'Escríbala como año-mes-día, por ejemplo 2026-03-15.',
    'Enter a real date as year-month-day, for example 2026-03-15.': 'Escriba una fecha real como año-mes-día, por ejemplo 2026-03-15.',
    "Doesn't matter": 'No importa',
    'Matters a little': 'Importa un poco',
    'Matters quite a bit': 'Importa bastante',
    'Matters a lot': 'Importa mucho',
    'Forehead and temples': 'Frente y sienes',
    'Around the eyes': 'Alrededor de los ojos',
    'Cheeks and middle of the face': 'Mejillas y centro de la cara',
    'Lips and mouth': 'Labios y boca',
    'Chin and jaw': 'Mentón y mandíbula',
    'Whole face': 'Toda la cara',
    'Saliva glands': 'Glándulas de la saliva',
    'Your concerns': 'Sus problemas',
    'Your health': 'Su salud',
    'What matters to you': 'Lo que le importa',
    'Recent treatments': 'Tratamientos recientes',
    'Choose yes, no or not sure.': 'Elija sí, no o no estoy seguro.',
    'Choose 0, 1, 2 or 3.': 'Elija 0, 1, 2 o 3.',
    'Enter your age as a whole number from 0 to {most}.': 'Escriba su edad como un número entero de 0 a {most}.',
    'Enter your age in whole years.': 'Escriba su edad en años enteros.',
    'Choose at least one concern.': 'Elija al menos un problema.',
    'Choose which treatment you had.': 'Elija qué tratamiento le pusieron.',
    'Enter the date of this treatment.': 'Escriba la fecha de este tratamiento.',
    'How you look': 'Cómo se ve',
    'Medical conditions': 'Problemas médicos',
    'Status:': 'Estado:',
    'What it can do:': 'Lo que puede hacer:',
    'What can go wrong, and how rare it is:': 'Lo que puede salir mal, y qué tan raro es:',
    '%(figure)s in the source': '%(figure)s en la fuente',
    'Possible again from %(day)s.': 'Se puede volver a poner desde el %(day)s.',
    'Products ruled out for you:': 'Productos descartados para usted:',
    'Off-label (not approved for this, so not suggested):': 'Fuera de etiqueta (no aprobado para esto, así que no se sugiere):',
    'Talk this over with your provider:': 'Hable de esto con su proveedor de salud:',
    'Your options': 'Sus opciones',
    'toxfill consultation summary, made on %(day)s.': 'Resumen de toxfill para su consulta, hecho el %(day)s.',
    'The best fit for each concern': 'La opción que mejor le queda para cada problema',
    'Plan visits': 'Planear visitas',
    'Download PDF': 'Descargar PDF (en inglés)',
    'Print summary': 'Imprimir resumen',
    "To print this page as a summary, use your browser's Print command.": 'Para imprimir esta página como resumen, use la opción Imprimir de su navegador.',
    'Which way are you leaning?': '¿Hacia qué opción se inclina?',
    'not answered': 'sin respuesta',
    'yes': 'sí',
    'no': 'no',
    'You are leaning toward:': 'Se inclina por:',
    'Your SURE test answers:': 'Sus respuestas a la prueba SURE:',
    'These answers are in your printed summary and PDF, to show your provider.': 'Estas respuestas salen en su resumen impreso, para mostrárselas a su proveedor de salud.',
    'Which option are you leaning toward?': '¿Por qué opción se inclina?',
    'Choose one': 'Elija una',
    'The SURE test: four quick questions to check you are ready to decide.': 'La prueba SURE: cuatro preguntas rápidas para ver si está listo para decidir.',
    'Add to my summary': 'Agregar a mi resumen',
    'The decision': 'La decisión',
    'No answer is right for everyone. The best choice depends on your health and on what matters most to you. No treatment is always a choice.': 'Ninguna respuesta es buena para todos. La mejor opción depende de su salud y de lo que más le importa. No hacerse nada siempre es una opción.',
    'Your answers': 'Sus respuestas',
    'This is a medical condition: a %(specialist)s decides on treatment.': 'Es un problema médico: un %(specialist)s decide el tratamiento.',
    'Your options for each concern': 'Sus opciones para cada problema',
    'Best first. Each option has a status in words:': 'La mejor primero. Cada opción tiene un estado en palabras:',
    'Recommended': 'Recomendado',
    'a first choice, with nothing in your answers against it': 'una primera opción, sin nada en sus respuestas en contra',
    'Suitable': 'Adecuado',
    'approved for this and fits you': 'aprobado para esto y le queda bien',
    'Caution': 'Precaución',
    'talk something over with your provider first': 'hable algo antes con su proveedor de salud',
    'See a specialist': 'Vea a un especialista',
    'a medical use: a specialist doctor decides': 'un uso médico: decide un médico especialista',
    'Not suitable': 'No adecuado',
    'not for you now': 'no es para usted ahora',
    'toxfill knows of no approved injectable treatment for this. Ask a licensed provider about other care.': 'toxfill no conoce ningún tratamiento inyectable aprobado para esto. Pregúntele a un proveedor de salud con licencia por otros cuidados.',
    'Show the %(count)s choices and why': 'Ver las %(count)s opciones y por qué',
    'Always a choice.': 'Siempre es una opción.',
    'What to expect without treatment': 'Qué esperar sin tratamiento',
    'Not approved for your concerns': 'No aprobados para sus problemas',
    'toxfill does not suggest these for what you ticked, because no product of theirs is approved for it.': 'toxfill no sugiere estos para lo que marcó, porque ninguno de sus productos está aprobado para eso.',
    'No treatment: what to expect': 'Sin tratamiento: qué esperar',
    'How your preferences changed the order': 'Cómo cambió el orden lo que le importa',
    "You did not say that anything matters more to you, so options with the same status are in toxfill's usual order.": 'No dijo que algo le importe más, así que las opciones con el mismo estado van en el orden de siempre de toxfill.',
    'Tell us what matters to you': 'Díganos lo que le importa',
    'Using treatments together': 'Usar tratamientos juntos',
    'Questions to ask your provider': 'Preguntas para su proveedor de salud',
    'Every option, described the same way': 'Cada opción, descrita de la misma forma',
    'For each option, including no treatment: what it can do for you, what can go wrong, and what living with it is like. Every option has the same rows, so you can compare them fairly.': 'Para cada opción, también la de no hacerse nada: lo que puede hacer por usted, lo que puede salir mal y cómo es vivir con ella. Cada opción tiene las mismas filas, así puede compararlas de forma justa.',
    'Status for you:': 'Estado para usted:',
    'What it can do for you': 'Lo que puede hacer por usted',
    'What can go wrong': 'Lo que puede salir mal',
    'What living with it is like': 'Cómo es vivir con ella',
    'How sure are these figures?': '¿Qué tan seguras son estas cifras?',
    'No reliable figure was found for:': 'No se encontró una cifra confiable para:',
    'Each number in brackets above links to the source it comes from.': 'Cada número entre corchetes lleva a la fuente de donde viene.',
    'About this information': 'Sobre esta información',
    'When it was published': 'Cuándo se publicó',
    'Knowledge base version %(version)s, published %(day)s.': 'Base de conocimientos versión %(version)s, publicada el %(day)s.',
    'How it is kept up to date': 'Cómo se mantiene al día',
    'Who pays for it': 'Quién la paga',
    'Please read again': 'Léalo otra vez',
    'Step %(n)s of %(last)s: %(title)s': 'Paso %(n)s de %(last)s: %(title)s',
    'Steps': 'Pasos',
    'Step %(n)s of %(last)s': 'Paso %(n)s de %(last)s',
    '(done)': '(hecho)',
    'Show my options': 'Ver mis opciones',
    'Continue': 'Seguir',
    'Back': 'Atrás',
    'Your answers stay in the page address. Nothing is saved, and you need no account.': 'Sus respuestas quedan en la dirección de la página. No se guarda nada, y no necesita una cuenta.',
    'Tell us your age and what you would like to change. Next we ask about your health. Then we show which treatments are approved for you, and why.': 'Díganos su edad y qué le gustaría cambiar. Luego le preguntamos por su salud. Después le mostramos qué tratamientos están aprobados para usted, y por qué.',
    'Your age in years': 'Su edad en años',
    'Some treatments are approved only for adults or for certain ages.': 'Algunos tratamientos están aprobados solo para adultos o para ciertas edades.',
    'Tick everything you would like to change or treat.': 'Marque todo lo que le gustaría cambiar o tratar.',
    '(a specialist doctor treats these)': '(los trata un médico especialista)',
    'Do any of these apply to you? We ask only what can change the answer for the concerns you chose.': '¿Le pasa alguna de estas cosas? Solo preguntamos lo que puede cambiar la respuesta para los problemas que eligió.',
    'None of these apply to me: next': 'No a todas: siguiente',
    'One tap answers "no" to every question below that you have not answered.': 'Un toque contesta "no" a cada pregunta de abajo que no haya contestado.',
    'Not sure?': '¿No está seguro?',
    'Choose "Not sure", or leave it blank: a blank counts as "not sure". We never count it as a no. We treat it as something to check with your provider before any treatment.': 'Elija "No estoy seguro", o déjela en blanco: en blanco cuenta como "no estoy seguro". Nunca la contamos como un no. La tomamos como algo para revisar con su proveedor de salud antes de cualquier tratamiento.',
    'None of our health questions change the answer for the concerns you chose. Continue to the next step.': 'Ninguna de nuestras preguntas de salud cambia la respuesta para los problemas que eligió. Siga al próximo paso.',
    'No to the rest: next': 'No a las demás: siguiente',
    "How much does each of these matter to you? Pick a number from 0 (it doesn't matter) to 3 (it matters a lot).": '¿Cuánto le importa cada una de estas cosas? Elija un número del 0 (no importa) al 3 (importa mucho).',
    'You can skip any of them. A question you skip is left out. It does not count as "doesn\'t matter". What matters to you changes only the order of options that are equally safe for you.': 'Puede saltarse cualquiera. Una pregunta que se salta queda fuera. No cuenta como "no importa". Lo que le importa solo cambia el orden de las opciones que son igual de seguras para usted.',
    'Have you had a toxin or filler treatment in the past year? Tell us what and when. Some treatments must be spaced apart. If not, leave this empty.': '¿Le pusieron una toxina o un relleno en el último año? Díganos qué y cuándo. Entre algunos tratamientos tiene que pasar un tiempo. Si no, deje esto en blanco.',
    'Earlier treatment %(n)s': 'Tratamiento anterior %(n)s',
    '(optional)': '(opcional)',
    'Which treatment': 'Qué tratamiento',
    'Product, if you know it': 'Producto, si lo sabe',
    "I don't know": 'No lo sé',
    'Date of the treatment': 'Fecha del tratamiento',
    'A guess to the nearest month is fine.': 'Basta con el mes más o menos.',
}
# The words of later parts live beside this file, one module per part, so that work on
# one part never edits another's list.
for part in (catalog_es_link, catalog_es_documents, catalog_es_aftercare):
    SPANISH.update(part.SPANISH)
HEADER = """# Spanish messages of toxfill's public pages (tools/catalog_es.py writes this file).
msgid ""
msgstr ""
"Project-Id-Version: toxfill\\n"
"PO-Revision-Date: 2026-12-07 12:00+0000\\n"
"Last-Translator: toxfill\\n"
"Language-Team: toxfill\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


def msgids(po_text: str) -> list[str]:
    """The message IDs of a .po file, in order (the header's empty one left out)."""
    found = []
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
            text = text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
            if text:
                found.append(text)
    return found


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> int:
    found = msgids(PO.read_text(encoding="utf-8"))
    missing = [m for m in found if m not in SPANISH]
    if missing:
        print("no Spanish for:", *missing, sep="\n  ", file=sys.stderr)
        return 1
    entries = [f"msgid {quoted(m)}\nmsgstr {quoted(SPANISH[m])}\n" for m in found]
    PO.write_text(HEADER + "\n" + "\n".join(entries), encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
