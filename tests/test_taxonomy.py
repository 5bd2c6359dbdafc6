"""The classifier on a labelled set of real-looking eligible-applicant and call texts."""

from __future__ import annotations

import pytest

from tracker.text.classify import (
    classify_applicants,
    classify_applicants_with_evidence,
    classify_areas,
    classify_call_areas,
)

# (eligible-applicants text, expected applicant types)
APPLICANTS: list[tuple[str, set[str]]] = [
    ("obce", {"obec"}),
    ("Oprávněnými žadateli jsou obce a města.", {"obec"}),
    ("obcím do 3 000 obyvatel", {"obec"}),
    ("obce, městyse, města a městské části hl. m. Prahy", {"obec"}),
    ("statutární města", {"obec"}),
    ("kraje", {"kraj"}),
    ("Liberecký kraj", {"kraj"}),
    ("obce Libereckého kraje", {"obec"}),
    ("obce a jejich svazky se sídlem v Libereckém kraji", {"obec", "dso"}),
    ("kraje a jimi zřizované organizace", {"kraj", "prispevkova-organizace"}),
    ("organizace zřizované obcemi", {"prispevkova-organizace"}),
    ("organizace zřizované nebo zakládané obcemi nebo kraji", {"prispevkova-organizace"}),
    ("obce a organizace zřizované obcemi", {"obec", "prispevkova-organizace"}),
    ("příspěvkové organizace", {"prispevkova-organizace"}),
    ("PO zřizované krajem", {"prispevkova-organizace"}),
    ("dobrovolné svazky obcí", {"dso"}),
    ("DSO a MAS", {"dso", "mas"}),
    ("místní akční skupiny", {"mas"}),
    ("NNO", {"nno"}),
    ("nestátní neziskové organizace (spolky, obecně prospěšné společnosti, ústavy, církevní právnické osoby)",
     {"nno"}),
    ("o.p.s., z. s., z. ú.", {"nno"}),
    ("nadace a nadační fondy", {"nno"}),
    ("církve a církevní organizace", {"nno"}),
    ("školy a školská zařízení", {"skola"}),
    ("mateřské a základní školy", {"skola"}),
    ("školy a školská zařízení s výjimkou vysokých škol", {"skola"}),
    ("vysoké školy a výzkumné organizace", {"vysoka-skola"}),
    ("univerzity", {"vysoka-skola"}),
    ("poskytovatelé sociálních služeb zapsaní v registru", {"poskytovatel-socialnich-sluzeb"}),
    ("poskytovatelé registrovaných sociálních služeb", {"poskytovatel-socialnich-sluzeb"}),
    ("poskytovatelé zdravotních služeb", {"poskytovatel-zdravotnich-sluzeb"}),
    ("nemocnice", {"poskytovatel-zdravotnich-sluzeb"}),
    ("kraje, organizace zřizované kraji, poskytovatelé zdravotních služeb",
     {"kraj", "prispevkova-organizace", "poskytovatel-zdravotnich-sluzeb"}),
    ("ministerstva a organizační složky státu", {"statni-sprava"}),
    ("Úřad práce ČR", {"statni-sprava"}),
    ("zaměstnavatelé", {"podnikatel"}),
    ("OSVČ a MSP", {"podnikatel"}),
    ("malé a střední podniky", {"podnikatel"}),
    ("fyzické osoby podnikající", {"podnikatel"}),
    ("dopravci v závazku veřejné služby", {"podnikatel"}),
    ("obchodní společnosti vlastněné obcemi", {"podnikatel"}),
    ("fyzické osoby", {"fyzicka-osoba"}),
    ("obce, nestátní neziskové organizace a školy", {"obec", "nno", "skola"}),
    ("zaměstnavatelé, NNO, obce", {"podnikatel", "nno", "obec"}),
    ("Oprávněnými žadateli jsou obce. Oprávněnými žadateli nejsou příspěvkové organizace.", {"obec"}),
    ("NNO, obce a další", {"nno", "obec"}),
    ("všechny subjekty kromě podnikatelů", set()),
    ("po dohodě s řídicím orgánem", set()),
    ("obecně prospěšné společnosti", {"nno"}),
    ("obcim a mestum", {"obec"}),
    # the provider of the grant, a body that accredits, legal forms describing a type, students, members
    ("Poskytovatelem dotace je Liberecký kraj. Žadatelem mohou být spolky.", {"nno"}),
    ("Žadatelem může být spolek. Dotaci poskytuje město.", {"nno"}),
    ("Dotaci mohou od kraje získat spolky.", {"nno"}),
    ("Spolky s programem akreditovaným Ministerstvem vnitra", {"nno"}),
    ("soukromé vysoké školy (o.p.s., a.s., s.r.o.)", {"vysoka-skola"}),
    ("Studenti vysokých škol", {"fyzicka-osoba"}),
    ("spolky, jejichž členy jsou fyzické osoby se zdravotním postižením", {"nno"}),
]

