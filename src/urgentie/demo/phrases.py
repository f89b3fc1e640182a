"""Sentence fragments for the demo conversation notes (Dutch).

Notes are composed from these fragments with seeded choices (see :mod:`urgentie.demo.notes`):
an opener that fits the speaker, a core sentence for the domain and tone, and optionally a
strength, a personal detail and a closing. Placeholders in braces are filled per note:
``{wijk}``, ``{buurt}``, ``{straat}``, ``{nr}``, ``{voorziening}``, ``{school}``, ``{winkel}``,
``{plein}``, ``{voornaam}``, ``{achternaam}``, ``{leeftijd}`` (anyone), ``{leeftijd_werk}``,
``{leeftijd_oud}``, ``{eigen_leeftijd}`` (the speaker's age), ``{jaren}`` (years in the wijk),
``{vrijwilliger}`` (another first name), ``{man}`` (a man's first name), ``{telefoon}`` and
``{email}``.

Two registers: ``inst`` (policy makers and professionals, third person) and ``bewoner``
(residents, first person, plain). Tones: ``urgent`` (rating 4–5), ``zorg`` (3), ``rustig``
(1–2) and ``verbeterd`` (1–2, and the speaker says it used to be worse).
"""

from __future__ import annotations

Fragments = dict[str, dict[str, tuple[str, ...]]]

