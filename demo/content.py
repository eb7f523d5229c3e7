"""Demo content of the site: Italian source texts with their English translation.

Facts and figures come from FACTS.md, the project's digest of the Italian articles the site
was conceived from (Fondazione Cariplo's Welfare in Azione, IFEL-ANCI's WILL). It is kept with
the project's shared seed material, outside this repository, and is not needed to build
the demo; every sentence here is written for this site. Values the sources do not give are
left empty.
"""

from .schema import (
    ActionLine,
    Author,
    Bi,
    Edition,
    Hashtag,
    Image,
    Indicator,
    IndicatorValue,
    KeyFigure,
    Organisation,
    Page,
    Partner,
    PdfSection,
    Programme,
    Report,
    Story,
    Territory,
)

SITE_NAME = Bi("Storie di welfare", "Welfare stories")

# ---------------------------------------------------------------------------
# Home and index pages
# ---------------------------------------------------------------------------

HOME = Page(
    title=SITE_NAME,
    slug=Bi("home", "home-en"),
    intro=Bi(
        "Questo sito raccoglie storie di progetti che, in diverse città e province italiane, "
        "hanno provato a rinnovare il welfare locale partendo dalle comunità. Per ogni storia "
        "trovi il programma che l'ha resa possibile, i territori coinvolti, le organizzazioni "
        "della rete e le pubblicazioni che ne parlano.",
        "This site gathers stories of projects that, in several Italian cities and provinces, "
        "have tried to renew local welfare starting from communities. For each story you will "
        "find the programme that made it possible, the places involved, the organisations in the "
        "network and the publications about it.",
    ),
    search_description=Bi(
        "Storie di progetti che rinnovano il welfare locale in Italia: programmi, territori, reti "
        "di partner e pubblicazioni.",
        "Stories of projects renewing local welfare in Italy: programmes, places, partner "
        "networks and publications.",
    ),
)

INDEXES = {
    "programmes": Page(
        title=Bi("Programmi", "Programmes"),
        slug=Bi("programmi", "programmes"),
        intro=Bi(
            "I programmi di finanziamento e di accompagnamento da cui nascono i progetti "
            "raccontati sul sito, con le loro edizioni e i numeri principali.",
            "The funding and support programmes behind the projects told on this site, with their "
            "editions and main figures.",
        ),
        search_description=Bi(
            "I programmi che sostengono l'innovazione del welfare locale: Welfare in Azione di "
            "Fondazione Cariplo e WILL di IFEL-ANCI.",
            "The programmes supporting local welfare innovation: Fondazione Cariplo's Welfare in "
            "Azione and IFEL-ANCI's WILL.",
        ),
    ),
    "stories": Page(
        title=Bi("Storie", "Stories"),
        slug=Bi("storie", "stories"),
        intro=Bi(
            "Racconti di progetti e di ricerche: chi li ha promossi, dove si svolgono e che cosa "
            "cercano di cambiare nel welfare del territorio.",
            "Accounts of projects and research: who promoted them, where they take place and what "
            "they are trying to change in local welfare.",
        ),
        search_description=Bi(
            "Storie di progetti e ricerche sul welfare di comunità in Lombardia, Piemonte, "
            "Emilia-Romagna e Veneto.",
            "Stories of projects and research on community welfare in Lombardy, Piedmont, "
            "Emilia-Romagna and Veneto.",
        ),
    ),
    "hashtags": Page(
        title=Bi("Hashtag", "Hashtags"),
        slug=Bi("hashtag", "hashtags"),
        intro=Bi(
            "Quattro parole chiave per orientarsi tra le storie. Ognuna indica un aspetto "
            "dell'innovazione che un progetto mette in campo.",
            "Four keywords to find your way through the stories. Each one points to an aspect of "
            "innovation that a project puts into practice.",
        ),
        search_description=Bi(
            "Comunità, innovazione, partnership e risorse: le quattro chiavi di lettura delle "
            "storie di welfare.",
            "Community, innovation, partnership and resources: the four lenses for reading the "
            "welfare stories.",
        ),
    ),
    "territories": Page(
        title=Bi("Territori", "Territories"),
        slug=Bi("territori", "territories"),
        intro=Bi(
            "Le regioni, le province, le città e gli ambiti in cui si svolgono i progetti, "
            "ciascuno con una breve nota.",
            "The regions, provinces, cities and local areas where the projects take place, each "
            "with a short note.",
        ),
        search_description=Bi(
            "Regioni, province, città e ambiti dei progetti di welfare raccontati sul sito, dalla "
            "Lombardia al Veneto.",
            "Regions, provinces, cities and areas of the welfare projects told on the site, from "
            "Lombardy to Veneto.",
        ),
    ),
    "reports": Page(
        title=Bi("Pubblicazioni", "Publications"),
        slug=Bi("pubblicazioni", "publications"),
        intro=Bi(
            "Ricerche e rapporti che analizzano i programmi e ciò che hanno prodotto. Ogni "
            "pubblicazione si può scaricare in formato PDF.",
            "Research and reports analysing the programmes and what they produced. Each "
            "publication can be downloaded as a PDF.",
        ),
        search_description=Bi(
            "Ricerche e rapporti su Welfare in Azione e WILL, scaricabili in PDF.",
            "Research and reports on Welfare in Azione and WILL, available as PDF downloads.",
        ),
    ),
}

# The "propose your story" form (proposals.ProposalPage), linked from the footer.
PROPOSAL_PAGE = {
    "title": Bi("Proponi la tua storia", "Propose your story"),
    "slug": Bi("proponi-la-tua-storia", "propose-your-story"),
    "intro": Bi(
        "Fai parte di una rete locale che sta rinnovando il welfare del suo territorio? "
        "Raccontaci il progetto in poche righe: la redazione legge ogni proposta e risponde "
        "entro tre settimane.",
        "Are you part of a local network that is renewing welfare in its area? Tell us about "
        "the project in a few lines: the editors read every proposal and answer within three "
        "weeks.",
    ),
    "thank_you_message": Bi(
        "Grazie: la tua proposta è arrivata alla redazione. La leggeremo con attenzione e ti "
        "scriveremo entro tre settimane all'indirizzo che ci hai lasciato.",
        "Thank you: your proposal has reached the editors. We will read it carefully and "
        "write to you within three weeks at the address you gave us.",
    ),
    "privacy_note": [
        Bi(
            "Usiamo i dati del modulo solo per valutare la proposta e risponderti. Li leggono "
            "soltanto i redattori del sito; li cancelliamo entro dodici mesi, o prima se ce lo "
            "chiedi scrivendo alla redazione.",
            "We use the data in this form only to assess your proposal and answer you. Only "
            "the site's editors read it; we delete it within twelve months, or sooner if you "
            "ask the editors.",
        ),
        Bi(
            "Questa pagina salva un solo cookie tecnico, che protegge il modulo da invii "
            "contraffatti da altri siti.",
            "This page stores a single technical cookie, which protects the form from "
            "submissions forged by other sites.",
        ),
    ],
    "search_description": Bi(
        "Le reti locali possono proporre alla redazione la storia del loro progetto di welfare "
        "di comunità.",
        "Local networks can propose the story of their community welfare project to the editors.",
    ),
}

# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------

ORGANISATIONS = [
    Organisation(
        "fondazione-cariplo",
        "Fondazione Cariplo",
        "foundation",
        "https://www.fondazionecariplo.it/",
    ),
    Organisation("ifel-anci", "IFEL-ANCI", "public_body", "https://www.fondazioneifel.it/"),
    Organisation(
        "lombardia-sociale",
        "Lombardia Sociale",
        "association",
        "https://www.lombardiasociale.it/",
    ),
    Organisation("goodpoint", "Goodpoint", "company"),
    Organisation("comune-cremona", "Comune di Cremona", "municipality"),
    Organisation("comune-crema", "Comune di Crema", "municipality"),
    Organisation("provincia-cremona", "Provincia di Cremona", "public_body"),
    Organisation("camera-commercio-cremona", "Camera di Commercio di Cremona", "public_body"),
    Organisation("azienda-sociale-cremonese", "Azienda sociale del Cremonese", "public_body"),
    Organisation("comunita-sociale-cremasca", "Comunità sociale Cremasca", "public_body"),
    Organisation(
        "consorzio-casalasco-servizi-sociali",
        "Consorzio Casalasco dei Servizi Sociali",
        "consortium",
    ),
    Organisation(
        "fondazione-comunitaria-cremona",
        "Fondazione Comunitaria Provincia di Cremona",
        "foundation",
    ),
    Organisation("csv-cremona", "CSV Cremona", "association"),
    Organisation("confcooperative-cremona", "Confcooperative Cremona", "association"),
    Organisation("legacoop-cremona", "Legacoop Cremona", "association"),
    Organisation("solco-cremona", "Consorzio Sol.co Cremona", "consortium"),
    Organisation("consorzio-arcobaleno", "Consorzio Arcobaleno", "consortium"),
    Organisation(
        "cergas-bocconi",
        "Cergas/SDA Bocconi",
        "university",
        "https://www.sdabocconi.it/",
    ),
    Organisation(
        "universita-studi-milano",
        "Università degli Studi di Milano",
        "university",
        "https://www.unimi.it/",
    ),
    Organisation(
        "secondo-welfare",
        "Percorsi di secondo welfare",
        "association",
        "https://www.secondowelfare.it/",
    ),
    Organisation(
        "universita-cattolica",
        "Università Cattolica",
        "university",
        "https://www.unicatt.it/",
    ),
    Organisation(
        "forum-terzo-settore",
        "Forum Terzo Settore",
        "association",
        "https://www.forumterzosettore.it/",
    ),
    Organisation("kpmg", "KPMG", "company"),
]

# ---------------------------------------------------------------------------
# Hashtags
# ---------------------------------------------------------------------------

HASHTAGS = [
    Hashtag(
        code="comunita",
        title=Bi("#Comunità", "#Community"),
        slug=Bi("comunita", "community"),
        meaning=Bi(
            "Segnala i progetti che coinvolgono la comunità locale e aiutano le persone ad "
            "attivarsi. I cittadini non sono soltanto destinatari dei servizi, ma diventano parte "
            "della risposta.",
            "It marks projects that involve the local community and help people become active. "
            "Citizens are not only recipients of services: they become part of the response.",
        ),
    ),
    Hashtag(
        code="innovazione",
        title=Bi("#Innovazione", "#Innovation"),
        slug=Bi("innovazione", "innovation"),
        meaning=Bi(
            "Indica un modo nuovo di rispondere a un bisogno, che va oltre la semplice "
            "assistenza. Può voler dire servizi più flessibili e partecipati, beneficiari che "
            "restituiscono qualcosa o contribuiscono a costruire la risposta, oppure attenzione a "
            "gruppi finora rimasti scoperti.",
            "It points to a new way of meeting a need that goes beyond plain assistance. It can "
            "mean more flexible and participatory services, beneficiaries who give something back "
            "or help shape the response, or attention to groups that were so far left uncovered.",
        ),
    ),
    Hashtag(
        code="partnership",
        title=Bi("#Partnership", "#Partnership"),
        slug=Bi("partnership", "partnership"),
        meaning=Bi(
            "Segnala alleanze nuove nella forma o nei soggetti coinvolti, come associazioni di "
            "categoria, coworking, fab lab, start-up e imprese, attori poco abituali nel welfare. "
            "Indica anche un rapporto tra pubblico e privato sociale costruito in modo diverso "
            "dal passato.",
            "It marks alliances that are new in their form or in who takes part, such as trade "
            "associations, coworking spaces, fab labs, start-ups and companies, actors rarely "
            "seen in welfare. It also points to a relationship between public bodies and the "
            "social private sector built differently from the past.",
        ),
    ),
    Hashtag(
        code="risorse",
        title=Bi("#Risorse", "#Resources"),
        slug=Bi("risorse", "resources"),
        meaning=Bi(
            "Riguarda il modo in cui un progetto trova e usa le risorse: raccolta fondi di "
            "comunità, valorizzazione di ciò che il territorio già possiede, creazione di fondi "
            "dedicati. Conta anche spendere meglio quello che c'è.",
            "It is about how a project finds and uses resources: community fundraising, making "
            "the most of what the area already has, setting up dedicated funds. Spending existing "
            "money better counts too.",
        ),
    ),
]

# ---------------------------------------------------------------------------
# Territories
# ---------------------------------------------------------------------------


def _will_city(
    key, it_name, en_name, slug_it, slug_en, region, istat, lat, lon, extra=None, part_of=""
):
    """A city that joined WILL at its start in autumn 2019; it lies within its region
    unless ``part_of`` names a smaller territory."""
    it = (
        f"{it_name} è una delle dieci città che nell'autunno 2019 hanno dato avvio a "
        "WILL, il laboratorio sul welfare locale coordinato da IFEL-ANCI."
    )
    en = (
        f"{en_name} is one of the ten cities that launched WILL in autumn 2019, the "
        "local welfare lab coordinated by IFEL-ANCI."
    )
    if extra:
        it = f"{it} {extra.it}"
        en = f"{en} {extra.en}"
    return Territory(
        key=key,
        title=Bi(it_name, en_name),
        slug=Bi(slug_it, slug_en),
        kind="city",
        region=region,
        istat_code=istat,
        latitude=lat,
        longitude=lon,
        description=Bi(it, en),
        part_of=part_of or region.replace("_", "-"),
    )


_CASE_STUDY_NOTE = Bi(
    "Il report finale del progetto ne presenta un caso studio curato da Percorsi di secondo "
    "welfare.",
    "The project's final report presents a case study on it, edited by Percorsi di secondo "
    "welfare.",
)

