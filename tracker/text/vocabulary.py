"""The taxonomy's codes, Czech labels and the words that name them, kept as data.

A coordinator extends recognition by adding a pattern here; no code changes. Patterns are
regular expressions over *folded* text: lower case, no diacritics ("obcím" → "obcim").
``abbreviations`` match whole tokens case-sensitively on the unfolded text (diacritics
removed), so "PO" is a příspěvková organizace but the preposition "po" is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    patterns: tuple[str, ...]
    abbreviations: tuple[str, ...] = field(default=())


APPLICANT_TYPES: tuple[Term, ...] = (
    Term("obec", "obec", (
        r"\bob(?:ec|ce|ci|cim|cemi|cich)\b",
        r"\bmest(?:o|a|u|e|um|y|ech|ama|ys|yse|ysum|yse|ysy)?\b",
        r"\bmestsk\w* (?:cast|obvod)\w*",
        r"\bobecni\w* urad\w*",
    )),
    Term("kraj", "kraj", (r"\bkraj(?:e|i|u|um|ove|ich)?\b", r"\bkrajsk\w* urad\w*")),
    Term("dso", "dobrovolný svazek obcí", (
        r"\bsvazk?\w* obci\b", r"\b(?:jejich|dobrovoln\w*) svazk\w*", r"\bmikroregion\w*",
    ), ("DSO",)),
    Term("mas", "místní akční skupina", (r"\bmistni\w* akcni\w* skupin\w*",), ("MAS",)),
    Term("nno", "nestátní nezisková organizace", (
        r"\bneziskov\w* organizac\w*",
        r"\bspol(?:ek|ky|ku|kum|cich|ky)\b",
        r"\bobecne prospesn\w* spolecnost\w*",
        r"\bo\. ?p\. ?s\.",
        r"\bz\. ?s\.",
        r"\bz\. ?u\.",
        r"\bustav(?:y|u|um|ech|)\b",
        r"\bnadac\w*",
        r"\bnadacni\w* fond\w*",
        r"\bcirk(?:ev|ve|vi|vim|vemi)\b",
        r"\bcirkevni\w* (?:pravnick\w* osob\w*|organizac\w*)",
        r"\bnestatni\w* neziskov\w*",
    ), ("NNO", "NGO", "NSNO")),
    Term("prispevkova-organizace", "příspěvková organizace", (
        r"\bprispevkov\w* organizac\w*",
        r"\borganizac\w* (?:jimi |jim )?(?:zrizovan|zalozen|zakladan)\w*",
        r"\b(?:jimi|jim) zrizovan\w*(?: a zakladan\w*)? organizac\w*",
        r"\b(?:obcemi|kraji|krajem|statem|mesty) zrizovan\w* organizac\w*",
    ), ("PO",)),
    Term("skola", "škola a školské zařízení", (
        r"\bskol(?:a|y|e|u|ou|am|ach|ami)\b",
        r"\bskolsk\w* (?:zarizen|pravnick)\w*",
        r"\bdetsk\w* skupin\w*",
    ), ("ZS", "MS", "SS", "VOS")),
    Term("vysoka-skola", "vysoká škola a výzkumná organizace", (
        r"\bvysok\w* skol\w*",
        r"\buniverzit\w*",
        r"\bvyzkumn\w* (?:organizac|instituc|ustav|pracovist)\w*",
    ), ("VS", "TUL")),
    Term("poskytovatel-socialnich-sluzeb", "poskytovatel sociálních služeb", (
        r"\bposkytovatel\w* (?:registrovan\w* )?socialni\w* sluzeb\b",
        r"\bregistrovan\w* socialni\w* sluzb\w*",
    )),
    Term("poskytovatel-zdravotnich-sluzeb", "poskytovatel zdravotních služeb", (
        r"\bposkytovatel\w* zdravotni\w* sluzeb\b",
        r"\bnemocnic\w*",
        r"\bzdravotnick\w* zarizen\w*",
    )),
    Term("statni-sprava", "státní správa", (
        r"\bministerst\w*",
        r"\borganizacni\w* slozk\w* statu\b",
        r"\bustredni\w* (?:organ|spravni)\w*",
        r"\burad\w* prace\b",
        r"\bstatni\w* sprav\w*",
    ), ("OSS", "UP")),
    Term("podnikatel", "podnikatel a zaměstnavatel", (
        r"\bpodnikatel\w*",
        r"\bpodnik(?:y|u|um|ich|ech|ajici\w*)?\b",
        r"\bzamestnavatel\w*",
        r"\bobchodni\w* (?:spolecnost|korporac)\w*",
        r"\bdopravc\w*",
        r"\bosob\w* samostatne vydelecne\w*",
        r"\bfyzick\w* osob\w* podnikajic\w*",
        r"\bs\. ?r\. ?o\.",
        r"\bdruzstv\w*",
    ), ("OSVC", "MSP", "MSP")),
    Term("fyzicka-osoba", "fyzická osoba", (r"\bfyzick\w* osob\w*", r"\bjednotliv(?:ec|ci)\b")),
)

# Phrases that look like one type but are another; matched and blanked out first, in order.
APPLICANT_TRAPS: tuple[tuple[str, str | None], ...] = (
    # "organisations set up by municipalities" are not municipalities
    (r"\borganizac\w* (?:zrizovan|zalozen|zakladan)\w*(?: (?:nebo|a) (?:zrizovan|zalozen|zakladan)\w*)? "
     r"(?:obcemi|obci|mesty|kraji|krajem|statem|dso|svazky obci)(?: (?:nebo|a|ci) "
     r"(?:obcemi|obci|mesty|kraji|krajem|statem|dso|svazky obci))*\b", "prispevkova-organizace"),
    (r"\b(?:obcemi|kraji|krajem|mesty|statem) zrizovan\w* (?:a zakladan\w* )?organizac\w*", "prispevkova-organizace"),
    (r"\b(?:obchodni\w* spolecnost\w*|organizac\w*) (?:vlastnen|ovladan)\w* (?:obcemi|kraji|krajem|mesty)\b", "podnikatel"),
    (r"\bdobrovoln\w* svazk\w* obci\b", "dso"),
    (r"\bsvazk?\w* obci\b", "dso"),
    (r"\bvysok\w* skol\w*", "vysoka-skola"),
    (r"\bfyzick\w* osob\w* podnikajic\w*", "podnikatel"),
    (r"\bobecne prospesn\w* spolecnost\w*", "nno"),
    (r"\bmistni\w* akcni\w* skupin\w*", "mas"),
    (r"\bposkytovatel\w* (?:registrovan\w* )?socialni\w* sluzeb\b", "poskytovatel-socialnich-sluzeb"),
    (r"\bposkytovatel\w* zdravotni\w* sluzeb\b", "poskytovatel-zdravotnich-sluzeb"),
    # a region named as a place ("obce Libereckého kraje", "v kraji") is not an applicant
    (r"\b\w+(?:eho|em|im|ich) kraj\w*", None),
    (r"\b(?:v|ve|na|z|ze|do|uzemi|ramci|celeho|celem) (?:\w+ )?kraj(?:e|i|u)?\b", None),
    # a municipality named as a place ("v obci", "obyvatel obce") is still an obec, so no trap
)

AREAS: tuple[Term, ...] = (
    Term("bydleni", "bydlení", (
        r"\bbydlen\w*", r"\bbyt(?:y|u|um|ech|ov\w*)?\b", r"\bubytovn\w*", r"\bbezdomov\w*",
        r"\bhousing\b",
    )),
    Term("zamestnanost", "zaměstnanost", (
        r"\bzamestnan\w*", r"\bnezamestnan\w*", r"\btrh\w* prace\b", r"\brekvalifik\w*",
        r"\bpracovni\w* (?:mist|uplatn|navyk|reintegr|rehabilit|trh)\w*", r"\bsocialni\w* podnik\w*",
        r"\bzamestnavatel\w*", r"\buchazec\w* o zamestnani\b",
    )),
    Term("vzdelavani", "vzdělávání", (
        r"\bvzdelav\w*", r"\bvzdelani\w*", r"\bskol(?:a|y|e|u|ou|am|ach|ami|ni|sk\w*)\b",
        r"\bpredskoln\w*", r"\bdoucov\w*", r"\bzak(?:u|um|y|ovsk\w*)\b", r"\bpedagog\w*",
        r"\bcelozivotn\w* uceni\b",
    )),
    Term("dluhy", "dluhy", (
        r"\bdluh\w*", r"\bzadluz\w*", r"\bexekuc\w*", r"\boddluz\w*", r"\binsolven\w*",
        r"\bfinancni\w* gramotnost\w*",
    )),
    Term("socialni-sluzby", "sociální služby", (
        r"\bsocialni\w* (?:sluzb|prac|zaclen|vylouc|inkluz|zaclenov|sit|pomoc|poradenstv)\w*",
        r"\bsocialne vylouc\w*", r"\bterenni\w* (?:prac|sluzb|program)\w*", r"\bsenior\w*",
        r"\bpecujic\w*", r"\bdlouhodob\w* pec\w*", r"\bmobilni\w* tym\w*", r"\bdomov\w* pro\b",
        r"\bzdravotnim postizenim\b", r"\bnocleharn\w*", r"\bazylov\w*",
    )),
    Term("bezpeci-a-zdravi", "bezpečí a zdraví", (
        r"\bzdravot(?:ni|nich|nim|nimi)? (?:pec|sluzb|preven|stav|gramotnost)\w*", r"\bzdravi\b",
        r"\bprevenc\w* kriminalit\w*", r"\bkriminalit\w*", r"\bdrog\w*", r"\bzavislost\w*",
        r"\badiktolog\w*", r"\bdusevni\w*", r"\bpsychiatr\w*", r"\bnemocnic\w*", r"\bzachrann\w*",
        r"\bdomaci\w* nasili\w*", r"\bbezpeci\b", r"\bbezpecn\w*", r"\bhygien\w*",
    )),
    Term("rodina", "rodina a děti", (
        r"\brodin\w*", r"\bdet(?:i|em|mi)\b", r"\bdetsk\w*", r"\brodic\w*", r"\brodicovstv\w*",
        r"\bpestoun\w*", r"\bmaterstv\w*", r"\bmladez\w*",
    )),
    Term("komunitni-zivot", "komunitní život", (
        r"\bkomunit\w*", r"\bdobrovoln(?:ic|ik|ict)\w*", r"\bsousedsk\w*", r"\bparticipac\w*",
        r"\bvolnocasov\w*", r"\bspolkov\w*",
    )),
    Term("doprava", "doprava", (
        r"\bdoprav\w*", r"\bcyklo\w*", r"\bsilnic\w*", r"\bterminal\w*", r"\bchodnik\w*",
        r"\bparkovist\w*", r"\bparkovac\w*", r"\bmobilit\w*", r"\bzeleznic\w*",
    )),
    Term("kultura-a-cestovni-ruch", "kultura a cestovní ruch", (
        r"\bkultur\w*", r"\bpamat(?:ek|ky|kov\w*|ka|ce)\b", r"\bmuze(?:a|um|i|ich)\b", r"\bknihov\w*",
        r"\bcestovn\w* ruch\w*", r"\bturist\w*", r"\bdedictv\w*",
    )),
    Term("zivotni-prostredi", "životní prostředí", (
        r"\bzivotni\w* prostred\w*", r"\bklima\w*", r"\bzelen(?:e|i|ou|a infrastruktur\w*)\b",
        r"\benerget\w*", r"\buspor\w* energi\w*", r"\bobnoviteln\w*", r"\bodpad\w*",
        r"\bvodovod\w*", r"\bkanalizac\w*", r"\bovzdusi\b", r"\bpovod(?:en|n)\w*", r"\bbiodiverzit\w*",
        r"\bprirod\w*",
    )),
    Term("verejna-sprava", "veřejná správa", (
        r"\bverejn\w* sprav\w*", r"\be-?government\w*", r"\bdigitaliz\w*", r"\bkybernetick\w*",
        r"\binformacni\w* (?:system|technolog)\w*", r"\buzemni\w* plan\w*", r"\bstrategick\w* plan\w*",
        r"\bsmart\b", r"\bsprav\w* (?:obce|mesta|kraje)\b",
    )),
)

# Phrases that look like one area but are another (matched and blanked out first).
AREA_TRAPS: tuple[tuple[str, str | None], ...] = (
    (r"\bkybernetick\w* bezpecnost\w*", "verejna-sprava"),
    (r"\bosob\w* se zdravotnim postizenim\b", "socialni-sluzby"),
    (r"\bzdravotn\w* postizen\w*", "socialni-sluzby"),
)

# Where an exclusion starts; its scope runs to the end of the sentence or bracket.
EXCLUSION_MARKERS: tuple[str, ...] = (
    r"\bs vyjimkou\b",
    r"\bkrome\b",
    r"\bvyjma\b",
    r"\b(?:opravnen\w* )?zadatel\w* (?:nejsou|nemohou byt|neni)\b",
    r"\bnejsou opravnen\w*",
    r"\bneni opravnen\w*",
    r"\bnemohou zadat\b",
    r"\bnelze podporu poskytnout\b",
)

APPLICANT_LABELS = {term.code: term.label for term in APPLICANT_TYPES}
AREA_LABELS = {term.code: term.label for term in AREAS}
STATE_LABELS = {
    "planned": "plánovaná", "open": "otevřená", "closed": "uzavřená", "cancelled": "zrušená",
    "unknown": "neznámý stav",
}