# (call title / description, expected areas)
AREAS: list[tuple[str, set[str]]] = [
    ("Sociální bydlení II.", {"bydleni"}),
    ("Podpora bydlení osob v bytové nouzi", {"bydleni"}),
    ("Kybernetická bezpečnost II.", {"verejna-sprava"}),
    ("Dluhové poradenství a prevence předlužení", {"dluhy"}),
    ("Krajský mobilní tým pro sociální začleňování", {"socialni-sluzby"}),
    ("Inkluzivní vzdělávání ve školách", {"vzdelavani"}),
    ("Zaměstnanost osob ohrožených na trhu práce", {"zamestnanost"}),
    ("Prevence kriminality a bezpečí", {"bezpeci-a-zdravi"}),
    ("Podpora rodin s dětmi", {"rodina"}),
    ("Komunitní centra", {"komunitni-zivot"}),
    ("Cyklostezky a bezpečná doprava", {"doprava"}),  # transport safety is transport (labelling_areas.md)
    ("Obnova kulturních památek a cestovní ruch", {"kultura-a-cestovni-ruch"}),
    ("Úspory energie ve veřejných budovách", {"zivotni-prostredi"}),
    ("Digitalizace veřejné správy", {"verejna-sprava"}),
    ("Sociální služby pro osoby se zdravotním postižením", {"socialni-sluzby"}),
    ("Exekuce a oddlužení: finanční gramotnost", {"dluhy"}),
    ("Sociální podniky a pracovní uplatnění", {"zamestnanost"}),
    ("Duševní zdraví dětí a mládeže", {"bezpeci-a-zdravi", "rodina"}),
    ("Mateřské a základní školy", {"vzdelavani"}),
    ("Dobrovolnictví a sousedská pomoc", {"komunitni-zivot"}),
    # phrases read as one meaning (vocabulary.AREA_RULES)
    ("Vzdělávání sociálních pracovníků", {"socialni-sluzby"}),
    ("Školení úředníků obcí", {"verejna-sprava"}),
    ("Vzdělávání pečujících osob", set()),
    ("děti předškolního a školního věku", set()),
    ("Společná doprava dětí do/ze školy", set()),
    ("Sanace svahů ohrožujících zdraví, majetek a bezpečnost", set()),
    ("Zvýšení adaptability budov na změnu klimatu", {"zivotni-prostredi"}),
    ("Nákup vozidel, která využívají alternativní energie", {"doprava"}),
    ("Soustředění mladých hasičů", {"rodina", "komunitni-zivot"}),
    ("Letní tábory", {"rodina"}),
    ("Podpora rodičovství", {"rodina"}),
    ("sociálně-právní ochrana dětí", {"rodina"}),
    ("sociálně právní ochrana dětí", {"rodina"}),
    ("Činnost OSPOD", {"rodina"}),
    ("Péče o dítě", {"rodina"}),
    ("Uchazeči o zaměstnání", {"zamestnanost"}),
    ("Podpora zaměstnatelnosti osob", {"zamestnanost"}),
    ("Obnova drobných sakrálních staveb", {"kultura-a-cestovni-ruch"}),
    ("Výzkumné infrastruktury financované Ministerstvem školství, mládeže a tělovýchovy", set()),
    ("Ministerstvo zdravotnictví vyhlašuje program na podporu kultury", {"kultura-a-cestovni-ruch"}),
    ("Zvyšování kapacit nepobytových komunitních sociálních služeb", {"socialni-sluzby"}),
    ("Zvyšování bezpečnosti formou osvětlení přechodů pro chodce", {"doprava"}),
    ("Systém bezpečných regionálních (krajských) cyklotras", {"doprava"}),
    ("Zajištění bezpečnosti v kyberprostoru", {"verejna-sprava"}),
    ("Podpora ekovýchovných aktivit", {"vzdelavani", "zivotni-prostredi"}),
    ("Novostavby v pasivním standardu", {"zivotni-prostredi"}),
    ("Škody způsobené zvláště chráněnými druhy živočichů", {"zivotni-prostredi"}),
    ("Kurzy první pomoci", {"bezpeci-a-zdravi"}),
    ("Sportovní činnost žáků", {"rodina", "komunitni-zivot"}),
    ("Podpora integrace příslušníků romské menšiny", {"socialni-sluzby"}),
    ("Podpora koordinátorů pro romské záležitosti", {"socialni-sluzby"}),
    ("Pomoc osobám závislým na pomoci jiné osoby", {"socialni-sluzby"}),
    ("Podpora sociální a zdravotní oblasti", {"socialni-sluzby", "bezpeci-a-zdravi"}),
    ("Aktivity zaměřené na sociálně-zdravotní problematiku seniorů", {"socialni-sluzby", "bezpeci-a-zdravi"}),
    ("Program na podporu sociálně zdravotních aktivit", set()),  # one kind of activity, no field named
    ("Transformace pobytových zařízení a rozvoj sociálních služeb komunitního typu", {"socialni-sluzby"}),
    ("Společensky účelná pracovní místa", {"zamestnanost"}),
    ("Zmírnění škod způsobených jarními mrazy na ovocných kulturách", set()),
    ("Dotační program pro ochranu měkkých cílů v dopravě", {"bezpeci-a-zdravi"}),
    ("Podpora aktivit integrace cizinců v regionálním školství", {"vzdelavani"}),
    ("Grantový program na podporu prevence a sanace rodiny", {"socialni-sluzby", "rodina"}),
    ("Dotace na pořízení domácích kompostérů", {"zivotni-prostredi"}),
    ("Rozvoj cykloturistiky", {"doprava", "kultura-a-cestovni-ruch"}),
    ("Prázdninové aktivity pro děti", {"rodina", "komunitni-zivot"}),
    ("Vybudování onkologického centra pro pacienty", {"bezpeci-a-zdravi"}),
    ("Vzdělávání a rozvoj zaměstnanců úřadů územních samosprávných celků", {"verejna-sprava"}),
    ("Výzva Operačního programu Lidské zdroje a zaměstnanost", set()),
    ("Projekty v oblasti sociální a zdravotní, kulturní a vzdělávací",
     {"socialni-sluzby", "bezpeci-a-zdravi", "kultura-a-cestovni-ruch", "vzdelavani"}),
    ("Podnikatelské aktivity v oblasti sociálního podnikání", {"zamestnanost"}),
    ("Odbor sociálních služeb, sociální práce a sociálního bydlení vyhlašuje řízení", set()),
    ("Snížit závislost na dodávkách energie a rozvíjet komunitní energetiku", {"zivotni-prostredi"}),
    ("Demolice budov; nový objekt bude sloužit jinému účelu než sociálnímu bydlení", set()),
    ("Sociální služby, především podpora samostatného bydlení", {"socialni-sluzby"}),
    ("Nákup technologií umožňujících digitalizaci a automatizaci výroby", set()),
    ("Programy vzdělávání a osvěty v oblastech životního prostředí", {"vzdelavani", "zivotni-prostredi"}),
    ("Fond organizací pečujících o uprchlíky: pomoc uprchlíkům", {"socialni-sluzby"}),
    ("Rozvoj služeb pro oběti trestné činnosti", {"bezpeci-a-zdravi"}),
    ("Rozvoj probačních a resocializačních programů pro mladistvé delikventy", {"bezpeci-a-zdravi"}),
    ("Obnova území po těžbě uhlí", {"zivotni-prostredi"}),
    ("Uplatnění seniorů prostřednictvím dobrovolných aktivit", {"komunitni-zivot"}),
]


@pytest.mark.parametrize(("text", "expected"), APPLICANTS)
def test_applicant_types(text: str, expected: set[str]) -> None:
    assert set(classify_applicants(text)) == expected


