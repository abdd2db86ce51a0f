"""Document metadata: seeds/catalog.yaml where it exists, inferred from the text where it does not."""

from __future__ import annotations

import datetime
import os
import re
import stat
from pathlib import Path

import yaml

from graph.core.errors import InputError
from graph.core.keys import digest
from graph.core.model import DOCUMENT_KINDS, DocMeta
from graph.ingest import readers
from graph.ingest.limits import byte_limit, check
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


_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when it is there
_STR = "tag:yaml.org,2002:str"
MAX_NESTING = 16  # a catalog is a list of flat entries


class _Loader(_BASE):  # type: ignore[misc, valid-type]
    """Safe YAML that records the line of every mapping, so errors can name it, and reports a value
    that cannot be read (2021-02-30, a 5,000-digit number) at its line."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        if node.tag == _STR and type(node) is yaml.ScalarNode:
            return node.value  # a string, as SafeConstructor makes it (no alias can share the node)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"cannot read the value {short(value)} ({short(exc, 80, quote=False)})",
                node.start_mark,
            ) from None


def short(value: object, width: int = 60, quote: bool = True) -> str:
    """A value as an error line shows it: one line, cut to `width` characters."""
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != LINE}
    text = " ".join((repr(value) if quote else str(value)).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _check_events(text: str, path: Path) -> None:
    """Refuse aliases (*name: a few hundred bytes can expand to billions of nodes) and deep nesting
    before anything is built from the YAML."""
    depth = 0
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.AliasEvent):
            raise InputError(
                f"{path}:{event.start_mark.line + 1}: YAML aliases (*{short(event.anchor, 30, quote=False)}) "
                "are not allowed in the catalog; write the value out"
            )
        if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            depth += 1
            if depth > MAX_NESTING:
                raise InputError(
                    f"{path}:{event.start_mark.line + 1}: nested more than {MAX_NESTING} levels deep; "
                    "a catalog is a list of documents with flat fields"
                )
        elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            depth -= 1


def _yaml(path: Path) -> object:
    try:
        with open(path, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise InputError(f"{path}: not a regular file; the catalog is a YAML file, or remove it")
            check(str(path), "catalog", st.st_size, "the catalog")
            data = fh.read(byte_limit("catalog") + 1)
        check(str(path), "catalog", len(data), "the catalog")
        text = data.decode("utf-8")
        _check_events(text, path)
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = short(getattr(exc, "problem", None) or "malformed YAML", 120, quote=False)
        raise InputError(f"{path}{where}: malformed YAML ({problem}); fix the catalog or remove it") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (at byte offset {exc.start}); save the catalog as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the catalog ({exc.strerror}); check its permissions") from None
    except RecursionError:
        raise InputError(
            f"{path}: nested too deep; a catalog is a list of documents with flat fields"
        ) from None


def load_catalog(seeds: Path) -> dict[str, dict]:
    """Catalog entries by file name; an absent or empty catalog is an empty one."""
    path = seeds / CATALOG
    if not path.exists() and not path.is_symlink():
        return {}
    if path.is_dir():
        raise InputError(f"{path}: is a folder; the catalog is a YAML file, or remove it")
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
                f"{path}: every entry of 'documents' is a mapping with id and file (at {short(entry)})"
            )
        line = entry.pop(LINE, 0)
        _check_entry(entry, f"{path}:{line}")
        doc_id, name = str(entry["id"]), str(entry["file"])
        if doc_id in ids:
            raise InputError(
                f"{path}:{line}: duplicate document id {short(doc_id)} (also at line {ids[doc_id]}); "
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
            raise InputError(f"{where}: the entry needs {short(key)}; every entry has an id and a file")
    unknown = sorted(set(entry) - set(FIELDS), key=str)
    if unknown:
        raise InputError(f"{where}: unknown field {short(unknown[0])}; the fields are {', '.join(FIELDS)}")
    doc_id = entry["id"]
    if not isinstance(doc_id, str | int) or isinstance(doc_id, bool):
        raise InputError(f"{where}: id must be a string or a number, not {short(doc_id)}")
    if not ID.match(str(doc_id)):  # it names IRIs and files (views/doc-ID.html)
        raise InputError(
            f"{where}: id must be up to 64 letters, digits, '-' and '_' (such as 001 or plan-2021), "
            f"not {short(doc_id)}"
        )
    if isinstance(entry["file"], dict | list) or any(c in str(entry["file"]) for c in "/\\\x00"):
        raise InputError(
            f"{where}: file must be a file name inside the seeds folder, not {short(entry['file'])}"
        )
    kind = entry.get("kind")
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise InputError(
            f"{where}: unknown kind {short(kind)} for {short(doc_id, quote=False)}; use one of {', '.join(DOCUMENT_KINDS)}"
        )
    year = entry.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100):
        raise InputError(f"{where}: year must be a four-digit year such as 2021, not {short(year)}")
    date = entry.get("date")
    if isinstance(date, datetime.datetime):
        entry["date"] = date = date.date()  # 2021-03-11 10:00: the day is the date
    if date is not None and not isinstance(date, datetime.date):
        if not DATE.match(str(date)):
            raise InputError(f"{where}: date must look like 2021-03-11, not {short(date)}")
        try:
            datetime.date.fromisoformat(str(date))
        except ValueError:
            raise InputError(f"{where}: date {short(date)} is not a day of the calendar; fix it") from None
    issuer = entry.get("issuer")
    if issuer is not None and not (
        isinstance(issuer, str) or (isinstance(issuer, list) and all(isinstance(i, str) for i in issuer))
    ):
        raise InputError(f"{where}: issuer must be a name or a list of names, not {short(issuer)}")
    for key in ("title", "city", "province", "county"):
        if entry.get(key) is not None and not isinstance(entry[key], str | int):
            raise InputError(f"{where}: {key} must be text, not {short(entry[key])}")


DATE = re.compile(r"^(?:19|20)\d{2}-\d{2}-\d{2}$")
ID = re.compile(r"^[A-Za-z0-9_\-]{1,64}\Z")


def doc_id_for(path: Path) -> str:
    """A document id from its file name: the leading number (000_…), or an ASCII stem (other characters
    as _); else the stem's letters and digits and a digest of the whole stem
    (2024年上半年工作总结 -> 2024-<8 hex digits>, 工作要点 -> <8 hex digits>): names in Chinese of one length would
    otherwise all come to one id of underscores."""
    m = re.match(r"^(\d+)[_\-]", path.name)
    if m:
        return m.group(1)
    if path.stem.isascii():
        return re.sub(r"[^A-Za-z0-9_\-]", "_", path.stem)
    ascii_part = "_".join(re.findall(r"[A-Za-z0-9]+", path.stem))[:40]
    return f"{ascii_part}-{digest(path.stem, 8)}" if ascii_part else digest(path.stem, 8)


def metadata(path: Path, text: str, entry: dict | None) -> DocMeta:
    """Catalog metadata, with whatever it does not say inferred from the text (graph.ingest.metadata)."""
    entry = entry or {}
    return infer(path, text, entry, str(entry.get("id") or doc_id_for(path)))


__all__ = ["infer_city", "infer_date", "infer_kind", "infer_title", "infer_year", "with_home"]
