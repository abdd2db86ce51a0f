"""Word lists and span helpers shared by the recognisers: how names start and end in this genre."""

from __future__ import annotations

import re
from collections.abc import Callable

from graph.extract.forms import Forms
from graph.knowledge.words import entry, pattern, words

# Characters that end a name when scanning left from its suffix.
STOP = set("，。、；：！？,.;:!?《》()（）\n 　【】[]…／/")
OPEN_Q, CLOSE_Q = "“", "”"
STREET_HEADS = set(str(entry("names", "street_heads")))
LIST_JOINERS = str(entry("institutions", "list_joiners"))  # 和及与: a list's joiners
STREET_NAME = re.compile("[\u4e00-\u9fff]{2}[" + "".join(sorted(STREET_HEADS)) + "]")  # 和平路, 为民路
SENTENCE_ENDS = set("。！？；!?;")  # after a lead word they make it a street's name (建设路), not a verb
MAX_NAME = 32

# Governing verbs and adverbs that precede a name and are not part of it (longest first at use).
LEAD_WORDS = sorted(
    set(words("names", "lead_words")),
    key=len,
    reverse=True,
)

# Modifiers that alone do not make a name specific (在锡高校, 各级各类学校, 职业院校 are generic).
GENERIC_PARTS = sorted(
    set(words("names", "generic_parts")),
    key=len,
    reverse=True,
)

# The lists as tables by first character: a prefix look-up costs the name's length, not the list's.
LEAD_FORMS = Forms(LEAD_WORDS)
GENERIC_FORMS = Forms(GENERIC_PARTS)
# the generic parts and the words of a title (首批, 自治区级): what a designation is made of
TITLE_FORMS = Forms(
    sorted(set(GENERIC_PARTS) | set(words("names", "designation_parts")), key=len, reverse=True)
)

SLOGAN = re.compile(pattern("names", "slogan"))
# after a place these name the one school of their kind there (某县实验幼儿园, 某镇中心小学), not a class
ONE_PER_PLACE = frozenset(words("institutions", "one_per_place"))


def ends_generic(pre: str) -> bool:
    """Does a name part end in a generic word (足球特色, 各类), not after a local name of two characters or
    more that the word makes the one school of its kind there (大元中心, 城东实验)?"""
    if any(pre.endswith(w) and len(pre) - len(w) >= 2 for w in ONE_PER_PLACE):
        return False
    return any(pre.endswith(g) for g in GENERIC_PARTS if len(g) >= 2 or g == pre[-1:])


def trim_lead(name: str, min_rest: int = 2) -> tuple[str, int]:
    """Strip governing verbs and adverbs from the start of a name; returns (name, chars removed)."""
    removed = 0
    changed = True
    while changed:
        changed = False
        # the longest lead word (the first of LEAD_WORDS) that leaves `min_rest` characters
        w = next(LEAD_FORMS.starting(name, 0, len(name) - min_rest), None)
        if w is not None and not STREET_HEADS.intersection(name[len(w) : len(w) + 2]):
            # 建设路小学, 和平路小学: a lead word and the character after it name a street
            name, removed, changed = name[len(w) :], removed + len(w), True
        if "的" in name:
            head, _, tail = name.rpartition("的")
            if len(tail) >= min_rest:
                name, removed, changed = tail, removed + len(head) + 1, True
    return name, removed


# what scan_left does not pass as a plain name character outside a quote
_SPECIAL = re.compile("[" + re.escape("".join(sorted(STOP | {OPEN_Q, CLOSE_Q}))) + "]")