TERRITORIES = [
    # Regions
    Territory(
        key="lombardia",
        title=Bi("Lombardia", "Lombardy"),
        slug=Bi("lombardia", "lombardy"),
        kind="region",
        region="lombardia",
        istat_code="03",
        latitude=45.6200,
        longitude=9.8500,
        description=Bi(
            "Insieme alle province piemontesi di Novara e del Verbano-Cusio-Ossola, è il "
            "territorio dei 37 progetti sostenuti da Welfare in Azione tra il 2015 e il 2018. Qui "
            "si trovano anche Bergamo, Como, Mantova e Monza, presenti in WILL.",
            "Together with the Piedmont provinces of Novara and Verbano-Cusio-Ossola, it is the "
            "area of the 37 projects supported by Welfare in Azione between 2015 and 2018. It is "
            "also home to Bergamo, Como, Mantua and Monza, which feature in WILL.",
        ),
    ),
    Territory(
        key="piemonte",
        title=Bi("Piemonte", "Piedmont"),
        slug=Bi("piemonte", "piedmont"),
        kind="region",
        region="piemonte",
        istat_code="01",
        latitude=45.0500,
        longitude=7.9200,
        description=Bi(
            "È presente sul sito con le province di Novara e del Verbano-Cusio-Ossola, dove "
            "Welfare in Azione ha sostenuto progetti accanto a quelli lombardi. La città di "
            "Novara ha preso parte anche a WILL.",
            "It appears on the site through the provinces of Novara and Verbano-Cusio-Ossola, "
            "where Welfare in Azione supported projects alongside those in Lombardy. The city of "
            "Novara also took part in WILL.",
        ),
    ),
    Territory(
        key="emilia-romagna",
        title=Bi("Emilia-Romagna", "Emilia-Romagna"),
        slug=Bi("emilia-romagna", "emilia-romagna"),
        kind="region",
        region="emilia_romagna",
        istat_code="08",
        latitude=44.5200,
        longitude=11.0300,
        description=Bi(
            "Regione di Parma, Ravenna e Reggio Emilia, tre delle dieci città che hanno avviato "
            "WILL nel 2019.",
            "Region of Parma, Ravenna and Reggio Emilia, three of the ten cities that launched "
            "WILL in 2019.",
        ),
    ),
    Territory(
        key="veneto",
        title=Bi("Veneto", "Veneto"),
        slug=Bi("veneto", "veneto"),
        kind="region",
        region="veneto",
        istat_code="05",
        latitude=45.6500,
        longitude=11.8500,
        description=Bi(
            "Regione di Padova, Rovigo e Verona, che hanno partecipato a WILL fin dall'avvio nel "
            "2019.",
            "Region of Padua, Rovigo and Verona, which have taken part in WILL since its start in "
            "2019.",
        ),
    ),
    # Provinces
    Territory(
        key="cremona",
        title=Bi("Provincia di Cremona", "Province of Cremona"),
        slug=Bi("provincia-di-cremona", "province-of-cremona"),
        kind="province",
        region="lombardia",
        istat_code="019",
        latitude=45.1333,
        longitude=10.0227,
        description=Bi(
            "È il territorio di Wel(l)FARE legami, il progetto sostenuto dal bando Welfare in "
            "Azione 2014 che si rivolge a tutti i 115 comuni della provincia.",
            "It is the area of Wel(l)FARE legami, the project supported by the 2014 Welfare in "
            "Azione call that reaches all 115 municipalities of the province.",
        ),
        population=362000,
        population_year=None,
        population_source=Bi(
            "Pagina del progetto Wel(l)FARE legami", "Wel(l)FARE legami project page"
        ),
        part_of="lombardia",
        alternative_names=("Cremona",),
    ),
    Territory(
        key="novara-provincia",
        title=Bi("Provincia di Novara", "Province of Novara"),
        slug=Bi("provincia-di-novara", "province-of-novara"),
        kind="province",
        region="piemonte",
        istat_code="003",
        latitude=45.4469,
        longitude=8.6220,
        description=Bi(
            "Una delle due province piemontesi in cui Welfare in Azione ha sostenuto progetti, "
            "accanto alla Lombardia. Il capoluogo ha aderito anche a WILL.",
            "One of the two Piedmont provinces where Welfare in Azione supported projects, "
            "alongside Lombardy. Its main city also joined WILL.",
        ),
        part_of="piemonte",
    ),
    Territory(
        key="verbano-cusio-ossola",
        title=Bi("Verbano-Cusio-Ossola", "Verbano-Cusio-Ossola"),
        slug=Bi("verbano-cusio-ossola", "verbano-cusio-ossola"),
        kind="province",
        region="piemonte",
        istat_code="103",
        latitude=45.9219,
        longitude=8.5519,
        description=Bi(
            "Provincia piemontese che, con quella di Novara, rientra nell'area di Welfare in "
            "Azione insieme alla Lombardia.",
            "A Piedmont province that, with the province of Novara, falls within the area of "
            "Welfare in Azione together with Lombardy.",
        ),
        part_of="piemonte",
    ),
    Territory(
        key="lecco",
        title=Bi("Lecco", "Lecco"),
        slug=Bi("lecco", "lecco"),
        kind="province",
        region="lombardia",
        istat_code="097",
        latitude=45.8566,
        longitude=9.3977,
        description=Bi(
            "Territorio di Living Land, progetto di Welfare in Azione che coinvolge le famiglie "
            "nella costruzione del proprio futuro.",
            "Home of Living Land, a Welfare in Azione project that involves families in building "
            "their own future.",
        ),
        part_of="lombardia",
    ),
    # Local areas
    Territory(
        key="cremasco",
        title=Bi("Cremasco", "Crema area"),
        slug=Bi("cremasco", "crema-area"),
        kind="district",
        region="lombardia",
        istat_code="",
        latitude=45.3628,
        longitude=9.6856,
        description=Bi(
            "L'area attorno a Crema partecipa a Wel(l)FARE legami con il Comune di Crema e la "
            "Comunità sociale Cremasca.",
            "The area around Crema takes part in Wel(l)FARE legami through the Municipality of "
            "Crema and Comunità sociale Cremasca.",
        ),
        part_of="cremona",
        alternative_names=("Crema",),
    ),
    Territory(
        key="casalasco",
        title=Bi("Casalasco", "Casalasco area"),
        slug=Bi("casalasco", "casalasco-area"),
        kind="district",
        region="lombardia",
        istat_code="",
        latitude=44.9886,
        longitude=10.4172,
        description=Bi(
            "Area della provincia di Cremona presente nella rete di Wel(l)FARE legami con il "
            "Consorzio Casalasco dei Servizi Sociali.",
            "An area of the province of Cremona represented in the Wel(l)FARE legami network by "
            "the Consorzio Casalasco dei Servizi Sociali.",
        ),
        part_of="cremona",
    ),
    Territory(
        key="rhodense",
        title=Bi("Rhodense", "Rho area"),
        slug=Bi("rhodense", "rho-area"),
        kind="district",
        region="lombardia",
        istat_code="",
        latitude=45.5283,
        longitude=9.0403,
        description=Bi(
            "Area di Rho in cui il progetto #Oltreperimetri, sostenuto da Welfare in Azione, "
            "punta a rigenerare il capitale sociale.",
            "The Rho area, where the #Oltreperimetri project, supported by Welfare in Azione, "
            "aims to regenerate social capital.",
        ),
        part_of="lombardia",
        alternative_names=("Rho",),
    ),
    Territory(
        key="lodigiano",
        title=Bi("Lodigiano", "Lodi area"),
        slug=Bi("lodigiano", "lodi-area"),
        kind="district",
        region="lombardia",
        istat_code="",
        latitude=45.3142,
        longitude=9.5031,
        description=Bi(
            "Area di Lodi in cui un progetto di Welfare in Azione lavora su casa, lavoro e cibo "
            "per generare valore sociale.",
            "The Lodi area, where a Welfare in Azione project works on housing, jobs and food to "
            "generate social value.",
        ),
        part_of="lombardia",
        alternative_names=("Lodi",),
    ),
    Territory(
        key="magentino",
        title=Bi("Magentino", "Magenta area"),
        slug=Bi("magentino", "magenta-area"),
        kind="district",
        region="lombardia",
        istat_code="",
        latitude=45.4646,
        longitude=8.8848,
        description=Bi(
            "Area di Magenta, sede del progetto Comunità possibile di Welfare in Azione, che "
            "punta a collegare tra loro le reti del territorio.",
            "The Magenta area, home of the Welfare in Azione project Comunità possibile, which "
            "aims to link the local networks with one another.",
        ),
        part_of="lombardia",
        alternative_names=("Magenta",),
    ),
    Territory(
        key="valtellina",
        title=Bi("Valtellina", "Valtellina"),
        slug=Bi("valtellina", "valtellina"),
        kind="district",
        region="lombardia",
        istat_code="",
        latitude=46.1699,
        longitude=9.8782,
        description=Bi(
            "Valle della provincia di Sondrio in cui il progetto Più Comunità, di Welfare in "
            "Azione, affronta la povertà puntando su condivisione e crescita.",
            "A valley in the province of Sondrio where the Welfare in Azione project Più Comunità "
            "tackles poverty through sharing and growth.",
        ),
        part_of="lombardia",
    ),
    # Cities
    Territory(
        key="milano",
        title=Bi("Milano", "Milan"),
        slug=Bi("milano", "milan"),
        kind="city",
        region="lombardia",
        istat_code="015146",
        latitude=45.4642,
        longitude=9.1900,
        description=Bi(
            "Città del progetto Welfare per tutti, sostenuto da Welfare in Azione, che ripensa "
            "l'assistenza a domicilio.",
            "City of the Welfare per tutti project, supported by Welfare in Azione, which "
            "rethinks home care.",
        ),
        part_of="lombardia",
    ),
    _will_city(
        "bergamo",
        "Bergamo",
        "Bergamo",
        "bergamo",
        "bergamo",
        "lombardia",
        "016024",
        45.6983,
        9.6773,
    ),
    _will_city(
        "como",
        "Como",
        "Como",
        "como",
        "como",
        "lombardia",
        "013075",
        45.8081,
        9.0852,
        _CASE_STUDY_NOTE,
    ),
    _will_city(
        "mantova",
        "Mantova",
        "Mantua",
        "mantova",
        "mantua",
        "lombardia",
        "020030",
        45.1564,
        10.7914,
    ),
    Territory(
        key="monza",
        title=Bi("Monza", "Monza"),
        slug=Bi("monza", "monza"),
        kind="city",
        region="lombardia",
        istat_code="108033",
        latitude=45.5845,
        longitude=9.2744,
        description=Bi(
            "Città presente nel report finale di WILL con un caso studio curato da Percorsi di "
            "secondo welfare.",
            "A city featured in WILL's final report with a case study edited by Percorsi di "
            "secondo welfare.",
        ),
        part_of="lombardia",
    ),
    _will_city(
        "parma",
        "Parma",
        "Parma",
        "parma",
        "parma",
        "emilia_romagna",
        "034027",
        44.8015,
        10.3279,
    ),
    _will_city(
        "ravenna",
        "Ravenna",
        "Ravenna",
        "ravenna",
        "ravenna",
        "emilia_romagna",
        "039014",
        44.4184,
        12.2035,
    ),
    _will_city(
        "reggio-emilia",
        "Reggio Emilia",
        "Reggio Emilia",
        "reggio-emilia",
        "reggio-emilia",
        "emilia_romagna",
        "035033",
        44.6983,
        10.6312,
    ),
    _will_city(
        "padova",
        "Padova",
        "Padua",
        "padova",
        "padua",
        "veneto",
        "028060",
        45.4064,
        11.8768,
    ),
    _will_city(
        "rovigo",
        "Rovigo",
        "Rovigo",
        "rovigo",
        "rovigo",
        "veneto",
        "029041",
        45.0707,
        11.7904,
        _CASE_STUDY_NOTE,
    ),
    _will_city(
        "verona",
        "Verona",
        "Verona",
        "verona",
        "verona",
        "veneto",
        "023091",
        45.4384,
        10.9916,
    ),
    _will_city(
        "novara-citta",
        "Novara",
        "Novara",
        "novara",
        "novara",
        "piemonte",
        "003106",
        45.4469,
        8.6220,
        Bi(
            "La sua provincia è tra i territori di Welfare in Azione.",
            "Its province is among the areas of Welfare in Azione.",
        ),
        part_of="novara-provincia",
    ),
]

# ---------------------------------------------------------------------------
# Key figures (shared between programmes and stories)
# ---------------------------------------------------------------------------

_SRC_LEGACY = Bi(
    "Lombardia Sociale, ricerca sull'eredità dei progetti Welfare in Azione",
    "Lombardia Sociale, research on the legacy of the Welfare in Azione projects",
)
_SRC_CALL_2016 = Bi(
    "Fondazione Cariplo, Welfare in Azione, III edizione del bando",
    "Fondazione Cariplo, Welfare in Azione, third call",
)
_SRC_WILL_REPORT = Bi(
    "IFEL-ANCI, Welfare Innovation Local Lab. La sperimentazione di un nuovo modello di welfare "
    "locale",
    "IFEL-ANCI, Welfare Innovation Local Lab final report (2024, in Italian)",
)

FIG_PROJECTS_37 = KeyFigure(
    label=Bi("Progetti sostenuti tra il 2015 e il 2018", "Projects supported, 2015-2018"),
    value="37",
    unit="projects",
    date="2018-12-31",
    source_name=_SRC_LEGACY,
    source_report="legacy-research",
)
FIG_TOTAL_36_5M = KeyFigure(
    label=Bi("Contributo complessivo del programma", "Total programme funding"),
    value="36500000",
    unit="eur",
    date="2018-12-31",
    source_name=_SRC_LEGACY,
    source_report="legacy-research",
)
FIG_IDEAS_115 = KeyFigure(
    label=Bi(
        "Idee progettuali ricevute nelle prime due edizioni",
        "Project ideas received in the first two editions",
    ),
    value="115",
    unit="ideas",
    date="2016-04-28",
    source_name=_SRC_CALL_2016,
)
FIG_PROJECTS_18 = KeyFigure(
    label=Bi(
        "Progetti attivati nelle prime due edizioni",
        "Projects launched in the first two editions",
    ),
    value="18",
    unit="projects",
    date="2016-04-28",
    source_name=_SRC_CALL_2016,
)
FIG_GRANT_19M = KeyFigure(
    label=Bi(
        "Contributo della Fondazione nelle prime due edizioni",
        "Foundation funding in the first two editions",
    ),
    value="19000000",
    unit="eur",
    date="2016-04-28",
    source_name=_SRC_CALL_2016,
)
FIG_LOCAL_45M = KeyFigure(
    label=Bi(
        "Risorse complessive aggregate sui territori (prime due edizioni)",
        "Total resources pooled locally (first two editions)",
    ),
    value="45000000",
    unit="eur",
    date="2016-04-28",
    source_name=_SRC_CALL_2016,
)
FIG_EDITION3_10M = KeyFigure(
    label=Bi("Budget della terza edizione (2016)", "Budget of the third edition (2016)"),
    value="10000000",
    unit="eur",
    date="2016-04-28",
    source_name=_SRC_CALL_2016,
)

