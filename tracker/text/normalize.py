"""Folding text for comparison: lower case, no diacritics, single spaces ("Obcím " → "obcim")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def _base_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def strip_diacritics(text: str) -> str:
    """Remove accents character by character, keeping the text's length ("obcím" → "obcim")."""
    return "".join(_base_char(ch) for ch in text)


def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: the form every pattern and search is written for."""
    return _SPACES.sub(" ", strip_diacritics(text).lower()).strip()


@lru_cache(maxsize=256)
def programme_key(name: str) -> str:
    """A programme's name as matching compares it: folded, without spaces ("OPZ +" and "opz+" are one)."""
    return fold(name).replace(" ", "")
