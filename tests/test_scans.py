"""The scans that jump over plain characters at once find what a step-by-step scan finds."""

from __future__ import annotations

import random
from collections.abc import Callable

from graph.extract.lexicon import CLOSE_Q, MAX_NAME, OPEN_Q, SENTENCE_ENDS, STOP, scan_left


def _scan_left_by_steps(text: str, end: int, limit: int, keep_paren: Callable[[str], bool] | None) -> int:
    """scan_left as it was written before it jumped: one character at a time."""
    i = end
    quoted = False
    while i > 0 and end - i < limit:
        ch = text[i - 1]
        if ch == CLOSE_Q and i >= 2 and text[i - 2] in SENTENCE_ENDS:
            break
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


def test_scan_left_finds_what_a_step_by_step_scan_finds() -> None:
    rnd = random.Random(5)
    alphabet = "甲乙“”。，（）()2.3、中学x 《》\n；"
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 50)))
        end = rnd.randint(0, len(text))
        for limit in (MAX_NAME, 5):
            for keep in (None, lambda inner: len(inner) % 2 == 0):
                assert scan_left(text, end, limit, keep) == _scan_left_by_steps(text, end, limit, keep)


def test_a_shared_head_reads_its_list_back_to_the_last_stop() -> None:
    from graph.extract.initiatives import _LIST_STOP, LIST_STOP
    from graph.extract.lexicon import after_last

    def by_steps(text: str, list_end: int) -> int:  # what initiatives._distributed did before
        begin = list_end
        while begin > 0 and text[begin - 1] not in LIST_STOP and list_end - begin < 120:
            begin -= 1
        return begin

    rnd = random.Random(2)
    for _ in range(5000):
        text = "".join(rnd.choice(["，", "。", "\n", "（", "、", "x" * rnd.randint(0, 60)]) for _ in range(8))
        end = rnd.randint(0, len(text))
        assert after_last(text, end, _LIST_STOP, 120) == by_steps(text, end)


def test_numbers_opening_with_one_class_match_as_the_alternatives_did() -> None:
    import re

    from graph.extract.figures import NUMBER, UNITS
    from graph.extract.numbers import CN_CHARS

    plain = re.compile(
        rf"(?P<num>\d{{1,18}}(?:\.\d{{1,12}})?|[{CN_CHARS}]{{1,12}})(?P<mult>[万亿](?!元))?(?P<approx>多|余)?"
        rf"(?P<unit>{'|'.join(map(re.escape, UNITS))})"
    )
    rnd = random.Random(4)
    alphabet = "".join(sorted(set("".join(UNITS)))) + "0123456789一二十百万亿多余..元 "
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        found = [(m.span(), m.groups()) for m in NUMBER.finditer(text)]
        assert found == [(m.span(), m.groups()) for m in plain.finditer(text)]


def test_clean_label_drops_what_the_whitespace_regex_drops() -> None:
    from graph.extract.lexicon import _SPACES, clean_label

    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace() or _SPACES.fullmatch(chr(c))]
    rnd = random.Random(0)
    for _ in range(20000):
        name = "".join(rnd.choice([*spaces, "甲", "a", "“", "”", '"']) for _ in range(rnd.randint(0, 8)))
        assert clean_label(name) == _SPACES.sub("", name.replace("“", "").replace("”", "").replace('"', ""))


def test_a_text_without_quotes_and_spaces_as_the_regex_made_it() -> None:
    import re

    from graph.extract.initiatives import _unquoted

    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    rnd = random.Random(1)
    for _ in range(20000):
        text = "".join(rnd.choice([*spaces, *'“”《》甲a"']) for _ in range(rnd.randint(0, 10)))
        assert _unquoted.__wrapped__(text) == re.sub(r"[“”《》\s]", "", text)


def test_an_untidy_text_is_found_as_before() -> None:
    import re

    from graph.extract.links import UNTIDY

    plain = re.compile(r"(?m)^\s|\s$")
    rnd = random.Random(3)
    for _ in range(50000):
        text = "".join(
            rnd.choice([" ", "\n", "\t", "\u3000", "a", "甲", "\r"]) for _ in range(rnd.randint(0, 8))
        )
        assert bool(UNTIDY.search(text)) == bool(plain.search(text))