FIG_LEGAMI_GRANT = KeyFigure(
    label=Bi("Contributo ottenuto dal bando (circa)", "Funding won from the call (approx.)"),
    value="1500000",
    unit="eur",
    date="2014-12-31",
    source_name=Bi("Bando Welfare in Azione 2014", "Welfare in Azione call, 2014"),
    approximate=True,
)
FIG_LEGAMI_MUNICIPALITIES = KeyFigure(
    label=Bi("Comuni della provincia coinvolti", "Municipalities of the province involved"),
    value="115",
    unit="municipalities",
    date="2014-12-31",
    source_name=Bi("Pagina del progetto Wel(l)FARE legami", "Wel(l)FARE legami project page"),
)
FIG_LEGAMI_INHABITANTS = KeyFigure(
    label=Bi("Abitanti interessati (circa)", "Inhabitants concerned (approx.)"),
    value="362000",
    unit="inhabitants",
    date="2014-12-31",
    source_name=Bi("Pagina del progetto Wel(l)FARE legami", "Wel(l)FARE legami project page"),
)

FIG_WILL_CITIES = KeyFigure(
    label=Bi("Città all'avvio del progetto", "Cities at the start of the project"),
    value="10",
    unit="cities",
    date="2019-10-01",
    source_name=_SRC_WILL_REPORT,
    source_report="will-final-report",
)
FIG_WILL_YEARS = KeyFigure(
    label=Bi("Durata prevista", "Planned duration"),
    value="5",
    unit="years",
    date="2019-10-01",
    source_name=_SRC_WILL_REPORT,
    source_report="will-final-report",
)
FIG_WILL_LINES = KeyFigure(
    label=Bi("Linee di innovazione", "Lines of innovation"),
    value="3",
    unit="none",
    date="2019-10-01",
    source_name=_SRC_WILL_REPORT,
    source_report="will-final-report",
)
FIG_WILL_CASES = KeyFigure(
    label=Bi(
        "Casi studio curati da Percorsi di secondo welfare",
        "Case studies edited by Percorsi di secondo welfare",
    ),
    value="3",
    unit="none",
    date="2024-11-28",
    source_name=_SRC_WILL_REPORT,
    source_report="will-final-report",
)
FIG_WILL_CHAPTERS = KeyFigure(
    label=Bi("Capitoli del report finale", "Chapters of the final report"),
    value="4",
    unit="none",
    date="2024-11-28",
    source_name=_SRC_WILL_REPORT,
    source_report="will-final-report",
)

# ---------------------------------------------------------------------------
# Programmes
# ---------------------------------------------------------------------------

PROGRAMMES = [
    Programme(
        key="welfare-in-azione",
        title=Bi("Welfare in Azione", "Welfare in Azione"),
        slug=Bi("welfare-in-azione", "welfare-in-azione"),
        stories_intro=Bi(
            "I progetti nati dai bandi di Fondazione Cariplo, raccontati dalle reti che li hanno "
            "costruiti nei loro territori.",
            "The projects born from Fondazione Cariplo's calls, told by the networks that built "
            "them in their own territories.",
        ),
        promoter="fondazione-cariplo",
        start_year=2014,
        end_year=2018,
        summary=Bi(
            "Il programma con cui Fondazione Cariplo, a partire dal 2014, ha sostenuto "
            "sperimentazioni di welfare comunitario in Lombardia e nelle province di Novara e del "
            "Verbano-Cusio-Ossola.",
            "The programme through which Fondazione Cariplo, from 2014 onwards, supported "
            "community welfare experiments in Lombardy and in the provinces of Novara and "
            "Verbano-Cusio-Ossola.",
        ),
        description=[
            Bi(
                "Welfare in Azione nasce nel 2014 per iniziativa di Fondazione Cariplo. L'idea di "
                "fondo è dare ai territori l'occasione di sperimentare in modo strutturato un "
                "welfare diverso: ripensare come funzionano i servizi locali, progettarli di "
                "nuovo e rinnovarli insieme alla comunità.",
                "Welfare in Azione was born in 2014 on the initiative of Fondazione Cariplo. The "
                "underlying idea is to give territories the chance to test a different kind of "
                "welfare in a structured way: rethinking how local services work, redesigning "
                "them and renewing them together with the community.",
            ),
            Bi(
                "Il programma si è articolato in quattro edizioni di bando, rivolte a reti di "
                "soggetti pubblici e privati. Tra il 2015 e il 2018 ha sostenuto 37 progetti in "
                "Lombardia e nelle province piemontesi di Novara e del Verbano-Cusio-Ossola, con "
                "36,5 milioni di euro complessivi e con servizi di accompagnamento per le reti.",
                "The programme ran through four calls for proposals, addressed to networks of "
                "public and private organisations. Between 2015 and 2018 it supported 37 projects "
                "in Lombardy and in the Piedmont provinces of Novara and Verbano-Cusio-Ossola, "
                "with 36.5 million euro in total and with support services for the networks.",
            ),
            Bi(
                "Nelle prime due edizioni la Fondazione ha ricevuto 115 idee progettuali: 30 "
                "hanno superato una prima selezione e 18 sono diventate progetti. I 19 milioni di "
                "euro stanziati hanno attirato altre risorse sui territori, fino a un valore "
                "complessivo di 45 milioni. La terza edizione, nel 2016, disponeva di 10 milioni "
                "di euro.",
                "In the first two editions the foundation received 115 project ideas: 30 passed a "
                "first selection and 18 became projects. The 19 million euro it allocated "
                "attracted further resources locally, up to a total value of 45 million. The "
                "third edition, in 2016, had 10 million euro available.",
            ),
            Bi(
                "Il programma fa parte di un impegno più ampio della Fondazione, il progetto "
                "Welfare di Comunità e Innovazione sociale. Oltre al finanziamento, questo "
                "prevede il monitoraggio degli interventi, una comunità di pratica in cui le reti "
                "si confrontano e il racconto di ciò che cambia nei singoli territori.",
                "The programme is part of a wider commitment of the foundation, the Welfare di "
                "Comunità e Innovazione sociale project. Besides funding, it includes monitoring "
                "of the interventions, a community of practice where the networks compare notes, "
                "and an account of what is changing in each territory.",
            ),
        ],
        editions=[
            # The source gives the first two editions' figures together.
            Edition(
                number=1,
                year=2014,
                budget_eur=19000000,
                ideas_received=115,
                ideas_shortlisted=30,
                projects_funded=18,
                local_resources_eur=45000000,
                figures_through_edition=2,
                source_name=_SRC_CALL_2016,
            ),
            Edition(number=2, source_name=Bi("Welfare in Azione", "Welfare in Azione")),
            Edition(
                number=3,
                year=2016,
                budget_eur=10000000,
                call_deadline="2016-04-28T18:00",
                source_name=_SRC_CALL_2016,
            ),
            Edition(number=4, source_name=Bi("Welfare in Azione", "Welfare in Azione")),
        ],
        key_figures=[
            FIG_PROJECTS_37,
            FIG_TOTAL_36_5M,
            FIG_IDEAS_115,
            FIG_PROJECTS_18,
            FIG_GRANT_19M,
            FIG_LOCAL_45M,
        ],
    ),
    Programme(
        key="will",
        title=Bi("WILL – Welfare Innovation Local Lab", "WILL – Welfare Innovation Local Lab"),
        slug=Bi("will", "will"),
        stories_intro=Bi(
            "Le esperienze delle città che hanno partecipato al laboratorio coordinato da "
            "IFEL-ANCI.",
            "The experiences of the cities that took part in the lab coordinated by IFEL-ANCI.",
        ),
        promoter="ifel-anci",
        start_year=2019,
        end_year=2024,
        summary=Bi(
            "Il laboratorio con cui, dal 2019 al 2024, un gruppo di città italiane coordinato da "
            "IFEL-ANCI ha sperimentato nuovi modelli di welfare locale.",
            "The lab through which, from 2019 to 2024, a group of Italian cities coordinated by "
            "IFEL-ANCI tested new models of local welfare.",
        ),
        description=[
            Bi(
                "WILL, Welfare Innovation Local Lab, è partito nell'autunno 2019 con dieci città: "
                "Bergamo, Como, Mantova, Parma, Ravenna, Reggio Emilia, Padova, Rovigo, Verona e "
                "Novara. Il coordinamento è di IFEL-ANCI; la supervisione scientifica è affidata "
                "a Cergas/SDA Bocconi, all'Università degli Studi di Milano con Percorsi di "
                "secondo welfare e all'Università Cattolica. Forum Terzo Settore e KPMG "
                "sostengono il lavoro.",
                "WILL, Welfare Innovation Local Lab, started in autumn 2019 with ten cities: "
                "Bergamo, Como, Mantua, Parma, Ravenna, Reggio Emilia, Padua, Rovigo, Verona and "
                "Novara. It is coordinated by IFEL-ANCI; scientific supervision is entrusted to "
                "Cergas/SDA Bocconi, to the University of Milan with Percorsi di secondo welfare "
                "and to Università Cattolica. Forum Terzo Settore and KPMG support the work.",
            ),
            Bi(
                "Il progetto è stato pensato su cinque anni, per seguire tutte le fasi del "
                "cambiamento. Prima si mappano i problemi sociali e la distanza tra i bisogni e i "
                "servizi esistenti; poi si progettano modelli di intervento sperimentali; infine "
                "li si attua, li si monitora, li si valuta e si diffondono quelli che funzionano.",
                "The project was planned over five years, so as to follow every stage of change. "
                "First, social problems and the gap between needs and existing services are "
                "mapped; then experimental models of intervention are designed; finally they are "
                "implemented, monitored and evaluated, and those that work are spread.",
            ),
            Bi(
                "Le sperimentazioni seguono tre linee di innovazione. La prima riguarda "
                "piattaforme multicanale di ricomposizione sociale, luoghi fisici o virtuali dove "
                "le persone si incontrano e si aiutano. La seconda mette in contatto una domanda "
                "aggregata con un'offerta professionale, ad esempio con servizi condivisi come "
                "ripetizioni, babysitter o assistenti familiari. La terza orienta bandi e appalti "
                "pubblici verso la co-progettazione e verso compensi legati ai risultati sociali.",
                "The experiments follow three lines of innovation. The first concerns "
                "multichannel platforms for social recomposition, physical or virtual places "
                "where people meet and help one another. The second connects aggregated demand "
                "with professional supply, for example through shared services such as tutoring, "
                "babysitting or home carers. The third steers public calls and tenders towards "
                "co-design and towards payments linked to social results.",
            ),
            Bi(
                "Le città hanno percorso le stesse tappe in parallelo, adattandole alle proprie "
                "specificità, e il Terzo Settore ha partecipato come co-protagonista in dialogo "
                "con le amministrazioni. Il percorso si è chiuso con l'evento finale e il report "
                "presentati il 28 novembre 2024.",
                "The cities went through the same steps in parallel, adapting them to their own "
                "circumstances, and the Third Sector took part as a co-lead in dialogue with the "
                "local authorities. The journey ended with the final event and the report "
                "presented on 28 November 2024.",
            ),
        ],
        editions=[],
        key_figures=[FIG_WILL_CITIES, FIG_WILL_YEARS],
    ),
]

# ---------------------------------------------------------------------------
# Images (drawn by the demo image generator)
# ---------------------------------------------------------------------------

IMAGES = [
    Image("hero-wellfare-legami", "Wel(l)FARE legami, rete di legami", "network", 1401),
    Image("hero-legacy-research", "Eredità di Welfare in Azione", "bars", 1502),
    Image("hero-community-fundraising", "Fundraising di comunità", "circles", 1603),
    Image("hero-will", "WILL, città in rete", "map", 1904),
    Image("hero-will-case-studies", "Casi studio di WILL", "blocks", 2405),
    Image("body-legami-action-lines", "Le cinque linee d'azione", "blocks", 1406),
    Image("body-families-of-change", "Quattro famiglie di cambiamento", "circles", 1807),
    Image("body-will-cities", "Le città di WILL", "map", 1908),
]

# ---------------------------------------------------------------------------
# Shared texts for stories
# ---------------------------------------------------------------------------

_FROM_EDITORS = Bi("Dalla redazione", "From the editors")
_CREDIT = "Illustrazione generata per il sito"

# ---------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------

# Bylines: the site's own desk, and the research teams of the organisations that studied
# the projects. No person is named.
AUTHORS = [
    Author(
        "redazione", Bi("Redazione di Storie di welfare", "Welfare stories editorial team"), "team"
    ),
    Author(
        "ricerca-lombardia-sociale",
        Bi("Gruppo di ricerca", "Research team"),
        "team",
        organisation="lombardia-sociale",
    ),
    Author(
        "ricerca-secondo-welfare",
        Bi("Gruppo di ricerca", "Research team"),
        "team",
        organisation="secondo-welfare",
    ),
]

# Results over time of the Welfare in Azione programme, as its sources count them: nothing
# before the first call (2014), the first two editions (counted in the 2016 call), and the
# whole programme (2015-2018).
INDICATORS_WELFARE_IN_AZIONE = [
    Indicator(
        name=Bi("Progetti sostenuti dal programma", "Projects supported by the programme"),
        unit="projects",
        baseline=("0", "2014-12-31"),
        values=[
            IndicatorValue("2016-04-28", "18", _SRC_CALL_2016, "https://www.fondazionecariplo.it/"),
            IndicatorValue("2018-12-31", "37", _SRC_LEGACY),
        ],
    ),
    Indicator(
        name=Bi(
            "Contributi di Fondazione Cariplo, in totale",
            "Fondazione Cariplo's grants, running total",
        ),
        unit="eur",
        baseline=("0", "2014-12-31"),
        values=[
            IndicatorValue(
                "2016-04-28", "19000000", _SRC_CALL_2016, "https://www.fondazionecariplo.it/"
            ),
            IndicatorValue("2018-12-31", "36500000", _SRC_LEGACY),
        ],
    ),
]

