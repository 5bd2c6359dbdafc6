"""Map Czech free text to the taxonomy's applicant types and areas, with the phrase behind each code.

The vocabulary lives in :mod:`tracker.text.vocabulary` (how a text is read is described there);
this module applies it over the lemma text of :mod:`tracker.text.lemmas`. Everything is linear
in the text's length: scopes are found with one pass and a bisection per marker, words are
marked used in a per-token array (never by rewriting the text), and input is capped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from tracker.text.lemmas import LemmaText, lemmatize
from tracker.text.normalize import strip_diacritics
from tracker.text.vocabulary import (
    APPLICANT_RULES,
    APPLICANT_SCOPES,
    APPLICANT_TYPES,
    AREA_RULES,
    AREAS,
    FIELD_ADJECTIVES,
    FIELD_FILLERS,
    FIELD_NOUNS,
    OTHER_ABBREVIATIONS,
    SOCIAL_INCLUSION_AREAS,
    SOCIAL_INCLUSION_MEASURES,
    SPECIFIC_OBJECTIVES,
    Rule,
    Scope,
    Term,
)

APPLICANT_CODES: tuple[str, ...] = tuple(t.code for t in APPLICANT_TYPES)
AREA_CODES: tuple[str, ...] = tuple(t.code for t in AREAS)
EVIDENCE_MAX = 90  # characters of a quoted phrase
EVIDENCE_ITEM = 60  # a list item up to this long is quoted whole
EVIDENCE_CONTEXT = 2  # words either side of the matched ones, in a longer item
FIELD_RUN = 3  # how many field adjectives make an enumeration of fields (see _Reading.read_field_adjectives)
AIM_MENTIONS = 2  # how often a call's aim must name an area its title and objective do not (see classify_call_areas)


@dataclass(frozen=True)
class Found:
    """Codes in taxonomy order, and for each the phrase of the text that produced it."""

    codes: list[str]
    evidence: dict[str, str]


@dataclass(frozen=True)
class Classification:
    applicant_types: list[str]
    areas: list[str]
    evidence: dict[str, dict[str, str]] = field(default_factory=dict)  # {"applicant_types": {…}, "areas": {…}}


# --- compiled vocabulary --------------------------------------------------------------------


def _abbreviation_token(abbreviation: str) -> str:
    return "_" + strip_diacritics(abbreviation.lower())


ABBREVIATIONS: frozenset[str] = frozenset(
    strip_diacritics(a.lower())
    for a in (*OTHER_ABBREVIATIONS, *(a for t in (*APPLICANT_TYPES, *AREAS) for a in t.abbreviations))
)


_LITERAL_START = re.compile(r"^(?:\\b)?([a-z_][a-z_ ]{2,})")


def _anchor(pattern: str) -> str | None:
    """A literal every match of ``pattern`` contains (its leading letters), or ``None``: a cheap
    substring test that spares running the regular expression over a text that cannot match."""
    depth = 0
    for i, ch in enumerate(pattern):
        if ch == "\\":
            continue
        if ch == "(" and (i == 0 or pattern[i - 1] != "\\"):
            depth += 1
        elif ch == ")" and pattern[i - 1] != "\\":
            depth -= 1
        elif ch == "|" and depth == 0 and pattern[i - 1] != "\\":
            return None
    m = _LITERAL_START.match(pattern)
    if m is None:
        return None
    literal = m.group(1)
    following = pattern[m.end(1): m.end(1) + 1]
    if following in ("?", "*", "{"):  # the last letter is optional
        literal = literal[:-1]
    return literal if len(literal.strip()) >= 3 else None


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    anchor: str | None

    @classmethod
    def of(cls, pattern: str) -> _Pattern:
        return cls(re.compile(pattern), _anchor(pattern))

    def finditer(self, text: str):  # noqa: ANN201 — an iterator of matches
        if self.anchor is not None and self.anchor not in text:
            return iter(())
        return self.regex.finditer(text)


@lru_cache(maxsize=8)
def _compile_terms(terms: tuple[Term, ...]) -> tuple[tuple[str, tuple[_Pattern, ...]], ...]:
    compiled = []
    for term in terms:
        patterns = [_Pattern.of(p) for p in term.patterns]
        if term.abbreviations:
            tokens = "|".join(re.escape(_abbreviation_token(a)) for a in term.abbreviations)
            patterns.append(_Pattern.of(rf"(?<!\S)(?:{tokens})(?!\S)"))
        compiled.append((term.code, tuple(patterns)))
    return tuple(compiled)


@lru_cache(maxsize=8)
def _compile_rules(rules: tuple[Rule, ...]) -> tuple[tuple[_Pattern, tuple[str, ...], str], ...]:
    return tuple((_Pattern.of(r.pattern), r.codes, r.layer) for r in rules)


@lru_cache(maxsize=8)
def _compile_scopes(scopes: tuple[Scope, ...]) -> tuple[tuple[re.Pattern[str], str, re.Pattern[str] | None], ...]:
    return tuple((re.compile(s.pattern), s.reach, re.compile(s.unless) if s.unless else None) for s in scopes)


_LIST_JOINS = frozenset({",", "a", "i", "ci", "nebo", "/", "-", "–"})
_PHRASE_ENDS = frozenset({",", ";", "(", ")", "[", "]", "¶", "•", "·", ":", "▪", "●", "◦", "–", "|"})
_LEADING_WORDS = re.compile(r"^(?:(?:a|i|nebo|či|ani|tj\.|např\.|zejména)\s+)+", re.IGNORECASE)
_POSITIVE = re.compile(r"\b(?:zadatel|prijemce|zadat)\w* (?:\w+ ){0,3}?(?:sein|je|moci)\b")
_SCOPE_BREAK = frozenset({"ale", "avsak", "nybrz"})
_EXCEPT = frozenset({"krome", "vyjma", "nikoli", "nikoliv", "s", "mimo"})  # a scope's first word when it excludes
_CONTINUES = re.compile(r"zrizov|zrizen|zalozen|zaklad|jenz|ktery|vlastnen")


class _Reading:
    """One text being read: its lemmas, the words already used up, the codes found so far."""

    def __init__(self, text: str) -> None:
        self.lt: LemmaText = lemmatize(text, ABBREVIATIONS)
        tokens = self.lt.lemmas.split(" ") if self.lt.lemmas else []
        self.tokens = tokens
        self.used = bytearray(len(tokens))
        self.originals = originals = [self.lt.original[a:b] for a, b in self.lt.spans]
        self.phrase_ends = [i for i, t in enumerate(tokens) if t in _PHRASE_ENDS or t in _SCOPE_BREAK]
        self.sentence_ends = [
            i for i, t in enumerate(tokens)
            if t in ("¶", "!", "?") or t in _SCOPE_BREAK
            or (t == "." and i + 1 < len(tokens) and not originals[i + 1][:1].islower())
        ]
        self.codes: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.measures: dict[str, int] = {}  # mentions of a named social-inclusion measure, per area
        self.stated = bytearray(len(tokens))  # words inside "v oblasti X, Y a Z": each a stated purpose
        self.incidental = bytearray(len(tokens))  # words of a side remark ("doplňkové aktivity"): no purpose

    def weight(self, index: int) -> int:
        """How much a mention at token ``index`` counts towards an area of a call's aim."""
        if self.incidental[index]:
            return 0
        return AIM_MENTIONS if self.stated[index] else 1

    # -- helpers

    def _next(self, ends: list[int], index: int) -> int:
        at = bisect_left(ends, index)
        return ends[at] if at < len(ends) else len(self.tokens)

    def _previous(self, ends: list[int], index: int) -> int:
        at = bisect_left(ends, index)
        return ends[at - 1] if at > 0 else -1

    def free(self, first: int, last: int) -> bool:
        return self.used.find(1, first, last) == -1

    def use(self, first: int, last: int) -> None:
        self.used[first:last] = b"\x01" * (last - first)

    def quote(self, first: int, last: int) -> str:
        """The phrase to show for tokens ``first`` … ``last - 1``: its list item when that is short
        ("obce a jimi zřizované organizace"), else the words matched with a few of their neighbours
        in the item, never a whole sentence of prose."""
        start = self._previous(self.phrase_ends, first) + 1
        stop = self._next(self.phrase_ends, last)
        phrase = self._trim(self.lt.quote_tokens(start, stop))
        if not phrase or len(phrase) > EVIDENCE_ITEM:
            phrase = self._trim(self.lt.quote_tokens(max(start, first - EVIDENCE_CONTEXT),
                                                     min(stop, last + EVIDENCE_CONTEXT)))
            if not phrase or len(phrase) > EVIDENCE_MAX:
                phrase = self.lt.quote_tokens(first, last)
        return phrase if len(phrase) <= EVIDENCE_MAX else phrase[: EVIDENCE_MAX - 1] + "…"

    @staticmethod
    def _trim(phrase: str) -> str:
        return _LEADING_WORDS.sub("", phrase.strip(" -–•.")).strip()

    def add(self, code: str, first: int, last: int) -> None:
        if code not in self.codes:
            self.codes[code] = self.quote(first, last)

    # -- the three steps

    def set_aside(self, scopes: tuple[Scope, ...]) -> None:
        """Mark the stretches that name no applicant (exclusions, target groups, partners)."""
        lemmas = self.lt.lemmas
        positives = [self.lt.tokens(m.start(), m.end())[0] for m in _POSITIVE.finditer(lemmas)]
        covered = 0
        for pattern, reach, unless in _compile_scopes(scopes):
            exceptions = [self.lt.tokens(m.start(), m.end())[0] for m in unless.finditer(lemmas)] if unless else []
            for m in pattern.finditer(lemmas):
                first, last = self.lt.tokens(m.start(), m.end())
                sentence_end = self._next(self.sentence_ends, last)
                if exceptions and self._next(exceptions, last) < sentence_end:
                    continue  # "kromě obcí mohou žádat také NNO": besides, not except
                if reach == "phrase":
                    stop = min(self._next(self.phrase_ends, last), sentence_end)
                    for _ in range(3):  # "s výjimkou … organizace, zřizované městem" — the clause goes on
                        if stop + 1 < len(self.tokens) and self.tokens[stop] == "," and _CONTINUES.match(
                                self.tokens[stop + 1]):
                            stop = min(self._next(self.phrase_ends, stop + 1), sentence_end)
                    if self.tokens[stop + 1:stop + 2] in (["tzn"], ["tj"]) and self.tokens[stop:stop + 1] == [","]:
                        stop = sentence_end  # "kromě veřejnoprávních osob, tzn. obcí, …": what it names, in full
                    elif self.tokens[stop:stop + 1] == ["("] and self.tokens[first] in _EXCEPT:
                        # "nikoli jednotlivcům (fyzickým osobám)": the bracket says what was excluded
                        stop = min(self._next(self.phrase_ends, stop + 1) + 1, sentence_end)
                elif ":" in self.tokens[last:last + 2]:
                    stop = self._next(positives, last)  # "nemůže být: a) … b) …" — the whole list
                else:  # "… zapojení dobrovolníků; žadatelem jsou spolky": who may apply starts a new reading
                    stop = min(sentence_end, self._next(positives, last))
                begin = max(first, covered)
                if stop > begin:
                    self.use(begin, stop)
                covered = max(covered, stop)
            covered = 0

    def read_rules(self, rules: tuple[Rule, ...], *, measures: bool = False) -> None:
        """Each free match gives its codes and uses its words up (``measures``: and counts as a named measure)."""
        for pattern, codes, layer in _compile_rules(rules):
            text, starts = self.lt.layer(layer)
            for m in pattern.finditer(text):
                if m.end() == m.start():
                    continue
                start, end = m.span("words") if "words" in m.re.groupindex else m.span()
                first, last = LemmaText.tokens_of(starts, start, end)
                if codes and not self.free(first, last):
                    continue  # (a rule that gives nothing may read over words a scope or a rule set aside)
                weight = self.weight(first)
                for code in codes if weight else ():
                    self.add(code, first, last)
                    self.counts[code] = self.counts.get(code, 0) + weight
                    if measures:
                        self.measures[code] = self.measures.get(code, 0) + weight
                self.use(first, last)

    def read_terms(self, terms: tuple[Term, ...], *, count: bool = False) -> None:
        """Find each term's first free mention (``count``: and how many there are in all)."""
        for code, patterns in _compile_terms(terms):
            if code in self.codes and not count:
                continue
            for pattern in patterns:
                for m in pattern.finditer(self.lt.lemmas):
                    first, last = self.lt.tokens(m.start(), m.end())
                    weight = self.weight(first)
                    if not weight or not self.free(first, last):
                        continue
                    self.add(code, first, last)
                    self.counts[code] = self.counts.get(code, 0) + weight
                    if not count:
                        break
                if code in self.codes and not count:
                    break

    def read_field_adjectives(self) -> None:
        """Each field adjective of an enumeration before one noun is a stated purpose ("na kulturní, sportovní,
        vzdělávací a jinou obecně prospěšnou činnost"): a run of adjectives, conjunctions and fillers that ends
        in a :data:`FIELD_NOUNS` noun and holds :data:`FIELD_RUN` field adjectives or more. A pair is no
        enumeration of fields: "kulturní a sportovní činnost" of a club is its club life, "sociálně zdravotní
        aktivity" one kind of activity. Before "oblast" every adjective names a field ("do sociální a
        zdravotní oblasti"), and so does every one after "v oblasti" that qualifies no noun of its own ("v oblasti
        sociální a zdravotní, kulturní.", not "v oblasti sociálního podnikání")."""
        tokens = self.tokens
        run: list[int] = []  # the field adjectives of the current run
        start = 0
        for i, token in enumerate([*tokens, ""]):  # "": the end of the text ends a run too
            if token in FIELD_ADJECTIVES:
                if not run:
                    start = i
                run.append(i)
                continue
            if run and (token in _LIST_JOINS or token in FIELD_FILLERS):
                continue
            after_field = run and start >= 2 and tokens[start - 2:start] == ["v", "oblast"] and not token.isalnum()
            if token in FIELD_NOUNS and len(run) >= (1 if token == "oblast" else FIELD_RUN) or after_field:
                for j in run:
                    if not self.used[j] and not self.incidental[j]:
                        for code in FIELD_ADJECTIVES[tokens[j]]:
                            self.add(code, start, i + 1)
                            self.counts[code] = self.counts.get(code, 0) + AIM_MENTIONS
                        self.used[j] = 1
            run = []

    def found(self, order: tuple[str, ...]) -> Found:
        codes = [code for code in order if code in self.codes]
        return Found(codes, {code: self.codes[code] for code in codes})


