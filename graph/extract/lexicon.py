"""Word lists and span helpers shared by the recognisers: how names start and end in this genre."""

from __future__ import annotations

import re
from collections.abc import Callable

# Characters that end a name when scanning left from its suffix.
STOP = set("，。、；：！？,.;:!?《》()（）\n 　【】[]…／/")
OPEN_Q, CLOSE_Q = "“", "”"
MAX_NAME = 32

# Governing verbs and adverbs that precede a name and are not part of it (longest first at use).
LEAD_WORDS = sorted(
    set(
        [
            "实施",
            "部省共建",
            "庆祝",
            "建好",
            "省市共建",
            "市校共建",
            "组织实施",
            "深入实施",
            "继续实施",
            "全面实施",
            "加快实施",
            "启动实施",
            "深化实施",
            "持续深入实施",
            "扎实推进",
            "推进",
            "深入推进",
            "持续推进",
            "加快推进",
            "稳步推进",
            "积极推进",
            "全面推进",
            "大力推进",
            "推动",
            "深化",
            "启动",
            "落实",
            "贯彻落实",
            "认真落实",
            "严格落实",
            "制定",
            "制订",
            "研究制定",
            "制定出台",
            "出台",
            "研制",
            "研制出台",
            "编制",
            "精心编制",
            "研究编制",
            "系统谋划",
            "高质量制定",
            "建设",
            "建成",
            "启用",
            "建成启用",
            "完成",
            "办好",
            "做好",
            "举办",
            "承办",
            "高质量承办",
            "筹建",
            "推进筹建",
            "组建",
            "牵头组建",
            "成立",
            "创建",
            "积极创建",
            "争创",
            "申报",
            "支持",
            "大力支持",
            "指导",
            "加强",
            "强化",
            "完善",
            "打造",
            "培育",
            "获批",
            "入选",
            "依托",
            "利用",
            "利用好",
            "通过",
            "对接",
            "主动对接",
            "参与",
            "发布",
            "印发",
            "牵头",
            "配合",
            "开工建设",
            "支持设立",
            "设立",
            "引进",
            "融入",
            "主动融入",
            "开展",
            "组织开展",
            "扎实开展",
            "积极开展",
            "深入开展",
            "开展好",
            "扎实开展好",
            "优化",
            "健全",
            "构建",
            "加快构建",
            "巩固",
            "聚焦",
            "围绕",
            "按照",
            "根据",
            "结合",
            "继续",
            "进一步",
            "全面",
            "积极",
            "大力",
            "着力",
            "扎实",
            "深入",
            "持续",
            "加快",
            "稳步",
            "认真",
            "切实",
            "不断",
            "努力",
            "高质量",
            "高起点",
            "精心",
            "研究",
            "谋划",
            "开工",
            "助力",
            "鼓励",
            "推广",
            "提高",
            "办",
            "搭建",
            "筹备",
            "召开",
            "作",
            "成功",
            "被",
            "获",
            "获得",
            "列入",
            "授予",
            "成为",
            "举行",
            "组织",
            "实现",
            "完成好",
            "进一步加强",
            "进一步推进",
            "继续办好",
            "继续实施好",
            "建立",
            "探索",
            "探索建立",
            "首批",
            "第二批",
            "第三批",
            "一批",
            "新一轮",
            "以及",
            "及",
            "和",
            "与",
            "并",
            "等",
            "还",
            "也",
            "要",
            "将",
            "对",
            "把",
            "向",
            "以",
            "由",
            "我市",
            "全力",
            "大力推广",
            "确保",
            "力争",
            "争取",
            "计划",
            "拟",
            "做",
            "注重",
            "立项",
            "评审",
            "评选",
            "遴选",
            "抓好",
            "抓实",
            "深化实施",
            "推进落实",
            "全面落实",
            "实行",
            "执行",
            "落地",
            "启动建设",
            "持续擦亮",
            "擦亮",
            "拓展",
            "打通",
            "运用",
            "发挥",
            "办成",
            "管好",
            "用好",
            "实施好",
            "推行",
            "加大",
            "强化党建",
            "积极探索",
            "全面启动",
            "正式",
            "开展了",
            "完成了",
            "实施了",
            "其中",
            "包括",
            "主要包括",
            "同时",
            "此外",
            "今年",
            "今年将",
            "明年",
            "年内",
            "上半年",
            "下半年",
            "加快建设",
            "加紧",
            "协调",
            "协调做好",
            "督促",
            "督促各地",
            "严格",
            "严格执行",
            "规范",
            "支持建设",
        ]
    ),
    key=len,
    reverse=True,
)

