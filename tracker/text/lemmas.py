"""Czech text as a sequence of lemmas, so that one pattern reads every inflected form.

``"sociálních služeb obcím"`` becomes the lemma text ``"socialni sluzba obec"`` (folded: lower
case, no diacritics). Lemmas come from ``simplemma``'s bundled Czech dictionary (offline). Two
things a dictionary lemmatiser loses are put back: negation ("nestátní" → ``nestatni``, not
``statni``; "nemohou" → ``nemoci``) and known abbreviations, which stay case-sensitive
tokens marked with ``_`` ("MAS" → ``_mas``, never the noun *masa*; "PO" → ``_po``, never the
preposition *po*).

Every step is linear in the text's length; the text is cut at :data:`MAX_CHARS` first.
A :class:`LemmaText` maps any span of its lemma text back to the words of the original, which
is how the classifier quotes its evidence.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from tracker.text.normalize import strip_diacritics

MAX_CHARS = 10_000  # eligibility texts are a few hundred characters, an article body a few thousand

# Words, or single non-space characters (punctuation is kept: it separates list items and scopes).
_TOKEN = re.compile(r"\w+|[^\w\s]|\n")
_UNICODE_SPACE = re.compile(r"[^\S\n]+")


def clean_spaces(text: str) -> str:
    """Every Unicode space but the line break becomes one plain space (NBSP, em, ideographic, tab…)."""
    return _UNICODE_SPACE.sub(" ", text)


@lru_cache(maxsize=1)
def _lemmatizer():  # noqa: ANN202 — simplemma's function; loaded on first use (about 0.5 s)
    import simplemma

    return simplemma.lemmatize


@lru_cache(maxsize=65536)
def lemma_of(word: str) -> str:
    """The folded lemma of one lower-case word, with its negation kept."""
    from tracker.text.vocabulary import LEMMA_FIXES

    folded = strip_diacritics(word)
    if folded in LEMMA_FIXES:
        return LEMMA_FIXES[folded]
    if len(word) <= 2 or word.isdigit():
        return folded
    raw = _lemmatizer()(word, lang="cs").lower()
    if raw == word and word.endswith("á") and len(word) > 4:
        # an adjective's feminine nominative the dictionary lacks ("příspěvková", "nízkoprahová", "zapsaná")
        # stays as written; its masculine form is the lemma the patterns read
        raw = _lemmatizer()(word[:-1] + "ý", lang="cs").lower()
    # the verb "být" would fold into the noun "byt" (a flat); keep them apart
    lemma = "sein" if raw == "být" else strip_diacritics(raw)
    if folded.startswith("ne") and not lemma.startswith("ne"):
        # simplemma drops the negative prefix ("nestátní" → "státní"); the superlative "nej-" is no negation
        if not folded.startswith("nej") or lemma == "sein":
            lemma = "ne" + lemma
    return lemma


@dataclass(frozen=True)
class LemmaText:
    """The lemmas of a text joined by single spaces, and where each came from in the original."""

    original: str
    lemmas: str
    starts: tuple[int, ...]  # where each token starts in ``lemmas``
    spans: tuple[tuple[int, int], ...]  # each token's (start, end) in ``original``
    forms: str = ""  # the same tokens as written (folded), for the few rules that need a case ending
    form_starts: tuple[int, ...] = ()

    def layer(self, name: str) -> tuple[str, tuple[int, ...]]:
        return (self.forms, self.form_starts) if name == "forms" else (self.lemmas, self.starts)

    @staticmethod
    def tokens_of(starts: tuple[int, ...], start: int, end: int) -> tuple[int, int]:
        """The first and one-past-last token a span of a layer covers."""
        first = max(0, bisect_right(starts, start) - 1)
        last = max(first + 1, bisect_left(starts, end))
        return first, last

    def tokens(self, start: int, end: int) -> tuple[int, int]:
        """The first and one-past-last token indices a span of the lemma text covers."""
        return self.tokens_of(self.starts, start, end)

    def quote_tokens(self, first: int, last: int) -> str:
        """The original words of tokens ``first`` … ``last - 1``."""
        last = min(last, len(self.spans))
        if first >= last:
            return ""
        return self.original[self.spans[first][0]: self.spans[last - 1][1]]

    def quote(self, start: int, end: int) -> str:
        """The original words behind a span of the lemma text."""
        return self.quote_tokens(*self.tokens(start, end))


def lemmatize(text: str, abbreviations: frozenset[str]) -> LemmaText:
    """Tokenise and lemmatise ``text`` (cut to :data:`MAX_CHARS`); ``abbreviations`` are the folded,
    lower-case forms of the all-capital words to keep as ``_`` tokens."""
    original = unicodedata.normalize("NFC", clean_spaces(text[:MAX_CHARS]))
    parts: list[str] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    forms: list[str] = []
    form_starts: list[int] = []
    offset = form_offset = 0
    for m in _TOKEN.finditer(original):
        word = m.group()
        lower = word.lower()
        if word == "\n":
            token = "¶"  # a line break separates list items
        elif len(word) >= 2 and word.isupper() and strip_diacritics(lower) in abbreviations:
            token = "_" + strip_diacritics(lower)
        elif word[0].isalnum() or word[0] == "_":
            token = lemma_of(lower)
        else:
            token = word
        form = token if token == "¶" else strip_diacritics(lower)
        parts.append(token)
        starts.append(offset)
        spans.append(m.span())
        offset += len(token) + 1
        forms.append(form)
        form_starts.append(form_offset)
        form_offset += len(form) + 1
    return LemmaText(original, " ".join(parts), tuple(starts), tuple(spans), " ".join(forms), tuple(form_starts))