STORIES = [
    # -- Wel(l)FARE legami -------------------------------------------------
    Story(
        key="wellfare-legami",
        title=Bi(
            "Wel(l)FARE legami: nel Cremonese il welfare riparte dalle relazioni",
            "Wel(l)FARE legami: around Cremona, welfare starts again from relationships",
        ),
        slug=Bi(
            "wellfare-legami-provincia-di-cremona",
            "wellfare-legami-province-of-cremona",
        ),
        programme="welfare-in-azione",
        edition=1,
        start_year=None,
        end_year=None,
        territories=["cremona", "cremasco", "casalasco"],
        lead_partner="comune-cremona",
        partners=[
            Partner(
                "comune-crema",
                Bi(
                    "Comune partner per l'area cremasca",
                    "Partner municipality for the Crema area",
                ),
            ),
            Partner(
                "provincia-cremona",
                Bi(
                    "Ente provinciale, partner della rete",
                    "Provincial authority, member of the network",
                ),
            ),
            Partner(
                "camera-commercio-cremona",
                Bi(
                    "Porta nella rete il mondo delle imprese",
                    "Brings the business world into the network",
                ),
            ),
            Partner(
                "azienda-sociale-cremonese",
                Bi(
                    "Ente dei servizi sociali per l'area cremonese",
                    "Social services body for the Cremona area",
                ),
            ),
            Partner(
                "comunita-sociale-cremasca",
                Bi(
                    "Ente dei servizi sociali per l'area cremasca",
                    "Social services body for the Crema area",
                ),
            ),
            Partner(
                "consorzio-casalasco-servizi-sociali",
                Bi(
                    "Consorzio dei servizi sociali del Casalasco",
                    "Social services consortium for the Casalasco area",
                ),
            ),
            Partner(
                "fondazione-comunitaria-cremona",
                Bi(
                    "Fondazione di comunità del territorio provinciale",
                    "Community foundation for the province",
                ),
            ),
            Partner(
                "csv-cremona",
                Bi("Centro di servizio per il volontariato", "Volunteer service centre"),
            ),
            Partner(
                "confcooperative-cremona",
                Bi(
                    "Rappresenta nella rete il mondo cooperativo",
                    "Represents the cooperative movement in the network",
                ),
            ),
            Partner(
                "legacoop-cremona",
                Bi(
                    "Associazione di rappresentanza delle cooperative",
                    "Association representing cooperatives",
                ),
            ),
            Partner(
                "solco-cremona",
                Bi(
                    "Consorzio partner dal mondo della cooperazione sociale",
                    "Partner consortium from the social cooperative sector",
                ),
            ),
            Partner(
                "consorzio-arcobaleno",
                Bi("Consorzio partner della rete", "Partner consortium in the network"),
            ),
        ],
        hashtags=["comunita", "innovazione", "partnership", "risorse"],
        summary=Bi(
            "Un progetto esteso a tutta la provincia di Cremona, sostenuto dal bando Welfare in "
            "Azione 2014, che punta sulle capacità delle persone e sulla reciprocità tra chi "
            "riceve aiuto e la comunità.",
            "A project covering the whole province of Cremona, supported by the 2014 Welfare in "
            "Azione call, that builds on people's abilities and on reciprocity between those who "
            "receive help and the community.",
        ),
        hero_image="hero-wellfare-legami",
        hero_alt=Bi(
            "Illustrazione astratta: punti colorati uniti da linee, come una rete di relazioni",
            "Abstract illustration: coloured dots joined by lines, like a network of relationships",
        ),
        action_lines=[
            ActionLine(
                Bi("Patti gener-attivi", "Gener-active pacts"),
                Bi(
                    "Accordi tra la persona sostenuta e gli attori sociali, fondati sulla "
                    "reciprocità: chi riceve un aiuto restituisce qualcosa alla comunità. I patti "
                    "prevedono budget di welfare personali, destinati soltanto ad attivare le "
                    "persone e a favorirne l'inclusione.",
                    "Agreements between the person being supported and social actors, based on "
                    "reciprocity: whoever receives help gives something back to the community. "
                    "The pacts include personal welfare budgets, used only to activate people and "
                    "foster their inclusion.",
                ),
            ),
            ActionLine(
                Bi("Laboratori di Comunità", "Community labs"),
                Bi(
                    "Spazi di incontro organizzati per contesto di vita, come il quartiere, il "
                    "paese o il luogo di lavoro. Le persone leggono insieme i problemi, ascoltano "
                    "i bisogni e progettano gli interventi.",
                    "Meeting spaces organised around where people live their lives, such as the "
                    "neighbourhood, the town or the workplace. People look at problems together, "
                    "listen to needs and design the response.",
                ),
            ),
            ActionLine(
                Bi(
                    "Incroci di Comunità (Civic Center)",
                    "Community crossroads (Civic Centers)",
                ),
                Bi(
                    "Attività doposcuola, culturali e di socialità in scuole, oratori e altri "
                    "luoghi di incontro. L'obiettivo è far incontrare bisogni diversi e cercare "
                    "insieme le risposte.",
                    "After-school, cultural and social activities in schools, parish halls and "
                    "other meeting places. The aim is to bring different needs together and look "
                    "for answers jointly.",
                ),
            ),
            ActionLine(
                Bi("Well-Fare Lab", "Well-Fare Lab"),
                Bi(
                    "Percorsi di formazione tra pari per amministratori, operatori e volontari, "
                    "per aggiornare in modo continuo la conoscenza delle fragilità e delle "
                    "culture professionali del welfare locale.",
                    "Peer training for policy makers, professionals and volunteers, to keep their "
                    "knowledge of vulnerability and of the professional cultures of local welfare "
                    "continuously up to date.",
                ),
            ),
            ActionLine(
                Bi("Raccolta fondi e comunicazione", "Fundraising and communication"),
                Bi(
                    "Piani di raccolta fondi rivolti alla comunità e campagne per far conoscere "
                    "il progetto.",
                    "Fundraising plans aimed at the community and campaigns to make the project "
                    "known.",
                ),
            ),
        ],
        funding=FIG_LEGAMI_GRANT,
        key_figures=[FIG_LEGAMI_MUNICIPALITIES, FIG_LEGAMI_INHABITANTS],
        body=[
            (
                "paragraph",
                [
                    Bi(
                        "Wel(l)FARE legami abbraccia l'intera provincia di Cremona: 115 comuni in "
                        "cui vivono circa 362.000 persone. Il progetto è nato grazie al bando "
                        "Welfare in Azione 2014 di Fondazione Cariplo, da cui la rete promotrice "
                        "ha ottenuto circa 1,5 milioni di euro.",
                        "Wel(l)FARE legami spans the whole province of Cremona: 115 "
                        "municipalities home to about 362,000 people. The project came about "
                        "thanks to Fondazione Cariplo's 2014 Welfare in Azione call, from which "
                        "the promoting network obtained about 1.5 million euro.",
                    ),
                    Bi(
                        "Il punto di partenza è la vulnerabilità. La risposta proposta non si "
                        "ferma all'aiuto materiale: punta soprattutto sulle relazioni, perché "
                        "l'isolamento e la mancanza di una rete di familiari e amici rendono le "
                        "persone più fragili.",
                        "The starting point is vulnerability. The proposed response does not stop "
                        "at material help: above all it focuses on relationships, because "
                        "isolation and the lack of a network of family and friends make people "
                        "more fragile.",
                    ),
                ],
            ),
            (
                "heading",
                Bi(
                    "Dalla domanda individuale alla comunità",
                    "From individual requests to the community",
                ),
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Nel modello tradizionale una persona chiede un servizio e riceve una "
                        "prestazione, quasi sempre su base individuale. Il progetto vuole "
                        "superare questo schema e guardare alla comunità come a un'intelligenza "
                        "collettiva, in grado di riconoscere i problemi, interpretarli e cercare "
                        "strade nuove per affrontarli.",
                        "In the traditional model a person asks for a service and receives a "
                        "benefit, almost always on an individual basis. The project wants to move "
                        "beyond this pattern and to see the community as a collective "
                        "intelligence, able to recognise problems, make sense of them and look "
                        "for new ways to tackle them.",
                    ),
                    Bi(
                        "Per questo la strategia tocca sia gli strumenti con cui il territorio "
                        "programma la spesa sociale, come i piani di zona, sia la cultura "
                        "professionale di chi lavora nei servizi sociali, educativi e per il "
                        "lavoro. L'obiettivo è aiutare le persone a sviluppare capacità di agire, "
                        "così da portare avanti il proprio progetto di vita dentro la comunità.",
                        "This is why the strategy covers both the tools the area uses to plan "
                        "social spending, such as the local zone plans, and the professional "
                        "culture of those working in social, educational and employment services. "
                        "The aim is to help people develop the ability to act, so they can pursue "
                        "their own life plans within the community.",
                    ),
                ],
            ),
            (
                "quote",
                {
                    "text": Bi(
                        "Il cuore del progetto è la reciprocità: l'aiuto ricevuto diventa "
                        "l'occasione per restituire qualcosa alla propria comunità.",
                        "The heart of the project is reciprocity: the help received becomes a "
                        "chance to give something back to one's own community.",
                    ),
                    "attribution": Bi(
                        "Sintesi della redazione dalla descrizione del progetto",
                        "Editors' summary of the project description",
                    ),
                },
            ),
            (
                "image",
                {
                    "image": "body-legami-action-lines",
                    "alt": Bi(
                        "Cinque blocchi colorati affiancati, uno per ogni linea d'azione",
                        "Five coloured blocks side by side, one for each line of action",
                    ),
                    "caption": Bi(
                        "Le cinque linee d'azione di Wel(l)FARE legami.",
                        "The five lines of action of Wel(l)FARE legami.",
                    ),
                    "credit": _CREDIT,
                },
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Il lavoro segue cinque linee. I Patti gener-attivi legano il sostegno a "
                        "un impegno verso la comunità e prevedono budget di welfare personali "
                        "dedicati all'attivazione. I Laboratori di Comunità riuniscono le persone "
                        "là dove vivono o lavorano, per leggere insieme i bisogni e progettare le "
                        "risposte.",
                        "The work follows five lines. The Gener-active pacts link support to a "
                        "commitment towards the community and include personal welfare budgets "
                        "devoted to activation. The Community labs bring people together where "
                        "they live or work, to read needs together and design the responses.",
                    ),
                    Bi(
                        "Gli Incroci di Comunità, detti anche Civic Center, portano attività "
                        "doposcuola, culturali e di socialità in scuole, oratori e altri luoghi "
                        "di incontro. Il Well-Fare Lab offre formazione tra pari ad "
                        "amministratori, operatori e volontari. Infine, piani di raccolta fondi e "
                        "campagne di comunicazione sostengono il progetto e lo fanno conoscere.",
                        "The Community crossroads, also called Civic Centers, bring after-school, "
                        "cultural and social activities to schools, parish halls and other "
                        "meeting places. The Well-Fare Lab offers peer training to policy makers, "
                        "professionals and volunteers. Finally, fundraising plans and "
                        "communication campaigns support the project and make it known.",
                    ),
                    Bi(
                        "L'obiettivo dichiarato è aiutare chi vive una condizione di fragilità a "
                        "uscire dall'isolamento e ad accedere a nuove opportunità, per costruire "
                        "un progetto di vita che sia personale e, insieme, comunitario.",
                        "The stated aim is to help people in a fragile situation break out of "
                        "isolation and gain access to new opportunities, so they can build a life "
                        "plan that is both personal and part of the community.",
                    ),
                ],
            ),
            (
                "callout",
                {
                    "title": Bi("Una rete di tredici partner", "A network of thirteen partners"),
                    "text": Bi(
                        "Il capofila è il Comune di Cremona. Con lui lavorano il Comune di Crema, "
                        "la Provincia e la Camera di Commercio di Cremona, l'Azienda sociale del "
                        "Cremonese, la Comunità sociale Cremasca, il Consorzio Casalasco dei "
                        "Servizi Sociali, la Fondazione Comunitaria, il CSV, Confcooperative, "
                        "Legacoop e i consorzi Sol.co e Arcobaleno.",
                        "The lead partner is the Municipality of Cremona. It works with the "
                        "Municipality of Crema, the Province and the Chamber of Commerce of "
                        "Cremona, Azienda sociale del Cremonese, Comunità sociale Cremasca, "
                        "Consorzio Casalasco dei Servizi Sociali, the community foundation, the "
                        "volunteer service centre, Confcooperative, Legacoop and the Sol.co and "
                        "Arcobaleno consortia.",
                    ),
                },
            ),
            ("related_report", {"report": "legacy-research"}),
        ],
        authors=["redazione"],
        search_description=Bi(
            "Wel(l)FARE legami: il progetto di welfare comunitario che coinvolge i 115 comuni "
            "della provincia di Cremona.",
            "Wel(l)FARE legami: the community welfare project involving the 115 municipalities of "
            "the province of Cremona.",
        ),
    ),
    # -- Legacy research ---------------------------------------------------
    Story(
        key="legacy-research",
        title=Bi(
            "Che cosa resta di Welfare in Azione: una ricerca sull'eredità dei progetti",
            "What Welfare in Azione left behind: research on the projects' legacy",
        ),
        slug=Bi(
            "che-cosa-resta-di-welfare-in-azione",
            "what-welfare-in-azione-left-behind",
        ),
        programme="welfare-in-azione",
        edition=None,
        # The years the programme supported its projects (2015-2018), which the story covers.
        start_year=2015,
        end_year=2018,
        territories=[
            "lombardia",
            "piemonte",
            "novara-provincia",
            "verbano-cusio-ossola",
        ],
        lead_partner="lombardia-sociale",
        partners=[
            Partner(
                "fondazione-cariplo",
                Bi(
                    "Ha commissionato la ricerca e promosso Welfare in Azione",
                    "Commissioned the research and promoted Welfare in Azione",
                ),
            ),
        ],
        hashtags=["partnership", "innovazione"],
        summary=Bi(
            "Fondazione Cariplo ha chiesto a Lombardia Sociale di capire quale segno abbiano "
            "lasciato sui territori i progetti di Welfare in Azione. La ricerca raccoglie i "
            "cambiamenti in quattro grandi famiglie.",
            "Fondazione Cariplo asked Lombardia Sociale to find out what mark the Welfare in "
            "Azione projects left on their territories. The research groups the changes into four "
            "broad families.",
        ),
        hero_image="hero-legacy-research",
        hero_alt=Bi(
            "Illustrazione astratta con barre di altezze diverse",
            "Abstract illustration with bars of different heights",
        ),
        action_lines=[
            ActionLine(
                Bi(
                    "Governance delle politiche territoriali",
                    "Governance of local policies",
                ),
                Bi(
                    "Cambiamenti nel modo in cui i soggetti del territorio decidono e guidano "
                    "insieme le politiche sociali.",
                    "Changes in the way local actors jointly decide on and steer social policies.",
                ),
            ),
            ActionLine(
                Bi(
                    "Innovazione nell'offerta di servizi",
                    "Innovation in the service offer",
                ),
                Bi(
                    "Modifiche rilevanti e soluzioni nuove nel sistema dei servizi offerti alle "
                    "persone.",
                    "Significant changes and new solutions in the system of services offered to "
                    "people.",
                ),
            ),
            ActionLine(
                Bi(
                    "Prospettiva generativa e comunitaria",
                    "A generative, community perspective",
                ),
                Bi(
                    "La comunità diventa una chiave di lettura e una leva d'intervento, che "
                    "consente di raggiungere nuovi destinatari e di attivare i cittadini.",
                    "The community becomes both a lens and a lever for action, making it possible "
                    "to reach new groups and to activate citizens.",
                ),
            ),
            ActionLine(
                Bi("Approccio ricompositivo", "A recompositional approach"),
                Bi(
                    "Strumenti, risorse e strategie vengono ricomposti, collegando fonti diverse "
                    "e politiche locali, regionali e nazionali.",
                    "Tools, resources and strategies are brought back together, connecting "
                    "different sources and local, regional and national policies.",
                ),
            ),
        ],
        key_figures=[FIG_PROJECTS_37, FIG_TOTAL_36_5M],
        body=[
            (
                "paragraph",
                [
                    Bi(
                        "Tra il 2015 e il 2018 Welfare in Azione ha sostenuto 37 progetti in "
                        "Lombardia e nelle province di Novara e del Verbano-Cusio-Ossola, "
                        "mettendo a disposizione 36,5 milioni di euro e servizi di "
                        "accompagnamento. Chiusa questa stagione, Fondazione Cariplo ha voluto "
                        "capire che cosa fosse rimasto sui territori.",
                        "Between 2015 and 2018 Welfare in Azione supported 37 projects in "
                        "Lombardy and in the provinces of Novara and Verbano-Cusio-Ossola, "
                        "providing 36.5 million euro and support services. Once this season was "
                        "over, Fondazione Cariplo wanted to understand what had remained in the "
                        "territories.",
                    ),
                    Bi(
                        "Per questo ha affidato una ricerca a Lombardia Sociale. Lo studio "
                        "osserva due aspetti: gli effetti dei progetti sulla programmazione "
                        "zonale, cioè sul modo in cui gli ambiti pianificano i servizi sociali, e "
                        "la capacità degli interventi di proseguire e di sostenersi nel tempo.",
                        "To this end it commissioned research from Lombardia Sociale. The study "
                        "looks at two aspects: the effects of the projects on zonal social "
                        "planning, that is, on how local districts plan their social services, "
                        "and the ability of the interventions to continue and sustain themselves "
                        "over time.",
                    ),
                    Bi(
                        "I bandi chiedevano ai territori di rivedere le proprie risposte alla "
                        "luce dei nuovi bisogni, innovando servizi, processi e modelli. La strada "
                        "indicata era quella della co-programmazione, della co-progettazione e "
                        "della coproduzione, con risposte flessibili che superassero la logica "
                        "della singola prestazione e con sistemi di governance più solidi, aperti "
                        "anche a nuovi soggetti.",
                        "The calls asked territories to review their responses in the light of "
                        "new needs, innovating services, processes and models. The suggested path "
                        "was co-programming, co-design and co-production, with flexible responses "
                        "that moved beyond the logic of the single service and with stronger "
                        "governance systems, open to new actors as well.",
                    ),
                ],
            ),
            ("heading", Bi("Un prima e un dopo", "A before and an after")),
            (
                "paragraph",
                [
                    Bi(
                        "Il risultato principale si può dire in poche parole: nei territori "
                        "coinvolti esiste un prima e un dopo Welfare in Azione. I progetti hanno "
                        "lasciato un segno, anche se non tutti i cambiamenti hanno la stessa "
                        "forza: accanto a trasformazioni ormai solide ce ne sono altre ancora in "
                        "via di consolidamento.",
                        "The main finding can be put simply: in the territories involved there is "
                        "a before and an after Welfare in Azione. The projects left a mark, even "
                        "though not every change is equally strong: alongside transformations "
                        "that are now solid, others are still taking hold.",
                    ),
                    Bi(
                        "La ricerca si chiede anche quali sfide e quali opportunità attendano ora "
                        "i territori, se vogliono fare di un approccio generativo e comunitario "
                        "l'asse portante delle politiche sociali locali. È una domanda che "
                        "riguarda non solo chi ha promosso i progetti, ma anche i Comuni e gli "
                        "ambiti che programmano i servizi.",
                        "The research also asks which challenges and opportunities now lie ahead "
                        "for the territories, if they want a generative, community-based approach "
                        "to become the backbone of local social policy. It is a question not only "
                        "for those who promoted the projects, but also for the municipalities and "
                        "districts that plan services.",
                    ),
                ],
            ),
            (
                "image",
                {
                    "image": "body-families-of-change",
                    "alt": Bi(
                        "Quattro cerchi colorati di dimensioni diverse",
                        "Four coloured circles of different sizes",
                    ),
                    "caption": Bi(
                        "Le quattro famiglie di cambiamento individuate dalla ricerca.",
                        "The four families of change identified by the research.",
                    ),
                    "credit": _CREDIT,
                },
            ),
            (
                "paragraph",
                [
                    Bi(
                        "I cambiamenti osservati si raccolgono in quattro famiglie. La prima "
                        "riguarda la governance delle politiche territoriali, cioè il modo in cui "
                        "i diversi attori decidono insieme. La seconda tocca l'offerta di "
                        "servizi, con modifiche e innovazioni di rilievo.",
                        "The changes observed fall into four families. The first concerns the "
                        "governance of local policies, that is, the way the different actors make "
                        "decisions together. The second affects the service offer, with "
                        "significant changes and innovations.",
                    ),
                    Bi(
                        "La terza è una prospettiva generativa e comunitaria, che diventa una "
                        "nuova lente per leggere i bisogni e una leva per intervenire, capace di "
                        "raggiungere nuovi destinatari e di attivare i cittadini. La quarta è "
                        "un'ottica ricompositiva, che collega strumenti, risorse e strategie, "
                        "mettendo in relazione fonti diverse e politiche locali, regionali e "
                        "nazionali.",
                        "The third is a generative, community perspective, which becomes a new "
                        "lens for reading needs and a lever for action, able to reach new groups "
                        "and activate citizens. The fourth is a recompositional outlook that "
                        "links tools, resources and strategies, connecting different sources and "
                        "local, regional and national policies.",
                    ),
                ],
            ),
            (
                "quote",
                {
                    "text": Bi(
                        "Il valore di un progetto si misura anche da ciò che resta quando il "
                        "finanziamento finisce.",
                        "A project's value is also measured by what remains when the funding ends.",
                    ),
                    "attribution": _FROM_EDITORS,
                },
            ),
            (
                "callout",
                {
                    "title": Bi("Abstract e report completo", "Abstract and full report"),
                    "text": Bi(
                        "La ricerca è disponibile in due versioni: un abstract che ne riassume i "
                        "contenuti principali e il report integrale. Entrambi si possono "
                        "scaricare dalla pagina della pubblicazione.",
                        "The research comes in two versions: an abstract summarising its main "
                        "content and the full report. Both can be downloaded from the publication "
                        "page.",
                    ),
                },
            ),
            ("related_report", {"report": "legacy-research"}),
        ],
        authors=["ricerca-lombardia-sociale", "redazione"],
        indicators=INDICATORS_WELFARE_IN_AZIONE,
        search_description=Bi(
            "La ricerca di Lombardia Sociale sull'eredità dei 37 progetti di Welfare in Azione: "
            "quattro famiglie di cambiamento.",
            "Lombardia Sociale's research on the legacy of the 37 Welfare in Azione projects: "
            "four families of change.",
        ),
    ),
    # -- Community fundraising ---------------------------------------------
    Story(
        key="community-fundraising",
        title=Bi(
            "Fundraising di comunità: Goodpoint al fianco delle reti di Welfare in Azione",
            "Community fundraising: Goodpoint alongside the Welfare in Azione networks",
        ),
        slug=Bi("fundraising-di-comunita", "community-fundraising"),
        programme="welfare-in-azione",
        edition=None,
        # The years the programme supported its projects (2015-2018), which the story covers.
        start_year=2015,
        end_year=2018,
        territories=["lombardia"],
        lead_partner="goodpoint",
        partners=[
            Partner(
                "fondazione-cariplo",
                Bi(
                    "Promotore di Welfare in Azione, ha coinvolto Goodpoint nel programma",
                    "Promoter of Welfare in Azione, brought Goodpoint into the programme",
                ),
            ),
        ],
        hashtags=["risorse", "comunita"],
        summary=Bi(
            "Nella seconda e nella terza edizione di Welfare in Azione, Goodpoint ha aiutato le "
            "reti dei progetti a pianificare e realizzare azioni di raccolta fondi nella "
            "comunità.",
            "In the second and third editions of Welfare in Azione, Goodpoint helped the project "
            "networks plan and carry out fundraising within the community.",
        ),
        hero_image="hero-community-fundraising",
        hero_alt=Bi(
            "Illustrazione astratta con cerchi che si sovrappongono",
            "Abstract illustration with overlapping circles",
        ),
        action_lines=[
            ActionLine(
                Bi("Stimolare le donazioni", "Encouraging donations"),
                Bi(
                    "Iniziative che invitano cittadini e realtà locali a sostenere i progetti "
                    "anche con un contributo economico.",
                    "Initiatives inviting citizens and local organisations to support the "
                    "projects with a financial contribution as well.",
                ),
            ),
            ActionLine(
                Bi("Promuovere il volontariato", "Promoting volunteering"),
                Bi(
                    "Azioni per avvicinare ai progetti nuove persone disposte a offrire tempo e "
                    "competenze.",
                    "Actions to bring new people to the projects who are willing to offer their "
                    "time and skills.",
                ),
            ),
            ActionLine(
                Bi("Coinvolgere pubblici diversi", "Engaging different audiences"),
                Bi(
                    "Forme di partecipazione diverse, pensate per più gruppi della comunità.",
                    "Different ways of taking part, designed for several groups within the "
                    "community.",
                ),
            ),
        ],
        key_figures=[FIG_GRANT_19M, FIG_LOCAL_45M, FIG_EDITION3_10M],
        body=[
            (
                "paragraph",
                [
                    Bi(
                        "Nel welfare comunitario le risorse non arrivano soltanto dai "
                        "finanziatori. Anche la comunità può fare la sua parte, con donazioni, "
                        "tempo e competenze, e questo contributo rende più stretto il legame tra "
                        "un progetto e il suo territorio.",
                        "In community welfare, resources do not come from funders alone. The "
                        "community can play its part too, with donations, time and skills, and "
                        "this contribution tightens the bond between a project and its area.",
                    ),
                    Bi(
                        "Per la seconda e la terza edizione di Welfare in Azione, Fondazione "
                        "Cariplo ha chiesto a Goodpoint di accompagnare le reti dei progetti. "
                        "L'obiettivo era aiutarle a progettare e a realizzare iniziative di "
                        "community fundraising, cioè di raccolta fondi rivolta alla comunità.",
                        "For the second and third editions of Welfare in Azione, Fondazione "
                        "Cariplo asked Goodpoint to accompany the project networks. The goal was "
                        "to help them design and carry out community fundraising initiatives, "
                        "that is, fundraising aimed at the community.",
                    ),
                    Bi(
                        "L'idea di fondo del programma era costruire il welfare insieme alla "
                        "comunità, coinvolgendo cittadini, aziende e istituzioni. Oltre ai "
                        "contributi economici, la Fondazione offriva alle reti servizi di "
                        "accompagnamento.",
                        "The programme's underlying idea was to build welfare together with the "
                        "community, involving citizens, businesses and institutions. Besides "
                        "funding, the foundation offered the networks support services.",
                    ),
                ],
            ),
            (
                "heading",
                Bi(
                    "Raccogliere fondi, ma non solo",
                    "Raising funds, and more",
                ),
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Il lavoro ha messo al centro il coinvolgimento: stimolare le donazioni, "
                        "promuovere il volontariato e trovare modi di partecipare adatti a "
                        "pubblici diversi. Non si tratta quindi solo di denaro, ma di far sentire "
                        "più persone parte del progetto.",
                        "The work put engagement at its centre: encouraging donations, promoting "
                        "volunteering and finding ways of taking part suited to different "
                        "audiences. So it is not only about money, but about making more people "
                        "feel part of the project.",
                    ),
                    Bi(
                        "Secondo Goodpoint, le reti che emergono da questa esperienza conoscono "
                        "meglio i propri limiti e hanno imparato a riconoscere e valorizzare le "
                        "risorse su cui possono contare. Questa consapevolezza, insieme agli "
                        "strumenti e alle competenze acquisiti, le aiuta ad affrontare gli "
                        "ostacoli del percorso.",
                        "According to Goodpoint, the networks emerging from this experience know "
                        "their own limits better and have learned to recognise and make the most "
                        "of the resources they can count on. This awareness, together with the "
                        "tools and skills they have gained, helps them face the obstacles along "
                        "the way.",
                    ),
                    Bi(
                        "Per il gruppo di lavoro di Goodpoint è stata anche l'occasione di "
                        "partecipare da vicino a progetti di innovazione nati nel quadro del "
                        "welfare comunitario.",
                        "For the Goodpoint team it was also a chance to take part at close range "
                        "in innovation projects born within the framework of community welfare.",
                    ),
                ],
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Già nelle prime due edizioni di Welfare in Azione il contributo della "
                        "Fondazione aveva prodotto un effetto leva: 19 milioni di euro hanno "
                        "permesso di mettere insieme risorse locali per un valore complessivo di "
                        "45 milioni. La terza edizione, nel 2016, ha messo a disposizione altri "
                        "10 milioni. Sono numeri che mostrano come, quando i soggetti di un "
                        "territorio lavorano insieme, le risorse possano sommarsi invece di "
                        "disperdersi.",
                        "Already in the first two editions of Welfare in Azione the foundation's "
                        "funding had a leverage effect: 19 million euro made it possible to pool "
                        "local resources worth 45 million in total. The third edition, in 2016, "
                        "made another 10 million available. These figures show how, when the "
                        "actors of an area work together, resources can add up instead of being "
                        "scattered.",
                    ),
                    Bi(
                        "Le storie dei progetti sono state raccolte dalla Fondazione in un sito "
                        "dedicato: raccontare ciò che accade sui territori è un altro modo per "
                        "avvicinare le persone e farle sentire parte di un cambiamento comune.",
                        "The foundation gathered the projects' stories on a dedicated website: "
                        "telling what happens locally is another way of drawing people in and "
                        "making them feel part of a shared change.",
                    ),
                ],
            ),
            (
                "quote",
                {
                    "text": Bi(
                        "Quando una comunità dona tempo e risorse a un progetto, quel progetto "
                        "diventa un po' anche suo.",
                        "When a community gives time and resources to a project, that project "
                        "becomes partly its own.",
                    ),
                    "attribution": _FROM_EDITORS,
                },
            ),
            (
                "callout",
                {
                    "title": Bi("Il tag #Risorse", "The #Resources tag"),
                    "text": Bi(
                        "Raccolta fondi di comunità, valorizzazione di ciò che il territorio già "
                        "possiede, nuovi fondi e una spesa più attenta: sono gli elementi che il "
                        "programma associa a questa parola chiave.",
                        "Community fundraising, making the most of what the area already has, new "
                        "funds and more careful spending: these are the elements the programme "
                        "links to this keyword.",
                    ),
                },
            ),
            ("related_report", {"report": "legacy-research"}),
        ],
        authors=["redazione"],
        search_description=Bi(
            "Come Goodpoint ha aiutato le reti di Welfare in Azione a raccogliere fondi e "
            "coinvolgere la comunità.",
            "How Goodpoint helped the Welfare in Azione networks raise funds and engage the "
            "community.",
        ),
    ),
    # -- WILL --------------------------------------------------------------
    Story(
        key="will",
        title=Bi(
            "WILL: dieci città alla prova di un nuovo welfare locale",
            "WILL: ten cities put a new model of local welfare to the test",
        ),
        slug=Bi("will-laboratorio-welfare-locale", "will-local-welfare-lab"),
        programme="will",
        edition=None,
        start_year=2019,
        end_year=2024,
        territories=[
            "bergamo",
            "como",
            "mantova",
            "parma",
            "ravenna",
            "reggio-emilia",
            "padova",
            "rovigo",
            "verona",
            "novara-citta",
            "monza",
        ],
        lead_partner="ifel-anci",
        partners=[
            Partner(
                "cergas-bocconi",
                Bi("Supervisione scientifica", "Scientific supervision"),
            ),
            Partner(
                "universita-studi-milano",
                Bi(
                    "Supervisione scientifica, insieme a Percorsi di secondo welfare",
                    "Scientific supervision, together with Percorsi di secondo welfare",
                ),
            ),
            Partner(
                "secondo-welfare",
                Bi(
                    "Coordinamento scientifico e accompagnamento strategico",
                    "Scientific coordination and strategic support",
                ),
            ),
            Partner(
                "universita-cattolica",
                Bi("Supervisione scientifica", "Scientific supervision"),
            ),
            Partner("forum-terzo-settore", Bi("Supporto al progetto", "Project support")),
            Partner("kpmg", Bi("Supporto al progetto", "Project support")),
        ],
        hashtags=["innovazione", "partnership", "comunita"],
        summary=Bi(
            "Dal 2019 al 2024 un gruppo di Comuni coordinato da IFEL-ANCI ha lavorato per "
            "ripensare il welfare locale, con università, Terzo Settore e KPMG al suo fianco.",
            "From 2019 to 2024 a group of municipalities coordinated by IFEL-ANCI worked to "
            "rethink local welfare, with universities, the Third Sector and KPMG at its side.",
        ),
        hero_image="hero-will",
        hero_alt=Bi(
            "Mappa stilizzata con punti che indicano diverse città",
            "Stylised map with dots marking several cities",
        ),
        action_lines=[
            ActionLine(
                Bi(
                    "Piattaforme multicanale di ricomposizione sociale",
                    "Multichannel platforms for social recomposition",
                ),
                Bi(
                    "Luoghi fisici o spazi virtuali in cui le persone si incontrano, si "
                    "sostengono a vicenda e ricostruiscono legami.",
                    "Physical places or virtual spaces where people meet, support one another and "
                    "rebuild ties.",
                ),
            ),
            ActionLine(
                Bi(
                    "Domanda aggregata e offerta professionale",
                    "Aggregated demand and professional supply",
                ),
                Bi(
                    "Spazi di mercato che raggruppano le famiglie interessate a un servizio e "
                    "sostengono chi lo offre in modo professionale. La condivisione, ad esempio "
                    "di ripetizioni, babysitter o assistenti familiari, rende questi servizi più "
                    "accessibili.",
                    "Market spaces that group together the families interested in a service and "
                    "support those who provide it professionally. Sharing, for instance tutoring, "
                    "babysitters or home carers, makes these services more affordable.",
                ),
            ),
            ActionLine(
                Bi(
                    "Bandi e appalti orientati ai risultati",
                    "Outcome-based calls and tenders",
                ),
                Bi(
                    "Bandi, contratti e affidamenti costruiti con la co-progettazione, in cui "
                    "compensi o premi dipendono dai risultati sociali raggiunti.",
                    "Calls, contracts and assignments built through co-design, where payments or "
                    "rewards depend on the social results achieved.",
                ),
            ),
        ],
        key_figures=[FIG_WILL_CITIES, FIG_WILL_YEARS, FIG_WILL_LINES],
        body=[
            (
                "paragraph",
                [
                    Bi(
                        "WILL, Welfare Innovation Local Lab, è nato nell'autunno 2019 per aiutare "
                        "alcuni grandi Comuni a cambiare il modo in cui organizzano i servizi sul "
                        "territorio. Hanno aderito Bergamo, Como, Mantova, Parma, Ravenna, Reggio "
                        "Emilia, Padova, Rovigo, Verona e Novara; nel report finale compare anche "
                        "Monza, con uno dei casi studio.",
                        "WILL, Welfare Innovation Local Lab, was born in autumn 2019 to help a "
                        "number of large municipalities change the way they organise local "
                        "services. Bergamo, Como, Mantua, Parma, Ravenna, Reggio Emilia, Padua, "
                        "Rovigo, Verona and Novara joined; the final report also features Monza, "
                        "in one of the case studies.",
                    ),
                    Bi(
                        "Il lavoro è stato coordinato da IFEL-ANCI. La supervisione scientifica è "
                        "stata affidata a Cergas/SDA Bocconi, all'Università degli Studi di "
                        "Milano insieme a Percorsi di secondo welfare e all'Università Cattolica, "
                        "mentre Forum Terzo Settore e KPMG hanno offerto il loro supporto.",
                        "The work was coordinated by IFEL-ANCI. Scientific supervision was "
                        "entrusted to Cergas/SDA Bocconi, to the University of Milan together "
                        "with Percorsi di secondo welfare and to Università Cattolica, while "
                        "Forum Terzo Settore and KPMG offered their support.",
                    ),
                ],
            ),
            ("heading", Bi("Un metodo in tre tempi", "A three-step method")),
            (
                "paragraph",
                [
                    Bi(
                        "Il progetto è stato pensato su cinque anni, per avere il tempo di capire "
                        "i problemi prima di intervenire. Le città hanno mappato i bisogni "
                        "sociali e la distanza tra questi e i servizi esistenti, hanno progettato "
                        "modelli di intervento sperimentali e poi li hanno attuati, monitorati e "
                        "valutati, con l'idea di diffondere quelli riusciti.",
                        "The project was planned over five years, to allow time to understand "
                        "problems before acting. The cities mapped social needs and the gap "
                        "between them and existing services, designed experimental models of "
                        "intervention and then implemented, monitored and evaluated them, with a "
                        "view to spreading the successful ones.",
                    ),
                    Bi(
                        "Tutte hanno seguito le stesse tappe in parallelo, con la flessibilità "
                        "necessaria per tenere conto delle differenze locali. Il confronto tra "
                        "città e la co-progettazione comune servivano a trasformare le soluzioni "
                        "migliori in modelli utili anche ad altri Comuni italiani.",
                        "All of them followed the same steps in parallel, with the flexibility "
                        "needed to take local differences into account. Comparing cities and "
                        "designing together were meant to turn the best solutions into models "
                        "that other Italian municipalities could use as well.",
                    ),
                    Bi(
                        "Al termine del percorso si volevano individuare interventi capaci di "
                        "rispondere ai bisogni dei cittadini e di reggersi da soli, grazie alle "
                        "risorse economiche e sociali mobilitate. Più ancora dei singoli servizi, "
                        "però, contava ciò che il sistema avrebbe imparato lungo la strada.",
                        "By the end of the journey the aim was to identify interventions able to "
                        "meet citizens' needs and to stand on their own, thanks to the economic "
                        "and social resources mobilised. Even more than the individual services, "
                        "however, what counted was what the system would learn along the way.",
                    ),
                ],
            ),
            (
                "image",
                {
                    "image": "body-will-cities",
                    "alt": Bi(
                        "Mappa stilizzata dell'Italia settentrionale con undici punti",
                        "Stylised map of northern Italy with eleven dots",
                    ),
                    "caption": Bi(
                        "Le città di WILL, tra Lombardia, Piemonte, Emilia-Romagna e Veneto.",
                        "The WILL cities, across Lombardy, Piedmont, Emilia-Romagna and Veneto.",
                    ),
                    "credit": _CREDIT,
                },
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Le sperimentazioni si sono mosse lungo tre linee. La prima riguarda "
                        "piattaforme, fisiche o digitali, in cui le persone si incontrano e si "
                        "aiutano. La seconda unisce la domanda di più famiglie per rendere "
                        "accessibili servizi oggi pagati di tasca propria, come ripetizioni, "
                        "babysitter o assistenti familiari condivisi. La terza porta bandi e "
                        "appalti verso la co-progettazione e verso compensi legati ai risultati "
                        "sociali.",
                        "The experiments moved along three lines. The first concerns platforms, "
                        "physical or digital, where people meet and help one another. The second "
                        "pools the demand of several families to make affordable services that "
                        "are now paid out of pocket, such as shared tutoring, babysitters or home "
                        "carers. The third steers calls and tenders towards co-design and towards "
                        "payments linked to social results.",
                    ),
                    Bi(
                        "Il percorso ha dovuto fare i conti con la pandemia, con un quadro "
                        "internazionale mutato e con le grandi transizioni in corso. Nonostante "
                        "questo, ha aiutato le amministrazioni a superare logiche centralizzate e "
                        "a cercare soluzioni nuove.",
                        "The journey had to reckon with the pandemic, a changed international "
                        "situation and the major transitions under way. Even so, it helped local "
                        "authorities move beyond centralised approaches and look for new "
                        "solutions.",
                    ),
                    Bi(
                        "L'orizzonte resta quello di un welfare più adeguato e sostenibile, che "
                        "rafforzi le capacità collettive oltre a quelle individuali, senza "
                        "perdere di vista la solidarietà e l'inclusione delle persone più "
                        "fragili.",
                        "The horizon remains a more adequate and sustainable welfare system, one "
                        "that strengthens collective abilities as well as individual ones, "
                        "without losing sight of solidarity and the inclusion of the most "
                        "vulnerable people.",
                    ),
                ],
            ),
            (
                "callout",
                {
                    "title": Bi(
                        "Il Terzo Settore come co-protagonista",
                        "The Third Sector as co-lead",
                    ),
                    "text": Bi(
                        "In WILL le organizzazioni del Terzo Settore non sono semplici fornitori: "
                        "dialogano con le amministrazioni in tutte le fasi della co-progettazione "
                        "e portano la loro vicinanza ai bisogni e la loro capacità operativa.",
                        "In WILL, Third Sector organisations are not mere providers: they are in "
                        "dialogue with the local authorities at every stage of co-design and "
                        "bring their closeness to needs and their operational capacity.",
                    ),
                },
            ),
            ("related_report", {"report": "will-final-report"}),
            ("related_report", {"report": "platform-welfare"}),
        ],
        authors=["redazione"],
        search_description=Bi(
            "WILL, il laboratorio coordinato da IFEL-ANCI in cui dieci città hanno sperimentato "
            "nuovi modelli di welfare locale.",
            "WILL, the lab coordinated by IFEL-ANCI in which ten cities tested new models of "
            "local welfare.",
        ),
    ),
    # -- WILL case studies -------------------------------------------------
    Story(
        key="will-case-studies",
        title=Bi(
            "Monza, Como e Rovigo: i casi studio del report finale di WILL",
            "Monza, Como and Rovigo: the case studies in WILL's final report",
        ),
        slug=Bi(
            "will-casi-studio-monza-como-rovigo",
            "will-case-studies-monza-como-rovigo",
        ),
        programme="will",
        edition=None,
        start_year=2019,
        end_year=2024,
        territories=["monza", "como", "rovigo"],
        lead_partner="secondo-welfare",
        partners=[
            Partner(
                "ifel-anci",
                Bi(
                    "Promotore e coordinatore di WILL",
                    "Promoter and coordinator of WILL",
                ),
            ),
        ],
        hashtags=["comunita", "innovazione"],
        summary=Bi(
            "Nel report conclusivo di WILL, le ricercatrici di Percorsi di secondo welfare hanno "
            "curato i casi studio di tre città: Monza, Como e Rovigo.",
            "In WILL's closing report, researchers from Percorsi di secondo welfare edited the "
            "case studies of three cities: Monza, Como and Rovigo.",
        ),
        hero_image="hero-will-case-studies",
        hero_alt=Bi(
            "Illustrazione astratta con blocchi colorati disposti a griglia",
            "Abstract illustration with coloured blocks arranged in a grid",
        ),
        action_lines=[
            ActionLine(
                Bi("Mappare i bisogni", "Mapping needs"),
                Bi(
                    "Rilevare i problemi sociali del territorio e misurare la distanza tra i "
                    "bisogni e i servizi disponibili.",
                    "Identifying the area's social problems and measuring the gap between needs "
                    "and available services.",
                ),
            ),
            ActionLine(
                Bi("Progettare la sperimentazione", "Designing the experiment"),
                Bi(
                    "Costruire modelli di intervento nuovi, pensati per rispondere ai bisogni "
                    "individuati.",
                    "Building new models of intervention, designed to respond to the needs "
                    "identified.",
                ),
            ),
            ActionLine(
                Bi("Attuare, valutare, diffondere", "Implementing, evaluating, sharing"),
                Bi(
                    "Mettere in pratica i modelli, seguirne l'andamento, valutarli e far "
                    "circolare quelli che funzionano.",
                    "Putting the models into practice, following their progress, evaluating them "
                    "and spreading those that work.",
                ),
            ),
        ],
        key_figures=[FIG_WILL_CASES, FIG_WILL_CHAPTERS],
        body=[
            (
                "paragraph",
                [
                    Bi(
                        "Il 28 novembre 2024, all'evento di chiusura di WILL, è stato presentato "
                        "il report finale del progetto. Il documento ripercorre la "
                        "sperimentazione passo dopo passo e, insieme, prova a capire quali "
                        "margini abbia un modello di welfare locale diverso da quello "
                        "tradizionale.",
                        "On 28 November 2024, at WILL's closing event, the project's final report "
                        "was presented. The document retraces the experiment step by step and, at "
                        "the same time, tries to understand how much room there is for a model of "
                        "local welfare different from the traditional one.",
                    ),
                    Bi(
                        "Percorsi di secondo welfare, che in WILL si è occupato di coordinamento "
                        "scientifico e accompagnamento strategico, ha contribuito al report con "
                        "Franca Maino, Chiara Agostini, Celestina Valeria De Tommaso ed Ester "
                        "Bonomi.",
                        "Percorsi di secondo welfare, which was in charge of scientific "
                        "coordination and strategic support in WILL, contributed to the report "
                        "through Franca Maino, Chiara Agostini, Celestina Valeria De Tommaso and "
                        "Ester Bonomi.",
                    ),
                ],
            ),
            (
                "heading",
                Bi("Il capitolo dedicato alle città", "The chapter on the cities"),
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Il secondo capitolo è dedicato ai Comuni partecipanti: per ognuno "
                        "racconta che cosa è stato progettato, come è stato realizzato, quali "
                        "risultati ha dato e come potrà proseguire. Tre casi, Monza, Como e "
                        "Rovigo, portano la firma delle ricercatrici di Percorsi di secondo "
                        "welfare.",
                        "The second chapter is devoted to the participating municipalities: for "
                        "each one it tells what was designed, how it was carried out, what "
                        "results it produced and how it may continue. Three of the cases, Monza, "
                        "Como and Rovigo, are the work of researchers from Percorsi di secondo "
                        "welfare.",
                    ),
                    Bi(
                        "Leggere le esperienze una accanto all'altra aiuta a vedere che cosa "
                        "accomuna le città e che cosa le distingue. Tutte hanno seguito lo stesso "
                        "metodo, dalla mappatura dei bisogni alla valutazione, adattandolo però "
                        "al proprio contesto.",
                        "Reading the experiences side by side helps to see what the cities have "
                        "in common and what sets them apart. All of them followed the same "
                        "method, from mapping needs to evaluation, while adapting it to their own "
                        "context.",
                    ),
                    Bi(
                        "Le sperimentazioni rientrano nelle tre linee di innovazione del "
                        "progetto: piattaforme di ricomposizione sociale, incontro tra domanda "
                        "aggregata e offerta professionale, bandi e appalti orientati ai "
                        "risultati. Il lavoro si è svolto sia in incontri bilaterali con i "
                        "singoli Comuni sia in momenti di confronto in plenaria.",
                        "The experiments belong to the project's three lines of innovation: "
                        "platforms for social recomposition, matching aggregated demand with "
                        "professional supply, and outcome-based calls and tenders. The work took "
                        "place both in bilateral meetings with individual municipalities and in "
                        "plenary sessions.",
                    ),
                ],
            ),
            (
                "quote",
                {
                    "text": Bi(
                        "Confrontare città diverse che seguono lo stesso metodo è uno dei modi "
                        "migliori per capire che cosa funziona davvero.",
                        "Comparing different cities that follow the same method is one of the "
                        "best ways to understand what really works.",
                    ),
                    "attribution": _FROM_EDITORS,
                },
            ),
            (
                "heading",
                Bi("Dal racconto alla riflessione", "From account to reflection"),
            ),
            (
                "paragraph",
                [
                    Bi(
                        "Gli altri capitoli completano il quadro. Il primo ricostruisce l'origine "
                        "di WILL, la collaborazione tra i Comuni e la logica del cambiamento, "
                        "dalla formazione al benchlearning fino ai progetti sul campo. Il terzo "
                        "esamina opportunità e difficoltà e indica attori, strumenti e competenze "
                        "utili a gestire il cambiamento; la parte sull'idea di cambiamento è "
                        "firmata da Franca Maino.",
                        "The other chapters complete the picture. The first reconstructs the "
                        "origins of WILL, the collaboration among the municipalities and the "
                        "logic of change, from training to benchlearning and on to the projects "
                        "in the field. The third examines opportunities and difficulties and "
                        "points to the actors, tools and skills needed to manage change; the part "
                        "on the idea of change was written by Franca Maino.",
                    ),
                    Bi(
                        "L'ultimo capitolo dà voce a chi ha ideato la sperimentazione e a chi vi "
                        "ha preso parte, e si chiude con le riflessioni finali e gli "
                        "apprendimenti emersi lungo il percorso.",
                        "The last chapter gives a voice to those who conceived the experiment and "
                        "those who took part in it, and closes with final reflections and the "
                        "lessons that emerged along the way.",
                    ),
                    Bi(
                        "Il percorso non è stato semplice: oltre alla pandemia, i Comuni hanno "
                        "dovuto affrontare un quadro internazionale mutato e le grandi "
                        "transizioni in corso. Proprio per questo il report si propone come uno "
                        "strumento concreto per chi, nelle amministrazioni, vuole ripensare il "
                        "modo di rispondere ai bisogni.",
                        "The journey was not easy: besides the pandemic, the municipalities had "
                        "to face a changed international situation and the major transitions "
                        "under way. This is precisely why the report is offered as a practical "
                        "tool for those in public administrations who want to rethink how they "
                        "respond to needs.",
                    ),
                ],
            ),
            (
                "callout",
                {
                    "title": Bi(
                        "Un documento per le amministrazioni",
                        "A document for public administrations",
                    ),
                    "text": Bi(
                        "Il report si può scaricare gratuitamente. Secondo Percorsi di secondo "
                        "welfare può servire a tutte le amministrazioni pubbliche che affrontano "
                        "sfide simili.",
                        "The report can be downloaded free of charge. According to Percorsi di "
                        "secondo welfare, it can be useful to all public administrations facing "
                        "similar challenges.",
                    ),
                },
            ),
            ("related_report", {"report": "will-final-report"}),
        ],
        authors=["ricerca-secondo-welfare", "redazione"],
        search_description=Bi(
            "I casi studio di Monza, Como e Rovigo nel report finale di WILL, curati da Percorsi "
            "di secondo welfare.",
            "The Monza, Como and Rovigo case studies in WILL's final report, edited by Percorsi "
            "di secondo welfare.",
        ),
    ),
]

