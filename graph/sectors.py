"""Education sectors: a SKOS concept scheme, and the keyword rules that give things an ek:sector.

Rule sector.keywords: a task, initiative, goal or target belongs to every sector whose keywords occur in
its label (for targets: the indicator and the sentence it was read from). Example: 推进建设5所中等职业
教育领航学校 -> 职业教育. The rules are pinned by tests/test_sectors.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sector:
    id: str
    zh: str
    en: str
    keywords: tuple[str, ...]


SECTORS: tuple[Sector, ...] = (
    Sector(
        "preschool",
        "学前教育",
        "Preschool education",
        ("学前", "幼儿园", "幼儿", "托育", "托位", "托幼", "普惠性幼儿园", "学前教育"),
    ),
    Sector(
        "compulsory",
        "义务教育",
        "Compulsory education",
        ("义务教育", "基础教育", "中小学", "小学", "初中", "课后服务", "双减", "课后延时", "中考"),
    ),
    Sector(
        "senior-high",
        "普通高中",
        "General senior high school",
        ("普通高中", "高中", "高考", "新课程新教材", "强基计划"),
    ),
    Sector(
        "vocational",
        "职业教育",
        "Vocational education",
        (
            "职业教育",
            "职业院校",
            "职业学校",
            "中职",
            "高职",
            "职教",
            "技能",
            "产教",
            "五年制",
            "双高",
            "双优",
            "领航学校",
            "实训",
        ),
    ),
    Sector(
        "higher",
        "高等教育",
        "Higher education",
        ("高等教育", "高校", "大学", "学院", "本科", "研究生", "校区", "毕业生"),
    ),
    Sector(
        "special", "特殊教育", "Special education", ("特殊教育", "融合教育", "残疾", "听障", "特奥", "孤独症")
    ),
    Sector(
        "lifelong",
        "终身教育",
        "Lifelong and community education",
        (
            "终身",
            "社区教育",
            "老年教育",
            "继续教育",
            "学习型",
            "居民学校",
            "开放大学",
            "社会教育",
            "夜校",
            "学分银行",
        ),
    ),
    Sector("private", "民办教育", "Private education", ("民办", "培训机构", "校外培训")),
    Sector(
        "teachers", "教师队伍", "Teachers", ("教师", "师德", "名师", "强师", "校长", "班主任", "教研", "编制")
    ),
    Sector(
        "digital",
        "教育数字化",
        "Digital education",
        ("数字化", "信息化", "智慧", "数据", "平台", "在线", "人工智能", "网络安全", "云"),
    ),
    Sector(
        "moral",
        "德育与思政",
        "Moral and ideological education",
        ("德育", "思政", "思想政治", "立德树人", "品格", "爱国主义", "核心价值观"),
    ),
    Sector(
        "pe-arts-labour",
        "体育美育劳动教育",
        "Physical, arts and labour education",
        ("体育", "美育", "艺术", "劳动教育", "体质", "近视", "健康", "心理"),
    ),
    Sector("safety", "安全", "Safety", ("安全", "疫情", "防控", "消防", "平安校园", "维稳", "食品")),
    Sector(
        "party", "党建", "Party building", ("党建", "党的", "党风", "廉政", "党组织", "党史", "党员", "支部")
    ),
    Sector(
        "governance",
        "教育治理",
        "Governance and supervision",
        ("督导", "依法治教", "法治", "评价改革", "综合改革", "考评", "审计"),
    ),
    Sector(
        "resources",
        "教育资源建设",
        "School places and facilities",
        ("新建", "改扩建", "学位", "资源布局", "基建", "为民办实事", "校舍"),
    ),
    Sector(
        "exchange",
        "教育交流合作",
        "Exchange and cooperation",
        ("交流", "合作", "国际", "港澳台", "对口", "援建", "一带一路", "长三角"),
    ),
)
BY_ID = {s.id: s for s in SECTORS}


def sectors_of(text: str) -> tuple[str, ...]:
    """Ids of the sectors whose keywords occur in a text, in scheme order."""
    return tuple(s.id for s in SECTORS if any(k in text for k in s.keywords))