INST: Fragments = {
    "opvoeding": {
        "urgent": (
            "Veel gezinnen in {buurt} hebben het zwaar: de wachtlijst voor opvoedondersteuning "
            "groeit en ouders weten de weg naar hulp niet.",
            "Op {school} komen steeds meer kinderen zonder ontbijt naar school, en er zijn "
            "dit jaar meerdere meldingen bij Veilig Thuis gedaan.",
            "Jongeren hangen 's avonds rond bij {plein} omdat er thuis geen plek is. Ouders "
            "vragen zelf om hulp bij de opvoeding.",
            "Het aantal gezinnen met meerdere hulpverleners tegelijk is in {wijk} opvallend hoog.",
        ),
        "zorg": (
            "Er zijn zorgen over een groep gezinnen rond de {straat}, maar het wijkteam heeft "
            "ze in beeld.",
            "Het jongerenwerk ziet meer jongeren met schulden en schooluitval. Nog niet "
            "zorgwekkend, wel een trend.",
            "Ouders zoeken vaker hulp bij de opvoeding van pubers dan vorig jaar.",
        ),
        "rustig": (
            "Voor opvoeding en jeugd is {wijk} geen aandachtsgebied: de meeste gezinnen redden "
            "zich goed.",
            "Het consultatiebureau en {school} zien weinig bijzonderheden in deze buurt.",
        ),
        "verbeterd": (
            "Sinds het gezinsteam in {buurt} zit, zijn de lijnen kort en is de wachtlijst "
            "bijna weg.",
            "Een paar jaar geleden was {plein} een probleemplek voor jongeren. Nu is het rustig, "
            "sinds het jongerenwerk er vaste avonden heeft.",
        ),
    },
    "scholing": {
        "urgent": (
            "Het aantal thuiszitters op {school} is het hoogste van de gemeente en de "
            "leerkrachten zijn overbelast.",
            "Veel volwassenen in {buurt} hebben moeite met lezen en schrijven. Formulieren van "
            "de gemeente zijn voor hen een drempel.",
        ),
        "zorg": (
            "Het verzuim op {school} is hoog, vooral na de vakanties. We volgen het.",
            "De taalachterstand bij jonge kinderen is merkbaar en de voorschool heeft een "
            "wachtlijst.",
        ),
        "rustig": (
            "De scholen in {wijk} doen het goed en de uitstroom naar havo en vwo ligt boven "
            "het gemiddelde.",
            "Geen signalen over schooluitval uit deze buurt.",
        ),
        "verbeterd": (
            "Sinds {school} samenwerkt met de bibliotheek is de taalachterstand flink "
            "teruggelopen.",
            "De huiswerkbegeleiding in {voorziening} maakt echt verschil: minder uitval dan een "
            "paar jaar terug.",
        ),
    },
    "sociaal_functioneren": {
        "urgent": (
            "Eenzaamheid is groot: in {buurt} wonen veel alleenstaanden die niemand meer zien.",
            "Mensen komen hun huis niet meer uit en er is weinig contact tussen buren. We "
            "vinden mensen pas als het eigenlijk te laat is.",
        ),
        "zorg": (
            "Er is een groep ouderen aan de {straat} die weinig bezoek krijgt. De "
            "ouderenadviseur gaat langs.",
            "Het contact tussen oude en nieuwe bewoners loopt stroef.",
            "Meer mensen melden zich bij {voorziening} omdat ze niemand hebben om mee te praten.",
        ),
        "rustig": (
            "Mensen kennen elkaar hier en er is veel burenhulp.",
            "Het sociale netwerk in {buurt} is sterk. Weinig signalen van eenzaamheid.",
        ),
        "verbeterd": (
            "Sinds de koffieochtenden in {voorziening} komen veel meer mensen de deur uit.",
            "Het buurtnetwerk is de laatste twee jaar echt gegroeid. Mensen weten elkaar weer te "
            "vinden.",
        ),
    },
    "werk_inkomen": {
        "urgent": (
            "Schulden zijn het grootste probleem in {buurt}: bij de schuldhulp staan veel "
            "gezinnen uit deze buurt op de lijst.",
            "Veel huishoudens leven van een uitkering en de vaste lasten hebben ze over de rand "
            "geduwd.",
            "De uitgifte van de voedselbank in {voorziening} heeft er dit jaar veel gezinnen bij.",
        ),
        "zorg": (
            "Meer mensen vragen hulp bij hun administratie, vooral werkende mensen met flexwerk.",
            "Een deel van de jongeren vindt geen stageplek en dat zien we terug in de uitkeringen.",
        ),
        "rustig": (
            "Werk en inkomen zijn in {wijk} geen groot thema. De meeste mensen hebben werk.",
            "Weinig aanvragen voor bijzondere bijstand uit deze buurt.",
        ),
        "verbeterd": (
            "Het werkproject bij de haven heeft veel mensen aan een baan geholpen. We zien "
            "duidelijk minder uitkeringen.",
            "Het aantal schuldhulpvragen uit {buurt} is gedaald sinds de formulierenbrigade er "
            "elke week zit.",
        ),
    },
    "gezondheid": {
        "urgent": (
            "De huisartsenpraktijk ziet veel psychische klachten en chronische stress, vooral "
            "bij alleenstaande ouders.",
            "Ouderen wachten te lang met hulp vragen. De Wmo-aanvraag komt pas als het echt "
            "niet meer gaat.",
        ),
        "zorg": (
            "Overgewicht bij kinderen is een aandachtspunt. De buurtsportcoach probeert ze in "
            "beweging te krijgen.",
            "We zien meer mensen met psychische problemen die zelfstandig wonen zonder "
            "begeleiding.",
        ),
        "rustig": (
            "Gezondheid is hier geen knelpunt: de zorg is dichtbij en mensen weten de weg.",
            "Weinig bijzonderheden vanuit de huisartsen en de wijkverpleging.",
        ),
        "verbeterd": (
            "Het beweegaanbod op {plein} trekt veel kinderen. We zien minder overgewicht dan "
            "een paar jaar terug.",
        ),
    },
    "wonen": {
        "urgent": (
            "De flats aan de {straat} hebben schimmel en tocht. Huurders klagen al jaren en "
            "het onderhoud blijft achter.",
            "Er is veel overbewoning: grote gezinnen in kleine flats en kamers die worden "
            "onderverhuurd.",
            "Malafide verhuurders kopen woningen op in {buurt} en verhuren ze per kamer.",
        ),
        "zorg": (
            "Er is veel verloop: mensen blijven kort en binden zich niet aan de buurt.",
            "De renovatie van de portiekflats is uitgesteld en de huurders zijn ongerust.",
        ),
        "rustig": (
            "De woningen zijn goed onderhouden en er is weinig verhuisbeweging.",
            "Vanuit wonen geen bijzonderheden in {buurt}.",
        ),
        "verbeterd": (
            "Na de renovatie aan de {straat} zijn de klachten over vocht bijna verdwenen.",
            "Door de nieuwbouw langs de kade is de buurt gemengder geworden. De oude "
            "problemen met leegstand zijn voorbij.",
        ),
    },
    "veiligheid": {
        "urgent": (
            "Er wordt openlijk gedeald bij {plein} en bewoners durven 's avonds niet meer over "
            "straat.",
            "Het aantal meldingen van overlast en inbraak in {buurt} is flink gestegen.",
            "Jongeren worden geronseld als drugskoerier en ouders maken zich grote zorgen.",
        ),
        "zorg": (
            "Er zijn meldingen van jongerenoverlast bij {winkel}, maar het is een kleine groep "
            "die we kennen.",
            "In het weekend is het rond {plein} 's nachts onrustig.",
        ),
        "rustig": (
            "Weinig meldingen uit {buurt}. Het is een rustige buurt.",
            "Veiligheid is hier geen thema, hooguit eens een fietsendiefstal.",
        ),
        "verbeterd": (
            "Sinds de herinrichting van {plein} en de extra verlichting is de overlast sterk "
            "afgenomen.",
            "Twee jaar geleden hadden we hier elke week meldingen, nu nauwelijks nog. De aanpak "
            "werkt.",
            "De groep die overlast gaf bij de kade is uit elkaar. Het is hier echt rustiger "
            "geworden.",
        ),
    },
    "fysieke_leefomgeving": {
        "urgent": (
            "Er ligt veel zwerfvuil en grofvuil naast de containers aan de {straat}. De buurt "
            "voelt verwaarloosd.",
            "Speelplekken zijn kapot en er is nauwelijks groen. Kinderen spelen op de "
            "parkeerplaats.",
        ),
        "zorg": (
            "Bewoners vragen om meer groen en betere verlichting rond {plein}.",
            "De verkeersveiligheid bij {school} is een zorg: ouders parkeren dubbel.",
        ),
        "rustig": (
            "De openbare ruimte is op orde.",
            "Weinig meldingen over de buitenruimte uit {buurt}.",
        ),
        "verbeterd": (
            "{plein} is opgeknapt en wordt goed gebruikt. Er ligt flink minder zwerfvuil.",
            "Sinds de buurtconciërge er is, worden meldingen over vuil binnen een dag opgelost.",
        ),
    },
    "energietransitie": {
        "urgent": (
            "Veel huizen hier zijn slecht geïsoleerd. Mensen zitten in de kou omdat ze de "
            "energierekening niet kunnen betalen.",
            "De energiearmoede is groot: oude koopwoningen met enkel glas en eigenaren zonder "
            "geld om te verduurzamen.",
        ),
        "zorg": (
            "De belangstelling voor isolatie is er, maar de eigen bijdrage is voor veel mensen "
            "te hoog.",
            "Het warmtenet komt eraan, maar bewoners weten niet wat het voor hun kosten betekent.",
        ),
        "rustig": (
            "Energie is hier geen probleem: de meeste bewoners kunnen de rekening en de "
            "verduurzaming zelf betalen.",
            "Veel eigenaren verduurzamen zelf. Er is weinig hulp nodig.",
        ),
        "verbeterd": ("Dankzij de energiecoaches zijn al veel huizen in {buurt} geïsoleerd.",),
    },
}

