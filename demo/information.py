"""Demo information pages, linked from the footer. Written for this site, in Italian first."""

from .schema import Bi, InformationPage

ACCESSIBILITY = InformationPage(
    key="accessibility",
    title=Bi("Dichiarazione di accessibilità", "Accessibility statement"),
    slug=Bi("dichiarazione-di-accessibilita", "accessibility-statement"),
    intro=Bi(
        "Vogliamo che chiunque possa leggere queste storie, anche con un lettore di schermo, "
        "con la sola tastiera o da un telefono. Qui diciamo a che punto siamo, seguendo il "
        "modello di dichiarazione dell'Agenzia per l'Italia Digitale (AgID).",
        "We want everyone to be able to read these stories, with a screen reader, with a "
        "keyboard alone or on a phone. Here we say where we stand, following the statement "
        "model of the Italian Digital Agency (AgID).",
    ),
    search_description=Bi(
        "Stato di conformità del sito alle WCAG 2.2 AA, contenuti non ancora accessibili e come "
        "segnalarci un problema.",
        "How far the site meets WCAG 2.2 AA, content not yet accessible and how to report a "
        "problem to us.",
    ),
    last_reviewed="2026-11-21",
    body=[
        ("heading", Bi("Stato di conformità", "Compliance status")),
        (
            "paragraph",
            [
                Bi(
                    "Il sito è parzialmente conforme ai requisiti della norma EN 301 549 e alle "
                    "linee guida WCAG 2.2 di livello AA, per i contenuti non accessibili "
                    "elencati qui sotto. Pur non essendo il sito di una pubblica "
                    "amministrazione, adottiamo volontariamente il modello previsto dalla "
                    "legge 4/2004.",
                    "The site partly meets the requirements of the EN 301 549 standard and of "
                    "WCAG 2.2 level AA, because of the content listed below. Although this is "
                    "not the site of a public administration, we follow the model set by "
                    "Italian law 4/2004 of our own choice.",
                )
            ],
        ),
        ("heading", Bi("Contenuti non accessibili", "Content that is not accessible")),
        (
            "paragraph",
            [
                Bi(
                    "I file PDF dimostrativi dei rapporti sono generati automaticamente e non "
                    "contengono ancora la struttura (tag) che serve ai lettori di schermo. Ogni "
                    "rapporto ha però una pagina con l'abstract in HTML.",
                    "The demo PDF files of the reports are generated automatically and do not "
                    "yet carry the structure (tags) that screen readers need. Every report, "
                    "however, has a page with its abstract in HTML.",
                ),
                Bi(
                    "La mappa dei territori e i grafici sono disegnati come immagini "
                    "vettoriali: accanto a ciascuno trovi l'elenco o la tabella con gli stessi "
                    "dati.",
                    "The map of places and the charts are drawn as vector images: next to each "
                    "one you will find a list or a table with the same data.",
                ),
            ],
        ),
        ("heading", Bi("Come abbiamo verificato", "How we checked")),
        (
            "paragraph",
            [
                Bi(
                    "La dichiarazione è stata redatta il 21 novembre 2026 con un'autovalutazione. "
                    "A ogni modifica del codice, un browser reale controlla ogni tipo di pagina "
                    "in italiano e in inglese, su schermi da telefono e da computer, con lo "
                    "strumento automatico axe-core; una prova percorre menu, cambio di lingua e "
                    "filtri usando solo la tastiera.",
                    "This statement was prepared on 21 November 2026 through a self-assessment. "
                    "On every change to the code, a real browser checks each type of page in "
                    "Italian and English, on phone and desktop screens, with the automated tool "
                    "axe-core; a test walks the menu, the language switch and the filters with "
                    "the keyboard alone.",
                )
            ],
        ),
        ("heading", Bi("Segnalazioni e contatti", "Feedback and contact")),
        (
            "paragraph",
            [
                Bi(
                    "Se trovi una barriera o un contenuto che non riesci a usare, scrivi alla "
                    "redazione all'indirizzo indicato in questa pagina: ti rispondiamo entro 30 "
                    "giorni e, se possibile, ti inviamo il contenuto in un formato accessibile.",
                    "If you find a barrier or content you cannot use, write to the editors at "
                    "the address on this page: we answer within 30 days and, where we can, send "
                    "you the content in an accessible format.",
                )
            ],
        ),
        ("heading", Bi("Procedura di attuazione", "Enforcement procedure")),
        (
            "paragraph",
            [
                Bi(
                    "Per i siti delle pubbliche amministrazioni, chi non riceve risposta o "
                    "riceve una risposta insoddisfacente può rivolgersi al Difensore civico per "
                    "il digitale istituito presso AgID, con il modulo disponibile su "
                    "form.agid.gov.it.",
                    "For sites of public administrations, anyone who gets no answer or an "
                    "unsatisfactory one can turn to the Digital Ombudsman at AgID, through the "
                    "form at form.agid.gov.it.",
                )
            ],
        ),
    ],
)

# Ends with the open data reference: downloads, API and field table, written by the opendata app.
OPEN_DATA = InformationPage(
    key="open_data",
    title=Bi("Dati aperti", "Open data"),
    slug=Bi("dati-aperti", "open-data"),
    intro=Bi(
        "Le storie di questo sito sono anche dati: chiunque può scaricarle in un foglio di "
        "calcolo o leggerle da un programma, e riusarle citando la fonte.",
        "The stories on this site are data too: anyone can download them as a spreadsheet or "
        "read them from a program, and reuse them by naming the source.",
    ),
    search_description=Bi(
        "Scarica le storie in CSV o JSON con licenza CC BY 4.0, il significato di ogni campo "
        "e l'API in sola lettura.",
        "Download the stories as CSV or JSON under CC BY 4.0, the meaning of each field and "
        "the read-only API.",
    ),
    last_reviewed="2026-11-21",
    body=[
        ("heading", Bi("Cosa pubblichiamo", "What we publish")),
        (
            "paragraph",
            [
                Bi(
                    "Per ogni progetto raccontato diamo il programma e l'edizione che lo hanno "
                    "finanziato, gli anni, i territori con il loro codice ISTAT, il capofila e "
                    "gli altri partner, il contributo con la sua fonte e la sua data, gli "
                    "hashtag e l'indirizzo della storia in italiano e in inglese.",
                    "For each project we tell, we give the programme and edition that funded "
                    "it, its years, its places with their ISTAT codes, the lead partner and the "
                    "other partners, the grant with its source and date, the hashtags and the "
                    "address of the story in Italian and in English.",
                ),
                Bi(
                    "Dove possibile i nomi dei campi seguono lo standard 360Giving, usato da "
                    "molti finanziatori per pubblicare i propri contributi, così i dati si "
                    "possono confrontare con quelli di altre fondazioni.",
                    "Where they fit, the field names follow the 360Giving standard, which many "
                    "funders use to publish their grants, so the data can sit next to that of "
                    "other foundations.",
                ),
            ],
        ),
        ("heading", Bi("Da dove vengono i numeri", "Where the figures come from")),
        (
            "paragraph",
            [
                Bi(
                    "Gli importi e le date vengono dai documenti pubblici dei programmi: ogni "
                    "riga indica la fonte. Quando la fonte dà una cifra arrotondata, il campo "
                    "che lo segnala vale true.",
                    "Amounts and dates come from the programmes' public documents, and each row "
                    "names its source. When the source gives a rounded figure, the field that "
                    "says so reads true.",
                )
            ],
        ),
        ("open_data_reference", None),
    ],
)

INFORMATION_PAGES = [ACCESSIBILITY, OPEN_DATA]
