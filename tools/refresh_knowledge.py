"""Regenerate the vendored knowledge tables in graph/knowledge/ from their upstream packages.

    pip download py92 jionlp --no-deps -d /tmp/kg-wheels
    python tools/refresh_knowledge.py /tmp/kg-wheels

The packages are never imported (``import py92`` fails on Linux, ``import jionlp`` prints a banner and is
slow): their data files are read straight out of the downloaded wheels. Without a wheel folder the script
falls back to the installed distributions (``pip install py92 jionlp --no-deps``), again without importing
them. It writes

    graph/knowledge/divisions.tsv       provinces, cities and counties from jionlp's china_location.zip
    graph/knowledge/universities.tsv    institutions of higher education from py92's cn_schools.csv
    graph/knowledge/LICENSES/py92.txt, LICENSES/jionlp.txt   the licence texts shipped with the packages
    graph/knowledge/SOURCES.md          versions, upstream URLs, licences, row counts

The output is deterministic: the same package versions give byte-identical files. ``--check`` regenerates in
memory and exits 1 when a committed file differs (nothing is written). Needs only the standard library.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from email.parser import Parser
from importlib import metadata
from pathlib import Path

from graph.knowledge import divisions, universities

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graph" / "knowledge"

DIVISION_COLUMNS = divisions.COLUMNS  # one list of columns: the loaders'
UNIVERSITY_COLUMNS = universities.COLUMNS
LEVELS = {"province": 0, "city": 1, "county": 2}
# placeholder rows in jionlp's table that group counties directly under a province or a city
PSEUDO = ("省直辖行政区划", "市直辖行政区划")


# ---------------------------------------------------------------------------------------------------------
# reading a distribution without importing it


@dataclass(frozen=True)
class Dist:
    """One distribution (a wheel on disk or an installed package) with its files and metadata."""

    name: str
    version: str
    origin: str  # the wheel's file name or "installed"
    meta: Message
    read: Callable[[str], bytes]  # path inside the distribution -> bytes
    paths: tuple[str, ...]

    def licence_path(self) -> str:
        found = [
            p
            for p in self.paths
            if ".dist-info/" in p and re.search(r"(^|/)(LICEN[CS]E|COPYING)[^/]*$", p, re.IGNORECASE)
        ]
        if not found:
            raise SystemExit(f"{self.name}: no licence file in the distribution")
        return sorted(found)[0]

    def url(self) -> str:
        home = self.meta.get("Home-page")
        if home:
            return str(home)
        for value in self.meta.get_all("Project-URL") or []:
            label, _, url = str(value).partition(",")
            if label.strip().lower() in ("homepage", "source", "repository"):
                return url.strip()
        return ""


def _wheel(path: Path) -> Dist:
    zf = zipfile.ZipFile(path)
    names = tuple(zf.namelist())
    meta_path = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = Parser().parsestr(zf.read(meta_path).decode("utf-8"))
    return Dist(str(meta["Name"]), str(meta["Version"]), path.name, meta, zf.read, names)


def _installed(name: str) -> Dist:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        raise SystemExit(
            f"{name}: no wheel given and not installed; run: pip download py92 jionlp --no-deps -d DIR"
        ) from None
    paths = tuple(str(f) for f in dist.files or ())

    def read(p: str) -> bytes:
        return Path(str(dist.locate_file(p))).read_bytes()

    meta = Parser().parsestr(dist.read_text("METADATA") or "")
    return Dist(str(meta["Name"]), dist.version, "installed", meta, read, paths)


def find_dist(name: str, wheels: Path | None) -> Dist:
    if wheels is not None:
        found = sorted(wheels.glob(f"{name}-*.whl"))
        if len(found) > 1:
            raise SystemExit(f"{name}: several wheels in {wheels}, keep one: {[p.name for p in found]}")
        if found:
            return _wheel(found[0])
    return _installed(name)


# ---------------------------------------------------------------------------------------------------------
# divisions (jionlp)


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name: str
    shorts: tuple[str, ...]
    level: str
    province: str
    city: str
    zone: bool

    def key(self) -> tuple[str, int, str, str, str]:
        return (self.code, LEVELS[self.level], self.province, self.city, self.name)

    def cells(self) -> tuple[str, ...]:
        short = "|".join(self.shorts)
        return (self.code, self.name, short, self.level, self.province, self.city, "1" if self.zone else "")


def _is_zone(code: str, name: str) -> bool:
    """A functional zone (开发区, 新区 and the like) with an NBS statistical code, not a legal division.

    The NBS gives such zones county codes 71-79 (320671 南通经济技术开发区); a few carry a code outside that
    range in jionlp's table but are named as development zones (成都高新技术产业开发区).
    """
    return "71" <= code[4:6] <= "79" or name.endswith("开发区")


def parse_divisions(text: str) -> tuple[list[DivisionRow], dict[str, int]]:
    """jionlp's china_location.txt: one line per place, indented by tabs (0 province, 1 city, 2 county,
    3 town, 4 village); provinces, cities and counties carry ``name<TAB>code<TAB>alias`` (a city's aliases
    separated by /). Towns and villages are left out; so are the placeholder rows that group what sits
    directly under a province or a city, and counties without a code (Taiwan's, which jionlp skips too).
    """
    rows: list[DivisionRow] = []
    skipped = dict.fromkeys(
        ("town/village lines", "towns", "town bytes", "counties without a code", "placeholder rows"), 0
    )
    province = city = county = ""
    for raw in text.splitlines():
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip("\t"))
        fields = raw.strip().split("\t")
        if depth >= 3:
            skipped["town/village lines"] += 1
            if depth == 3:  # what a town row would weigh here: name, level, province, city, county
                skipped["towns"] += 1
                cells = (fields[0], "town", province, city, county)
                skipped["town bytes"] += len("\t".join(cells).encode("utf-8")) + 1
            continue
        if len(fields) != 3:
            if depth == 2:
                skipped["counties without a code"] += 1
                county = fields[0].strip()
                continue
            raise SystemExit(f"unexpected line in china_location.txt: {raw!r}")
        name, code, alias = (f.strip() for f in fields)
        if depth == 2:
            county = name
        shorts = tuple(a.strip() for a in alias.split("/") if a.strip())
        if depth == 0:
            province, city = name, ""
            rows.append(DivisionRow(code, name, shorts, "province", name, "", False))
        elif depth == 1:
            # municipalities (北京市 > 北京市) and SARs (香港特别行政区 > 香港) repeat the province as a
            # city with the province's code: their districts sit directly under the province
            if name in PSEUDO or (code == rows[-1].code and rows[-1].level == "province"):
                skipped["placeholder rows"] += 1
                city = ""
                continue
            city = name
            rows.append(DivisionRow(code, name, shorts, "city", province, "", False))
        else:
            if name in PSEUDO:
                skipped["placeholder rows"] += 1
                continue
            rows.append(DivisionRow(code, name, shorts, "county", province, city, _is_zone(code, name)))
    rows.sort(key=DivisionRow.key)
    return rows, skipped


def read_divisions(dist: Dist) -> tuple[list[DivisionRow], dict[str, int]]:
    blob = dist.read("jionlp/dictionary/china_location.zip")
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        text = zf.read("china_location.txt").decode("utf-8-sig")
    return parse_divisions(text)


# ---------------------------------------------------------------------------------------------------------
# universities (py92)


@dataclass(frozen=True)
class UniversityRow:
    name: str
    province: str
    city: str
    code: str
    level: str
    ownership: str
    project_985: str
    project_211: str
    double_first_class: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.name,
            self.province,
            self.city,
            self.code,
            self.level,
            self.ownership,
            self.project_985,
            self.project_211,
            self.double_first_class,
        )


def _flag(value: str, what: str, school: str) -> str:
    value = value.strip()
    if value in ("是", "否", ""):
        return {"是": "1", "否": "0", "": ""}[value]
    raise SystemExit(f"py92: unexpected {what} value {value!r} for {school}")


def _place_matches(d: DivisionRow, short: str) -> bool:
    if d.name == short or short in d.shorts:
        return True
    if d.name in (short + "市", short + "地区", short + "盟"):
        return True
    return d.name.startswith(short) and d.name.endswith("自治州")


class Resolver:
    """py92 gives province and city as short forms (山东, 青岛); find the full names in the divisions."""

    def __init__(self, divisions: list[DivisionRow]) -> None:
        self.divisions = divisions
        self.province: dict[str, DivisionRow] = {}
        for d in divisions:
            if d.level == "province":
                for s in (*d.shorts, d.name):
                    self.province.setdefault(s, d)
        self.cross_province: list[tuple[str, str, str]] = []

    def _places(self, short: str, province: str | None) -> list[DivisionRow]:
        found = [
            d
            for d in self.divisions
            if (province is None or d.province == province)
            # a municipality is its own city; other provinces are never a school's city
            and (d.level != "province" or d.name.endswith("市"))
            and _place_matches(d, short)
        ]
        if not found:
            return []
        best = min(LEVELS[d.level] for d in found)
        return [d for d in found if LEVELS[d.level] == best]

    def resolve(self, school: str, province_short: str, city_short: str) -> tuple[str, DivisionRow]:
        province = self.province.get(province_short.strip())
        if province is None:
            raise SystemExit(f"py92: unknown province {province_short!r} for {school}")
        found = self._places(city_short.strip(), province.name)
        if not found:
            # the MoE list files a few schools under the province that runs them, not the one they are in:
            # 河北工业大学 (河北, in 天津), 西藏民族大学 (西藏, in 咸阳)
            found = self._places(city_short.strip(), None)
            if len(found) == 1:
                self.cross_province.append((school, province.name, found[0].name))
        if len(found) != 1:
            raise SystemExit(f"py92: cannot place {school} in {province_short}/{city_short}: {found}")
        return province.name, found[0]


def read_universities(dist: Dist, divisions: list[DivisionRow]) -> tuple[list[UniversityRow], Resolver]:
    text = dist.read("py92/cn_schools.csv").decode("utf-8-sig")
    resolver = Resolver(divisions)
    rows: list[UniversityRow] = []
    seen: set[str] = set()
    for rec in csv.DictReader(io.StringIO(text)):
        name = rec["学校"].strip()
        if name in seen:
            raise SystemExit(f"py92: {name} is listed twice")
        seen.add(name)
        province, place = resolver.resolve(name, rec["省份"], rec["城市"])
        rows.append(
            UniversityRow(
                name=name,
                province=province,
                city=place.name,
                code=place.code,
                level=rec["层次"].strip(),
                ownership=rec["性质"].strip(),
                project_985=_flag(rec["985"], "985", name),
                project_211=_flag(rec["211"], "211", name),
                double_first_class=_flag(rec["双一流"], "双一流", name),
            )
        )
    rows.sort(key=lambda r: r.name)
    return rows, resolver


# ---------------------------------------------------------------------------------------------------------
# writing


def tsv(columns: Iterable[str], rows: Iterable[tuple[str, ...]]) -> str:
    lines = ["\t".join(columns)]
    for cells in rows:
        for c in cells:
            if "\t" in c or "\n" in c or "\r" in c or c != c.strip():
                raise SystemExit(f"a cell cannot go into a TSV as is: {c!r}")
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def last_change(dist: Dist) -> str:
    """The newest date in jionlp's log of renamed and abolished divisions (china_location_change.txt)."""
    text = dist.read("jionlp/dictionary/china_location_change.txt").decode("utf-8-sig")
    dates = re.findall(r"^(\d{4}-\d{2}-\d{2})\t", text, re.MULTILINE)
    return max(dates) if dates else "unknown"


def sources_md(
    py92: Dist,
    jionlp: Dist,
    universities: list[UniversityRow],
    divisions: list[DivisionRow],
    skipped: dict[str, int],
    resolver: Resolver,
) -> str:
    by_level = {lv: sum(1 for d in divisions if d.level == lv) for lv in LEVELS}
    zones = sum(1 for d in divisions if d.zone)
    undergrad = sum(1 for u in universities if u.level == "本科")
    cross = "; ".join(f"{s} ({p}, in {c})" for s, p, c in resolver.cross_province)
    town_mb = skipped["town bytes"] / 1e6
    return f"""# Vendored knowledge tables

Generated by `tools/refresh_knowledge.py`; do not edit the TSV files by hand. To refresh:

```sh
pip download py92 jionlp --no-deps -d /tmp/kg-wheels
python tools/refresh_knowledge.py /tmp/kg-wheels          # rewrites the files below
python tools/refresh_knowledge.py /tmp/kg-wheels --check  # exit 1 when they are out of date
```

The packages are read as data (a wheel is a zip file) and never imported. All tables are UTF-8 with one
header line, tab-separated, unquoted; several values in one cell are separated by `|`.

## universities.tsv

- Source: PyPI package **{py92.name} {py92.version}**, file `py92/cn_schools.csv`.
- Upstream: {py92.url()}. The package compiles the list from https://www.dxsbb.com/news/list_88.html,
  a copy of the Ministry of Education's list of institutions of higher education.
- Licence: MIT, text in `LICENSES/py92.txt`.
- Rows: {len(universities)} ({undergrad} 本科, {len(universities) - undergrad} 专科), sorted by name.
- Columns:
  - `name`: as in the list, e.g. 中国石油大学（华东） (full-width brackets);
  - `province`: full name, e.g. 山东省;
  - `city`: full name of the place the list gives: a prefecture-level city, a municipality (北京市), or
    for a few schools a county-level place (昆山市, 石河子市);
  - `code`: the division code of `city`, a key into divisions.tsv;
  - `level`: 本科 | 专科;
  - `ownership`: 公办, 民办, 中外合作办学, ...;
  - `project_985`, `project_211`, `double_first_class`: 1 | 0 | empty where the source leaves it blank.
- The source gives province and city as short forms (山东, 青岛); the full names come from divisions.tsv.
- Schools filed under the province that runs them, not the one they are in: {cross}.
- The source has no institution code (学校标识码).

## divisions.tsv

- Source: PyPI package **{jionlp.name} {jionlp.version}**, file `jionlp/dictionary/china_location.zip`
  (`china_location.txt`); the package's log of renamed divisions ends on {last_change(jionlp)}.
- Upstream: {jionlp.url()}.
- Licence: Apache-2.0, text in `LICENSES/jionlp.txt`.
- Rows: {len(divisions)}: {by_level["province"]} province, {by_level["city"]} city, \
{by_level["county"]} county (of which {zones} are functional zones); sorted by code, then level.
- Columns:
  - `code`: 6-digit division code (Hong Kong's and Macau's districts carry their SAR's code);
  - `name`: full name, e.g. 海门区;
  - `short`: jionlp's short form(s), e.g. 海门, 克州|克孜勒苏; the full name where jionlp keeps it (成县);
  - `level`: province | city | county;
  - `province`: full name of the province;
  - `city`: full name of the prefecture-level parent; empty for provinces, cities, and counties directly
    under a province (a municipality's districts, 仙桃市, 石河子市 ...);
  - `zone`: 1 for a functional zone with a statistical code (南通经济技术开发区), not a legal division.
- Left out:
  - {skipped["town/village lines"]} town and village lines; the {skipped["towns"]} towns (乡镇/街道) alone \
would add about {town_mb:.1f} MB with their province, city and county;
  - {skipped["counties without a code"]} counties without a code (Taiwan's, which jionlp skips as well);
  - {skipped["placeholder rows"]} placeholder rows: 省直辖行政区划, 市直辖行政区划, and the city row that
    repeats a municipality or SAR.

## How the extraction reads them

- `graph/knowledge/gazetteer.py` builds the places of the extraction from divisions.tsv: every province,
  city and county-level division (functional zones by their full name only), parents from the codes, short
  forms from `short` (a county's or district's short form is read only in documents of its city, and a
  district's only inside a name); the names cpca's older adcode table gives a code that divisions.tsv keeps
  under another name are former names (海门市 -> 海门区). cpca is a dependency, updated with pip.
- `graph/knowledge/registry.py` adds every institution of universities.tsv to the registry by its full
  name, located in its city; short forms come from `graph/knowledge/lexicon/universities.yaml` (curated
  ones, and ones made by rule such as 师范大学 -> 师大 where the list has no other school they would name).
- Refreshing the tables changes the extraction: rebuild the seeds and the real documents and compare their
  scores (`edukg eval`) before committing a refresh.

## romanised.tsv

- Made by `tools/refresh_romanised.py` (not by this script): pypinyin's reading of every name a home can
  give (divisions.tsv's full and short names), so that a build does not import pypinyin (~0.15 s of its
  serial start). A name missing from the table is still read by pypinyin. Run
  `python -m tools.refresh_romanised` after refreshing divisions.tsv or upgrading pypinyin; `--check` exits
  1 when the table differs from the installed pypinyin (a test checks every row).
"""


def build(wheels: Path | None) -> dict[Path, str]:
    py92 = find_dist("py92", wheels)
    jionlp = find_dist("jionlp", wheels)
    divisions, skipped = read_divisions(jionlp)
    universities, resolver = read_universities(py92, divisions)

    def licence(d: Dist) -> str:
        return d.read(d.licence_path()).decode("utf-8").replace("\r\n", "\n").rstrip() + "\n"

    return {
        OUT / "divisions.tsv": tsv(DIVISION_COLUMNS, (d.cells() for d in divisions)),
        OUT / "universities.tsv": tsv(UNIVERSITY_COLUMNS, (u.cells() for u in universities)),
        OUT / "LICENSES" / "py92.txt": licence(py92),
        OUT / "LICENSES" / "jionlp.txt": licence(jionlp),
        OUT / "SOURCES.md": sources_md(py92, jionlp, universities, divisions, skipped, resolver),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wheels", nargs="?", type=Path, help="folder with py92-*.whl and jionlp-*.whl")
    ap.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    args = ap.parse_args(argv)
    files = build(args.wheels)
    stale = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    if args.check:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)}")
        return 1 if stale else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(files[p], encoding="utf-8", newline="\n")
        print(f"wrote {p.relative_to(ROOT)}")
    if not stale:
        print("up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