# --- applicant types -------------------------------------------------------------------------


def classify_applicants_with_evidence(text: str | None) -> Found:
    """Applicant-type codes an eligible-applicants text names, each with the phrase that named it."""
    if not text or not text.strip():
        return Found([], {})
    reading = _Reading(text)
    reading.set_aside(APPLICANT_SCOPES)
    reading.read_rules(APPLICANT_RULES)
    reading.read_terms(APPLICANT_TYPES)
    return reading.found(APPLICANT_CODES)


def classify_applicants(text: str | None) -> list[str]:
    """Applicant-type codes named in an eligible-applicants text, in taxonomy order."""
    return classify_applicants_with_evidence(text).codes


# --- areas -----------------------------------------------------------------------------------


def classify_areas_with_evidence(text: str | None) -> Found:
    """Area codes a call's or intention's text speaks of, each with the phrase that said so."""
    if not text or not text.strip():
        return Found([], {})
    reading = _Reading(text)
    reading.read_field_adjectives()
    reading.read_rules(AREA_RULES)
    reading.read_rules(SOCIAL_INCLUSION_MEASURES)
    reading.read_terms(AREAS)
    return reading.found(AREA_CODES)


def classify_areas(text: str | None) -> list[str]:
    """Area codes a call's or intention's text speaks of, in taxonomy order."""
    return classify_areas_with_evidence(text).codes


