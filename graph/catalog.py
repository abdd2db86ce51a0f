"""Document metadata: seeds/catalog.yaml where it exists, inferred from the text where it does not."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import yaml

from graph import gazetteer
from graph.errors import InputError
from graph.model import DOCUMENT_KINDS, DocMeta

CATALOG = "catalog.yaml"
INPUT_SUFFIXES = (".txt", ".md")


def load_catalog(seeds: Path) -> dict[str, dict]:
    """Catalog entries by file name; an absent catalog is an empty one."""
    path = seeds / CATALOG
    if not path.exists():
        return {}
    try:
        # the C loader when PyYAML has it: same result, ~10x faster on a catalog of thousands
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"{path}: malformed YAML{where}; fix the catalog or remove it") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8; save the catalog as UTF-8") from None
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise InputError(f"{path}: needs a top-level 'documents' list of entries with id and file")
    out: dict[str, dict] = {}
    ids: set[str] = set()
    for entry in docs:
        if not isinstance(entry, dict) or "file" not in entry or "id" not in entry:
            raise InputError(f"{path}: every entry needs 'id' and 'file' (at {entry!r})")
        doc_id = str(entry["id"])
        if doc_id in ids:
            raise InputError(f"{path}: duplicate document id {doc_id!r}; give each document its own id")
        kind = entry.get("kind")
        if kind is not None and kind not in DOCUMENT_KINDS:
            raise InputError(
                f"{path}: unknown kind {kind!r} for {doc_id}; use one of {', '.join(DOCUMENT_KINDS)}"
            )
        ids.add(doc_id)
        out[str(entry["file"])] = entry
    return out


def doc_id_for(path: Path) -> str:
    """A document id from its file name: the leading number (000_…) or the stem."""
    m = re.match(r"^(\d+)[_\-]", path.name)
    return m.group(1) if m else re.sub(r"[^A-Za-z0-9_\-]", "_", path.stem)


def metadata(path: Path, text: str, entry: dict | None) -> DocMeta:
    """Catalog metadata, with whatever it does not say inferred from the text."""
    entry = entry or {}
    inferred: list[str] = []
    title = entry.get("title")
    if not title:
        title, _ = infer_title(text), inferred.append("title")
    date = str(entry["date"]) if entry.get("date") else None
    if date is None:
        date = infer_date(text)
        if date:
            inferred.append("date")
    year = entry.get("year")
    if year is None:
        year = infer_year(title, date, text)
        inferred.append("year")
    kind = entry.get("kind") or infer_kind(title, text)
    if not entry.get("kind"):
        inferred.append("kind")
    city = entry.get("city") or infer_city(text)
    if not entry.get("city") and city:
        inferred.append("city")
    province = entry.get("province")
    if not province and city:
        place = gazetteer.city_of(city)
        prov = gazetteer.province_of(place) if place else None
        province = prov.name if prov else None
    issuers = entry.get("issuer") or []
    if isinstance(issuers, str):
        issuers = [issuers]
    return DocMeta(
        id=str(entry.get("id") or doc_id_for(path)),
        source=path.name,
        title=str(title),
        date=date,
        year=int(year) if year else None,
        kind=kind,
        issuers=tuple(str(i) for i in issuers),
        city=city,
        province=province,
        inferred=tuple(inferred),
    )


def infer_title(text: str) -> str:
    """A title: the document 《…》 a notice issues, else the leading unpunctuated lines."""
    m = re.search(r"(?:现将|印发)《([^》]{4,60})》", text)
    if m:
        return m.group(1)
    m = re.search(r"^\s*((?:19|20)\d{2}年[^\n。，]{2,30}(?:要点|计划|总结|报告|意见|方案))\s*$", text, re.M)
    if m:
        return m.group(1).strip()
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    head: list[str] = []
    for ln in lines[:3]:
        if len(ln) > 40 or ln[-1] in "。；！？":
            break
        head.append(ln)
        if len(head) == 2:
            break
    return " ".join(head) if head else (lines[0][:40] if lines else "untitled")


def infer_date(text: str) -> str | None:
    m = re.search(r"((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日", text)
    if m:
        return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return None


def infer_year(title: str, date: str | None, text: str) -> int | None:
    for source in (title, text[:400]):
        m = re.search(r"((?:19|20)\d{2})年", source)
        if m:
            return int(m.group(1))
    return int(date[:4]) if date else None


def infer_kind(title: str, text: str) -> str:
    head = title + text[:600]
    if re.search(r"上半年.{0,10}(?:完成情况|工作总结)|下半年工作(?:计划|安排)", text):
        return "mid-year review"
    if re.search(r"工作要点|工作计划|行动计划|实施方案", title):
        return "work plan"
    if re.search(r"会议|大会|讲话", head):
        return "conference report"
    return "news report"


def infer_city(text: str) -> str | None:
    """The prefecture-level city a document speaks for: the one it names most."""
    counts: Counter[str] = Counter()
    for place in gazetteer.places():
        if place.level != "city" and place.name not in gazetteer.MUNICIPALITIES:
            continue
        n = text.count(place.short) if len(place.short) >= 2 else 0
        if n:
            counts[place.name] += n
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return name if n >= 2 else None


def with_home(meta: DocMeta, city: str | None) -> DocMeta:
    return replace(meta, city=city)
