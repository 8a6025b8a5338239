"""A hand-labelled set for ranking quality: 15 needs, 165 offers, graded relevance 0–3 per pair.

Grades, judged as a coordinator would, before and independently of any scorer:
3 the right person (kind, languages, skill, within reach); 2 a good fit with one flaw (farther,
a related skill, a missing helpful language); 1 worth a look (a compatible kind, far away, a
weak skill match); 0 (unlisted) of no use: a required language missing, another kind, other help.

The offers are written to trap naive text matching: typos ("Dolmetchen", "Hausaufgabn"), the same
words for the wrong language ("Dolmetschen Persisch beim Arzt" for an Arabic need), the right
skill far away (Garbsen with a 3 km radius), other kinds with similar words ("Wohnung" in a
mentoring offer), and one-word offers that match a need only by concept.
"""

from __future__ import annotations

from typing import NamedTuple


class LabelledNeed(NamedTuple):
    key: str
    kind: str
    title: str
    description: str
    required: tuple[str, ...]
    helpful: tuple[str, ...]
    place: str
    quantity: int = 1


class LabelledOffer(NamedTuple):
    kind: str
    languages: tuple[str, ...]
    place: str
    text: str
    skills: str
    radius_km: int | None
    persons: int | None
    #: need key → grade 1–3; unlisted needs: 0.
    grades: dict[str, int]


def _offer(kind, languages, place, text, skills="", radius=None, persons=None, **grades) -> LabelledOffer:
    return LabelledOffer(kind, tuple(languages.split()), place, text, skills, radius, persons, grades)


NEEDS = (
    LabelledNeed("arzt_ar", "interpreting", "Dolmetschen Arabisch beim Kinderarzt",
                 "Familie mit Kleinkind, mehrere Termine vormittags in der Kinderklinik.", ("ar",), (), "Vahrenwald"),
    LabelledNeed("amt_prs", "interpreting", "Dari-Dolmetscher für die Ausländerbehörde",
                 "Begleitung eines jungen Mannes zu zwei Terminen.", ("prs",), ("fa",), "Mitte"),
    LabelledNeed("jobcenter_uk", "interpreting", "Ukrainisch beim Jobcenter",
                 "Erstgespräche im Jobcenter, jeweils etwa eine Stunde.", ("uk",), ("ru",), "Linden-Nord"),
    LabelledNeed("hausaufgaben", "language_support", "Hausaufgabenhilfe für Grundschulkinder",
                 "Montags und mittwochs nachmittags im Gemeinschaftsraum.", (), ("ar", "fa"), "Sahlkamp", 3),
    LabelledNeed("deutsch_frauen", "language_support", "Deutschkurs für Frauen (A1)",
                 "Vormittags, mit Kinderbetreuung nebenan.", (), ("ar", "ps"), "Mühlenberg", 2),
    LabelledNeed("sprachcafe", "language_support", "Sprachcafé am Mittwochabend",
                 "Ungezwungene Gespräche bei Tee und Kuchen.", (), ("uk", "ru"), "Nordstadt", 2),
    LabelledNeed("wohnungssuche", "mentoring", "Begleitung bei der Wohnungssuche",
                 "Hilfe bei Anzeigen, Besichtigungen und Unterlagen.", (), (), "Misburg-Nord", 2),
    LabelledNeed("bewerbung", "mentoring", "Unterstützung bei Bewerbungen",
                 "Lebenslauf und Anschreiben für junge Erwachsene.", (), ("en",), "Südstadt", 2),
    LabelledNeed("fussball", "minors_support", "Fußballtraining für Jugendliche",
                 "Eine gemischte Gruppe von 14- bis 17-Jährigen, einmal pro Woche.", (), (), "Stöcken"),
    LabelledNeed("wohnung_familie", "housing", "Wohnung für eine Familie mit drei Kindern",
                 "Fünf Personen, das Jobcenter übernimmt die Miete.", (), ("ar",), "List", 5),
    LabelledNeed("lager", "premises", "Lagerraum für Kleiderspenden",
                 "Trocken und abschließbar, etwa 40 m².", (), (), "Bemerode"),
    LabelledNeed("winterjacken", "donation", "Winterjacken für Kinder",
                 "Größen 122 bis 152 für die Kinder der Unterkunft.", (), (), "Döhren", 20),
    LabelledNeed("fahrraeder", "donation", "Kinderfahrräder mit Helmen",
                 "16 bis 24 Zoll, verkehrssicher oder leicht zu reparieren.", (), (), "Ricklingen", 10),
    LabelledNeed("transport", "other", "Fahrdienst für Möbelspenden",
                 "Spenden im Stadtgebiet mit einem Transporter abholen.", (), (), "Kleefeld", 2),
    LabelledNeed("elterngespraech_ti", "interpreting", "Tigrinya für Elterngespräche in der Schule",
                 "Elternsprechtag und ein Gespräch mit der Klassenlehrerin.", ("ti",), ("am",), "Bothfeld"),
)  # fmt: skip