# How an eligibility text is read (labelling_applicants.md), one behaviour each; texts written for the test.
APPLICANT_READINGS = [
    pytest.param("Žadatelem může být fyzická osoba poskytující sociální služby.", {"poskytovatel-socialnich-sluzeb"},
                 id="a natural person who provides social services is a provider, not a citizen"),
    pytest.param("Žádat mohou právnické popř. fyzické osoby, které poskytují registrované služby podle zákona "
                 "č. 108/2006 Sb., o sociálních službách.", {"poskytovatel-socialnich-sluzeb"},
                 id="persons who provide services under the social-services act are providers"),
    pytest.param("Žádat mohou fyzické osoby, které poskytují zdravotní služby.", {"poskytovatel-zdravotnich-sluzeb"},
                 id="a natural person who provides health services is a provider, not a citizen"),
    pytest.param("Žádat mohou fyzické a právnické osoby, které poskytují kulturní služby.", {"fyzicka-osoba"},
                 id="a natural person providing other services stays a natural person"),
    pytest.param("Žádat mohou fyzické osoby, které na základě živnostenského oprávnění provozují sociální služby.",
                 {"podnikatel", "poskytovatel-socialnich-sluzeb"}, id="a licensed trade makes the provider a business"),
    pytest.param("Žadatelem může být spolek nebo jiný subjekt registrovaný podle zákona o sociálních službách.",
                 {"nno", "poskytovatel-socialnich-sluzeb"},
                 id="registration under the social-services act is a provider"),
    pytest.param("Příjemce musí mít registraci sociální služby.", {"poskytovatel-socialnich-sluzeb"},
                 id="an applicant that must hold a registration is a provider"),
    pytest.param("Žádat mohou spolky. Může se jednat o registrované sociální služby, tak neregistrované služby.",
                 {"nno"}, id="registered and unregistered services alike ask for no provider"),
    pytest.param("obce podle zákona č. 128/2000 Sb., o obcích, a spolky dle zákona č. 131/2000 Sb., o hlavním městě "
                 "Praze", {"obec", "nno"}, id="a law's title names no applicant"),
    pytest.param("Svazky obcí založené dle zákona č. 128/2000 Sb., o obcích Příspěvkové organizace zřizované obcemi "
                 "Spolky", {"dso", "prispevkova-organizace", "nno"},
                 id="a law's title ends where the next item of a list without line breaks begins"),
    pytest.param("Ministerstvo zdravotnictví (dále jen „MZ“) poskytne dotaci nemocnicím.",
                 {"poskytovatel-zdravotnich-sluzeb"},
                 id="the provider of the grant and its short name are no applicant"),
    pytest.param("Dotace z rozpočtu MV-GŘ HZS ČR je určena obcím.", {"obec"}, id="whose budget pays is no applicant"),
    pytest.param("Žádost zasílají obce na MV-GŘ HZS ČR prostřednictvím příslušného HZS kraje.", {"obec"},
                 id="offices an application is sent to or through are no applicants"),
    pytest.param("Metodika Ministerstva práce a sociálních věcí pro dotace spolkům", {"nno"},
                 id="the ministry whose rules these are is no applicant"),
    pytest.param("Oprávněnými žadateli jsou pouze příjemci podpory z předchozí výzvy MAS.", set(),
                 id="the MAS that announced a call is no applicant"),
    pytest.param("Žadatelem je obec v rámci území MAS (místní akční skupina), a to ve všech krajích.", {"obec"},
                 id="a MAS's territory and all regions are places"),
    pytest.param("Žadateli jsou vlastníci nemovitostí v jiné lokalitě města a spolky působící ve prospěch obce.",
                 {"nno"}, id="a town's area and whom an activity benefits are places"),
    pytest.param("Osoby oprávněné podávat návrhy jsou občané městské části Praha – Čakovice a žáci ZŠ.",
                 {"fyzicka-osoba"},
                 id="citizens and pupils who propose are natural persons, their district and school are not"),
    pytest.param("Poskytovatelé sociálních služeb, kteří poskytují sociální služby občanům HMP a nejsou příspěvkovou "
                 "organizací zřizovanou HMP.", {"poskytovatel-socialnich-sluzeb"},
                 id="citizens a service is for and what the applicant is not are no applicants"),
    pytest.param("Žádat mohou obce; je vyžadováno zapojení obyvatel, občanských spolků a sdružení.", {"obec"},
                 id="those to be involved are not applicants"),
    pytest.param("kraje, obce a organizace jimi zřizované", {"kraj", "obec", "prispevkova-organizace"},
                 id="organisations they found are contributory organisations"),
    pytest.param("podnikatelské subjekty založené obcemi, pokud žádná z obcí nemá 50% podíl (založit musí min. 3 obce)",
                 {"podnikatel", "prispevkova-organizace"},
                 id="founding municipalities counted or taken one by one are founders"),
    pytest.param("státní organizace zřízená nebo založená ministerstvem", {"podnikatel", "prispevkova-organizace"},
                 id="a state organisation founded by a ministry is a business the state founded"),
    pytest.param("obce, sdružení obcí a spolky", {"obec", "dso", "nno"},
                 id="an association of municipalities is a DSO"),
    pytest.param("obce, podnikající FO a PO", {"obec", "podnikatel"},
                 id="natural and legal persons in business are businesses"),
    pytest.param("právnické osoby zapsané v Rejstříku škol a školských zařízení (např. akciové společnosti)", {"skola"},
                 id="whoever is in the school register is a school, whatever its legal form"),
    pytest.param("spolky působící v soutěžích družstev; podpora podnikatelského prostředí", {"nno"},
                 id="sports teams and the business environment are no businesses"),
    pytest.param("Podporu mohou čerpat lékaři na ordinace.", {"poskytovatel-zdravotnich-sluzeb"},
                 id="doctors running a surgery are health-care providers"),
    pytest.param("Dotace je určena na zapojení dobrovolníků; žadatelem jsou spolky.", {"nno"},
                 id="who may apply starts a new reading after a stretch that names no applicant"),
    pytest.param("Žadatel není plátcem DPH; žadatelem je obec.", {"obec"},
                 id="what the applicant is not ends where the applicant is named"),
    pytest.param("Poskytovatelem je Ministerstvo práce a sociálních věcí (dále jen „MPSV“). Žadateli jsou obce.",
                 {"obec"}, id="the provider of the grant named as such is no applicant"),
    pytest.param("Žadatelem je město, ve prospěch jehož občanů je projekt realizován.", {"obec"},
                 id="citizens a project benefits are no applicants"),
    pytest.param("Žadatelem mohou být spolky se sídlem v lokalitě obce nebo kraje.", {"nno"},
                 id="places joined by 'nebo' are places"),
    pytest.param("Žadatelé: obce zapojené do MAS a obce, které jsou členy MAS", {"obec"},
                 id="the MAS a municipality belongs to is no applicant"),
    pytest.param("Žadatelé: obce podle zákona o obcích a kraje podle zákona o krajích.", {"obec", "kraj"},
                 id="a law's title ends where the next applicant is cited"),
    pytest.param("Spolky mohou žádat o dotace z programu, který vyhlašuje Ministerstvo zemědělství (MZe).", {"nno"},
                 id="the announcer named after its verb is no applicant"),
    pytest.param("Ministerstvo kultury, odbor regionální kultury, vyhlašuje program pro spolky.", {"nno"},
                 id="the announcer with its department in apposition is no applicant"),
    pytest.param("Jihočeský kraj každoročně vyhlašuje programy; spolky mohou žádat krajský úřad o podporu.", {"nno"},
                 id="the region that announces and the office asked for the grant are no applicants"),
    pytest.param("Žádost podává Ministerstvu vnitra spolek.", {"nno"},
                 id="the ministry an application is handed to is no applicant"),
    pytest.param("Žádosti se podávají prostřednictvím obcí s rozšířenou působností; žádat mohou spolky.", {"nno"},
                 id="municipalities an application passes through are no applicants"),
    pytest.param("Žadatel musí vlastnit oprávnění k podnikání a provozovat prodejnu v obci do 500 obyvatel.",
                 {"podnikatel"}, id="a trade licence makes a business and the village is a place"),
    pytest.param("Žádat mohou akciové společnosti s více než 50% většinou kapitálové účasti obcí.",
                 {"podnikatel", "prispevkova-organizace"},
                 id="a company in which municipalities hold the majority is a business they founded"),
    pytest.param("Žadatelé: právnické osoby, které nejsou založeny za účelem dosažení zisku.", {"nno"},
                 id="legal persons not founded for profit are non-profits"),
    pytest.param("Žadatelé: Výzkumný ústav bezpečnosti práce", {"vysoka-skola"},
                 id="a research institute is a research organisation, not a non-profit institute"),
    pytest.param("Dotace pro poskytovatele sociálních služeb, jejichž kapacity v síti SK vzrostly.",
                 {"poskytovatel-socialnich-sluzeb"}, id="SK is no school club"),
    pytest.param("Na opravu může spolkům ze svých rozpočtů přispět obec, kraj nebo Ministerstvo kultury.", {"nno"},
                 id="bodies that contribute from their budgets are providers"),
    pytest.param("Obce mohou žádat o program, do kterého chce ministerstvo dát miliardu.", {"obec"},
                 id="a ministry that gives the money is its provider"),
    pytest.param("Ministerstvo zdravotnictví v souladu se zákonem podporuje projekty spolků.", {"nno"},
                 id="a ministry acting under a law is the provider"),
    pytest.param("Žadatelé: sportovní kluby, jejichž družstva dospělých reprezentují Zlínský kraj.", {"nno"},
                 id="a sports team and the region it represents are no applicants"),
    pytest.param("Žadatelem je pouze sdružení ÚSC, nikoli ÚSC samostatně.", {"dso"},
                 id="an association of local authorities is a DSO and what it is not is no applicant"),
    pytest.param("Žadatelem je sportovní svaz sdružující fyzické a právnické osoby.", set(),
                 id="the members an association unites are no applicants"),
    pytest.param("Kdo může žádat? Majitelé rodinných domů s kotlem na uhlí.", {"fyzicka-osoba"},
                 id="owners of family houses are natural persons"),
    pytest.param("O dotaci mohou žádat obce o velikosti do 2000 obyvatel.", {"obec"},
                 id="municipalities asking for a grant stay applicants"),
    pytest.param("Žádat mohou nikoli pouze obce, ale i spolky.", {"obec", "nno"},
                 id="'nikoli pouze' includes what follows"),
    pytest.param("Letos chce Olomoucký kraj rozdělit deset milionů korun mezi obce a spolky.", {"obec", "nno"},
                 id="a region named as the actor of a sentence is the provider"),
    pytest.param("Kraj Vysočina podpoří obce.", {"obec"}, id="Kraj Vysočina is a named region too"),
    pytest.param("Oprávněným žadatelem je Liberecký kraj.", {"kraj"},
                 id="a named region in the applicant clause applies"),
    pytest.param("Oprávnění žadatelé:\nJihočeský kraj\nobce", {"kraj", "obec"},
                 id="a named region as an item of the applicants' list applies"),
    pytest.param("Rada kraje schválila dotace spolkům.", {"nno"}, id="a region's council acts for it"),
    pytest.param("Žádat mohou spolky působící na území této městské části.", {"nno"},
                 id="a body pointed back to is a place"),
    pytest.param("Žadatelem může být fyzická osoba, jejíž činnost s městem souvisí.", {"fyzicka-osoba"},
                 id="a body something is done with is no applicant"),
    pytest.param("Žádat mohou spolky, jejichž roli zakladatele neplní obec, kraj či stát.", {"nno"},
                 id="every founder of a list is no applicant, negated or not"),
    pytest.param("Poskytovatelé sociálních služeb, mimo organizace zřizované obcemi, kraji nebo státem.",
                 {"poskytovatel-socialnich-sluzeb"}, id="'mimo organizace' excludes them, and their founders"),
    pytest.param("Program je určen pro spolky kromě veřejnoprávních právnických osob, tzn. obcí, příspěvkových "
                 "organizací obcí a příspěvkových organizací kraje.", {"nno"},
                 id="an exclusion spelled out after 'tzn.' excludes all it names"),
    pytest.param("Ministerstvo pro místní rozvoj vyhlásilo výzvu pro obce. Ministerstvo má v programu připraveno dvě "
                 "miliardy.", {"obec"}, id="a ministry outside the applicant clause announces"),
    pytest.param("Oprávněný žadatel:\n• Ministerstvo práce a sociálních věcí, Úřad práce České republiky",
                 {"statni-sprava"}, id="a ministry as an item of the applicants' list applies"),
    pytest.param("Peníze jsou určeny na projekty předložené útvary Ministerstva vnitra.", {"statni-sprava"},
                 id="a ministry's units apply"),
    pytest.param("Žadateli jsou NNO zapsané ve věstníku Ministerstva zdravotnictví.", {"nno"},
                 id="a ministry that keeps a gazette is no applicant"),
    pytest.param("Žádat mohou obce. Žádosti hodnotí komise složená ze zástupců ministerstva a Policie ČR.", {"obec"},
                 id="representatives who evaluate are no applicants"),
    pytest.param("Žádat mohou spolky. Žádost nemohou podávat organizační složky státu, územní samosprávné celky a "
                 "jimi zřízené příspěvkové organizace.", {"nno"}, id="who may not file an application is excluded"),
    pytest.param("Podporujeme neziskové organizace (právnické osoby), nikoliv individuální žadatele (fyzické osoby).",
                 {"nno"}, id="the bracket after an exclusion is excluded too"),
    pytest.param("Dotace je určena na činnost nezřizovaných institucí (fyzické osoby a právnické osoby bez "
                 "vlastního zřizovatele).", {"fyzicka-osoba"}, id="the bracket after a description is no exclusion"),
    pytest.param("Oprávnění žadatelé:\n• fyzické osoby,\n• fyzické osoby podnikající,\n• právnické osoby",
                 {"fyzicka-osoba", "podnikatel"}, id="a business item does not qualify the persons item before it"),
    pytest.param("Podpora je určena zemědělcům, kteří začínají podnikat, ať již jako fyzická nebo právnická osoba.",
                 {"podnikatel"}, id="persons who start a business are the business"),
    pytest.param("Žádat mohou provozovatelé prodejen, případně obce, které mají maximálně 3 tisíce občanů.", {"obec"},
                 id="the people a town's size is counted in do not apply"),
    pytest.param("Podporovány budou projekty místních samospráv.", {"obec"}, id="local self-government is the town"),
    pytest.param("Z rozpočtu školy je vyčleněna částka 50 000 Kč, o které rozhodují žáci.", set(),
                 id="whose budget pays is no applicant, a school too"),
    pytest.param("O granty mohou žádat obce, firmy, akademický sektor, nevládní i jiné organizace.",
                 {"obec", "podnikatel", "vysoka-skola", "nno"}, id="firms, academia and non-governmental bodies"),
    pytest.param("Oprávněnými žadateli budou lidé v důchodu a s nízkými příjmy.", {"fyzicka-osoba"},
                 id="people in the applicant clause apply in their own name"),
    pytest.param("Žadatelem může být zisková či nezisková organizace.", {"podnikatel", "nno"},
                 id="a for-profit organisation is a business"),
    pytest.param("Oprávnění žadatelé:\nKraj\nObec\nPříspěvková organizace\nSpolek", {"kraj", "obec",
                 "prispevkova-organizace", "nno"}, id="an adjective's feminine the dictionary lacks is lemmatised"),
    pytest.param("Žádat mohou obce, příspěvkové organizace (mimo ty, které zřizuje kraj) a spolky.",
                 {"obec", "prispevkova-organizace", "nno"}, id="besides those a founder founded"),
    pytest.param("Žadateli mohou být organizace zřízené územním samosprávným celkem (kraje, obce) a NNO.",
                 {"prispevkova-organizace", "nno"}, id="a founder in the singular, its kinds in a bracket"),
    pytest.param("Žádat mohou muzea, která musí na projektu spolupracovat s nějakou NNO.", set(),
                 id="whom an applicant works with is a partner"),
    pytest.param("O oba nástroje může žádat uchazeč o zaměstnání v evidenci Úřadu práce.", {"fyzicka-osoba"},
                 id="a job seeker applies in their own name"),
    pytest.param("Žadatelem může být fyzická osoba zapsaná v evidenci zemědělského podnikatele nebo školní zařízení.",
                 {"podnikatel", "skola"}, id="persons registered as farming businesses are businesses"),
    pytest.param("Žádat mohou náboženské obce a diakonická střediska.", {"nno"}, id="a church's parishes are no towns"),
    pytest.param("Na energetické úspory škol, nemocnic a dalších budov půjde 300 milionů; žádat mohou obce i jejich "
                 "organizace.", {"obec", "prispevkova-organizace"},
                 id="the buildings a measure serves are no applicants"),
    pytest.param("Příjemcem stipendia může být pouze žák, který se vzdělává ve střední škole.", {"fyzicka-osoba"},
                 id="a pupil applies in their own name, the school is where"),
    pytest.param("Město Turnov vyzývá spolky k podání žádosti o příspěvek.", {"nno"},
                 id="the town that calls for applications is the provider"),
    pytest.param("Programy, ve kterých mohou spolky i jednotlivci žádat město Česká Lípa o finanční podporu.",
                 {"nno", "fyzicka-osoba"}, id="the town asked for money is the provider"),
    pytest.param("Ministerstvo práce a sociálních věcí\nodbor sociálních služeb\nVYHLAŠUJE dotační řízení pro "
                 "poskytovatele sociálních služeb.", {"poskytovatel-socialnich-sluzeb"},
                 id="a ministry announcing above its department's line"),
    pytest.param("Žadateli jsou poskytovatelé, kteří poskytují sociální služby občanům hlavního města Prahy.",
                 {"poskytovatel-socialnich-sluzeb"}, id="whom services are provided to do not apply"),
    pytest.param("Podpora je určena veřejným nepodnikatelským subjektům.", set(),
                 id="a non-business body is no natural person"),
    pytest.param("Byty pro seniory a pro osoby závislé na pomoci jiné fyzické osoby; příjemci: obce.", {"obec"},
                 id="whom a flat is for does not apply"),
    pytest.param("O minigrant mohou usilovat lidé, kteří působí v neziskové organizaci (fyzické osoby ale nikoliv).",
                 {"nno"}, id="persons excluded after the fact"),
    pytest.param("Spolek pracuje zejména s podporou města Hradec Králové.", {"nno"},
                 id="the town that backs a body is its provider"),
    pytest.param("O státní půjčku na bydlení mohou žádat mladé rodiny. Žádat mohou i bezdětní manželé.",
                 {"fyzicka-osoba"}, id="families and couples who may apply"),
    pytest.param("Studenti v prezenční formě studia, kteří nemají bydliště v okrese, mohou požádat o stipendium.",
                 {"fyzicka-osoba"}, id="students as the subject of mohou požádat"),
    pytest.param("Obce do 10.000 obyvatel mohou z programu žádat o dotaci.", {"obec"},
                 id="a town's size is no people who may apply"),
    pytest.param("Způsobilými žadateli jsou orgány veřejné správy a nestátní neziskové organizace.",
                 {"statni-sprava", "obec", "kraj", "nno"}, id="public administration bodies"),
    pytest.param("Také letos mohou sportovní oddíly požádat o dotaci.", {"nno"}, id="sports clubs"),
    pytest.param("Žadatelem jsou příspěvkové organizace zřízené Libereckým krajem.", {"prispevkova-organizace"},
                 id="a region whose adjective ends in -cký as a founder"),
]