_FIELDS = re.compile(r"\bv oblast\b|\bv oblasti\b|\bzejmena\b")
_FIELDS_BEFORE = re.compile(r"\bve? (?:(?!(?:ve?|\.|;|:|¶|\(|\)) )\S+ ){1,7}?oblast\b")
_SO_EXPLICIT = re.compile(r"(?:\bSC|\bspecifick\w*\s+cíl\w*|ESF\+)\s*\.?\s*(\d{1,2})\.(\d{1,2})(?!\d)", re.IGNORECASE)
_SO_LEADING = re.compile(r"^\W{0,3}(\d{1,2})\.(\d{1,2})(?!\d)")
_PROGRAMMES = (  # (pattern, key of SPECIFIC_OBJECTIVES or "IROP"), first match wins
    (re.compile(r"\bOP\s?ŽP\b|\bOPŽP\b|program\w*\s+Životní\s+prostředí", re.IGNORECASE), "OP ŽP"),
    (re.compile(r"ESF\s?\+|\bOPZ\s?\+|\bOPZ\s?plus\b|Zaměstnanost\s+plus", re.IGNORECASE), "ESF+"),
    (re.compile(r"\bOPZ\b|program\w*\s+Zaměstnanost\b", re.IGNORECASE), "OPZ 2014-2020"),
    (re.compile(r"\bIROP\b|Integrovan\w*\s+regionáln\w*\s+operačn\w*", re.IGNORECASE), "IROP"),
)
# the period's marks; a bare year is none ("příjem žádostí do 30. 6. 2021" ends an old call too)
_IROP_NEW = re.compile(r"\((?:PR|MRR|CLLD|ITI|ČR)\)|2021\s*[–—-]\s*(?:20)?27|2021\s*\+|\b2027\b|MS2021")
_IROP_OLD = re.compile(r"2014|2020|REACT|IPRÚ|\b0?6_1[5-9]_")
# Objectives whose wording names them even where a page quotes it without number or programme:
# (wording, key of SPECIFIC_OBJECTIVES, objective)
_SO_WORDINGS = (
    (re.compile(r"lokálních\s+aktérů\s+do\s+řešení\s+problémů\s+nezaměstnanosti", re.IGNORECASE), "OPZ 2014-2020",
     "2.3"),  # OPZ CLLD 2.3.1, every social theme
)


