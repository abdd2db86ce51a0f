"""The city a text names most (graph.ingest.homes.cities_named) is counted from one pattern's matches; it
must give exactly what counting every city's short form over the text gives (the former way, kept here
as the reference): the same cities, counts and order, so the same answer on ties. Checked on every
document the project holds (seeds, the held-out set, the real documents when present, a generated
corpus) and on texts made of overlapping city names."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate
from graph.core.hanzi import to_simplified
from graph.ingest import readers
from graph.ingest.homes import NEWS_DATELINE, _partners, cities_named, infer_city
from graph.ingest.metadata import infer_title
from graph.knowledge import gazetteer
from graph.knowledge.words import entry

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "seeds", ROOT / "tests/data/fresh_eval/docs", Path("/work/shared/eval/docs"))
CITIES = [p for p in gazetteer.places() if p.level == "city" or p.name in gazetteer.MUNICIPALITIES]
SHORTS = sorted({p.short for p in CITIES})
STREET = f"(?![{entry('names', 'street_heads')}])"  # 天津路, 北京街: a street, not the city


def counted(text: str, title: str = "") -> Counter[str]:
    """The reference: every city's short form counted over the text (not before a street head: 天津路)
    and the title, in gazetteer order."""
    counts: Counter[str] = Counter()
    dateline = NEWS_DATELINE.search(text[:600])
    reporter = next((g for g in dateline.groups() if g), "") if dateline else ""
    for place in CITIES:
        n = len(re.findall(re.escape(place.short) + STREET, text)) if len(place.short) >= 2 else 0
        n += title.count(place.short) + (2 if reporter and place.short in reporter else 0)
        if n:
            counts[place.name] += n
    return counts


def _texts() -> list[tuple[str, str]]:
    out = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*")) if folder.is_dir() else ():
            if path.suffix.lower() in (".txt", ".md", ".html", ".docx", ".pdf"):
                raw = readers.reader_for(str(path)).read(path.read_bytes(), str(path))
                out.append((path.name, to_simplified(raw)))
    return out


def _same(text: str, title: str) -> None:
    got, want = cities_named(text, title), counted(text, title)
    assert list(got.items()) == list(want.items())  # the same cities, counts and order (ties)
    assert got.most_common(1) == want.most_common(1)


def test_project_documents_count_as_before() -> None:
    texts = _texts()
    assert len(texts) >= 11  # the seeds and the held-out set at least
    named = 0
    for _, text in texts:
        title = infer_title(text)
        for t in (title, "", text[:30]):
            _same(text, t)
        named += bool(cities_named(text, title))
    assert named >= len(texts) // 2  # the comparison is not between empty counts


def test_generated_documents_count_as_before(tmp_path: Path) -> None:
    cities = set()
    for path in generate(150, tmp_path, seed=3):
        text = path.read_text(encoding="utf-8")
        _same(text, "")
        _same(text, infer_title(text))
        cities.add(infer_city(text))
    assert len(cities) > 20  # documents of many cities, each counted


def test_overlapping_names() -> None:
    # a name overlapping the next (the pattern's match hides the second) and names inside names
    for a in SHORTS:
        for b in SHORTS:
            if a != b and a[-1] == b[0]:
                _same(a + b[1:] + "，" + b, "")
                _same(a + b[1:], b)
                break
    for a in SHORTS:
        for b in SHORTS:
            if a != b and b in a:
                _same(a + "。" + a + b, "")


pieces = st.sampled_from(SHORTS).flatmap(
    lambda s: st.sampled_from([s, s[1:], s[:-1], s + s[-1], "，", "本报" + s + "讯"])
)


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=12), st.lists(pieces, max_size=2))
def test_texts_of_city_names(parts: list[str], title: list[str]) -> None:
    _same("".join(parts), "".join(title))


@pytest.mark.parametrize("title", ["", "关于做好2024年教育工作的通知"])
def test_a_city_named_most_is_the_home(title: str) -> None:
    text = "无锡市教育局。无锡的学校与苏州、无锡、常州的学校结对。"
    assert infer_city(text, title) == "无锡市"
    assert cities_named(text, title) == Counter({"无锡市": 3, "苏州市": 1, "常州市": 1})


def _overlaps(found: str, other: str) -> bool:
    """The former test of `_partners`, comparing at every position (the reference)."""
    for d in range(len(found)):
        k = min(len(found) - d, len(other))
        if found[d : d + k] == other[:k]:
            return True
    return False


def test_partners_are_the_overlapping_short_forms() -> None:
    # every city's short form, and forms made to overlap at their ends and inside one another
    shorts = (*SHORTS, "", "南京", "京南", "南", "南京南", "京")
    forms = sorted({s for s in shorts if s} | {a + b[1:] for a in SHORTS[:40] for b in SHORTS[:40]})
    expected = {f: tuple(r for r, s in enumerate(shorts) if s and _overlaps(f, s)) for f in forms}
    assert _partners(forms, shorts) == expected
    assert sum(map(len, expected.values())) > len(forms)  # some forms have partners besides themselves
