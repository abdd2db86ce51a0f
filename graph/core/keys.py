"""Keys shared by the write and the read side: the matching form of a name, digests, IRI slugs, indicator keys."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from graph.knowledge.words import pairs, pattern, words

TYPE_SLUG = {
    "University": "university",
    "College": "college",
    "Campus": "campus",
    "School": "school",
    "GovernmentBody": "government-body",
    "ResearchCenter": "research-center",
    "Platform": "platform",
    "ActionPlan": "plan",
    "Program": "program",
    "Task": "task",
    "PolicyDocument": "document",
    "Goal": "goal",
    "Place": "place",
    "Event": "event",
    "Sector": "sector",
    "Indicator": "indicator",
}
# more specific types win when mentions of one entity disagree
TYPE_RANK = [
    "College",
    "Campus",
    "ResearchCenter",
    "Platform",
    "School",
    "GovernmentBody",
    "University",
    "ActionPlan",
    "PolicyDocument",
    "Event",
    "Program",
    "Task",
    "Goal",
    "Place",
]


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The matching form of a name: NFKC, no spaces, quotes, book marks or trailing period."""
    t = unicodedata.normalize("NFKC", text)
    t = _MARKS.sub("", t)
    t = _YEARS.sub("", t)
    return t


_sha1 = hashlib.sha1
_MARKS = re.compile(r"[\s“”\"'《》「」『』]")
_YEARS = re.compile(r"\((?:19|20)\d{2}[^)]*\)$")


def digest(text: str, n: int = 12) -> str:
    """The first `n` hexadecimal digits of the text's SHA-1 (`hexdigest()[:n]`, from only the bytes
    they write: no 40-digit string made to be cut)."""
    return _sha1(text.encode("utf-8")).digest()[: (n + 1) // 2].hex()[:n]


INDICATOR_NOISE = re.compile(pattern("indicators", "indicator_noise"))
REPLACEMENTS = pairs("indicators", "replacements")


def indicator_key(phrase: str) -> str:
    """Phrasings of one indicator share a key: 义务教育优质均衡(监测)达标比例 …"""
    t = INDICATOR_NOISE.sub("", unicodedata.normalize("NFKC", phrase))
    for old, new in REPLACEMENTS:
        t = t.replace(old, new)
    return t


PHRASE_LEAD = re.compile(pattern("indicators", "phrase_lead"))
NOT_LEAD = tuple(words("indicators", "phrase_not_lead"))  # 共产党员: 共 is no lead-in there


def drop_lead(phrase: str) -> str:
    """An indicator phrase without its lead-ins (一是, 2023年, 我市, 已, 将, 计划 …), one after another, while
    two characters remain: 2023年全市将新建改扩建中小学 -> 新建改扩建中小学."""
    while True:
        if phrase.startswith(NOT_LEAD):
            return phrase
        m = PHRASE_LEAD.match(phrase)
        if m is None or not m.group() or len(phrase) - m.end() < 2:
            return phrase
        phrase = phrase[m.end() :]