def specific_objective_areas(programme: str, specific_objective: str | None, title: str = "",
                             text: str = "") -> tuple[Found, bool]:
    """The areas a programme's specific objective stands for (from :data:`SPECIFIC_OBJECTIVES`), and
    whether the objective was recognised (then its generic wording is not read for words)."""
    objective = (specific_objective or "")[:500]
    worded = next(((key, code) for wording, key, code in _SO_WORDINGS if wording.search(objective)), None)
    number = _SO_EXPLICIT.search(objective) or _SO_LEADING.search(objective) or _SO_EXPLICIT.search(title[:500])
    if worded is None and number is None:
        return Found([], {}), False
    code = worded[1] if worded else f"{int(number[1])}.{int(number[2])}"
    blob = " ".join((programme, objective, title[:500], text[:500]))
    key = worded[0] if worded else next((k for pattern, k in _PROGRAMMES if pattern.search(blob)), None)
    if key is None:
        return Found([], {}), False
    if key == "IROP":
        if _IROP_NEW.search(blob):
            keys = ["IROP 2021-2027"]
        elif _IROP_OLD.search(blob):
            keys = ["IROP 2014-2020"]
        else:
            keys = [k for k in ("IROP 2021-2027", "IROP 2014-2020") if code in SPECIFIC_OBJECTIVES[k]]
    else:
        keys = [key]
    meanings = {SPECIFIC_OBJECTIVES[k][code] for k in keys if code in SPECIFIC_OBJECTIVES[k]}
    if len(meanings) != 1:
        return Found([], {}), False
    codes = next(iter(meanings))
    label = f"{keys[0] if len(keys) == 1 else 'IROP'} SC {code}"
    return Found([c for c in AREA_CODES if c in codes], {c: label for c in codes}), True