OFFERS = (
    # ── arzt_ar: Arabic interpreting at the doctor's ─────────────────────────────────────────────
    _offer("interpreting", "de ar", "Nordstadt", "Dolmetsche Arabisch, gern auch beim Arzt.", "Krankenpfleger", 10,
           arzt_ar=3),
    _offer("interpreting", "de ar", "Vahrenwald", "Dolmetchen Arabish beim Artz und Behörden", "", 5, arzt_ar=3),
    _offer("interpreting", "de ar", "List", "Arabisch–Deutsch, Erfahrung in Kliniken", "Ärztin", None, arzt_ar=3),
    _offer("interpreting", "de ar", "Ahlem", "Dolmetschen bei Ämtern", "", 10, arzt_ar=2),
    _offer("interpreting", "de ar", "Garbsen", "Dolmetschen Arabisch beim Arzt", "", 3, arzt_ar=1),
    _offer("interpreting", "de fa", "Vahrenwald", "Dolmetschen Persisch beim Kinderarzt", "", 10),
    _offer("interpreting", "de tr", "Vahrenwald", "Dolmetsche Türkisch beim Arzt", "", 10),
    _offer("language_support", "de ar", "Vahrenwald", "Deutschunterricht für arabische Familien", "", 5, arzt_ar=1),
    _offer("other", "de", "Vahrenwald", "Fahrdienst zu Arztterminen mit dem eigenen Auto", "", 10),
    _offer("mentoring", "de", "Vahrenwald", "Begleitung zum Kinderarzt, leider nur Deutsch", "", 5),
    _offer("donation", "de", "Vahrenwald", "Kinderwagen und Babykleidung", "", None),
    # ── amt_prs: Dari at the foreigners' office ─────────────────────────────────────────────────
    _offer("interpreting", "de prs fa", "Mitte", "Dari und Farsi, Begleitung zu Behörden", "", 10, amt_prs=3),
    _offer("interpreting", "de prs", "Oststadt", "Dolmetschen Dari, Ausländerbehörde kenne ich gut", "", 5,
           amt_prs=3),
    _offer("interpreting", "de prs", "Linden-Nord", "Dolmetschen auch kurzfristig", "War Lehrer in Kabul", 10,
           amt_prs=2),
    _offer("interpreting", "de prs ps", "Garbsen", "Dolmetsche Dari bei Ämtern", "", 3, amt_prs=1),
    _offer("interpreting", "de fa", "Mitte", "Farsi-Dolmetscherin für die Ausländerbehörde", "", 10),
    _offer("interpreting", "de ps", "Mitte", "Paschtu, Begleitung zur Ausländerbehörde", "", 10),
    _offer("mentoring", "de", "Mitte", "Begleitung bei Behördengängen, Ausländerbehörde", "", 10),
    _offer("interpreting", "de ar", "Mitte", "Arabisch, Termine bei der Ausländerbehörde", "", 10),
    _offer("language_support", "de prs", "Mitte", "Deutsch für Anfänger", "", 10, amt_prs=1),
    _offer("other", "de", "Mitte", "Rechtsberatung zum Aufenthaltsrecht vermitteln", "Juristin", 10),
    _offer("donation", "de", "Mitte", "Laptop mit Ladegerät", "", None),
    # ── jobcenter_uk: Ukrainian at the job centre ───────────────────────────────────────────────
    _offer("interpreting", "de uk ru", "Linden-Nord", "Ukrainisch und Russisch, Jobcenter-Termine", "", 5,
           jobcenter_uk=3),
    _offer("interpreting", "de uk", "Linden-Süd", "Dolmetsche Ukrainisch bei Ämtern", "Ingenieurin aus Charkiw",
           10, jobcenter_uk=3),
    _offer("interpreting", "de uk", "Ahlem", "Ukrainisch, am liebsten telefonisch", "", 10, jobcenter_uk=2),
    _offer("interpreting", "de uk ru", "Misburg-Nord", "Dolmetschen Ukrainisch", "", 3, jobcenter_uk=1),
    _offer("interpreting", "de ru", "Linden-Nord", "Russisch-Dolmetscherin für das Jobcenter", "", 10),
    _offer("interpreting", "de pl", "Linden-Nord", "Polnisch beim Jobcenter", "", 10),
    _offer("mentoring", "de uk", "Linden-Nord", "Hilfe mit Jobcenter-Anträgen und Formularen", "", 10,
           jobcenter_uk=1),
    _offer("language_support", "de", "Linden-Nord", "Deutsch für Ukrainerinnen", "", 10),
    _offer("other", "de", "Linden-Nord", "Bewerbungsfotos kostenlos", "", 10),
    _offer("donation", "de", "Linden-Nord", "Geschirr und Töpfe", "", None),
    _offer("housing", "de uk", "Linden-Nord", "Zimmer in WG", "", None, 1),
    # ── hausaufgaben: homework help ─────────────────────────────────────────────────────────────
    _offer("language_support", "de ar", "Sahlkamp", "Hausaufgabenhilfe in Mathe und Deutsch bis Klasse 6", "", 5,
           hausaufgaben=3),
    _offer("language_support", "de", "Bothfeld", "Hausaufgabn Hilfe für Grundschüler", "Grundschullehrerin", 5,
           hausaufgaben=3),
    _offer("language_support", "de fa", "Vahrenheide", "Nachhilfe für Kinder", "Lehramtsstudentin", 10,
           hausaufgaben=3),
    _offer("language_support", "de", "Sahlkamp", "Vorlesen für Kinder in der Bibliothek", "", 5, hausaufgaben=1),
    _offer("language_support", "de", "Ricklingen", "Hausaufgabenhilfe", "", 3, hausaufgaben=1),
    _offer("minors_support", "de", "Sahlkamp", "Nachhilfe in Mathe für die Berufsschule", "", 5, hausaufgaben=1),
    _offer("mentoring", "de", "Sahlkamp", "Hilfe bei Hausaufgaben und Elternbriefen für Familien", "", 5,
           hausaufgaben=2),
    _offer("donation", "de", "Sahlkamp", "Schulranzen und Hefte für Grundschulkinder", "", None),
    _offer("interpreting", "de ar", "Sahlkamp", "Arabisch für Elterngespräche", "", 5),
    _offer("other", "de", "Sahlkamp", "Computerkurs für Anfänger", "", 5),
    _offer("premises", "de", "Sahlkamp", "Gemeinschaftsraum für Hausaufgabengruppen", "", None),
    # ── deutsch_frauen: German course for women ─────────────────────────────────────────────────
    _offer("language_support", "de ar", "Mühlenberg", "Deutschkurs A1 für Frauen, DaF-Zertifikat", "", 5,
           deutsch_frauen=3),
    _offer("language_support", "de", "Ricklingen", "Deutschunterricht für Anfängerinnen", "Lehrerin", 10,
           deutsch_frauen=3),
    _offer("language_support", "de ps", "Bornum", "Deutsch lernen mit Frauen, auch mit Kindern", "", 10,
           deutsch_frauen=3),
    _offer("language_support", "de", "Wettbergen", "Deutschuntericht für Erwachsene", "", 10, deutsch_frauen=2),
    _offer("language_support", "de", "Bothfeld", "Deutschkurs für Frauen", "", 3, deutsch_frauen=1),
    _offer("language_support", "de", "Mühlenberg", "Gesprächsrunde für Frauen", "", 5, deutsch_frauen=2),
    _offer("minors_support", "de", "Mühlenberg", "Kinderbetreuung während Kursen", "Erzieherin", 5,
           deutsch_frauen=1),
    _offer("other", "de", "Mühlenberg", "Yoga für Frauen", "", 5),
    _offer("interpreting", "de ar", "Mühlenberg", "Arabisch für Frauen beim Frauenarzt", "", 5),
    _offer("donation", "de", "Mühlenberg", "Deutschbücher und Wörterbücher", "", None),
    _offer("mentoring", "de", "Mühlenberg", "Frauen im Alltag begleiten", "", 5, deutsch_frauen=1),
    # ── sprachcafe: conversation café ───────────────────────────────────────────────────────────
    _offer("language_support", "de uk", "Nordstadt", "Sprachcafé einmal pro Woche", "", 5, sprachcafe=3),
    _offer("language_support", "de ru", "Vahrenwald", "Gesprächsrunde auf Deutsch, Konversation", "", 10,
           sprachcafe=3),
    _offer("language_support", "de", "Mitte", "Sprachcafe in der Stadtteilbibliothek", "", 10, sprachcafe=2),
    _offer("language_support", "de", "Kirchrode", "Sprachcafé", "", 3, sprachcafe=1),
    _offer("language_support", "de", "Nordstadt", "Deutsch üben beim Spazierengehen", "", 5, sprachcafe=2),
    _offer("other", "de", "Nordstadt", "Kuchen backen für Veranstaltungen", "Köchin", 5),
    _offer("premises", "de", "Nordstadt", "Café-Raum für Gesprächsrunden, abends frei", "", None),
    _offer("interpreting", "de uk", "Nordstadt", "Ukrainisch dolmetschen", "", 5),
    _offer("mentoring", "de", "Nordstadt", "Patenschaft für eine Familie", "", 5, sprachcafe=1),
    _offer("donation", "de", "Nordstadt", "Tassen und Teekannen", "", None),
    _offer("minors_support", "de", "Nordstadt", "Musik machen mit Jugendlichen", "", 5),
    # ── wohnungssuche: help finding a flat ──────────────────────────────────────────────────────
    _offer("mentoring", "de", "Misburg-Nord", "Ich helfe bei der Wohnungssuche und bei Besichtigungen", "", 10,
           wohnungssuche=3),
    _offer("mentoring", "de", "Kleefeld", "Wohnungsuche: Anzeigen, Makler, Unterlagen", "Bankkaufmann", 10,
           wohnungssuche=3),
    _offer("mentoring", "de", "Groß-Buchholz", "Begleitung bei Behördengängen und Formularen", "", 10,
           wohnungssuche=2),
    _offer("mentoring", "de", "Ahlem", "Hilfe bei der Wohnungssuche", "", 3, wohnungssuche=1),
    _offer("housing", "de", "Misburg-Nord", "Wohnung zu vermieten, 3 Zimmer", "", None, 4),
    _offer("housing", "de", "Misburg-Nord", "Zimmer frei für eine Person", "", None, 1),
    _offer("other", "de", "Misburg-Nord", "Umzugshilfe mit Transporter", "", 10, wohnungssuche=1),
    _offer("language_support", "de", "Misburg-Nord", "Deutsch für Wohnungsbewerbungen und Telefonate", "", 10,
           wohnungssuche=1),
    _offer("donation", "de", "Misburg-Nord", "Möbel für die erste Wohnung", "", None),
    _offer("interpreting", "de ar", "Misburg-Nord", "Arabisch bei Wohnungsbesichtigungen", "", 10),
    _offer("minors_support", "de", "Misburg-Nord", "Ausflüge am Wochenende", "", 10),
    # ── bewerbung: job applications ─────────────────────────────────────────────────────────────
    _offer("mentoring", "de en", "Südstadt", "Unterstützung bei Bewerbungen und beim Lebenslauf", "", 5,
           bewerbung=3),
    _offer("mentoring", "de", "Bult", "Bewerbungstraining, Vorstellungsgespräche üben", "Personalerin", 5,
           bewerbung=3),
    _offer("mentoring", "de en", "Döhren", "Hilfe bei Bewerbungsunterlagen und Jobsuche", "", 10, bewerbung=3),
    _offer("mentoring", "de", "Stöcken", "Bewerbungen schreiben", "", 3, bewerbung=1),
    _offer("other", "de", "Südstadt", "Ich mache gern kostenlos Bewerbungsfotos", "", 10, bewerbung=1),
    _offer("other", "de", "Südstadt", "Computerkurs: E-Mail, Online-Formulare, Bewerbungen", "", 10, bewerbung=2),
    _offer("language_support", "de", "Südstadt", "Berufsdeutsch für Erwachsene", "", 10, bewerbung=1),
    _offer("minors_support", "de", "Südstadt", "Begleitung zur Berufsberatung und zu Praktika", "", 10,
           bewerbung=1),
    _offer("interpreting", "de en", "Südstadt", "Englisch dolmetschen bei Vorstellungsgesprächen", "", 10),
    _offer("donation", "de", "Südstadt", "Anzüge und Hemden für Vorstellungsgespräche", "", None),
    _offer("housing", "de", "Südstadt", "Einliegerwohnung", "", None, 2),
    # ── fussball: football training for teenagers ───────────────────────────────────────────────
    _offer("minors_support", "de", "Stöcken", "Fußballtraining im Verein, Jugendliche ab 14 willkommen",
           "Fußballtrainer (C-Lizenz)", 5, fussball=3),
    _offer("minors_support", "de ar", "Ledeburg", "Fussball mit Jugendlichen", "", 10, fussball=3),
    _offer("minors_support", "de", "Herrenhausen", "Sport und Bewegung für Jugendliche", "", 10, fussball=2),
    _offer("minors_support", "de", "Bemerode", "Fußballtraining", "", 3, fussball=1),
    _offer("mentoring", "de", "Stöcken", "Fussballtrainer, begleite gern Jugendliche", "", 10, fussball=2),
    _offer("donation", "de", "Stöcken", "Fußbälle und Trikots", "", None),
    _offer("minors_support", "de", "Stöcken", "Ausflüge: Museum, Zoo, Schwimmbad", "", 10, fussball=1),
    _offer("other", "de", "Stöcken", "Fahrdienst zum Training", "", 10),
    _offer("premises", "de", "Stöcken", "Sporthalle am Wochenende nutzbar", "", None),
    _offer("language_support", "de", "Stöcken", "Deutsch für Jugendliche", "", 10),
    _offer("minors_support", "de", "Stöcken", "Gemeinsam kochen und einkaufen üben", "", 10),
    # ── wohnung_familie: a flat for five ────────────────────────────────────────────────────────
    _offer("housing", "de", "List", "Wohnung mit 4 Zimmern, frei ab sofort", "", None, 6, wohnung_familie=3),
    _offer("housing", "de ar", "Vahrenwald", "Große Wohnung, 95 m²", "", None, 5, wohnung_familie=3),
    _offer("housing", "de", "Oststadt", "Haus mit Garten für eine Familie", "", None, 7, wohnung_familie=3),
    _offer("housing", "de", "Bemerode", "Wohnung, 3 Zimmer", "", None, 5, wohnung_familie=2),
    _offer("housing", "de", "List", "Zimmer in einer Zweier-WG", "", None, 1, wohnung_familie=1),
    _offer("housing", "de", "List", "Einliegerwohnung für zwei Personen", "", None, 2, wohnung_familie=1),
    _offer("mentoring", "de", "List", "Hilfe bei der Wohnungssuche für Familien", "", 10, wohnung_familie=1,
           wohnungssuche=3),
    _offer("premises", "de", "List", "Leerstehendes Ladenlokal", "", None),
    _offer("donation", "de", "List", "Möbel für eine Familienwohnung", "", None),
    _offer("other", "de", "List", "Umzüge mit dem Transporter", "", 10),
    _offer("housing", "de", "Garbsen", "Wohnung für Familie, 5 Zimmer", "", None, 6, wohnung_familie=2),
    # ── lager: storage room ─────────────────────────────────────────────────────────────────────
    _offer("premises", "de", "Bemerode", "Lagerraum, trocken und abschließbar, 50 m²", "", None, lager=3),
    _offer("premises", "de", "Kirchrode", "Kellerraum als Lager für Spenden", "", None, lager=3),
    _offer("premises", "de", "Bemerode", "Gemeindesaal, abends nutzbar", "", None, lager=1),
    _offer("premises", "de", "Stöcken", "Lagerhalle, beheizbar", "", None, lager=2),
    _offer("premises", "de", "Wülferode", "Garage als Lagerfläche", "", None, lager=3),
    _offer("housing", "de", "Bemerode", "Zimmer mit Abstellraum", "", None, 1),
    _offer("donation", "de", "Bemerode", "Regale und Kleiderständer für ein Lager", "", None, lager=1),
    _offer("other", "de", "Bemerode", "Hilfe beim Sortieren von Kleiderspenden", "", 10, lager=1),
    _offer("mentoring", "de", "Bemerode", "Begleitung zu Ämtern", "", 10),
    _offer("donation", "de", "Bemerode", "Kleiderspenden: Jacken und Hosen", "", None),
    _offer("language_support", "de", "Bemerode", "Sprachcafé", "", 10),
    # ── winterjacken: winter jackets for children ───────────────────────────────────────────────
    _offer("donation", "de", "Döhren", "Winterjacken für Kinder, Größe 116–140", "", None, winterjacken=3),
    _offer("donation", "de", "Waldhausen", "Kinder Winterjacke Gr. 146", "", None, winterjacken=3),
    _offer("donation", "de", "Südstadt", "Wintrjacken und Mützen für Kinder", "", None, winterjacken=3),
    _offer("donation", "de", "Döhren", "Winterstiefel für Kinder", "", None, winterjacken=2),
    _offer("donation", "de", "Döhren", "Kinderkleidung Größe 122–152", "", None, winterjacken=2),
    _offer("donation", "de", "Döhren", "Herrenschuhe Größe 42", "", None, winterjacken=1),
    _offer("donation", "de", "Döhren", "Kinderfahrrad 20 Zoll", "", None, fahrraeder=2),
    _offer("donation", "de", "Döhren", "Winterjacken Damen Größe 40", "", None, winterjacken=1),
    _offer("other", "de", "Döhren", "Sammle Winterkleidung und bringe sie vorbei", "", 10, winterjacken=1),
    _offer("minors_support", "de", "Döhren", "Ausflüge im Winter für Kinder", "", 10),
    _offer("housing", "de", "Döhren", "Winterquartier: Zimmer frei", "", None, 1),
    # ── fahrraeder: children's bicycles ─────────────────────────────────────────────────────────
    _offer("donation", "de", "Ricklingen", "Kinderfahrrad 20 Zoll und Damenrad 28 Zoll", "", None, fahrraeder=3),
    _offer("donation", "de", "Oberricklingen", "Zwei Kinderräder mit Helm", "", None, fahrraeder=3),
    _offer("donation", "de", "Linden-Süd", "Fahrrad für Kinder, 16 Zoll", "", None, fahrraeder=3),
    _offer("donation", "de", "Ricklingen", "Fahrradhelme für Kinder", "", None, fahrraeder=2),
    _offer("minors_support", "de", "Ricklingen", "Fahrradwerkstatt: Räder reparieren und Verkehrsregeln lernen",
           "Fahrradmechaniker", 5, fahrraeder=2),
    _offer("other", "de", "Ricklingen", "Ich repariere Fahrräder", "", 10, fahrraeder=2),
    _offer("donation", "de", "Ricklingen", "Kinderwagen und Autositz", "", None),
    _offer("donation", "de", "Ricklingen", "Lego und Brettspiele", "", None),
    _offer("mentoring", "de", "Ricklingen", "Radfahren lernen für Erwachsene", "", 10),
    _offer("donation", "de", "Ricklingen", "Damenfahrrad", "", None, fahrraeder=1),
    _offer("donation", "de", "Ricklingen", "Roller und Inliner für Kinder", "", None, fahrraeder=1),
    # ── transport: van for furniture donations ──────────────────────────────────────────────────
    _offer("other", "de", "Kleefeld", "Ich kann mit meinem Transporter Möbel abholen und ausliefern", "", 10,
           transport=3),
    _offer("other", "de", "Groß-Buchholz", "Umzugshilfe, habe einen Sprinter", "Busfahrer", 10, transport=3),
    _offer("other", "de", "Kleefeld", "Fahrdienst zu Arztterminen mit dem eigenen Auto", "", 10, transport=1),
    _offer("other", "de", "Stöcken", "Möbeltransporte", "", 3, transport=1),
    _offer("donation", "de", "Kleefeld", "Kleiderschrank und Esstisch", "", None, transport=1),
    _offer("other", "de", "Kleefeld", "Kostenlose Haarschnitte", "", 10),
    _offer("other", "de", "Kleefeld", "Gemeinsam gärtnern im Kleingarten", "", 10),
    _offer("mentoring", "de", "Kleefeld", "Begleitung bei Umzug und Ummeldung", "", 10, transport=1),
    _offer("other", "de", "Heideviertel", "Möbel abholen mit Anhänger", "", 10, transport=3),
    _offer("housing", "de", "Kleefeld", "Wohnung möbliert", "", None, 2),
    _offer("premises", "de", "Kleefeld", "Garage für Möbelspenden", "", None),
    # ── elterngespraech_ti: Tigrinya at school ──────────────────────────────────────────────────
    _offer("interpreting", "de ti", "Bothfeld", "Tigrinya, Elterngespräche und Schule", "", 10,
           elterngespraech_ti=3),
    _offer("interpreting", "de ti am", "Sahlkamp", "Dolmetscherin Tigrinja", "Dolmetscherin (Ausbildung in Asmara)",
           10, elterngespraech_ti=3),
    _offer("interpreting", "de ti", "Linden-Süd", "Tigrinya dolmetschen", "", 25, elterngespraech_ti=2),
    _offer("interpreting", "de am", "Bothfeld", "Amharisch für Elterngespräche", "", 10),
    _offer("interpreting", "de so", "Bothfeld", "Somali in der Schule dolmetschen", "", 10),
    _offer("language_support", "de ti", "Bothfeld", "Hausaufgaben mit eritreischen Kindern", "", 10,
           elterngespraech_ti=1),
    _offer("mentoring", "de", "Bothfeld", "Begleitung zu Elternabenden", "", 10),
    _offer("interpreting", "de ar", "Bothfeld", "Arabisch beim Elternsprechtag", "", 10),
    _offer("other", "de", "Bothfeld", "Elterncafé organisieren", "", 10),
    _offer("donation", "de", "Bothfeld", "Schulsachen", "", None),
    _offer("interpreting", "de ti", "Garbsen", "Tigrinya", "", 3, elterngespraech_ti=1),
)  # fmt: skip