# ---------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------

REPORTS = [
    Report(
        key="legacy-research",
        title=Bi(
            "L'eredità di Welfare in Azione nei territori",
            "The legacy of Welfare in Azione in the territories",
        ),
        slug=Bi(
            "ricerca-eredita-welfare-in-azione",
            "welfare-in-azione-legacy-research",
        ),
        programme="welfare-in-azione",
        publication_date="",
        authors=[],
        publishers=["lombardia-sociale", "fondazione-cariplo"],
        abstract=[
            Bi(
                "Questa ricerca, affidata da Fondazione Cariplo a Lombardia Sociale, esamina che "
                "cosa hanno lasciato sui territori i progetti sostenuti da Welfare in Azione. "
                "L'attenzione va agli effetti sulla programmazione zonale e alla possibilità che "
                "gli interventi continuino e si sostengano nel tempo.",
                "This research, commissioned by Fondazione Cariplo from Lombardia Sociale, "
                "examines what the projects supported by Welfare in Azione left in their "
                "territories. It focuses on the effects on zonal social planning and on whether "
                "the interventions can continue and sustain themselves over time.",
            ),
            Bi(
                "Il quadro che emerge è quello di un prima e di un dopo: i progetti hanno "
                "modificato il welfare locale, anche se con intensità diverse. I cambiamenti sono "
                "raccolti in quattro famiglie: la governance delle politiche territoriali, "
                "l'innovazione nell'offerta di servizi, una prospettiva generativa e comunitaria "
                "capace di raggiungere nuovi destinatari e un approccio che ricompone strumenti, "
                "risorse e livelli di politica.",
                "The picture that emerges is one of a before and an after: the projects changed "
                "local welfare, though with different intensity. The changes are grouped into "
                "four families: the governance of local policies, innovation in the service "
                "offer, a generative, community perspective able to reach new groups, and an "
                "approach that brings tools, resources and policy levels back together.",
            ),
            Bi(
                "Lo studio si interroga infine sulle sfide e sulle opportunità che i territori "
                "hanno davanti. Sono disponibili un abstract di sintesi e il report completo.",
                "Finally, the study considers the challenges and opportunities facing the "
                "territories. A summary abstract and the full report are available.",
            ),
        ],
        stories=["legacy-research", "wellfare-legami", "community-fundraising"],
        file_language="it",
        pdf_title=(
            "L'eredità di Welfare in Azione nei territori. Ricerca sugli esiti dei progetti "
            "sostenuti da Fondazione Cariplo"
        ),
        pdf_abstract=[
            (
                "Fondazione Cariplo ha affidato a Lombardia Sociale il compito di studiare che "
                "cosa resta nei territori dopo i progetti di Welfare in Azione, il programma "
                "avviato nel 2014 per sostenere sperimentazioni di welfare comunitario. La "
                "ricerca guarda alle ricadute sulla programmazione zonale e alla continuità e "
                "sostenibilità degli interventi."
            ),
            (
                "Il lavoro mostra che i progetti hanno segnato un passaggio: nei territori "
                "coinvolti c'è un prima e un dopo. I cambiamenti si raccolgono in quattro "
                "famiglie, che riguardano la governance delle politiche territoriali, l'offerta "
                "di servizi, una prospettiva generativa e comunitaria e un approccio "
                "ricompositivo a strumenti, risorse e strategie."
            ),
            (
                "La sintesi propone anche alcune domande aperte sulle sfide e sulle opportunità "
                "che attendono i territori, se vogliono fare del welfare generativo un asse "
                "stabile delle politiche sociali locali."
            ),
        ],
        pdf_sections=[
            PdfSection(
                "1. Il programma Welfare in Azione",
                [
                    (
                        "Fondazione Cariplo ha lanciato Welfare in Azione nel 2014. Il programma "
                        "voleva offrire ai territori la possibilità di mettere alla prova, in "
                        "modo ordinato e verificabile, un diverso funzionamento del welfare "
                        "locale, costruito attorno alla partecipazione attiva della comunità."
                    ),
                    (
                        "Nelle sue quattro edizioni il bando ha chiesto ai sistemi territoriali "
                        "di rivedere le risposte alla luce dei nuovi bisogni, innovando servizi, "
                        "processi e modelli. La strada indicata passa per la co-programmazione, "
                        "la co-progettazione e la coproduzione di risposte flessibili, oltre la "
                        "logica della singola prestazione, con governance più forti e aperte a "
                        "nuovi soggetti."
                    ),
                    (
                        "Tra il 2015 e il 2018 il programma ha sostenuto 37 progetti in Lombardia "
                        "e nelle province di Novara e del Verbano-Cusio-Ossola, con un contributo "
                        "complessivo di 36,5 milioni di euro e con servizi di accompagnamento per "
                        "le reti."
                    ),
                ],
            ),
            PdfSection(
                "2. Obiettivi e domande della ricerca",
                [
                    (
                        "La ricerca, affidata a Lombardia Sociale, vuole comprendere quale segno "
                        "abbiano lasciato i progetti. Due sono le dimensioni principali: le "
                        "ricadute sulla programmazione zonale e la continuità e sostenibilità "
                        "degli interventi una volta concluso il finanziamento."
                    ),
                    (
                        "Le domande di fondo sono due. Quali eredità hanno lasciato i progetti ai "
                        "territori? E quali sfide e opportunità si aprono per chi vuole fare di "
                        "un approccio generativo e comunitario l'asse portante delle politiche "
                        "sociali locali?"
                    ),
                ],
            ),
            PdfSection(
                "3. Quattro famiglie di cambiamento",
                [
                    (
                        "Il dato di partenza è netto: nei territori coinvolti si può parlare di "
                        "un prima e di un dopo Welfare in Azione. Le trasformazioni osservate "
                        "sono molte e di natura diversa, e non hanno tutte lo stesso grado di "
                        "maturità: alcune sono già parte del funzionamento ordinario, altre "
                        "stanno ancora prendendo forma."
                    ),
                    (
                        "Una prima famiglia di cambiamenti riguarda l'assetto di governance delle "
                        "politiche territoriali. Una seconda riguarda l'offerta di servizi, dove "
                        "i progetti hanno introdotto modifiche e innovazioni significative."
                    ),
                    (
                        "La terza famiglia ha a che fare con lo sguardo: la dimensione "
                        "comunitaria e generativa diventa un modo stabile di interpretare i "
                        "bisogni e di scegliere come agire. Grazie anche al coinvolgimento "
                        "diretto dei cittadini, questo sguardo permette di arrivare a persone che "
                        "prima restavano ai margini dei servizi."
                    ),
                    (
                        "La quarta è un'ottica ricompositiva. Invece di procedere per strumenti "
                        "separati, i territori imparano a tenere insieme risorse e strategie, "
                        "collegando fonti diverse e facendo dialogare politiche locali, regionali "
                        "e nazionali."
                    ),
                ],
            ),
            PdfSection(
                "4. Sfide e prospettive per i territori",
                [
                    (
                        "Goodpoint, che nella seconda e nella terza edizione ha affiancato le "
                        "reti nel fundraising di comunità, ne dà una lettura simile: le reti "
                        "conoscono meglio i loro punti deboli e hanno acquisito modi concreti per "
                        "scoprire e mettere a frutto le risorse del territorio."
                    ),
                    (
                        "Questa consapevolezza, sostenuta dagli strumenti e dalle competenze "
                        "acquisiti, è una condizione utile per anticipare e superare gli "
                        "ostacoli. La sfida per i territori è dare continuità a quanto avviato, "
                        "facendo del welfare generativo e comunitario un elemento stabile della "
                        "programmazione sociale."
                    ),
                ],
            ),
        ],
        search_description=Bi(
            "Ricerca di Lombardia Sociale per Fondazione Cariplo su ciò che i progetti di Welfare "
            "in Azione hanno lasciato ai territori.",
            "Lombardia Sociale's research for Fondazione Cariplo on what the Welfare in Azione "
            "projects left to their territories.",
        ),
    ),
    Report(
        key="will-final-report",
        title=Bi(
            "Welfare Innovation Local Lab. La sperimentazione di un nuovo modello di welfare "
            "locale",
            "Welfare Innovation Local Lab. Testing a new model of local welfare",
        ),
        slug=Bi("report-finale-will", "will-final-report"),
        programme="will",
        publication_date="2024-11-28",
        authors=[
            "Franca Maino",
            "Chiara Agostini",
            "Celestina Valeria De Tommaso",
            "Ester Bonomi",
        ],
        publishers=["ifel-anci"],
        abstract=[
            Bi(
                "Il report chiude il percorso di WILL, il laboratorio con cui IFEL e i suoi "
                "partner hanno accompagnato alcuni grandi Comuni nel ripensare i servizi di "
                "welfare attorno all'idea di piattaforma, con un approccio inclusivo e "
                "collaborativo. È stato presentato il 28 novembre 2024, all'evento finale del "
                "progetto.",
                "The report closes the WILL journey, the lab through which IFEL and its partners "
                "supported a number of large municipalities in rethinking welfare services around "
                "the idea of a platform, with an inclusive and collaborative approach. It was "
                "presented on 28 November 2024, at the project's final event.",
            ),
            Bi(
                "Il testo ripercorre la sperimentazione e raccoglie gli apprendimenti maturati. "
                "Dopo un capitolo sull'origine del progetto e sulla logica del cambiamento, "
                "analizza le esperienze delle singole città, con i casi studio di Monza, Como e "
                "Rovigo curati da Percorsi di secondo welfare, e discute opportunità, difficoltà "
                "e condizioni per gestire il cambiamento.",
                "The text retraces the experiment and gathers the lessons learned. After a "
                "chapter on the project's origins and its logic of change, it analyses the "
                "experience of each city, with the Monza, Como and Rovigo case studies edited by "
                "Percorsi di secondo welfare, and discusses opportunities, difficulties and the "
                "conditions for managing change.",
            ),
            Bi(
                "Il contributo di Percorsi di secondo welfare porta la firma di Franca Maino, "
                "Chiara Agostini, Celestina Valeria De Tommaso ed Ester Bonomi. Il documento è "
                "scaricabile gratuitamente.",
                "The contribution of Percorsi di secondo welfare bears the signatures of Franca "
                "Maino, Chiara Agostini, Celestina Valeria De Tommaso and Ester Bonomi. The "
                "document can be downloaded free of charge.",
            ),
        ],
        stories=["will", "will-case-studies"],
        file_language="it",
        pdf_title=(
            "Welfare Innovation Local Lab. La sperimentazione di un nuovo modello di welfare locale"
        ),
        pdf_abstract=[
            (
                "WILL, Welfare Innovation Local Lab, è il progetto pluriennale promosso da IFEL "
                "con diversi partner per aiutare alcuni grandi Comuni a ridisegnare il modo in "
                "cui erogano i servizi sul territorio, secondo una logica inclusiva, "
                "collaborativa e centrata sull'idea di piattaforma."
            ),
            (
                "Avviato nell'autunno 2019 con dieci città, il progetto si è concluso con "
                "l'evento finale del 28 novembre 2024. Questo report ricostruisce ciò che è stato "
                "fatto e propone una riflessione su come un nuovo paradigma di welfare locale "
                "possa crescere, su quali ostacoli incontri e su quali occasioni gli si aprano."
            ),
            (
                "Il documento si articola in quattro capitoli: l'origine e la logica del "
                "cambiamento, le esperienze dei Comuni, le opportunità e le difficoltà "
                "incontrate, i contributi e le riflessioni conclusive."
            ),
        ],
        pdf_sections=[
            PdfSection(
                "1. L'origine di WILL e la logica del cambiamento",
                [
                    (
                        "WILL prende avvio nell'autunno 2019 con l'adesione di Bergamo, Como, "
                        "Mantova, Parma, Ravenna, Reggio Emilia, Padova, Rovigo, Verona e Novara. "
                        "Il coordinamento è affidato a IFEL-ANCI; la supervisione scientifica a "
                        "Cergas/SDA Bocconi, all'Università degli Studi di Milano con Percorsi di "
                        "secondo welfare e all'Università Cattolica; il supporto a Forum Terzo "
                        "Settore e KPMG."
                    ),
                    (
                        "La durata prevista di cinque anni consente di seguire l'intero ciclo: la "
                        "mappatura dei problemi sociali e della distanza tra bisogni e servizi, "
                        "la progettazione di modelli sperimentali, la loro attuazione, il "
                        "monitoraggio, la valutazione e la diffusione delle soluzioni riuscite."
                    ),
                    (
                        "Il percorso comune ha alternato momenti di formazione, attività di "
                        "benchlearning tra le città e progetti sperimentali realizzati sul campo, "
                        "lungo tre linee di innovazione: piattaforme multicanale di "
                        "ricomposizione sociale, incontro tra domanda aggregata e offerta "
                        "professionale, bandi e appalti orientati ai risultati."
                    ),
                ],
            ),
            PdfSection(
                "2. Le esperienze dei Comuni",
                [
                    (
                        "Questo capitolo passa in rassegna le città una per una: per ciascuna "
                        "ricostruisce che cosa è stato progettato, come è stato realizzato, quali "
                        "risultati ha prodotto e quali sviluppi si possono prevedere."
                    ),
                    (
                        "Le ricercatrici di Percorsi di secondo welfare hanno seguito in "
                        "particolare tre città: Monza, Como e Rovigo. Tutte hanno applicato lo "
                        "stesso metodo in parallelo, adattandolo alle proprie specificità locali."
                    ),
                ],
            ),
            PdfSection(
                "3. Opportunità, difficoltà e gestione del cambiamento",
                [
                    (
                        "Il terzo capitolo propone una diagnosi delle opportunità e delle "
                        "difficoltà incontrate. Il progetto ha dovuto misurarsi con la pandemia, "
                        "con il mutato quadro internazionale e con le grandi transizioni in "
                        "corso."
                    ),
                    (
                        "Un'attenzione specifica va all'idea di cambiamento che ha guidato WILL, "
                        "parte affidata a Franca Maino, e a ciò che serve per gestirlo: chi deve "
                        "esserne protagonista, con quali strumenti e con quali competenze."
                    ),
                    (
                        "Il lavoro si è svolto sia in incontri dedicati a ciascun Comune sia in "
                        "sessioni comuni a tutte le città. In questo modo le amministrazioni sono "
                        "state aiutate ad abbandonare modelli in cui ogni risposta passa dal "
                        "centro e a mettere alla prova soluzioni nuove."
                    ),
                ],
            ),
            PdfSection(
                "4. Contributi e riflessioni finali",
                [
                    (
                        "La parte conclusiva dà la parola a chi ha pensato la sperimentazione e a "
                        "chi l'ha vissuta in prima persona, e chiude con una sintesi di ciò che "
                        "il percorso ha insegnato."
                    ),
                    (
                        "Nel corso dei cinque anni il progetto ha sperimentato su diversi fronti: "
                        "l'impatto sociale, i modelli della società collaborativa e della "
                        "governance condivisa, il valore sociale che si può generare con le "
                        "piattaforme digitali. Il Terzo Settore vi compare come co-protagonista, "
                        "a fianco delle amministrazioni in ogni fase della co-progettazione."
                    ),
                ],
            ),
        ],
        search_description=Bi(
            "Il report finale di WILL, presentato il 28 novembre 2024: storia, casi studio e "
            "apprendimenti della sperimentazione.",
            "WILL's final report, presented on 28 November 2024: the story, case studies and "
            "lessons of the experiment.",
        ),
    ),
    Report(
        key="platform-welfare",
        title=Bi("Platform Welfare", "Platform Welfare"),
        slug=Bi("platform-welfare", "platform-welfare"),
        programme="will",
        publication_date="",
        authors=[],
        publishers=["secondo-welfare", "cergas-bocconi"],
        abstract=[
            Bi(
                "Platform Welfare è il volume scritto a metà del percorso di WILL da Percorsi di "
                "secondo welfare e da CERGAS-Bocconi. Raccoglie molti degli apprendimenti "
                "maturati nella prima parte del progetto.",
                "Platform Welfare is the book written halfway through WILL by Percorsi di secondo "
                "welfare and CERGAS-Bocconi. It gathers many of the lessons learned in the first "
                "part of the project.",
            ),
            Bi(
                "Al centro c'è l'idea di piattaforma come modo per organizzare il welfare locale. "
                "Il libro guarda alle dimensioni su cui WILL ha lavorato: l'impatto sociale, la "
                "società e la governance collaborative, il valore sociale che le piattaforme "
                "digitali possono generare.",
                "At its centre is the idea of the platform as a way of organising local welfare. "
                "The book looks at the dimensions WILL worked on: social impact, the "
                "collaborative society and collaborative governance, and the social value that "
                "digital platforms can create.",
            ),
        ],
        stories=["will"],
        file_language="it",
        pdf_title="Platform Welfare",
        pdf_abstract=[
            (
                "Scritto da Percorsi di secondo welfare e da CERGAS-Bocconi a metà del percorso "
                "di WILL, il volume raccoglie gli apprendimenti maturati nei primi anni del "
                "laboratorio promosso da IFEL-ANCI."
            ),
            (
                "Il filo conduttore è il concetto di piattaforma, inteso come modo inclusivo e "
                "collaborativo di organizzare i servizi di welfare nei grandi Comuni."
            ),
        ],
        pdf_sections=[
            PdfSection(
                "1. WILL a metà del percorso",
                [
                    (
                        "WILL è partito nell'autunno 2019 con dieci città e una durata prevista "
                        "di cinque anni. A metà strada, Percorsi di secondo welfare e "
                        "CERGAS-Bocconi hanno scelto di fissare in un volume quanto appreso fino "
                        "a quel momento."
                    ),
                    (
                        "Il lavoro delle città segue un metodo comune: mappare i bisogni e la "
                        "distanza dai servizi esistenti, progettare modelli sperimentali, "
                        "attuarli, monitorarli e valutarli."
                    ),
                ],
            ),
            PdfSection(
                "2. Le dimensioni della sperimentazione",
                [
                    (
                        "Il lavoro di WILL si è mosso su più piani contemporaneamente. Uno dei "
                        "principali è l'attenzione all'impatto sociale degli interventi."
                    ),
                    (
                        "Tra gli apprendimenti raccolti ci sono anche quelli sui modelli della "
                        "società collaborativa e della governance condivisa, in cui le "
                        "amministrazioni non decidono da sole ma costruiscono le risposte insieme "
                        "ad altri soggetti."
                    ),
                ],
            ),
            PdfSection(
                "3. Il welfare come piattaforma",
                [
                    (
                        "Il concetto di piattaforma attraversa le tre linee di innovazione del "
                        "progetto: luoghi fisici o virtuali di ricomposizione sociale, incontro "
                        "tra domanda aggregata e offerta professionale, bandi e appalti orientati "
                        "ai risultati."
                    ),
                    (
                        "Un'attenzione particolare va al valore sociale che le piattaforme "
                        "digitali possono generare, quando mettono in relazione persone, servizi "
                        "e risorse del territorio."
                    ),
                ],
            ),
        ],
        search_description=Bi(
            "Platform Welfare, il volume di metà percorso di WILL scritto da Percorsi di secondo "
            "welfare e CERGAS-Bocconi.",
            "Platform Welfare, WILL's mid-project book written by Percorsi di secondo welfare and "
            "CERGAS-Bocconi.",
        ),
    ),
]
