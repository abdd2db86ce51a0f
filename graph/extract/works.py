"""Names that end in an initiative's head and are no initiative: the works of a school the text names
(腰十小学二期工程项目), the works of a named initiative (改造计划建设项目), and a head used as a verb after its
subject (香洲区计划新建). Read by graph/extract/initiatives.py and graph/extract/__init__.py."""

from __future__ import annotations

import re

from graph.core.model import Mention
from graph.extract.boundaries import place_across, place_prefix
from graph.extract.context import Context
from graph.extract.levels import WHOLE_LEVEL
from graph.extract.lexicon import LIST_JOINERS, trim_lead
from graph.knowledge.words import mapping, pairs, pattern

WORKS_AFTER_SCHOOL = re.compile(pattern("initiatives", "school_works_tail"))
HEAD_WORKS = re.compile(pattern("initiatives", "head_works"))
# a body's name ends with one of these (教育局, 人民政府): before a head that is also a verb, it is the subject
BODY_ENDS = tuple(s for s, t in pairs("institutions", "suffixes") if t == "GovernmentBody")
# heads that are also verbs (计划, 规划): after a school's name alone, the school plans (某中学计划扩建)
VERB_BEFORE = {h: tuple(map(str, v)) for h, v in mapping("initiatives", "verb_before").items()}
VERB_HEADS = frozenset(VERB_BEFORE)
VERB_HEAD_WORDS = tuple(VERB_HEADS)
INSTITUTION_ENDS = tuple(s for s, _ in pairs("institutions", "suffixes"))  # 学校计划申报: a school plans
JOINED_BODY_ENDS = tuple(b for b in BODY_ENDS if any(j in b for j in LIST_JOINERS))  # 教育和体育局


def school_works(program: Mention, school_end: int) -> bool:
    """Is a program's name a school's (ending at `school_end`) and the words of its construction only
    (腰十小学二期工程项目, 三角湖小学扩建项目)? The school is the entity."""
    return WORKS_AFTER_SCHOOL.fullmatch(program.text, school_end - program.start) is not None


def listed_schools_end(program: Mention, schools: dict[int, int], end: int) -> int:
    """Where a list of schools the text names ends in a program's name, from the end of its first
    (昆明路小学及岳阳道小学改造项目: after 岳阳道小学): `schools` maps where a school is named to the
    furthest end of a name there."""
    while end < program.end and program.text[end - program.start] in LIST_JOINERS + "、":
        if schools.get(end + 1, 0) <= end + 1:
            break
        end = schools[end + 1]
    return end


def school_plans(program: Mention, school_end: int) -> bool:
    """Is a program's name a school's (ending at `school_end`) and a head that is also a verb only
    (珠海市第一中学计划扩建, 某大学规划建设)? The school is the subject of the verb, no program."""
    return program.text[school_end - program.start :] in VERB_HEADS


def works_of_head(pre: str) -> bool:
    """Does the part before a head end with another head and generic words only (改造计划建设项目主体 before
    工程)? The name before is the initiative, this one its works."""
    return HEAD_WORKS.search(pre) is not None


def subject_before_verb(ctx: Context, pre: str) -> bool:
    """Is the part before a head that is also a verb (计划, 规划) only places (香洲区, 珠海市香洲区), or does it
    end with a body's name (区教育局) or a whole level (…全市计划新建): the sentence's subject, so the head is
    its verb?"""
    return (
        place_prefix(ctx, pre) == len(pre)
        or pre.endswith(BODY_ENDS)
        or WHOLE_LEVEL.match(pre, len(pre) - 2) is not None
    )


def verb_head_cut(ctx: Context, run: str) -> int:
    """Where a name starts in the run before its head when the run holds a head used as a verb after its
    subject (a body, a place, an institution; an adverb between: 今年计划) and then a lead word
    (市教育局计划招募银龄讲学…计划, 学校今年计划申报…计划: the body plans to recruit, to apply; the name starts
    after 计划, its lead word 招募 trimmed next); 0 when it holds none."""
    for k in range(len(run) - 2, 0, -1):
        if not run.startswith(VERB_HEAD_WORDS, k):
            continue  # (no head here: what the search below finds, at the cost of one call)
        head = next((h for h in VERB_HEADS if run.startswith(h, k)), "")
        if not head:
            continue
        subject = run[:k]
        adverb = next((w for w in VERB_BEFORE[head] if subject.endswith(w)), "")  # 今年计划, 拟计划
        subject = subject[: len(subject) - len(adverb)]
        if not (subject_before_verb(ctx, subject) or subject.endswith(INSTITUTION_ENDS)):
            continue
        rest = run[k + len(head) :]
        if trim_lead(rest + "X", min_rest=3)[1]:
            return k + len(head)
    return 0


def name_across(ctx: Context, text: str, start: int, k: int) -> int | None:
    """Where a name holding the joiner at k starts, if the joiner is one of its characters rather than a
    list's: a body's own words (区教育和体育局计划新建: `start`, nothing is cut) or a county written in full
    (和平区计划新建, …及和平县实验学校: the county's first character)."""
    for body in JOINED_BODY_ENDS:
        i = body.find(text[k])
        if i >= 0 and text.startswith(body, k - i) and k - i >= start:
            return start
    inside = place_across(ctx, text[start : k + 6], k - start)
    return None if inside is None else start + inside