_ITEM_WORDS = 10  # how many tokens of an enumerated item name its purpose (the rest is detail)
_ITEM_LABEL = re.compile(r"^(?:\d{1,2}|[a-z]\d?)$")  # "1)", "a)", "B1."
_BULLETS = frozenset({"–", "-", "•", "▪", "●", "◦", "·", "*", "—"})
_AIM_CLAUSE = re.compile(r"^(?:hlavni |hlavnim |celkovy |obecny )?(?:cil|ucel)$")
_AIM_VERB = frozenset({"je", "sein", ":", "spocivat"})
_PURPOSE = re.compile(r"\bza ucel\b|\bs cil\b")
_SIDE = re.compile(r"\b(?:doprovodny|doplnkovy|vedlejsi) (?:aktivita|cinnost)\b")
# what a call will not pay for: "Dotaci nelze využít na sportovní a kulturní aktivity", "nebudou podporovány"
_EXCLUDED = re.compile(r"\bnelze (?:\w+ ){0,2}?(?:vyuzit|pouzit|financovat|hradit|podporit|poskytnout|zadat)\b"
                       r"|\bnesein (?:mozny )?(?:\w+ )?(?:podporovany|podporit|financovat|zpusobily|urceny)\b"
                       r"|\bpodporovat nesein\b|\bnepodpor\w*|\bnezpusobil\w*")
