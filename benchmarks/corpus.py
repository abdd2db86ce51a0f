"""A synthetic corpus of education-policy documents for benchmarks, deterministic for a seed.

    python -m benchmarks.corpus --docs 1000 --out /tmp/corpus --seed 7

Each document is one of the genres of the seeds: a work plan (工作要点: 一、 sections and 1． items), a
conference report (全市教育工作会议), a mid-year review (一是…二是…), or a news report hard-wrapped
to a newspaper column. Names come from the curated registry (ontology/registry.yaml: universities,
programs, bodies) and the gazetteer (cities other than Wuxi and their districts), the rest from
random generators: named plans with periods （2023—2025年）, quoted programs “…”, schools, campuses
and figures such as 新建幼儿园12所 or 覆盖率达95%以上. A catalog.yaml describes every document.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from graph.knowledge import gazetteer
from graph.knowledge.registry import Home, entries

WUXI = "320200"
KINDS = ("work plan", "conference report", "mid-year review", "news report")
SECTORS = ("学前教育", "义务教育", "普通高中", "职业教育", "高等教育", "特殊教育", "终身教育", "教育数字化")
VERBS = ("推进", "深化", "实施", "加快", "完善", "强化", "健全", "落实", "扎实推进", "全面提升", "持续推进")
AIMS = (
    "办好人民满意的教育",
    "加快建设教育强市",
    "构建高质量教育体系",
    "促进教育公平",
    "落实立德树人根本任务",
    "推进教育现代化",
    "提升教育治理能力",
)
HEADINGS = (
    "突出政治引领，全面加强教育系统党的建设",
    "强化内涵建设，着力提升教育事业发展水平",
    "落实立德树人，加快构建全面育人培养体系",
    "推进依法治教，持续深化教育领域综合改革",
    "坚持教育优先，大力提升教育发展保障水平",
    "深化产教融合，打造职业教育高地",
    "加强队伍建设，培养高素质专业化教师",
    "推进数字转型，赋能教育高质量发展",
)
ITEM_TITLES = (
    "推动基础教育优质发展",
    "打造职业教育高地城市",
    "提升高等教育发展质量",
    "完善终身教育保障体系",
    "促进师生身心健康发展",
    "加强体育美育劳动教育",
    "深化教育领域综合改革",
    "加大教育资源建设力度",
    "提升教师队伍建设水平",
    "充分发挥教育督导功能",
    "扩大优质学前教育资源",
    "推进义务教育优质均衡",
    "加快教育数字化转型",
    "做好校园安全稳定工作",
)
PROGRAM_HEAD = (
    "阳光",
    "智慧",
    "名师",
    "青蓝",
    "星光",
    "领航",
    "强师",
    "启明",
    "润心",
    "筑梦",
    "新优质",
    "书香",
)
PROGRAM_CORE = (
    "校园",
    "课堂",
    "教师",
    "德育",
    "体育",
    "阅读",
    "科创",
    "托育",
    "劳动",
    "美育",
    "家校",
    "研学",
)
PROGRAM_TAIL = ("工程", "计划", "行动", "项目", "培育工程", "提升行动", "示范项目")
PLAN_KIND = ("质量提升", "优质均衡发展", "高质量发展", "改革创新", "资源布局优化", "振兴")
SCHOOL_KIND = ("实验小学", "中学", "高级中学", "实验学校", "外国语学校", "幼儿园", "中等专业学校")
COLLEGE = ("人工智能学院", "商学院", "机械工程学院", "设计学院", "马克思主义学院", "国际教育学院")
MEETINGS = (
    "全市教育工作会议",
    "全市教育系统党风廉政建设工作会议",
    "全市职业教育大会",
    "全市基础教育工作推进会",
)
FILLER = (
    "坚持问题导向，强化统筹协调",
    "确保各项任务落到实处",
    "进一步健全工作机制",
    "切实增强人民群众获得感",
    "形成上下联动、齐抓共管的工作格局",
    "加强督查考核和经验总结",
    "营造全社会关心支持教育的良好氛围",
    "不断提高教育服务经济社会发展的能力",
)
SPEAKERS = ("局长", "副局长", "党组书记", "副市长")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = "建国新春晓明志强文华丽娟海涛玉兰伟东红梅"


@dataclass(frozen=True)
class City:
    name: str  # 常州市
    short: str  # 常州
    province: str  # 江苏省
    districts: tuple[str, ...]


@lru_cache(maxsize=1)
def cities() -> tuple[City, ...]:
    """Prefecture-level cities other than Wuxi that have districts, from the gazetteer."""
    places = gazetteer.places()
    by_code = gazetteer.by_code()
    kids: dict[str, list[str]] = {}
    for p in places:
        if p.level == "county" and p.parent:
            kids.setdefault(p.parent, []).append(p.name)
    out = []
    for p in places:
        if (
            p.level != "city"
            or p.adcode == WUXI
            or not p.name.endswith("市")
            or len(kids.get(p.adcode, ())) < 3
        ):
            continue
        prov = gazetteer.province_of(p) or by_code.get(p.parent or "")
        if prov is None:
            continue
        out.append(City(p.name, p.short, prov.name, tuple(kids[p.adcode])))
    return tuple(out)


@lru_cache(maxsize=1)
def _registry() -> dict[str, tuple[str, ...]]:
    """Registry labels and aliases by type (untemplated entries only)."""
    out: dict[str, list[str]] = {}
    for e in entries(Home()):
        if "无锡" in e.label or e.located == "无锡":
            continue  # the corpus is about other cities
        out.setdefault(e.type, []).append(e.label)
        out[e.type].extend(a for a in e.aliases if "“" not in a)
    return {k: tuple(v) for k, v in out.items()}


class Writer:
    """Random text of one document; every choice comes from one seeded Random."""

    def __init__(self, rng: random.Random, city: City, year: int) -> None:
        self.r, self.city, self.year = rng, city, year
        self.programs = [self.program() for _ in range(6)]
        self.plans = [self.plan() for _ in range(3)]

    def pick(self, seq: Sequence[str]) -> str:
        return seq[self.r.randrange(len(seq))]

    def program(self) -> str:
        r = self.r
        if r.random() < 0.25:
            return self.pick(_registry().get("Program", ("强基计划",)))
        head = self.city.short if r.random() < 0.3 else self.pick(PROGRAM_HEAD)
        return head + self.pick(PROGRAM_CORE) + self.pick(PROGRAM_TAIL)

    def plan(self) -> str:
        start = self.year + self.r.choice((0, 0, 1, -1))
        end = start + self.r.choice((2, 2, 4))
        sector = self.pick(SECTORS)
        return f"{self.city.name}{sector}{self.pick(PLAN_KIND)}三年行动计划（{start}—{end}年）"

    def school(self) -> str:
        r = self.r
        if r.random() < 0.3:
            return self.pick(_registry().get("University", ("江南大学",)))
        if r.random() < 0.2:
            uni = self.pick(_registry().get("University", ("江南大学",)))
            return uni + (
                self.pick(COLLEGE) if r.random() < 0.5 else f"{self.pick(self.city.districts)[:2]}校区"
            )
        if r.random() < 0.4:
            return f"{self.city.short}市第{r.randint(1, 40)}中学"
        return (
            self.pick(self.city.districts) + self.pick(("", "第一", "第二", "新区")) + self.pick(SCHOOL_KIND)
        )

    def figure(self) -> str:
        r = self.r
        n, p = r.randint(2, 80), r.choice((85, 90, 92, 95, 96, 98, 99, 100))
        return self.pick(
            (
                f"新建幼儿园{n}所",
                f"新改扩建中小学{n}所",
                f"新增学位{n * 1000}个",
                f"普惠性幼儿园覆盖率达{p}%以上",
                f"义务教育巩固率保持在{p}%左右",
                f"培训教师{n * 100}人次",
                f"建成智慧校园{n}所",
                f"投入资金{n / 10:.1f}亿元",
                f"高中阶段毛入学率超过{p}%",
                f"优质均衡发展达标率达{p}%",
                f"创建省级示范性{self.pick(SCHOOL_KIND)}{n}所",
            )
        )

    def tail(self) -> str:
        """A figure after a clause, sometimes; otherwise a plain aim."""
        if self.r.random() < 0.35:
            return "，" + self.figure()
        return "，" + self.pick(FILLER)

    def sentence(self) -> str:
        r, c = self.r, self.city
        v, s = self.pick(VERBS), self.pick(SECTORS)
        if r.random() < 0.3:
            return f"{self.pick(FILLER)}，{self.pick(FILLER)}。"
        body = self.pick(
            (
                f"{v}“{self.pick(self.programs)}”{self.tail()}",
                f"{v}{s}发展，严格落实《{self.pick(self.plans)}》年度任务",
                f"组织实施{self.pick(self.plans)[len(c.name) :]}{self.tail()}",
                f"支持{self.school()}建设{self.pick(('现代产业学院', '实训基地', '科创中心', '教师发展中心'))}",
                f"{self.pick(('市教育局', '市委教育工委', '市政府'))}会同{self.pick(c.districts)}{v}{s}改革",
                f"推动{self.pick(c.districts)}、{self.pick(c.districts)}{s}一体化发展{self.tail()}",
                f"{v}“{self.pick(self.programs)}”和“{self.pick(self.programs)}”，{self.pick(AIMS)}",
                f"根据教育部、省教育厅统一部署，研制{c.short}市{s}{self.pick(PLAN_KIND)}方案",
                f"到{self.year + r.randint(0, 3)}年，{self.figure()}",
                f"{self.year}年已{self.figure()}，{self.pick(AIMS)}取得新成效",
            )
        )
        return body + self.pick(("。", "。", "；")) if r.random() < 0.3 else body + "。"

    def paragraph(self, lo: int = 3, hi: int = 6) -> str:
        text = "".join(self.sentence() for _ in range(self.r.randint(lo, hi)))
        return text[:-1] + "。" if text.endswith("；") else text

    def person(self) -> str:
        return self.pick(SURNAMES) + self.pick(GIVEN) + (self.pick(GIVEN) if self.r.random() < 0.6 else "")


def work_plan(w: Writer) -> tuple[str, str]:
    c, y = w.city, w.year
    title = f"{y}年全市教育工作要点"
    lines = [
        f"中共{c.name}委教育工作委员会  {c.name}教育局",
        f"关于印发{title}的通知",
        "",
        f"各市（县）区教育局，各直属学校：现将《{title}》印发给你们，请结合实际，认真抓好贯彻落实。",
        "",
        title,
        "",
        f"{y}年，全市教育系统将坚持以人民为中心，{w.pick(AIMS)}，{w.pick(AIMS)}。",
    ]
    item = 1
    heads = w.r.sample(HEADINGS, w.r.randint(4, 6))
    for i, head in enumerate(heads):
        lines.append(f"{'一二三四五六七八'[i]}、{head}")
        for _ in range(w.r.randint(2, 4)):
            lines.append(f"{item}．{w.pick(ITEM_TITLES)}。{w.paragraph(3, 6)}")
            item += 1
    return title, "\n".join(lines) + "\n"


def conference(w: Writer) -> tuple[str, str]:
    c, y = w.city, w.year
    meeting = w.pick(MEETINGS)
    title = f"{y}年{meeting}召开 {c.short}教育将从这些方面发力"
    lines = [
        title,
        "",
        f"{w.r.randint(1, 3)}月{w.r.randint(1, 28)}日，市委教育工委、市教育局召开{y}年{meeting}，"
        f"全面总结{y - 1}年全市教育工作，部署{y}年重点工作。",
        f"市教育局{w.pick(SPEAKERS)}{w.person()}在讲话中强调，要{w.pick(AIMS)}，{w.pick(AIMS)}。",
        "",
    ]
    for _ in range(w.r.randint(4, 6)):
        lines += [f"{w.pick(VERBS)}{w.pick(SECTORS)}高质量发展", "", w.paragraph(4, 8), ""]
    return title, "\n".join(lines)


def review(w: Writer) -> tuple[str, str]:
    y = w.year
    title = f"{y}年上半年全市教育工作总结和下半年工作计划"
    ordinals = "一二三四五六"
    lines = [title, "", "一、上半年工作完成情况", ""]
    for k in range(w.r.randint(3, 5)):
        lines.append(f"（{ordinals[k]}）{w.pick(HEADINGS).split('，')[1]}")
        parts = [f"{ordinals[j]}是{w.paragraph(1, 3)}" for j in range(w.r.randint(3, 5))]
        lines.append("".join(parts))
    lines += ["", "二、下半年工作计划", ""]
    for k in range(w.r.randint(3, 5)):
        lines.append(f"{k + 1}．{w.pick(ITEM_TITLES)}。{w.paragraph(2, 4)}")
    return title, "\n".join(lines) + "\n"


def news(w: Writer) -> tuple[str, str]:
    """A newspaper page: text hard-wrapped to a column of 13 characters, with page furniture."""
    c = w.city
    title = f"提升{c.short}教育质量 一大波措施即将实施"
    paras = [w.paragraph(3, 6) for _ in range(w.r.randint(4, 7))]
    lines = [f" 提升{c.short}教育质量", "一大波措施即将实施", ""]
    for p in paras:
        lines += [p[i : i + 13] for i in range(0, len(p), 13)]
        lines.append("")
    lines += ["", "扫一扫,关注“教育周刊”", ""]
    return title, "\n".join(lines)


GENRES = {
    "work plan": work_plan,
    "conference report": conference,
    "mid-year review": review,
    "news report": news,
}


def document(rng: random.Random, index: int) -> tuple[dict, str]:
    """One document's catalog entry and text."""
    city = cities()[rng.randrange(len(cities()))]
    year = rng.randint(2019, 2025)
    kind = KINDS[rng.randrange(len(KINDS))]
    title, text = GENRES[kind](Writer(rng, city, year))
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    entry = {
        "id": f"{index:05d}",
        "file": f"{index:05d}_{digest}.txt",
        "title": title,
        "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "year": year,
        "issuer": [f"{city.name}教育局"],
        "kind": kind,
        "city": city.name,
    }
    return entry, text


def generate(n: int, out: Path, seed: int = 0) -> list[Path]:
    """Write N documents and a catalog.yaml into OUT; the same seed gives the same bytes."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    catalog, paths = [], []
    for i in range(n):
        entry, text = document(rng, i)
        path = out / entry["file"]
        path.write_text(text, encoding="utf-8")
        catalog.append(entry)
        paths.append(path)
    head = "# Synthetic documents written by `python -m benchmarks.corpus`; not real policy text.\n"
    body = yaml.safe_dump({"documents": catalog}, allow_unicode=True, sort_keys=False, width=200)
    (out / "catalog.yaml").write_text(head + body, encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=100, help="number of documents (default 100)")
    ap.add_argument("--out", type=Path, required=True, help="folder to write (created)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = ap.parse_args(argv)
    paths = generate(args.docs, args.out, args.seed)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} documents ({chars} characters) and catalog.yaml to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