def scan_left(
    text: str, end: int, limit: int = MAX_NAME, keep_paren: Callable[[str], bool] | None = None
) -> int:
    """Start of the run of name characters that ends at `end` (exclusive).

    Stop characters inside a quoted part (“一中心、五平台”), a point between digits (2.0) and, when
    `keep_paren` accepts its content, a short bracketed part (中国（无锡）…) do not end the run.
    """
    i = end
    quoted = False
    floor = max(0, end - limit)  # the run goes back at most to here
    while i > floor:
        if not quoted:  # past the plain characters at once, to the last one the steps below look at
            special = _SPECIAL.search(text[floor:i][::-1])
            if special is None:
                return floor
            i -= special.start()
        ch = text[i - 1]
        if ch == CLOSE_Q and i >= 2 and text[i - 2] in SENTENCE_ENDS:
            break  # …就学率。”该市教育局: the quote closes a quoted sentence, not a quoted part of the name
        if ch == CLOSE_Q:
            quoted = True
        elif ch == OPEN_Q:
            quoted = False
        elif ch in "）)" and keep_paren is not None and not quoted:
            opening = max(text.rfind("（", max(0, i - 8), i - 1), text.rfind("(", max(0, i - 8), i - 1))
            if opening > 0 and keep_paren(text[opening + 1 : i - 1]) and text[opening - 1] not in STOP:
                i = opening
                continue
            break
        elif (
            ch in STOP
            and not quoted
            and not (ch == "." and i >= 2 and text[i - 2].isdigit() and i < len(text) and text[i].isdigit())
        ):
            break
        i -= 1
    return i


def after_last(text: str, end: int, stops: re.Pattern[str], reach: int) -> int:
    """Where the run that ends at `end` starts: after the last character of `stops` within `reach`
    characters before `end`, else `reach` characters back (or at the text's start). Found in C, in the
    reversed stretch, not by a step for each character."""
    lo = max(0, end - reach)
    stop = stops.search(text[lo:end][::-1])
    return end - stop.start() if stop else lo


def is_generic(part: str, place_prefix: int = 0, titles: bool = False) -> bool:
    """Is a name's specific part made only of generic modifiers (after a leading place name), or with
    `titles` of those and the words of a designation (福建省首批示范性普通高中)?"""
    rest = part.replace(OPEN_Q, "").replace(CLOSE_Q, "")[place_prefix:]
    if not rest:
        return place_prefix == 0  # a place alone names things (无锡学院, 宜兴校区)
    return _made_of(rest, TITLE_FORMS if titles else GENERIC_FORMS)


def _made_of(text: str, words: Forms) -> bool:
    """Can the text be cut into words of the list (longest first at each step)?"""
    while text:
        w = next(words.starting(text, 0), None)
        if w is None:
            return False
        text = text[len(w) :]
    return True


def balance_quotes(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen or narrow a span so that its curly quotes pair up."""
    span = text[start:end]
    opens, closes = span.count(OPEN_Q), span.count(CLOSE_Q)
    if opens > closes and end < len(text) and text[end] == CLOSE_Q:
        end += 1
    elif closes > opens and span.startswith(CLOSE_Q):
        start += 1
    elif closes > opens and start > 0 and text[start - 1] == OPEN_Q:
        start -= 1
    return start, end


_SPACES = re.compile(r"\s+")


def clean_label(name: str) -> str:
    """Canonical label text: no curly quotes or stray spaces (str.split's whitespace is re's \\s, so
    joining the parts is `_SPACES.sub("", …)` without the regex)."""
    return "".join(name.replace(OPEN_Q, "").replace(CLOSE_Q, "").replace('"', "").split())


PERIOD = re.compile(
    r"[（(]\s*((?:19|20)\d{2})\s*(?:年)?\s*[—\-－–~～至到]+\s*((?:19|20)\d{2})\s*(?:年)?\s*[)）]"
)
# 等 meaning "and so on" (not 高等, 中等, 平等 …): a list, not a name
ETC = re.compile(pattern("names", "etc"))

# For initiative names only these modifiers are generic (学前教育行动计划 is a name; 年度工作计划 is not).
INITIATIVE_GENERIC = sorted(
    set(words("names", "initiative_generic")),
    key=len,
    reverse=True,
)


INITIATIVE_GENERIC_FORMS = Forms(INITIATIVE_GENERIC)


def is_generic_initiative(part: str) -> bool:
    """Is an initiative name's part before its suffix made only of generic words (年度工作)?"""
    return _made_of(part.replace(OPEN_Q, "").replace(CLOSE_Q, ""), INITIATIVE_GENERIC_FORMS)


LEVELS = tuple(words("names", "levels"))