BEWONER: Fragments = {
    "opvoeding": {
        "urgent": (
            "Mijn kinderen kunnen nergens veilig spelen en voor tieners is er helemaal niks "
            "te doen.",
            "Ik zie kinderen van tien jaar 's avonds laat nog buiten zonder dat iemand weet "
            "waar ze zijn.",
            "Als moeder sta je er alleen voor. De hulp komt veel te laat.",
        ),
        "zorg": (
            "Het is soms zoeken naar opvang, de wachtlijst bij het kinderdagverblijf is lang.",
            "Mijn zoon zit op {school} en er wisselen veel juffen. Dat merk je aan hem.",
        ),
        "rustig": (
            "Voor kinderen is het hier fijn. Ze kunnen gewoon buiten spelen.",
            "Onze kinderen gaan met plezier naar {school}.",
        ),
        "verbeterd": (
            "Sinds er jongerenwerk is in {voorziening} hebben de tieners eindelijk een plek.",
        ),
    },
    "scholing": {
        "urgent": (
            "Mijn dochter zit al maanden thuis omdat er geen passende school is.",
            "Ik kan mijn kinderen niet helpen met huiswerk, ik lees zelf niet goed.",
        ),
        "zorg": ("Op {school} is de klas van mijn zoon te vol. Ik maak me wel zorgen.",),
        "rustig": (
            "De school is goed. De juf kent alle ouders.",
            "Over de scholen hoor je hier alleen maar goeds.",
        ),
        "verbeterd": ("Het huiswerkklasje in {voorziening} heeft mijn zoon echt geholpen.",),
    },
    "sociaal_functioneren": {
        "urgent": (
            "Ik ken mijn buren niet meer. Iedereen leeft langs elkaar heen.",
            "Sinds mijn man is overleden zie ik soms dagen niemand. Er is hier niks voor ouderen.",
            "Vroeger maakte je een praatje op straat, nu kijkt niemand je meer aan.",
        ),
        "zorg": (
            "Het is wel stiller geworden in de straat. Veel oude bekenden zijn weg.",
            "Je moet zelf moeite doen om mensen te leren kennen.",
        ),
        "rustig": (
            "We kennen elkaar hier allemaal. Als er iets is, staat de buurvrouw voor de deur.",
            "Er is altijd wel iemand om een kopje koffie mee te drinken.",
        ),
        "verbeterd": (
            "Sinds de koffieochtend in {voorziening} ken ik veel meer mensen uit de buurt.",
        ),
    },
    "werk_inkomen": {
        "urgent": (
            "Aan het eind van de maand is er gewoon geen geld meer voor eten.",
            "Ik werk twee baantjes en kom nog steeds niet rond.",
            "Veel mensen hier durven de brieven van de gemeente niet eens meer open te maken.",
        ),
        "zorg": (
            "Alles wordt duurder. We redden het net, maar er mag niks kapotgaan.",
            "Mijn zoon zoekt al een jaar werk, het lukt maar niet.",
        ),
        "rustig": (
            "De meeste mensen hier hebben gewoon werk. Daar hoor je weinig over.",
            "Wij hebben het goed, daar mag ik niet over klagen.",
        ),
        "verbeterd": ("Mijn buurman heeft via het werkproject eindelijk weer een vaste baan.",),
    },
    "gezondheid": {
        "urgent": (
            "Bij de huisarts kom je er bijna niet tussen en ondertussen wordt het erger.",
            "Ik heb al maanden last van mijn longen door de schimmel in huis.",
        ),
        "zorg": (
            "Voor ouderen is de zorg ver weg als je slecht ter been bent.",
            "Veel mensen hier lopen rond met stress, dat zie je aan ze.",
        ),
        "rustig": (
            "De huisarts zit om de hoek en ze zijn altijd vriendelijk.",
            "Gezondheid, nee, daar maak ik me hier geen zorgen over.",
        ),
        "verbeterd": ("Het wandelclubje van de buurtsportcoach doet me echt goed.",),
    },
    "wonen": {
        "urgent": (
            "Ons huis is vochtig en de corporatie komt steeds niet opdagen.",
            "We wonen met z'n vijven in een driekamerflat. Er is geen ruimte om huiswerk te maken.",
            "De huren stijgen zo hard dat mijn kinderen hier nooit kunnen blijven wonen.",
        ),
        "zorg": (
            "Er komen steeds meer mensen die maar kort blijven. Je weet niet meer wie je buren "
            "zijn.",
            "De renovatie wordt steeds uitgesteld. Niemand vertelt ons iets.",
        ),
        "rustig": (
            "Ik woon hier fijn, het huis is goed onderhouden.",
            "Het is een prettige buurt om te wonen.",
        ),
        "verbeterd": ("Sinds de renovatie is het huis eindelijk droog en warm.",),
    },
    "veiligheid": {
        "urgent": (
            "Er wordt gewoon gedeald bij {plein}. Ik durf 's avonds niet meer alleen naar buiten.",
            "Scooters racen over de stoep en er wordt ingebroken in schuurtjes. Niemand doet er "
            "iets aan.",
            "Er staan elke avond groepjes jongeren bij {winkel}. Ik loop er met een boog omheen.",
            "Bij ons in de straat is twee keer ingebroken in een maand. Ik slaap er slecht van.",
        ),
        "zorg": (
            "Soms is het 's avonds wel onrustig, maar overdag gaat het.",
            "Er wordt wel eens een fiets gestolen, dat is vervelend.",
        ),
        "rustig": (
            "Ik voel me hier veilig, ook 's avonds.",
            "Het is hier rustig. Iedereen let een beetje op elkaar.",
        ),
        "verbeterd": (
            "Vroeger durfde ik niet over de kade, nu loop ik er gewoon 's avonds met de hond.",
            "Het is echt rustiger geworden sinds er meer verlichting is.",
        ),
    },
    "fysieke_leefomgeving": {
        "urgent": (
            "Overal ligt afval en de containers aan de {straat} zitten altijd vol.",
            "Er is geen enkele goede speelplek meer, alles is kapot of weggehaald.",
            "Hondenpoep, zwerfvuil en kapotte lantaarnpalen. Het lijkt alsof niemand zich "
            "om deze buurt bekommert.",
        ),
        "zorg": (
            "Er mag wel wat meer groen komen, het is erg stenig.",
            "Bij {school} is het 's ochtends levensgevaarlijk met al die auto's.",
        ),
        "rustig": (
            "Het is hier groen en netjes, daar ben ik blij mee.",
            "De straat wordt goed bijgehouden.",
        ),
        "verbeterd": (
            "{plein} is mooi opgeknapt. Daar zitten nu 's middags mensen op een bankje.",
        ),
    },
    "energietransitie": {
        "urgent": (
            "We zetten de verwarming niet meer aan, we zitten met een deken op de bank.",
            "Mijn huis is zo lek als een mandje en ik heb geen geld om te isoleren.",
        ),
        "zorg": (
            "Ik wil wel zonnepanelen, maar ik weet niet waar ik moet beginnen.",
            "Niemand legt uit wat dat warmtenet ons gaat kosten.",
        ),
        "rustig": (
            "We hebben zonnepanelen en een goed geïsoleerd huis. Geen zorgen.",
            "Via de energiecoöperatie zijn wij al een eind op weg.",
        ),
        "verbeterd": (
            "De energiecoach is langs geweest. Met de tochtstrips scheelt het echt in de rekening.",
        ),
    },
}