# Modifiers that alone do not make a name specific (在锡高校, 各级各类学校, 职业院校 are generic).
GENERIC_PARTS = sorted(
    set(
        [
            "各",
            "各级",
            "各类",
            "各级各类",
            "全市",
            "全省",
            "全国",
            "在锡",
            "市属",
            "省属",
            "直属",
            "有关",
            "相关",
            "本科",
            "高职",
            "中职",
            "职业",
            "普通",
            "民办",
            "公办",
            "中小学",
            "中小",
            "高等",
            "重点",
            "示范",
            "优质",
            "新建",
            "部分",
            "所有",
            "每一",
            "每",
            "一批",
            "多所",
            "义务教育",
            "幼儿",
            "特殊教育",
            "国际",
            "基层",
            "城乡",
            "农村",
            "城区",
            "乡村",
            "薄弱",
            "新",
            "老",
            "小",
            "中",
            "高",
            "初",
            "优秀",
            "品牌",
            "特色",
            "标杆",
            "标杆性",
            "标准化",
            "智慧",
            "省级",
            "市级",
            "区级",
            "县级",
            "国家级",
            "省",
            "市",
            "区",
            "县",
            "国家",
            "地方",
            "当地",
            "外地",
            "外籍",
            "本地",
            "一流",
            "高水平",
            "高品质",
            "领航",
            "现代化",
            "星级",
            "合格",
            "样板",
            "试点",
            "实验",
            "骨干",
            "其他",
            "少数",
            "多",
            "家长",
            "家庭",
            "社区",
            "居民",
            "老年",
            "学生",
            "教师",
            "师范",
            "成人",
            "继续",
            "开放",
            "社会",
            "培训",
            "校外",
            "课外",
            "健康",
            "促进",
            "金牌",
            "五年制",
            "技工",
            "技师",
            "专科",
            "中专",
            "大中专",
            "高中阶段",
            "义务",
            "学前",
            "托育",
            "双语",
            "寄宿制",
            "九年一贯制",
            "十二年一贯制",
            "完全",
            "附属",
            "区委",
            "县委",
            "学校",
            "基建",
            "发展",
            "指导",
            "实验性",
            "示范性",
            "普惠性",
            "普惠",
            "安全",
            "文明",
            "平安",
            "绿色",
            "数字",
            "智能",
            "融合",
            "融合教育",
            "资源",
            "公共",
            "服务",
            "管理",
            "信息",
            "数据",
            "教育",
            "教学",
            "科研",
            "研究",
            "创新",
            "协同",
            "合作",
            "共建",
            "联合",
        ]
    ),
    key=len,
    reverse=True,
)

SLOGAN = re.compile(
    r"^(?:[一二三四五六七八九十两]+个.+|[一二三四五六七八九十两][\u4e00-\u9fff]{1,2}|小[\u4e00-\u9fff]{1,2})$"
)


def trim_lead(name: str, min_rest: int = 2) -> tuple[str, int]:
    """Strip governing verbs and adverbs from the start of a name; returns (name, chars removed)."""
    removed = 0
    changed = True
    while changed:
        changed = False
        for w in LEAD_WORDS:
            if name.startswith(w) and len(name) - len(w) >= min_rest:
                name, removed, changed = name[len(w) :], removed + len(w), True
                break
        if "的" in name:
            head, _, tail = name.rpartition("的")
            if len(tail) >= min_rest:
                name, removed, changed = tail, removed + len(head) + 1, True
    return name, removed


def scan_left(
    text: str, end: int, limit: int = MAX_NAME, keep_paren: Callable[[str], bool] | None = None
) -> int:
    """Start of the run of name characters that ends at `end` (exclusive).

    Stop characters inside a quoted part (“一中心、五平台”), a point between digits (2.0) and, when
    `keep_paren` accepts its content, a short bracketed part (中国（无锡）…) do not end the run.
    """
    i = end
    quoted = False
    while i > 0 and end - i < limit:
        ch = text[i - 1]
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


def is_generic(part: str, place_prefix: int = 0) -> bool:
    """Is a name's specific part made only of generic modifiers (after a leading place name)?"""
    rest = part.replace(OPEN_Q, "").replace(CLOSE_Q, "")[place_prefix:]
    if not rest:
        return place_prefix == 0  # a place alone names things (无锡学院, 宜兴校区)
    return _made_of(rest, GENERIC_PARTS)


def _made_of(text: str, words: list[str]) -> bool:
    """Can the text be cut into words of the list (longest first at each step)?"""
    while text:
        for w in words:
            if text.startswith(w):
                text = text[len(w) :]
                break
        else:
            return False
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


def clean_label(name: str) -> str:
    """Canonical label text: no curly quotes or stray spaces."""
    return re.sub(r"\s+", "", name.replace(OPEN_Q, "").replace(CLOSE_Q, "").replace('"', ""))


PERIOD = re.compile(
    r"[（(]\s*((?:19|20)\d{2})\s*(?:年)?\s*[—\-－–~～至到]+\s*((?:19|20)\d{2})\s*(?:年)?\s*[)）]"
)
# 等 meaning "and so on" (not 高等, 中等, 平等 …): a list, not a name
ETC = re.compile(r"(?<![高中初平同对相均])等|等(?=[\d一二三四五六七八九十两]+[所个名家项类])")

# For initiative names only these modifiers are generic (学前教育行动计划 is a name; 年度工作计划 is not).
INITIATIVE_GENERIC = sorted(
    set(
        "各 各项 各类 有关 相关 重点 专项 年度 工作 这些 一批 全市 全省 本 该 新 部分 若干 建设 实施 发展 改革 教育 培训 系列 主题 "
        "市级 省级 国家级 区级 县级 示范 试点 其他 一系列 多项 十大 五大 三大 两大 该项 国家 全国 省 市 区 县".split()
    ),
    key=len,
    reverse=True,
)


def is_generic_initiative(part: str) -> bool:
    """Is an initiative name's part before its suffix made only of generic words (年度工作)?"""
    return _made_of(part.replace(OPEN_Q, "").replace(CLOSE_Q, ""), INITIATIVE_GENERIC)


LEVELS = ("国家级", "省级", "市级", "区级", "县级", "国家", "全国", "省", "市", "区", "县")