_EXCEPT_PHRASE = re.compile(r"\bs vyjimka\b|\bvyjma\b")  # "(s výjimkou agendy sociálně-právní ochrany dětí)"
# who may apply, inside a call's aim: "se mohou … hlásit neziskové organizace, církve či školy", "žádat mohou obce"
_APPLY = re.compile(r"\bmoci (?:\S+ ){0,8}?(?:zadat|hlasit|prihlasit|podat|predkladat|ucastnit|uchazet)\w*"
                    r"|\b(?:zadat|hlasit|prihlasit|podat|predkladat|ucastnit|uchazet)\w* (?:se )?moci\b"
                    r"|\b(?:zadatel|prijemce)\w* (?:\w+ ){0,2}?(?:sein|moci sein)\b")
_APPLICANTS_WORDS = 40  # how far a list of applicants runs at most
_APPLICANTS_END = frozenset({"na", "pro", "o", "k", "ke", "za", "do", "v", "ve", "s", "se", "jenz", "ktery"})
_EXAMPLE = frozenset({"napr", "naprklad", "napriklad"})
_ETCETERA = frozenset({"atd", "apod", "aj"})  # "… atd.)" ends a bracket of examples


def _enumeration_items(reading: _Reading) -> list[tuple[int, int]]:
    """The items of a marked enumeration ("1) … 2) …", "a) … b) …", "A. … B. …", "– … – …"): where
    each starts and where its head ends (the next item, the sentence's end, a bracket that details it
    "7. Komplexní projekty (komunitní programy …)", or :data:`_ITEM_WORDS`).
    A style counts only when it marks two items or more; a list run into a sentence after a colon
    ("patří: X, Y, Z") is not one."""
    tokens, originals = reading.tokens, reading.originals
    styles: dict[str, list[int]] = {}
    depth = 0  # open brackets: "(opatření 1.1.1)" closes one, it marks no item
    for i in range(len(tokens) - 1):
        if tokens[i] == "(":
            depth += 1
        elif tokens[i] == ")":
            depth = max(0, depth - 1)
        after = originals[i + 2][:1] if i + 2 < len(tokens) else ""
        if tokens[i + 1] == ")" and _ITEM_LABEL.match(tokens[i]):
            if depth == 0 and not (i and (tokens[i - 1] in ("/", "-") or (
                    tokens[i - 1] == "." and i > 1 and tokens[i - 2].isdigit()))):  # not "1.1.4)"
                styles.setdefault(")", []).append(i)
        elif (tokens[i + 1] == "." and after.isupper() and _ITEM_LABEL.match(tokens[i])
              and (tokens[i].isdigit() or originals[i].isupper()) and (i == 0 or tokens[i - 1] != ".")):
            styles.setdefault(".", []).append(i)
        elif tokens[i] in _BULLETS and originals[i + 1][:1].isupper():
            styles.setdefault("•", []).append(i)
    starts = sorted(i for marks in styles.values() if len(marks) >= 2 for i in marks)
    opens = [i for i, t in enumerate(tokens) if t == "("]
    items = []
    for n, start in enumerate(starts):
        following = starts[n + 1] if n + 1 < len(starts) else len(tokens)
        stop = min(following, reading._next(reading.sentence_ends, start + 2), reading._next(opens, start + 2),
                   start + _ITEM_WORDS)
        items.append((start, stop))
    return items


