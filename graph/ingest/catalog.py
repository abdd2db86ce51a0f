"""Document metadata: seeds/catalog.yaml where it exists, inferred from the text where it does not."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from graph.core.errors import InputError
from graph.core.model import DOCUMENT_KINDS, DocMeta
from graph.ingest import readers
from graph.ingest.metadata import (
    infer,
    infer_city,
    infer_date,
    infer_kind,
    infer_title,
    infer_year,
    with_home,
)

CATALOG = "catalog.yaml"
INPUT_SUFFIXES = readers.SUFFIXES
FIELDS = ("id", "file", "title", "date", "year", "issuer", "kind", "city", "province", "county")
LINE = "__line__"


class _Loader(yaml.SafeLoader):
    """Safe YAML that records the line of every mapping, so errors can name it."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def _yaml(path: Path) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "malformed YAML"
        raise InputError(f"{path}{where}: malformed YAML ({problem}); fix the catalog or remove it") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8; save the catalog as UTF-8") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the catalog ({exc.strerror}); check its permissions") from None


def load_catalog(seeds: Path) -> dict[str, dict]:
    """Catalog entries by file name; an absent or empty catalog is an empty one."""
    path = seeds / CATALOG
    if not path.exists():
        return {}
    data = _yaml(path)
    if data is None:
        return {}
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list):
        raise InputError(f"{path}: needs a top-level 'documents' list of entries with id and file")
    out: dict[str, dict] = {}
    ids: dict[str, int] = {}
    for entry in docs:
        if not isinstance(entry, dict):
            raise InputError(
                f"{path}: every entry of 'documents' is a mapping with id and file (at {entry!r})"
            )
        line = entry.pop(LINE, 0)
        _check_entry(entry, f"{path}:{line}")
        doc_id, name = str(entry["id"]), str(entry["file"])
        if doc_id in ids:
            raise InputError(
                f"{path}:{line}: duplicate document id {doc_id!r} (also at line {ids[doc_id]}); "
                "give each document its own id"
            )
        if name in out:
            raise InputError(f"{path}:{line}: {name} is listed twice; keep one entry per file")
        ids[doc_id] = line
        out[name] = entry
    return out


def _check_entry(entry: dict, where: str) -> None:
    """Refuse an entry that would be silently misread: missing keys, unknown fields, wrong types."""
    for key in ("id", "file"):
        if entry.get(key) in (None, ""):
            raise InputError(f"{where}: the entry needs {key!r}; every entry has an id and a file")
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise InputError(f"{where}: unknown field {unknown[0]!r}; the fields are {', '.join(FIELDS)}")
    doc_id = entry["id"]
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
        raise InputError(f"{where}: id must be a string or a number, not {doc_id!r}")
    if isinstance(entry["file"], dict | list) or "/" in str(entry["file"]):
        raise InputError(f"{where}: file must be a file name inside the seeds folder, not {entry['file']!r}")
    kind = entry.get("kind")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise InputError(
            f"{where}: unknown kind {kind!r} for {doc_id}; use one of {', '.join(DOCUMENT_KINDS)}"
        )
    year = entry.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise InputError(f"{where}: year must be a four-digit year such as 2021, not {year!r}")
    date = entry.get("date")
    if date is not None and not isinstance(date, datetime.date) and not DATE.match(str(date)):
        raise InputError(f"{where}: date must look like 2021-03-11, not {date!r}")
    issuer = entry.get("issuer")
    if issuer is not None and not (
        isinstance(issuer, str) or (isinstance(issuer, list) and all(isinstance(i, str) for i in issuer))
    ):
        raise InputError(f"{where}: issuer must be a name or a list of names, not {issuer!r}")
    for key in ("title", "city", "province", "county"):
        if entry.get(key) is not None and not isinstance(entry[key], str | int):
            raise InputError(f"{where}: {key} must be text, not {entry[key]!r}")


DATE = re.compile(r"^(?:19|20)\d{2}-\d{2}-\d{2}$")


def doc_id_for(path: Path) -> str:
    """A document id from its file name: the leading number (000_…) or the stem."""
    m = re.match(r"^(\d+)[_\-]", path.name)
    return m.group(1) if m else re.sub(r"[^A-Za-z0-9_\-]", "_", path.stem)


def metadata(path: Path, text: str, entry: dict | None) -> DocMeta:
    """Catalog metadata, with whatever it does not say inferred from the text (graph.ingest.metadata)."""
    entry = entry or {}
    return infer(path, text, entry, str(entry.get("id") or doc_id_for(path)))


__all__ = ["infer_city", "infer_date", "infer_kind", "infer_title", "infer_year", "with_home"]