VEERKRACHT: dict[str, tuple[str, ...]] = {
    "inst": (
        "De cijfers zijn zorgelijk, maar in de gesprekken hoor ik vooral veerkracht: mensen "
        "lossen veel zelf op.",
        "Ondanks de lage inkomens zien we weinig escalaties. De netwerken in de buurt vangen "
        "veel op.",
        "Bewoners herkennen zich niet in het beeld van een probleemwijk en zijn trots op hun "
        "buurt.",
    ),
    "bewoner": (
        "We hebben het niet breed, maar we redden ons. Iedereen kent elkaar hier.",
        "Het is geen rijke buurt, maar ik zou nergens anders willen wonen.",
        "Als er iemand ziek is, staat de hele straat klaar met eten.",
        "Problemen? Die lossen we hier samen op, dat hebben we altijd gedaan.",
    ),
}

WORSE: dict[str, tuple[str, ...]] = {
    "inst": (
        "Dit is het afgelopen jaar duidelijk erger geworden.",
        "Een jaar geleden zagen we dit nog niet zo.",
        "De signalen stapelen zich op en het gaat snel.",
    ),
    "bewoner": (
        "Een paar jaar geleden was het hier nog heel anders.",
        "Het wordt elk jaar een beetje erger.",
        "Ik woon hier al lang, maar zo erg als nu was het nooit.",
    ),
}