def _read_areas(text: str) -> _Reading:
    reading = _Reading(text)
    tokens, ends = reading.tokens, reading.sentence_ends
    opens = [i for i, t in enumerate(tokens) if t == "("]
    closes = [i for i, t in enumerate(tokens) if t == ")"]
    for m in _FIELDS.finditer(reading.lt.lemmas):  # "zejména v oblasti X, Y, Z" names each purpose
        first, last = reading.lt.tokens(m.start(), m.end())
        stop = reading._next(ends, last)
        if reading._previous(opens, first) > reading._previous(closes, first):  # "(zejména X)" ends with it
            stop = min(stop, reading._next(closes, last))
        reading.stated[first:stop] = b"\x01" * (stop - first)
    for m in _FIELDS_BEFORE.finditer(reading.lt.lemmas):  # "ve všech kulturních a sportovních oblastech"
        first, last = reading.lt.tokens(m.start(), m.end())
        reading.stated[first:last] = b"\x01" * (last - first)
    for first, stop in _enumeration_items(reading):  # "1) Podpora komunitní práce. 2) …": each item a purpose
        reading.stated[first:stop] = b"\x01" * (stop - first)
    purposes = [reading.lt.tokens(m.start(), m.end()) for m in _PURPOSE.finditer(reading.lt.lemmas)]
    for i in range(len(tokens)):
        start = reading._previous(ends, i) + 1
        if i - start > 1 or not _AIM_CLAUSE.match(" ".join(tokens[start:i + 1])):
            continue
        verb = next((j for j in range(i + 1, min(i + 10, len(tokens))) if tokens[j] in _AIM_VERB), None)
        if verb is None:
            continue
        # "Cílem výzvy je umožnit … přechod do bydlení s podporou sociálního pracovníka, …": the clause
        # up to its first comma says what the call is for, and so does a "za účelem …" in its sentence
        sentence_end = reading._next(ends, verb)
        stop = reading._next(reading.phrase_ends, verb + 2 if tokens[verb + 1:verb + 2] == [":"] else verb + 1)
        reading.stated[start:min(stop, sentence_end)] = b"\x01" * (min(stop, sentence_end) - start)
        at = bisect_left(purposes, (verb, 0))
        while at < len(purposes) and purposes[at][0] < sentence_end:
            first, last = purposes[at]
            stop = min(reading._next(reading.phrase_ends, last), sentence_end)
            reading.stated[first:stop] = b"\x01" * (stop - first)
            at += 1
    for m in _APPLY.finditer(reading.lt.lemmas):  # the applicants a call's aim names are no purpose of it
        last = reading.lt.tokens(m.start(), m.end())[1]
        stop = min(reading._next(ends, last), last + _APPLICANTS_WORDS)
        stop = next((j for j in range(last, stop) if tokens[j] in _APPLICANTS_END), stop)
        reading.incidental[last:stop] = b"\x01" * (stop - last)
    for m in _EXCLUDED.finditer(reading.lt.lemmas):  # what the call will not pay for is no purpose of it
        first = reading.lt.tokens(m.start(), m.end())[0]
        stop = reading._next(ends, first)
        reading.incidental[first:stop] = b"\x01" * (stop - first)
    for m in _EXCEPT_PHRASE.finditer(reading.lt.lemmas):
        first, last = reading.lt.tokens(m.start(), m.end())
        stop = min(reading._next(reading.phrase_ends, last), reading._next(ends, last))
        reading.incidental[first:stop] = b"\x01" * (stop - first)
    for m in _SIDE.finditer(reading.lt.lemmas):  # "V rámci doprovodných aktivit …": a side remark
        first, last = reading.lt.tokens(m.start(), m.end())
        start, stop = reading._previous(ends, first) + 1, reading._next(ends, last)
        reading.incidental[start:stop] = b"\x01" * (stop - start)
    # "(např. školských, sociálních či zdravotnických zařízení)", "(obecní úřad, mateřská škola … atd.)":
    # a bracket that gives examples names no purpose
    etceteras = [i for i, t in enumerate(tokens) if t in _ETCETERA and i + 1 < len(tokens) and tokens[i + 1] in ".)"]
    for i in opens:
        stop = min(reading._next(closes, i), reading._next(ends, i))
        if (i + 1 < len(tokens) and tokens[i + 1] in _EXAMPLE) or reading._next(etceteras, i) < stop:
            reading.incidental[i:stop] = b"\x01" * (stop - i)
    covered = 0
    for i in range(len(tokens) - 1):  # "činnosti …, jako například aktivity multikulturní, …": examples too
        if tokens[i] == "jako" and (tokens[i + 1] in _EXAMPLE or tokens[i + 1] == "sein"):  # "…, jako jsou …"
            start, stop = max(i, covered), reading._next(ends, i)
            reading.incidental[start:stop] = b"\x01" * max(0, stop - start)
            covered = max(covered, stop)
    reading.read_field_adjectives()
    reading.read_rules(AREA_RULES)
    reading.read_rules(SOCIAL_INCLUSION_MEASURES, measures=True)
    reading.read_terms(AREAS, count=True)
    return reading