@pytest.mark.parametrize(("text", "expected"), APPLICANT_READINGS)
def test_applicant_readings(text: str, expected: set[str]) -> None:
    found = classify_applicants_with_evidence(text)
    assert set(found.codes) == expected
    assert all(found.evidence[code] and found.evidence[code].rstrip("…") in text for code in found.codes)


def test_evidence_is_a_short_item_whole_or_the_words_with_their_neighbours() -> None:
    listed = classify_applicants_with_evidence("Oprávnění žadatelé: kraje, obce a jimi zřizované organizace")
    assert listed.evidence["obec"] == "obce a jimi zřizované organizace"
    prose = classify_applicants_with_evidence(
        "V letošním kole dotačního programu na podporu činnosti mohou o dotaci požádat pouze registrované spolky "
        "působící na území kraje alespoň dva roky.")
    assert prose.evidence == {"nno": "pouze registrované spolky působící na"}


@pytest.mark.parametrize(("text", "expected"), AREAS)
def test_areas(text: str, expected: set[str]) -> None:
    assert set(classify_areas(text)) == expected


def test_codes_come_in_taxonomy_order_without_duplicates() -> None:
    assert classify_applicants("NNO, obce, obcím, NNO") == ["obec", "nno"]


def test_empty_and_odd_text() -> None:
    assert classify_applicants("") == []
    assert classify_applicants(None) == []
    assert classify_areas("\u00a0\t") == []


