"""The words the consultation summary writes itself (around the decision's and the knowledge
base's own), in each language it speaks, keyed by the English. The knowledge base's language
picks them; an English phrase with no twin here is a LookupError, never English in silence
(tests/web/test_spanish_decide.py renders every decide case of the suite in Spanish).
"""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.phrasebook import Phrasebook

SPANISH: Mapping[str, str] = {
    # The person's answers.
    "Age": "Edad",
    "Your concerns": "Sus problemas",
    "Your health": "Su salud",
    "None of the health questions applied": "Ninguna de las preguntas de salud le aplicaba",
    "What matters to you": "Lo que le importa",
    "Earlier treatments": "Tratamientos anteriores",
    "None given": "No dio ninguno",
    "Date of this summary": "Fecha de este resumen",
    "Not sure: {label}": "No está seguro: {label}",
    "{label}: {weight} ({value} of 3)": "{label}: {weight} ({value} de 3)",
    "{label}: not answered": "{label}: sin respuesta",
    "{option} ({product}) on {date}": "{option} ({product}) el {date}",
    "{option} on {date}": "{option} el {date}",
    "Doesn't matter": "No importa",
    "Matters a little": "Importa un poco",
    "Matters quite a bit": "Importa bastante",
    "Matters a lot": "Importa mucho",
    # The decision.
    "You are deciding what to do about {concerns}. None of the treatments in toxfill's list fits"
    " your answers now, so the choice is between no treatment and asking a licensed provider"
    " about other care.": (
        "Usted está decidiendo qué hacer con {concerns}. Ninguno de los tratamientos de la lista"
        " de toxfill le queda bien ahora, así que puede elegir entre no hacerse nada y"
        " preguntarle a un proveedor de salud con licencia por otros cuidados."
    ),
    "You are deciding whether to have {options}{comma} or no treatment, for {concerns}.": (
        "Usted está decidiendo si hacerse {options}{comma} o ningún tratamiento, para {concerns}."
    ),
    # The statuses.
    "Recommended": "Recomendado",
    "A first choice for this concern, with nothing in your answers against it.": (
        "Una primera opción para este problema, sin nada en sus respuestas en contra."
    ),
    "Suitable": "Adecuado",
    "Approved for this concern and fits you.": "Aprobado para este problema y le queda bien.",
    "Caution": "Precaución",
    "Something in your health needs talking over with your provider first.": (
        "Algo de su salud hay que hablarlo antes con su proveedor de salud."
    ),
    "Not suitable": "No adecuado",
    "Not for you now: not approved for this, not at your age, not safe with your health, or too"
    " soon since your last treatment.": (
        "No es para usted ahora: no está aprobado para esto, no a su edad, no es seguro con su"
        " salud, o es muy pronto desde su último tratamiento."
    ),
    "See a specialist": "Vea a un especialista",
    "A medical use: a specialist doctor decides and gives this treatment.": (
        "Un uso médico: un médico especialista decide y pone este tratamiento."
    ),
    # Each option for a concern.
    "not sure: ": "no está seguro: ",
    "{label}: {text}": "{label}: {text}",
    "{label}. {text} How often: {how_rare}": "{label}. {text} Cada cuánto pasa: {how_rare}",
    "Serious risk: {label}. {text} How rare: {how_rare}": (
        "Riesgo serio: {label}. {text} Qué tan raro es: {how_rare}"
    ),
    "{label}: {text} How rare: {how_rare}": "{label}: {text} Qué tan raro es: {how_rare}",
    "No one knows how often this happens, so there is no picture.": (
        "Nadie sabe cada cuánto pasa esto, así que no hay dibujo."
    ),
    "{product}: {because}": "{product}: {because}",
    "{label} ({weight}): {text}": "{label} ({weight}): {text}",
    # Every option, described alike.
    "What it does": "Qué hace",
    "Approved for your concerns": "Aprobado para sus problemas",
    "Who should not have it": "Quién no se lo debe poner",
    "Talk it over first if": "Háblelo antes si",
    "Time off afterwards (downtime)": "Tiempo de recuperación después",
    "Always open to you: {origin}": "Siempre es una opción para usted: {origin}",
    "None of your concerns": "Ninguno de sus problemas",
    "{option}: {attribute}": "{option}: {attribute}",
    # How sure the figures are.
    "Results differ from person to person. The figures here describe what happened to most"
    " people in studies and on product labels. Your own result may be shorter, longer or"
    " different.": (
        "Los resultados cambian de una persona a otra. Las cifras de aquí dicen lo que le pasó a"
        " la mayoría de las personas en estudios y en las etiquetas de los productos. Su propio"
        " resultado puede durar menos, durar más o ser distinto."
    ),
    "How soon an effect shows and how long it lasts are ranges or averages taken from product"
    " labels and studies, not promises.": (
        "Cuándo se ve un efecto y cuánto dura son rangos o promedios de las etiquetas de los"
        " productos y de estudios, no promesas."
    ),
    "Costs are national average fees from {years}. They are not price quotes: your clinic may"
    " charge more or less, and other fees may be added.": (
        "Los costos son tarifas promedio del país de {years}. No son presupuestos: su clínica"
        " puede cobrar más o menos, y puede sumar otros cargos."
    ),
    "Side effects and serious risks come from product labels, health agencies and published"
    " reports. Where a source gives a figure for how often a serious risk happens, it is shown;"
    " many give none, and no figure tells you your own chance.": (
        "Los efectos secundarios y los riesgos serios vienen de las etiquetas de los productos,"
        " de agencias de salud y de reportes publicados. Cuando una fuente da una cifra de cada"
        " cuánto pasa un riesgo serio, se muestra; muchas no dan ninguna, y ninguna cifra le"
        " dice su propia probabilidad."
    ),
    "What matters to you changes only the order of options that are equally safe for you. It"
    " never makes an option safer.": (
        "Lo que le importa solo cambia el orden de las opciones que son igual de seguras para"
        " usted. Nunca hace más segura una opción."
    ),
    # The first part: each concern at a glance, the leaning and the SURE test.
    "No approved shot treats this. Ask a provider about other care.": (
        "Ninguna inyección aprobada trata esto. Pregúntele a un proveedor de salud por otros"
        " cuidados."
    ),
    "Nothing approved fits you now.": "Nada aprobado le queda bien ahora.",
    " {option} is possible again from {date}.": (
        " {option} se puede volver a poner desde el {date}."
    ),
    " {option} may fit once you find out about this: {doubts}.": (
        " {option} le podría quedar bien cuando sepa esto: {doubts}."
    ),
    "A {specialist} decides. Ask them about {option}.": (
        "Decide un {specialist}. Pregúntele por {option}."
    ),
    " Talk over with them first: {cautions}.": " Háblelo antes con el especialista: {cautions}.",
    "Best fit: {option}. Talk it over with your provider first.": (
        "La que mejor le queda: {option}. Háblelo antes con su proveedor de salud."
    ),
    "Best fit: {option}.": "La que mejor le queda: {option}.",
    "I don't know yet": "Todavía no lo sé",
    "Sure of myself": "Seguridad",
    "Do you feel sure about the best choice for you?": (
        "¿Se siente seguro de cuál es la mejor opción para usted?"
    ),
    "Understand information": "Información",
    "Do you know the benefits and risks of each option?": (
        "¿Conoce los beneficios y los riesgos de cada opción?"
    ),
    "Risk-benefit ratio": "Riesgos y beneficios",
    "Are you clear about which benefits and risks matter most to you?": (
        "¿Tiene claro qué beneficios y qué riesgos le importan más?"
    ),
    "Encouragement": "Apoyo",
    "Do you have enough support and advice to make a choice?": (
        "¿Tiene suficiente apoyo y consejo para elegir?"
    ),
    "{name}: {question}": "{name}: {question}",
    "You said yes to all four questions. Share your choice with your provider.": (
        "Dijo que sí a las cuatro preguntas. Cuéntele su decisión a su proveedor de salud."
    ),
    "Answer all four questions to see what they suggest.": (
        "Conteste las cuatro preguntas para ver qué le sugieren."
    ),
    "You said no to at least one question. Many people feel this way. Do not rush. Talk it over"
    " with your provider before you choose.": (
        "Dijo que no al menos a una pregunta. A mucha gente le pasa. No se apure. Háblelo con su"
        " proveedor de salud antes de elegir."
    ),
    # The PDF summary's own words (pdf.py).
    "toxfill consultation summary": "Resumen de toxfill para su consulta",
    "knowledge base {version}": "base de conocimientos {version}",
    "Page {page} of {pages}": "Página {page} de {pages}",
    "Your consultation summary": "Su resumen para la consulta",
    "Made on {today} with toxfill knowledge base {version} (published {published}).": (
        "Hecho el {today} con la base de conocimientos de toxfill, versión {version} (publicada"
        " el {published})."
    ),
    "At a glance": "De un vistazo",
    "Which way you are leaning": "Hacia qué opción se inclina",
    "You are leaning toward": "Se inclina por",
    "Not answered yet": "Todavía sin respuesta",
    "Not answered": "Sin respuesta",
    "Yes": "Sí",
    "No": "No",
    "Your answers": "Sus respuestas",
    "The decision": "La decisión",
    "Options for: {concern}": "Opciones para: {concern}",
    "No treatment in toxfill's list is approved for this.": (
        "Ningún tratamiento de la lista de toxfill está aprobado para esto."
    ),
    "Not approved for your concerns": "No aprobados para sus problemas",
    "No treatment: what to expect": "Sin tratamiento: qué esperar",
    "How your preferences changed the order": "Cómo cambió el orden lo que le importa",
    "Using treatments together": "Usar tratamientos juntos",
    "Questions to ask your provider": "Preguntas para su proveedor de salud",
    "How sure are these figures?": "¿Qué tan seguras son estas cifras?",
    "No reliable figure was found for: {figures}.": (
        "No se encontró una cifra confiable para: {figures}."
    ),
    "About this information": "Sobre esta información",
    "Published": "Publicada",
    "{date} (version {version})": "{date} (versión {version})",
    "How it is kept up to date": "Cómo se mantiene al día",
    "Who pays for it": "Quién la paga",
    "Sources": "Fuentes",
    "Sources are named as they were published, most of them in English.": (
        "Las fuentes aparecen con el nombre con que se publicaron, casi todas en inglés."
    ),
    "Source {n}: {title}": "Fuente {n}: {title}",
    "What it can do:": "Lo que puede hacer:",
    "What can go wrong, and how rare it is:": "Lo que puede salir mal, y qué tan raro es:",
    "Not for you:": "No es para usted:",
    "Possible again from {date}.": "Se puede volver a poner desde el {date}.",
    "Discuss:": "Hable de esto:",
    "A grid of 100 dots{each}: {filled} filled.": (
        "Una cuadrícula de 100 puntos{each}: {filled} rellenos."
    ),
    ", each standing for 100 people": ", cada uno vale por 100 personas",
    " (each dot is 100; a filled dot has some affected)": (
        " (cada punto es 100 personas; un punto relleno tiene algunas afectadas)"
    ),
    # The decision as a table (terminal.py) and in Markdown (markdown.py).
    "Caution: talk it over first": "Precaución: háblelo antes",
    "Your treatment options": "Sus opciones de tratamiento",
    "For {concern}, best first": "Para {concern}, la mejor primero",
    "Option": "Opción",
    "Status": "Estado",
    "Match to what matters to you": "Cuánto se ajusta a lo que le importa",
    "from {date}": "desde el {date}",
    "No option is approved for this concern": "Ninguna opción está aprobada para este problema",
    "Why": "Por qué",
    "Reasons (sources in brackets)": "Razones (fuentes entre corchetes)",
    "Not {product}: {because}": "{product} no: {because}",
    "Serious risk: ": "Riesgo serio: ",
    "{label}. {text} How rare: {how_rare}": "{label}. {text} Qué tan raro es: {how_rare}",
    "Together: ": "Juntos: ",
    "# Your treatment options: a summary for your consultation": (
        "# Sus opciones de tratamiento: un resumen para su consulta"
    ),
    "Concerns": "Problemas",
    "Health": "Salud",
    "none of the listed factors": "ninguno de la lista",
    "no preferences given": "no dijo ninguna",
    "Date": "Fecha",
    "Options for each concern, best first": "Opciones para cada problema, la mejor primero",
    "No treatment option is approved for this concern.": (
        "Ninguna opción de tratamiento está aprobada para este problema."
    ),
    " (possible from {date})": " (posible desde el {date})",
    "**Serious risk:** {label}. {text} How rare: {how_rare}": (
        "**Riesgo serio:** {label}. {text} Qué tan raro es: {how_rare}"
    ),
}

say = Phrasebook("toxfill/render/consultation_words.py", {"es": SPANISH}).say
