"""Fictional sample data for `flask demo load`: names, places, texts, needs."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.models import Role
from app.needs.models import Urgency
from app.offers.models import OfferKind
from app.organisations.models import OrganisationKind

SEED = 2026
PEOPLE = 200
ADMIN_EMAIL = "admin@demo.helfernetz.invalid"

# --- Accounts and organisations ------------------------------------------------

#: (role, email, display name); the organisation member belongs to the first organisation.
ACCOUNTS = (
    (Role.ADMIN, ADMIN_EMAIL, "Petra Sommer (Administration)"),
    (Role.COORDINATOR, "koordination@demo.helfernetz.invalid", "Jonas Albers (Koordinierungsstelle)"),
    (Role.HOTLINE, "hotline@demo.helfernetz.invalid", "Leyla Aydın (Hotline)"),
    (Role.ORG_MEMBER, "unterkunft@demo.helfernetz.invalid", "Thomas Wendt (Unterkunft Am Listholze)"),
)

#: (name, kind, Stadtteil, mail box at example.org)
ORGANISATIONS = (
    ("Gemeinschaftsunterkunft Am Listholze", OrganisationKind.SHARED_HOUSING, "List", "gu-listholze"),
    ("Unterstützerkreis Linden-Süd", OrganisationKind.NEIGHBOURHOOD_NETWORK, "Linden-Süd", "uk-linden-sued"),
    ("Gemeinschaftsunterkunft Vahrenheider Markt", OrganisationKind.SHARED_HOUSING, "Vahrenheide", "gu-vahrenheide"),
    ("Notunterkunft Sporthalle Mühlenberg", OrganisationKind.EMERGENCY_SHELTER, "Mühlenberg", "nu-muehlenberg"),
    ("Wohnprojekt Nachbarschaftshaus Sahlkamp", OrganisationKind.HOUSING_PROJECT, "Sahlkamp", "wp-sahlkamp"),
    ("Unterstützerkreis Nordstadt hilft", OrganisationKind.NEIGHBOURHOOD_NETWORK, "Nordstadt", "nordstadt-hilft"),
    ("Gemeinschaftsunterkunft Misburg-Nord", OrganisationKind.SHARED_HOUSING, "Misburg-Nord", "gu-misburg"),
    ("Notunterkunft Alte Gewerbehalle Bemerode", OrganisationKind.EMERGENCY_SHELTER, "Bemerode", "nu-bemerode"),
    ("Willkommensnetz Ricklingen", OrganisationKind.NEIGHBOURHOOD_NETWORK, "Ricklingen", "willkommen-ricklingen"),
    ("Wohnprojekt Gartenhof Döhren", OrganisationKind.HOUSING_PROJECT, "Döhren", "wp-doehren"),
    ("Gemeinschaftsunterkunft Stöckener Bogen", OrganisationKind.SHARED_HOUSING, "Stöcken", "gu-stoecken"),
    ("Unterstützerkreis Groß-Buchholz", OrganisationKind.NEIGHBOURHOOD_NETWORK, "Groß-Buchholz", "uk-buchholz"),
)

#: Generic street names found in almost every German town; no real address is meant.
STREETS = (
    "Musterstraße", "Lindenallee", "Schulstraße", "Gartenweg", "Am Markt", "Birkenweg",
    "Kirchweg", "Wiesenstraße", "Bahnhofstraße", "Am Sportplatz", "Feldstraße", "Ahornweg",
)  # fmt: skip

#: Postcodes outside the city that the national list knows (Hannover region and beyond).
OUTSIDE_POSTCODES = ("30827", "31134", "30880", "10115", "30855", "30926")

#: Fixed-line blocks reserved for fiction: prefix and first part of the number.
DRAMA_BLOCKS = (("030", "23125"), ("040", "66969"), ("069", "90009"), ("0221", "4710"), ("089", "99998"))

# --- People ----------------------------------------------------------------------


@dataclass(frozen=True)
class Origin:
    """Where a group of volunteers comes from: names and the languages they tend to speak."""

    weight: int
    women: tuple[str, ...]
    men: tuple[str, ...]
    last_names: tuple[str, ...]
    #: One of these is the native language.
    native: tuple[str, ...]
    #: (code, level, probability) of a further language.
    extra: tuple[tuple[str, str, float], ...] = ()


ORIGINS = (
    Origin(
        54,
        ("Anna", "Birgit", "Claudia", "Elke", "Gisela", "Ingrid", "Katrin", "Maren", "Petra", "Renate",
         "Sabine", "Ute", "Lea", "Marie", "Sophie", "Helga", "Monika", "Friederike", "Svenja", "Kerstin"),
        ("Dieter", "Frank", "Hans-Jürgen", "Jan", "Lukas", "Niklas", "Ole", "Thomas", "Wolfgang", "Jonas",
         "Paul", "Klaus", "Henrik", "Tobias", "Jens", "Bernd", "Malte", "Stefan", "Uwe", "Finn"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
         "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann",
         "Krüger", "Hartmann", "Lange", "Werner", "Krause", "Lehmann", "Köhler", "Brandt", "Behrens",
         "Ahrens", "Kruse", "Janssen", "Böhm", "Voigt", "Bartels", "Harms", "Oltmanns"),
        ("de",),
        (("en", "fluent", 0.55), ("fr", "good", 0.2), ("es", "good", 0.1), ("ru", "good", 0.05),
         ("it", "good", 0.05), ("tr", "good", 0.03), ("ar", "good", 0.03)),
    ),
    Origin(
        10,
        ("Fatima", "Rania", "Layla", "Nour", "Huda", "Amal", "Rasha", "Dima"),
        ("Ahmad", "Mohammed", "Omar", "Khaled", "Samir", "Yusuf", "Tarek", "Bilal"),
        ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Mansour", "Saleh", "Darwish", "Hamdan", "Ibrahim"),
        ("ar",),
        (("en", "good", 0.4), ("kmr", "fluent", 0.1), ("fr", "good", 0.1), ("tr", "good", 0.05)),
    ),
    Origin(
        5,
        ("Maryam", "Zahra", "Parisa", "Shirin", "Nasrin"),
        ("Reza", "Hamid", "Farid", "Omid", "Babak"),
        ("Ahmadi", "Hosseini", "Karimi", "Rahimi", "Sadeghi", "Rezaei", "Jafari"),
        ("fa",),
        (("en", "good", 0.4), ("prs", "fluent", 0.2)),
    ),
    Origin(
        5,
        ("Mariam", "Fereshta", "Nilofar", "Sahar", "Laila"),
        ("Ali", "Mustafa", "Naveed", "Habib", "Sami"),
        ("Noori", "Azizi", "Sultani", "Popal", "Safi", "Hakimi"),
        ("prs",),
        (("ps", "fluent", 0.4), ("fa", "fluent", 0.4), ("ur", "good", 0.1), ("en", "good", 0.3)),
    ),
    Origin(
        8,
        ("Olena", "Iryna", "Natalia", "Svitlana", "Oksana", "Yulia"),
        ("Andrij", "Oleksandr", "Dmytro", "Taras", "Serhij", "Bohdan"),
        ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Kravets", "Boyko", "Lysenko"),
        ("uk",),
        (("ru", "fluent", 0.8), ("en", "good", 0.4), ("pl", "good", 0.1)),
    ),
    Origin(
        7,
        ("Ayşe", "Elif", "Zeynep", "Derya", "Gülay", "Emine"),
        ("Mehmet", "Emre", "Hasan", "Murat", "Serkan", "Cem"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan", "Doğan"),
        ("tr",),
        (("kmr", "fluent", 0.2), ("en", "good", 0.3)),
    ),
    Origin(
        3,
        ("Rojin", "Dilan", "Berfin", "Hêvî"),
        ("Baran", "Azad", "Şiyar", "Rêber"),
        ("Bozan", "Amed", "Dersim", "Zana", "Berzani"),
        ("kmr", "ckb"),
        (("ar", "fluent", 0.5), ("tr", "fluent", 0.4), ("fa", "good", 0.2)),
    ),
    Origin(
        2,
        ("Senait", "Helen", "Selam", "Luwam"),
        ("Yonas", "Dawit", "Tesfay", "Filmon"),
        ("Tesfaye", "Gebremedhin", "Haile", "Kidane", "Tekle"),
        ("ti",),
        (("am", "fluent", 0.3), ("ar", "good", 0.3), ("en", "good", 0.5)),
    ),
    Origin(
        1,
        ("Hiwot", "Meseret", "Tigist"),
        ("Abebe", "Bereket", "Solomon"),
        ("Bekele", "Mengistu", "Alemu", "Tadesse"),
        ("am",),
        (("en", "fluent", 0.6),),
    ),
    Origin(
        2,
        ("Hodan", "Amina", "Ifrah", "Sahra"),
        ("Abdi", "Mahad", "Liban", "Yasin"),
        ("Abdullahi", "Warsame", "Farah", "Omar", "Jama"),
        ("so",),
        (("ar", "good", 0.4), ("en", "good", 0.5)),
    ),
    Origin(
        2,
        ("Blerta", "Arta", "Milica", "Jelena"),
        ("Arben", "Driton", "Dragan", "Nikola"),
        ("Krasniqi", "Berisha", "Gashi", "Petrović", "Jovanović", "Nikolić"),
        ("sq", "sr"),
        (("en", "good", 0.3), ("it", "good", 0.1)),
    ),
    Origin(
        2,
        ("Marta", "Agnieszka", "Ioana", "Elena"),
        ("Piotr", "Tomasz", "Andrei", "Mihai"),
        ("Kowalski", "Nowak", "Wiśniewski", "Popescu", "Ionescu", "Dumitru"),
        ("pl", "ro"),
        (("en", "good", 0.5), ("ru", "good", 0.1)),
    ),
    Origin(
        1,
        ("Sana", "Ayesha", "Hina"),
        ("Imran", "Faisal", "Usman"),
        ("Khan", "Qureshi", "Malik", "Chaudhry"),
        ("ur",),
        (("en", "fluent", 0.8), ("ps", "good", 0.1)),
    ),
)  # fmt: skip

#: (text, "f"/"m"/"" for who may say it, a language the speaker needs or "")
SKILLS = (
    ("Grundschullehrerin im Ruhestand", "f", ""),
    ("Gymnasiallehrer im Ruhestand (Deutsch, Geschichte)", "m", ""),
    ("Arzt, spreche Arabisch", "m", "ar"),
    ("Ärztin (Allgemeinmedizin), Approbation in Deutschland", "f", ""),
    ("Apothekerin aus Aleppo, Anerkennung läuft", "f", "ar"),
    ("Schreiner", "m", ""),
    ("Sozialarbeiterin", "f", ""),
    ("Studentin Lehramt Deutsch/Englisch", "f", ""),
    ("Krankenpfleger", "m", ""),
    ("Busfahrer, habe einen Transporter", "m", ""),
    ("Rentnerin, habe viel Zeit und Geduld", "f", ""),
    ("IT-Administrator, helfe gern bei Handy und Laptop", "m", ""),
    ("Steuerberaterin, kenne mich mit Formularen aus", "f", ""),
    ("Erzieherin", "f", ""),
    ("Fußballtrainer (C-Lizenz)", "m", ""),
    ("Schneiderin", "f", ""),
    ("Elektriker", "m", ""),
    ("Bankkaufmann im Ruhestand", "m", ""),
    ("Juristin, Schwerpunkt Aufenthaltsrecht", "f", ""),
    ("Hebamme", "f", ""),
    ("Köchin", "f", ""),
    ("Fahrradmechaniker", "m", ""),
    ("Musiklehrer (Gitarre)", "m", ""),
    ("War Lehrer in Kabul, jetzt Pflegehelfer", "m", "prs"),
    ("Ingenieurin aus Charkiw", "f", "uk"),
    ("Buchhalterin, arbeite zurzeit im Lager", "f", "uk"),
    ("Friseurmeisterin", "f", "tr"),
    ("Medizinstudent im 8. Semester", "m", ""),
    ("Dolmetscherin (Ausbildung in Asmara)", "f", "ti"),
    ("Maler und Lackierer", "m", ""),
)

#: The choices the offer form gives (km); ``None`` is "keine Angabe".
TRAVEL_RADII = (1, 3, 5, 10, 25, None)

# --- Offer texts -------------------------------------------------------------------

LANGUAGE_SUPPORT_TEXTS = (
    "Ich habe 35 Jahre an einer Grundschule unterrichtet und würde gern Kindern beim Lesenlernen helfen.",
    "Sprachcafé einmal pro Woche, gern in der Stadtteilbibliothek.",
    "Kann Deutsch für Anfänger (A1/A2) unterrichten, habe ein DaF-Zertifikat.",
    "Hausaufgabenhilfe in Mathe und Deutsch bis Klasse 7.",
    "Gesprächsrunde für Frauen, gern mit Kinderbetreuung nebenan.",
    None,
)
INTERPRETING_TEXTS = (
    "Auch kurzfristig, am liebsten vormittags.",
    "Medizinische Begriffe sind kein Problem, ich arbeite im Krankenhaus.",
    "Am liebsten telefonisch oder per Video.",
    "Habe Erfahrung mit Terminen im Jobcenter und bei der Ausländerbehörde.",
    None,
)
MENTORING_TEXTS = (
    "Wir sind eine Familie mit zwei Kindern (8 und 11) und würden gern eine Familie begleiten.",
    "Ich kenne mich mit Behörden aus und habe ein Auto.",
    "Unterstützung bei Bewerbungen und beim Lebenslauf.",
    "Ich kenne viele Vermieterinnen und Vermieter im Stadtteil und helfe bei der Wohnungssuche.",
    None,
)
MINORS_ACTIVITIES = (
    "Fußballtraining im Verein, Jugendliche ab 14 sind willkommen.",
    "Gemeinsam kochen und einkaufen üben.",
    "Fahrradwerkstatt: Räder reparieren und Verkehrsregeln lernen.",
    "Nachhilfe in Mathe für die Berufsschule.",
    "Ausflüge am Wochenende: Museum, Zoo, Schwimmbad.",
    "Begleitung zur Berufsberatung und zu Praktika.",
    "Musik machen: Gitarre und Trommeln, Instrumente bringe ich mit.",
)
HOUSING_TEXTS = (
    "Einliegerwohnung im Souterrain mit eigenem Eingang.",
    "Zimmer in einer Zweier-WG, Küche und Bad werden geteilt.",
    "Die Wohnung meiner Mutter steht leer, gern langfristig.",
    "Nichtraucherwohnung, Haustiere leider nicht möglich.",
    None,
)
#: housing type: (m², rooms, persons, warm rent) ranges
HOUSING_SIZES = {
    "room": ((10, 22), (1, 1), (1, 2), (250, 450)),
    "flat": ((35, 95), (1, 4), (1, 5), (450, 1200)),
    "house": ((90, 160), (4, 6), (4, 8), (1100, 1900)),
}
#: (type, m² range, conditions, description)
PREMISES = (
    ("room", (30, 80), "Gemeindesaal, abends und am Wochenende nutzbar, Küche vorhanden.", None),
    ("office", (15, 40), "Büroraum mit vier Arbeitsplätzen und WLAN, werktags 8–18 Uhr.", None),
    ("building", (200, 600), "Leerstehendes Ladenlokal mit Lager, Miete verhandelbar.", "Toiletten vorhanden."),
    ("land", (800, 3000), "Brachfläche ohne Strom- und Wasseranschluss, mietfrei für gemeinnützige Nutzung.", None),
    ("hall", (400, 1500), "Ehemalige Lagerhalle, beheizbar, Nebenkosten nach Absprache.", "Zufahrt für Lkw."),
)
#: (categories, items, quantity range, condition)
DONATIONS = (
    (["clothing"], "Winterjacken für Kinder, Größe 116–140", (3, 8), "good"),
    (["clothing"], "Herrenschuhe Größe 42–44, kaum getragen", (2, 5), "good"),
    (["furniture"], "Kleiderschrank (2 m breit) und Esstisch mit vier Stühlen", (5, 5), "used"),
    (["furniture"], "Zwei Einzelbetten mit Matratzen", (2, 2), "good"),
    (["household"], "Geschirr, Töpfe und Besteck für einen Haushalt", (20, 40), "used"),
    (["toys"], "Lego, Puzzles und Brettspiele", (10, 20), "good"),
    (["school"], "Schulranzen und Federmappen", (4, 10), "new"),
    (["hygiene"], "Windeln Größe 4 und 5, originalverpackt", (6, 12), "new"),
    (["electronics"], "Laptop, fünf Jahre alt, funktioniert, Ladegerät dabei", (1, 1), "used"),
    (["electronics"], "Waschmaschine, voll funktionsfähig", (1, 1), "used"),
    (["bicycles"], "Kinderfahrrad 20 Zoll und Damenrad 28 Zoll", (2, 2), "used"),
    (["clothing", "toys"], "Babykleidung Größe 62–86 und Kuscheltiere", (15, 30), "good"),
    (["household", "furniture"], "Komplette Küchenzeile, muss selbst abgebaut werden", (1, 1), "used"),
    (["other"], "Kinderwagen und Kindersitz fürs Auto", (2, 2), "good"),
)
OTHER_TEXTS = (
    "Ich kann mit meinem Transporter Möbel abholen und ausliefern.",
    "Kostenlose Haarschnitte einmal im Monat in der Unterkunft.",
    "Computerkurs für Anfänger: E-Mail, Online-Formulare, Bewerbungen.",
    "Gemeinsam gärtnern in meinem Kleingarten.",
    "Ich mache gern kostenlos Bewerbungsfotos.",
    "Yoga für Frauen, einen Raum habe ich.",
    "Fahrdienst zu Arztterminen mit meinem eigenen Auto.",
)

#: Weight of each kind when a volunteer's offers are drawn.
KIND_WEIGHTS = {
    OfferKind.LANGUAGE_SUPPORT: 22,
    OfferKind.INTERPRETING: 16,
    OfferKind.MENTORING: 16,
    OfferKind.MINORS_SUPPORT: 9,
    OfferKind.HOUSING: 6,
    OfferKind.PREMISES: 3,
    OfferKind.DONATION: 20,
    OfferKind.OTHER: 8,
}

# --- Needs -------------------------------------------------------------------------------

#: (kind, title, description, required languages, helpful languages, quantity, urgency)
NEEDS = (
    (OfferKind.INTERPRETING, "Dolmetschen Arabisch für Arzttermine",
     "Zwei Familien haben in den nächsten Wochen Termine in der Kinderklinik und beim Zahnarzt, meist vormittags.",
     ["ar"], [], 2, Urgency.HIGH),
    (OfferKind.INTERPRETING, "Dolmetschen Dari bei der Ausländerbehörde",
     "Begleitung eines jungen Mannes zu zwei Terminen; die Unterlagen liegen vor.", ["prs"], ["fa", "ps"], 1,
     Urgency.HIGH),
    (OfferKind.INTERPRETING, "Tigrinya für Elterngespräche in der Grundschule",
     "Elternsprechtag und ein Gespräch mit der Klassenlehrerin.", ["ti"], ["am"], 1, Urgency.NORMAL),
    (OfferKind.INTERPRETING, "Dolmetschen Ukrainisch beim Jobcenter",
     "Mehrere Erstgespräche im Jobcenter, jeweils etwa eine Stunde.", ["uk"], ["ru"], 2, Urgency.NORMAL),
    (OfferKind.INTERPRETING, "Kurmancî für die Beratung im Familienzentrum",
     "Monatliche Sprechstunde der Familienberatung, dienstags nachmittags.", ["kmr"], ["tr", "ar"], 1,
     Urgency.NORMAL),
    (OfferKind.INTERPRETING, "Somali für Termine bei der Hebamme",
     "Eine Schwangere braucht Begleitung zu Vorsorgeterminen.", ["so"], [], 1, Urgency.HIGH),
    (OfferKind.LANGUAGE_SUPPORT, "Hausaufgabenhilfe Klasse 3–6",
     "Montags und mittwochs von 15 bis 17 Uhr im Gemeinschaftsraum, etwa zwölf Kinder.", [], ["ar", "fa"], 3,
     Urgency.NORMAL),
    (OfferKind.LANGUAGE_SUPPORT, "Deutschkurs für Anfängerinnen (A1) mit Kinderbetreuung",
     "Vormittags, zwei Lehrende und eine Person für die Kinderbetreuung gesucht.", [], ["ar", "ps", "prs"], 2,
     Urgency.NORMAL),
    (OfferKind.LANGUAGE_SUPPORT, "Sprachcafé mittwochs im Gemeinschaftsraum",
     "Ungezwungene Gespräche bei Tee und Kuchen, 18 bis 20 Uhr.", [], ["uk", "ru"], 2, Urgency.LOW),
    (OfferKind.LANGUAGE_SUPPORT, "Leseförderung für Grundschulkinder",
     "Vorlesen und gemeinsames Lesen in kleinen Gruppen.", [], [], 2, Urgency.LOW),
    (OfferKind.MENTORING, "Patenschaft für eine syrische Familie mit drei Kindern",
     "Die Familie ist vor kurzem in eine eigene Wohnung gezogen und sucht Anschluss im Stadtteil.", [], ["ar"], 1,
     Urgency.NORMAL),
    (OfferKind.MENTORING, "Begleitung bei der Wohnungssuche",
     "Hilfe bei Anzeigen, Besichtigungen und Unterlagen für drei Haushalte.", [], [], 3, Urgency.HIGH),
    (OfferKind.MENTORING, "Unterstützung bei Bewerbungen für junge Erwachsene",
     "Lebenslauf, Anschreiben und Vorbereitung auf Vorstellungsgespräche.", [], ["en"], 2, Urgency.NORMAL),
    (OfferKind.MENTORING, "Alltagsbegleitung für eine ältere Frau aus Charkiw",
     "Einkaufen, Arzttermine, ein bisschen Gesellschaft.", [], ["uk", "ru"], 1, Urgency.NORMAL),
    (OfferKind.MINORS_SUPPORT, "Fußballtraining für Jugendliche (14–17)",
     "Zwei Trainerinnen oder Trainer für eine gemischte Gruppe, einmal pro Woche.", [], [], 2, Urgency.NORMAL),
    (OfferKind.MINORS_SUPPORT, "Nachhilfe Mathe für die Berufsschule",
     "Drei Jugendliche in der Ausbildungsvorbereitung, Prüfungen im Frühjahr.", [], [], 2, Urgency.HIGH),
    (OfferKind.MINORS_SUPPORT, "Freizeitangebot am Wochenende für unbegleitete Jugendliche",
     "Ausflüge, Sport oder Kochen, samstags.", [], ["ps", "prs", "ti"], 3, Urgency.NORMAL),
    (OfferKind.MINORS_SUPPORT, "Begleitung zur Berufsberatung",
     "Ein 16-Jähriger möchte Elektriker werden und braucht Begleitung zu Terminen.", [], [], 1, Urgency.LOW),
    (OfferKind.HOUSING, "Wohnung für Familie mit vier Kindern",
     "Die Familie lebt seit 14 Monaten in der Unterkunft; die Aufenthaltserlaubnis liegt vor, das Jobcenter "
     "übernimmt die Miete.", [], ["ar"], 6, Urgency.HIGH),
    (OfferKind.HOUSING, "Zimmer für einen Auszubildenden",
     "Ausbildung zum Koch ab August, ruhiger Mieter, Nichtraucher.", [], [], 1, Urgency.NORMAL),
    (OfferKind.HOUSING, "Barrierefreie Wohnung für ein Ehepaar (Rollstuhl)",
     "Erdgeschoss oder Aufzug nötig, zwei Zimmer.", [], [], 2, Urgency.HIGH),
    (OfferKind.PREMISES, "Raum für Sprachcafé und Elterntreff",
     "Etwa 40 m², zweimal pro Woche nachmittags, gern mit Küche.", [], [], 1, Urgency.NORMAL),
    (OfferKind.PREMISES, "Lagerfläche für Kleiderspenden (ca. 40 m²)",
     "Trocken und abschließbar, gut mit dem Auto erreichbar.", [], [], 1, Urgency.HIGH),
    (OfferKind.DONATION, "Winterjacken Größe 122–152",
     "Für Kinder der Unterkunft, gern auch Mützen und Handschuhe.", [], [], 25, Urgency.HIGH),
    (OfferKind.DONATION, "Kinderfahrräder 16–24 Zoll mit Helmen",
     "Verkehrssicher oder leicht zu reparieren; eine Fahrradwerkstatt hilft.", [], [], 10, Urgency.NORMAL),
    (OfferKind.DONATION, "Schulranzen und Schulmaterial zum Schuljahresbeginn",
     "Ranzen, Hefte, Stifte, Federmappen.", [], [], 30, Urgency.NORMAL),
    (OfferKind.DONATION, "Waschmaschine für eine Familie in der ersten eigenen Wohnung",
     "Anschluss ist vorhanden; Transport können wir organisieren.", [], [], 1, Urgency.HIGH),
    (OfferKind.DONATION, "Hygieneartikel und Windeln (Größe 3–5)",
     "Originalverpackt, bitte keine angebrochenen Packungen.", [], [], 40, Urgency.NORMAL),
    (OfferKind.OTHER, "Fahrdienst für Möbelspenden (Transporter)",
     "Spenden im Stadtgebiet abholen, etwa zweimal im Monat.", [], [], 2, Urgency.NORMAL),
    (OfferKind.OTHER, "Hilfe beim Streichen der Gemeinschaftsräume",
     "An einem Samstag, Farbe und Material sind da.", [], [], 6, Urgency.LOW),
)  # fmt: skip


# --- Results ---------------------------------------------------------------------------