# (title, aim, expected areas): how a call's aim adds areas to those its title names
CALL_AREAS: list[tuple[str, str, set[str]]] = [
    # one mention in the aim's prose is a side remark …
    ("Podpora sociálních služeb", "Podpořeny budou služby, které klientům zpřístupní kulturní akce.",
     {"socialni-sluzby"}),
    # … except of an area of social inclusion, where a missed call costs more than a dismissed one
    ("Komunitní centra", "Centra nabídnou také dluhové poradenství.", {"komunitni-zivot", "dluhy"}),
    # family and employment need a named measure: the bare word is a target group or a rationale
    ("Podpora sociálních služeb", "Podpořeny budou služby, které zvyšují šanci klientů na trhu práce.",
     {"socialni-sluzby"}),
    ("Podpora sociálních služeb", "Podpořeny budou služby, které klientům zprostředkují zaměstnání.",
     {"socialni-sluzby", "zamestnanost"}),
    ("Sociální služby", "Podpořena bude sociálně aktivizační služba pro rodiny s dětmi.", {"socialni-sluzby"}),
    ("Komunitní centra", "Centra nabídnou také slaďování rodinného a pracovního života.",
     {"komunitni-zivot", "rodina"}),
    ("Mateřské školy", "Podpořen bude také vznik dětských skupin.", {"vzdelavani", "rodina"}),
    ("Komunitní centra", "Centra nabídnou také kulturní akce.", {"komunitni-zivot"}),
    # … but each item of a marked list is a purpose: numbered, lettered, capital-lettered, bulleted
    ("Sociální začleňování", "Podporované aktivity: 1) Podpora komunitní práce. 2) Podpora řešení dluhů. "
     "3) Podpora ohrožených rodin. 4) Podpora zaměstnatelnosti.",
     {"socialni-sluzby", "komunitni-zivot", "dluhy", "rodina", "zamestnanost"}),
    ("Občanská vybavenost", "Oblasti: a) Mateřské školy b) Hasičské zbrojnice c) Muzea",
     {"komunitni-zivot", "vzdelavani", "bezpeci-a-zdravi", "kultura-a-cestovni-ruch"}),
    ("Rozvoj venkova", "– Obnova místních komunikací – Obnova drobných sakrálních staveb",
     {"doprava", "kultura-a-cestovni-ruch"}),
    ("Sociální práce", "A. Kvalita sociální práce B. Sociálně-právní ochrana dětí", {"socialni-sluzby", "rodina"}),
    # a single item or a reference number in brackets is no list
    ("Podpora sociálních služeb", "Opatření (1.1.1), (1.1.2) klientům zpřístupní kulturní akce.",
     {"socialni-sluzby"}),
    # the aim's main clause says what the call is for, and so does a "za účelem" in its sentence
    ("Sociální bydlení", "Cílem výzvy je přechod do nájemního bydlení s podporou sociálního pracovníka, "
     "případně dalších expertů.", {"bydleni", "socialni-sluzby"}),
    ("Prorodinná opatření", "Cílem aktivit je podpořit fungování rodin a péči o děti za účelem návratu rodičů "
     "do zaměstnání.", {"rodina", "zamestnanost"}),
    # … but not the target group the clause goes on to describe
    ("Podporované byty", "Cílem podpory je výstavba bytů pro osoby, které mají ztížený přístup k bydlení "
     "z důvodu věku nebo zdravotního stavu.", {"bydleni"}),
    # "za účelem" outside the aim's clause qualifies one activity only
    ("Sociální služby", "Podpora azylových domů za účelem zpřístupnění kulturních akcí.",
     {"socialni-sluzby"}),
    # … and so do fields named before "oblastech"
    ("Podpora mládeže", "Podpora mládeže ve všech kulturních a sportovních oblastech.",
     {"rodina", "kultura-a-cestovni-ruch", "komunitni-zivot"}),
    # "zejména" inside a bracket names only what the bracket holds
    ("Sociální služby", "Zázemí pro služby (zejména terénní služby) a pro kulturní akce.", {"socialni-sluzby"}),
    # side activities and brackets of examples are no purpose, even when the title names none
    ("48. výzva", "Podpora mateřských škol. V rámci doprovodných aktivit lze upravit zázemí pro komunitní "
     "aktivity.", {"vzdelavani"}),
    ("Úspory energie", "Snížení energetické náročnosti kuchyní (např. školských či zdravotnických zařízení) "
     "a prádelen (např. sociálních či zdravotnických zařízení).", {"zivotni-prostredi"}),
    # the subjects of employees' courses are not the call's fields
    ("Podnikové vzdělávání", "Firmy mohou realizovat kurzy v oblastech jazykového vzdělávání, "
     "technického a odborného vzdělávání.", {"zamestnanost"}),
    ("Vzdělávání zaměstnanců v oblasti IT a jazyků", "", {"zamestnanost"}),
    # who is trained says which area the training serves
    ("Vzdělávání zaměstnanců veřejné správy", "", {"verejna-sprava"}),
    ("Profesní vzdělávání sociálních pracovníků", "", {"socialni-sluzby"}),
    ("Podniky mohou získat podporu na vzdělávání zaměstnanců", "Výzva pro firmy, které chtějí podpořit své "
     "zaměstnance ve vzdělávání: profesní vzdělávání zaměstnanců například v oblasti IT či jazykového "
     "vzdělávání.", {"zamestnanost"}),
    # firefighters' competitions and shows are community events, not the rescue service
    ("Podpora Sdružení hasičů", "Organizování soutěží s hasičskou tematikou, akcí propagujících požární "
     "ochranu a činnost dobrovolných hasičů.", {"komunitni-zivot"}),
    ("Dotace obcím", "Podpora: 1. hasičské zbrojnice 2. soutěže v požárním sportu",
     {"bezpeci-a-zdravi", "komunitni-zivot"}),
    # the sectors a measure serves are places, and so is an excluded locality
    ("Energetické úspory", "Zvýšení energetické účinnosti kuchyní v sektorech zdravotnictví, školství a "
     "v sociálních službách.", {"zivotni-prostredi"}),
    ("Prevence kriminality", "Priority: 1. Pomoc obětem trestné činnosti. 2. Bezpečí v sociálně vyloučených "
     "a jiných rizikových lokalitách.", {"bezpeci-a-zdravi"}),
    # a health authority that found defects is the reason for a measure, not its purpose
    ("Mateřské školy", "Úpravy s ohledem na hygienické požadavky, kde nedostatky zjistila krajská "
     "hygienická stanice.", {"vzdelavani"}),
    # a registered social service named with its target group is a social service, not the family area
    ("Sociální služby", "Podpora: sociálně aktivizační služby pro rodiny s dětmi, nízkoprahová zařízení pro "
     "děti a mládež.", {"socialni-sluzby"}),
    # children as a risk group of crime prevention, or as learners, are not the family area either
    ("Prevence kriminality", "Priority: 1. Systém prevence; 2. Prevence kriminality dětí a mládeže.",
     {"bezpeci-a-zdravi"}),
    ("Dotace města", "Oblasti: a) výchova a vzdělávání dětí a mládeže b) sport", {"vzdelavani", "komunitni-zivot"}),
    # … and awareness events for families support the family, they are no schooling
    ("Podpora služeb pro rodiny", "Podporovány budou zejména osvětové a vzdělávací akce pro rodiny.", {"rodina"}),
    # the strategic plan the activities come from is their source, not a purpose
    ("Koordinovaný přístup", "Podporovány budou aktivity vyplývající ze Strategických plánů sociálního "
     "začleňování na úrovni místních samospráv: sociální služby; podpora sociálního bydlení.",
     {"socialni-sluzby", "bydleni"}),
    # a bracket details an item of a list, it states no purpose of its own
    ("Programy podpory zdraví", "Okruhy: 1. Prevence úrazů 2. Komplexní projekty (komunitní programy - škola "
     "podporující zdraví)", {"bezpeci-a-zdravi"}),
    # items labelled "B1.", "B2."
    ("Podpora sociálního bydlení", "B1. Kontaktní místo pro bydlení B2. Nástroje pro podporu sousedského soužití",
     {"bydleni", "komunitni-zivot"}),
    # named measures: a community centre, childcare for employees, flexible work
    ("Sociální služby", "Podpora infrastruktury komunitních center za účelem sociálního začleňování.",
     {"socialni-sluzby", "komunitni-zivot"}),
    ("Sociální podnikání", "Podpořeno bude i hlídání dětí zaměstnanců.", {"zamestnanost", "rodina"}),
    ("Sociální podnikání", "Podpořeny budou i rodiny zaměstnanců.", {"zamestnanost"}),
    ("Dětský koutek ve firmě", "Podporováno je zavádění flexibilních forem práce.", {"rodina", "zamestnanost"}),
    ("Dotační programy města", "Oblasti: sport; služby v oblasti sociální péče a zdravotnictví.",
     {"komunitni-zivot", "socialni-sluzby", "bezpeci-a-zdravi"}),
    # an age band, public health education, coaches' training and examples are no schooling
    ("Výzva MAS", "Cílem výzvy je usnadnit rodičům předškolních dětí vstup na trh práce.",
     {"rodina", "zamestnanost"}),
    ("Podpora výchovy ke zdraví", "Účel: rozvoj vzdělávacích aktivit pořádaných pro občany a zaměřených na péči "
     "o vlastní zdraví.", {"bezpeci-a-zdravi"}),
    ("Sportovní programy", "Oblasti: 1. Sportovní akce 2. Vzdělávání trenérů a rozhodčích", {"komunitni-zivot"}),
    ("Akční plán MAS", "Podpoříme činnosti podporující komunitní život, jako například aktivity multikulturní "
     "a výchovně vzdělávací.", {"komunitni-zivot"}),
    # animal rescue stations protect nature; deinstitutionalised psychiatric care is health care
    ("Rozvoj venkova a krajiny", "Opatření: 1. Podpora záchranných stanic pro handicapované živočichy; "
     "2. Výsadba zeleně", {"zivotni-prostredi"}),
    ("Deinstitucionalizace psychiatrické péče", "", {"bezpeci-a-zdravi"}),
    # named programmes and groups
    ("Program výměny zdrojů tepla", "", {"zivotni-prostredi"}),
    ("Výzva pro firemní fotovoltaiku", "", {"zivotni-prostredi"}),
    ("Program sociálně zdravotních aktivit", "Podporuje také dárce krve.", {"bezpeci-a-zdravi"}),
    ("Housing First", "Principy: 1. Rychlý přístup k bydlení 2. Možnost volby pro uživatele služeb",
     {"bydleni", "socialni-sluzby"}),
    ("RP11 – BESIP Zlínského kraje", "", {"doprava"}),
    ("Podpora pečujících osob a sdílené péče", "", {"socialni-sluzby"}),
    # youth work, children's leisure and sport are the family and community areas; a playground is leisure
    ("Podpora práce s dětmi a mládeží", "", {"rodina", "komunitni-zivot"}),
    ("Můj oddíl", "Podpora volnočasových aktivit dětí a mládeže.", {"rodina", "komunitni-zivot"}),
    ("Dotace na přípravu účastníků olympiády dětí a mládeže", "", {"rodina", "komunitni-zivot"}),
    ("Obnova obce", "Podpora: chodníky, dětská hřiště", {"doprava", "komunitni-zivot"}),
    # school grounds and PE are schooling
    ("Sportovní infrastruktura", "Podpora tělocvičen pro hodiny tělesné výchovy. Školní hřiště je součástí "
     "školního areálu.", {"komunitni-zivot", "vzdelavani"}),
    # a bracket of examples ending in "atd." or "apod." states no purpose
    ("Obnova venkova", "Oblasti: místní komunikace, obecní budovy (obecní úřad, mateřská škola atd.), chodníky.",
     {"doprava"}),
    # doctors' surgeries are health care; their IT is not e-government
    ("Vybavení ordinací praktických lékařů informačními technologiemi", "", {"bezpeci-a-zdravi"}),
    ("Rozvoj informačních systémů obcí", "", {"verejna-sprava"}),
    # field work with drug users is addiction care
    ("Protidrogová prevence", "Tituly: 1. Kontaktní služby 2. Terénní programy pro uživatele návykových látek",
     {"bezpeci-a-zdravi"}),
    # safety of a cycle path is transport; energy prices are a cause; water infrastructure is the environment
    ("Bezpečná cyklistická infrastruktura", "", {"doprava"}),
    ("Provoz divadel v souvislosti se zvýšením cen energií", "", {"kultura-a-cestovni-ruch"}),
    ("Program obnovy venkova", "Obce mohou získat podporu na obnovu vodohospodářské infrastruktury; mohou "
     "samosprávy žádat i o chodníky.", {"zivotni-prostredi", "doprava"}),
    # technical assistance of a programme is its administration, wherever a service runs is no purpose
    ("Technická pomoc OP", "Cílem je posílit administrativní kapacitu řídicího orgánu.", {"verejna-sprava"}),
    ("Provoz dětských skupin ve veřejné správě", "", {"rodina"}),
    # each adjective of an enumeration of fields names one; a pair is no enumeration
    ("Dotace města", "Dotace na kulturní, sportovní, školské a jiné obecně prospěšné akce.",
     {"kultura-a-cestovni-ruch", "komunitni-zivot", "vzdelavani"}),
    ("Granty obce", "Podpora veřejných sociálních, zdravotních a ekologických aktivit.",
     {"socialni-sluzby", "bezpeci-a-zdravi", "zivotni-prostredi"}),
    ("Spolkový život", "Podpora kulturní a sportovní činnosti spolků.", {"komunitni-zivot"}),
    # the landscape's ecological network and erosion control are nature; readiness for threats is civil protection
    ("Výzva OP ŽP", "Založení biocenter a biokoridorů ÚSES.", {"zivotni-prostredi"}),
    ("Protierozní opatření v krajině", "", {"zivotni-prostredi"}),
    ("Odolnost obcí", "Podpora připravenosti obcí na hrozby a mimořádné události.", {"bezpeci-a-zdravi"}),
    # "výchovný" is a field of an enumeration but names no code of its own
    ("Grantový program", "Podpora sociálních, zdravotních, výchovných a ekologických aktivit.",
     {"socialni-sluzby", "bezpeci-a-zdravi", "zivotni-prostredi"}),
    # healthy lifestyle is health promotion, time outdoors is no nature protection
    ("Podpora zdravého životního stylu a pobytu v přírodě", "", {"bezpeci-a-zdravi"}),
    # safety beside pavements is transport, the safety of public spaces names no area
    ("Zvýšení bezpečnosti, úpravy chodníků a cyklostezky", "", {"doprava"}),
    ("Veřejná prostranství", "Revitalizace a zajištění bezpečnosti veřejných prostranství, výsadba stromů.",
     {"zivotni-prostredi"}),
    # visitor numbers are tourism; "soc." is social; the regions' Smart Akcelerátor is innovation
    ("Podpora regionálních produktů", "Účelem je zvýšení návštěvnosti regionu.", {"kultura-a-cestovni-ruch"}),
    ("Akční plán MAS", "Intervence do oblasti soc. začleňování.", {"socialni-sluzby"}),
    ("Dotační program Asistence", "Program v rámci projektu Smart Akcelerátor kraje.", set()),
    ("Výsadba zeleně v obcích", "", {"zivotni-prostredi"}),  # "zeleně" is greenery, not an adverb
    # training a trade's own people is no schooling; training employees is employment
    ("Podpora včelařství", "Dotace na vzdělávání včelařů a na nákup úlů.", set()),
    ("Podpora vzdělávání zaměstnanců", "Hradíme vzdělávání nebo rekvalifikaci stávajících zaměstnanců.",
     {"zamestnanost"}),
    # a school as the place of meals or the hours around lessons is no schooling
    ("Dotace na obědy", "Příspěvek na školní stravování.", set()),
    ("Péče o děti", "Provoz zařízení péče o děti prvního stupně základních škol mimo vyučování.", {"rodina"}),
    # businesses working with universities innovate; they do not educate
    ("Inovační vouchery", "Podpora spolupráce malých podniků s vysokými školami.", set()),
    # the form of an activity is no purpose when its field follows; road safety is transport
    ("BESIP", "Informační a vzdělávací aktivity v oblasti bezpečnosti silničního provozu, dětská dopravní hřiště.",
     {"doprava"}),
    # a family house is a building; community as a method or a place's people is no community life
    ("Využití dešťové vody", "Program pro vlastníky rodinných domů na zachycení srážkové vody.", {"zivotni-prostredi"}),
    ("Výsadba stromů", "Stromy vysadí obyvatelé komunitním způsobem.", {"zivotni-prostredi"}),
    ("Podpora hospicové péče", "", {"bezpeci-a-zdravi"}),
    # social services named by their kind in the Social Services Act, without the words "sociální služby"
    ("Podpora osobní asistence a odlehčovacích služeb", "", {"socialni-sluzby"}),
    ("Denní stacionář pro seniory", "", {"socialni-sluzby"}),
    ("Linka důvěry", "", {"socialni-sluzby"}),
    # environmental education is education and the environment; a mothers' centre is family and community life
    ("Ekologická výchova", "", {"vzdelavani", "zivotni-prostredi"}),
    ("Podpora rozvoje mateřských center", "", {"rodina", "komunitni-zivot"}),
    ("Participativní rozpočet", "", {"komunitni-zivot"}),
    # the applicants an aim names are no purpose of the call; what they may ask for is
    ("Tady jsem doma", "Podpora sousedských vztahů. Do výzvy se mohou hlásit spolky, církve či školy.",
     {"komunitni-zivot"}),
    ("Program obnovy", "Žádat mohou obce na rekonstrukci škol.", {"vzdelavani"}),
    # … but low-threshold drug programmes are addiction care
    ("Protidrogová politika", "Nízkoprahové programy pro uživatele drog.", {"bezpeci-a-zdravi"}),
    # what the call will not pay for, or excepts, is no purpose of it
    ("Kraj přispěje obcím na jednotky dobrovolných hasičů", "Dotaci nelze využít na preventivní, výchovné, "
     "sportovní, spolkové a kulturní aktivity v oblasti požární ochrany.", {"bezpeci-a-zdravi"}),
    ("Příspěvek na výkon sociální práce", "Dotace podpoří sociální práci obcí (s výjimkou agendy sociálně-právní "
     "ochrany dětí).", {"socialni-sluzby"}),
    # examples after "jako jsou" are no purposes either
    ("Prevence sociálního vyloučení", "Podpora skupin ohrožených vyloučením, jako jsou osoby bez domova či oběti "
     "trestných činů.", {"socialni-sluzby"}),
]