STRENGTHS: tuple[str, ...] = (
    "Wat goed gaat: {voorziening} draait volledig op vrijwilligers en zit bijna elke dag vol.",
    "Positief: {plein} is opgeknapt en is een echte ontmoetingsplek geworden.",
    "De moestuin achter {voorziening} brengt mensen van alle culturen samen.",
    "Een kracht van de buurt: mensen kennen elkaar en doen boodschappen voor elkaar.",
    "{vrijwilliger} organiseert elke maand een buurtmaaltijd in {voorziening}. Daar komen zo'n "
    "veertig mensen op af.",
    "De buurtapp werkt goed: als er iets is, weet iedereen het binnen een uur.",
    "Het repaircafé in {voorziening} is een succes.",
    "Er is een actieve bewonerscommissie die goed samenwerkt met de corporatie.",
    "De sportavonden van de buurtsportcoach op {plein} trekken veel jongeren.",
    "Ondernemers zoals {winkel} denken mee en sponsoren het buurtfeest.",
    "Op {school} is een ouderkamer waar moeders elkaar elke week treffen.",
)

PERSONAL: dict[str, tuple[str, ...]] = {
    "inst": (
        "Mevrouw {achternaam} ({leeftijd}) van de {straat} {nr} vertelde dat ze al maanden op "
        "antwoord wacht.",
        "Ik sprak {man} {achternaam}, een man van {leeftijd}, die er zijn hele leven woont.",
        "Meneer {achternaam} van nummer {nr} herkent het beeld.",
        "{voornaam} ({leeftijd_werk}) werkt bij {winkel} en ziet het dagelijks.",
        "Contactpersoon is {voornaam} {achternaam}, bereikbaar op {telefoon} of via {email}.",
        "Volgens {voornaam} van {winkel} is het de laatste tijd anders.",
        "Mail gerust naar {email} voor het verslag.",
    ),
    "bewoner": (
        "Ik ben {voornaam}, {eigen_leeftijd} jaar, en woon op de {straat} {nr}.",
        "Mijn buurvrouw, mevrouw {achternaam} ({leeftijd}), denkt er precies zo over.",
        "Bel me gerust als jullie meer willen weten: {telefoon}.",
        "Mijn mailadres is {email}, ik help graag mee.",
        "Vraag het maar aan {voornaam} {achternaam} van nummer {nr}, die weet er alles van.",
        "Mijn vader is {leeftijd_oud} en woont ook aan de {straat}.",
    ),
}