def classify_call_areas(title: str, specific_objective: str | None, text: str = "", programme: str = "") -> Found:
    """A call's areas from its title, specific objective and aim read together.

    The title and the objective's meaning (from the programme's map, where it is known) say what
    the call is for. The aim and activities add housing, debt or social services
    (``SOCIAL_INCLUSION_AREAS``) at their first mention, and family or employment at the first mention
    of a named measure of theirs (``SOCIAL_INCLUSION_MEASURES``: "dětská skupina", "rekvalifikace"; a
    bare "rodiny s dětmi" or "trh práce" is mostly a target group or a rationale); any other area only
    when they return to it (:data:`AIM_MENTIONS` times, or once where the aim states its purposes: an
    enumeration of fields "v oblasti prevence zadluženosti a bydlení", "ve kulturních a sportovních
    oblastech", "zejména …", an item of a marked list "1) … 2) …", the main clause "Cílem výzvy je …"),
    or when title and objective said nothing: a single word in a long text is usually a side remark
    ("včetně dopravy dětí", "zdravotní stav"), not a purpose.
    Mentions in a sentence about side activities ("doprovodné aktivity") or among examples ("(např. …)",
    "…, jako například …") do not count at all.
    """
    by_objective, recognised = specific_objective_areas(programme, specific_objective, title, text)
    by_title = _read_areas(title or "")
    body = "\n".join(p for p in (None if recognised else specific_objective, text) if p)
    by_body = _read_areas(body)
    evidence = {**by_objective.evidence, **by_title.codes}
    for code, quote in by_body.codes.items():
        needed = 1 if code in SOCIAL_INCLUSION_AREAS or by_body.measures.get(code) else AIM_MENTIONS
        said = by_title.codes or by_objective.codes
        if code not in evidence and (by_body.counts.get(code, 0) >= needed or not said):
            evidence[code] = quote
    codes = [c for c in AREA_CODES if c in evidence]
    return Found(codes, {c: evidence[c] for c in codes})


def classify(text: str | None) -> Classification:
    applicants = classify_applicants_with_evidence(text)
    areas = classify_areas_with_evidence(text)
    return Classification(applicants.codes, areas.codes,
                          {"applicant_types": applicants.evidence, "areas": areas.evidence})