@pytest.mark.parametrize(("title", "aim", "expected"), CALL_AREAS)
def test_call_areas(title: str, aim: str, expected: set[str]) -> None:
    found = classify_call_areas(title, None, aim)
    assert set(found.codes) == expected
    assert all(found.evidence[code] for code in found.codes)


# (title, specific objective, aim, expected areas): a recognised objective stands for its areas, and its
# generic wording is not read for words
OBJECTIVE_AREAS: list[tuple[str, str, str, set[str]]] = [
    # OPZ's CLLD objective names its programme by its wording alone; it covers every social theme
    ("Podpora partnerské spolupráce při realizaci politiky zaměstnanosti", "2.3 Zvýšit zapojení lokálních "
     "aktérů do řešení problémů nezaměstnanosti a sociálního začleňování ve venkovských oblastech", "",
     {"zamestnanost"}),
    ("Podpora prorodinných aktivit", "Zvýšit zapojení lokálních aktérů do řešení problémů nezaměstnanosti a "
     "sociálního začleňování ve venkovských oblastech", "", {"rodina"}),
    # IROP's objectives mean different things in its two periods: only the period's marks choose one
    ("12. výzva IROP 2021–2027", "SC 2.1", "", {"bezpeci-a-zdravi"}),
    ("12. výzva IROP 2014–2020", "SC 2.1", "", set()),
    ("Výzva IROP – Sociální bydlení", "SC 2.1", "Příjem žádostí do 30. 6. 2021.", {"bydleni"}),
]


@pytest.mark.parametrize(("title", "objective", "aim", "expected"), OBJECTIVE_AREAS)
def test_specific_objective_areas(title: str, objective: str, aim: str, expected: set[str]) -> None:
    found = classify_call_areas(title, objective, aim)
    assert set(found.codes) == expected
    assert all(found.evidence[code] for code in found.codes)