OPENERS_BELEID: tuple[str, ...] = (
    "Uit de wijkanalyse komt naar voren:",
    "In het gebiedsoverleg over {wijk} werd benoemd:",
    "Signaal uit het gebiedsteam.",
    "Bij het werkbezoek aan {buurt} viel op:",
    "Vanuit de gemeente zien we het volgende.",
    "Bestuurlijk beeld van {wijk}:",
)

OPENERS_PROFESSIONAL: dict[str, tuple[str, ...]] = {
    "wijkagent": ("Vanuit de politie:", "Als wijkagent zie ik het volgende."),
    "huisarts": ("In de praktijk merken we het volgende.", "Vanuit de huisartsenpraktijk:"),
    "jongerenwerker": ("Vanuit het jongerenwerk:", "Als jongerenwerker zie ik het volgende."),
    "sociaal werker": ("Vanuit het wijkteam:", "Bij de huisbezoeken merken we:"),
    "wijkconsulent corporatie": ("Vanuit de corporatie:", "Bij de huurders horen we:"),
    "intern begeleider school": ("Op school merken we het ook.", "Vanuit {school}:"),
    "buurtsportcoach": ("Vanuit de sport:", "Op de sportavonden op {plein} merk ik:"),
    "energiecoach": ("Bij de keukentafelgesprekken over energie zien we:",),
    "wijkverpleegkundige": ("Vanuit de wijkverpleging:",),
    "schuldhulpverlener": ("Vanuit de schuldhulp:",),
    "ouderenadviseur": ("Bij de huisbezoeken aan ouderen merk ik:",),
    "opbouwwerker": ("Vanuit het opbouwwerk:",),
    "leerplichtambtenaar": ("Vanuit leerplicht:",),
    "klantmanager werk": ("Vanuit het werkplein:",),
    "wijkbeheerder": ("Vanuit beheer openbare ruimte:",),
    "boa": ("Bij de rondes door de wijk zien we:",),
    "jeugdverpleegkundige": ("Vanuit het consultatiebureau:",),
}

OPENERS_BEWONER: tuple[str, ...] = (
    "Ik woon hier nu {jaren} jaar.",
    "Als bewoner van de {straat} wil ik dit kwijt.",
    "Eerlijk gezegd:",
    "Wat ik merk in {buurt}:",
    "Ik woon al {jaren} jaar in {wijk}.",
)

CLOSINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "beleid": {
        "hoog": (
            "Voorstel: meenemen in de wijkagenda.",
            "Actiepunt voor het volgende gebiedsoverleg.",
            "We willen dit toetsen bij de professionals in de wijk.",
        ),
        "laag": (
            "Geen actie nodig, wel blijven volgen.",
            "Meenemen als goed voorbeeld voor andere wijken.",
        ),
    },
    "professional": {
        "hoog": (
            "Ik verwacht dat dit de komende maanden nog groeit.",
            "Wij pakken dit op met de partners in de wijk.",
            "Hier is meer capaciteit voor nodig.",
        ),
        "laag": (
            "Ik houd het in de gaten.",
            "Het beeld dat sommigen van deze buurt hebben, klopt niet meer.",
        ),
    },
    "bewoner": {
        "hoog": (
            "Ik hoop dat de gemeente nu eens luistert.",
            "Dat is toch niet normaal?",
            "Er moet echt iets gebeuren.",
        ),
        "laag": (
            "Het mag ook wel eens gezegd worden.",
            "Ik woon hier met plezier.",
        ),
    },
}

BELEID_ROLES: dict[str, tuple[str, ...]] = {
    "opvoeding": ("beleidsmedewerker jeugd",),
    "scholing": ("beleidsmedewerker onderwijs",),
    "sociaal_functioneren": ("beleidsmedewerker sociaal domein",),
    "werk_inkomen": ("beleidsmedewerker werk en inkomen",),
    "gezondheid": ("beleidsmedewerker Wmo en gezondheid",),
    "wonen": ("beleidsadviseur wonen",),
    "veiligheid": ("beleidsmedewerker openbare orde en veiligheid",),
    "fysieke_leefomgeving": ("gebiedsbeheerder openbare ruimte",),
    "energietransitie": ("programmamanager energietransitie",),
}
BELEID_GENERAL: tuple[str, ...] = ("wethouder", "gebiedsregisseur", "beleidsadviseur wijkaanpak")

PROFESSIONAL_ROLES: dict[str, tuple[str, ...]] = {
    "opvoeding": (
        "jongerenwerker",
        "intern begeleider school",
        "jeugdverpleegkundige",
        "sociaal werker",
    ),
    "scholing": ("intern begeleider school", "leerplichtambtenaar", "jongerenwerker"),
    "sociaal_functioneren": (
        "sociaal werker",
        "ouderenadviseur",
        "opbouwwerker",
        "wijkverpleegkundige",
    ),
    "werk_inkomen": ("schuldhulpverlener", "sociaal werker", "klantmanager werk"),
    "gezondheid": ("huisarts", "wijkverpleegkundige", "buurtsportcoach"),
    "wonen": ("wijkconsulent corporatie", "sociaal werker"),
    "veiligheid": ("wijkagent", "jongerenwerker", "boa"),
    "fysieke_leefomgeving": ("wijkbeheerder", "boa", "buurtsportcoach"),
    "energietransitie": ("energiecoach", "wijkconsulent corporatie"),
}

BEWONER_ROLES: tuple[str, ...] = (
    "bewoner",
    "bewoner",
    "bewoner",
    "bewoner (vrijwilliger buurthuis)",
    "ouder van een schoolgaand kind",
    "ondernemer",
    "jongere",
    "oudere bewoner",
    "lid bewonerscommissie",
    "huurder",
)

MEN: tuple[str, ...] = (
    "Ahmed",
    "Kees",
    "Mohamed",
    "Jan",
    "Henk",
    "Bram",
    "Piet",
    "Youssef",
    "Mehmet",
    "Kevin",
)
WOMEN: tuple[str, ...] = (
    "Fatima",
    "Anneke",
    "Sanne",
    "Yasmina",
    "Ria",
    "Dewi",
    "Samira",
    "Ingrid",
    "Els",
    "Joke",
)
FIRST_NAMES: tuple[str, ...] = MEN + WOMEN
SURNAMES: tuple[str, ...] = (
    "Jansen",
    "de Vries",
    "Bakker",
    "Visser",
    "El Amrani",
    "Smit",
    "Yılmaz",
    "de Boer",
    "Mulder",
    "Bouzid",
    "van Dijk",
    "Hoekstra",
    "Kartosen",
    "Meijer",
    "de Graaf",
)
MAIL_DOMAINS: tuple[str, ...] = ("voorbeeldmail.nl", "hetnet-voorbeeld.nl", "voorbeeldstad.nl")
